"""CSV files for `neo4j-admin database import`: the fastest first load of very large data.

Headers follow neo4j-admin's format (`id:ID(Actor)`, `:LABEL`, `:START_ID(Actor)`, `:END_ID(Actor)`,
`:TYPE`, typed properties such as `date:date`); labels, types and property keys come from the ontology.
Use it for an empty database only (admin import cannot add to an existing graph); everything after a
first load goes through `kg load`, which is idempotent and resumable.

The files hold the graph `kg load` of the same rows, in the same order (files in the order given, lines in
file order), ends with; the rules are the writer's (`kg.store.writer`), and the Spark job (`kg spark
admin-import`) applies them too (tests/test_spark.py feeds conflicting repeats through all three):
- an edge is keyed by (relationship type, event id), with `Event.edge_properties` (the ontology's edge
  properties), nulls left empty. Where rows repeat a key, the last version's properties win (the writer's
  `SET r = row.props`); a version between other endpoints than the first is rejected like the writer
  rejects it (`conflict_reject`: the per-type uniqueness constraint on event_id);
- a node is keyed by its actor id, with `ActorRef.node_properties` (`ACTOR_NODE_PROPERTIES`) merged over
  every row kept (re-sent versions included, rejected rows not): per property the smallest value wins and
  missing ones are filled (`merge_node_props`, what write/nodes.cypher does; strings in Neo4j's UTF-16
  order), so two spellings that share an id give the same name whatever their order; its labels are those
  of all its rows.
"""

from __future__ import annotations

import csv
import os
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kg.models import ACTOR_NODE_PROPERTIES, ActorRef, SourceInfo
from kg.ontology import EDGE_PROPERTIES, Label, NodeLabel
from kg.rows import Reject, RejectLog, Row, Skip
from kg.store.writer import conflict_reject, merge_node_props

if TYPE_CHECKING:
    import _csv

__all__ = ["AdminImportFiles", "admin_import", "write_admin_import"]

_ADMIN_TYPES = {"STRING": "string", "DATE": "date", "FLOAT": "float", "INTEGER": "long"}


@dataclass(frozen=True)
class AdminImportFiles:
    nodes: Path
    sources: Path
    relationships: Path
    nodes_written: int
    relationships_written: int
    rejected: int
    skipped: int = 0  # rows out of scope (a feed's domestic events): not edges, not rejects


@dataclass
class _Graph:
    """What the writer makes of the rows seen so far (see the module docstring)."""

    sources: dict[str, SourceInfo | None]
    rejects: RejectLog | None
    nodes: dict[str, tuple[set[NodeLabel], dict[str, Any]]] = field(default_factory=dict)
    # (type, event id) → (subject, object) of its first version and the data line of its last
    edges: dict[tuple[str, str], tuple[str, str, int]] = field(default_factory=dict)
    superseded: set[int] = field(default_factory=set)  # data lines a later version replaced
    lines: int = 0
    rejected: int = 0
    skipped: int = 0

    def add(self, item: Row | Reject, rels: _csv.Writer) -> None:
        if isinstance(item, Skip):
            self.skipped += 1
        elif isinstance(item, Reject):
            self.reject(item)
        else:
            self.add_row(item, rels)

    def reject(self, item: Reject) -> None:
        self.rejected += 1
        if self.rejects:
            self.rejects.add(item)

    def add_row(self, row: Row, rels: _csv.Writer) -> None:
        event = row.event
        key = (event.relation, event.event_id)
        ends = (event.subject.id, event.object.id)
        known = self.edges.get(key)
        if known is not None and known[:2] != ends:
            self.reject(conflict_reject(row.path, row.line, event.event_id))
            return
        if known is not None:
            self.superseded.add(known[2])
        self.edges[key] = (*ends, self.lines)
        self.lines += 1
        for actor in (event.subject, event.object):
            self.add_node(actor)
        values = event.edge_properties_json()
        rels.writerow([event.subject.id, event.object.id, event.relation,
                       *(_cell(values[p.name]) for p in EDGE_PROPERTIES)])
        self.sources.setdefault(event.source, None)

    def add_node(self, actor: ActorRef) -> None:
        props = actor.node_properties()
        known = self.nodes.get(actor.id)
        if known is None:
            self.nodes[actor.id] = ({actor.label}, props)
            return
        known[0].add(actor.label)
        if known[1] != props:  # two spellings (or a property one row lacks): merge as write/nodes.cypher does
            self.nodes[actor.id] = (known[0], merge_node_props(known[1], props))


def write_admin_import(rows: Iterable[Row | Reject], out_dir: Path, sources: Iterable[SourceInfo] = (),
                       rejects: RejectLog | None = None) -> AdminImportFiles:
    out_dir.mkdir(parents=True, exist_ok=True)
    paths = (out_dir / "nodes.csv", out_dir / "sources.csv", out_dir / "relationships.csv")
    graph = _Graph({s.id: s for s in sources}, rejects)
    with paths[2].open("w", newline="", encoding="utf-8") as r_handle:
        rels = csv.writer(r_handle)
        rels.writerow([f":START_ID({Label.ACTOR})", f":END_ID({Label.ACTOR})", ":TYPE",
                       *(f"{p.name}:{_ADMIN_TYPES[p.type]}" for p in EDGE_PROPERTIES)])
        for item in rows:
            graph.add(item, rels)
    if graph.superseded:  # admin import refuses a repeated key: keep each key's last version only
        _drop_lines(paths[2], graph.superseded)
    _write_nodes(paths[0], graph.nodes)
    _write_sources(paths[1], graph.sources)
    return AdminImportFiles(*paths, nodes_written=len(graph.nodes), relationships_written=len(graph.edges),
                            rejected=graph.rejected, skipped=graph.skipped)


def admin_import(out_dir: Path, loader: str, paths: list[Path], *, rejects_dir: Path,
                 rejects: Path | None = None) -> tuple[AdminImportFiles, list[Path]]:
    """`kg export admin-import`: parse the inputs with a loader of the registry and write the import CSVs.

    Rejected rows follow `kg load`'s rules: one list per input under `rejects_dir`, or all in `rejects`; never an
    input, never inside an input folder, checked before anything is read (raises `loaders.BadInput`). Returns the
    files and the reject lists written."""
    from kg.store.loading import InputRejectLogs
    from loaders import iter_rows

    logs = InputRejectLogs.checked(loader, paths, rejects, rejects_dir)
    with logs:
        files = write_admin_import(iter_rows(loader, paths), out_dir, rejects=logs)
    return files, logs.written_files


def _drop_lines(path: Path, drop: set[int]) -> None:
    """Rewrite the relationships file without the data lines (0-based, after the header) in `drop`."""
    kept = path.with_suffix(".tmp")
    with path.open(newline="", encoding="utf-8") as src, kept.open("w", newline="", encoding="utf-8") as dst:
        reader, writer = csv.reader(src), csv.writer(dst)
        writer.writerow(next(reader))
        for number, record in enumerate(reader):
            if number not in drop:
                writer.writerow(record)
    os.replace(kept, path)


def _write_nodes(path: Path, nodes: dict[str, tuple[set[NodeLabel], dict[str, Any]]]) -> None:
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow([f"id:ID({Label.ACTOR})", *ACTOR_NODE_PROPERTIES, ":LABEL"])
        for node_id, (labels, props) in nodes.items():
            writer.writerow([node_id, *(props.get(k, "") for k in ACTOR_NODE_PROPERTIES),
                             ";".join([Label.ACTOR, *sorted(labels)])])


def _write_sources(path: Path, sources: dict[str, SourceInfo | None]) -> None:
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow([f"id:ID({Label.SOURCE})", "title", "url", "kind", ":LABEL"])
        for source_id, info in sorted(sources.items()):
            writer.writerow([source_id, info.title if info else "", info.url if info else "",
                             info.kind if info else "", Label.SOURCE])


def _cell(value: Any) -> Any:
    return "" if value is None else value
