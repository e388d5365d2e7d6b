"""`kg export admin-import` writes the ids and properties `kg load` writes (no database needed)."""

from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path

from kg.models import ACTOR_NODE_PROPERTIES, ActorRef, Event
from kg.ontology import EDGE_PROPERTIES, NodeLabel, RelType
from kg.rows import RejectLog, Row
from kg.store.export import write_admin_import

RUS = ActorRef(id="RUS", label=NodeLabel.COUNTRY, name="Russia")


def _row(line: int, event_id: str, person_name: str, evidence: str, other: ActorRef = RUS) -> Row:
    person = ActorRef(id="person:erdogan", label=NodeLabel.PERSON, name=person_name)
    return Row(Event(relation=RelType.MET, subject=person, object=other, event_id=event_id, source="s",
                     date=dt.date(2022, 1, line), evidence=evidence), "in.jsonl", line)


def _records(path: Path) -> list[dict[str, str]]:
    with path.open(newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def test_one_edge_per_key_by_the_writers_rules(tmp_path: Path) -> None:
    """The last version of a re-sent row, the smallest spelling of a node, and the writer's reject for an event id
    re-sent between other actors (tests/test_spark.py checks the same against `kg load` and the Spark job)."""
    other = ActorRef(id="TUR", label=NodeLabel.COUNTRY, name="Turkey")
    rows = [_row(1, "e1", "Erdoğan", "first version"), _row(2, "e2", "Erdogan", "other event"),
            _row(3, "e1", "Erdoğan", "corrected version"), _row(4, "e2", "Erdogan", "other ends", other)]
    rejects = RejectLog(None)
    files = write_admin_import(rows, tmp_path, rejects=rejects)
    edges = {e["event_id:string"]: e for e in _records(files.relationships)}
    assert files.relationships_written == len(edges) == 2 and files.rejected == rejects.count == 1
    last = rows[2].event.edge_properties_json()
    assert {k.split(":")[0]: v for k, v in edges["e1"].items() if not k.startswith(":")} == {
        p.name: "" if last[p.name] is None else str(last[p.name]) for p in EDGE_PROPERTIES}
    assert edges["e2"][":END_ID(Actor)"] == "RUS"  # the first version's endpoints hold
    nodes = {n["id:ID(Actor)"]: n for n in _records(files.nodes)}
    assert {k: nodes["person:erdogan"][k] for k in ACTOR_NODE_PROPERTIES if nodes["person:erdogan"][k]} == \
        rows[1].event.subject.node_properties()  # "Erdogan" < "Erdoğan", as write/nodes.cypher compares them
    assert nodes["person:erdogan"][":LABEL"] == "Actor;Person" and nodes["RUS"]["iso3"] == "RUS"
    assert "TUR" not in nodes  # a rejected row writes no node
