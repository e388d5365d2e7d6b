"""`kg analyze …` and `kg snapshot …`: NetworkX analysis of the graph, online or from a snapshot file."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import click
import networkx as nx

from kg.analysis.aggregates import is_aggregates, read_aggregates
from kg.analysis.projection import CountryEvents, actor_graph, country_events, read_snapshot, write_snapshot
from kg.analysis.report import centrality_over_time, compare_periods, default_range
from kg.analysis.windows import FREQUENCIES, Window, split_at, windows
from kg.cli_common import App, F, output_options, pass_app, print_rows

__all__ = ["analyze", "snapshot"]

_TABLE_COLUMNS = ["window", "events", "partners", "strength", "rank_strength", "pagerank", "rank_pagerank",
                  "eigenvector", "betweenness", "closeness", "clustering", "cooperative_share", "isolation_index",
                  "countries"]
_DATE = click.DateTime(formats=["%Y-%m-%d"])


def _day(value: dt.datetime | None) -> dt.date | None:
    return value.date() if value else None


def source_options(func: F) -> F:
    for option in reversed([
        click.option("--snapshot", "snapshot_path", type=click.Path(exists=True, path_type=Path),
                     help="Analyse a snapshot file (kg snapshot export), or the aggregates of `kg spark aggregate`, "
                          "instead of the live graph: no server."),
        click.option("--from", "date_from", type=_DATE, help="First day (default: the data's first)."),
        click.option("--to", "date_to", type=_DATE, help="Last day (default: the data's last)."),
    ]):
        func = option(func)
    return func


def _projection(app: App, snapshot_path: Path | None, date_from: dt.date | None,
                date_to: dt.date | None) -> nx.MultiDiGraph:
    if snapshot_path is not None:
        return read_snapshot(snapshot_path)
    return actor_graph(app.driver, app.database, date_from=date_from or dt.date(1900, 1, 1),
                       date_to=date_to or dt.date(2100, 12, 31))


def _country_events(app: App, snapshot_path: Path | None, date_from: dt.date | None,
                    date_to: dt.date | None) -> tuple[CountryEvents, nx.MultiDiGraph]:
    """Events rolled up to countries, and the actor graph they came from (empty for Spark aggregates)."""
    if snapshot_path is not None and is_aggregates(snapshot_path):
        return read_aggregates(snapshot_path, date_from, date_to), nx.MultiDiGraph()
    G = _projection(app, snapshot_path, date_from, date_to)
    return country_events(G), G


def _rounded(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [{k: round(v, 4) if isinstance(v, float) else v for k, v in row.items()} for row in rows]


@click.group()
def analyze() -> None:
    """Centrality and isolation of countries over time (NetworkX), with tables, JSON, CSV and plots."""


@analyze.command("centrality")
@click.option("--country", default="RUS", show_default=True, help="ISO3 code.")
@click.option("--window", type=click.Choice(FREQUENCIES), default="month", show_default=True)
@click.option("--split", type=_DATE, help="Also compare before vs after this day (e.g. 2022-02-24).")
@click.option("--relations", help="Only these relation types, comma-separated (e.g. MET,CALLED,VISITED).")
@click.option("--plot", "plot_path", type=click.Path(dir_okay=False, path_type=Path),
              help="Write a PNG: ranks and strength over time (and partners before/after with --split).")
@source_options
@output_options
@pass_app
def centrality(app: App, country: str, window: str, split: dt.datetime | None, relations: str | None,
               plot_path: Path | None, snapshot_path: Path | None, date_from: dt.datetime | None,
               date_to: dt.datetime | None, fmt: str) -> None:
    """A country's degree, strength, PageRank, eigenvector, betweenness, closeness, clustering, ranks and
    isolation index per window (people and state bodies rolled up to their country on each event's day)."""
    country = country.upper()
    events, G = _country_events(app, snapshot_path, _day(date_from), _day(date_to))
    try:
        first, last = default_range(events)
    except ValueError as exc:
        raise click.ClickException(str(exc)) from None
    start, end = _day(date_from) or first, _day(date_to) or last
    wanted = [r.strip().upper() for r in relations.split(",")] if relations else None
    report = centrality_over_time(events, country, windows(start, end, window), actor_graph=G, relations=wanted)
    comparison = None
    if split:
        day = split.date()
        comparison = compare_periods(events, country, Window(start, day - dt.timedelta(days=1)), Window(day, end),
                                     actor_graph=G)
    if fmt == "json":
        click.echo(json.dumps({"country": country, "windows": _rounded(report.rows),
                               "comparison": comparison.as_dict() if comparison else None,
                               "dropped": {"no_country": events.dropped_no_country,
                                           "domestic": events.dropped_domestic}}, indent=2, default=str))
    else:
        print_rows(_TABLE_COLUMNS, _rounded(report.rows), fmt, title=f"{country} per {window}")
        if comparison and fmt == "table":
            _print_comparison(comparison.as_dict())
    if plot_path:
        from kg.analysis import plots  # matplotlib is slow to import: only when drawing

        plots.plot_centrality(report, plot_path, comparison, _names(G))
        click.echo(f"plot written to {plot_path}", err=True)


@analyze.command("compare")
@click.option("--country", default="RUS", show_default=True)
@click.option("--at", "at_day", type=_DATE, required=True, help="The event day, e.g. 2022-02-24.")
@click.option("--days", default=365, show_default=True, help="Length of each period.")
@click.option("--snapshot", "snapshot_path", type=click.Path(exists=True, path_type=Path),
              help="A snapshot file, or the aggregates of `kg spark aggregate`.")
@output_options
@pass_app
def compare(app: App, country: str, at_day: dt.datetime, days: int, snapshot_path: Path | None, fmt: str) -> None:
    """A country before vs after a day: metrics, their change, top partners in each period."""
    before, after = split_at(at_day.date(), days)
    events, G = _country_events(app, snapshot_path, before.start, after.end)
    result = compare_periods(events, country.upper(), before, after, actor_graph=G).as_dict()
    if fmt == "json":
        click.echo(json.dumps(result, indent=2, default=str))
    else:
        _print_comparison(result, fmt)


def _print_comparison(result: dict[str, Any], fmt: str = "table") -> None:
    keys = [k for k in _TABLE_COLUMNS if k != "window"] + [k for k in result["before"] if k.startswith("share_")]
    rows = [{"metric": k, "before": result["before"].get(k), "after": result["after"].get(k),
             "change": result["change"].get(k)} for k in keys]
    print_rows(["metric", "before", "after", "change"], _rounded(rows), fmt,
               title=f"{result['country']}: {result['before']['window']} vs {result['after']['window']}")
    partner_rows = []
    for i in range(max(len(result["partners_before"]), len(result["partners_after"]))):
        b = result["partners_before"][i] if i < len(result["partners_before"]) else {}
        a = result["partners_after"][i] if i < len(result["partners_after"]) else {}
        partner_rows.append({"before": b.get("partner"), "events_before": b.get("events"),
                             "after": a.get("partner"), "events_after": a.get("events")})
    print_rows(["before", "events_before", "after", "events_after"], partner_rows, fmt, title="top partners")


@analyze.command("ego")
@click.option("--actor", required=True, help="Name or id of a person, organization or country.")
@click.option("--since", type=_DATE)
@click.option("--until", type=_DATE)
@click.option("--plot", "plot_path", type=click.Path(dir_okay=False, path_type=Path), required=True)
@click.option("--snapshot", "snapshot_path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@pass_app
def ego(app: App, actor: str, since: dt.datetime | None, until: dt.datetime | None, plot_path: Path,
        snapshot_path: Path | None) -> None:
    """Draw an actor's ego network (its counterparts, sized by events) to a PNG."""
    G = _projection(app, snapshot_path, _day(since), _day(until))
    wanted = actor.casefold()
    matches = [n for n, d in G.nodes(data=True) if str(n).casefold() == wanted or
               str(d.get("name", "")).casefold() == wanted]
    if not matches:
        near = sorted(str(d.get("name")) for _, d in G.nodes(data=True) if wanted in str(d.get("name", "")).casefold())
        hint = f"; did you mean {', '.join(near[:5])}?" if near else ""
        raise click.ClickException(f"no actor named {actor!r}{hint}")
    if since or until:
        lo, hi = _day(since) or dt.date.min, _day(until) or dt.date.max
        drop = [(u, v, k) for u, v, k, d in G.edges(keys=True, data=True) if d.get("day") and not lo <= d["day"] <= hi]
        G.remove_edges_from(drop)
    from kg.analysis import plots

    plots.plot_ego(G, matches[0], plot_path)
    click.echo(f"ego network of {G.nodes[matches[0]].get('name', matches[0])} written to {plot_path}")


def _names(G: nx.MultiDiGraph) -> dict[str, str]:
    return {d["iso3"]: d.get("name", d["iso3"]) for _, d in G.nodes(data=True) if d.get("iso3")}


@click.group()
def snapshot() -> None:
    """Freeze the graph for offline analysis and sharing (GraphML or Parquet)."""


@snapshot.command("export")
@click.argument("path", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--from", "date_from", type=_DATE)
@click.option("--to", "date_to", type=_DATE)
@pass_app
def snapshot_export(app: App, path: Path, date_from: dt.datetime | None, date_to: dt.datetime | None) -> None:
    """Write the projection (actors, dated events, offices, memberships) to PATH (.graphml or .parquet)."""
    G = _projection(app, None, _day(date_from), _day(date_to))
    try:
        write_snapshot(G, path)
    except ValueError as exc:
        raise click.ClickException(str(exc)) from None
    click.echo(f"{G.number_of_nodes()} actors and {G.number_of_edges()} edges written to {path}")


@snapshot.command("import")
@click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@pass_app
def snapshot_import(app: App, path: Path) -> None:
    """Load a snapshot into Neo4j through the normal (idempotent) write path."""
    from kg.analysis.snapshot_load import snapshot_rows
    from kg.writer import load

    summary = load(app.driver, app.database, lambda: snapshot_rows(path))
    click.echo(f"{summary.rows_written} edges from {path} in the graph ({summary.rejected} rejected).")
