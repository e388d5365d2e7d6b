"""Open event files the same way for every loader: plain, .gz or .zip; BOM and CRLF tolerated.

Bytes that are not UTF-8 are kept as surrogate escapes (`errors="surrogateescape"`) so one bad row
does not stop the file: loaders call `bad_encoding` on a row and reject it with its line number.
"""

from __future__ import annotations

import gzip
import io
import json
import re
import zipfile
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Any

__all__ = ["STREAM_ERRORS", "bad_encoding", "expand_paths", "open_text", "read_sidecar", "sidecar_path"]

# What reading a damaged compressed file raises (truncated .gz, corrupt zip member).
STREAM_ERRORS = (EOFError, zlib.error, gzip.BadGzipFile, zipfile.BadZipFile)


@contextmanager
def open_text(path: Path, encoding: str = "utf-8-sig") -> Iterator[IO[str]]:
    """A text stream over the (decompressed) file, newline='' so csv counts lines right."""
    if path.suffix == ".zip":
        with zipfile.ZipFile(path) as archive:
            members = [m for m in archive.namelist() if not m.endswith("/")]
            if len(members) != 1:
                raise ValueError(f"{path}: expected one file in the zip, found {len(members)}")
            with archive.open(members[0]) as raw:
                yield io.TextIOWrapper(raw, encoding=encoding, errors="surrogateescape", newline="")
        return
    raw_file: IO[bytes] = gzip.open(path, "rb") if path.suffix == ".gz" else path.open("rb")  # type: ignore[assignment]  # noqa: SIM115
    with raw_file, io.TextIOWrapper(raw_file, encoding=encoding, errors="surrogateescape", newline="") as text:
        yield text


# Undecodable bytes arrive as lone surrogates (errors="surrogateescape"); a regex finds them in C, not per char.
_ESCAPED_BYTE = re.compile("[\udc80-\udcff]")


def bad_encoding(text: str) -> int | None:
    """Column (1-based) of the first byte that was not valid UTF-8, or None."""
    found = _ESCAPED_BYTE.search(text)
    return found.start() + 1 if found else None


def expand_paths(paths: list[Path], patterns: tuple[str, ...]) -> list[Path]:
    """Files as given, folders expanded (not recursively) to their files matching `patterns`, sorted."""
    found: list[Path] = []
    for path in paths:
        if path.is_dir():
            found += sorted({p for pattern in patterns for p in path.glob(pattern) if p.is_file()})
        else:
            found.append(path)
    return found


def sidecar_path(path: Path) -> Path:
    """`NAME.meta.json` beside `NAME.jsonl`, `NAME.txt`, `NAME.export.CSV.zip`: the name up to its first dot."""
    return path.with_name(f"{path.name.split('.')[0]}.meta.json")


def read_sidecar(path: Path) -> dict[str, Any] | None:
    """The JSON object in `path`'s `.meta.json` sidecar (a source's id, title, url, published date), or None
    when there is none. A sidecar that is not a JSON object raises ValueError naming the sidecar."""
    sidecar = sidecar_path(path)
    if not sidecar.exists():
        return None
    try:
        meta = json.loads(sidecar.read_text(encoding="utf-8"))
    except (UnicodeDecodeError, RecursionError, json.JSONDecodeError) as exc:
        raise ValueError(f"{sidecar}: not readable JSON ({exc})") from None
    if not isinstance(meta, dict):
        raise ValueError(f"{sidecar}: expected a JSON object")
    return meta
