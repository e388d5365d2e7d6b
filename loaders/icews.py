"""ICEWS coded event data → events. Parse and map only.

Three layouts, told apart by their first line:
- the Harvard Dataverse files (`events.YYYY….tab`): a header `Event ID  Event Date  Source Name …`,
  20 tab-separated columns, `NA` or empty for missing values; the event key is Event ID + Event Date
  (Event ID alone is not unique across the yearly files);
- the ICEWS14/ICEWS18 benchmark text layout: `subject  relation text  object  YYYY-MM-DD`;
- the benchmark id layout: `s_id  r_id  o_id  t` with `entity2id.txt`/`relation2id.txt` beside it,
  t = hours since 2018-01-01 (ICEWS18) or day of 2014 (ICEWS14).
Benchmark rows have no id: a row's id is its source (dataset:split) and line number, which is the same
in the text and id layouts because they are line-aligned.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator
from pathlib import Path

from kg.dates import parse_when
from kg.models import Event
from kg.resolve import Resolution, Resolver, UnresolvedName
from kg.rows import Reject, Row, reject_for
from loaders._tsv import tsv_lines
from loaders.cameo import CameoEvent, CameoMap, CodedFile, find_codebook, out_of_scope

__all__ = ["RAW_COLUMNS", "IdLayout", "coded_file", "default_source", "layout_of", "map_lines", "parse", "parse_lines"]

RAW_COLUMNS = ("Event ID", "Event Date", "Source Name", "Source Sectors", "Source Country", "Event Text",
               "CAMEO Code", "Intensity", "Target Name", "Target Sectors", "Target Country", "Story ID",
               "Sentence Number", "Publisher", "City", "District", "Province", "Country", "Latitude", "Longitude")


def default_source(path: Path) -> str:
    """`icews18:train` for …/icews18/text/train.txt and …/icews18/train.txt; `icews:<stem>` for raw files."""
    dataset = path.parent.parent.name if path.parent.name == "text" else path.parent.name
    stem = path.name.split(".")[0]
    if path.name.startswith("events."):
        return f"icews:{path.name.removesuffix('.gz').removesuffix('.zip').removesuffix('.tab')}"
    return f"{dataset}:{stem}"


def parse(path: Path, *, source: str | None = None, resolver: Resolver | None = None,
          cameo: CameoMap | None = None) -> Iterator[Row | Reject]:
    yield from parse_lines(tsv_lines(path), coded_file(path, source=source, resolver=resolver, cameo=cameo))


def coded_file(path: Path, *, source: str | None = None, resolver: Resolver | None = None,
               cameo: CameoMap | None = None) -> CodedFile:
    """What mapping `path`'s lines needs; defaults: its dataset:split as source, the codebook beside it."""
    return CodedFile(path, source or default_source(path), resolver or Resolver(),
                     cameo or CameoMap(find_codebook(path)))


def layout_of(first: list[str]) -> str:
    """`raw` (Dataverse, header line), `ids` (benchmark id layout) or `text`, from a file's first line."""
    if first[0].strip() == "Event ID":
        return "raw"
    if len(first) >= 4 and all(f.strip().isdigit() for f in first[:4]):
        return "ids"
    return "text"


def parse_lines(lines: Iterator[tuple[int, list[str]] | Reject], file: CodedFile, *,
                ids: IdLayout | None = None) -> Iterator[Row | Reject]:
    """A whole file's lines (as `tsv_lines` gives them) → rows; the Spark job feeds lines read by Spark."""
    first = next(lines, None)
    if first is None:
        yield Reject(str(file.path), 1, "the file has no events (it is empty)")
        return
    if isinstance(first, Reject):
        yield first
        return
    layout = layout_of(first[1])
    header = first[1] if layout == "raw" else None
    rest = lines if layout == "raw" else _with_first(first, lines)
    yield from map_lines(layout, rest, file, header=header, ids=ids)


def map_lines(layout: str, lines: Iterator[tuple[int, list[str]] | Reject], file: CodedFile, *,
              header: list[str] | None = None, ids: IdLayout | None = None) -> Iterator[Row | Reject]:
    """Lines of a file whose layout is known → rows. Benchmark lines are independent of each other, so any
    slice of a file maps alone; a raw (Dataverse) file must come whole (its ids are checked for repeats)."""
    if layout == "raw":
        yield from _raw(file, header or [], lines)
    elif layout == "ids":
        yield from _benchmark(file, lines, ids or _id_layout(file.path))
    else:
        yield from _benchmark(file, lines, None)


def _with_first(first: tuple[int, list[str]], rest: Iterator[tuple[int, list[str]] | Reject]
                ) -> Iterator[tuple[int, list[str]] | Reject]:
    yield first
    yield from rest


# --- benchmark layouts ------------------------------------------------------------------------

class IdLayout:
    def __init__(self, folder: Path) -> None:
        self.entities = _read_ids(folder / "entity2id.txt")
        self.relations = _read_ids(folder / "relation2id.txt")
        self.hours = folder.name.lower() == "icews18" or "18" in folder.name

    def date(self, t: int) -> dt.date:
        if self.hours:  # ICEWS18: hours since 2018-01-01, always whole days
            return dt.date(2018, 1, 1) + dt.timedelta(days=t // 24)
        return dt.date(2014, 1, 1) + dt.timedelta(days=t - 1)  # ICEWS14: day of 2014, 1-based


def _read_ids(path: Path) -> dict[int, str]:
    names: dict[int, str] = {}
    for item in tsv_lines(path):
        if isinstance(item, Reject):
            raise ValueError(str(item))
        _, fields = item
        name = fields[0].strip()
        if len(name) > 1 and name.startswith('"') and name.endswith('"'):
            name = name[1:-1].replace('""', '"')  # RE-GCN CSV-quoted some names
        names[int(fields[1])] = name
    return names


def _id_layout(path: Path) -> IdLayout:
    if not (path.parent / "entity2id.txt").exists():
        raise FileNotFoundError(f"{path}: the id layout needs entity2id.txt and relation2id.txt beside it")
    return IdLayout(path.parent)


def _benchmark(file: CodedFile, lines: Iterator[tuple[int, list[str]] | Reject],
               ids: IdLayout | None) -> Iterator[Row | Reject]:
    path, resolver = file.path, file.resolver
    file_id = default_source(path)
    for item in lines:
        if isinstance(item, Reject):
            yield item
            continue
        line, fields = item
        if len(fields) < 4 or (len(fields) > 4 and any(f.strip() not in ("", "0") for f in fields[4:])):
            yield Reject(str(path), line, f"{len(fields)} columns, expected 4 (subject, relation, object, date)")
            continue
        try:
            if ids is None:
                subject, text, obj, day = (f.strip() for f in fields[:4])
                date = parse_when(day).date
                if date is None:
                    raise ValueError(f"date {day!r} is not a day")
            else:
                s, r, o, t = (int(f) for f in fields[:4])
                subject, text, obj, date = ids.entities[s], ids.relations[r], ids.entities[o], ids.date(t)
            kind = file.cameo.by_name(text)
            # The id names the file's own dataset and split, not the --source label, so the same row is
            # the same edge whatever it is loaded as (and the text and id layouts agree).
            ends = (resolver.dataset_actor(subject), resolver.dataset_actor(obj))
            yield out_of_scope(path, line, *ends, kind.relation) or Row(
                _event(f"{file_id}#{line}", file.source, kind, ends, date), str(path), line)
        except KeyError as exc:
            yield Reject(str(path), line, f"id {exc} is not in entity2id.txt/relation2id.txt")
        except ValueError as exc:  # pydantic's ValidationError and UnresolvedName are ValueErrors
            yield reject_for(path, line, exc)


def _event(event_id: str, source: str, kind: CameoEvent, ends: tuple[Resolution, Resolution],
           date: dt.date | None, **extra: object) -> Event:
    subject, obj = ends
    return Event(
        relation=kind.relation, subject=subject.ref, object=obj.ref, event_id=event_id, source=source,
        status=kind.status, date=date, since=date, until=date, date_precision="day" if date else "unknown",
        cameo=kind.cameo, cameo_root=kind.cameo_root, quad_class=kind.quad_class, plover=kind.plover,
        goldstein=kind.goldstein, **extra,  # type: ignore[arg-type]
    )


# --- Dataverse layout -------------------------------------------------------------------------

def _raw(file: CodedFile, header: list[str], lines: Iterator[tuple[int, list[str]] | Reject]
         ) -> Iterator[Row | Reject]:
    path, resolver = file.path, file.resolver
    header = [h.strip() for h in header]
    missing = [c for c in ("Event ID", "Event Date", "Source Name", "CAMEO Code", "Target Name") if c not in header]
    if missing:
        yield Reject(str(path), 1, f"header lacks the columns {missing}")
        return
    col = {name: i for i, name in enumerate(header)}
    seen: dict[str, int] = {}
    for item in lines:
        if isinstance(item, Reject):
            yield item
            continue
        line, fields = item
        if len(fields) != len(header):
            yield Reject(str(path), line, f"{len(fields)} columns, the header has {len(header)}")
            continue
        value = {name: (None if fields[i].strip() in ("", "NA") else fields[i].strip()) for name, i in col.items()}
        try:
            event_id = f"icews:{value['Event ID']}:{value['Event Date']}"
            if event_id in seen:
                raise ValueError(f"Event ID {value['Event ID']} on {value['Event Date']} repeats line {seen[event_id]}")
            seen[event_id] = line
            date = parse_when(value["Event Date"]).date
            raw_intensity = value.get("Intensity")
            intensity = float(raw_intensity) if raw_intensity else None
            kind = file.cameo.by_code(value["CAMEO Code"] or "", intensity)
            subject = resolver.dataset_actor(value["Source Name"] or "",
                                             _country(resolver, value.get("Source Country")))
            obj = resolver.dataset_actor(value["Target Name"] or "", _country(resolver, value.get("Target Country")))
            if (skip := out_of_scope(path, line, subject, obj, kind.relation)) is not None:
                yield skip
                continue
            place = ", ".join(v for v in (value.get("City"), value.get("Province"), value.get("Country")) if v)
            attrs = {k: value.get(k) for k in ("Story ID", "Sentence Number", "Publisher", "Latitude", "Longitude")
                     if value.get(k)}
            yield Row(_event(event_id, file.source, kind, (subject, obj), date, place=place or None,
                             subject_role=value.get("Source Sectors"), object_role=value.get("Target Sectors"),
                             attrs_json=json.dumps(attrs, sort_keys=True) if attrs else None), str(path), line)
        except ValueError as exc:  # pydantic's ValidationError and UnresolvedName are ValueErrors
            yield reject_for(path, line, exc)


def _country(resolver: Resolver, name: str | None) -> str | None:
    if not name:
        return None
    try:
        return resolver.country(name, fuzzy=False).ref.id
    except UnresolvedName:
        return None
