"""What `kg analyze` does, as library functions: read the projection (Neo4j, a snapshot file, or the
aggregates of `kg spark aggregate`), run the pure analysis of `kg.analysis`, return the result.

Each function reads from `snapshot` when it is given (no server needed; `driver` may then be None), else from
`driver`/`database`. Arguments are named like the command's options: `kg analyze centrality --country RUS
--since 2022-01-01` is `centrality(driver, "neo4j", "RUS", since=dt.date(2022, 1, 1))`.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Required, TypedDict, Unpack

import networkx as nx
from neo4j import Driver

from kg.analysis.projection import CountryEvents
from kg.analysis.report import CentralityReport, PeriodComparison, centrality_over_time, compare_periods, ego_rows
from kg.analysis.windows import Window, split_at, windows

__all__ = ["CentralityOptions", "CentralityResult", "CompareOptions", "EgoResult", "NoData", "RangeOptions",
           "UnknownActor", "centrality", "compare", "country_events", "ego"]

_FAR_PAST, _FAR_FUTURE = dt.date(1900, 1, 1), dt.date(2100, 12, 31)


class NoData(ValueError):
    """The range is empty or inverted: there is nothing to analyse."""


class UnknownActor(LookupError):
    """No actor of that name in the projection (the message names the closest ones)."""


class RangeOptions(TypedDict, total=False):
    since: dt.date | None  # first day (default: the data's first)
    until: dt.date | None  # last day (default: the data's last)
    snapshot: Path | None  # read this snapshot file (or `kg spark aggregate` output) instead of Neo4j


class CentralityOptions(RangeOptions, total=False):
    window: str  # week | month | quarter | year (default month)
    split: dt.date | None  # also compare before vs after this day
    relations: list[str] | None  # only these relation types


class CompareOptions(TypedDict, total=False):
    at: Required[dt.date]  # the day that splits the two periods
    days: int  # length of each period (default 365)
    snapshot: Path | None


def _need_driver(driver: Driver | None) -> Driver:
    if driver is None:
        raise ValueError("give a driver (to read Neo4j) or a snapshot path")
    return driver


def country_events(driver: Driver | None, database: str,
                   **options: Unpack[RangeOptions]) -> tuple[CountryEvents, nx.MultiDiGraph]:
    """Events rolled up to countries (aggregated by the server when online), and the actor graph without its
    events (memberships for bloc shares, country names): no event crosses the wire one by one."""
    from kg.analysis.aggregates import is_aggregates, read_aggregates
    from kg.store import projection
    from kg.store.snapshot import read_snapshot, snapshot_country_events

    snapshot, since, until = options.get("snapshot"), options.get("since"), options.get("until")
    if snapshot is not None and is_aggregates(snapshot):  # `kg spark aggregate` output: no actor graph
        return read_aggregates(snapshot, since, until), nx.MultiDiGraph()
    if snapshot is not None:
        return snapshot_country_events(snapshot), read_snapshot(snapshot, events=False)
    driver = _need_driver(driver)
    events = projection.country_events(driver, database, date_from=since or _FAR_PAST, date_to=until or _FAR_FUTURE)
    return events, projection.state_graph(driver, database)


@dataclass
class CentralityResult:
    """A country's metrics per window (windows without its events blanked), the optional before/after comparison,
    and notes on what was left out."""

    country: str
    window: str
    report: CentralityReport
    comparison: PeriodComparison | None
    notes: list[str]
    dropped: dict[str, int]
    names: dict[str, str] = field(default_factory=dict)  # ISO3 → country name, for plots

    @property
    def rows(self) -> list[dict[str, Any]]:
        return blank_empty_windows(self.report.rows)

    def as_dict(self) -> dict[str, Any]:
        return {"country": self.country, "windows": self.rows,
                "comparison": self.comparison.as_dict() if self.comparison else None, "notes": self.notes,
                "dropped": self.dropped}


def centrality(driver: Driver | None, database: str, country: str,
               **options: Unpack[CentralityOptions]) -> CentralityResult:
    """A country's degree, strength, PageRank, eigenvector, betweenness, closeness, clustering, ranks and isolation
    index per calendar `window` in [since, until] (default: the data's first and last day); with `split`, also its
    metrics and top partners before vs after that day. Only dated events that occurred count."""
    events, G = country_events(driver, database, since=options.get("since"), until=options.get("until"),
                               snapshot=options.get("snapshot"))
    start, end = date_range(events, options.get("since"), options.get("until"))
    relations, split, window = options.get("relations"), options.get("split"), options.get("window", "month")
    wanted = [r.strip().upper() for r in relations] if relations else None
    report = centrality_over_time(events, country, windows(start, end, window), actor_graph=G, relations=wanted)
    comparison = None
    if split:
        comparison = compare_periods(events, country, Window(start, split - dt.timedelta(days=1)), Window(split, end),
                                     actor_graph=G)
    return CentralityResult(country, window, report, comparison, centrality_notes(report.rows, country, events),
                            {"no_country": events.dropped_no_country, "domestic": events.dropped_domestic},
                            country_names(G))


def compare(driver: Driver | None, database: str, country: str, **options: Unpack[CompareOptions]) -> PeriodComparison:
    """A country in the `days` before vs the `days` from `at`: metrics, their change, top partners in each."""
    before, after = split_at(options["at"], options.get("days", 365))
    events, G = country_events(driver, database, since=before.start, until=after.end,
                               snapshot=options.get("snapshot"))
    return compare_periods(events, country, before, after, actor_graph=G)


@dataclass
class EgoResult:
    """An actor's counterparts in [since, until], and what the projection left out around it."""

    actor: Any
    name: str
    counterparts: list[dict[str, Any]]
    left_out: dict[str, int]
    notes: list[str]
    graph: nx.MultiDiGraph  # the actor graph, restricted to the range (for plots)

    def as_dict(self) -> dict[str, Any]:
        return {"actor": self.actor, "name": self.name, "counterparts": self.counterparts,
                "left_out": self.left_out, "notes": self.notes}


def ego(driver: Driver | None, database: str, actor: str, **options: Unpack[RangeOptions]) -> EgoResult:
    """An actor (name, title, alias or id) and its counterparts: events with each, by relation, first and last day
    (dated, occurred events in [since, until]). Raises `UnknownActor` naming the closest names."""
    from kg.store.projection import actor_graph, left_out
    from kg.store.snapshot import read_snapshot

    lo, hi, snapshot = options.get("since") or _FAR_PAST, options.get("until") or _FAR_FUTURE, options.get("snapshot")
    G = read_snapshot(snapshot) if snapshot is not None else actor_graph(_need_driver(driver), database,
                                                                         date_from=lo, date_to=hi)
    center = find_actor(G, actor)
    G.remove_edges_from([(u, v, k) for u, v, k, d in G.edges(keys=True, data=True)
                         if d.get("day") and not lo <= d["day"] <= hi])
    rows = ego_rows(G, center)
    missing = left_out(_need_driver(driver), database, str(center), date_from=lo, date_to=hi) \
        if snapshot is None else {}
    notes = _ego_notes(missing, sum(r["events"] for r in rows), snapshot is not None)
    return EgoResult(center, str(G.nodes[center].get("name", center)), rows, missing, notes, G)


def find_actor(G: nx.MultiDiGraph, actor: str) -> Any:
    """The node for a name, title ("President Zelenskyy"), alias or id; else `UnknownActor` with the closest names."""
    from rapidfuzz import process

    from kg.store.params import BadParameter, resolve_actor

    try:
        wanted = resolve_actor(actor)
    except BadParameter as exc:
        raise UnknownActor(str(exc)) from None
    if wanted in G:
        return wanted
    folded = {str(d.get("name", n)).casefold(): n for n, d in G.nodes(data=True)}
    if actor.strip().casefold() in folded:
        return folded[actor.strip().casefold()]
    near = [m[0] for m in process.extract(actor.casefold(), list(folded), limit=3, score_cutoff=70)]
    names = [str(G.nodes[folded[k]].get("name", folded[k])) for k in near]
    hint = f"; did you mean {' or '.join(names)}?" if names else ""
    raise UnknownActor(f"no actor named {actor!r} in the graph{hint}")


# --- helpers shared with callers that build their own reports ----------------------------------

def date_range(events: CountryEvents, since: dt.date | None, until: dt.date | None) -> tuple[dt.date, dt.date]:
    """The given range; the data's first/last day where not given (`NoData` only if there is no data at all)."""
    if since and until:
        if since > until:
            raise NoData(f"since {since} is after until {until}")
        return since, until
    span = events.span()
    if span is None:
        raise NoData("no dated events between two countries in the graph in that range; give since and until "
                     "for empty windows, or load data (`kg query graph-overview` shows what is loaded)")
    return since or span[0], until or span[1]


def blank_empty_windows(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """A window where the country has no events has no rank or centrality: blank, not 0 and not rank 1."""
    keep = {"window", "start", "end", "events", "countries"}
    return [row if row.get("events") else {k: (v if k in keep else None) for k, v in row.items()} for row in rows]


def centrality_notes(rows: list[dict[str, Any]], country: str, events: CountryEvents) -> list[str]:
    notes = []
    empty = sum(1 for row in rows if not row.get("events"))
    if empty:
        notes.append(f"{empty} of {len(rows)} windows have no events of {country}: metrics left blank")
    if events.dropped_no_country or events.dropped_domestic:
        notes.append(f"left out: {events.dropped_no_country:,} events of actors with no country, "
                     f"{events.dropped_domestic:,} domestic events; undated and not-occurred events never count")
    else:
        notes.append("undated and not-occurred (e.g. planned) events never count")
    return notes


def _ego_notes(missing: dict[str, int], shown: int, from_snapshot: bool) -> list[str]:
    if from_snapshot:
        return [f"{shown:,} dated, occurred events shown; snapshots hold no undated or planned events"]
    parts = [f"{missing.get('undated', 0):,} undated", f"{missing.get('not_counted_status', 0):,} not occurred "
             "(planned, …)", f"{missing.get('outside_range', 0):,} outside the date range"]
    return [f"{shown:,} of {missing.get('total', shown):,} events shown; left out: {', '.join(parts)}"]


def country_names(G: nx.MultiDiGraph) -> dict[str, str]:
    """ISO3 → name of the countries in an actor graph."""
    return {d["iso3"]: d.get("name", d["iso3"]) for _, d in G.nodes(data=True) if d.get("iso3")}
