"""Load files through a loader and the writer: what `kg load …` does, callable from notebooks."""

from __future__ import annotations

import hashlib
import json
import os
import zipfile
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

__all__ = ["LOADERS", "BadInput", "InputRejectLogs", "LoaderSpec", "check_rejects_path", "default_rejects_file",
           "iter_rows", "load_files", "load_reference", "read_source_sidecar"]


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
        raise BadInput(f"{sidecar}: not a usable source description ({_one_line(exc)})") from None


def _one_line(exc: BaseException, limit: int = 300) -> str:
    text = exc.errors()[0].get("msg", str(exc)) if hasattr(exc, "errors") else str(exc)
    return " ".join(f"{exc.__class__.__name__}: {text}".split())[:limit]


def default_rejects_file(rejects_dir: Path, path: Path) -> Path:
    """One reject list per input, named after it; the hash of its full path keeps two inputs of the same
    name (in different folders) from overwriting each other's list."""
    digest = hashlib.sha1(str(path.resolve()).encode("utf-8", "surrogateescape")).hexdigest()[:8]
    return rejects_dir / f"{path.name}.{digest}.rejects.txt"


def check_rejects_path(rejects: Path, paths: list[Path], files: list[Path]) -> None:
    """Refuse a reject path that is a folder, an input (or its sidecar), inside an input folder, or unwritable."""
    if rejects.is_dir():
        raise BadInput(f"--rejects {rejects}: is a folder; name a file for the list of rejected rows")
    target = rejects.resolve()
    inputs = [*files, *(f.with_name(f"{f.name.split('.')[0]}.meta.json") for f in files)]
    for item in inputs:
        if item.resolve() == target or (target.exists() and item.exists() and os.path.samefile(item, target)):
            raise BadInput(f"--rejects {rejects}: is the input {item}; the reject list would overwrite it")
    for folder in paths:
        if folder.is_dir() and folder.resolve() in target.parents:
            raise BadInput(f"--rejects {rejects}: lies inside the input folder {folder}; put it elsewhere")
    if rejects.exists():
        if not os.access(rejects, os.W_OK):
            raise BadInput(f"--rejects {rejects}: is not writable")
        return
    parent = next((p for p in target.parents if p.exists()), None)
    if parent is None or not parent.is_dir() or not os.access(parent, os.W_OK | os.X_OK):
        raise BadInput(f"--rejects {rejects}: cannot be created ({parent} is not a writable folder)")


class InputRejectLogs(RejectLog):
    """The reject lists of a command that reads several inputs in one stream (`kg export admin-import`): each
    reject goes to its input's own list under `rejects_dir`, as `kg load` writes them, or all to `rejects`."""

    def __init__(self, files: list[Path], rejects: Path | None, rejects_dir: Path) -> None:
        super().__init__(None)
        self.shared = RejectLog(rejects) if rejects is not None else None
        self.own = {str(f): RejectLog(default_rejects_file(rejects_dir, f)) for f in files} if rejects is None else {}

    @classmethod
    def checked(cls, loader: str, paths: list[Path], rejects: Path | None, rejects_dir: Path) -> InputRejectLogs:
        """The logs for `paths` (folders expanded), after the guards of `kg load` (raises `BadInput`)."""
        files = expand_paths(paths, LOADERS[loader].patterns)
        logs = cls(files, rejects, rejects_dir)
        for target in [log.path for log in logs._logs() if log.path is not None]:
            check_rejects_path(target, paths, files)
        return logs

    def _logs(self) -> list[RejectLog]:
        return [self.shared] if self.shared is not None else list(self.own.values())

    def add(self, reject: Reject) -> None:
        self.count += 1
        log = self.shared or self.own.get(reject.path) or next(iter(self.own.values()), None)
        if log is not None:
            log.add(reject)

    @property
    def written_files(self) -> list[Path]:
        return [log.path for log in self._logs() if log.written and log.path is not None]

    def flush(self) -> None:
        for log in self._logs():
            log.flush()

    def close(self) -> None:
        for log in self._logs():
            log.close()


def _check_inputs(files: list[Path]) -> None:
    """What would stop a load half-way through a folder: found first, so nothing is loaded."""
    for path in files:
        if not path.exists():
            raise FileNotFoundError(f"{path}: no such file")
        if path.suffix == ".zip" and zipfile.is_zipfile(path):
            with zipfile.ZipFile(path) as archive:
                members = [m for m in archive.namelist() if not m.endswith("/")]
            if len(members) != 1:
                raise BadInput(f"{path}: the zip holds {len(members)} files ({', '.join(members[:3])}"
                               f"{'…' if len(members) > 3 else ''}); kg reads a zip of exactly one file: unzip it "
                               "and load the folder")


def _guarded(parse: Parser, path: Path, **options: Any) -> Iterator[Row | Reject]:
    """The loader's rows; anything it raises ends the file with one reject line instead of a traceback."""
    line = 0
    try:
        for item in parse(path, **options):
            line = item.line
            yield item
    except Exception as exc:  # any input must end in a reason, never a traceback
        yield Reject(str(path), line + 1, f"could not read on from here ({_one_line(exc)})")



def iter_rows(loader: str, paths: list[Path], source: str | None = None) -> Iterator[Row | Reject]:
    """Every row of every file (folders expanded), as the loader parses it: for exports and previews."""
    spec = LOADERS[loader]
    parse = spec.parse()
    for path in expand_paths(paths, spec.patterns):
        sidecar = read_source_sidecar(path)
        yield from _guarded(parse, path, source=source or (sidecar.id if sidecar else spec.default_source(path)))


def load_files(
    driver: Driver,
    database: str,
    loader: str,
    paths: list[Path],
    *,
    source: str | None = None,
    rejects: Path | None = None,
    rejects_dir: Path | None = None,
    strict: bool = False,
    force: bool = False,
    batch_size: int = DEFAULT_BATCH_SIZE,
    on_batch: Callable[[LoadSummary], None] | None = None,
    parse_options: dict[str, Any] | None = None,
) -> list[LoadSummary]:
    """Load each file (folders expand to the loader's files) with a manifest, so re-runs resume or skip.

    Rejected rows go to `rejects` (one list for all files), else to one list per file in `rejects_dir`
    (`default_rejects_file`); each summary's `rejects_file` names the list this run wrote, if any. Bad
    reject paths, unreadable sidecars and multi-file zips raise `BadInput` before anything is written.
    `parse_options` go to the loader's parser (the article loader takes `published` and `url`); a
    `published` or `url` given there also describes the Source node.
    """
    parse_options = parse_options or {}
    spec = LOADERS[loader]
    parse = spec.parse()
    files = expand_paths(paths, spec.patterns)
    if not files:
        raise FileNotFoundError(f"no {loader} files in {', '.join(map(str, paths))}")
    _check_inputs(files)
    plans = [(path, _source_infos(spec, path, source, parse_options)) for path in files]
    per_file = {path: default_rejects_file(rejects_dir, path) for path in files} if rejects is None and rejects_dir \
        else {}
    for target in ([rejects] if rejects is not None else list(per_file.values())):
        check_rejects_path(target, paths, files)
    summaries = []
    with RejectLog(rejects) as shared_log:
        for path, infos in plans:
            with RejectLog(per_file.get(path)) as own_log:
                log = shared_log if rejects is not None else own_log
                summary = _load_file(driver, database, spec, parse, path, infos, log, strict=strict, force=force,
                                     batch_size=batch_size, on_batch=on_batch, parse_options=parse_options)
            summary.rejects_file = str(log.path) if log.written and log.path else None
            summaries.append(summary)
    return summaries


def _source_infos(spec: LoaderSpec, path: Path, source: str | None, parse_options: dict[str, Any]) -> list[SourceInfo]:
    sidecar = read_source_sidecar(path) if path.exists() else None
    source_id = source or (sidecar.id if sidecar else spec.default_source(path))
    described = {k: v for k, v in parse_options.items() if k in ("published", "url") and v is not None}
    try:
        if sidecar:
            return [SourceInfo.model_validate({**sidecar.model_dump(), "id": source_id, **described})]
        return [SourceInfo(id=source_id, kind=spec.name, path=str(path), **described)]
    except ValueError as exc:
        raise BadInput(f"source id {source_id!r}: {_one_line(exc)}") from None


def _load_file(driver: Driver, database: str, spec: LoaderSpec, parse: Parser, path: Path, infos: list[SourceInfo],
               reject_log: RejectLog, *, strict: bool, force: bool, batch_size: int,
               on_batch: Callable[[LoadSummary], None] | None, parse_options: dict[str, Any]) -> LoadSummary:
    source_id = infos[0].id
    written: set[str] = set()  # the event ids this file gives, recorded as the load reads them

    def rows() -> Iterator[Row | Reject]:
        for item in _guarded(parse, path, source=source_id, **parse_options):
            if isinstance(item, Row):
                written.add(item.event.event_id)
            yield item

    manifest = load_id(spec.name, path, source_id)
    if spec.version is not None:
        options = json.dumps(parse_options, sort_keys=True, default=str)
        manifest += f":{spec.version()}:{hashlib.sha1(options.encode()).hexdigest()[:8]}"
    summary = load(driver, database, rows, manifest=manifest,
                   manifest_props={"source": source_id, "loader": spec.name, "path": str(path),
                                   "batch_size": batch_size},
                   sources=infos, rejects=reject_log, strict=strict, force=force, batch_size=batch_size,
                   on_batch=on_batch)
    if spec.replaces_source and summary.status != "already loaded" and not strict:
        _prune_source(driver, database, source_id, sorted(written))
        _supersede(driver, database, source_id, spec.name, manifest)
    return summary


def _supersede(driver: Driver, database: str, source: str, loader: str, manifest: str) -> None:
    from kg import cypher

    driver.execute_query(cypher.read("write/load_supersede.cypher"),
                         {"source": source, "loader": loader, "id": manifest}, database_=database)


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
    manifest = f"load:reference:{data.version}"
    summary = load(driver, database, lambda: parse(data), manifest=manifest,
                   manifest_props={"source": SOURCE, "loader": "reference", "path": "kg/reference/data"},
                   sources=[info], force=force)
    keep = [row.event.event_id for row in parse(data) if isinstance(row, Row)]
    for rel_type in ("MEMBER_OF", "HOLDS_OFFICE"):  # the only relations reference data writes
        driver.execute_query(cypher.render("admin/prune_source.cypher", rel_type=rel_type),
                             {"source": SOURCE, "keep": keep}, database_=database)
    _supersede(driver, database, SOURCE, "reference", manifest)
    return summary
