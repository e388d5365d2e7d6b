"""Constraints and indexes, rendered from `cypher/schema/*.cypher` for every label and type of the ontology."""

from __future__ import annotations

from neo4j import Driver

from kg import cypher
from kg.ontology import ACTOR_LABEL, EDGE_PROPERTIES, LOAD_LABEL, RELATIONS, SOURCE_LABEL

__all__ = ["apply_schema", "schema_statements"]


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


def apply_schema(driver: Driver, database: str) -> int:
    """Apply the schema (idempotent) and wait until indexes are online; returns the statement count."""
    stmts = schema_statements()
    with driver.session(database=database) as session:
        for stmt in stmts:
            session.run(stmt).consume()  # schema commands cannot share a transaction with others
        session.run(cypher.read("admin/await_indexes.cypher")).consume()
    return len(stmts)
