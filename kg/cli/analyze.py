"""`kg analyze …` and `kg snapshot …`: each command calls one function of `kg.store.analyze` or `kg.store.snapshot`
with its options as arguments, and prints the result."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from kg.analysis.windows import FREQUENCIES
from kg.cli.common import (
    App,
    BadInput,
    CountryName,
    F,
    date_range_options,
    output_options,
    pass_app,
    plot_option,
    print_rows,
)

if TYPE_CHECKING:
    from neo4j import Driver

# networkx, pandas and the analysis modules are imported inside the commands: other `kg` commands start faster.
__all__ = ["analyze", "snapshot"]

_TABLE_COLUMNS = ["window", "events", "partners", "strength", "rank_strength", "pagerank", "rank_pagerank",
                  "eigenvector", "betweenness", "closeness", "clustering", "cooperative_share", "isolation_index",
                  "countries"]
_NARROW_COLUMNS = ["window", "events", "strength", "rank_strength", "pagerank", "rank_pagerank", "isolation_index"]
_DATE = click.DateTime(formats=["%Y-%m-%d"])


def _day(value: dt.datetime | None) -> dt.date | None:
    return value.date() if value else None


def _snapshot_option(help_text: str, *, dir_okay: bool = True) -> Callable[[F], F]:
    return click.option("--snapshot", "snapshot_path", type=click.Path(exists=True, dir_okay=dir_okay, path_type=Path),
                        help=help_text)


_SNAPSHOT_HELP = ("Analyse a snapshot file (kg snapshot export), or the aggregates of `kg spark aggregate`, instead "
                  "of the live graph: no server.")


def _driver(app: App, snapshot_path: Path | None) -> Driver | None:
    """The server to read, unless the command reads a snapshot (then it never connects)."""
    return None if snapshot_path is not None else app.driver


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
@plot_option("Also write a PNG: ranks and strength over time (and partners before/after with --split).")
@_snapshot_option(_SNAPSHOT_HELP)
@date_range_options("First day (default: the data's first).", "Last day (default: the data's last).")
@output_options
@pass_app
def centrality(app: App, country: str, window: str, split: dt.datetime | None, relations: str | None,
               plot_path: Path | None, snapshot_path: Path | None, since: dt.datetime | None,
               until: dt.datetime | None, fmt: str) -> None:
    """A country's degree, strength, PageRank, eigenvector, betweenness, closeness, clustering, ranks and
    isolation index per window (people and state bodies rolled up to their country on each event's day).

    Only dated events that occurred count; a window without any of the country's events has blank metrics."""
    from kg.store import analyze as library

    try:
        result = library.centrality(_driver(app, snapshot_path), app.database, country, window=window,
                                    split=_day(split), relations=relations.split(",") if relations else None,
                                    since=_day(since), until=_day(until), snapshot=snapshot_path)
    except library.NoData as exc:
        raise BadInput(str(exc).replace("since ", "--since ").replace("until ", "--until ")) from None
    rows = _rounded(result.rows)
    if fmt == "json":
        click.echo(json.dumps({**result.as_dict(), "windows": rows}, indent=2, default=str))
    else:
        shown = result.notes
        if fmt == "table":  # the columns that fit 80 characters; every metric is in json and csv
            rows = [{**row, "window": _short_window(row, window)} for row in rows]
            shown = [*result.notes, "all metrics (eigenvector, betweenness, closeness, …): --format json or csv"]
        print_rows(_NARROW_COLUMNS if fmt == "table" else _TABLE_COLUMNS, rows, fmt, title=f"{country} per {window}",
                   notes=shown)
        if result.comparison and fmt == "table":
            _print_comparison(result.comparison.as_dict())
    if plot_path:
        from kg.analysis import plots  # matplotlib is slow to import: only when drawing

        plots.plot_centrality(result.report, plot_path, result.comparison, result.names, notes=result.notes)
        click.echo(f"plot written to {plot_path}", err=True)


def _short_window(row: dict[str, Any], window: str) -> str:
    return str({"month": row["start"][:7], "year": row["start"][:4]}.get(window, row["window"]))


@analyze.command("compare")
@click.option("--country", type=CountryName(), default="RUS", show_default=True, help="Name or ISO3 code.")
@click.option("--at", "at_day", type=_DATE, required=True, help="The event day, e.g. 2022-02-24.")
@click.option("--days", default=365, show_default=True, help="Length of each period.")
@_snapshot_option("A snapshot file, or the aggregates of `kg spark aggregate`.")
@output_options
@pass_app
def compare(app: App, country: str, at_day: dt.datetime, days: int, snapshot_path: Path | None, fmt: str) -> None:
    """A country before vs after a day: metrics, their change, top partners in each period."""
    from kg.store import analyze as library

    result = library.compare(_driver(app, snapshot_path), app.database, country, at=at_day.date(), days=days,
                             snapshot=snapshot_path).as_dict()
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
@date_range_options("First day (default: all).", "Last day (default: all).")
@plot_option("Also draw the ego network to a PNG.")
@_snapshot_option("A snapshot file (kg snapshot export) instead of the live graph.", dir_okay=False)
@output_options
@pass_app
def ego(app: App, actor: str, since: dt.datetime | None, until: dt.datetime | None, plot_path: Path | None,
        snapshot_path: Path | None, fmt: str) -> None:
    """An actor's counterparts: events with each, by relation, first and last day (dated, occurred events)."""
    from kg.store import analyze as library

    try:
        result = library.ego(_driver(app, snapshot_path), app.database, actor, since=_day(since), until=_day(until),
                             snapshot=snapshot_path)
    except library.UnknownActor as exc:
        raise BadInput(f"--actor: {str(exc).strip(chr(34))}") from None
    if fmt == "json":
        click.echo(json.dumps(result.as_dict(), indent=2, default=str, ensure_ascii=False))
    else:
        print_rows(["counterpart", "label", "events", "relations", "first", "last"], result.counterparts, fmt,
                   title=f"ego network of {result.name}", hint="no dated, occurred events in range", notes=result.notes)
    if plot_path:
        from kg.analysis import plots

        plots.plot_ego(result.graph, result.actor, plot_path, notes=result.notes)
        click.echo(f"ego network of {result.name} written to {plot_path}", err=True)


@click.group()
def snapshot() -> None:
    """Freeze the graph for offline analysis and sharing (GraphML or Parquet)."""


@snapshot.command("export")
@click.argument("path", type=click.Path(dir_okay=False, path_type=Path))
@date_range_options("First day of the events (default: all).", "Last day of the events (default: all).")
@pass_app
def snapshot_export(app: App, path: Path, since: dt.datetime | None, until: dt.datetime | None) -> None:
    """Write the projection (actors, dated events, offices, memberships) to PATH (.graphml or .parquet)."""
    from kg.store.snapshot import export_snapshot

    if path.suffix not in (".graphml", ".parquet"):
        raise click.ClickException(f"{path}: a snapshot is .graphml or .parquet")
    G = export_snapshot(app.driver, app.database, path, since=_day(since), until=_day(until))
    click.echo(f"{G.number_of_nodes()} actors and {G.number_of_edges()} edges written to {path}")


@snapshot.command("import")
@click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@pass_app
def snapshot_import(app: App, path: Path) -> None:
    """Load a snapshot into Neo4j through the normal (idempotent) write path, under its edges' ids."""
    from kg.store.snapshot import import_snapshot

    summary = import_snapshot(app.driver, app.database, path)
    click.echo(f"{summary.rows_written} edges from {path} in the graph ({summary.rejected} rejected).")
