"""Run the analysts' query library (`cypher/queries/`) read-only: what `kg query` does."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from neo4j import READ_ACCESS, Driver, ManagedTransaction

from kg.cypher import LibraryQuery, library, library_query
from kg.db import read_work, timed

__all__ = ["QueryRefused", "QueryResult", "coerce_params", "library", "run_query"]


class QueryRefused(ValueError):
    """The query would write, or its parameters are wrong."""


@dataclass(frozen=True)
class QueryResult:
    name: str
    columns: list[str]
    rows: list[dict[str, Any]]


def _coerce(name: str, raw: Any, default: Any) -> Any:
    if not isinstance(raw, str) or isinstance(default, str) or default is None:
        return raw
    try:
        if isinstance(default, bool):
            if raw.lower() not in ("true", "false"):
                raise ValueError(raw)
            return raw.lower() == "true"
        if isinstance(default, int):
            return int(raw)
        if isinstance(default, float):
            return float(raw)
        if isinstance(default, list):
            return [part.strip() for part in raw.split(",") if part.strip()]
    except ValueError:
        raise QueryRefused(f"parameter {name}={raw!r} must be a {type(default).__name__} "
                           f"like {default!r}") from None
    return raw


def coerce_params(query: LibraryQuery, given: dict[str, Any]) -> dict[str, Any]:
    """Defaults from the query's header, overridden by `given`, each typed like its default."""
    unknown = set(given) - set(query.params)
    if unknown:
        known = ", ".join(sorted(query.params)) or "none"
        raise QueryRefused(f"{query.name} has no parameter {', '.join(sorted(unknown))}; it takes: {known}")
    return {k: _coerce(k, given[k], v) if k in given else v for k, v in query.params.items()}


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
    return QueryResult(name, columns, rows)
