"""CSV files for `neo4j-admin database import`: the fastest first load of very large data.

Headers follow neo4j-admin's format (`id:ID(Actor)`, `:LABEL`, `:START_ID(Actor)`, `:END_ID(Actor)`,
`:TYPE`, typed properties such as `date:date`); labels, types and property keys come from the ontology.
Use it for an empty database only (admin import cannot add to an existing graph); everything after a
first load goes through `kg load`, which is idempotent and resumable.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from kg.models import SourceInfo
from kg.ontology import ACTOR_LABEL, EDGE_PROPERTIES, SOURCE_LABEL
from kg.rows import Reject, RejectLog, Row, Skip

__all__ = ["AdminImportFiles", "write_admin_import"]

_ADMIN_TYPES = {"STRING": "string", "DATE": "date", "FLOAT": "float", "INTEGER": "long"}
_NODE_PROPS = ("name", "iso3", "kind", "country")


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
    seen_nodes: set[str] = set()
    seen_sources: dict[str, SourceInfo | None] = {s.id: s for s in sources}
    seen_events: set[tuple[str, str]] = set()
    rejected = skipped = edges = 0
    with paths[0].open("w", newline="", encoding="utf-8") as n_handle, \
            paths[2].open("w", newline="", encoding="utf-8") as r_handle:
        nodes = csv.writer(n_handle)
        rels = csv.writer(r_handle)
        nodes.writerow([f"id:ID({ACTOR_LABEL})", *_NODE_PROPS, ":LABEL"])
        rels.writerow([f":START_ID({ACTOR_LABEL})", f":END_ID({ACTOR_LABEL})", ":TYPE",
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
                if actor.id not in seen_nodes:
                    seen_nodes.add(actor.id)
                    props = actor.node_properties()
                    nodes.writerow([actor.id, *(props.get(k, "") for k in _NODE_PROPS),
                                    f"{ACTOR_LABEL};{actor.label.value}"])
            values = event.edge_properties_json()
            rels.writerow([event.subject.id, event.object.id, event.relation,
                           *(_cell(values[p.name]) for p in EDGE_PROPERTIES)])
            seen_sources.setdefault(event.source, None)
            edges += 1
    with paths[1].open("w", newline="", encoding="utf-8") as s_handle:
        writer = csv.writer(s_handle)
        writer.writerow([f"id:ID({SOURCE_LABEL})", "title", "url", "kind", ":LABEL"])
        for source_id, info in sorted(seen_sources.items()):
            writer.writerow([source_id, info.title if info else "", info.url if info else "",
                             info.kind if info else "", SOURCE_LABEL])
    return AdminImportFiles(*paths, nodes_written=len(seen_nodes), relationships_written=edges, rejected=rejected,
                            skipped=skipped)


def _cell(value: Any) -> Any:
    return "" if value is None else value
