"""What every `kg` command shares: the per-process App (settings, one driver), output formats."""

from __future__ import annotations

import csv
import functools
import io
import json
import logging
import math
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import click
from neo4j import Driver
from rich import box
from rich.console import Console
from rich.table import Table

from kg.store.db import connect, limits
from kg.store.errors import describe

if TYPE_CHECKING:
    from kg.settings import Settings

__all__ = ["App", "BadInput", "CountryName", "F", "KgGroup", "cell", "console", "date_range_options", "err_console",
           "output_options", "pass_app", "plot_option", "print_rows", "server_errors"]

console = Console()
err_console = Console(stderr=True)
F = TypeVar("F", bound=Callable[..., Any])
# The driver logs connection failures itself; the CLI reports each error once, as one line.
logging.getLogger("neo4j").addHandler(logging.NullHandler())
logging.getLogger("neo4j").propagate = False


class App:
    """Per-process state: settings and one lazily opened driver, closed when the command ends."""

    def __init__(self, env_file: Path | None = None) -> None:
        self.env_file = env_file
        self._settings: Settings | None = None
        self._driver: Driver | None = None

    @property
    def settings(self) -> Settings:
        # Read on first use, so commands that need no database (or no settings) skip pydantic-settings.
        if self._settings is None:
            from kg.settings import Settings

            self._settings = Settings(self.env_file) if self.env_file else Settings()
        return self._settings

    @property
    def database(self) -> str:
        return self.settings.neo4j_database

    @property
    def driver(self) -> Driver:
        if self._driver is None:
            driver = connect(self.settings)
            try:
                driver.verify_connectivity()  # unreachable at the start: exit 75, like a server lost mid-load
            except BaseException:
                driver.close()
                raise
            self._driver = driver
        return self._driver

    def close(self) -> None:
        if self._driver is not None:
            self._driver.close()


class KgGroup(click.Group):
    """The `kg` group: any driver or credentials error of any command becomes one line and its exit code."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except Exception as exc:
            app = ctx.obj if isinstance(ctx.obj, App) else None
            uri = app.settings.uri if app is not None and app._settings is not None else "NEO4J_URI"
            problem = describe(exc, uri, limits.query_timeout)
            if problem is None:
                raise
            error = click.ClickException(problem.message)
            error.exit_code = problem.exit_code
            raise error from None


pass_app = click.make_pass_decorator(App)


def output_options(func: F) -> F:
    """--format for every command that prints rows (same flag, same help everywhere), and --json for
    `--format json`, as in the commands that print a summary."""

    @functools.wraps(func)
    def wrapper(*args: Any, as_json: bool = False, **kwargs: Any) -> Any:
        if as_json:
            kwargs["fmt"] = "json"
        return func(*args, **kwargs)

    wrapper = click.option("--json", "as_json", is_flag=True, help="Same as --format json.")(wrapper)
    return click.option("--format", "fmt", type=click.Choice(["table", "json", "csv"]), default="table",
                        show_default=True, help="How to print the result.")(wrapper)  # type: ignore[return-value]


_DAY = click.DateTime(formats=["%Y-%m-%d"])


def date_range_options(since_help: str, until_help: str) -> Callable[[F], F]:
    """--since/--until (inclusive days) for every command that takes a date range. --from/--to, the older
    spelling of some commands, still work (hidden), so users' scripts keep running."""

    def decorate(func: F) -> F:
        @functools.wraps(func)
        def wrapper(*args: Any, old_from: Any = None, old_to: Any = None, **kwargs: Any) -> Any:
            kwargs["since"] = kwargs.get("since") or old_from
            kwargs["until"] = kwargs.get("until") or old_to
            return func(*args, **kwargs)

        options = [click.option("--since", type=_DAY, help=since_help), click.option("--until", type=_DAY,
                                                                                        help=until_help),
                   click.option("--from", "old_from", type=_DAY, hidden=True),
                   click.option("--to", "old_to", type=_DAY, hidden=True)]
        decorated: Any = wrapper
        for option in reversed(options):
            decorated = option(decorated)
        return decorated  # type: ignore[no-any-return]
    return decorate


def plot_option(help_text: str) -> Callable[[F], F]:
    """--plot PATH: also draw the result to a PNG."""
    return click.option("--plot", "plot_path", type=click.Path(dir_okay=False, path_type=Path), help=help_text)


class BadInput(click.ClickException):
    """Bad input from the user: one line on stderr ("Error: …"), exit code 2 like click's usage errors."""

    exit_code = 2


class CountryName(click.ParamType[str]):
    """A country by name, code, demonym or metonym ("Russia", "RUS", "the Kremlin") → ISO3; else exit 2."""

    name = "country"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> str:
        from kg.store.params import BadParameter, resolve_country

        try:
            return resolve_country(str(value))
        except BadParameter as exc:
            raise BadInput(f"{param.opts[0] if param else 'country'}: {exc}") from None


def cell(value: Any) -> str:
    """A value as a person reads it: blank when missing, 12,000,000 not 12000000.0, lists comma-separated."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return f"{value:,}"
    if isinstance(value, float):
        return f"{value:,.0f}" if value.is_integer() else f"{value:,.4f}".rstrip("0")
    if isinstance(value, list | tuple):
        return ", ".join(cell(v) for v in value)
    return str(value)


def _widths(minimum: list[int], desired: list[int], available: int) -> list[int]:
    """Every column its minimum, then the space left shared in proportion to what each still wants."""
    if sum(desired) <= available:
        return desired
    extra = available - sum(minimum)
    wants = [d - m for d, m in zip(desired, minimum, strict=True)]
    total = sum(wants) or 1
    return [m + extra * w // total for m, w in zip(minimum, wants, strict=True)]


def _table(columns: list[str], rows: list[dict[str, Any]], title: str | None, width: int) -> Table | None:
    """Headers never wrap; cells wrap between words. None when even that does not fit: print rows vertically."""
    cells = [[cell(row.get(c)) for c in columns] for row in rows]
    # A column is as wide as its header and its longest word (up to 12: dates and codes never split).
    words = [max([len(w) for r in cells for w in r[i].split()] or [0]) for i in range(len(columns))]
    minimum = [max(len(c), min(12, w)) for c, w in zip(columns, words, strict=True)]
    desired = [max([m] + [len(r[i]) for r in cells]) for i, m in enumerate(minimum)]
    available = width - (len(columns) - 1)
    if sum(minimum) > available:
        return None
    table = Table(title=title, box=box.SIMPLE_HEAD, padding=(0, 0), collapse_padding=True, pad_edge=False,
                  show_edge=False)
    for column, wide in zip(columns, _widths(minimum, desired, available), strict=True):
        numeric = bool(rows) and all(isinstance(r.get(column), int | float) or r.get(column) is None for r in rows)
        table.add_column(column, overflow="fold", width=wide, justify="right" if numeric else "left")
    for row_cells in cells:
        table.add_row(*row_cells)
    return table


def _vertical(columns: list[str], rows: list[dict[str, Any]], title: str | None, out: Console) -> None:
    """One block per row, `column: value` per line: for results too wide for the terminal."""
    if title:
        out.print(f"[bold]{title}[/]")
    key_width = max(len(c) for c in columns)
    for number, row in enumerate(rows, 1):
        out.print(f"[dim]-- row {number} --[/]")
        for column in columns:
            out.print(f"{column:>{key_width}}  {cell(row.get(column))}", highlight=False, markup=False)


def print_rows(columns: list[str], rows: list[dict[str, Any]], fmt: str, title: str | None = None,
               hint: str | None = None, notes: list[str] | None = None) -> None:
    """Rows as json, csv or a table that fits the terminal; an empty table says so, with `hint`."""
    if fmt == "json":
        click.echo(json.dumps(rows, indent=2, ensure_ascii=False, default=str))
    elif fmt == "csv":
        buffer = io.StringIO()
        writer = csv.DictWriter(buffer, fieldnames=columns, extrasaction="ignore")
        writer.writeheader()
        for row in rows:
            writer.writerow({k: json.dumps(v, ensure_ascii=False) if isinstance(v, list | dict) else v
                             for k, v in row.items()})
        click.echo(buffer.getvalue(), nl=False)
    else:
        out = Console()  # created per call: the width follows the terminal (and COLUMNS) of this command
        if not rows:
            out.print(f"{title + ': ' if title else ''}no rows" + (f" ({hint})" if hint else ""), highlight=False)
        else:
            table = _table(columns, rows, title, out.width)
            if table is None:
                _vertical(columns, rows, title, out)
            else:
                out.print(table)
    for note in notes or []:
        click.echo(f"({note})", err=fmt != "table")


def server_errors(func: F) -> F:
    """A local server's failure (Neo4j or CoreNLP: `kg.jvm.ServerError`) as a one-line error."""

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        from kg.jvm import ServerError

        try:
            return func(*args, **kwargs)
        except ServerError as exc:
            raise click.ClickException(str(exc)) from None
    return wrapper  # type: ignore[return-value]
