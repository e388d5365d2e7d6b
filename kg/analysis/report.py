"""Reports over a projection: a country's metrics per window, before/after an event, top partners."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field
from typing import Any, TypedDict, Unpack

import networkx as nx

from kg.analysis.metrics import centrality_table, metrics_for, tie_share
from kg.analysis.projection import STATE_RELATIONS, CountryEvents, memberships_at
from kg.analysis.windows import Window
from kg.reference import lexicon

__all__ = ["BLOCS", "CentralityReport", "ComparisonOptions", "PeriodComparison", "ReportOptions", "all_countries",
           "centrality_over_time", "compare_periods", "ego_rows", "top_partners"]

# Shares of ties reported with the members (as of each window's last day) of these organizations,
# looked up by name in the graph's MEMBER_OF edges (reference data); None where none are loaded.
BLOCS = lexicon().blocs  # kg/reference/data/lexicon.toml


@dataclass
class CentralityReport:
    country: str
    rows: list[dict[str, Any]] = field(default_factory=list)

    def columns(self) -> list[str]:
        return list(self.rows[0]) if self.rows else []


def _window_row(G: nx.Graph, table: dict[Any, dict[str, Any]], country: str, window: Window,
                actor_graph: nx.MultiDiGraph | None) -> dict[str, Any]:
    row: dict[str, Any] = {"window": window.label, "start": window.start.isoformat(), "end": window.end.isoformat(),
                           "events": int(sum(d["count"] for _, _, d in G.edges(country, data=True)))
                           if country in G else 0}
    row.update(metrics_for(table, country))
    members = memberships_at(actor_graph, window.end) if actor_graph is not None else {}
    for bloc in BLOCS:
        group = members.get(bloc)
        row[f"share_{bloc.lower()}"] = tie_share(G, country, group) if group else None
    return row


class ReportOptions(TypedDict, total=False):
    actor_graph: nx.MultiDiGraph | None  # memberships (bloc shares): the projection without its events will do
    relations: list[str] | None  # only these relation types
    cooperative: bool | None  # only events of this sign


def centrality_over_time(events: CountryEvents, country: str, windows: list[Window],
                         **options: Unpack[ReportOptions]) -> CentralityReport:
    """One row per window: the country's metrics, ranks and isolation index in that window's graph."""
    report = CentralityReport(country)
    actor_graph = options.get("actor_graph")
    for window in windows:
        G = events.graph(window, relations=options.get("relations"), cooperative=options.get("cooperative"))
        table = centrality_table(G)
        report.rows.append(_window_row(G, table, country, window, actor_graph))
    return report


def all_countries(events: CountryEvents, windows: list[Window]) -> list[dict[str, Any]]:
    """Every country × every window: the full table behind rankings (and the benchmark)."""
    out = []
    for window in windows:
        table = centrality_table(events.graph(window))
        for country, metrics in table.items():
            out.append({"window": window.label, "country": country, **metrics})
    return out


def top_partners(events: CountryEvents, country: str, window: Window | None, limit: int = 10) -> list[dict[str, Any]]:
    G = events.graph(window)
    if country not in G:
        return []
    partners = sorted(((d["count"], other, d) for other, d in G[country].items()), key=lambda x: (-x[0], x[1]))
    return [{"partner": other, "events": count, "cooperative": d["cooperative"], "conflictual": d["conflictual"],
             "goldstein_sum": round(d["goldstein"], 2)} for count, other, d in partners[:limit]]


class ComparisonOptions(TypedDict, total=False):
    actor_graph: nx.MultiDiGraph | None  # as in `centrality_over_time`
    partners: int  # how many top partners per period (default 10)


@dataclass
class PeriodComparison:
    country: str
    before: dict[str, Any]
    after: dict[str, Any]
    partners_before: list[dict[str, Any]]
    partners_after: list[dict[str, Any]]

    def deltas(self) -> dict[str, Any]:
        out = {}
        for key, old in self.before.items():
            new = self.after.get(key)
            if isinstance(old, int | float) and isinstance(new, int | float) and not isinstance(old, bool):
                out[key] = new - old
        return out

    def as_dict(self) -> dict[str, Any]:
        return {"country": self.country, "before": self.before, "after": self.after, "change": self.deltas(),
                "partners_before": self.partners_before, "partners_after": self.partners_after}


def compare_periods(events: CountryEvents, country: str, before: Window, after: Window,
                    **options: Unpack[ComparisonOptions]) -> PeriodComparison:
    """The country's metrics in two periods (e.g. the year before and after 2022-02-24), and its partners."""
    partners = options.get("partners", 10)
    rows = centrality_over_time(events, country, [before, after], actor_graph=options.get("actor_graph")).rows
    return PeriodComparison(country, rows[0], rows[1], top_partners(events, country, before, partners),
                            top_partners(events, country, after, partners))


def ego_rows(G: nx.MultiDiGraph, center: Any) -> list[dict[str, Any]]:
    """The actor's counterparts in an actor-level projection: events with each, by relation, first/last day."""
    per: dict[Any, list[dict[str, Any]]] = {}
    for u, v, data in list(G.out_edges(center, data=True)) + list(G.in_edges(center, data=True)):
        if data.get("relation") in STATE_RELATIONS or data.get("day") is None:
            continue
        per.setdefault(v if u == center else u, []).append(data)
    rows = []
    for other, edges in per.items():
        relations = Counter(str(e["relation"]) for e in edges)
        days = sorted(e["day"] for e in edges)
        rows.append({"counterpart": G.nodes[other].get("name", other), "id": other,
                     "label": G.nodes[other].get("label"), "events": len(edges),
                     "relations": [f"{r} {n}" if n > 1 else r for r, n in relations.most_common()],
                     "first": days[0].isoformat(), "last": days[-1].isoformat()})
    return sorted(rows, key=lambda r: (-r["events"], str(r["counterpart"])))


def default_range(events: CountryEvents) -> tuple[dt.date, dt.date]:
    span = events.span()
    if span is None:
        raise ValueError("the projection has no dated events between two countries")
    return span
