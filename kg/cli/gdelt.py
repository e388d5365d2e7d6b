"""`kg fetch gdelt` and `kg follow gdelt`: GDELT 2.0's 15-minute exports, downloaded or followed live."""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import signal
import sys
import threading
from pathlib import Path
from typing import Any

import click

from kg.cli.common import App, err_console, pass_app

__all__ = ["fetch", "follow"]

EXIT_INCOMPLETE = 3  # as `kg load`'s "some rows rejected": done, but not everything is there
_WHEN = click.DateTime(formats=["%Y-%m-%d", "%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%Y%m%d%H%M%S"])


def _base_url_option(func: Any) -> Any:
    return click.option("--base-url", default=lambda: os.environ.get("KG_GDELT_BASE_URL", _default_base()),
                        show_default="KG_GDELT_BASE_URL or http://data.gdeltproject.org/gdeltv2/",
                        help="Where masterfilelist.txt, lastupdate.txt and the files are.")(func)


def _default_base() -> str:
    from loaders.gdelt_feed import DEFAULT_BASE_URL

    return DEFAULT_BASE_URL


def _cache_option(func: Any) -> Any:
    return click.option("--cache", "cache_dir", type=click.Path(file_okay=False, path_type=Path),
                        help="Download folder (default: $KG_HOME/gdelt).")(func)


def _client(app: App, base_url: str, cache_dir: Path | None, timeout: float) -> Any:
    from loaders.gdelt_feed import GdeltClient

    return GdeltClient(base_url, cache_dir or app.settings.kg_home / "gdelt", timeout=timeout)


def parse_interval(text: str) -> float:
    """`15m`, `30s`, `1h`, or seconds → seconds."""
    match = re.fullmatch(r"\s*(\d+(?:\.\d+)?)\s*([smh]?)\s*", text)
    if not match:
        raise click.BadParameter(f"{text!r} is not an interval such as 15m, 90s or 1h", param_hint="--interval")
    return float(match.group(1)) * {"": 1, "s": 1, "m": 60, "h": 3600}[match.group(2)]


def _stop_on_signals() -> threading.Event:
    stop = threading.Event()

    def request_stop(signum: int, _frame: Any) -> None:
        err_console.print(f"{signal.Signals(signum).name}: stopping after the current file")
        stop.set()

    signal.signal(signal.SIGINT, request_stop)
    signal.signal(signal.SIGTERM, request_stop)
    return stop


@click.group()
def fetch() -> None:
    """Download event data files into a local cache."""


@fetch.command("gdelt")
@click.option("--since", type=_WHEN, required=True, help="First day (or minute) to fetch, UTC.")
@click.option("--until", type=_WHEN, help="Last day (or minute), inclusive; default now.")
@_base_url_option
@_cache_option
@click.option("--timeout", default=60.0, show_default=True, help="Seconds without data before a retry.")
@click.option("--json", "as_json", is_flag=True)
@pass_app
def fetch_gdelt(app: App, since: dt.datetime, until: dt.datetime | None, base_url: str, cache_dir: Path | None,
                timeout: float, as_json: bool) -> None:
    """Download GDELT 2.0 export files of [--since, --until] listed in GDELT's master file list, checking
    size and MD5, into a cache (re-runs resume and skip what is there); report the 15-minute slots missing.
    Exit 3 when some are missing. Load them with `kg load gdelt CACHE_DIR` or `kg spark … --loader gdelt`."""
    from loaders.gdelt_feed import FetchError, fetch_range

    client = _client(app, base_url, cache_dir, timeout)
    last = until or dt.datetime.now(dt.UTC).replace(tzinfo=None)
    if until is not None and until.time() == dt.time(0):  # a day: all of it
        last = until + dt.timedelta(days=1) - dt.timedelta(seconds=1)
    stop = _stop_on_signals()
    try:
        report = fetch_range(client, since, last, stop=stop, on_file=lambda r: _say_file(r, as_json))
    except FetchError as exc:
        raise click.ClickException(str(exc)) from None
    summary = report.as_dict()
    if as_json:
        click.echo(json.dumps({"cache": str(client.cache_dir), **summary}, indent=2))
    else:
        click.echo(f"{summary['downloaded']} downloaded, {summary['cached']} already cached, {summary['failed']} "
                   f"failed, in {client.cache_dir}")
        for first, final in report.missing:
            click.echo(f"missing: {first:%Y-%m-%d %H:%M} .. {final:%Y-%m-%d %H:%M}")
    if report.missing:
        sys.exit(EXIT_INCOMPLETE)


def _say_file(result: Any, quiet: bool) -> None:
    if result.status == "failed":
        err_console.print(f"{result.item.name}: failed: {result.reason}")
    elif not quiet:
        err_console.print(f"{result.item.name}: {result.status}")


@click.group()
def follow() -> None:
    """Keep the graph current with a live feed."""


@follow.command("gdelt")
@click.option("--interval", default="15m", show_default=True, help="Time between polls of lastupdate.txt.")
@click.option("--since", type=_WHEN, help="On the first run, start here (default: the newest file only).")
@click.option("--once", is_flag=True, help="One poll (with its backfill), then exit: for cron and tests.")
@_base_url_option
@_cache_option
@click.option("--timeout", default=60.0, show_default=True)
@click.option("--rejects", type=click.Path(path_type=Path), default=Path("kg-rejects/gdelt.txt"), show_default=True,
              help="Rejected rows of each file go to NAME-<stamp>.txt beside this.")
@pass_app
def follow_gdelt(app: App, interval: str, since: dt.datetime | None, once: bool, base_url: str,
                 cache_dir: Path | None, timeout: float, rejects: Path) -> None:
    """Poll GDELT's lastupdate.txt and load each new export through `kg load gdelt` (idempotent), backfilling
    the gap after a restart; progress is kept in the graph. Ctrl-C or SIGTERM stops after the current file."""
    from kg.store.follow import Follower

    seconds = parse_interval(interval)
    follower = Follower(_client(app, base_url, cache_dir, timeout), app.driver, app.database, rejects=rejects,
                        since=since, stop=_stop_on_signals(), say=lambda text: err_console.print(text))
    results = follower.run(seconds, once=once)
    loaded = sum(len(r.loaded) for r in results)
    missing = sum(len(r.missing) for r in results)
    click.echo(f"stopped: {loaded} files loaded, {sum(r.rows for r in results)} rows, {missing} slots missing"
               if not once else f"{loaded} files loaded, {sum(r.rows for r in results)} rows, {missing} slots missing")
