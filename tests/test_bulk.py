"""Server-side ingest (kg/store/bulk.py): CSV chunks read by the local server give the graph UNWIND gives."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from neo4j import Driver

from kg.store import bulk
from kg.store.loading import load_files
from tests.conftest import Neo4jTarget, read_test_cypher

# Values a CSV field carries awkwardly: quotes, commas, line breaks, a backslash before a quote (LOAD CSV's legacy
# escaping), an empty string (an empty field reads as null), spaces at the ends, non-ASCII, floats, integers.
ODD_TEXTS = ['say "no", twice', "line one\nline two", 'back\\"slash', "", "  padded  ", "Ερντογάν — 東京",
             "tab\there", "carriage\rreturn"]


def _events_file(path: Path) -> Path:
    countries = ["Russia", "India", "China", "Turkey", "Egypt", "Japan"]
    with path.open("w") as handle:
        for i in range(60):
            row: dict[str, Any] = {
                "id": f"b{i}", "subject": countries[i % 6], "relation": ["MET", "CRITICIZED", "SANCTIONED"][i % 3],
                "object": {"name": f"Person {i % 7}", "type": "Person"}, "date": f"2020-{i % 12 + 1:02d}-0{i % 9 + 1}",
                "evidence": ODD_TEXTS[i % len(ODD_TEXTS)], "goldstein": round(-10 + i / 3.0, 6),
                "quad_class": i % 4 + 1, "confidence": 1 / (i + 3), "cameo": f"0{i % 9 + 1}0"}
            if i % 5 == 0:
                row["attrs"] = {"place": ODD_TEXTS[(i // 5) % len(ODD_TEXTS)] or "x", "quantity": i * 1e15}
            handle.write(json.dumps(row, ensure_ascii=False) + "\n")
    return path


def _edges(db: Driver, database: str) -> list[tuple[Any, ...]]:
    """Every edge with its properties and their Neo4j types (a date must stay a date, an integer an integer)."""
    records = db.execute_query("MATCH (a)-[r]->(b) WHERE NOT a:Load RETURN type(r) AS t, a.id AS a, b.id AS b, "
                               "properties(r) AS p", database_=database).records
    return sorted((r["t"], r["a"], r["b"], tuple(sorted((k, type(v).__name__, repr(v)) for k, v in r["p"].items())))
                  for r in records)


def _wipe(db: Driver, database: str) -> None:
    from kg.store import cypher

    with db.session(database=database) as session:
        for statement in cypher.statements(read_test_cypher("wipe.cypher")):
            session.run(statement).consume()


def test_the_local_test_server_reads_our_chunks(db: Driver, database: str, neo4j_target: Neo4jTarget,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    if neo4j_target.local is None:
        pytest.skip("the tests run against a server whose import directory may not be ours")
    monkeypatch.setenv(bulk.ENV_SWITCH, "on")
    found = bulk.import_dir(db, database)
    assert found is not None and found.resolve() == neo4j_target.local.import_dir.resolve()
    monkeypatch.setenv(bulk.ENV_SWITCH, "off")
    assert bulk.import_dir(db, database) is None


def test_csv_chunks_write_the_graph_unwind_writes(db: Driver, database: str, tmp_path: Path,
                                                  neo4j_target: Neo4jTarget, monkeypatch: pytest.MonkeyPatch) -> None:
    if neo4j_target.local is None:
        pytest.skip("needs the local test server")
    events = _events_file(tmp_path / "odd.jsonl")
    graphs = {}
    for mode in ("off", "on"):
        monkeypatch.setenv(bulk.ENV_SWITCH, mode)
        _wipe(db, database)
        summary = load_files(db, database, "events", [events], batch_size=7)[0]
        assert (summary.rows_written, summary.rejected, summary.batches) == (60, 0, 9)
        graphs[mode] = _edges(db, database)
        again = load_files(db, database, "events", [events], batch_size=7, force=True)[0]  # MERGE by event_id
        assert again.rows_written == 60 and _edges(db, database) == graphs[mode]
    assert len(graphs["on"]) == 60 and graphs["on"] == graphs["off"]
    chunks = neo4j_target.local.import_dir / "kg-bulk"
    assert not [p for p in chunks.rglob("*") if p.is_file()], "chunk files are removed after their transaction"


def test_a_chunk_row_cells_round_trip_or_go_over_bolt() -> None:
    from kg.models import ActorRef, Event
    from kg.ontology import NodeLabel

    def event(**props: Any) -> Any:
        return Event(relation="MET", subject=ActorRef(id="RUS", name="Russia", label=NodeLabel.COUNTRY),
                     object=ActorRef(id="IND", name="India", label=NodeLabel.COUNTRY), event_id="e1",
                     source="s", **props)

    cells = bulk._csv_row(event(goldstein=-2.5, quad_class=3, evidence='a "quoted", text'))
    assert cells is not None and "-2.5" in cells and "3" in cells and 'a "quoted", text' in cells
    assert bulk._csv_row(event(evidence="")) is None  # an empty field would read back as null
    assert bulk._csv_row(event(evidence='x\\"y')) is None  # LOAD CSV's legacy escaping would eat the backslash
    assert bulk._csv_row(event(quantity=float("inf"))) is None
