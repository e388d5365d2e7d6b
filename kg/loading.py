"""Load files through a loader and the writer: what `kg load …` does, callable from notebooks."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from neo4j import Driver

from kg.models import SourceInfo
from kg.rows import Reject, RejectLog, Row
from kg.schema import apply_schema
from kg.textio import expand_paths
from kg.writer import DEFAULT_BATCH_SIZE, LoadSummary, load, load_id

__all__ = ["LOADERS", "LoaderSpec", "iter_rows", "load_files", "load_reference", "read_source_sidecar"]

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
    meta = json.loads(sidecar.read_text(encoding="utf-8"))
    return SourceInfo(id=meta.get("id") or f"file:{stem}", title=meta.get("title"), url=meta.get("url"),
                      published=meta.get("published"), kind=meta.get("kind", "file"), path=str(path))


def iter_rows(loader: str, paths: list[Path], source: str | None = None) -> Iterator[Row | Reject]:
    """Every row of every file (folders expanded), as the loader parses it: for exports and previews."""
    spec = LOADERS[loader]
    parse = spec.parse()
    for path in expand_paths(paths, spec.patterns):
        sidecar = read_source_sidecar(path)
        yield from parse(path, source=source or (sidecar.id if sidecar else spec.default_source(path)))


def load_files(
    driver: Driver,
    database: str,
    loader: str,
    paths: list[Path],
    *,
    source: str | None = None,
    rejects: Path | None = None,
    strict: bool = False,
    force: bool = False,
    batch_size: int = DEFAULT_BATCH_SIZE,
    on_batch: Callable[[LoadSummary], None] | None = None,
    parse_options: dict[str, Any] | None = None,
) -> list[LoadSummary]:
    """Load each file (folders expand to the loader's files) with a manifest, so re-runs resume or skip.

    `parse_options` go to the loader's parser (the article loader takes `published` and `url`); a
    `published` or `url` given there also describes the Source node.
    """
    parse_options = parse_options or {}
    spec = LOADERS[loader]
    parse = spec.parse()
    files = expand_paths(paths, spec.patterns)
    if not files:
        raise FileNotFoundError(f"no {loader} files in {', '.join(map(str, paths))}")
    summaries = []
    with RejectLog(rejects) as reject_log:
        for path in files:
            if not path.exists():
                raise FileNotFoundError(f"{path}: no such file")
            sidecar = read_source_sidecar(path)
            source_id = source or (sidecar.id if sidecar else spec.default_source(path))
            described = {k: v for k, v in parse_options.items() if k in ("published", "url") and v is not None}
            infos = [sidecar.model_copy(update={"id": source_id, **described})] if sidecar else [
                SourceInfo(id=source_id, kind=loader, path=str(path), **described)]

            written: set[str] = set()  # the event ids this file gives, recorded as the load reads them

            def rows(path: Path = path, source_id: str = source_id, seen: set[str] = written) -> Iterator[Row | Reject]:
                for item in parse(path, source=source_id, **parse_options):
                    if isinstance(item, Row):
                        seen.add(item.event.event_id)
                    yield item

            manifest = load_id(loader, path, source_id, batch_size)
            if spec.version is not None:
                options = json.dumps(parse_options, sort_keys=True, default=str)
                manifest += f":{spec.version()}:{hashlib.sha1(options.encode()).hexdigest()[:8]}"
            summaries.append(load(
                driver, database, rows,
                manifest=manifest,
                manifest_props={"source": source_id, "loader": loader, "path": str(path),
                                "batch_size": batch_size},
                sources=infos, rejects=reject_log, strict=strict, force=force, batch_size=batch_size,
                on_batch=on_batch,
            ))
            if spec.replaces_source and summaries[-1].status != "already loaded" and not strict:
                _prune_source(driver, database, source_id, sorted(written))
    return summaries


def _prune_source(driver: Driver, database: str, source: str, keep: list[str]) -> None:
    """Remove the source's edges its newest rows no longer have (a re-extraction replaces the old one)."""
    from kg import cypher
    from kg.ontology import RELATIONS

    for rel_type in RELATIONS:
        driver.execute_query(cypher.render("admin/prune_source.cypher", rel_type=rel_type),
                             {"source": source, "keep": keep}, database_=database)


def load_reference(driver: Driver, database: str, *, force: bool = False) -> LoadSummary:
    """Load the shipped reference data: nodes (updated in place), MEMBER_OF and HOLDS_OFFICE facts.

    The manifest is keyed by the data's version (a hash of the data files), so the same version loads
    once; a newer one updates facts in place and prunes the facts it no longer has.
    """
    from kg import cypher
    from kg.reference import reference_data
    from loaders.reference import SOURCE, node_rows, parse

    data = reference_data()
    apply_schema(driver, database)
    for label, rows in node_rows(data).items():
        driver.execute_query(cypher.render("write/nodes.cypher", label=label), {"rows": rows}, database_=database)
    info = SourceInfo(id=SOURCE, title="kg reference data (countries, organizations, memberships, offices)",
                      kind="reference")
    summary = load(driver, database, lambda: parse(data), manifest=f"load:reference:{data.version}",
                   manifest_props={"source": SOURCE, "loader": "reference", "path": "kg/reference/data"},
                   sources=[info], force=force)
    keep = [row.event.event_id for row in parse(data) if isinstance(row, Row)]
    for rel_type in ("MEMBER_OF", "HOLDS_OFFICE"):  # the only relations reference data writes
        driver.execute_query(cypher.render("admin/prune_source.cypher", rel_type=rel_type),
                             {"source": SOURCE, "keep": keep}, database_=database)
    return summary
