"""The notebook API: pull subgraphs and event tables out of Neo4j into networkx and pandas.

    import kg
    driver = kg.connect()
    G = kg.subgraph(driver, center="Sergey Lavrov", hops=1, since="2022-01-01")
    df = kg.events(driver, country="RUS", since="2022-02-24")

The analysis functions (`kg.analysis.*`) take any networkx graph, including these.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any, TypedDict, Unpack

import networkx as nx
import pandas as pd
from neo4j import Driver

from kg.settings import Settings
from kg.store import cypher
from kg.store.db import timed

__all__ = ["EventFilter", "events", "subgraph"]


def _iso(value: str | dt.date | None) -> str | None:
    return value.isoformat() if isinstance(value, dt.date) else value


def _database(database: str | None) -> str:
    return database or Settings().neo4j_database


class EventFilter(TypedDict, total=False):
    """Which edges `subgraph` and `events` return; every key is optional."""

    since: str | dt.date | None  # events on or after this day
    until: str | dt.date | None  # events on or before this day
    types: Iterable[str] | None  # relationship types (default: all)
    statuses: Iterable[str] | None  # edge statuses (each function has its own default)
    database: str | None  # default: NEO4J_DATABASE


def _filter_params(options: EventFilter, default_statuses: tuple[str, ...]) -> dict[str, Any]:
    types, statuses = options.get("types"), options.get("statuses", default_statuses)
    return {"since": _iso(options.get("since")), "until": _iso(options.get("until")),
            "types": list(types) if types else None, "statuses": list(statuses) if statuses else None}


def subgraph(driver: Driver, *, center: str, hops: int = 1, **options: Unpack[EventFilter]) -> nx.MultiDiGraph:
    """The actors within `hops` of `center` (name, id or ISO3) and the edges between them, as a MultiDiGraph.

    Options: `since`, `until`, `types`, `statuses` (default occurred, planned, ended), `database`.
    Nodes carry `label`, `name`, `iso3`, `country`, `kind`; edges are keyed by `event_id` and carry
    `relation` plus every property of the edge (dates as Neo4j dates converted to `datetime.date`).
    """
    db = _database(options.get("database"))
    found = driver.execute_query(timed(cypher.read("notebook/find_actor.cypher")), {"name": center},
                                 database_=db).records
    if not found:
        raise KeyError(f"no actor {center!r} in the graph")
    G = nx.MultiDiGraph()
    frontier = {found[0]["id"]}
    seen: set[str] = set()
    params = _filter_params(options, ("occurred", "planned", "ended"))
    for _ in range(max(hops, 1)):
        records = driver.execute_query(timed(cypher.read("notebook/neighbourhood.cypher")),
                                       {"ids": sorted(frontier), **params}, database_=db).records
        seen |= frontier
        frontier = set()
        for record in records:
            for node in (record["source_node"], record["target_node"]):
                G.add_node(node["id"], **{k: v for k, v in node.items() if v is not None and k != "id"})
                if node["id"] not in seen:
                    frontier.add(node["id"])
            props = {k: (v.to_native() if hasattr(v, "to_native") else v) for k, v in record["props"].items()}
            G.add_edge(record["source"], record["target"], key=props.get("event_id"), relation=record["relation"],
                       **props)
    return G


def events(driver: Driver, *, country: str | None = None, **options: Unpack[EventFilter]) -> pd.DataFrame:
    """Events as a DataFrame (one row per edge), optionally only those involving a country's actors.

    Options: `since`, `until`, `types`, `statuses` (default occurred), `database`.
    """
    params = {"country": country, **_filter_params(options, ("occurred",))}
    records = driver.execute_query(timed(cypher.read("notebook/events.cypher")), params,
                                   database_=_database(options.get("database"))).records
    return pd.DataFrame([r.data() for r in records])
