"""A snapshot back into rows for the writer: sharing a frozen graph between analysts' servers.

A snapshot keeps what analysis needs (actors, relation, day, status, Goldstein, quad class, source),
not evidence text; loading it gives those edges, under their original event ids, idempotently.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from kg.analysis.projection import read_snapshot
from kg.models import ActorRef, Event
from kg.ontology import NodeLabel, OrgKind, RelKind, Status, relation
from kg.rows import Reject, Row, describe_validation_error

__all__ = ["snapshot_rows"]


def _actor(node: Any, data: dict[str, Any]) -> ActorRef:
    label = NodeLabel(data.get("label", "Organization"))
    kind = OrgKind(data["kind"]) if data.get("kind") and label == NodeLabel.ORGANIZATION else None
    return ActorRef(id=str(node), label=label, name=str(data.get("name") or node), kind=kind,
                    country=data.get("country") if label != NodeLabel.COUNTRY else None)


def snapshot_rows(path: Path) -> Iterator[Row | Reject]:
    G = read_snapshot(path)
    default_source = f"snapshot:{path.stem}"
    for number, (u, v, key, data) in enumerate(G.edges(keys=True, data=True), start=1):
        try:
            rel = relation(data["relation"])
            day = data.get("day")
            state = rel.kind == RelKind.STATE
            yield Row(Event(
                relation=rel.name, subject=_actor(u, G.nodes[u]), object=_actor(v, G.nodes[v]),
                event_id=str(key) if not state else f"{default_source}#{rel.name}:{u}:{v}",
                source=data.get("source_id") or default_source, status=Status(data.get("status") or "occurred"),
                date=day, since=data.get("since", day), until=data.get("until", day),
                date_precision="day" if day else "unknown", goldstein=data.get("goldstein"),
                quad_class=data.get("quad_class"), role=data.get("role"),
            ), str(path), number)
        except ValidationError as exc:
            column, reason = describe_validation_error(exc)
            yield Reject(str(path), number, reason, column)
        except (KeyError, ValueError) as exc:
            yield Reject(str(path), number, f"edge {u}→{v}: {exc}")
