"""CSV files for `neo4j-admin database import`: the fastest first load of very large data.

Headers follow neo4j-admin's format (`id:ID(Actor)`, `:LABEL`, `:START_ID(Actor)`, `:END_ID(Actor)`,
`:TYPE`, typed properties such as `date:date`); labels, types and property keys come from the ontology.
Use it for an empty database only (admin import cannot add to an existing graph); everything after a
first load goes through `kg load`, which is idempotent and resumable.

The files hold the ids and properties `kg load` of the same rows writes (`kg.store.writer`):
- an edge is keyed by (relationship type, event id), with `Event.edge_properties` (the ontology's edge
  properties), nulls left empty;
- a node is keyed by its actor id, with `ActorRef.node_properties` (`ACTOR_NODE_PROPERTIES`).
Where rows repeat a key, this module and the Spark job (`kg spark admin-import`, tests/test_spark.py holds them
equal) keep the first version, and the writer ends with the last edge and the smallest node value
(`merge_node_props`): the same for clean data, the first load admin import is for.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from kg.models import ACTOR_NODE_PROPERTIES, SourceInfo
from kg.ontology import EDGE_PROPERTIES, Label, NodeLabel
from kg.rows import Reject, RejectLog, Row, Skip

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


def write_admin_import(rows: Iterable[Row | Reject], out_dir: Path, sources: Iterable[SourceInfo] = (),
                       rejects: RejectLog | None = None) -> AdminImportFiles:
    out_dir.mkdir(parents=True, exist_ok=True)
    paths = (out_dir / "nodes.csv", out_dir / "sources.csv", out_dir / "relationships.csv")
    nodes: dict[str, tuple[NodeLabel, dict[str, Any]]] = {}
    seen_sources: dict[str, SourceInfo | None] = {s.id: s for s in sources}
    seen_events: set[tuple[str, str]] = set()
    rejected = skipped = 0
    with paths[2].open("w", newline="", encoding="utf-8") as r_handle:
        rels = csv.writer(r_handle)
        rels.writerow([f":START_ID({Label.ACTOR})", f":END_ID({Label.ACTOR})", ":TYPE",
                       *(f"{p.name}:{_ADMIN_TYPES[p.type]}" for p in EDGE_PROPERTIES)])
        for item in rows:
            if isinstance(item, Skip):
                skipped += 1
                continue
            if isinstance(item, Reject):
                rejected += 1
                if rejects:
                    rejects.add(item)
                continue
            event = item.event
            key = (event.relation, event.event_id)
            if key in seen_events:  # admin import would fail on a duplicate; a re-sent row is one edge
                continue
            seen_events.add(key)
            for actor in (event.subject, event.object):
                nodes.setdefault(actor.id, (actor.label, actor.node_properties()))
            values = event.edge_properties_json()
            rels.writerow([event.subject.id, event.object.id, event.relation,
                           *(_cell(values[p.name]) for p in EDGE_PROPERTIES)])
            seen_sources.setdefault(event.source, None)
    _write_nodes(paths[0], nodes)
    _write_sources(paths[1], seen_sources)
    return AdminImportFiles(*paths, nodes_written=len(nodes), relationships_written=len(seen_events), rejected=rejected,
                            skipped=skipped)


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
