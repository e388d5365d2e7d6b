"""Reading the analysis projection from Neo4j (kg/analysis stays pure: networkx and pandas in, out).

`country_events` asks the server for events already rolled up to countries and aggregated per day, dyad,
relation and sign (cypher/project/country_events.cypher): tens of thousands of rows instead of one row per
event, the same `CountryEvents` that `kg.analysis.projection.country_events` builds from an actor graph.
`state_graph` is the actor graph without its events: what membership shares and country names need.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from concurrent.futures import ThreadPoolExecutor
from typing import Any, TypedDict, Unpack

import networkx as nx
from neo4j import Driver, ManagedTransaction

from kg.analysis.projection import CountryEvents, to_date
from kg.ontology import RELATIONS, STATE_RELATIONS, Label, RelType
from kg.store import cypher
from kg.store.db import timed

__all__ = ["ProjectionOptions", "actor_graph", "country_events", "left_out", "state_graph"]

_FAR_PAST, _FAR_FUTURE = dt.date(1900, 1, 1), dt.date(2100, 12, 31)
# Every placeholder of cypher/project/*.cypher, filled from the ontology.
_NAMES: dict[str, str] = {"actor": Label.ACTOR, "country": Label.COUNTRY, "person": Label.PERSON,
                          "organization": Label.ORGANIZATION, "holds_office": RelType.HOLDS_OFFICE,
                          "member_of": RelType.MEMBER_OF}
_STATE_TYPES = sorted(STATE_RELATIONS)


class ProjectionOptions(TypedDict, total=False):
    """Which events the projection holds: dated in [date_from, date_to], with one of `statuses` (occurred)."""

    date_from: dt.date
    date_to: dt.date
    statuses: Iterable[str]


def _range(options: ProjectionOptions) -> dict[str, Any]:
    return {"date_from": options.get("date_from", _FAR_PAST).isoformat(),
            "date_to": options.get("date_to", _FAR_FUTURE).isoformat(),
            "statuses": list(options.get("statuses", ("occurred",))), "state_types": _STATE_TYPES}


def _statement(name: str) -> str:
    return cypher.render(f"project/{name}.cypher", **_NAMES)


def actor_graph(driver: Driver, database: str, *, events: bool = True,
                **options: Unpack[ProjectionOptions]) -> nx.MultiDiGraph:
    """Project the graph's actors, dated events, offices and memberships into networkx (`events=False`: all
    but the events, for reports whose events come rolled up from the server).

    Every edge is keyed by its `event_id`, so a snapshot of this graph imports back under the same ids. The
    state relations other than offices and memberships (alliances, partnerships, adversaries) are not
    projected: the analysis counts events in windows, and a state belongs to no window."""
    G = nx.MultiDiGraph()

    def rows(name: str, **params: Any) -> list[dict[str, Any]]:
        return [r.data() for r in driver.execute_query(timed(_statement(name)), params, database_=database).records]

    for actor in rows("actors"):
        G.add_node(actor.pop("id"), **{k: v for k, v in actor.items() if v is not None})
    for e in rows("events", **_range(options)) if events else ():
        G.add_edge(e["source"], e["target"], key=e["event_id"], relation=e["relation"], day=to_date(e["day"]),
                   status=e["status"], goldstein=e["goldstein"], quad_class=e["quad_class"], source_id=e["source_id"])
    for o in rows("offices"):
        G.add_edge(o["person"], o["iso3"], key=o["event_id"], relation=RelType.HOLDS_OFFICE.value, role=o["role"],
                   since=to_date(o["since"]), until=to_date(o["until"]), status=o["status"], source_id=o["source_id"])
    for m in rows("memberships"):
        G.add_edge(m["iso3"], m["org"], key=m["event_id"], relation=RelType.MEMBER_OF.value, since=to_date(m["since"]),
                   until=to_date(m["until"]), status=m["status"], source_id=m["source_id"])
    return G


def left_out(driver: Driver, database: str, actor_id: str, **options: Unpack[ProjectionOptions]) -> dict[str, int]:
    """How many of an actor's events `actor_graph` leaves out, and why (undated, status, outside the range)."""
    records = driver.execute_query(_statement("left_out"), {"id": actor_id, **_range(options)},
                                   database_=database).records
    return dict(records[0].data()) if records else {}


def _day(value: Any) -> dt.date:
    return value.to_native() if hasattr(value, "to_native") else value  # type: ignore[no-any-return]


def _part_rows(driver: Driver, database: str, part: int, params: dict[str, Any]) -> list[list[Any]]:
    """One part of the roll-up (events by subject label), read in one transaction with the offices."""

    def read(tx: ManagedTransaction) -> list[list[Any]]:
        holders = tx.run(_statement("office_holders")).data()
        offices = {row["holder"]: row["offices"] for row in holders}
        return [r.values() for r in tx.run(_statement("country_events"), {**params, "offices": offices, "part": part})]

    with driver.session(database=database) as session:
        return session.execute_read(read)


def country_events(driver: Driver, database: str, *, threads: int = 2,
                   **options: Unpack[ProjectionOptions]) -> CountryEvents:
    """Dated events between two countries, rolled up by the server, added up per day, dyad, relation and sign here.

    A Community server runs a query on one thread, on which grouping 470k events by six keys took most of the
    time: the server rolls the events up and counts those it drops, Python adds up the rest (integers: exact in
    any order), and the events are read in three parts by subject label on `threads` sessions at once. Each part
    is one snapshot; a write between them (a load running meanwhile) may show in one part only.
    """
    params = {**_range(options), "cooperative": {name: rel.cooperative for name, rel in RELATIONS.items()},
              "person": Label.PERSON.value}
    with ThreadPoolExecutor(max_workers=max(1, threads)) as pool:  # the biggest part (organizations) first
        parts = list(pool.map(lambda part: _part_rows(driver, database, part, params), range(3)))
    groups: dict[tuple[dt.date, str, str, str, bool | None], list[int]] = {}
    dropped = {"no_country": 0, "domestic": 0}
    days: dict[Any, dt.date] = {}  # a few hundred distinct days: convert each once
    for outcome, count, rows in (record for records in parts for record in records):
        if outcome in dropped:
            dropped[outcome] += count
            continue
        for day, a, b, relation, sign, micro in rows:
            native = days.get(day)
            if native is None:
                native = days[day] = _day(day)
            group = groups.setdefault((native, a, b, relation, sign), [0, 0])
            group[0] += 1
            group[1] += micro
    return CountryEvents.from_aggregates(groups, dropped_no_country=dropped["no_country"],
                                         dropped_domestic=dropped["domestic"])


def state_graph(driver: Driver, database: str) -> nx.MultiDiGraph:
    """Actors, offices and memberships, without events."""
    return actor_graph(driver, database, events=False)
