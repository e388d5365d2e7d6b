"""Managing what was loaded: remove one source's contribution, check the graph's integrity, count it."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from neo4j import Driver

from kg import cypher
from kg.db import timed
from kg.ontology import ACTOR_LABEL, NODE_LABELS, RELATIONS
from kg.schema import constraint_names

__all__ = ["CheckReport", "check_graph", "graph_counts", "unload_source"]

_BATCH = 10_000


def unload_source(driver: Driver, database: str, source: str) -> dict[str, int]:
    """Delete the edges a source wrote and the nodes that leaves without edges (not reference data).

    Works in batches of 10k so a large source never needs one huge transaction; safe to re-run.
    """
    edges = nodes = 0
    for rel_type in RELATIONS:
        statement = cypher.render("admin/unload_edges.cypher", rel_type=rel_type)
        while True:
            record = driver.execute_query(statement, {"source": source, "limit": _BATCH},
                                          database_=database).records[0]
            if record["deleted"] == 0:
                break
            edges += record["deleted"]
            ids = list(set(record["endpoints"]))
            nodes += driver.execute_query(cypher.read("admin/unload_orphans.cypher"), {"ids": ids},
                                          database_=database).records[0]["deleted"]
    bookkeeping = driver.execute_query(cypher.read("admin/unload_source.cypher"), {"source": source},
                                       database_=database).records[0]["deleted"]
    return {"edges": edges, "nodes": nodes, "source_and_loads": bookkeeping}


@dataclass
class CheckReport:
    problems: list[str] = field(default_factory=list)
    per_source: list[dict[str, Any]] = field(default_factory=list)
    nodes: list[dict[str, Any]] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


def check_graph(driver: Driver, database: str) -> CheckReport:
    report = CheckReport()

    def rows(name: str) -> list[dict[str, Any]]:
        return [r.data() for r in driver.execute_query(timed(cypher.read(name)), database_=database).records]

    expected = constraint_names()
    present = {r["name"] for r in rows("admin/constraints.cypher")}
    if missing := sorted(expected - present):
        report.problems.append(f"{len(missing)} constraints missing (run `kg init`): {', '.join(missing[:5])}…")

    for row in rows("admin/check_edges.cypher"):
        report.per_source.append(row)
        if row["type"] not in RELATIONS:
            report.problems.append(f"{row['edges']} edges of type {row['type']} that the ontology does not know")
        if row["source"] is None:
            report.problems.append(f"{row['edges']} {row['type']} edges without a source")
        elif row["source_missing"]:
            report.problems.append(f"{row['edges']} {row['type']} edges name source {row['source']!r}, "
                                   "which has no Source node")
        if row["without_event_id"]:
            report.problems.append(f"{row['without_event_id']} {row['type']} edges without an event_id")

    known = {*NODE_LABELS, ACTOR_LABEL}
    for row in rows("admin/check_nodes.cypher"):
        report.nodes.append(row)
        if unknown := [label for label in row["labels"] if label not in known]:
            report.problems.append(f"{row['nodes']} nodes with labels the ontology does not know: {unknown}")
        if row["without_id"]:
            report.problems.append(f"{row['without_id']} nodes labelled {row['labels']} without an id")

    for row in rows("admin/check_loads.cypher"):
        report.problems.append(f"load of {row['path']} stopped after {row['batches_done']} batches "
                               f"({row['rows_done']} rows); re-run it to resume")
    return report


def graph_counts(driver: Driver, database: str) -> list[dict[str, Any]]:
    """Nodes per label and edges per type."""
    return [r.data() for r in driver.execute_query(timed(cypher.read("admin/counts.cypher")),
                                                  database_=database).records]
