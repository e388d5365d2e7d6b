"""`kg spark …`: ICEWS and GDELT at full scale on Apache Spark (embedded `local[*]`, or a cluster with --master)."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import click

from kg.cli.common import F

__all__ = ["spark"]

_WINDOWS = ("day", "week", "month", "quarter", "year")


def _job_options(func: F) -> F:
    for option in reversed([
        click.argument("out_dir", type=click.Path(file_okay=False, path_type=Path)),
        click.argument("paths", nargs=-1, required=True),
        click.option("--loader", type=click.Choice(["icews", "gdelt"]), required=True, help="How to read the inputs."),
        click.option("--master", default="local[*]", show_default=True,
                     help="Spark master: local[N], spark://host:7077, yarn, k8s://…"),
        click.option("--source", help="Source label for every file (default: per file, as `kg load` names it)."),
        click.option("--window", type=click.Choice(_WINDOWS), default="day", show_default=True,
                     help="Aggregate window (day aggregates serve every analysis window)."),
        click.option("--ui", is_flag=True, help="Start Spark's web UI (127.0.0.1:4040 when local)."),
        click.option("--json", "as_json", is_flag=True, help="Print the job's summary as JSON."),
    ]):
        func = option(func)
    return func


def _run(outputs: tuple[str, ...]) -> Callable[..., None]:
    def command(out_dir: Path, paths: tuple[str, ...], loader: str, master: str, source: str | None, window: str,
                ui: bool, as_json: bool) -> None:
        try:
            from kg.spark.job import input_files, run, session
        except ImportError as exc:
            raise click.ClickException(f"pyspark is missing ({exc}): pip install 'diplomatic-kg[spark]'") from None
        try:
            input_files(loader, list(paths), source)  # bad paths fail here, before a JVM starts
        except FileNotFoundError as exc:
            raise click.ClickException(str(exc)) from None
        spark_session = session(master, ui=ui)
        try:
            result = run(spark_session, loader, list(paths), out_dir, outputs=outputs, window=window, source=source)
        except (FileNotFoundError, ValueError) as exc:
            raise click.ClickException(str(exc)) from None
        finally:
            spark_session.stop()
        _report(result.as_dict(), out_dir, as_json)
    return command


def _report(summary: dict[str, Any], out_dir: Path, as_json: bool) -> None:
    if as_json:
        click.echo(json.dumps(summary, indent=2))
        return
    click.echo(f"{summary['files']} files: {summary['events']} events, {summary['rejected']} rows rejected "
               f"(see {out_dir / 'rejects'}), {summary['seconds']:.1f}s")
    outputs = summary["outputs"]
    if "admin" in outputs:
        counts = outputs["admin"]
        click.echo(f"neo4j-admin CSVs in {out_dir / 'admin'}: {counts['nodes']} nodes, {counts['sources']} sources, "
                   f"{counts['relationships']} relationships. Then: kg server stop && kg server import "
                   f"{out_dir / 'admin'} --overwrite && kg server start && kg init")
    if "parquet" in outputs:
        click.echo(f"events as Parquet (by year and month) in {outputs['parquet']}")
    if "aggregates" in outputs:
        agg = outputs["aggregates"]
        click.echo(f"{agg['rows']} dyad × {agg['window']} aggregates in {out_dir / 'aggregates'}: "
                   f"kg analyze centrality --snapshot {out_dir / 'aggregates'}")


@click.group()
def spark() -> None:
    """ICEWS / GDELT at full scale with Apache Spark: admin-import CSVs, Parquet, dyad aggregates."""


_HELP = {
    "run": (("admin", "parquet", "aggregates"),
            "All outputs at once: neo4j-admin CSVs, Parquet events and dyad aggregates (one mapping)."),
    "admin-import": (("admin",), "neo4j-admin import CSVs (OUT_DIR/admin) for `kg server import`."),
    "map": (("parquet",), "Mapped events as Parquet partitioned by year and month (OUT_DIR/events)."),
    "aggregate": (("aggregates",),
                  "Dyad × window aggregates (OUT_DIR/aggregates) that `kg analyze … --snapshot` reads."),
}
for _name, (_outputs, _doc) in _HELP.items():
    _command = _run(_outputs)
    _command.__doc__ = _doc + " Rejects (file, line, reason) go to OUT_DIR/rejects."
    spark.command(_name)(_job_options(_command))
