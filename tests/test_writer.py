"""The write path against a real Neo4j: idempotent, resumable, conflict-safe, injection-proof."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from neo4j import Driver

from kg.models import ActorRef, SourceInfo
from kg.ontology import NodeLabel
from kg.rows import Reject, RejectLog, Row
from kg.store.loading import load_files
from kg.store.writer import StrictModeRejected, load, merge_node_props, node_rows, write_events, write_nodes
from loaders.events import parse
from tests.conftest import graph_digest

EXAMPLES = Path(__file__).parent.parent / "examples"
BAD = Path(__file__).parent / "data" / "bad"


def _count(db: Driver, database: str, query: str) -> int:
    return db.execute_query(query, database_=database).records[0][0]


def _events_file(path: Path, n: int, *, start: int = 0) -> Path:
    countries = ["Russia", "India", "China", "Turkey", "Egypt", "Uganda", "Iran", "Japan", "Brazil", "France"]
    with path.open("w") as handle:
        for i in range(start, start + n):
            handle.write(json.dumps({
                "id": f"e{i}", "subject": countries[i % 10], "relation": ["MET", "CRITICIZED", "SANCTIONED"][i % 3],
                "object": {"name": f"Person {i % 37}", "type": "Person"}, "date": f"2021-{i % 12 + 1:02d}-01",
                "evidence": f"row {i}"}) + "\n")
    return path


def test_seed_loads_and_reloading_changes_nothing(db: Driver, database: str) -> None:
    first = load_files(db, database, "events", [EXAMPLES / "seed-events.jsonl"])
    assert first[0].rows_written == 40 and first[0].rejected == 0
    assert first[0].counters["relationships_created"] == 40
    before = graph_digest(db, database)
    again = load_files(db, database, "events", [EXAMPLES / "seed-events.jsonl"])
    assert again[0].status == "already loaded"
    forced = load_files(db, database, "events", [EXAMPLES / "seed-events.jsonl"], force=True)
    assert forced[0].counters["nodes_created"] == 0 and forced[0].counters["relationships_created"] == 0
    assert graph_digest(db, database) == before
    source = db.execute_query("MATCH (s:Source {id: 'seed-article'}) RETURN s.title AS t, s.published AS p",
                              database_=database).records[0]
    assert source["t"].startswith("Isolation complication") and str(source["p"]) == "2022-07-29"


def test_every_edge_names_its_source_and_dates_are_neo4j_dates(db: Driver, database: str) -> None:
    load_files(db, database, "events", [EXAMPLES / "seed-events.jsonl"])
    assert _count(db, database, "MATCH ()-[r]->() WHERE r.source IS NULL RETURN count(r)") == 0
    rec = db.execute_query("MATCH (:Person {name:'Sergey Lavrov'})-[r:VISITED]->(:Country {iso3:'UZB'}) "
                           "RETURN r.date AS d, r.place AS place, r.status AS status", database_=database).records[0]
    assert rec["d"].iso_format() == "2022-07-29" and rec["place"] == "Tashkent" and rec["status"] == "occurred"


def test_batches_resume_after_an_interruption(db: Driver, database: str, tmp_path: Path) -> None:
    path = _events_file(tmp_path / "many.jsonl", 1_000)
    calls = {"n": 0}

    def rows_then_crash() -> Iterator[Row | Reject]:
        for i, item in enumerate(parse(path, source="many")):
            if i == 450:
                calls["n"] += 1
                raise KeyboardInterrupt  # the process dies between batches 4 and 5
            yield item

    with pytest.raises(KeyboardInterrupt):
        load(db, database, rows_then_crash, manifest="load:test", batch_size=100)
    assert _count(db, database, "MATCH ()-[r]->() RETURN count(r)") == 400
    manifest = db.execute_query("MATCH (l:Load {id:'load:test'}) RETURN l.batches_done AS b, l.status AS s",
                                database_=database).records[0]
    assert (manifest["b"], manifest["s"]) == (4, "running")

    resumed = load(db, database, lambda: parse(path, source="many"), manifest="load:test", batch_size=100)
    assert resumed.status == "resumed" and resumed.batches_skipped == 4 and resumed.batches == 6
    assert _count(db, database, "MATCH ()-[r]->() RETURN count(r)") == 1_000
    interrupted = graph_digest(db, database)

    db.execute_query("MATCH (n) DETACH DELETE n", database_=database)
    load(db, database, lambda: parse(path, source="many"), manifest="load:clean", batch_size=100)
    assert graph_digest(db, database) == interrupted


def test_same_event_id_between_other_actors_is_rejected_not_duplicated(db: Driver, database: str,
                                                                       tmp_path: Path) -> None:
    a = tmp_path / "a.jsonl"
    b = tmp_path / "b.jsonl"
    a.write_text(json.dumps({"id": "x1", "subject": "Russia", "relation": "MET", "object": "India"}) + "\n")
    b.write_text(json.dumps({"id": "x1", "subject": "Russia", "relation": "MET", "object": "China"}) + "\n"
                 + json.dumps({"id": "x2", "subject": "Russia", "relation": "MET", "object": "Iran"}) + "\n")
    load_files(db, database, "events", [a], source="same")
    with RejectLog(tmp_path / "rejects.txt") as log:
        summary = load(db, database, lambda: parse(b, source="same"), rejects=log)
    assert summary.rejected == 1 and summary.rows_written == 1
    assert "already names a different edge" in (tmp_path / "rejects.txt").read_text()
    assert _count(db, database, "MATCH ()-[r:MET]->() RETURN count(r)") == 2


def test_strict_mode_writes_nothing_when_a_row_is_bad(db: Driver, database: str, tmp_path: Path) -> None:
    with pytest.raises(StrictModeRejected, match="2 rows rejected"):
        load_files(db, database, "events", [BAD / "malformed.jsonl"], strict=True, rejects=tmp_path / "r.txt")
    assert _count(db, database, "MATCH (n) WHERE NOT n:Load RETURN count(n)") == 0
    lines = (tmp_path / "r.txt").read_text().splitlines()
    assert [line.split(": ")[0] for line in lines] == [f"{BAD / 'malformed.jsonl'}:2", f"{BAD / 'malformed.jsonl'}:3"]


def test_good_rows_load_and_bad_rows_are_reported(db: Driver, database: str, tmp_path: Path) -> None:
    summaries = load_files(db, database, "events", [BAD / "unknown-actor.jsonl"], rejects=tmp_path / "r.txt")
    assert summaries[0].rows_written == 1 and summaries[0].rejected == 3
    assert _count(db, database, "MATCH ()-[r]->() RETURN count(r)") == 1
    # Unresolved names never become nodes.
    assert _count(db, database, "MATCH (n:Actor) WHERE n.name IN ['Atlantis', 'Gandalf', 'Congo'] RETURN count(n)") == 0


def test_injection_strings_are_stored_verbatim_and_harm_nothing(db: Driver, database: str) -> None:
    load_files(db, database, "events", [EXAMPLES / "seed-events.jsonl"])
    before = _count(db, database, "MATCH (n) RETURN count(n)")
    summary = load_files(db, database, "events", [BAD / "injection.jsonl"])[0]
    assert summary.rows_written == 8
    names = {r["n"] for r in db.execute_query("MATCH (p:Person)-[:CRITICIZED]->() RETURN p.name AS n",
                                              database_=database).records}
    assert "x`}) DETACH DELETE n //" in names and "/* comment */ MATCH (n) DETACH DELETE n" in names
    assert "Ѕergey Lavrov" in names  # a Cyrillic look-alike stays a different person, not Lavrov
    # 8 new people, their Source node and the load manifest; nothing deleted.
    assert _count(db, database, "MATCH (n) RETURN count(n)") == before + 8 + 1 + 1
    labels = {r["l"] for r in db.execute_query("MATCH (n) UNWIND labels(n) AS l RETURN DISTINCT l",
                                              database_=database).records}
    assert labels <= {"Actor", "Country", "Person", "Organization", "Source", "Load"}


def test_write_events_api_for_notebooks(db: Driver, database: str) -> None:
    events = [row.event for row in parse(EXAMPLES / "seed-events.jsonl", source="nb")
              if isinstance(row, Row)]
    counts = write_events(db, database, events, batch_size=7, sources=[SourceInfo(id="nb", title="notebook")])
    assert counts["relationships_created"] == 40
    assert write_events(db, database, events)["relationships_created"] == 0


def test_a_first_load_of_events_already_in_the_graph_merges_instead_of_duplicating(
        db: Driver, database: str, tmp_path: Path) -> None:
    """First loads CREATE their edges; when the edges exist already (here: the same file loaded before,
    its manifest since deleted), the constraint refuses the CREATE and the batch is written again with
    MERGE: no duplicates, and the graph is the same."""
    path = _events_file(tmp_path / "events.jsonl", 250)
    first = load_files(db, database, "events", [path], batch_size=100)
    assert first[0].counters["relationships_created"] == 250
    before = graph_digest(db, database)
    db.execute_query("MATCH (l:Load) DELETE l", database_=database)
    again = load_files(db, database, "events", [path], batch_size=60)
    assert again[0].status == "complete" and again[0].rows_written == 250 and again[0].rejected == 0
    assert again[0].counters["relationships_created"] == 0
    assert graph_digest(db, database) == before
    assert _count(db, database, "MATCH ()-[r]->() RETURN count(r)") == 250


def test_merge_node_props_orders_names_as_neo4j_does(db: Driver, database: str) -> None:
    """Two spellings of one node: `merge_node_props` (export, Spark) keeps the one write/nodes.cypher keeps, also
    where UTF-16 order (Neo4j's, Java's) and code point order (Python's) disagree: U+FFFD against U+1F600."""
    names = ["Kaiser \ufffd", "Kaiser \U0001f600"]
    for name in names:  # one write each, so nodes.cypher compares them
        write_nodes(db, database, node_rows([ActorRef(id="org:kaiser", label=NodeLabel.ORGANIZATION, name=name)]))
    stored = {key: dict(props)["name"] for kind, key, _, props in graph_digest(db, database) if kind == "node"}
    assert stored == {"org:kaiser": merge_node_props({"name": names[0]}, {"name": names[1]})["name"]}
    assert stored["org:kaiser"] == names[1] and names[0] < names[1]  # Python's own `<` would keep names[0]
