"""Managing what was loaded: remove one source's contribution, check the graph's integrity, count it."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from neo4j import Driver

from kg.ontology import ACTOR_LABEL, NODE_LABELS, RELATIONS
from kg.store import cypher
from kg.store.db import timed
from kg.store.schema import constraint_names
from kg.store.writer import manifest_expected_edges, source_edge_count

__all__ = ["CheckReport", "UnknownSource", "check", "check_graph", "graph_counts", "repair_graph", "unload_source"]

_BATCH = 10_000


class UnknownSource(LookupError):
    """`kg unload` of a source the graph does not know (a typo, or an unload that already finished)."""


def unload_source(driver: Driver, database: str, source: str) -> dict[str, int]:
    """Delete the edges a source wrote and the nodes that leaves without edges (not reference data).

    Resumable: the source's manifests are first marked `unloading` (with a marker for sources that have
    none), each batch of 10k edges is deleted in one transaction together with the endpoints it orphans,
    and the Source node and manifests go last. A kill at any point leaves a state that `kg check` reports
    and that the same command finishes.
    """
    known = driver.execute_query(cypher.read("admin/source_known.cypher"), {"source": source},
                                 database_=database).records[0]
    if not known["source_node"] and not known["loads"] and not source_edge_count(driver, database, [source]):
        raise UnknownSource(f"nothing to unload: the graph has no source {source!r} (no Source node, manifest or "
                            "edge names it); `kg check --format json` lists the sources per edge type")
    driver.execute_query(cypher.read("admin/unload_begin.cypher"), {"source": source}, database_=database)
    edges = nodes = 0
    for rel_type in RELATIONS:
        statement = cypher.render("admin/unload_edges.cypher", rel_type=rel_type)
        while True:
            record = driver.execute_query(statement, {"source": source, "limit": _BATCH},
                                          database_=database).records[0]
            if record["deleted"] == 0:
                break
            edges += record["deleted"]
            nodes += record["orphans"]
    bookkeeping = driver.execute_query(cypher.read("admin/unload_source.cypher"), {"source": source},
                                       database_=database).records[0]["deleted"]
    return {"edges": edges, "nodes": nodes, "source_and_loads": bookkeeping}


@dataclass
class CheckReport:
    problems: list[str] = field(default_factory=list)
    per_source: list[dict[str, Any]] = field(default_factory=list)
    nodes: list[dict[str, Any]] = field(default_factory=list)
    checks: list[dict[str, Any]] = field(default_factory=list)  # each check that ran: name, problems found
    # What `repair_graph` may fix without the input files.
    orphans: int = 0
    empty_sources: list[str] = field(default_factory=list)
    unloading: list[str] = field(default_factory=list)
    short_manifests: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems

    def record(self, name: str, problems: list[str]) -> None:
        self.checks.append({"check": name, "problems": len(problems)})
        self.problems.extend(problems)


def check_graph(driver: Driver, database: str) -> CheckReport:
    report = CheckReport()

    def rows(name: str) -> list[dict[str, Any]]:
        return [r.data() for r in driver.execute_query(timed(cypher.read(name)), database_=database).records]

    expected = constraint_names()
    present = {r["name"] for r in rows("admin/constraints.cypher")}
    missing = sorted(expected - present)
    report.record("constraints in place", [f"{len(missing)} constraints missing (run `kg init`): "
                                           f"{', '.join(missing[:5])}…"] if missing else [])
    report.per_source = rows("admin/check_edges.cypher")
    report.record("edges typed and sourced", _edge_problems(report.per_source))
    report.nodes = rows("admin/check_nodes.cypher")
    report.record("nodes labelled and keyed", _node_problems(report.nodes))
    report.record("no orphan actors", _orphan_problems(rows("admin/check_orphans.cypher")[0], report))
    report.record("no self-loops", _self_loop_problems(rows("admin/check_self_loops.cypher")))
    report.record("every source has edges", _empty_source_problems(rows("admin/check_sources.cypher"), report))
    loads = rows("admin/check_loads.cypher")
    report.record("loads and unloads finished", _unfinished_problems(loads, report))
    report.record("finished loads' edges present", _manifest_problems(loads, report))
    return report


def _edge_problems(per_source: list[dict[str, Any]]) -> list[str]:
    problems = []
    for row in per_source:
        if row["type"] not in RELATIONS:
            problems.append(f"{row['edges']} edges of type {row['type']} that the ontology does not know")
        if row["source"] is None:
            problems.append(f"{row['edges']} {row['type']} edges without a source")
        elif row["source_missing"]:
            problems.append(f"{row['edges']} {row['type']} edges name source {row['source']!r}, which has no "
                            "Source node")
        if row["without_event_id"]:
            problems.append(f"{row['without_event_id']} {row['type']} edges without an event_id")
    return problems


def _node_problems(nodes: list[dict[str, Any]]) -> list[str]:
    known = {*NODE_LABELS, ACTOR_LABEL}
    problems = []
    for row in nodes:
        if unknown := [label for label in row["labels"] if label not in known]:
            problems.append(f"{row['nodes']} nodes with labels the ontology does not know: {unknown}")
        if row["without_id"]:
            problems.append(f"{row['without_id']} nodes labelled {row['labels']} without an id")
    return problems


def _orphan_problems(row: dict[str, Any], report: CheckReport) -> list[str]:
    report.orphans = row["orphans"]
    if not row["orphans"]:
        return []
    return [f"{row['orphans']} actors without any edge that are not reference data (e.g. "
            f"{', '.join(map(str, row['examples']))}); `kg check --repair` deletes them"]


def _self_loop_problems(rows: list[dict[str, Any]]) -> list[str]:
    return [f"{row['edges']} {row['type']} edges from an actor to itself (e.g. {', '.join(map(str, row['examples']))})"
            "; fix the input and re-load, or `kg unload` its source"
            for row in rows if not (row["type"] in RELATIONS and RELATIONS[row["type"]].reflexive)]


def _empty_source_problems(sources: list[dict[str, Any]], report: CheckReport) -> list[str]:
    with_edges = {row["source"] for row in report.per_source}
    report.empty_sources = [row["id"] for row in sources if row["id"] not in with_edges]
    if not report.empty_sources:
        return []
    return [f"{len(report.empty_sources)} Source nodes that no edge names: {', '.join(report.empty_sources[:5])}; "
            "`kg check --repair` deletes them"]


def _unfinished_problems(loads: list[dict[str, Any]], report: CheckReport) -> list[str]:
    problems = []
    for row in loads:
        status = row["status"]
        if status == "running":
            problems.append(f"load of {row['path']} stopped after {row['batches_done']} batches "
                            f"({row['rows_done']} rows); re-run it to resume")
        elif status == "failed":
            problems.append(f"load of {row['path']} failed ({row['error']}); re-run it after fixing the cause")
        elif status == "unloading" and row["source"] not in report.unloading:
            report.unloading.append(row["source"])
            problems.append(f"unload of source {row['source']!r} was interrupted; run `kg unload --source "
                            f"{row['source']}` (or `kg check --repair`) to finish it")
        elif status == "stale":
            problems.append(f"the graph lost edges of the load of {row['path']}; `kg load` it again")
    return problems


def _manifest_problems(loads: list[dict[str, Any]], report: CheckReport) -> list[str]:
    per_source: dict[Any, int] = defaultdict(int)
    for row in report.per_source:
        per_source[row["source"]] += row["edges"]
    problems = []
    for row in loads:
        if row["status"] != "complete":
            continue
        expected = manifest_expected_edges(row)
        present = sum(per_source.get(s, 0) for s in set(row["sources"]))
        if present < expected:
            report.short_manifests.append(row["id"])
            problems.append(f"load of {row['path']} wrote {expected} edges but the graph holds {present} of its "
                            f"sources; `kg check --repair` marks it so the next `kg load` writes it again")
    return problems


def check(driver: Driver, database: str, *, repair: bool = False) -> tuple[CheckReport, list[str]]:
    """`kg check`: the graph's integrity; with `repair`, fix what is safe and check again. Returns the report
    (after the repairs) and what was repaired."""
    report = check_graph(driver, database)
    repaired = repair_graph(driver, database, report) if repair and not report.ok else []
    return (check_graph(driver, database) if repaired else report), repaired


def repair_graph(driver: Driver, database: str, report: CheckReport) -> list[str]:
    """Fix what is safe to fix without the input files; returns what was done. Loads that stopped, failed
    or lost edges need their files: those are left for `kg load`."""
    done = []
    for source in report.unloading:
        result = unload_source(driver, database, source)
        done.append(f"finished the unload of {source!r}: {result['edges']} edges, {result['nodes']} nodes")
    if report.orphans:
        with driver.session(database=database) as session:
            session.run(cypher.read("admin/repair_orphans.cypher")).consume()
        done.append(f"deleted {report.orphans} orphan actors")
    if report.empty_sources:
        deleted = driver.execute_query(cypher.read("admin/repair_sources.cypher"), {"ids": report.empty_sources},
                                       database_=database).records[0]["deleted"]
        done.append(f"deleted {deleted} Source nodes without edges")
    for manifest in report.short_manifests:
        driver.execute_query(cypher.read("admin/repair_manifest.cypher"), {"id": manifest}, database_=database)
        done.append(f"marked {manifest} stale: the next `kg load` of its file writes it again")
    return done


def graph_counts(driver: Driver, database: str) -> list[dict[str, Any]]:
    """Nodes per label and edges per type."""
    return [r.data() for r in driver.execute_query(timed(cypher.read("admin/counts.cypher")),
                                                  database_=database).records]
