"""Faults: killed loads, a restarting server, concurrent loads, any order of partial loads."""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from neo4j import Driver, GraphDatabase
from pydantic import SecretStr

import kg.store.db
from kg.rows import Row
from kg.settings import Settings
from kg.store import cypher
from kg.store.loading import load_files
from kg.store.writer import load, write_events
from loaders.events import parse
from tests.conftest import Neo4jTarget, graph_digest, read_test_cypher

COUNTRIES = ["Russia", "India", "China", "Turkey", "Egypt", "Uganda", "Iran", "Japan", "Brazil", "France",
             "Germany", "Israel", "Ukraine", "Poland", "Kenya"]


def write_events_file(path: Path, n: int, seed: int = 7) -> Path:
    rng = random.Random(seed)
    with path.open("w") as handle:
        for i in range(n):
            subject = rng.choice(COUNTRIES)
            obj = ({"name": f"Minister {rng.randrange(300)}", "type": "Person"} if i % 4 == 0
                   else rng.choice([c for c in COUNTRIES if c != subject]))  # a self-loop would be rejected
            relation = rng.choice(["MET", "CRITICIZED", "SANCTIONED", "VISITED"])
            day = f"20{rng.randrange(14, 23)}-{rng.randrange(1, 13):02d}-{rng.randrange(1, 29):02d}"
            handle.write(json.dumps({
                "id": f"e{i}", "subject": subject, "relation": relation, "object": obj, "date": day,
                "evidence": f"synthetic event {i}", "attrs": {"place": rng.choice(["Bali", "Tashkent", None])},
            }) + "\n")
    return path


def _edges(db: Driver, database: str) -> int:
    return db.execute_query("MATCH ()-[r]->() RETURN count(r) AS n", database_=database).records[0]["n"]


def _wipe(db: Driver, database: str) -> None:
    with db.session(database=database) as session:
        for statement in cypher.statements(read_test_cypher("wipe.cypher")):
            session.run(statement).consume()


def _batches_done(db: Driver, database: str) -> int:
    records = db.execute_query("MATCH (l:Load) RETURN max(l.batches_done) AS b", database_=database).records
    return records[0]["b"] or 0


@pytest.mark.slow
def test_kill_9_of_kg_load_then_rerun_gives_the_same_graph(db: Driver, database: str, tmp_path: Path,
                                                          neo4j_target: Neo4jTarget) -> None:
    path = write_events_file(tmp_path / "events.jsonl", 20_000)
    load_files(db, database, "events", [path], source="faults", batch_size=500)
    clean = graph_digest(db, database)
    assert _edges(db, database) == 20_000
    _wipe(db, database)

    env = {**os.environ, **neo4j_target.env, "KG_HOME": str(tmp_path / "home")}
    command = [sys.executable, "-m", "kg", "load", "events", str(path), "--source", "faults",
               "--batch-size", "500", "--quiet", "--rejects", str(tmp_path / "rejects.txt")]
    kill_after = random.Random(os.getpid()).randrange(2, 30)  # a random point, logged for reproduction
    proc = subprocess.Popen(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    deadline = time.monotonic() + 120
    while _batches_done(db, database) < kill_after and proc.poll() is None and time.monotonic() < deadline:
        time.sleep(0.02)
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    partial = _edges(db, database)
    assert partial < 20_000, f"the load finished before it could be killed (kill_after={kill_after})"

    rerun = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
    assert rerun.returncode == 0, rerun.stdout + rerun.stderr
    assert "resumed" in rerun.stdout
    assert graph_digest(db, database) == clean, f"kill_after={kill_after}, partial={partial}"


@pytest.mark.slow
def test_neo4j_restart_mid_load_is_retried_and_the_load_completes(db: Driver, database: str, tmp_path: Path,
                                                                  neo4j_target: Neo4jTarget,
                                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    """kill -9 of Neo4j after the second committed batch, then a restart: the same load carries on and completes,
    every edge once. The load connects as every `kg` command does (`kg.connect`), with a retry budget longer than
    a restart may take (the fixture's start timeout): a restart on a busy machine took 70 s and more, past the
    default 60 s, and then the load rightly stops with exit 75 to be re-run (test_adversarial_lifecycle checks
    that). This test is about carrying on; `benchmarks/soak_restart.py` runs it 20 times in a row."""
    if neo4j_target.local is None:
        pytest.skip("needs the tests' own local server to restart (NEO4J_URI/testcontainers given)")
    server = neo4j_target.local
    total, batch_size = 3_000, 500  # 6 batches: 2 before the kill, 4 after it
    budget = float(os.environ.get("KG_TEST_START_TIMEOUT", 600))
    path = write_events_file(tmp_path / "events.jsonl", total, seed=11)
    monkeypatch.setattr(kg.store.db.limits, "retry_seconds", kg.store.db.limits.retry_seconds)  # connect() sets them
    monkeypatch.setattr(kg.store.db.limits, "query_timeout", kg.store.db.limits.query_timeout)
    kg_settings = Settings(None, neo4j_uri=neo4j_target.uri, neo4j_username=neo4j_target.username,
                           neo4j_password=SecretStr(neo4j_target.password), kg_home=tmp_path / "home",
                           kg_retry_seconds=budget)
    outcome: dict[str, object] = {}

    def run_load() -> None:
        with kg.store.db.connect(kg_settings) as own:
            try:
                outcome["summary"] = load_files(own, database, "events", [path], source="restart",
                                                batch_size=batch_size)
            except Exception as exc:  # reported by the assertion below
                outcome["error"] = exc

    thread = threading.Thread(target=run_load, daemon=True)  # a failed run must not hold the process
    thread.start()
    deadline = time.monotonic() + 120
    while _batches_done(db, database) < 2 and thread.is_alive() and time.monotonic() < deadline:
        time.sleep(0.05)
    at_kill, running_at_kill = _batches_done(db, database), thread.is_alive()
    server.kill()  # the hardest stop: no clean shutdown
    time.sleep(1.0)
    restart_seconds = server.start(timeout=budget)
    thread.join(timeout=budget + 120)
    print(f"killed after {at_kill} of {total // batch_size} batches; the restart took {restart_seconds:.0f}s")
    assert running_at_kill and at_kill < total // batch_size, "the load ended before the server was killed"
    assert not thread.is_alive()
    assert "error" not in outcome, outcome.get("error")
    assert _edges(db, database) == total
    duplicates = db.execute_query("MATCH ()-[r]->() WITH r.event_id AS id, count(*) AS c WHERE c > 1 "
                                  "RETURN count(*) AS n", database_=database).records[0]["n"]
    assert duplicates == 0


def test_two_loads_of_overlapping_data_at_once_leave_no_duplicates(db: Driver, database: str, tmp_path: Path,
                                                                   neo4j_target: Neo4jTarget) -> None:
    full = write_events_file(tmp_path / "full.jsonl", 6_000, seed=3)
    lines = full.read_text().splitlines(keepends=True)
    first, second = tmp_path / "first.jsonl", tmp_path / "second.jsonl"
    first.write_text("".join(lines[:4_000]))
    second.write_text("".join(lines[2_000:]))  # 2,000 events in both files
    errors: list[BaseException] = []

    def run(path: Path) -> None:
        with GraphDatabase.driver(neo4j_target.uri, auth=(neo4j_target.username, neo4j_target.password)) as own:
            try:
                load_files(own, database, "events", [path], source="overlap", batch_size=250)
            except BaseException as exc:
                errors.append(exc)

    threads = [threading.Thread(target=run, args=(p,)) for p in (first, second)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=300)
    assert not errors, errors
    assert _edges(db, database) == 6_000
    dup_nodes = db.execute_query("MATCH (n:Actor) WITH n.id AS id, count(*) AS c WHERE c > 1 RETURN count(*) AS n",
                                 database_=database).records[0]["n"]
    assert dup_nodes == 0


_POOL_FILE_LINES = [
    {"id": "p1", "subject": "Russia", "relation": "MET", "object": "India", "date": "2022-07-01"},
    {"id": "p2", "subject": {"name": "Recep Tayyip Erdoğan", "type": "Person"}, "relation": "MET",
     "object": {"name": "Vladimir Putin", "type": "Person"}, "date": "2022-07-19"},
    {"id": "p3", "subject": {"name": "Recep Tayyip Erdogan", "type": "Person"}, "relation": "CALLED",
     "object": "Ukraine", "date": "2022-08-01"},
    {"id": "p4", "subject": "Turkey", "relation": "MEMBER_OF", "object": {"name": "NATO", "type": "Organization",
                                                                        "kind": "alliance"}, "since": "1952-02-18"},
    {"id": "p5", "subject": "India", "relation": "IMPORTS_FROM", "object": "Russia", "date": "2022",
     "attrs": {"commodity": "crude oil", "quantity": 60000000, "unit": "barrels"}},
    {"id": "p6", "subject": {"name": "NATO", "type": "Organization", "kind": "other"}, "relation": "CRITICIZED",
     "object": "Russia", "date": "2022-03-01"},
    {"id": "p7", "subject": "United States", "relation": "SANCTIONED", "object": "Russia", "date": "2022-02-24"},
    {"id": "p8", "subject": "Philippines", "relation": "CANCELLED_DEAL_WITH", "object": "Russia", "date": "2021-12"},
]


@pytest.fixture(scope="module")
def pool(tmp_path_factory: pytest.TempPathFactory) -> list[Row]:
    path = tmp_path_factory.mktemp("pool") / "pool.jsonl"
    path.write_text("\n".join(json.dumps(line) for line in _POOL_FILE_LINES) + "\n")
    return [row for row in parse(path, source="pool") if isinstance(row, Row)]


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(loads=st.lists(st.lists(st.integers(0, len(_POOL_FILE_LINES) - 1), max_size=8), min_size=1, max_size=4))
def test_any_sequence_of_partial_loads_equals_loading_the_union_once(db: Driver, database: str, pool: list[Row],
                                                                     loads: list[list[int]]) -> None:
    union = sorted({i for subset in loads for i in subset})
    _wipe(db, database)
    write_events(db, database, [pool[i].event for i in union])
    once = graph_digest(db, database)
    _wipe(db, database)
    for subset in loads:
        load(db, database, lambda subset=subset: iter([pool[i] for i in subset]), batch_size=3)
    assert graph_digest(db, database) == once
