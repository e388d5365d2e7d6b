"""`kg analyze …` and `kg snapshot …`: NetworkX analysis of the graph, online or from a snapshot file."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from kg.analysis.windows import FREQUENCIES, Window, split_at, windows
from kg.cli.common import App, BadInput, CountryName, F, output_options, pass_app, print_rows

if TYPE_CHECKING:
    import networkx as nx

    from kg.analysis.projection import CountryEvents

# networkx, pandas and the analysis modules are imported inside the commands: other `kg` commands start faster.
__all__ = ["analyze", "snapshot"]

_TABLE_COLUMNS = ["window", "events", "partners", "strength", "rank_strength", "pagerank", "rank_pagerank",
                  "eigenvector", "betweenness", "closeness", "clustering", "cooperative_share", "isolation_index",
                  "countries"]
_NARROW_COLUMNS = ["window", "events", "strength", "rank_strength", "pagerank", "rank_pagerank", "isolation_index"]
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


def _country_events(app: App, snapshot_path: Path | None, date_from: dt.date | None,
                    date_to: dt.date | None) -> tuple[CountryEvents, nx.MultiDiGraph]:
    """Events rolled up to countries (aggregated by the server when online), and the actor graph without its
    events (memberships for bloc shares, country names): no event crosses the wire one by one."""
    from kg.analysis.aggregates import is_aggregates, read_aggregates
    from kg.analysis.projection import read_snapshot, snapshot_country_events
    from kg.store import projection

    if snapshot_path is not None and is_aggregates(snapshot_path):  # `kg spark aggregate` output: no actor graph
        import networkx as nx

        return read_aggregates(snapshot_path, date_from, date_to), nx.MultiDiGraph()
    if snapshot_path is not None:
        return snapshot_country_events(snapshot_path), read_snapshot(snapshot_path, events=False)
    events = projection.country_events(app.driver, app.database, date_from=date_from or dt.date(1900, 1, 1),
                                          date_to=date_to or dt.date(2100, 12, 31))
    return events, projection.state_graph(app.driver, app.database)


def _projection(app: App, snapshot_path: Path | None, date_from: dt.date | None,
                date_to: dt.date | None) -> nx.MultiDiGraph:
    from kg.analysis.projection import read_snapshot
    from kg.store.projection import actor_graph

    if snapshot_path is not None:
        return read_snapshot(snapshot_path)
    return actor_graph(app.driver, app.database, date_from=date_from or dt.date(1900, 1, 1),
                       date_to=date_to or dt.date(2100, 12, 31))


def _rounded(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [{k: round(v, 4) if isinstance(v, float) else v for k, v in row.items()} for row in rows]


@click.group()
def analyze() -> None:
    """Centrality and isolation of countries over time (NetworkX), with tables, JSON, CSV and plots."""


@analyze.command("centrality")
@click.option("--country", type=CountryName(), default="RUS", show_default=True, help="Name or ISO3 code.")
@click.option("--window", type=click.Choice(FREQUENCIES), default="month", show_default=True)
@click.option("--split", type=_DATE, help="Also compare before vs after this day (e.g. 2022-02-24).")
@click.option("--relations", help="Only these relation types, comma-separated (e.g. MET,CALLED,VISITED).")
@click.option("--plot", "plot_path", type=click.Path(dir_okay=False, path_type=Path),
              help="Also write a PNG: ranks and strength over time (and partners before/after with --split).")
@source_options
@output_options
@pass_app
def centrality(app: App, country: str, window: str, split: dt.datetime | None, relations: str | None,
               plot_path: Path | None, snapshot_path: Path | None, date_from: dt.datetime | None,
               date_to: dt.datetime | None, fmt: str) -> None:
    """A country's degree, strength, PageRank, eigenvector, betweenness, closeness, clustering, ranks and
    isolation index per window (people and state bodies rolled up to their country on each event's day).

    Only dated events that occurred count; a window without any of the country's events has blank metrics."""
    from kg.analysis.report import centrality_over_time, compare_periods

    events, G = _country_events(app, snapshot_path, _day(date_from), _day(date_to))
    start, end = _range(events, _day(date_from), _day(date_to))
    wanted = [r.strip().upper() for r in relations.split(",")] if relations else None
    report = centrality_over_time(events, country, windows(start, end, window), actor_graph=G, relations=wanted)
    notes = _centrality_notes(report.rows, country, events)
    comparison = None
    if split:
        day = split.date()
        comparison = compare_periods(events, country, Window(start, day - dt.timedelta(days=1)), Window(day, end),
                                     actor_graph=G)
    rows = _rounded(_blank_empty_windows(report.rows))
    if fmt == "json":
        click.echo(json.dumps({"country": country, "windows": rows,
                               "comparison": comparison.as_dict() if comparison else None, "notes": notes,
                               "dropped": {"no_country": events.dropped_no_country,
                                           "domestic": events.dropped_domestic}}, indent=2, default=str))
    else:
        shown = notes
        if fmt == "table":  # the columns that fit 80 characters; every metric is in json and csv
            rows = [{**row, "window": _short_window(row, window)} for row in rows]
            shown = [*notes, "all metrics (eigenvector, betweenness, closeness, …): --format json or csv"]
        print_rows(_NARROW_COLUMNS if fmt == "table" else _TABLE_COLUMNS, rows, fmt, title=f"{country} per {window}",
                   notes=shown)
        if comparison and fmt == "table":
            _print_comparison(comparison.as_dict())
    if plot_path:
        from kg.analysis import plots  # matplotlib is slow to import: only when drawing

        plots.plot_centrality(report, plot_path, comparison, _names(G), notes=notes)
        click.echo(f"plot written to {plot_path}", err=True)


def _short_window(row: dict[str, Any], window: str) -> str:
    return {"month": row["start"][:7], "year": row["start"][:4]}.get(window, row["window"])


def _range(events: Any, date_from: dt.date | None, date_to: dt.date | None) -> tuple[dt.date, dt.date]:
    """The given range; the data's first/last day where not given (an error only if there is no data at all)."""
    if date_from and date_to:
        if date_from > date_to:
            raise BadInput(f"--from {date_from} is after --to {date_to}")
        return date_from, date_to
    span = events.span()
    if span is None:
        raise BadInput("no dated events between two countries in the graph in that range; give --from and --to "
                       "for empty windows, or load data (`kg query graph-overview` shows what is loaded)")
    return date_from or span[0], date_to or span[1]


def _blank_empty_windows(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """A window where the country has no events has no rank or centrality: blank, not 0 and not rank 1."""
    keep = {"window", "start", "end", "events", "countries"}
    return [row if row.get("events") else {k: (v if k in keep else None) for k, v in row.items()} for row in rows]


def _centrality_notes(rows: list[dict[str, Any]], country: str, events: Any) -> list[str]:
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


@analyze.command("compare")
@click.option("--country", type=CountryName(), default="RUS", show_default=True, help="Name or ISO3 code.")
@click.option("--at", "at_day", type=_DATE, required=True, help="The event day, e.g. 2022-02-24.")
@click.option("--days", default=365, show_default=True, help="Length of each period.")
@click.option("--snapshot", "snapshot_path", type=click.Path(exists=True, path_type=Path),
              help="A snapshot file, or the aggregates of `kg spark aggregate`.")
@output_options
@pass_app
def compare(app: App, country: str, at_day: dt.datetime, days: int, snapshot_path: Path | None, fmt: str) -> None:
    """A country before vs after a day: metrics, their change, top partners in each period."""
    from kg.analysis.report import compare_periods

    before, after = split_at(at_day.date(), days)
    events, G = _country_events(app, snapshot_path, before.start, after.end)
    result = compare_periods(events, country, before, after, actor_graph=G).as_dict()
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
@click.option("--actor", required=True, help="Name, title or id of a person, organization or country.")
@click.option("--since", type=_DATE)
@click.option("--until", type=_DATE)
@click.option("--plot", "plot_path", type=click.Path(dir_okay=False, path_type=Path),
              help="Also draw the ego network to a PNG.")
@click.option("--snapshot", "snapshot_path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@output_options
@pass_app
def ego(app: App, actor: str, since: dt.datetime | None, until: dt.datetime | None, plot_path: Path | None,
        snapshot_path: Path | None, fmt: str) -> None:
    """An actor's counterparts: events with each, by relation, first and last day (dated, occurred events)."""
    from kg.analysis.report import ego_rows
    from kg.store.projection import left_out

    G = _projection(app, snapshot_path, _day(since), _day(until))
    center = _find_actor(G, actor)
    lo, hi = _day(since) or dt.date(1900, 1, 1), _day(until) or dt.date(2100, 12, 31)
    drop = [(u, v, k) for u, v, k, d in G.edges(keys=True, data=True) if d.get("day") and not lo <= d["day"] <= hi]
    G.remove_edges_from(drop)
    rows = ego_rows(G, center)
    missing = (left_out(app.driver, app.database, str(center), date_from=lo, date_to=hi)
               if snapshot_path is None else {})
    notes = _ego_notes(missing, sum(r["events"] for r in rows), snapshot_path is not None)
    name = G.nodes[center].get("name", center)
    if fmt == "json":
        click.echo(json.dumps({"actor": center, "name": name, "counterparts": rows, "left_out": missing,
                               "notes": notes}, indent=2, default=str, ensure_ascii=False))
    else:
        print_rows(["counterpart", "label", "events", "relations", "first", "last"], rows, fmt,
                   title=f"ego network of {name}", hint="no dated, occurred events in range", notes=notes)
    if plot_path:
        from kg.analysis import plots

        plots.plot_ego(G, center, plot_path, notes=notes)
        click.echo(f"ego network of {name} written to {plot_path}", err=True)


def _find_actor(G: nx.MultiDiGraph, actor: str) -> Any:
    """The node for a name, title ("President Zelenskyy"), alias or id; else exit 2 with the closest names."""
    from rapidfuzz import process

    from kg.store.params import BadParameter, resolve_actor

    try:
        wanted = resolve_actor(actor)
    except BadParameter as exc:
        raise BadInput(f"--actor: {exc}") from None
    if wanted in G:
        return wanted
    folded = {str(d.get("name", n)).casefold(): n for n, d in G.nodes(data=True)}
    if actor.strip().casefold() in folded:
        return folded[actor.strip().casefold()]
    near = [m[0] for m in process.extract(actor.casefold(), list(folded), limit=3, score_cutoff=70)]
    names = [str(G.nodes[folded[k]].get("name", folded[k])) for k in near]
    hint = f"; did you mean {' or '.join(names)}?" if names else ""
    raise BadInput(f"--actor: no actor named {actor!r} in the graph{hint}")


def _ego_notes(missing: dict[str, int], shown: int, from_snapshot: bool) -> list[str]:
    if from_snapshot:
        return [f"{shown:,} dated, occurred events shown; snapshots hold no undated or planned events"]
    parts = [f"{missing.get('undated', 0):,} undated", f"{missing.get('not_counted_status', 0):,} not occurred "
             "(planned, …)", f"{missing.get('outside_range', 0):,} outside the date range"]
    return [f"{shown:,} of {missing.get('total', shown):,} events shown; left out: {', '.join(parts)}"]


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
    from kg.analysis.projection import write_snapshot

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
    from kg.store.snapshot import snapshot_rows
    from kg.store.writer import load

    summary = load(app.driver, app.database, lambda: snapshot_rows(path))
    click.echo(f"{summary.rows_written} edges from {path} in the graph ({summary.rejected} rejected).")
