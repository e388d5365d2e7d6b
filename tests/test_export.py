"""`kg export admin-import` writes the ids and properties `kg load` writes (no database needed)."""

from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path

from kg.models import ACTOR_NODE_PROPERTIES, ActorRef, Event
from kg.ontology import EDGE_PROPERTIES, NodeLabel, RelType
from kg.rows import Row
from kg.store.export import write_admin_import

RUS = ActorRef(id="RUS", label=NodeLabel.COUNTRY, name="Russia")


def _row(line: int, event_id: str, person_name: str, evidence: str) -> Row:
    person = ActorRef(id="person:erdogan", label=NodeLabel.PERSON, name=person_name)
    return Row(Event(relation=RelType.MET, subject=person, object=RUS, event_id=event_id, source="s",
                     date=dt.date(2022, 1, line), evidence=evidence), "in.jsonl", line)


def _records(path: Path) -> list[dict[str, str]]:
    with path.open(newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def test_one_edge_per_key_with_the_writers_ids_and_properties(tmp_path: Path) -> None:
    rows = [_row(1, "e1", "Erdoğan", "first version"), _row(2, "e2", "Erdoğan", "other event"),
            _row(3, "e1", "Erdoğan", "first version")]
    files = write_admin_import(rows, tmp_path)
    edges = _records(files.relationships)
    assert files.relationships_written == len(edges) == 2  # a re-sent row is one edge
    first = rows[0].event.edge_properties_json()
    assert {k.split(":")[0]: v for k, v in edges[0].items() if not k.startswith(":")} == {
        p.name: "" if first[p.name] is None else str(first[p.name]) for p in EDGE_PROPERTIES}
    nodes = {n["id:ID(Actor)"]: n for n in _records(files.nodes)}
    assert {k: nodes["person:erdogan"][k] for k in ACTOR_NODE_PROPERTIES if nodes["person:erdogan"][k]} == \
        rows[0].event.subject.node_properties()
    assert nodes["person:erdogan"][":LABEL"] == "Actor;Person" and nodes["RUS"]["iso3"] == "RUS"
