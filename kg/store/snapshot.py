"""Snapshots: the analysis projection frozen to a file, read back for offline analysis, and imported into Neo4j.

A snapshot (`.graphml`, or `.parquet` with the nodes in `<name>.nodes.parquet`) holds the actor graph that
`kg.store.projection.actor_graph` reads: actors, dated events, offices and memberships, every edge keyed by its
event id. It keeps what analysis needs (actors, relation, day, status, Goldstein, quad class, source), not evidence
text. `import_snapshot` writes it back through the one writer (`kg.store.writer`) under the same ids, so
export → import → export gives the same file.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import networkx as nx
import numpy as np
import pandas as pd
from neo4j import Driver
from pydantic import ValidationError

from kg.analysis.projection import CountryEvents, country_events, sign_order, to_date
from kg.models import ActorRef, Event
from kg.ontology import RELATIONS, STATE_RELATIONS, NodeLabel, OrgKind, RelType, Status, relation
from kg.rows import Reject, Row, describe_validation_error
from kg.store.projection import actor_graph
from kg.store.writer import LoadSummary, load, node_rows, write_nodes

__all__ = ["export_snapshot", "import_snapshot", "read_snapshot", "snapshot_country_events", "snapshot_rows",
           "write_snapshot"]

_DATE_FIELDS = ("day", "since", "until")


def write_snapshot(G: nx.MultiDiGraph, path: Path) -> Path:
    """Freeze a projection: `.graphml` (one file) or `.parquet` (edges; nodes in `<name>.nodes.parquet`)."""
    if path.suffix == ".graphml":
        H = nx.MultiDiGraph()
        H.add_nodes_from((n, {k: v for k, v in d.items() if v is not None}) for n, d in G.nodes(data=True))
        for u, v, key, data in G.edges(keys=True, data=True):
            H.add_edge(u, v, key=str(key), **{k: (val.isoformat() if isinstance(val, dt.date) else val)
                                              for k, val in data.items() if val is not None})
        nx.write_graphml(H, path)
    elif path.suffix == ".parquet":
        edges = pd.DataFrame([{"source": u, "target": v, "key": str(k), **d}
                              for u, v, k, d in G.edges(keys=True, data=True)])
        for column in _DATE_FIELDS:
            if column in edges:
                edges[column] = edges[column].map(lambda x: x.isoformat() if isinstance(x, dt.date) else None)
        edges.to_parquet(path, index=False)
        nodes = pd.DataFrame([{"id": n, **d} for n, d in G.nodes(data=True)])
        nodes.to_parquet(path.with_suffix(".nodes.parquet"), index=False)
    else:
        raise ValueError(f"{path}: a snapshot is .graphml or .parquet")
    return path


def read_snapshot(path: Path, *, events: bool = True) -> nx.MultiDiGraph:
    """The projection a snapshot froze (dates restored); `events=False` keeps only actors and state edges
    (offices, memberships), for reports whose events come from `snapshot_country_events`."""
    G = nx.MultiDiGraph()
    if path.suffix == ".graphml":
        H = nx.read_graphml(path, force_multigraph=True)
        G.add_nodes_from(H.nodes(data=True))
        for u, v, key, data in H.edges(keys=True, data=True):
            if events or data.get("relation") in STATE_RELATIONS:
                G.add_edge(u, v, key=key, **{k: (to_date(val) if k in _DATE_FIELDS else val)
                                             for k, val in data.items()})
    elif path.suffix == ".parquet":
        nodes = pd.read_parquet(path.with_suffix(".nodes.parquet"))
        for record in nodes.to_dict("records"):
            G.add_node(record.pop("id"), **{k: v for k, v in record.items() if not _missing(v)})
        edges = pd.read_parquet(path)
        if not events:
            edges = edges[edges["relation"].isin(STATE_RELATIONS)]
        for record in edges.to_dict("records"):
            u, v, key = record.pop("source"), record.pop("target"), record.pop("key")
            data = {k: (to_date(val) if k in _DATE_FIELDS else val) for k, val in record.items() if not _missing(val)}
            if "quad_class" in data:
                data["quad_class"] = int(data["quad_class"])
            G.add_edge(u, v, key=key, **data)
    else:
        raise ValueError(f"{path}: a snapshot is .graphml or .parquet")
    return G


def snapshot_country_events(path: Path) -> CountryEvents:
    """`country_events(read_snapshot(path))` without building the actor graph: columns in, rows out.

    For Parquet snapshots the roll-up runs on whole columns (pandas); only the events of office holders
    go through `country_of` one by one. GraphML snapshots take the graph route.
    """
    if path.suffix != ".parquet":
        return country_events(read_snapshot(path))
    nodes = pd.read_parquet(path.with_suffix(".nodes.parquet")).reindex(columns=["id", "label", "iso3", "country"])
    static = pd.Series(nodes["iso3"].where(nodes["label"] == NodeLabel.COUNTRY, nodes["country"]).values,
                       index=nodes["id"].values).dropna()
    edges = pd.read_parquet(path).reindex(columns=["source", "target", "relation", "day", "since", "until",
                                                   "goldstein", "quad_class"])
    states = edges[edges["relation"] == RelType.HOLDS_OFFICE]
    iso3 = dict(static)
    offices: dict[Any, list[tuple[dt.date | None, dt.date | None, str]]] = defaultdict(list)
    for person, country, since, until in zip(states["source"], states["target"], states["since"], states["until"],
                                             strict=True):
        offices[person].append((to_date(since), to_date(until), iso3.get(country) or country))
    events = edges[~edges["relation"].isin(STATE_RELATIONS) & edges["day"].notna()]
    a = _roll_up(events["source"], events["day"], static, offices)
    b = _roll_up(events["target"], events["day"], static, offices)
    no_country = a.isna() | b.isna()
    domestic = ~no_country & (a == b)
    keep = ~no_country & ~domestic
    quad = events["quad_class"].astype(float)
    by_relation = events["relation"].map({name: sign_order(rel.cooperative) for name, rel in RELATIONS.items()})
    sign = (quad <= 2).astype(int).where(quad.notna(), by_relation.fillna(-1)).astype(int)
    micro = np.floor(events["goldstein"].astype(float) * 1_000_000.0 + 0.5).fillna(0).astype("int64")
    frame = pd.DataFrame({"day": events["day"], "a": a, "b": b, "relation": events["relation"], "sign": sign,
                          "count": 1, "micro": micro})[keep]
    summed = frame.groupby(["day", "a", "b", "relation", "sign"], sort=False).sum()
    signs = {-1: None, 0: False, 1: True}
    groups: dict[tuple[dt.date, str, str, str, bool | None], list[int]] = {
        (dt.date.fromisoformat(str(day)[:10]), ca, cb, relation, signs[code]): [int(n), int(m)]
        for (day, ca, cb, relation, code), n, m in zip(summed.index, summed["count"], summed["micro"], strict=True)}
    return CountryEvents.from_aggregates(groups, dropped_no_country=int(no_country.sum()),
                                         dropped_domestic=int(domestic.sum()))


def _roll_up(actors: pd.Series, days: pd.Series, static: pd.Series,
             offices: dict[Any, list[tuple[dt.date | None, dt.date | None, str]]]) -> pd.Series:
    """Each actor's country on its event's day: offices first (row by row, few), else the static country."""
    countries = actors.map(static)
    holders = actors.isin(list(offices))
    for index, actor, day in zip(actors.index[holders], actors[holders], days[holders], strict=True):
        when = to_date(day)
        for since, until, iso3 in offices[actor]:
            if (since is None or since <= when) and (until is None or when <= until):  # type: ignore[operator]
                countries.at[index] = iso3
                break
    return countries


def _missing(value: Any) -> bool:
    return value is None or (isinstance(value, float) and pd.isna(value))


# --- Neo4j → file → Neo4j ---------------------------------------------------------------------

def export_snapshot(driver: Driver, database: str, path: Path, *, since: dt.date | None = None,
                    until: dt.date | None = None) -> nx.MultiDiGraph:
    """Write the projection (actors, dated events in [since, until], offices, memberships) to `path`."""
    G = actor_graph(driver, database, date_from=since or dt.date(1900, 1, 1), date_to=until or dt.date(2100, 12, 31))
    write_snapshot(G, path)
    return G


def _actor(node: Any, data: dict[str, Any]) -> ActorRef:
    label = NodeLabel(data.get("label", NodeLabel.ORGANIZATION))
    kind = OrgKind(data["kind"]) if data.get("kind") and label == NodeLabel.ORGANIZATION else None
    return ActorRef(id=str(node), label=label, name=str(data.get("name") or node), kind=kind,
                    country=data.get("country") if label != NodeLabel.COUNTRY else None)


def _event(G: nx.MultiDiGraph, edge: tuple[Any, Any, Any, dict[str, Any]], default_source: str) -> Event:
    u, v, key, data = edge
    rel = relation(data["relation"])
    day = data.get("day")
    return Event(relation=rel.name, subject=_actor(u, G.nodes[u]), object=_actor(v, G.nodes[v]), event_id=str(key),
                 source=data.get("source_id") or default_source, status=Status(data.get("status") or "occurred"),
                 date=day, since=data.get("since", day), until=data.get("until", day),
                 date_precision="day" if day else "unknown", goldstein=data.get("goldstein"),
                 quad_class=data.get("quad_class"), role=data.get("role"))


def _rows(G: nx.MultiDiGraph, path: Path) -> Iterator[Row | Reject]:
    default_source = f"snapshot:{path.stem}"
    for number, (u, v, key, data) in enumerate(G.edges(keys=True, data=True), start=1):
        try:
            yield Row(_event(G, (u, v, key, data), default_source), str(path), number)
        except ValidationError as exc:
            column, reason = describe_validation_error(exc)
            yield Reject(str(path), number, reason, column)
        except (KeyError, ValueError) as exc:
            yield Reject(str(path), number, f"edge {u}→{v}: {exc}")


def snapshot_rows(path: Path) -> Iterator[Row | Reject]:
    """The snapshot's edges as writer rows, each under the event id it was exported with."""
    return _rows(read_snapshot(path), path)


def import_snapshot(driver: Driver, database: str, path: Path) -> LoadSummary:
    """Load a snapshot through the writer: every actor (with or without edges), then every edge, idempotently."""
    G = read_snapshot(path)
    actors = []
    for node, data in G.nodes(data=True):
        try:
            actors.append(_actor(node, data))
        except (ValidationError, ValueError):
            continue  # its edges are rejected one by one below, with the reason
    write_nodes(driver, database, node_rows(actors))
    return load(driver, database, lambda: _rows(G, path))
