"""Shared reading of tab-separated event files (ICEWS, GDELT): line numbers, encodings, damage."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from kg.rows import Reject
from kg.textio import STREAM_ERRORS, bad_encoding, open_text

__all__ = ["tsv_lines"]


def tsv_lines(path: Path) -> Iterator[tuple[int, list[str]] | Reject]:
    """(line number, fields) for each non-empty line; CRLF and BOM tolerated.

    Event datasets are not always UTF-8: a line that is not is re-read as Windows-1252 (what GDELT and
    old ICEWS files use) rather than rejected. A damaged compressed file ends with one reject.
    """
    line_no = 0
    try:
        with open_text(path) as handle:
            for line_no, text in enumerate(handle, start=1):
                text = text.rstrip("\r\n")
                if not text.strip():
                    continue
                if bad_encoding(text) is not None:
                    text = text.encode("utf-8", "surrogateescape").decode("cp1252", errors="replace")
                yield line_no, text.split("\t")
    except STREAM_ERRORS as exc:
        yield Reject(str(path), line_no + 1, f"the compressed file is damaged or truncated ({exc}); "
                     f"the {line_no} lines before were read")
