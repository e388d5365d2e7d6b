"""Validated graph records: what every loader yields and the writer accepts.

The fields mirror `kg.ontology` (a test checks that every edge property declared there is a field
of `Event` with the matching type, and nothing else is), so a loader can only produce what the
graph can hold.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from kg.ontology import EDGE_PROPERTIES, NodeLabel, OrgKind, RelKind, Status, relation

__all__ = ["ACTOR_NODE_PROPERTIES", "MAX_INT", "MAX_NAME_CHARS", "MAX_TEXT_CHARS", "ActorRef", "Event", "SourceInfo",
           "check_visible_name",
           "stable_id"]

# Limits that keep one bad row (a 10 MB field) from bloating the graph or a transaction.
MAX_TEXT_CHARS = 20_000
MAX_NAME_CHARS = 300
MAX_INT = 2**63 - 1  # what Neo4j's INTEGER holds

# In a name these only hide or disguise text: control characters (NUL, newlines, C1), bidirectional
# overrides/isolates and marks (they can make "aissuR" display as "Russia"), and lone surrogates.
_HIDDEN_CHARS = re.compile("[\x00-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069\ud800-\udfff]")


def check_visible_name(value: str) -> str:
    """A name must be what it displays as: refuse control and bidirectional-override characters."""
    if (found := _HIDDEN_CHARS.search(value)) is not None:
        raise ValueError(f"the name contains the invisible or control character U+{ord(found.group()):04X} at "
                         f"character {found.start() + 1}; remove it")
    return value


def stable_id(namespace: str, *parts: object) -> str:
    """A deterministic id: the same parts always give the same id, so every load is idempotent."""
    blob = json.dumps([str(p) if p is not None else None for p in parts], ensure_ascii=False)
    return f"{namespace}:{hashlib.sha1(blob.encode('utf-8')).hexdigest()[:20]}"


class _Strict(BaseModel):
    # defer_build: schemas are built on first use, so commands that never validate an event start faster.
    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True, defer_build=True)


# The node properties an event's endpoint sets (`ActorRef.node_properties`); tests hold them to the ontology's
# NODE_PROPERTIES. Reference data sets more (aliases, official names).
ACTOR_NODE_PROPERTIES: tuple[str, ...] = ("name", "iso3", "kind", "country")


class ActorRef(_Strict):
    """An endpoint, already resolved to its canonical id (ISO3 for countries)."""

    id: str = Field(min_length=1, max_length=MAX_NAME_CHARS)
    label: NodeLabel
    name: str = Field(min_length=1, max_length=MAX_NAME_CHARS)
    kind: OrgKind | None = None  # organizations only
    country: str | None = Field(default=None, pattern=r"^[A-Z]{3}$")  # the state a body belongs to

    @field_validator("name")
    @classmethod
    def _visible(cls, value: str) -> str:
        return check_visible_name(value)

    def node_properties(self) -> dict[str, Any]:
        props: dict[str, Any] = {"name": self.name}
        if self.label == NodeLabel.COUNTRY:
            props["iso3"] = self.id
        if self.kind is not None:
            props["kind"] = self.kind.value
        if self.country is not None:
            props["country"] = self.country
        return props


class SourceInfo(_Strict):
    """A document or dataset; every edge it produced names it in `source`."""

    id: str = Field(min_length=1, max_length=MAX_NAME_CHARS, pattern=r"^[^\s]+$")
    title: str | None = None
    url: str | None = None
    published: dt.date | None = None
    kind: str = "file"
    path: str | None = None


class Event(_Strict):
    """One typed, dated edge between two actors, with its provenance."""

    relation: str
    subject: ActorRef
    object: ActorRef
    # Edge properties: exactly `kg.ontology.EDGE_PROPERTIES`.
    event_id: str = Field(min_length=1, max_length=MAX_NAME_CHARS)
    source: str = Field(min_length=1, max_length=MAX_NAME_CHARS)
    status: Status = Status.OCCURRED
    date: dt.date | None = None
    since: dt.date | None = None
    until: dt.date | None = None
    date_precision: str = Field(default="unknown", pattern=r"^(day|month|year|unknown)$")
    evidence: str | None = Field(default=None, max_length=MAX_TEXT_CHARS)
    evidence_start: int | None = Field(default=None, ge=0, le=MAX_INT)
    evidence_end: int | None = Field(default=None, ge=0, le=MAX_INT)
    confidence: float | None = Field(default=None, ge=0.0, le=1.0)
    cameo: str | None = Field(default=None, pattern=r"^\d{2,4}$")
    cameo_root: str | None = Field(default=None, pattern=r"^\d{2}$")
    goldstein: float | None = Field(default=None, ge=-10.0, le=10.0)
    quad_class: int | None = Field(default=None, ge=1, le=4)
    plover: str | None = None
    num_mentions: int | None = Field(default=None, ge=0, le=MAX_INT)
    source_url: str | None = Field(default=None, max_length=2_000)
    subject_role: str | None = Field(default=None, max_length=MAX_NAME_CHARS)
    object_role: str | None = Field(default=None, max_length=MAX_NAME_CHARS)
    role: str | None = Field(default=None, max_length=MAX_NAME_CHARS)
    commodity: str | None = Field(default=None, max_length=MAX_NAME_CHARS)
    quantity: float | None = None
    unit: str | None = Field(default=None, max_length=MAX_NAME_CHARS)
    place: str | None = Field(default=None, max_length=MAX_NAME_CHARS)
    kind: str | None = Field(default=None, max_length=MAX_NAME_CHARS)
    attrs_json: str | None = Field(default=None, max_length=MAX_TEXT_CHARS)

    @field_validator("relation")
    @classmethod
    def _known_relation(cls, value: str) -> str:
        return relation(value).name

    @model_validator(mode="after")
    def _consistent(self) -> Event:
        rel = relation(self.relation)
        for side, actor, allowed in (("subject", self.subject, rel.subjects),
                                     ("object", self.object, rel.objects)):
            if actor.label not in allowed:
                wanted = " or ".join(sorted(label.value for label in allowed))
                raise ValueError(f"{rel.name} needs {wanted} as {side}, got {actor.label.value} {actor.name!r}")
        if self.subject.id == self.object.id and not rel.reflexive:
            raise ValueError(f"{rel.name} from {self.subject.name!r} ({self.subject.id}) to itself: subject and "
                             "object are the same actor")
        if self.since and self.until and self.since > self.until:
            raise ValueError(f"since {self.since} is after until {self.until}")
        if self.date and self.since and not (self.since <= self.date <= (self.until or self.date)):
            raise ValueError(f"date {self.date} lies outside [{self.since}, {self.until}]")
        first_day = self.date or self.since
        if (rel.kind == RelKind.EVENT and self.status == Status.OCCURRED and first_day
                and first_day > dt.date.today()):
            raise ValueError(f"date {first_day} is in the future for an event with status 'occurred' "
                             "(use status 'planned')")
        return self

    def edge_properties(self) -> dict[str, Any]:
        """The ontology's edge properties only, nulls included so a re-load clears stale values."""
        return {p.name: getattr(self, p.name) for p in EDGE_PROPERTIES}

    def edge_properties_json(self) -> dict[str, Any]:
        """Same as `edge_properties`, JSON-safe (dates as ISO strings)."""
        out = self.edge_properties()
        for key, value in out.items():
            if isinstance(value, dt.date):
                out[key] = value.isoformat()
            elif isinstance(value, Status):
                out[key] = value.value
        return out

    def content_key(self) -> str:
        """What the event says, for telling a re-sent event from a different one under the same id."""
        return json.dumps(
            [self.relation, self.subject.id, self.object.id, self.edge_properties_json()],
            sort_keys=True, default=str,
        )
