"""One driver per process, configured from `Settings` (the `NEO4J_*` environment variables), and the
limits every library query and write obeys: a transaction timeout and a total retry budget."""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, TypeVar

from neo4j import Driver, GraphDatabase, NotificationMinimumSeverity, Query, unit_of_work
from neo4j.exceptions import DriverError, IncompleteCommit, Neo4jError

if TYPE_CHECKING:  # pydantic-settings loads only when a command connects (fast `kg --help`)
    from kg.settings import Settings

__all__ = ["Limits", "connect", "limits", "read_work", "retrying", "timed"]

T = TypeVar("T")


@dataclass
class Limits:
    """KG_QUERY_TIMEOUT and KG_RETRY_SECONDS of the process (set by `connect`, else from the environment)."""

    query_timeout: float
    retry_seconds: float


limits = Limits(query_timeout=float(os.environ.get("KG_QUERY_TIMEOUT", 30.0)),
                retry_seconds=float(os.environ.get("KG_RETRY_SECONDS", 60.0)))


def connect(settings: Settings | None = None) -> Driver:
    """A driver for `NEO4J_URI` (default: the local server). Close it when done, or use `with`."""
    if settings is None:
        from kg.settings import Settings

        settings = Settings()
    limits.query_timeout = settings.kg_query_timeout
    limits.retry_seconds = settings.kg_retry_seconds
    budget = settings.kg_retry_seconds
    return GraphDatabase.driver(
        settings.uri,
        auth=(settings.neo4j_username, settings.password),
        # Only a short retry inside the driver (enough for a deadlock between two loads): its exponential
        # back-off has no ceiling and overran the budget (60 s became 134 s). Outages are retried by
        # `retrying` below, within KG_RETRY_SECONDS in total; one attempt waits for a connection at most
        # a quarter of that budget.
        max_transaction_retry_time=min(2.0, budget / 10),
        connection_timeout=max(1.0, min(10.0, budget / 4)),
        connection_acquisition_timeout=max(1.0, min(30.0, budget / 4)),
        user_agent="diplomatic-kg/0.1",
        # Our Cypher is tested; "property key does not exist" hints on a sparse graph are noise.
        notifications_min_severity=NotificationMinimumSeverity.OFF,
    )


def timed(text: str) -> Query:
    """A query that the server stops after KG_QUERY_TIMEOUT seconds (for every library read)."""
    return Query(text, timeout=limits.query_timeout)


def read_work(work: Callable[..., T]) -> Callable[..., T]:
    """A transaction function (for `execute_read`) with the KG_QUERY_TIMEOUT transaction timeout."""
    return unit_of_work(timeout=limits.query_timeout)(work)


def retrying(work: Callable[[], T], *, committed: Callable[[], bool] | None = None,
             budget: float | None = None) -> T | None:
    """Run `work` (an idempotent write) until it succeeds, retrying what a retry can cure within
    KG_RETRY_SECONDS in total, back-off included.

    A connection lost during COMMIT (`IncompleteCommit`) leaves it unknown whether the transaction
    committed: once the server answers again, `committed()` (the load manifest) decides, and None is
    returned when the work is already in the graph. No attempt starts after the deadline.
    """
    deadline = time.monotonic() + (limits.retry_seconds if budget is None else budget)
    delay = 0.25
    unsure = False
    while True:
        try:
            if unsure and committed is not None and committed():
                return None
            return work()
        except (DriverError, Neo4jError) as exc:
            if isinstance(exc, IncompleteCommit):
                unsure = True
            elif not exc.is_retryable():
                raise
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise
        time.sleep(min(delay, remaining))
        delay = min(delay * 2, 5.0)


