"""Constraints and indexes, rendered from `cypher/schema/*.cypher` for every label and type of the ontology."""

from __future__ import annotations

import re

from neo4j import Driver

from kg.ontology import ACTOR_LABEL, EDGE_PROPERTIES, LOAD_LABEL, RELATIONS, SOURCE_LABEL
from kg.store import cypher

__all__ = ["apply_schema", "constraint_names", "schema_statements"]


def schema_statements() -> list[str]:
    """Every schema statement, in the order `kg init` applies them (all `IF NOT EXISTS`)."""
    out: list[str] = []
    for label in (ACTOR_LABEL, SOURCE_LABEL, LOAD_LABEL):
        out += cypher.statements(cypher.render("schema/node.cypher", label=label))
    out += cypher.statements(cypher.read("schema/country.cypher"))
    for rel_type in RELATIONS:
        out += cypher.statements(cypher.render("schema/relationship.cypher", rel_type=rel_type))
        for prop in EDGE_PROPERTIES:
            if prop.indexed:
                out += cypher.statements(
                    cypher.render("schema/relationship_index.cypher", rel_type=rel_type, property=prop.name)
                )
    return out


_NAME = re.compile(r"^CREATE (?:CONSTRAINT|INDEX|FULLTEXT INDEX) (\w+) IF NOT EXISTS")


def constraint_names() -> set[str]:
    """Names of the constraints `kg init` creates (what `kg check` expects to find)."""
    return {m.group(1) for s in schema_statements() if s.startswith("CREATE CONSTRAINT") and (m := _NAME.match(s))}


def apply_schema(driver: Driver, database: str) -> int:
    """Create what is missing of the schema and wait until indexes are online; returns the statement count.

    One round trip when everything is in place (every load calls this); every constraint is backed by
    an index of the same name, so SHOW INDEXES lists both.
    """
    stmts = schema_statements()
    with driver.session(database=database) as session:
        present = {r["name"]: r["state"] for r in session.run(cypher.read("admin/schema_names.cypher"))}
        missing = [s for s in stmts if (m := _NAME.match(s)) is None or m.group(1) not in present]
        for stmt in missing:
            session.run(stmt).consume()  # schema commands cannot share a transaction with others
        if missing or any(state != "ONLINE" for state in present.values()):
            session.run(cypher.read("admin/await_indexes.cypher")).consume()
    return len(stmts)
