"""Issue 14, load side: an adversarial user's inputs and interruptions lose nothing and end in one-line reasons.

Each test reproduces a failure of the code before the fix (unloads that lose track, reject files that destroy
input, tracebacks and stuck manifests from bad input, validation gaps), then checks the fixed behaviour.
"""

from __future__ import annotations

import gzip
import json
import os
import zipfile
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from neo4j import Driver

from kg.cli.main import EXIT_REJECTED
from kg.store import admin
from kg.store.loading import load_files
from tests.conftest import graph_digest

COUNTRIES = ["Russia", "India", "China", "Turkey", "Egypt", "Iran", "Japan", "Brazil", "France", "Germany"]


def _events(path: Path, n: int, source: str | None = None) -> Path:
    """n events with their own people (so an unload leaves actors that only those events named)."""
    with path.open("w", encoding="utf-8") as handle:
        for i in range(n):
            row: dict[str, Any] = {"id": f"e{i}", "subject": COUNTRIES[i % len(COUNTRIES)], "relation": "MET",
                                   "object": {"name": f"Envoy {path.stem} {i}", "type": "Person"},
                                   "date": f"2022-{i % 12 + 1:02d}-{i % 28 + 1:02d}", "evidence": f"sentence {i}"}
            if source:
                row["source"] = source
            handle.write(json.dumps(row) + "\n")
    return path


def _count(db: Driver, database: str, query: str) -> int:
    return db.execute_query(query, database_=database).records[0][0]


def _loads(db: Driver, database: str) -> dict[str, str]:
    records = db.execute_query("MATCH (l:Load) RETURN l.id AS id, l.status AS status", database_=database).records
    return {r["id"]: r["status"] for r in records}


class _Killed(BaseException):
    """Stands for kill -9: nothing after it runs (not even `except Exception` handlers)."""


class _DiesAfterFirstDelete:
    """The real driver, except that the process 'dies' right after the first statement that deleted edges."""

    def __init__(self, driver: Driver) -> None:
        self.driver = driver

    def execute_query(self, *args: Any, **kwargs: Any) -> Any:
        result = self.driver.execute_query(*args, **kwargs)
        if result.records and result.records[0].data().get("deleted"):
            raise _Killed
        return result

    def __getattr__(self, name: str) -> Any:
        return getattr(self.driver, name)


# --- 1. unload and check --------------------------------------------------------------------------

def test_an_interrupted_unload_is_reported_refuses_a_reload_and_a_rerun_finishes_it(
        run_cli: Any, db: Driver, database: str, tmp_path: Path) -> None:
    keep = _events(tmp_path / "keep.jsonl", 5)
    assert run_cli("load", "events", str(keep), "--source", "keep").exit_code == 0
    baseline = graph_digest(db, database)
    path = _events(tmp_path / "gone.jsonl", 300)
    assert run_cli("load", "events", str(path), "--source", "gone").exit_code == 0
    with pytest.raises(_Killed):
        admin.unload_source(_DiesAfterFirstDelete(db), database, "gone")  # type: ignore[arg-type]
    orphans = "MATCH (n:Actor) WHERE n.reference IS NULL AND NOT EXISTS { (n)--() } RETURN count(n)"
    assert _count(db, database, orphans) == 0  # edges and the actors they orphan go in one transaction

    check = run_cli("check", "--format", "json")
    assert check.exit_code == 1
    assert any("unload of source 'gone' was interrupted" in p for p in json.loads(check.output)["problems"])
    again = run_cli("load", "events", str(path), "--source", "gone")
    assert again.exit_code == 1 and "already loaded" not in again.output
    assert "kg unload --source gone" in again.output and "Traceback" not in again.output

    assert run_cli("unload", "--source", "gone").exit_code == 0
    assert run_cli("check").exit_code == 0
    assert graph_digest(db, database) == baseline


def test_unload_of_an_unknown_source_fails_with_a_reason(run_cli: Any, db: Driver) -> None:
    result = run_cli("unload", "--source", "no-such-source")
    assert result.exit_code == 1 and "no source 'no-such-source'" in result.output


def test_load_verifies_a_complete_manifest_before_answering_already_loaded(
        run_cli: Any, db: Driver, database: str, tmp_path: Path) -> None:
    path = _events(tmp_path / "lost.jsonl", 120)
    assert run_cli("load", "events", str(path)).exit_code == 0
    clean = graph_digest(db, database)
    db.execute_query("MATCH ()-[r:MET]->() WITH r LIMIT 50 DELETE r", database_=database)  # edges lost behind its back
    check = json.loads(run_cli("check", "--format", "json").output)
    assert any("wrote 120 edges but the graph holds 70" in p for p in check["problems"])
    again = run_cli("load", "events", str(path))
    assert again.exit_code == 0 and "already loaded" not in again.output, again.output
    assert graph_digest(db, database) == clean
    assert "already loaded" in run_cli("load", "events", str(path)).output


def test_check_finds_orphans_self_loops_and_empty_sources_and_repairs_what_is_safe(
        run_cli: Any, db: Driver, database: str, tmp_path: Path) -> None:
    assert run_cli("load", "events", str(_events(tmp_path / "ok.jsonl", 10))).exit_code == 0
    db.execute_query("CREATE (:Actor:Person {id: 'person:orphan', name: 'Nobody'}), (:Source {id: 'empty'}) "
                     "WITH 1 AS x MATCH (c:Actor {id: 'RUS'}) "
                     "CREATE (c)-[:MET {event_id: 'loop', source: 'file:ok', status: 'occurred'}]->(c)",
                     database_=database)
    report = json.loads(run_cli("check", "--format", "json").output)
    problems = " | ".join(report["problems"])
    assert "1 actors without any edge" in problems and "MET edges from an actor to itself" in problems
    assert "Source nodes that no edge names: empty" in problems
    assert {c["check"] for c in report["checks"]} >= {"no orphan actors", "no self-loops", "every source has edges",
                                                      "loads and unloads finished", "finished loads' edges present"}
    repaired = json.loads(run_cli("check", "--repair", "--format", "json").output)
    assert any("orphan actors" in line for line in repaired["repaired"])
    assert [p for p in repaired["problems"]] == [p for p in report["problems"] if "to itself" in p]
    db.execute_query("MATCH ()-[r {event_id: 'loop'}]->() DELETE r", database_=database)
    assert run_cli("check").exit_code == 0


def test_resuming_with_another_batch_size_continues_the_same_manifest(
        db: Driver, database: str, run_cli: Any, tmp_path: Path) -> None:
    path = _events(tmp_path / "resume.jsonl", 400)
    load_files(db, database, "events", [path])
    clean = graph_digest(db, database)
    db.execute_query("MATCH (n) DETACH DELETE n", database_=database)

    def die_after_two(summary: Any) -> None:
        if summary.batches == 2:
            raise _Killed

    with pytest.raises(_Killed):
        load_files(db, database, "events", [path], batch_size=50, on_batch=die_after_two)
    assert list(_loads(db, database).values()) == ["running"]
    result = run_cli("load", "events", str(path), "--batch-size", "70")
    assert result.exit_code == 0 and "resumed" in result.output, result.output
    assert list(_loads(db, database).values()) == ["complete"]
    assert run_cli("check").exit_code == 0
    assert graph_digest(db, database) == clean


# --- 2. rejects -----------------------------------------------------------------------------------

def _input_folder_with_a_bad_row(tmp_path: Path) -> tuple[Path, Path]:
    """tmp_path/in/a.jsonl: three good events and one whose actor resolves to nothing."""
    folder = tmp_path / "in"
    folder.mkdir()
    bad_line = json.dumps({"subject": "Atlantis", "relation": "MET", "object": "Russia", "date": "2022-01-01"})
    path = folder / "a.jsonl"
    path.write_text(_events(tmp_path / "x.jsonl", 3).read_text() + bad_line + "\n")
    return folder, path


def test_a_reject_path_naming_an_input_a_folder_or_inside_an_input_folder_is_refused_up_front(
        run_cli: Any, db: Driver, database: str, tmp_path: Path) -> None:
    folder, path = _input_folder_with_a_bad_row(tmp_path)
    original = path.read_bytes()
    for rejects, words in ((path, "is the input"), (folder / "r.txt", "inside the input folder"),
                           (tmp_path, "is a folder")):
        args = [str(folder), "--rejects", str(rejects)] if rejects != path else [str(path), "--rejects", str(rejects)]
        result = run_cli("load", "events", *args)
        assert result.exit_code == 1 and words in result.output, result.output
        assert "Traceback" not in result.output and path.read_bytes() == original
        assert _count(db, database, "MATCH (n) RETURN count(n)") == 0  # refused before anything was written


def test_an_unwritable_reject_path_is_refused_before_the_load(run_cli: Any, db: Driver, database: str,
                                                             tmp_path: Path) -> None:
    not_a_folder = tmp_path / "file.txt"
    not_a_folder.write_text("x")
    candidates = [not_a_folder / "r.txt"]
    if os.geteuid() != 0:  # root may write anywhere
        (tmp_path / "locked").mkdir(mode=0o500)
        candidates.append(tmp_path / "locked" / "r.txt")
    for rejects in candidates:
        result = run_cli("load", "events", str(_events(tmp_path / "a.jsonl", 3)), "--rejects", str(rejects))
        assert result.exit_code == 1 and "cannot be created" in result.output, result.output
        assert _loads(db, database) == {}


def test_default_reject_lists_are_per_input_kept_by_clean_runs_and_only_announced_when_written(
        run_cli: Any, db: Driver, tmp_path: Path) -> None:
    bad_line = json.dumps({"subject": "Atlantis", "relation": "MET", "object": "Russia", "date": "2022-01-01"})
    one, two = tmp_path / "one" / "events.jsonl", tmp_path / "two" / "events.jsonl"
    for path in (one, two):
        path.parent.mkdir()
        path.write_text(bad_line + "\n" + _events(tmp_path / f"{path.parent.name}.jsonl", 2).read_text())
    first = run_cli("load", "events", str(one))
    second = run_cli("load", "events", str(two))
    assert first.exit_code == second.exit_code == EXIT_REJECTED
    lists = sorted((tmp_path / "kg-home" / "rejects").glob("events.jsonl.*.rejects.txt"))
    assert len(lists) == 2 and all(f"{p}:1:" in lists[i].read_text() or f"{p}:1:" in lists[1 - i].read_text()
                                   for i, p in enumerate((one, two)))
    assert all(str(p) in first.output + second.output for p in lists)  # announced, and they exist
    assert not (tmp_path / "kg-rejects.txt").exists()
    before = [p.read_text() for p in lists]
    again = run_cli("load", "events", str(one))  # already loaded: writes no list, announces none
    assert again.exit_code == 0 and "already loaded" in again.output and "rejects.txt" not in again.output
    assert [p.read_text() for p in lists] == before


def test_export_admin_import_follows_the_reject_rules_of_load(run_cli: Any, tmp_path: Path) -> None:
    from kg.store.loading import default_rejects_file

    folder, path = _input_folder_with_a_bad_row(tmp_path)
    original = path.read_bytes()
    for rejects, words in ((path, "is the input"), (folder / "r.txt", "inside the input folder"),
                           (tmp_path, "is a folder")):
        result = run_cli("export", "admin-import", str(tmp_path / "out"), "--loader", "events", str(folder),
                         "--rejects", str(rejects))
        assert result.exit_code == 1 and words in result.output, result.output
        assert path.read_bytes() == original and not (tmp_path / "out").exists()  # refused before any writing
    result = run_cli("export", "admin-import", str(tmp_path / "out"), "--loader", "events", str(folder))
    expected = default_rejects_file(tmp_path / "kg-home" / "rejects", path)
    assert result.exit_code == 0 and str(expected) in result.output, result.output
    assert expected.read_text().startswith(f"{path}:4:")
    assert not (tmp_path / "kg-rejects.txt").exists()  # no longer a list in the working directory


# --- 3. no traceback for any input ------------------------------------------------------------------

def test_deep_json_is_a_reject_and_the_rows_after_it_load(run_cli: Any, db: Driver, database: str,
                                                         tmp_path: Path) -> None:
    path = tmp_path / "deep.jsonl"
    deep = "[" * 100_000 + "]" * 100_000
    good = _events(tmp_path / "g.jsonl", 3).read_text().splitlines()
    path.write_text("\n".join([good[0], json.dumps({"subject": "Russia", "relation": "MET", "object": "India",
                                                    "attrs": {"x": 1}})[:-1] + f', "deep": {deep}}}', deep,
                               *good[1:]]) + "\n")
    result = run_cli("load", "events", str(path), "--json")
    assert result.exit_code == EXIT_REJECTED, result.output
    summary = json.loads(result.stdout)[0]
    assert summary["rows_written"] == 3 and summary["rejected"] == 2
    assert "nested deeper than" in Path(summary["rejects_file"]).read_text()
    assert set(_loads(db, database).values()) == {"complete"}


def test_a_zip_of_two_files_is_a_one_line_error_and_nothing_is_written(run_cli: Any, db: Driver, database: str,
                                                                       tmp_path: Path) -> None:
    path = tmp_path / "two.jsonl.zip"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("a.jsonl", _events(tmp_path / "a.jsonl", 2).read_text())
        archive.writestr("b.jsonl", _events(tmp_path / "b.jsonl", 2).read_text())
    result = run_cli("load", "events", str(path))
    assert result.exit_code == 1 and "the zip holds 2 files" in result.output and len(result.output.splitlines()) == 1
    assert _count(db, database, "MATCH (n) RETURN count(n)") == 0


def test_a_file_without_good_rows_gets_a_rejected_manifest_and_check_stays_green(
        run_cli: Any, db: Driver, database: str, tmp_path: Path) -> None:
    path = tmp_path / "junk.jsonl.gz"
    path.write_bytes(gzip.compress(b"not json\n")[:-4])
    result = run_cli("load", "events", str(path))
    assert result.exit_code == EXIT_REJECTED and "Traceback" not in result.output
    assert list(_loads(db, database).values()) == ["rejected"]
    assert run_cli("check").exit_code == 0


# --- 4. validation ----------------------------------------------------------------------------------

def test_self_loops_and_hidden_characters_in_names_are_rejected_with_reasons(run_cli: Any, db: Driver,
                                                                             tmp_path: Path) -> None:
    lines = [
        {"subject": "Russia", "relation": "MET", "object": "Russia", "date": "2022-03-01"},
        {"subject": {"name": "Vladimir\u0000 Putin", "type": "Person"}, "relation": "MET", "object": "India",
         "date": "2022-03-01"},
        {"subject": {"name": "\u202eaissuR", "type": "Person"}, "relation": "MET", "object": "India",
         "date": "2022-03-01"},
        {"subject": "India", "relation": "MET", "object": {"name": "Lone \ud800", "type": "Person"},
         "date": "2022-03-01"},
        {"subject": "India", "relation": "MET", "object": "China", "date": "2022-03-01"},
    ]
    path = tmp_path / "v.jsonl"
    path.write_text("\n".join(json.dumps(line) for line in lines) + "\n")
    result = run_cli("load", "events", str(path), "--json")
    summary = json.loads(result.stdout)[0]
    assert result.exit_code == EXIT_REJECTED and summary["rows_written"] == 1 and summary["rejected"] == 4
    reasons = Path(summary["rejects_file"]).read_text().splitlines()
    assert "MET from 'Russia' (RUS) to itself" in reasons[0]
    assert "U+0000" in reasons[1] and "U+202E" in reasons[2] and "surrogate" in reasons[3]


def _gdelt_line(event_id: int, actor1: str, actor2: str, code: str = "042") -> str:
    from loaders.gdelt import GDELT2_COLUMNS

    values = dict.fromkeys(GDELT2_COLUMNS, "")
    values.update({"GLOBALEVENTID": str(event_id), "SQLDATE": "20150218", "Actor1Code": actor1,
                   "Actor1CountryCode": actor1, "Actor2Code": actor2, "Actor2CountryCode": actor2, "EventCode": code,
                   "EventBaseCode": code, "EventRootCode": code[:2], "QuadClass": "1", "NumMentions": "1"})
    return "\t".join(values[c] for c in GDELT2_COLUMNS)


def test_a_feeds_domestic_events_are_skipped_and_counted_not_rejected(run_cli: Any, db: Driver, database: str,
                                                                      tmp_path: Path) -> None:
    path = tmp_path / "20150218230000.export.CSV"
    path.write_text("\n".join([_gdelt_line(1, "USA", "RUS"), _gdelt_line(2, "USA", "USA"),
                               _gdelt_line(3, "RUS", "RUS"), _gdelt_line(4, "IND", "RUS")]) + "\n")
    result = run_cli("load", "gdelt", str(path))
    assert result.exit_code == 0, result.output
    assert "skipped 2 domestic events: both actors resolve to the same country" in result.stdout
    summary = json.loads(run_cli("load", "gdelt", str(path), "--force", "--json").stdout)[0]
    assert (summary["rows_written"], summary["rejected"], summary["skipped"]) == (2, 0, 2)
    assert summary["rejects_file"] is None  # no reject list: nothing was wrong with the input
    manifest = db.execute_query("MATCH (l:Load) RETURN l.skipped AS n, l.skipped_why AS why",
                                database_=database).records[0]
    assert (manifest["n"], manifest["why"]) == (2, ["2 domestic events: both actors resolve to the same country"])
    again = json.loads(run_cli("load", "gdelt", str(path), "--json").stdout)[0]  # an "already loaded" answer
    assert (again["status"], again["skipped"], again["rejected"]) == ("already loaded", 2, 0)
    assert _count(db, database, "MATCH (a)-[r]->(a) RETURN count(r)") == 0
    assert _count(db, database, "MATCH ()-[r]->() RETURN count(r)") == 2
    # The same self-loop in the project's own format is a mistake there, and stays a reject (exit 3).
    own = tmp_path / "own.jsonl"
    own.write_text(json.dumps({"subject": "USA", "relation": "VISITED", "object": "USA", "date": "2015-02-18"}) + "\n")
    assert run_cli("load", "events", str(own)).exit_code == EXIT_REJECTED


def test_two_reports_of_one_meeting_load_side_by_side_and_reloads_stay_idempotent(
        run_cli: Any, db: Driver, database: str, tmp_path: Path) -> None:
    meeting = {"subject": "India", "relation": "MET", "object": "Russia", "date": "2022-07-01"}
    path = tmp_path / "reports.jsonl"
    path.write_text("\n".join(json.dumps({**meeting, "evidence": e}) for e in ("Modi met Putin.",
                                                                             "The two leaders talked.")) + "\n")
    first = json.loads(run_cli("load", "events", str(path), "--json").stdout)[0]
    assert first["rows_written"] == 2 and first["rejected"] == 0 and first["relationships_created"] == 2
    forced = json.loads(run_cli("load", "events", str(path), "--force", "--json").stdout)[0]
    assert forced["relationships_created"] == 0
    assert _count(db, database, "MATCH ()-[r:MET]->() RETURN count(r)") == 2


# --- 5. random input ---------------------------------------------------------------------------------

_junk = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(), st.text(max_size=20),
                  st.sampled_from([*COUNTRIES, "MET", "SANCTIONED", "2022-02-30", "2022-07-01", "Person"]))
_json = st.recursive(_junk, lambda inner: st.lists(inner, max_size=3) | st.dictionaries(
    st.sampled_from(["subject", "object", "relation", "date", "name", "type", "id", "attrs", "evidence", "source",
                     "since", "until", "status", "confidence", "evidence_start"]) | st.text(max_size=5),
    inner, max_size=6), max_leaves=25)
_line = st.one_of(_json.map(json.dumps), st.fixed_dictionaries(
    {"subject": st.sampled_from(COUNTRIES) | _junk, "relation": st.sampled_from(["MET", "CALLED"]) | _junk,
     "object": st.sampled_from(COUNTRIES) | _json, "date": st.sampled_from(["2021-05-04", "2022"]) | _junk},
    optional={"evidence": _junk, "attrs": _json, "id": _junk}).map(json.dumps))
_file = st.one_of(st.binary(max_size=400).map(lambda b: (b, ".jsonl")),
                  st.binary(max_size=200).map(lambda b: (b, ".jsonl.gz")),
                  st.binary(max_size=200).map(lambda b: (b, ".csv")),
                  st.lists(_line, max_size=6).map(lambda lines: ("\n".join(lines).encode("utf-8", "surrogatepass"),
                                                                 ".jsonl")))


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                 HealthCheck.too_slow])
@given(content=_file)
def test_random_bytes_and_json_never_give_a_traceback_or_a_stuck_manifest(
        run_cli: Any, db: Driver, database: str, tmp_path: Path, content: tuple[bytes, str]) -> None:
    data, suffix = content
    path = tmp_path / f"random-{abs(hash(data))}{suffix}"
    path.write_bytes(data)
    result = run_cli("load", "events", str(path), "--quiet")
    assert result.exit_code in (0, 1, EXIT_REJECTED), result.output
    assert "Traceback" not in result.output
    assert not {s for s in _loads(db, database).values()} - {"complete", "rejected"}
    check = run_cli("check", "--format", "json")
    assert check.exit_code == 0, json.loads(check.output)["problems"]
