"""Loaders: parse and map input files to validated events. They never talk to Neo4j.

This module is the registry: each loader's parser, the files a folder argument expands to, and the source id
a file's rows get. `kg.store.loading` writes what a loader yields; nothing here imports the store.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from kg.models import SourceInfo
from kg.rows import Reject, Row
from kg.textio import expand_paths

__all__ = ["LOADERS", "BadInput", "LoaderSpec", "Parser", "guarded_rows", "iter_rows", "one_line",
           "read_source_sidecar", "source_for"]


class BadInput(ValueError):
    """An input, option or reject path that cannot be loaded as given; found before anything is written."""

Parser = Callable[..., Iterator[Row | Reject]]


@dataclass(frozen=True)
class LoaderSpec:
    name: str
    parse: Callable[[], Parser]  # imported lazily: `kg --help` should not import every loader
    patterns: tuple[str, ...]  # what a folder argument expands to
    default_source: Callable[[Path], str]
    # For derived rows (an extractor's): a version that changes when the same file would give other rows,
    # and whether a load replaces what the source had (stale events of an older extraction are removed).
    version: Callable[[], str] | None = None
    replaces_source: bool = False


def _events_parser() -> Parser:
    from loaders.events import parse
    return parse


def _icews_parser() -> Parser:
    from loaders.icews import parse
    return parse


def _gdelt_parser() -> Parser:
    from loaders.gdelt import parse
    return parse


def _article_parser() -> Parser:
    from loaders.article import parse
    return parse


def _extractor_version() -> str:
    from kg.extract import extractor_version
    return extractor_version()


def _icews_source(path: Path) -> str:
    from loaders.icews import default_source
    return default_source(path)


def _stem_source(prefix: str) -> Callable[[Path], str]:
    def name(path: Path) -> str:
        stem = path.name.split(".")[0]
        return f"{prefix}:{stem}"
    return name


LOADERS: dict[str, LoaderSpec] = {
    "events": LoaderSpec("events", lambda: _events_parser(),
                         ("*.jsonl", "*.ndjson", "*.csv", "*.jsonl.gz", "*.csv.gz"), _stem_source("file")),
    "icews": LoaderSpec("icews", lambda: _icews_parser(),
                        ("train.txt", "valid.txt", "test.txt", "*.tab", "*.tab.gz", "*.tab.zip", "*.tsv"),
                        _icews_source),
    "article": LoaderSpec("article", lambda: _article_parser(), ("*.txt",), _stem_source("article"),
                          version=lambda: _extractor_version(), replaces_source=True),
    "gdelt": LoaderSpec("gdelt", lambda: _gdelt_parser(),
                        ("*.export.CSV", "*.export.csv", "*.export.CSV.zip", "*.export.CSV.gz", "*.CSV.zip"),
                        _stem_source("gdelt")),
}


def read_source_sidecar(path: Path) -> SourceInfo | None:
    """`NAME.meta.json` beside `NAME.jsonl` (or `NAME.txt`) describes the source document."""
    stem = path.name.split(".")[0]
    sidecar = path.with_name(f"{stem}.meta.json")
    if not sidecar.exists():
        return None
    try:
        meta = json.loads(sidecar.read_text(encoding="utf-8"))
        if not isinstance(meta, dict):
            raise ValueError("expected a JSON object")
        return SourceInfo(id=meta.get("id") or f"file:{stem}", title=meta.get("title"), url=meta.get("url"),
                          published=meta.get("published"), kind=meta.get("kind", "file"), path=str(path))
    except (ValueError, UnicodeDecodeError, RecursionError) as exc:  # pydantic's ValidationError is a ValueError
        raise BadInput(f"{sidecar}: not a usable source description ({one_line(exc)})") from None


def one_line(exc: BaseException, limit: int = 300) -> str:
    text = exc.errors()[0].get("msg", str(exc)) if hasattr(exc, "errors") else str(exc)
    return " ".join(f"{exc.__class__.__name__}: {text}".split())[:limit]


def guarded_rows(parse: Parser, path: Path, **options: Any) -> Iterator[Row | Reject]:
    """The loader's rows; anything it raises ends the file with one reject line instead of a traceback."""
    line = 0
    try:
        for item in parse(path, **options):
            line = item.line
            yield item
    except Exception as exc:  # any input must end in a reason, never a traceback
        yield Reject(str(path), line + 1, f"could not read on from here ({one_line(exc)})")


def source_for(loader: str, path: Path, source: str | None = None) -> str:
    """The source id a file's rows get: `source` if given, else its `.meta.json` sidecar's, else from its name."""
    if source:
        return source
    sidecar = read_source_sidecar(path)
    return sidecar.id if sidecar else LOADERS[loader].default_source(path)


def iter_rows(loader: str, paths: list[Path], source: str | None = None) -> Iterator[Row | Reject]:
    """Every row of every file (folders expanded), as the loader parses it: for exports and previews."""
    spec = LOADERS[loader]
    parse = spec.parse()
    for path in expand_paths(paths, spec.patterns):
        yield from guarded_rows(parse, path, source=source_for(loader, path, source))
