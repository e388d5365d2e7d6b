"""Diplomatic relationship knowledge graph: loaders → Neo4j → NetworkX analysis.

Notebook entry points: `kg.connect()` (a driver configured from the NEO4J_* environment), `kg.subgraph(…)`
→ networkx, `kg.events(…)` → pandas; analysis functions in `kg.analysis`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from kg.store.db import connect

__all__ = ["connect", "events", "subgraph"]
__version__ = "0.1.0"


def __getattr__(name: str) -> Any:
    # The driver, pandas and networkx load only when asked for: `import kg.analysis` stays free of neo4j.
    if name == "connect":
        from kg.store.db import connect

        return connect
    if name in ("events", "subgraph"):
        from kg import notebook

        return getattr(notebook, name)
    raise AttributeError(f"module 'kg' has no attribute {name!r}")
