"""One driver per process, configured from `Settings` (the `NEO4J_*` environment variables)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from neo4j import Driver, GraphDatabase, NotificationMinimumSeverity

if TYPE_CHECKING:  # pydantic-settings loads only when a command connects (fast `kg --help`)
    from kg.settings import Settings

__all__ = ["connect"]


def connect(settings: Settings | None = None) -> Driver:
    """A driver for `NEO4J_URI` (default: the local server). Close it when done, or use `with`."""
    if settings is None:
        from kg.settings import Settings

        settings = Settings()
    return GraphDatabase.driver(
        settings.uri,
        auth=(settings.neo4j_username, settings.password),
        max_transaction_retry_time=settings.kg_retry_seconds,
        user_agent="diplomatic-kg/0.1",
        # Our Cypher is tested; "property key does not exist" hints on a sparse graph are noise.
        notifications_min_severity=NotificationMinimumSeverity.OFF,
    )
