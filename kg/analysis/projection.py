"""From actors to countries: the projection's data classes and the roll-up (pure: networkx and pandas).

The projection is an actor-level `nx.MultiDiGraph`, read by `kg.store.projection` (Neo4j) or
`kg.store.snapshot` (a file): one edge per event, keyed by its event id (attributes `relation`, `day`,
`status`, `goldstein`, `quad_class`, `source_id`), plus the HOLDS_OFFICE and MEMBER_OF edges with
`since`/`until` that roll-up and membership shares need. Everything after this step works on that
graph alone, so a snapshot gives the same numbers as the server it was taken from.
"""

from __future__ import annotations

import datetime as dt
import math
from bisect import bisect_left, bisect_right
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import networkx as nx
import pandas as pd

from kg.analysis.windows import Window
from kg.ontology import RELATIONS, STATE_RELATIONS, NodeLabel, RelType

__all__ = [
    "STATE_RELATIONS",
    "ActorCountries",
    "CountryEvents",
    "cooperative_of",
    "country_events",
    "goldstein_micro",
    "memberships_at",
    "sign_order",
    "to_date",
]



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


def sign_order(sign: bool | None) -> int:
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
        """The country graph of a window: one undirected edge per pair with `count` (events, both directions),
        `goldstein` (their Goldstein sum), `cooperative` and `conflictual` (events of each known sign)."""
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
        keys = sorted(groups, key=lambda k: (k[0], k[1], k[2], k[3], sign_order(k[4])))
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
        if data.get("relation") == RelType.HOLDS_OFFICE:
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
        if data.get("relation") != RelType.MEMBER_OF or data.get("status") == "planned":
            continue
        since, until = data.get("since"), data.get("until")
        if (since is None or since <= day) and (until is None or day <= until):
            iso3 = G.nodes[u].get("iso3") or u
            members[v].add(iso3)
            if name := G.nodes[v].get("name"):
                members[name].add(iso3)
    return dict(members)
