"""The shipped reference data as graph rows: every country, organization and office-holder as a node marked
`reference`, and MEMBER_OF / HOLDS_OFFICE facts with their dates. Parse and map only.

Fact ids say what the fact is (`reference#member:TUR:org:nato:1952-02-18`), so loading a newer version of
the data updates facts in place; facts the newer version no longer has are pruned by `kg load reference`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

import pycountry

from kg.models import ActorRef, Event
from kg.ontology import NodeLabel, RelType, Status
from kg.reference import ReferenceData, reference_data
from kg.resolve import Resolver, alias_rows, country_names
from kg.rows import Reject, Row

__all__ = ["RELATIONS_WRITTEN", "SOURCE", "node_rows", "parse"]

SOURCE = "reference"
# The only relations `parse` yields (a newer version of the data prunes the facts it no longer has).
RELATIONS_WRITTEN = (RelType.MEMBER_OF, RelType.HOLDS_OFFICE)


def node_rows(data: ReferenceData | None = None) -> dict[NodeLabel, list[dict[str, Any]]]:
    """Writer rows (`id`, `props`, `update`) for every reference node; `update` overwrites on re-load."""
    data = data or reference_data()
    names = country_names()
    aliases: dict[str, list[str]] = {}
    for row in alias_rows():
        if "|" not in row["iso3"]:
            aliases.setdefault(row["iso3"], []).append(row["alias"])
    out: dict[NodeLabel, list[dict[str, Any]]] = {label: [] for label in NodeLabel}
    for country in pycountry.countries:
        props = {"name": names[country.alpha_3], "iso3": country.alpha_3, "iso2": country.alpha_2,
                 "official_name": getattr(country, "official_name", None) or country.name,
                 "aliases": sorted(set(aliases.get(country.alpha_3, []))), "reference": True}
        out[NodeLabel.COUNTRY].append({"id": country.alpha_3, "props": {}, "update": props})
    for org in data.organizations.values():
        props = {"name": org.name, "kind": org.kind, "aliases": list(org.aliases), "reference": True}
        out[NodeLabel.ORGANIZATION].append({"id": org.id, "props": {}, "update": props})
    for person in data.people.values():
        props = {"name": person.name, "aliases": sorted(person.aliases), "country": person.country, "reference": True}
        out[NodeLabel.PERSON].append({"id": person.id, "props": {}, "update": props})
    return out


def parse(data: ReferenceData | None = None, resolver: Resolver | None = None) -> Iterator[Row | Reject]:
    data = data or reference_data()
    resolver = resolver or Resolver()
    today = dt.date.today()
    line = 0

    def holder(ref_id: str) -> ActorRef:
        return resolver.org_ref(ref_id) if ref_id.startswith("org:") else resolver.country(ref_id).ref

    for m in data.memberships:
        line += 1
        status = Status.ENDED if m.until and m.until < today else Status.OCCURRED
        yield Row(Event(relation=RelType.MEMBER_OF, subject=holder(m.member), object=resolver.org_ref(m.org),
                        event_id=f"{SOURCE}#member:{m.member}:{m.org}:{m.since}", source=SOURCE, status=status,
                        since=m.since, until=m.until, date_precision="day", confidence=1.0,
                        evidence=f"source: {m.source}"), "kg/reference/data/memberships.csv", line)
    for o in data.offices:
        line += 1
        status = Status.ENDED if o.until and o.until < today else Status.OCCURRED
        yield Row(Event(relation=RelType.HOLDS_OFFICE, subject=resolver.person_ref(o.person), object=holder(o.holder),
                        event_id=f"{SOURCE}#office:{o.person}:{o.holder}:{o.role_kind}:{o.since}", source=SOURCE,
                        status=status, since=o.since, until=o.until, date_precision="day", role=o.role,
                        kind=o.role_kind, confidence=1.0, evidence=f"source: {o.source}"),
                  "kg/reference/data/offices.csv", line)
