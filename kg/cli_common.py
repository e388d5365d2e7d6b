"""What every `kg` command shares: the per-process App (settings, one driver), output formats."""

from __future__ import annotations

import csv
import io
import json
import logging
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import click
from neo4j import Driver
from rich.console import Console
from rich.table import Table

from kg.db import connect, limits
from kg.errors import describe
from kg.settings import Settings

__all__ = ["App", "F", "KgGroup", "console", "err_console", "output_options", "pass_app", "print_rows"]

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
        # Read on first use, so commands that need no database work whatever the environment says.
        if self._settings is None:
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
    """--format for every command that prints rows (same flag, same help everywhere)."""
    return click.option("--format", "fmt", type=click.Choice(["table", "json", "csv"]), default="table",
                        show_default=True, help="How to print the result.")(func)


def print_rows(columns: list[str], rows: list[dict[str, Any]], fmt: str, title: str | None = None) -> None:
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
        table = Table(title=title, show_lines=False)
        for column in columns:
            table.add_column(column, overflow="fold")
        for row in rows:
            table.add_row(*("" if row.get(c) is None else
                            ", ".join(map(str, row[c])) if isinstance(row[c], list) else str(row[c])
                            for c in columns))
        console.print(table)


