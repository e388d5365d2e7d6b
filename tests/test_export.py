"""`kg export admin-import` writes what `kg load` would: the writer's id and property rules (no database needed)."""

from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path

from kg.models import ActorRef, Event
from kg.ontology import NodeLabel, RelType
from kg.rows import Row
from kg.store.export import write_admin_import
from kg.store.writer import merge_node_props

RUS = ActorRef(id="RUS", label=NodeLabel.COUNTRY, name="Russia")


def _row(line: int, event_id: str, person_name: str, evidence: str) -> Row:
    person = ActorRef(id="person:erdogan", label=NodeLabel.PERSON, name=person_name)
    return Row(Event(relation=RelType.MET, subject=person, object=RUS, event_id=event_id, source="s",
                     date=dt.date(2022, 1, line), evidence=evidence), "in.jsonl", line)


def _records(path: Path) -> list[dict[str, str]]:
    with path.open(newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def test_a_resent_row_replaces_the_earlier_version_and_nodes_keep_the_smallest_value(tmp_path: Path) -> None:
    rows = [_row(1, "e1", "Erdoğan", "first version"), _row(2, "e2", "Erdogan", "other event"),
            _row(3, "e1", "Erdoğan", "second version")]
    files = write_admin_import(rows, tmp_path)
    edges = _records(files.relationships)
    assert files.relationships_written == len(edges) == 2
    assert {e["event_id:string"]: e["evidence:string"] for e in edges} == {"e1": "second version", "e2": "other event"}
    nodes = {n["id:ID(Actor)"]: n for n in _records(files.nodes)}
    expected = merge_node_props({"name": "Erdoğan"}, {"name": "Erdogan"})["name"]
    assert nodes["person:erdogan"]["name"] == expected == min("Erdoğan", "Erdogan")
    assert nodes["person:erdogan"][":LABEL"] == "Actor;Person" and nodes["RUS"]["iso3"] == "RUS"
