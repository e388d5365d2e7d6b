"""Load files through a loader (the registry in `loaders`) and the writer: what `kg load …` does, callable from
notebooks."""

from __future__ import annotations

import hashlib
import json
import os
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypedDict, Unpack

from neo4j import Driver

from kg.models import SourceInfo
from kg.rows import Reject, RejectLog, Row
from kg.store.writer import DEFAULT_BATCH_SIZE, LoadSummary, load, load_id, prune_source, supersede, write_nodes
from kg.textio import expand_paths
from loaders import LOADERS, BadInput, LoaderSpec, Parser, guarded_rows, one_line, read_source_sidecar

__all__ = ["InputRejectLogs", "LoadFilesOptions", "Seeded", "check_rejects_path", "default_rejects_file",
           "load_files", "load_reference", "seed"]


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


class LoadFilesOptions(TypedDict, total=False):
    """`load_files`' keyword arguments (all optional): `kg load`'s options."""

    source: str | None  # source id for rows that name none (default: the sidecar's, else from the file name)
    rejects: Path | None  # one reject list for all files
    rejects_dir: Path | None  # else one list per file in this folder
    strict: bool
    force: bool
    batch_size: int
    on_batch: Callable[[LoadSummary], None] | None
    parse_options: dict[str, Any] | None  # passed to the loader's parser (the article loader: published, url)


def load_files(driver: Driver, database: str, loader: str, paths: list[Path],
               **options: Unpack[LoadFilesOptions]) -> list[LoadSummary]:
    """Load each file (folders expand to the loader's files) with a manifest, so re-runs resume or skip.

    Rejected rows go to `rejects` (one list for all files), else to one list per file in `rejects_dir`
    (`default_rejects_file`); each summary's `rejects_file` names the list this run wrote, if any. Bad
    reject paths, unreadable sidecars and multi-file zips raise `BadInput` before anything is written.
    `parse_options` go to the loader's parser (the article loader takes `published` and `url`); a
    `published` or `url` given there also describes the Source node.
    """
    parse_options = options.get("parse_options") or {}
    rejects, rejects_dir = options.get("rejects"), options.get("rejects_dir")
    spec = LOADERS[loader]
    parse = spec.parse()
    files = expand_paths(paths, spec.patterns)
    if not files:
        raise FileNotFoundError(f"no {loader} files in {', '.join(map(str, paths))}")
    _check_inputs(files)
    plans = [(path, _source_infos(spec, path, options.get("source"), parse_options)) for path in files]
    per_file = {path: default_rejects_file(rejects_dir, path) for path in files} if rejects is None and rejects_dir \
        else {}
    for target in ([rejects] if rejects is not None else list(per_file.values())):
        check_rejects_path(target, paths, files)
    summaries = []
    with RejectLog(rejects) as shared_log:
        for path, infos in plans:
            with RejectLog(per_file.get(path)) as own_log:
                log = shared_log if rejects is not None else own_log
                summary = _load_file(driver, database, _FileLoad(spec, parse, path, infos, log), options)
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
        raise BadInput(f"source id {source_id!r}: {one_line(exc)}") from None


@dataclass(frozen=True)
class _FileLoad:
    spec: LoaderSpec
    parse: Parser
    path: Path
    infos: list[SourceInfo]  # the Source node(s) its rows name; the first is the file's own
    reject_log: RejectLog


def _manifest_id(job: _FileLoad, parse_options: dict[str, Any]) -> str:
    """Same loader, same bytes, same source (and, for derived rows, same extractor and options): same load.
    The batch size is not part of it (a load resumed with another batch size continues its manifest)."""
    manifest = load_id(job.spec.name, job.path, job.infos[0].id)
    if job.spec.version is not None:
        options = json.dumps(parse_options, sort_keys=True, default=str)
        manifest += f":{job.spec.version()}:{hashlib.sha1(options.encode()).hexdigest()[:8]}"
    return manifest


def _load_file(driver: Driver, database: str, job: _FileLoad, options: LoadFilesOptions) -> LoadSummary:
    source_id = job.infos[0].id
    parse_options = options.get("parse_options") or {}
    batch_size = options.get("batch_size", DEFAULT_BATCH_SIZE)
    written: set[str] = set()  # the event ids this file gives, recorded as the load reads them

    def rows() -> Iterator[Row | Reject]:
        for item in guarded_rows(job.parse, job.path, source=source_id, **parse_options):
            if isinstance(item, Row):
                written.add(item.event.event_id)
            yield item

    manifest = _manifest_id(job, parse_options)
    strict = options.get("strict", False)
    summary = load(driver, database, rows, manifest=manifest,
                   manifest_props={"source": source_id, "loader": job.spec.name, "path": str(job.path),
                                   "batch_size": batch_size},
                   sources=job.infos, rejects=job.reject_log, strict=strict, force=options.get("force", False),
                   batch_size=batch_size, on_batch=options.get("on_batch"))
    if job.spec.replaces_source and summary.status != "already loaded" and not strict:
        prune_source(driver, database, source_id, written)
        supersede(driver, database, source_id, job.spec.name, manifest)
    return summary


def load_reference(driver: Driver, database: str, *, force: bool = False) -> LoadSummary:
    """Load the shipped reference data: nodes (updated in place), MEMBER_OF and HOLDS_OFFICE facts.

    The manifest is keyed by the data's version (a hash of the data files), so the same version loads
    once; a newer one updates facts in place and prunes the facts it no longer has.
    """
    from kg.reference import reference_data
    from loaders.reference import RELATIONS_WRITTEN, SOURCE, node_rows, parse

    data = reference_data()
    write_nodes(driver, database, node_rows(data))
    info = SourceInfo(id=SOURCE, title="kg reference data (countries, organizations, memberships, offices)",
                      kind="reference")
    manifest = f"load:reference:{data.version}"
    summary = load(driver, database, lambda: parse(data), manifest=manifest,
                   manifest_props={"source": SOURCE, "loader": "reference", "path": "kg/reference/data"},
                   sources=[info], force=force)
    keep = [row.event.event_id for row in parse(data) if isinstance(row, Row)]
    prune_source(driver, database, SOURCE, keep, RELATIONS_WRITTEN)
    supersede(driver, database, SOURCE, "reference", manifest)
    return summary


@dataclass
class Seeded:
    """What `seed` did: the schema's constraints and indexes, the reference data's load, the events' loads."""

    schema: int
    reference: LoadSummary
    events: list[LoadSummary]


def seed(driver: Driver, database: str, path: Path, *, rejects_dir: Path) -> Seeded:
    """`kg demo`'s graph: the schema, the reference data and the events of `path` (each idempotent)."""
    from kg.store.schema import apply_schema

    schema = apply_schema(driver, database)
    reference = load_reference(driver, database)
    return Seeded(schema, reference, load_files(driver, database, "events", [path], rejects_dir=rejects_dir))
