"""`kg` through click's CliRunner against the real test database."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import click
import pytest

from kg.cli.main import EXIT_REJECTED, EXIT_STRICT, main

EXAMPLES = Path(__file__).parent.parent / "examples"
BAD = Path(__file__).parent / "data" / "bad"


def _commands(group: click.Group, prefix: str = "") -> list[tuple[str, click.Command]]:
    found = []
    for name, command in group.commands.items():
        found.append((f"{prefix}{name}", command))
        if isinstance(command, click.Group):
            found += _commands(command, f"{prefix}{name} ")
    return found


@pytest.mark.parametrize(("name", "command"), _commands(main), ids=[n for n, _ in _commands(main)])
def test_every_command_has_help(name: str, command: click.Command) -> None:
    assert command.help, f"`kg {name}` has no help text"


def test_init_then_load_then_query(run_cli: Any, db: Any) -> None:
    result = run_cli("init")
    assert result.exit_code == 0 and "constraints and indexes" in result.output
    result = run_cli("load", "events", str(EXAMPLES / "seed-events.jsonl"), "--json")
    assert result.exit_code == 0, result.output
    summary = json.loads(result.output)[0]
    assert summary["rows_written"] == 40 and summary["rejected"] == 0 and summary["relationships_created"] == 40

    again = run_cli("load", "events", str(EXAMPLES / "seed-events.jsonl"))
    assert again.exit_code == 0 and "already loaded" in again.output

    result = run_cli("query", "who-met", "--format", "json")
    rows = json.loads(result.output)
    assert {"Antony Blinken", "Recep Tayyip Erdogan", "Yoweri Museveni", "China"} <= {r["counterpart"] for r in rows}

    result = run_cli("query", "members", "-p", "org=Quad", "--format", "csv")
    assert result.exit_code == 0
    assert sorted(line.split(",")[1] for line in result.output.splitlines()[1:]) == [
        "Australia", "India", "Japan", "United States"]


def test_demo_seeds_the_graph_reports_and_is_idempotent(run_cli: Any, db: Any, database: str) -> None:
    # With NEO4J_URI set (the test server), `kg demo` starts no server of its own: schema, reference, seed events.
    first = run_cli("demo", "--country", "Russia")
    assert first.exit_code == 0, first.output
    assert "constraints and indexes" in first.output and "/browser/" in first.output
    assert "Loaded" in first.output and "0 rejected" in first.output
    edges = db.execute_query("MATCH ()-[r]->() RETURN count(r) AS n", database_=database).records[0]["n"]
    again = run_cli("demo", "--country", "Russia")
    assert again.exit_code == 0 and "already loaded" in again.output
    assert db.execute_query("MATCH ()-[r]->() RETURN count(r) AS n", database_=database).records[0]["n"] == edges


def test_query_errors_say_how_to_fix_them(run_cli: Any, db: Any) -> None:
    result = run_cli("query", "who-mett")
    assert result.exit_code == 2 and "kg query --list" in result.output
    result = run_cli("query", "partners", "-p", "limit=ten")
    assert result.exit_code == 2 and "'ten' is not a whole number from 1 to 100,000" in result.output
    result = run_cli("query", "partners", "-p", "nolimit")
    assert result.exit_code == 2 and "KEY=VALUE" in result.output
    listing = run_cli("query", "--list", "--format", "json")
    assert any(q["name"] == "who-met" for q in json.loads(listing.output))


def test_rejected_rows_set_exit_code_3_and_are_listed(run_cli: Any, db: Any, tmp_path: Path) -> None:
    result = run_cli("load", "events", str(BAD / "malformed.jsonl"), "--rejects", "bad.txt")
    assert result.exit_code == EXIT_REJECTED
    assert "2 rows in graph, 2 rejected" in result.output
    lines = (tmp_path / "bad.txt").read_text().splitlines()
    assert lines[0].startswith(f"{BAD / 'malformed.jsonl'}:2: invalid JSON")


def test_unresolved_actors_are_summarised_per_load(run_cli: Any, db: Any) -> None:
    result = run_cli("load", "events", str(BAD / "unknown-actor.jsonl"))
    assert result.exit_code == EXIT_REJECTED
    assert "3 rows with unresolved actors (3 distinct names)" in result.output
    assert "Atlantis (1)" in result.output and "Congo (1)" in result.output
    summary = json.loads(run_cli("load", "events", str(BAD / "unknown-actor.jsonl"), "--force", "--json").stdout)
    assert dict(summary[0]["top_unresolved"]) == {"Atlantis": 1, "Gandalf": 1, "Congo": 1}


def test_strict_writes_nothing_and_exits_4(run_cli: Any, db: Any, tmp_path: Path) -> None:
    result = run_cli("load", "events", str(BAD / "impossible-date.jsonl"), "--strict")
    assert result.exit_code == EXIT_STRICT and "nothing was written" in result.output
    (listed,) = (tmp_path / "kg-home" / "rejects").glob("impossible-date.jsonl.*.rejects.txt")  # one per input
    assert listed.read_text().count("\n") == 2
    counts = run_cli("report", "--format", "json")
    assert json.loads(counts.output)["counts"] == []


def test_unload_removes_one_source_and_nothing_else(run_cli: Any, db: Any, tmp_path: Path) -> None:
    other = tmp_path / "other.jsonl"
    other.write_text(json.dumps({"subject": {"name": "Sergey Lavrov", "type": "Person"}, "relation": "MET",
                                 "object": {"name": "Wang Yi", "type": "Person"}, "date": "2022-07-07"}) + "\n")
    assert run_cli("load", "events", str(EXAMPLES / "seed-events.jsonl")).exit_code == 0
    assert run_cli("load", "events", str(other), "--source", "other").exit_code == 0
    result = run_cli("unload", "--source", "seed-article")
    assert result.exit_code == 0 and "Removed 40 edges" in result.output
    report = json.loads(run_cli("report", "--format", "json").output)
    edges = {c["name"]: c["n"] for c in report["counts"] if c["kind"] == "edge"}
    assert edges == {"MET": 1}
    nodes = {c["name"]: c["n"] for c in report["counts"] if c["kind"] == "node"}
    assert nodes["Person"] == 2 and "Country" not in nodes  # Lavrov and Wang Yi stay; orphans went
    # And the seed can be loaded again (its manifest went with it).
    assert "40 rows in graph" in run_cli("load", "events", str(EXAMPLES / "seed-events.jsonl")).output


def test_check_is_clean_after_loads_and_flags_damage(run_cli: Any, db: Any, database: str) -> None:
    run_cli("init")
    run_cli("load", "events", str(EXAMPLES / "seed-events.jsonl"))
    assert run_cli("check").exit_code == 0
    db.execute_query("MATCH ()-[r:MET]->() WITH r LIMIT 1 REMOVE r.source", database_=database)
    db.execute_query("CREATE (:Load {id: 'load:half', path: 'x.jsonl', status: 'running', batches_done: 2, "
                     "rows_done: 10})", database_=database)
    result = run_cli("check", "--format", "json")
    assert result.exit_code == 1
    problems = json.loads(result.output)["problems"]
    assert any("without a source" in p for p in problems)
    assert any("x.jsonl stopped after 2 batches" in p for p in problems)


def test_schema_and_doc_print_without_a_database() -> None:
    from click.testing import CliRunner

    runner = CliRunner()
    assert "CREATE CONSTRAINT met_event_id" in runner.invoke(main, ["schema"]).output
    assert "| `SANCTIONED` |" in runner.invoke(main, ["schema", "--doc"]).output


def test_unreachable_server_gives_a_clear_error(monkeypatch: pytest.MonkeyPatch) -> None:
    from click.testing import CliRunner

    from kg.store.server import free_port

    monkeypatch.setenv("NEO4J_URI", f"neo4j://127.0.0.1:{free_port()}")
    monkeypatch.setenv("NEO4J_PASSWORD", "irrelevant")
    result = CliRunner().invoke(main, ["init"])
    # 75: "Neo4j unreachable, retry" (the same code as a server lost mid-load)
    assert result.exit_code == 75 and "Neo4j unreachable" in result.output and "irrelevant" not in result.output
