"""Run the analysts' query library (`cypher/queries/`) read-only: what `kg query` does."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from neo4j import READ_ACCESS, Driver, ManagedTransaction

from kg.store.cypher import LibraryQuery, library, library_query
from kg.store.db import read_work, timed
from kg.store.params import BadParameter, validate

__all__ = ["QueryRefused", "QueryResult", "coerce_params", "library", "library_query", "run_query"]


class QueryRefused(ValueError):
    """The query would write, or its parameters are wrong."""


@dataclass(frozen=True)
class QueryResult:
    name: str
    columns: list[str]
    rows: list[dict[str, Any]]
    params: dict[str, Any] = field(default_factory=dict)  # as run: typed, names resolved
    notes: list[str] = field(default_factory=list)  # what the rule on undated events left out

    def empty_hint(self) -> str:
        """For an empty result: the filters that applied, and where to see what the graph holds."""
        query = library_query(self.name)
        changed = [f"{k}={v}" for k, v in self.params.items() if v != query.params.get(k) and v is not None]
        given = f"with {', '.join(changed)}; " if changed else ""
        return f"{given}widen or drop a filter; `kg query graph-overview` shows what is loaded and over which dates"


def coerce_params(query: LibraryQuery, given: dict[str, Any]) -> dict[str, Any]:
    """Defaults from the query's header, overridden by `given`, each typed (names resolved) as its header says."""
    try:
        return validate(query.name, query.params, query.types, given)
    except BadParameter as exc:
        raise QueryRefused(str(exc)) from None


def browser_text(query: LibraryQuery) -> str:
    """What an analyst pastes into Neo4j Browser: one `:param` line per parameter, then the query.

    Browser's multi-statement editor runs `;`-separated client commands and Cypher in order. Names are
    resolved first (Browser has no resolver): `country => 'RUS'`, `org => 'org:nato'`.
    """
    values = coerce_params(query, {})
    lines = [f":param {name} => {_cypher_literal(value)};" for name, value in values.items()]
    return "\n".join([*lines, query.body.rstrip().rstrip(";") + ";"]) + "\n"


def _cypher_literal(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return repr(value)
    return "'" + str(value).replace("\\", "\\\\").replace("'", "\\'") + "'"


def _plain(value: Any) -> Any:
    """Neo4j temporal values as ISO strings, lists and maps recursively: printable and JSON-safe."""
    if hasattr(value, "iso_format"):
        return value.iso_format()
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    return value


def _read(tx: ManagedTransaction, text: str, params: dict[str, Any]) -> tuple[list[str], list[dict[str, Any]]]:
    result = tx.run(text, params)
    rows = [{k: _plain(v) for k, v in record.data().items()} for record in result]
    return list(result.keys()), rows


def run_query(driver: Driver, database: str, name: str, params: dict[str, Any] | None = None) -> QueryResult:
    """Run a library query in a READ session after EXPLAIN has shown it only reads."""
    query = library_query(name)
    values = coerce_params(query, params or {})
    with driver.session(database=database, default_access_mode=READ_ACCESS) as session:
        plan = session.run(timed("EXPLAIN " + query.body), values).consume()  # plans, executes nothing
        if plan.query_type != "r":
            raise QueryRefused(f"{name} is not read-only (query type {plan.query_type!r}); kg query only reads")
        columns, rows = session.execute_read(read_work(_read), query.body, values)
        notes = _undated_note(session, query, values, columns, rows)
    return QueryResult(name, columns, rows, values, notes)


_DATE_FILTERS = ("since", "until", "date_from", "date_to")


def _events(columns: list[str], rows: list[dict[str, Any]]) -> int:
    return sum(int(r.get("events") or 0) for r in rows) if "events" in columns else len(rows)


def _undated_note(session: Any, query: LibraryQuery, values: dict[str, Any], columns: list[str],
                  rows: list[dict[str, Any]]) -> list[str]:
    """The rule on undated events, made visible: how many a date filter left out (by running it with them)."""
    if "include_undated" not in values or values["include_undated"]:
        return []
    if all(values.get(k) is None for k in _DATE_FILTERS):
        return []
    _, with_undated = session.execute_read(read_work(_read), query.body, {**values, "include_undated": True})
    left_out = _events(columns, with_undated) - _events(columns, rows)
    if left_out <= 0:
        return []
    return [f"{left_out:,} undated event{'s' if left_out > 1 else ''} not shown; -p include_undated=true"]
