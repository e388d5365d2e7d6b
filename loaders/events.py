"""The project's own events format, JSONL and CSV (docs/events-format.md). Parse and map only.

`parse(path, source=…)` yields a `Row` per good line and a `Reject` (file:line, column, reason)
per bad one; it never stops at a bad row and never talks to Neo4j.
"""

from __future__ import annotations

import csv
import hashlib
import json
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, field_validator

from kg.dates import parse_when
from kg.models import MAX_TEXT_CHARS, Event, check_visible_name, stable_id
from kg.ontology import ATTRIBUTE_PROPERTIES, NodeLabel, OrgKind, RelKind, Status, relation
from kg.resolve import Resolver, UnresolvedName
from kg.rows import Reject, Row, reject_for
from kg.textio import STREAM_ERRORS, bad_encoding, open_text

__all__ = ["CSV_COLUMNS", "ActorIn", "EventRow", "parse", "to_event"]

csv.field_size_limit(64 * 1024 * 1024)  # let huge fields reach validation, which rejects them by name

MAX_JSON_DEPTH = 16  # far more than the format needs (an actor object inside a row is depth 2)

# Edge properties a row may give at top level besides the core fields.
_PASSTHROUGH = ("cameo", "cameo_root", "goldstein", "quad_class", "plover", "num_mentions", "source_url",
                "evidence_start", "evidence_end", "subject_role", "object_role")


class ActorIn(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    name: str = Field(min_length=1, max_length=300)
    type: NodeLabel | None = None
    id: str | None = None
    kind: OrgKind | None = None
    country: str | None = None

    @field_validator("name")
    @classmethod
    def _visible(cls, value: str) -> str:
        return check_visible_name(value)

    @field_validator("type", mode="before")
    @classmethod
    def _label(cls, value: Any) -> Any:
        if isinstance(value, str) and value.strip():
            wanted = value.strip().casefold().replace("organisation", "organization")
            for label in NodeLabel:
                if label.value.casefold() == wanted:
                    return label
            raise ValueError(f"type {value!r} is not one of {', '.join(label.value for label in NodeLabel)}")
        return value or None


class EventRow(BaseModel):
    """One input row, before resolution. Unknown keys are errors, so typos are caught."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    id: str | None = Field(default=None, max_length=200)
    subject: ActorIn
    relation: str
    object: ActorIn
    date: str | None = None
    since: str | None = None
    until: str | None = None
    status: Status = Status.OCCURRED
    evidence: str | None = Field(default=None, max_length=MAX_TEXT_CHARS)
    source: str | None = Field(default=None, max_length=300, pattern=r"^\S+$")
    confidence: float | None = Field(default=None, ge=0, le=1)
    attrs: dict[str, Any] = Field(default_factory=dict)
    cameo: str | None = None
    cameo_root: str | None = None
    goldstein: float | None = None
    quad_class: int | None = None
    plover: str | None = None
    num_mentions: int | None = None
    source_url: str | None = None
    evidence_start: int | None = None
    evidence_end: int | None = None
    subject_role: str | None = None
    object_role: str | None = None

    @field_validator("subject", "object", mode="before")
    @classmethod
    def _actor(cls, value: Any) -> Any:
        return {"name": value} if isinstance(value, str) else value

    @field_validator("relation")
    @classmethod
    def _relation(cls, value: str) -> str:
        return relation(value).name

    @field_validator("status", mode="before")
    @classmethod
    def _status(cls, value: Any) -> Any:
        return value.strip().lower() if isinstance(value, str) else value


def to_event(row: EventRow, *, default_source: str, resolver: Resolver) -> Event:
    """Resolve the actors and dates of a row; raises ValueError/UnresolvedName with a readable reason."""
    rel = relation(row.relation)
    source = row.source or default_source
    ends = []
    for side, actor in (("subject", row.subject), ("object", row.object)):
        try:
            ends.append(resolver.resolve(actor.name, actor.type, actor.id, actor.kind, actor.country))
        except UnresolvedName as exc:
            raise UnresolvedName(f"{side}: {exc}", exc.name) from None
    subject, obj = ends
    subject_role, object_role = row.subject_role, row.object_role
    if rel.symmetric and obj.ref.id < subject.ref.id:
        # One stored direction for symmetric relations: "A met B" and "B met A" are the same edge.
        subject, obj = obj, subject
        subject_role, object_role = object_role, subject_role
    when = parse_when(row.date)
    since = parse_when(row.since).since if row.since else when.since
    # A state (membership, office) dated without an end holds from that date on; an event's period
    # ends where its date's precision ends ("2022" → until 2022-12-31).
    until = parse_when(row.until).until if row.until else (None if rel.kind == RelKind.STATE else when.until)
    attrs = dict(row.attrs)
    known = {k: attrs.pop(k) for k in list(attrs) if k in ATTRIBUTE_PROPERTIES}
    if "quantity" in known and known["quantity"] is not None:
        try:
            known["quantity"] = float(known["quantity"])
        except (TypeError, ValueError):
            raise ValueError(f"attrs.quantity {known['quantity']!r} is not a number") from None
    if row.id:
        event_id = f"{source}#{row.id}"
    else:
        # What the row says, its evidence and attributes included: two reports of one meeting from different
        # sentences are two edges, while loading the same row again gives the same id.
        event_id = stable_id("ev", source, rel.name, subject.ref.id, obj.ref.id, row.date, row.since, row.until,
                             row.status.value, row.evidence, row.evidence_start, row.evidence_end,
                             json.dumps({**known, **attrs}, sort_keys=True, ensure_ascii=False, default=str)
                             if known or attrs else None)
    resolved_confidence = min(subject.confidence, obj.confidence)
    confidence = row.confidence if row.confidence is not None else (
        resolved_confidence if resolved_confidence < 1.0 else None)
    return Event(
        relation=rel.name, subject=subject.ref, object=obj.ref, event_id=event_id, source=source,
        status=row.status, date=when.date, since=since, until=until, date_precision=when.precision,
        evidence=row.evidence, confidence=confidence,
        attrs_json=json.dumps(attrs, sort_keys=True, ensure_ascii=False) if attrs else None,
        subject_role=subject_role, object_role=object_role,
        **known, **{k: getattr(row, k) for k in _PASSTHROUGH if k not in ("subject_role", "object_role")},
    )


# --- file formats -----------------------------------------------------------------------------

CSV_COLUMNS = ("id", "subject", "subject_type", "subject_id", "relation", "object", "object_type", "object_id",
               "date", "since", "until", "status", "evidence", "source", "confidence",
               *ATTRIBUTE_PROPERTIES, "attrs_json", *_PASSTHROUGH)


def parse(path: Path, *, source: str | None = None, resolver: Resolver | None = None) -> Iterator[Row | Reject]:
    """Rows of a `.jsonl`/`.ndjson` or `.csv` file (optionally .gz/.zip)."""
    resolver = resolver or Resolver()
    default_source = source or f"file:{_stem(path)}"
    name = path.name.lower().removesuffix(".gz").removesuffix(".zip")
    records = _csv_records(path) if name.endswith(".csv") else _jsonl_records(path)
    yield from _rows(path, records, default_source, resolver)


def _stem(path: Path) -> str:
    name = path.name
    for suffix in (".gz", ".zip", ".jsonl", ".ndjson", ".json", ".csv"):
        name = name.removesuffix(suffix)
    return name


def _rows(path: Path, records: Iterable[tuple[int, dict[str, Any] | Reject]], default_source: str,
          resolver: Resolver) -> Iterator[Row | Reject]:
    seen: dict[str, tuple[bytes, int]] = {}  # event id → (content digest, first line)
    any_record = False
    for line, record in records:
        any_record = True
        if isinstance(record, Reject):
            yield record
            continue
        try:
            event = to_event(EventRow.model_validate(record), default_source=default_source, resolver=resolver)
        except ValueError as exc:  # pydantic's ValidationError and UnresolvedName are ValueErrors
            yield reject_for(path, line, exc)
            continue
        digest = hashlib.blake2b(event.content_key().encode("utf-8"), digest_size=16).digest()
        first = seen.setdefault(event.event_id, (digest, line))
        if first[0] != digest:
            yield Reject(str(path), line, f"event id {event.event_id!r} was used on line {first[1]} for a "
                         "different event; give each event its own id", "id")
            continue
        yield Row(event, str(path), line)
    if not any_record:
        yield Reject(str(path), 1, "the file has no events (it is empty)")


def _jsonl_records(path: Path) -> Iterator[tuple[int, dict[str, Any] | Reject]]:
    line_no = 0
    try:
        with open_text(path) as handle:
            for line_no, text in enumerate(handle, start=1):
                stripped = text.strip()
                if not stripped:
                    continue
                if (column := bad_encoding(text)) is not None:
                    yield line_no, Reject(str(path), line_no, f"not UTF-8 (bad byte at character {column}); "
                                          "re-save the file as UTF-8")
                    continue
                value, problem = _json_value(stripped)
                if problem is not None:
                    yield line_no, Reject(str(path), line_no, problem)
                    continue
                if not isinstance(value, dict):
                    yield line_no, Reject(str(path), line_no, f"expected a JSON object, got {type(value).__name__}")
                    continue
                yield line_no, value
    except STREAM_ERRORS as exc:
        yield line_no + 1, Reject(str(path), line_no + 1, f"the compressed file is damaged or truncated ({exc}); "
                                  f"the {line_no} lines before were read")


def _json_value(text: str) -> tuple[Any, str | None]:
    """Parse one JSON text; (value, None), or (None, why not) for invalid, too deeply nested or unencodable JSON."""
    if text.count("[") + text.count("{") > MAX_JSON_DEPTH and _nesting(text) > MAX_JSON_DEPTH:
        return None, f"JSON nested deeper than {MAX_JSON_DEPTH} levels"
    try:
        value = json.loads(text)
    except json.JSONDecodeError as exc:
        return None, f"invalid JSON: {exc.msg} at character {exc.colno}"
    except (ValueError, RecursionError) as exc:  # e.g. an integer of more than 4,300 digits
        return None, f"invalid JSON: {' '.join(str(exc).split())[:200]}"
    if "\\u" in text:
        try:  # a lone surrogate escape ("\\ud800") is valid JSON but no text Neo4j can store
            json.dumps(value, ensure_ascii=False).encode("utf-8")
        except UnicodeEncodeError:
            return None, "invalid JSON: a \\u escape is half of a surrogate pair (not a character)"
    return value, None


def _nesting(text: str) -> int:
    """Deepest bracket nesting outside strings (only computed when a line has many brackets)."""
    depth = deepest = 0
    in_string = escaped = False
    for char in text:
        if in_string:
            escaped, in_string = (False, True) if escaped else (char == "\\", char != '"')
        elif char == '"':
            in_string = True
        elif char in "[{":
            depth += 1
            deepest = max(deepest, depth)
        elif char in "]}":
            depth -= 1
    return deepest


def _csv_records(path: Path) -> Iterator[tuple[int, dict[str, Any] | Reject]]:
    line_no = 1
    try:
        with open_text(path) as handle:
            reader = csv.reader(handle)
            header = next(reader, None)
            if header is None:
                return
            header = [h.strip() for h in header]
            unknown = [h for h in header if h not in CSV_COLUMNS]
            if unknown or not {"subject", "relation", "object"} <= set(header):
                yield 1, Reject(str(path), 1, f"bad header: unknown columns {unknown}; expected some of "
                                f"{', '.join(CSV_COLUMNS)} including subject, relation, object")
                return
            line_no = reader.line_num
            for values in reader:
                start, line_no = line_no + 1, reader.line_num
                if not any(v.strip() for v in values):
                    continue
                if len(values) != len(header):
                    yield start, Reject(str(path), start, f"{len(values)} columns, the header has {len(header)}")
                    continue
                if (column := next((i for i, v in enumerate(values) if bad_encoding(v)), None)) is not None:
                    yield start, Reject(str(path), start, "not UTF-8; re-save the file as UTF-8", header[column])
                    continue
                try:
                    yield start, _csv_to_record(dict(zip(header, values, strict=True)))
                except ValueError as exc:
                    yield start, Reject(str(path), start, str(exc), "attrs_json")
    except csv.Error as exc:
        yield line_no + 1, Reject(str(path), line_no + 1, f"malformed CSV: {exc}")
    except STREAM_ERRORS as exc:
        yield line_no + 1, Reject(str(path), line_no + 1, f"the compressed file is damaged or truncated ({exc})")


def _csv_to_record(values: dict[str, str]) -> dict[str, Any]:
    def actor(prefix: str) -> dict[str, Any]:
        return {"name": values.get(prefix, ""), "type": values.get(f"{prefix}_type") or None,
                "id": values.get(f"{prefix}_id") or None}

    record: dict[str, Any] = {"subject": actor("subject"), "object": actor("object"), "relation": values["relation"]}
    attrs: dict[str, Any] = {}
    if values.get("attrs_json"):
        attrs, problem = _json_value(values["attrs_json"])
        if problem is not None:
            raise ValueError(f"attrs_json: {problem}")
        if not isinstance(attrs, dict):
            raise ValueError("attrs_json must be a JSON object")
    for key, value in values.items():
        if key in ("subject", "subject_type", "subject_id", "object", "object_type", "object_id", "relation",
                   "attrs_json") or value == "":
            continue
        if key in ATTRIBUTE_PROPERTIES:
            attrs[key] = value
        else:
            record[key] = value
    if attrs:
        record["attrs"] = attrs
    return record
