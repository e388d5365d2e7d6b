"""Diplomatic relationship knowledge graph: loaders → Neo4j → NetworkX analysis.

Notebook entry points: `kg.connect()` for a driver configured from the environment.
"""

from kg.db import connect

__all__ = ["connect"]
__version__ = "0.1.0"
