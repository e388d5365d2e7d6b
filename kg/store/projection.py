"""Reading the analysis projection from Neo4j (kg/analysis stays pure: networkx and pandas in, out).

`country_events` asks the server for events already rolled up to countries and aggregated per day, dyad,
relation and sign (cypher/project/country_events.cypher): tens of thousands of rows instead of one row per
event, the same `CountryEvents` that `kg.analysis.projection.country_events` builds from an actor graph.
`state_graph` is the actor graph without its events: what membership shares and country names need.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
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


def country_events(driver: Driver, database: str, **options: Unpack[ProjectionOptions]) -> CountryEvents:
    """Dated events between two countries, rolled up and aggregated by the server."""
    params = {**_range(options),
              "cooperative": {name: rel.cooperative for name, rel in RELATIONS.items()}}

    def read(tx: ManagedTransaction) -> list[list[Any]]:  # offices and events from one snapshot of the graph
        holders = tx.run(_statement("office_holders")).data()
        offices = {row["holder"]: row["offices"] for row in holders}
        return [r.values() for r in tx.run(_statement("country_events"), {**params, "offices": offices})]

    groups: dict[tuple[dt.date, str, str, str, bool | None], list[int]] = {}
    dropped = {"no_country": 0, "domestic": 0}
    with driver.session(database=database) as session:
        for outcome, day, a, b, relation, sign, events, micro in session.execute_read(read):
            if outcome in dropped:
                dropped[outcome] += events
            else:
                groups[(_day(day), a, b, relation, sign)] = [events, micro]
    return CountryEvents.from_aggregates(groups, dropped_no_country=dropped["no_country"],
                                         dropped_domestic=dropped["domestic"])


def state_graph(driver: Driver, database: str) -> nx.MultiDiGraph:
    """Actors, offices and memberships, without events."""
    return actor_graph(driver, database, events=False)
