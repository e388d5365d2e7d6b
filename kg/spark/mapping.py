"""What the Spark job runs on executors: the Python loaders' own line readers and row mappers.

Nothing here maps a field itself. A file's bytes become numbered lines through `loaders._tsv.tsv_lines`
(the same encodings, compression and damage handling as `kg load`); a slice of lines becomes rows through
`loaders.icews.map_lines` / `loaders.gdelt.parse_lines`; a row becomes flat columns through the models'
own `node_properties` and `edge_properties_json`. This module imports no Spark, so it is tested and
timed without a JVM.
"""

from __future__ import annotations

import datetime as dt
import os
import tempfile
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from kg.analysis.projection import STATE_RELATIONS, ActorCountries, cooperative_of
from kg.models import ActorRef
from kg.ontology import ACTOR_LABEL, EDGE_PROPERTIES
from kg.rows import Reject, Row, Skip
from loaders._tsv import tsv_lines

__all__ = ["CHUNK_LINES", "EVENT_COLUMNS", "LINE_COLUMNS", "NODE_PROPS", "FileInfo", "JobContext", "event_record",
           "map_chunk", "reject_record", "split_file"]

ANALYSED_STATUSES = ("occurred",)  # what `kg analyze` projects by default
CHUNK_LINES = 20_000  # lines mapped together; a file is cut into chunks so one big file uses every core
NODE_PROPS = ("name", "iso3", "kind", "country")  # kg/store/export.py's node columns
_ENDS = ("subject", "object")

# (name, Spark SQL type) of one mapped line: a good row's columns, or a reject's (kind tells which).
LINE_COLUMNS: list[tuple[str, str]] = [
    ("record_kind", "string"), ("file_idx", "int"), ("path", "string"), ("line", "long"),
    ("reason", "string"), ("reject_column", "string"), ("actor", "string"),
    ("relation", "string"),
    *((f"{end}_{p}", "string") for end in _ENDS for p in ("id", "label", "labels", *NODE_PROPS)),
    *((p.name, {"STRING": "string", "DATE": "string", "FLOAT": "double", "INTEGER": "long"}[p.type])
      for p in EDGE_PROPERTIES),
    ("subject_office", "string"), ("object_office", "string"), ("family", "string"),
]
EVENT_COLUMNS = [name for name, _ in LINE_COLUMNS if name not in ("record_kind", "reason", "reject_column", "actor")]


@dataclass(frozen=True)
class FileInfo:
    """One input file as the driver names it: the path rejects cite, the loader, the source label."""

    index: int
    path: str  # as the user gave it (what `kg load` would print in a reject)
    uri: str  # what Spark reads
    loader: str  # icews | gdelt
    source: str
    codebook: str | None = None  # name of the CAMEO codebook in JobContext.codebooks


@dataclass
class JobContext:
    """Broadcast to executors: the files, and the CAMEO codebooks' bytes (executors may not see the driver's disk)."""

    files: dict[int, FileInfo]
    codebooks: dict[str, dict[str, bytes]] = field(default_factory=dict)  # name → {file name: bytes}
    id_layouts: dict[int, Any] = field(default_factory=dict)  # file index → loaders.icews.IdLayout
    chunk_lines: int = CHUNK_LINES


# --- stage 1: a file's bytes → numbered lines ---------------------------------------------------

def split_file(info: FileInfo, data: bytes, chunk_lines: int = CHUNK_LINES) -> Iterator[tuple[Any, ...]]:
    """(file_idx, chunk, line, text, layout, reason) for each line of one file, read as `kg load` reads it.

    A raw ICEWS (Dataverse) file is one chunk (its event ids are checked for repeats across the file);
    other layouts are cut every `chunk_lines` lines. A reader's reject (damaged zip) is a line with a reason.
    """
    suffix = Path(info.path).suffix if Path(info.path).suffix in (".zip", ".gz") else ".txt"
    with tempfile.TemporaryDirectory(prefix="kg-spark-") as folder:
        local = Path(folder) / f"input{suffix}"
        local.write_bytes(data)
        layout = "gdelt"
        count = 0
        any_item = False
        for item in tsv_lines(local):
            any_item = True
            if isinstance(item, Reject):
                yield info.index, 0, item.line, None, layout, item.reason
                continue
            line, fields = item
            if count == 0 and info.loader == "icews":
                from loaders.icews import layout_of

                layout = layout_of(fields)
            count += 1
            yield info.index, 0 if layout == "raw" else line // chunk_lines, line, "\t".join(fields), layout, None
        if not any_item:
            yield info.index, 0, 0, None, "empty", None


# --- stage 2: lines → rows ----------------------------------------------------------------------

@cache
def _resolver() -> Any:
    from kg.resolve import Resolver

    return Resolver()


@cache
def _countries() -> ActorCountries:
    return ActorCountries.from_reference()


_codebook_dirs: dict[str, Path] = {}


def _codebook(context: JobContext, name: str | None) -> Path | None:
    """The executor's copy of a broadcast CAMEO folder (written once per Python worker)."""
    if name is None:
        return None
    if name not in _codebook_dirs:
        folder = Path(tempfile.mkdtemp(prefix="kg-cameo-")) / "cameo"
        folder.mkdir()
        for file_name, blob in context.codebooks[name].items():
            (folder / file_name).write_bytes(blob)
        _codebook_dirs[name] = folder
    return _codebook_dirs[name] / "icews_cameo_codes.csv"


@cache
def _cameo_map(codebook: Path | None) -> Any:
    from loaders.cameo import CameoMap

    return CameoMap(codebook)


def map_chunk(context: JobContext, lines: Iterable[tuple[int, int, str | None, str, str | None]]
              ) -> Iterator[dict[str, Any]]:
    """(file_idx, line, text, layout, reason) of one chunk of one file, in line order → flat records."""
    items = list(lines)
    if not items:
        return
    info = context.files[items[0][0]]
    layout = items[0][3]
    numbered = _numbered(info, items)
    codebook = _codebook(context, info.codebook)
    saved = os.environ.get("KG_CAMEO_CODEBOOK")
    # The loaders find the codebook beside the data, or here: the executor's copy of the driver's.
    os.environ["KG_CAMEO_CODEBOOK"] = str(codebook) if codebook else ""
    try:
        for item in _rows(info, layout, numbered, context.id_layouts.get(info.index), codebook):
            yield event_record(info.index, item) if isinstance(item, Row) else reject_record(info.index, item)
    finally:
        if saved is None:
            os.environ.pop("KG_CAMEO_CODEBOOK", None)
        else:
            os.environ["KG_CAMEO_CODEBOOK"] = saved


def _numbered(info: FileInfo, items: list[tuple[int, int, str | None, str, str | None]]
              ) -> Iterator[tuple[int, list[str]] | Reject]:
    for _, line, text, layout, reason in items:
        if layout == "empty":
            continue
        if reason is not None:
            yield Reject(info.path, line, reason)
        else:
            yield line, (text or "").split("\t")


def _rows(info: FileInfo, layout: str, numbered: Iterator[tuple[int, list[str]] | Reject],
          ids: Any, codebook: Path | None) -> Iterator[Row | Reject]:
    path = Path(info.path)
    cameo = _cameo_map(codebook)
    if info.loader == "gdelt":
        from loaders.gdelt import parse_lines

        return parse_lines(path, numbered, source=info.source, resolver=_resolver(), cameo=cameo)
    from loaders import icews

    file = icews.coded_file(path, source=info.source, resolver=_resolver(), cameo=cameo)
    if layout == "empty":
        return icews.parse_lines(iter(()), file)
    if layout == "raw":  # the chunk is the whole file; its first line is the header
        return icews.parse_lines(numbered, file)
    return icews.map_lines(layout, numbered, file, ids=ids)


def _actor_columns(end: str, actor: ActorRef) -> dict[str, Any]:
    props = actor.node_properties()
    return {f"{end}_id": actor.id, f"{end}_label": actor.label.value,
            f"{end}_labels": f"{ACTOR_LABEL};{actor.label.value}",
            **{f"{end}_{p}": props.get(p) for p in NODE_PROPS}}


def event_record(file_idx: int, row: Row) -> dict[str, Any]:
    event = row.event
    record: dict[str, Any] = {"record_kind": "row", "file_idx": file_idx, "path": row.path, "line": row.line,
                              "relation": event.relation}
    record.update(_actor_columns("subject", event.subject))
    record.update(_actor_columns("object", event.object))
    record.update(event.edge_properties_json())
    countable = event.status.value in ANALYSED_STATUSES and event.relation not in STATE_RELATIONS
    record.update(_rolled_up(record, event.relation, event.date or event.since if countable else None))
    return record


def _rolled_up(record: dict[str, Any], relation: str, day: dt.date | None) -> dict[str, Any]:
    """For the analysis' roll-up (`country_events`): the state each end held office for on the day, and the
    event's family; no family for what the analysis leaves out (undated, planned, state relations). An
    actor's own country is not decided here: the graph merges it over all the actor's rows (the job does too)."""
    if day is None:
        return {"subject_office": None, "object_office": None, "family": None}
    countries = _countries()
    family = cooperative_of(relation, record.get("quad_class"))
    return {f"{end}_office": countries.country_of(record[f"{end}_id"], None, day) for end in _ENDS} | {
        "family": "unknown" if family is None else "cooperative" if family else "conflictual"}


def reject_record(file_idx: int, reject: Reject) -> dict[str, Any]:
    # A skip (a feed's domestic event) is neither an edge nor a reject: the job counts it apart.
    kind = "skip" if isinstance(reject, Skip) else "reject"
    return {"record_kind": kind, "file_idx": file_idx, "path": reject.path, "line": reject.line,
            "reason": reject.reason, "reject_column": reject.column, "actor": reject.actor}


def python_records(rows: Iterable[Row | Reject], index: Callable[[str], int] = lambda _: 0
                   ) -> Iterator[dict[str, Any]]:
    """The same records from the Python loaders' own `parse` (for the parity test and the benchmark)."""
    for item in rows:
        yield (event_record(index(item.path), item) if isinstance(item, Row)
               else reject_record(index(item.path), item))
