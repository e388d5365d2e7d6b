"""From Neo4j (or a snapshot file) to networkx, and from actors to countries.

The projection is an actor-level `nx.MultiDiGraph`: one edge per event (attributes `relation`, `day`,
`status`, `goldstein`, `quad_class`, `event_id`, `source_id`), plus the HOLDS_OFFICE and MEMBER_OF
edges with `since`/`until` that roll-up and membership shares need. Everything after this step
works on that graph alone, so a snapshot gives the same numbers as the server it was taken from.
"""

from __future__ import annotations

import datetime as dt
import math
from bisect import bisect_left, bisect_right
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import networkx as nx
import numpy as np
import pandas as pd

from kg.analysis.windows import Window
from kg.ontology import RELATIONS, NodeLabel, RelKind

__all__ = [
    "STATE_RELATIONS",
    "ActorCountries",
    "CountryEvents",
    "cooperative_of",
    "country_events",
    "goldstein_micro",
    "memberships_at",
    "read_snapshot",
    "snapshot_country_events",
    "to_date",
    "write_snapshot",
]

# States (membership, office, alliance…) hold over intervals: they are not events to count in a window.
STATE_RELATIONS = frozenset(name for name, rel in RELATIONS.items() if rel.kind == RelKind.STATE)
HOLDS_OFFICE = RELATIONS["HOLDS_OFFICE"].name


def to_date(value: Any) -> dt.date | None:
    if value is None or (isinstance(value, float) and pd.isna(value)) or value == "":
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if hasattr(value, "to_native"):
        return value.to_native()  # type: ignore[no-any-return]
    return dt.date.fromisoformat(str(value)[:10])


# --- roll-up ----------------------------------------------------------------------------------

def cooperative_of(relation: str, quad_class: Any) -> bool | None:
    """An event's sign: its CAMEO quad class when given (1-2 cooperative), else its relation's."""
    if quad_class is not None and not (isinstance(quad_class, float) and pd.isna(quad_class)):
        return int(quad_class) <= 2
    rel = RELATIONS.get(relation)
    return rel.cooperative if rel else None


def goldstein_micro(value: Any) -> int:
    """A Goldstein score in millionths, rounded half up: integer sums are exact in any order, so the
    server's aggregate (cypher/project/country_events.cypher does the same arithmetic) and Python's agree."""
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return 0
    return math.floor(float(value) * 1_000_000.0 + 0.5)


def _sign_order(sign: bool | None) -> int:
    return -1 if sign is None else int(sign)


@dataclass
class CountryEvents:
    """Events rolled up to countries and aggregated per day, dyad (a → b), relation and sign.

    Row i stands for `count[i]` events with Goldstein sum `goldstein_micro[i]` / 10⁶. Rows are sorted
    by (day, a, b, relation, sign), so every source of the same events (the server's aggregate, an
    actor graph, a snapshot) gives the same rows in the same order, and the same floating-point results.
    """

    days: list[dt.date]
    a: list[str]
    b: list[str]
    relation: list[str]
    cooperative: list[bool | None]
    count: list[int]
    goldstein_micro: list[int]
    dropped_no_country: int
    dropped_domestic: int

    def __len__(self) -> int:
        return len(self.days)

    @property
    def events(self) -> int:
        """How many events the rows stand for."""
        return sum(self.count)

    def graph(self, window: Window | None = None, *, relations: Iterable[str] | None = None,
              cooperative: bool | None = None) -> nx.Graph:
        """The collapsed country graph of a window (see `metrics.collapse` for the edge attributes)."""
        lo, hi = (0, len(self.days)) if window is None else (
            bisect_left(self.days, window.start), bisect_right(self.days, window.end))
        wanted = set(relations) if relations else None
        acc: dict[tuple[str, str], list[int]] = defaultdict(lambda: [0, 0, 0, 0])
        for i in range(lo, hi):
            if wanted is not None and self.relation[i] not in wanted:
                continue
            sign = self.cooperative[i]
            if cooperative is not None and sign is not cooperative:
                continue
            u, v = self.a[i], self.b[i]
            edge = acc[(u, v) if u < v else (v, u)]
            edge[0] += self.count[i]
            edge[1] += self.goldstein_micro[i]
            if sign is True:
                edge[2] += self.count[i]
            elif sign is False:
                edge[3] += self.count[i]
        G = nx.Graph()
        for (u, v), (count, micro, coop, conflict) in acc.items():
            G.add_edge(u, v, count=count, goldstein=micro / 1_000_000, cooperative=coop, conflictual=conflict)
        return G

    def span(self) -> tuple[dt.date, dt.date] | None:
        return (self.days[0], self.days[-1]) if self.days else None

    @classmethod
    def from_aggregates(cls, groups: dict[tuple[dt.date, str, str, str, bool | None], list[int]], *,
                        dropped_no_country: int, dropped_domestic: int) -> CountryEvents:
        """From {(day, a, b, relation, sign): [count, goldstein_micro]} (merged, sorted here)."""
        keys = sorted(groups, key=lambda k: (k[0], k[1], k[2], k[3], _sign_order(k[4])))
        return cls(days=[k[0] for k in keys], a=[k[1] for k in keys], b=[k[2] for k in keys],
                   relation=[k[3] for k in keys], cooperative=[k[4] for k in keys],
                   count=[groups[k][0] for k in keys], goldstein_micro=[groups[k][1] for k in keys],
                   dropped_no_country=dropped_no_country, dropped_domestic=dropped_domestic)


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
    counted. The server computes the same in cypher/project/country_events.cypher.
    """
    static: dict[Any, str | None] = {}
    for node, data in G.nodes(data=True):
        static[node] = data.get("iso3") if data.get("label") == NodeLabel.COUNTRY else data.get("country")
    offices: dict[Any, list[tuple[dt.date | None, dt.date | None, str]]] = defaultdict(list)
    for u, v, data in G.edges(data=True):
        if data.get("relation") == HOLDS_OFFICE:
            offices[u].append((data.get("since"), data.get("until"), G.nodes[v].get("iso3") or v))
    countries = ActorCountries(offices)

    def country_of(node: Any, day: dt.date) -> str | None:
        return countries.country_of(node, static.get(node), day)

    groups: dict[tuple[dt.date, str, str, str, bool | None], list[int]] = defaultdict(lambda: [0, 0])
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
        group = groups[(day, a, b, relation, cooperative_of(relation, data.get("quad_class")))]
        group[0] += 1
        group[1] += goldstein_micro(data.get("goldstein"))
    return CountryEvents.from_aggregates(groups, dropped_no_country=no_country, dropped_domestic=domestic)


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
    states = edges[edges["relation"] == HOLDS_OFFICE]
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
    by_relation = events["relation"].map({name: _sign_order(rel.cooperative) for name, rel in RELATIONS.items()})
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
