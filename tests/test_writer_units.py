"""The write path's pure parts, without a database: the manifest id, the batch plan, property merging.

The plan is what one batch's transaction runs; tests/test_writer.py checks what Neo4j makes of it.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import shutil
from pathlib import Path

import pytest

from kg.models import ActorRef, Event, SourceInfo
from kg.ontology import NodeLabel, OrgKind, RelType
from kg.store import writer
from kg.store.writer import LoadSummary, file_sha256, load_id

RUS = ActorRef(id="RUS", label=NodeLabel.COUNTRY, name="Russia")
IND = ActorRef(id="IND", label=NodeLabel.COUNTRY, name="India")
LAVROV = ActorRef(id="person:sergey-lavrov", label=NodeLabel.PERSON, name="Sergey Lavrov", country="RUS")
NATO = ActorRef(id="org:nato", label=NodeLabel.ORGANIZATION, name="NATO", kind=OrgKind.ALLIANCE)


def _event(n: int, subject: ActorRef, obj: ActorRef, relation: str = "MET", source: str = "src") -> Event:
    day = dt.date(2022, 1, 1) + dt.timedelta(days=n)
    return Event(relation=relation, subject=subject, object=obj, event_id=f"{source}#{n}", source=source,
                 date=day, since=day, until=day, date_precision="day")


# --- id derivation --------------------------------------------------------------------------------

def test_load_id_depends_on_loader_source_and_bytes_only(tmp_path: Path) -> None:
    path = tmp_path / "a.jsonl"
    path.write_text('{"x": 1}\n')
    copy = tmp_path / "elsewhere" / "b.jsonl"
    copy.parent.mkdir()
    shutil.copy(path, copy)
    first = load_id("events", path, "src")
    assert first == load_id("events", path, "src") == load_id("events", copy, "src")  # the name does not count
    assert first.startswith("load:events:src:") and first.endswith(hashlib.sha256(b'{"x": 1}\n').hexdigest())
    assert load_id("icews", path, "src") != first and load_id("events", path, "other") != first
    path.write_text('{"x": 2}\n')
    assert load_id("events", path, "src") != first  # new bytes, new load


def test_file_sha256_reads_big_files_in_chunks(tmp_path: Path) -> None:
    data = bytes(range(256)) * 9_000  # > 2 MiB: several reads
    path = tmp_path / "big.bin"
    path.write_bytes(data)
    assert file_sha256(path) == hashlib.sha256(data).hexdigest()


# --- prop merging -----------------------------------------------------------------------------------

def test_merge_props_keeps_the_smallest_value_per_property_like_nodes_cypher() -> None:
    old = {"name": "Sergey Lavrov", "country": "RUS"}
    merged = writer._merge_props(old, {"name": "Lavrov", "kind": "x"})
    assert merged == {"name": "Lavrov", "country": "RUS", "kind": "x"}
    assert old == {"name": "Sergey Lavrov", "country": "RUS"}  # inputs are not changed
    # Order-independent: two writers disagreeing end with the same node whichever came first.
    a, b = {"name": "B", "kind": "z"}, {"name": "A", "kind": "zz", "iso3": "RUS"}
    assert writer._merge_props(a, b) == writer._merge_props(b, a)


# --- planning ---------------------------------------------------------------------------------------

def _steps(plan: writer._Plan) -> list[tuple[str, list[dict[str, object]], bool]]:
    return plan.steps


def test_plan_orders_sources_nodes_then_edges_each_sorted() -> None:
    events = [_event(2, RUS, IND, "CRITICIZED"), _event(1, LAVROV, NATO), _event(0, IND, RUS)]
    info = SourceInfo(id="src", title="A title")
    plan = writer._plan(events, {}, {"src": info})
    kinds = [writes_edges for _, _, writes_edges in _steps(plan)]
    assert kinds == sorted(kinds)  # every node step before the first edge step
    source_rows = _steps(plan)[0][1]
    described = {k: v for k, v in info.model_dump(exclude={"id"}).items() if v is not None}  # its non-null fields
    assert described["title"] == "A title"
    assert source_rows == [{"id": "src", "props": described, "update": {}}]
    node_steps = [rows for _, rows, edges in _steps(plan)[1:] if not edges]
    assert [len(rows) for rows in node_steps] == [2, 1, 1]  # Country, Organization, Person: one step per label
    for rows in node_steps:
        assert [r["id"] for r in rows] == sorted(r["id"] for r in rows)  # a fixed order: no deadlocks
    edge_steps = [rows for _, rows, edges in _steps(plan) if edges]
    assert [len(rows) for rows in edge_steps] == [1, 2]  # CRITICIZED, MET
    met = edge_steps[1]
    assert [(r["subject"], r["object"]) for r in met] == [("IND", "RUS"), ("person:sergey-lavrov", "org:nato")]
    assert plan.edge_rows == 3


def test_plan_writes_each_node_once_and_skips_nodes_already_written() -> None:
    events = [_event(0, RUS, IND), _event(1, IND, RUS), _event(2, RUS, LAVROV)]
    plan = writer._plan(events, {}, {})
    assert set(plan.new_nodes) == {"RUS", "IND", "person:sergey-lavrov"}
    assert plan.new_nodes["RUS"] == {"name": "Russia", "iso3": "RUS"}
    again = writer._plan(events, plan.new_nodes, {})  # the next batch: known with the same properties
    assert again.new_nodes == {} and again.edge_rows == 3
    renamed = ActorRef(id="RUS", label=NodeLabel.COUNTRY, name="Russian Federation")
    changed = writer._plan([_event(3, renamed, IND)], plan.new_nodes, {})
    assert set(changed.new_nodes) == {"RUS"}  # other properties than written: written again


def test_plan_merges_disagreeing_rows_for_one_node_within_a_batch() -> None:
    other_name = ActorRef(id="person:sergey-lavrov", label=NodeLabel.PERSON, name="Lavrov", country="RUS")
    plan = writer._plan([_event(0, LAVROV, RUS), _event(1, other_name, IND)], {}, {})
    assert plan.new_nodes["person:sergey-lavrov"] == {"name": "Lavrov", "country": "RUS"}


def test_plan_edges_carry_only_non_null_properties_and_their_ids() -> None:
    event = _event(0, RUS, IND)
    plan = writer._plan([event], {}, {})
    (row,) = next(rows for _, rows, edges in _steps(plan) if edges)
    assert row["event_id"] == "src#0" and None not in row["props"].values()
    assert row["props"] == {k: v for k, v in event.edge_properties().items() if v is not None}


@pytest.mark.parametrize("create", [False, True])
def test_plan_statement_for_a_first_load_creates_and_for_a_rerun_merges(create: bool) -> None:
    plan = writer._plan([_event(0, RUS, IND)], {}, {}, create=create)
    text, rows = next((text, rows) for text, rows, edges in _steps(plan) if edges)
    assert ("CREATE (a)-[r:$(row.type)]" in text) == create and ("MERGE (a)-[r:MET {" in text) == (not create)
    assert [row.get("type") for row in rows] == (["MET"] if create else [None])  # the type a first load creates


def test_a_first_load_writes_every_type_in_one_statement_and_only_the_ontology_s_types() -> None:
    plan = writer._plan([_event(0, RUS, IND), _event(1, IND, RUS, relation="CALLED")], {}, {}, create=True)
    edge_steps = [(text, rows) for text, rows, edges in _steps(plan) if edges]
    assert len(edge_steps) == 1 and sorted(row["type"] for row in edge_steps[0][1]) == ["CALLED", "MET"]
    assert "WHERE row.type IN $types" in edge_steps[0][0]
    assert sorted(str(t) for t in RelType) == writer._REL_TYPES


def test_an_unknown_source_gets_an_id_only_row() -> None:
    plan = writer._plan([_event(0, RUS, IND, source="unknown")], {}, {})
    assert _steps(plan)[0][1] == [{"id": "unknown", "props": {}, "update": {}}]


# --- summary ----------------------------------------------------------------------------------------

def test_load_summary_counts_rejects_and_rates() -> None:
    summary = LoadSummary(path="f", rows_written=10, seconds=4.0)
    summary.add_rejected()
    summary.add_rejected(2)
    assert summary.rejected == 3
    assert summary.as_dict()["rejected"] == 3 and summary.as_dict()["rows_per_second"] == 2.5
    assert LoadSummary().rows_per_second == 0.0  # nothing timed: no division by zero
