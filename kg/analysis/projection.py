"""From Neo4j (or a snapshot file) to networkx, and from actors to countries.

The projection is an actor-level `nx.MultiDiGraph`: one edge per event (attributes `relation`, `day`,
`status`, `goldstein`, `quad_class`, `event_id`, `source_id`), plus the HOLDS_OFFICE and MEMBER_OF
edges with `since`/`until` that roll-up and membership shares need. Everything after this step
works on that graph alone, so a snapshot gives the same numbers as the server it was taken from.
"""

from __future__ import annotations

import datetime as dt
from bisect import bisect_left, bisect_right
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import networkx as nx
import pandas as pd
from neo4j import Driver

from kg import cypher
from kg.analysis.windows import Window
from kg.ontology import RELATIONS, RelKind

__all__ = ["ActorCountries", "CountryEvents", "actor_graph", "cooperative_of", "country_events", "memberships_at",
           "read_snapshot", "write_snapshot"]

# States (membership, office, alliance…) hold over intervals: they are not events to count in a window.
STATE_RELATIONS = frozenset(name for name, rel in RELATIONS.items() if rel.kind == RelKind.STATE)


def _to_date(value: Any) -> dt.date | None:
    if value is None or (isinstance(value, float) and pd.isna(value)) or value == "":
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if hasattr(value, "to_native"):
        return value.to_native()  # type: ignore[no-any-return]
    return dt.date.fromisoformat(str(value)[:10])


def actor_graph(driver: Driver, database: str, *, date_from: dt.date = dt.date(1900, 1, 1),
                date_to: dt.date = dt.date(2100, 12, 31), statuses: Iterable[str] = ("occurred",)) -> nx.MultiDiGraph:
    """Project the graph's actors, dated events, offices and memberships into networkx."""
    G = nx.MultiDiGraph()

    def rows(name: str, **params: Any) -> list[dict[str, Any]]:
        return [r.data() for r in driver.execute_query(cypher.read(name), params, database_=database).records]

    for actor in rows("project/actors.cypher"):
        G.add_node(actor.pop("id"), **{k: v for k, v in actor.items() if v is not None})
    for e in rows("project/events.cypher", date_from=date_from.isoformat(), date_to=date_to.isoformat(),
                  statuses=list(statuses)):
        G.add_edge(e["source"], e["target"], key=e["event_id"], relation=e["relation"], day=_to_date(e["day"]),
                   status=e["status"], goldstein=e["goldstein"], quad_class=e["quad_class"], source_id=e["source_id"])
    for o in rows("project/offices.cypher"):
        G.add_edge(o["person"], o["iso3"], relation="HOLDS_OFFICE", role=o["role"], since=_to_date(o["since"]),
                   until=_to_date(o["until"]))
    for m in rows("project/memberships.cypher"):
        G.add_edge(m["iso3"], m["org"], relation="MEMBER_OF", since=_to_date(m["since"]), until=_to_date(m["until"]),
                   status=m["status"])
    return G


# --- roll-up ----------------------------------------------------------------------------------

def cooperative_of(relation: str, quad_class: Any) -> bool | None:
    """An event's family: cooperative (quad classes 1-2), conflictual (3-4), else the relation's own sign."""
    if quad_class is not None and not (isinstance(quad_class, float) and pd.isna(quad_class)):
        return int(quad_class) <= 2
    rel = RELATIONS.get(relation)
    return rel.cooperative if rel else None


@dataclass
class CountryEvents:
    """Events rolled up to countries, sorted by day, for fast window slicing."""

    days: list[dt.date]
    a: list[str]
    b: list[str]
    relation: list[str]
    goldstein: list[float | None]
    cooperative: list[bool | None]
    dropped_no_country: int
    dropped_domestic: int
    # Events per entry when each entry stands for many (aggregates of the Spark job); goldstein is then a sum.
    weights: list[int] | None = None

    def __len__(self) -> int:
        return len(self.days)

    def graph(self, window: Window | None = None, *, relations: Iterable[str] | None = None,
              cooperative: bool | None = None) -> nx.Graph:
        """The collapsed country graph of a window (see `metrics.collapse` for the edge attributes)."""
        lo, hi = (0, len(self.days)) if window is None else (
            bisect_left(self.days, window.start), bisect_right(self.days, window.end))
        wanted = set(relations) if relations else None
        acc: dict[tuple[str, str], list[float]] = defaultdict(lambda: [0, 0.0, 0, 0])
        for i in range(lo, hi):
            if wanted is not None and self.relation[i] not in wanted:
                continue
            sign = self.cooperative[i]
            if cooperative is not None and sign is not cooperative:
                continue
            u, v = self.a[i], self.b[i]
            key = (u, v) if u < v else (v, u)
            edge = acc[key]
            weight = self.weights[i] if self.weights is not None else 1
            edge[0] += weight
            edge[1] += self.goldstein[i] or 0.0
            if sign is True:
                edge[2] += weight
            elif sign is False:
                edge[3] += weight
        G = nx.Graph()
        for (u, v), (count, goldstein, coop, conflict) in acc.items():
            G.add_edge(u, v, count=int(count), goldstein=goldstein, cooperative=int(coop), conflictual=int(conflict))
        return G

    def span(self) -> tuple[dt.date, dt.date] | None:
        return (self.days[0], self.days[-1]) if self.days else None


class ActorCountries:
    """Which country an actor stands for on a day: the state it holds office for then, else its own."""

    def __init__(self, offices: dict[Any, list[tuple[dt.date | None, dt.date | None, str]]]) -> None:
        self.offices = offices

    @classmethod
    def from_reference(cls) -> ActorCountries:
        """The offices of the shipped reference data (what `kg load reference` puts in the graph)."""
        from kg.reference import reference_data

        offices: dict[Any, list[tuple[dt.date | None, dt.date | None, str]]] = defaultdict(list)
        for office in reference_data().offices:
            if not office.holder.startswith("org:"):
                offices[office.person].append((office.since, office.until, office.holder))
        return cls(offices)

    def country_of(self, node: Any, static: str | None, day: dt.date) -> str | None:
        for since, until, iso3 in self.offices.get(node, ()):
            if (since is None or since <= day) and (until is None or day <= until):
                return iso3
        return static


def country_events(G: nx.MultiDiGraph) -> CountryEvents:
    """Roll every dated event up to the countries of its two actors *on the event's day*.

    An actor's country: a Country is itself; a person holding an office for a country on that day
    (HOLDS_OFFICE with since/until; undated offices always count) represents it; otherwise an
    actor's `country` attribute (ICEWS "Military (Russia)", a person's nationality). Events with an
    actor of no known country, and domestic events (both ends the same country), are left out and
    counted.
    """
    static: dict[Any, str | None] = {}
    for node, data in G.nodes(data=True):
        static[node] = data.get("iso3") if data.get("label") == "Country" else data.get("country")
    offices: dict[Any, list[tuple[dt.date | None, dt.date | None, str]]] = defaultdict(list)
    for u, v, data in G.edges(data=True):
        if data.get("relation") == "HOLDS_OFFICE":
            iso3 = G.nodes[v].get("iso3") or v
            offices[u].append((data.get("since"), data.get("until"), iso3))
    countries = ActorCountries(offices)

    def country_of(node: Any, day: dt.date) -> str | None:
        return countries.country_of(node, static.get(node), day)

    rows = []
    no_country = domestic = 0
    for u, v, data in G.edges(data=True):
        relation = data.get("relation")
        day = data.get("day")
        if relation in STATE_RELATIONS or day is None:
            continue
        a, b = country_of(u, day), country_of(v, day)
        if a is None or b is None:
            no_country += 1
            continue
        if a == b:
            domestic += 1
            continue
        rows.append((day, a, b, relation, data.get("goldstein"), cooperative_of(relation, data.get("quad_class"))))
    rows.sort(key=lambda r: r[0])
    return CountryEvents(days=[r[0] for r in rows], a=[r[1] for r in rows], b=[r[2] for r in rows],
                         relation=[r[3] for r in rows], goldstein=[r[4] for r in rows],
                         cooperative=[r[5] for r in rows], dropped_no_country=no_country, dropped_domestic=domestic)


def memberships_at(G: nx.MultiDiGraph, day: dt.date) -> dict[str, set[str]]:
    """Organization name (and id) → ISO3 of its members on `day`, from MEMBER_OF edges."""
    members: dict[str, set[str]] = defaultdict(set)
    for u, v, data in G.edges(data=True):
        if data.get("relation") != "MEMBER_OF" or data.get("status") == "planned":
            continue
        since, until = data.get("since"), data.get("until")
        if (since is None or since <= day) and (until is None or day <= until):
            iso3 = G.nodes[u].get("iso3") or u
            members[v].add(iso3)
            if name := G.nodes[v].get("name"):
                members[name].add(iso3)
    return dict(members)


# --- snapshots --------------------------------------------------------------------------------

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


def read_snapshot(path: Path) -> nx.MultiDiGraph:
    """The projection a snapshot froze (dates restored)."""
    G = nx.MultiDiGraph()
    if path.suffix == ".graphml":
        H = nx.read_graphml(path, force_multigraph=True)
        G.add_nodes_from(H.nodes(data=True))
        for u, v, key, data in H.edges(keys=True, data=True):
            G.add_edge(u, v, key=key, **{k: (_to_date(val) if k in _DATE_FIELDS else val) for k, val in data.items()})
    elif path.suffix == ".parquet":
        nodes = pd.read_parquet(path.with_suffix(".nodes.parquet"))
        for record in nodes.to_dict("records"):
            G.add_node(record.pop("id"), **{k: v for k, v in record.items() if not _missing(v)})
        edges = pd.read_parquet(path)
        for record in edges.to_dict("records"):
            u, v, key = record.pop("source"), record.pop("target"), record.pop("key")
            data = {k: (_to_date(val) if k in _DATE_FIELDS else val) for k, val in record.items() if not _missing(val)}
            if "quad_class" in data:
                data["quad_class"] = int(data["quad_class"])
            G.add_edge(u, v, key=key, **data)
    else:
        raise ValueError(f"{path}: a snapshot is .graphml or .parquet")
    return G


def _missing(value: Any) -> bool:
    return value is None or (isinstance(value, float) and pd.isna(value))
