"""CSV files for `neo4j-admin database import`: the fastest first load of very large data.

Headers follow neo4j-admin's format (`id:ID(Actor)`, `:LABEL`, `:START_ID(Actor)`, `:END_ID(Actor)`,
`:TYPE`, typed properties such as `date:date`); labels, types and property keys come from the ontology.
Use it for an empty database only (admin import cannot add to an existing graph); everything after a
first load goes through `kg load`, which is idempotent and resumable.

The files hold what `kg load` of the same rows would write, by the writer's rules (`kg.store.writer`):
- an edge is keyed by (relationship type, event id); a row re-sent under the same key replaces the earlier
  one (the writer's `SET r = row.props`), so the last version is the one kept;
- its properties are `Event.edge_properties` (the ontology's edge properties), nulls left empty;
- a node's properties are those of `ActorRef.node_properties`; where two rows disagree the smallest value per
  property wins (`merge_node_props`, what write/nodes.cypher does).
"""

from __future__ import annotations

import csv
import os
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from kg.models import ACTOR_NODE_PROPERTIES, SourceInfo
from kg.ontology import EDGE_PROPERTIES, Label, NodeLabel
from kg.rows import Reject, RejectLog, Row
from kg.store.writer import merge_node_props

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


def write_admin_import(rows: Iterable[Row | Reject], out_dir: Path, sources: Iterable[SourceInfo] = (),
                       rejects: RejectLog | None = None) -> AdminImportFiles:
    out_dir.mkdir(parents=True, exist_ok=True)
    paths = (out_dir / "nodes.csv", out_dir / "sources.csv", out_dir / "relationships.csv")
    nodes: dict[str, tuple[NodeLabel, dict[str, Any]]] = {}
    seen_sources: dict[str, SourceInfo | None] = {s.id: s for s in sources}
    lines: dict[tuple[str, str], int] = {}  # edge key → the data line holding its current version
    superseded: set[int] = set()
    rejected = 0
    with paths[2].open("w", newline="", encoding="utf-8") as r_handle:
        rels = csv.writer(r_handle)
        rels.writerow([f":START_ID({Label.ACTOR})", f":END_ID({Label.ACTOR})", ":TYPE",
                       *(f"{p.name}:{_ADMIN_TYPES[p.type]}" for p in EDGE_PROPERTIES)])
        for item in rows:
            if isinstance(item, Reject):
                rejected += 1
                if rejects:
                    rejects.add(item)
                continue
            event = item.event
            key = (event.relation, event.event_id)
            if key in lines:  # a re-sent row: this version replaces the one already written
                superseded.add(lines[key])
            lines[key] = len(lines) + len(superseded)
            for actor in (event.subject, event.object):
                known = nodes.get(actor.id)
                props = actor.node_properties()
                nodes[actor.id] = (actor.label, merge_node_props(known[1], props) if known else props)
            values = event.edge_properties_json()
            rels.writerow([event.subject.id, event.object.id, event.relation,
                           *(_cell(values[p.name]) for p in EDGE_PROPERTIES)])
            seen_sources.setdefault(event.source, None)
    if superseded:
        _drop_lines(paths[2], superseded)
    _write_nodes(paths[0], nodes)
    _write_sources(paths[1], seen_sources)
    return AdminImportFiles(*paths, nodes_written=len(nodes), relationships_written=len(lines), rejected=rejected)


def admin_import(out_dir: Path, loader: str, paths: list[Path], *, rejects: Path | None = None) -> AdminImportFiles:
    """`kg export admin-import`: parse the inputs with a loader of the registry and write the import CSVs;
    rejected rows go to `rejects`."""
    from loaders import iter_rows

    with RejectLog(rejects) as log:
        return write_admin_import(iter_rows(loader, paths), out_dir, rejects=log)


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


def _write_nodes(path: Path, nodes: dict[str, tuple[NodeLabel, dict[str, Any]]]) -> None:
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow([f"id:ID({Label.ACTOR})", *ACTOR_NODE_PROPERTIES, ":LABEL"])
        for node_id, (label, props) in nodes.items():
            writer.writerow([node_id, *(props.get(k, "") for k in ACTOR_NODE_PROPERTIES), f"{Label.ACTOR};{label}"])


def _write_sources(path: Path, sources: dict[str, SourceInfo | None]) -> None:
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow([f"id:ID({Label.SOURCE})", "title", "url", "kind", ":LABEL"])
        for source_id, info in sorted(sources.items()):
            writer.writerow([source_id, info.title if info else "", info.url if info else "",
                             info.kind if info else "", Label.SOURCE])


def _cell(value: Any) -> Any:
    return "" if value is None else value
