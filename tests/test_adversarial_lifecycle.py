"""Issue 14, lifecycle: timeouts, retries within KG_RETRY_SECONDS, exit 75 whenever Neo4j is unreachable,
IncompleteCommit checked against the manifest, and one line (never a traceback) for every driver error.
Each reproduction failed on the code before the fix (the static checks are guards)."""

from __future__ import annotations

import inspect
import os
import re
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any

import neo4j.exceptions
import pytest
from click.testing import CliRunner, Result
from neo4j import Driver
from neo4j.exceptions import DriverError, IncompleteCommit, Neo4jError

import kg.store.db
from kg.cli.main import main
from kg.store import queries
from kg.store.cypher import LibraryQuery
from kg.store.loading import load_files
from kg.store.server import free_port
from tests.conftest import Neo4jTarget, graph_digest, read_test_cypher
from tests.fake_bolt import BOLT_4_4, BOLT_5_4, NO_VERSION, FakeBolt
from tests.test_reliability import _batches_done, _edges, _wipe, write_events_file

ROOT = Path(__file__).parent.parent
EXIT_UNREACHABLE, EXIT_CONFIG, EXIT_TIMEOUT = 75, 78, 124


@pytest.fixture
def against(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Any:
    """Run `kg` in-process against a given URI (a fake server), with a short retry budget."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("KG_HOME", str(tmp_path / "home"))
    monkeypatch.setenv("KG_RETRY_SECONDS", "4")
    monkeypatch.setenv("NEO4J_PASSWORD", "irrelevant-secret")
    monkeypatch.delenv("KG_ENV_FILE", raising=False)

    def invoke(uri: str, *args: str) -> Result:
        monkeypatch.setenv("NEO4J_URI", uri)
        return CliRunner().invoke(main, list(args))

    return invoke


def _one_line(result: Result) -> str:
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    lines = [line for line in result.output.splitlines() if line.strip()]
    assert len(lines) == 1 and "Traceback" not in result.output, result.output
    return lines[0]


def test_a_bolt_4_4_server_gives_one_line_and_the_config_exit_code(against: Any) -> None:
    with FakeBolt(BOLT_4_4) as fake:
        result = against(fake.uri, "query", "who-met")
    assert result.exit_code == EXIT_CONFIG, result.output
    assert "Neo4j 5" in _one_line(result)


def test_a_server_speaking_no_common_bolt_version_gives_one_line(against: Any) -> None:
    with FakeBolt(NO_VERSION) as fake:
        result = against(fake.uri, "report")
    assert result.exit_code == EXIT_CONFIG, result.output
    _one_line(result)


def test_a_server_that_drops_the_session_gives_one_line_and_exit_75(against: Any) -> None:
    with FakeBolt(BOLT_5_4, linger=0.05) as fake:
        result = against(fake.uri, "check")
    assert result.exit_code == EXIT_UNREACHABLE, result.output
    assert "unreachable" in _one_line(result)


def test_a_server_that_never_answers_is_given_up_within_the_retry_budget(against: Any) -> None:
    with FakeBolt(b"", linger=120) as fake:  # accepts, reads the handshake, never replies
        started = time.monotonic()
        result = against(fake.uri, "query", "who-met")
        elapsed = time.monotonic() - started
    assert result.exit_code == EXIT_UNREACHABLE, result.output
    _one_line(result)
    assert elapsed <= 4 + 2, f"took {elapsed:.1f}s with KG_RETRY_SECONDS=4"


def test_a_server_down_before_the_load_exits_75(against: Any, tmp_path: Path) -> None:
    events = write_events_file(tmp_path / "events.jsonl", 10)
    result = against(f"neo4j://127.0.0.1:{free_port()}", "load", "events", str(events))
    assert result.exit_code == EXIT_UNREACHABLE, result.output
    _one_line(result)


def _driver_error_classes() -> list[type[Exception]]:
    return [cls for _, cls in inspect.getmembers(neo4j.exceptions, inspect.isclass)
            if issubclass(cls, DriverError | Neo4jError)]


@pytest.mark.parametrize("cls", _driver_error_classes(), ids=lambda cls: cls.__name__)
def test_every_driver_error_class_has_one_line_and_an_exit_code(cls: type[Exception]) -> None:
    from kg.store.errors import describe

    exc = cls("first line of the reason\n  and a second line\n")
    problem = describe(exc, "neo4j://127.0.0.1:7687", 30.0)
    assert problem is not None
    assert "\n" not in problem.message and problem.message
    assert problem.exit_code in (1, EXIT_UNREACHABLE, 77, EXIT_CONFIG, EXIT_TIMEOUT)
    errors = neo4j.exceptions
    expected = {errors.ServiceUnavailable: EXIT_UNREACHABLE, errors.SessionExpired: EXIT_UNREACHABLE,
                errors.IncompleteCommit: EXIT_UNREACHABLE, errors.TransientError: EXIT_UNREACHABLE,
                errors.AuthError: 77, errors.ConfigurationError: EXIT_CONFIG, errors.ClientError: 1,
                errors.DatabaseError: 1}
    for base, code in expected.items():
        if cls is base:
            assert problem.exit_code == code, (cls, problem)


def test_a_timed_out_transaction_says_narrow_the_query() -> None:
    from kg.store.errors import describe

    exc = Neo4jError._hydrate_neo4j(code="Neo.ClientError.Transaction.TransactionTimedOutClientConfiguration",
                                    message="The transaction has been terminated.")
    problem = describe(exc, "neo4j://127.0.0.1:7687", 30.0)
    assert problem is not None and problem.exit_code == EXIT_TIMEOUT and "narrow the query" in problem.message


# --- timeouts against the real server --------------------------------------------------------

def _leftover_transactions(driver: Driver, database: str) -> list[str]:
    records = driver.execute_query(read_test_cypher("leftover_transactions.cypher"), database_=database).records
    return [r["transactionId"] for r in records]


def test_a_runaway_query_ends_by_the_timeout_and_leaves_no_transaction(
        db: Driver, database: str, run_cli: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    runaway = LibraryQuery(name="runaway", question="Runaway?", text=read_test_cypher("runaway.cypher"))
    monkeypatch.setattr(queries, "library_query", lambda name: runaway)
    monkeypatch.setenv("KG_QUERY_TIMEOUT", "2")
    if hasattr(kg.store.db, "limits"):  # the CLI sets the process-wide timeout; give the next tests theirs back
        monkeypatch.setattr(kg.store.db.limits, "query_timeout", kg.store.db.limits.query_timeout)
    outcome: dict[str, Any] = {}

    def run() -> None:
        outcome["result"] = CliRunner().invoke(main, ["query", "runaway"])

    started = time.monotonic()
    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    thread.join(timeout=60)
    elapsed = time.monotonic() - started
    leftovers = _leftover_transactions(db, database)
    if thread.is_alive() or leftovers:  # never leave the shared test server busy
        ids = _leftover_transactions(db, database)
        db.execute_query(read_test_cypher("terminate_transactions.cypher"), {"ids": ids}, database_=database)
        thread.join(timeout=30)
    assert "result" in outcome, f"the runaway query still ran after {elapsed:.0f}s (KG_QUERY_TIMEOUT=2)"
    result = outcome["result"]
    assert result.exit_code == EXIT_TIMEOUT, result.output
    assert "narrow the query" in _one_line(result)
    assert elapsed < 30
    assert leftovers == [], "the server still runs the query after the client gave up"


def test_the_local_server_caps_every_transaction(neo4j_target: Neo4jTarget, driver: Driver) -> None:
    if neo4j_target.local is None:
        pytest.skip("inspects the tests' own local server")
    value = driver.execute_query(read_test_cypher("transaction_timeout_setting.cypher"),
                                 database_="system").records[0]["value"]
    assert value not in ("0s", "0", "0ms"), value


_VARIABLE_LENGTH = re.compile(r"\[[^\]]*\*[^\]]*\]")  # -[:T*1..3]-
_RANGE_QUANTIFIER = re.compile(r"\{\s*\d*\s*,\s*(\d*)\s*\}")  # ((a)-->(b)){1,6}, -[:T]-{1,6}
_OPEN_QUANTIFIER = re.compile(r"(\)|-|->)\s*[+*](?!\s*[\w.$'\"])")  # ((a)-->(b))+ or -[:T]-*(b)


def test_every_variable_length_pattern_in_cypher_is_bounded() -> None:
    unbounded = []
    for path in sorted((ROOT / "cypher").rglob("*.cypher")):
        body = "\n".join(line for line in path.read_text().splitlines() if not line.lstrip().startswith("//"))
        for match in _VARIABLE_LENGTH.finditer(body):
            if not re.search(r"\*\s*\d*\s*\.\.\s*\d+|\*\s*\d+\s*\]", match.group(0)):
                unbounded.append(f"{path.name}: {match.group(0)}")
        unbounded += [f"{path.name}: {m.group(0)}" for m in _RANGE_QUANTIFIER.finditer(body) if not m.group(1)]
        unbounded += [f"{path.name}: {m.group(0)}" for m in _OPEN_QUANTIFIER.finditer(body)]
    assert not unbounded, unbounded


# --- IncompleteCommit and a server lost mid-load -----------------------------------------------

def test_incomplete_commit_is_checked_against_the_manifest_and_the_load_completes(
        db: Driver, database: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Fault injection on the real server: batch 2 commits but its acknowledgement is lost; batch 4's
    connection drops before its commit reaches the server. Both raise IncompleteCommit."""
    path = write_events_file(tmp_path / "events.jsonl", 3_000)
    load_files(db, database, "events", [path], source="incomplete", batch_size=500)
    clean = graph_digest(db, database)
    _wipe(db, database)

    session_class = type(db.session(database=database))
    real_execute_write = session_class.execute_write
    batch_calls: list[int] = []

    def lossy_execute_write(self: Any, work: Any, *args: Any, **kwargs: Any) -> Any:
        if getattr(work, "__name__", "") != "_run_plan":
            return real_execute_write(self, work, *args, **kwargs)
        batch_calls.append(1)
        if len(batch_calls) == 2:
            real_execute_write(self, work, *args, **kwargs)
            raise IncompleteCommit("injected: connection lost after COMMIT was sent (it committed)")
        if len(batch_calls) == 4:
            raise IncompleteCommit("injected: connection lost before COMMIT reached the server")
        return real_execute_write(self, work, *args, **kwargs)

    monkeypatch.setattr(session_class, "execute_write", lossy_execute_write)
    summaries = load_files(db, database, "events", [path], source="incomplete", batch_size=500)
    monkeypatch.undo()
    assert summaries[0].rows_written == 3_000
    assert graph_digest(db, database) == clean
    # 6 batches: the committed one is not written again (the manifest said so), the lost one is: 6 + 1 calls.
    assert len(batch_calls) == 7
    manifest = db.execute_query("MATCH (l:Load) RETURN l.status AS status, l.rows_done AS rows",
                                database_=database).records[0]
    assert (manifest["status"], manifest["rows"]) == ("complete", 3_000)


@pytest.mark.slow
def test_a_server_killed_mid_load_ends_it_within_the_retry_budget_and_a_rerun_completes(
        db: Driver, database: str, tmp_path: Path, neo4j_target: Neo4jTarget) -> None:
    if neo4j_target.local is None:
        pytest.skip("needs the tests' own local server to kill")
    server = neo4j_target.local
    budget = 6.0
    path = write_events_file(tmp_path / "events.jsonl", 20_000, seed=5)
    load_files(db, database, "events", [path], source="lost", batch_size=500)
    clean = graph_digest(db, database)
    _wipe(db, database)

    env = {**os.environ, **neo4j_target.env, "KG_HOME": str(tmp_path / "home"), "KG_RETRY_SECONDS": str(budget)}
    command = [sys.executable, "-m", "kg", "load", "events", str(path), "--source", "lost", "--batch-size",
               "500", "--quiet", "--rejects", str(tmp_path / "rejects.txt")]
    proc = subprocess.Popen(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        deadline = time.monotonic() + 120
        while _batches_done(db, database) < 3 and proc.poll() is None and time.monotonic() < deadline:
            time.sleep(0.05)
        server.kill()
        killed = time.monotonic()
        output, _ = proc.communicate(timeout=budget * 10)
        gave_up_after = time.monotonic() - killed
    finally:
        if proc.poll() is None:
            proc.send_signal(signal.SIGKILL)
        if server.pid() is None:
            server.start()
    print(f"gave up {gave_up_after:.1f}s after the kill (KG_RETRY_SECONDS={budget:g})")
    assert proc.returncode == EXIT_UNREACHABLE, output
    assert "Traceback" not in output, output
    assert gave_up_after <= budget + 4, f"retried for {gave_up_after:.1f}s with KG_RETRY_SECONDS={budget:g}"

    partial = _edges(db, database)  # (the fixture's driver retries while the restarted store recovers)
    assert partial < 20_000
    rerun = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
    assert rerun.returncode == 0, rerun.stdout + rerun.stderr
    assert "resumed" in rerun.stdout
    assert _edges(db, database) == 20_000
    assert graph_digest(db, database) == clean
