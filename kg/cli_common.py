"""What every `kg` command shares: the per-process App (settings, one driver), output formats."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable
from typing import Any, TypeVar

import click
from neo4j import Driver
from neo4j.exceptions import AuthError, ServiceUnavailable
from rich.console import Console
from rich.table import Table

from kg.db import connect
from kg.settings import PasswordMissing, Settings

__all__ = ["App", "F", "console", "err_console", "output_options", "pass_app", "print_rows"]

console = Console()
err_console = Console(stderr=True)
F = TypeVar("F", bound=Callable[..., Any])


class App:
    """Per-process state: settings and one lazily opened driver, closed when the command ends."""

    def __init__(self) -> None:
        self.settings = Settings()
        self._driver: Driver | None = None

    @property
    def database(self) -> str:
        return self.settings.neo4j_database

    @property
    def driver(self) -> Driver:
        if self._driver is None:
            try:
                self._driver = connect(self.settings)
                self._driver.verify_connectivity()
            except PasswordMissing as exc:
                raise click.ClickException(str(exc)) from None
            except AuthError:
                raise click.ClickException(
                    f"Neo4j at {self.settings.uri} refused the credentials of user {self.settings.neo4j_username!r}; "
                    "check NEO4J_PASSWORD (or the password file `kg server install` wrote)."
                ) from None
            except (ServiceUnavailable, OSError) as exc:
                raise click.ClickException(
                    f"cannot reach Neo4j at {self.settings.uri} ({exc.__class__.__name__}); start the local "
                    "server with `kg server start`, or set NEO4J_URI to your server."
                ) from None
        return self._driver

    def close(self) -> None:
        if self._driver is not None:
            self._driver.close()


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


