"""Every library query against a fixture graph (reference data + the seed article + tests/data fixture)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from neo4j import Driver

from kg.store import cypher
from kg.store.loading import load_files, load_reference
from kg.store.queries import run_query

ROOT = Path(__file__).parent.parent


@pytest.fixture
def graph(db: Driver, database: str) -> Driver:
    load_reference(db, database)
    load_files(db, database, "events", [ROOT / "examples" / "seed-events.jsonl",
                                        ROOT / "tests" / "data" / "fixture-events.jsonl"])
    return db


def q(graph: Driver, database: str, name: str, **params: Any) -> list[dict[str, Any]]:
    return run_query(graph, database, name, params).rows


def test_the_library_has_at_least_15_questions() -> None:
    assert len(cypher.library()) >= 15


def test_who_met(graph: Driver, database: str) -> None:
    rows = q(graph, database, "who-met", country="RUS", since="2022-07-01", include_undated=False)
    # Blinken's call of 2022-07-27 was announced, not held: planned events are left to `planned`.
    assert {r["counterpart"] for r in rows} == {"Uzbekistan", "United States", "India"}
    assert "Antony Blinken" in {r["counterpart"] for r in q(graph, database, "planned", country="RUS")}
    everything = q(graph, database, "who-met", country="RUS")
    keys = [tuple(sorted(r.items())) for r in everything]
    assert len(keys) == len(set(keys)), "a person with several offices must not repeat rows"
    assert ("Recep Tayyip Erdogan", "Türkiye") in {(r["counterpart"], r["country"]) for r in everything}
    assert all(r["date"] >= "2022-07-01" for r in rows)


def test_partners(graph: Driver, database: str) -> None:
    rows = q(graph, database, "partners", country="RUS", date_from="2022-01-01", date_to="2022-12-31",
             include_undated=False, limit=3)
    assert len(rows) == 3 and {r["iso3"] for r in rows[:2]} == {"IND", "USA"}
    assert rows[0]["events"] >= rows[1]["events"] >= rows[2]["events"]


def test_members_and_memberships(graph: Driver, database: str) -> None:
    assert len(q(graph, database, "members", org="NATO", at_date="2024-06-01")) == 32
    assert "Sweden" not in {r["member"] for r in q(graph, database, "members", org="NATO", at_date="2024-01-01")}
    orgs = {r["organization"] for r in q(graph, database, "memberships", country="TUR", at_date="2022-07-29")}
    assert {"NATO", "G20"} <= orgs and "EU" not in orgs


def test_member_imports(graph: Driver, database: str) -> None:
    rows = q(graph, database, "member-imports", org="Quad", exporter="RUS")
    assert {r["member"] for r in rows} == {"India"}
    assert {(r["commodity"], r["quantity"]) for r in rows} >= {("crude oil", 60_000_000.0)}


def test_members_met(graph: Driver, database: str) -> None:
    rows = q(graph, database, "members-met", org="NATO", country="RUS", at_date="2022-07-29", since="2022-02-24")
    met = {(r["member"], r["who"]) for r in rows}
    assert ("Germany", "Olaf Scholz") in met
    assert ("United States", "Antony Blinken") not in met  # his call of 2022-07-27 was planned, not held
    assert "Kazakhstan" not in {r["member"] for r in rows}


def test_sanctions(graph: Driver, database: str) -> None:
    rows = q(graph, database, "sanctions", country="RUS")
    assert sorted((r["direction"], r["sanctioner"]) for r in rows) == [
        ("imposed", "Russia"), ("received", "United Kingdom"), ("received", "United States")]


def test_between_and_timelines(graph: Driver, database: str) -> None:
    rows = q(graph, database, "between", a="RUS", b="USA")
    assert [r["date"] for r in rows if r["date"]] == sorted(r["date"] for r in rows if r["date"])
    assert {"SANCTIONED", "CALLED", "CRITICIZED"} <= {r["relation"] for r in rows}
    lavrov = q(graph, database, "person-timeline", person="Lavrov")
    assert lavrov[0]["date"] == "2022-02-15" and {"VISITED", "MET", "ATTENDED"} <= {r["relation"] for r in lavrov}


def test_side_changers(graph: Driver, database: str) -> None:
    rows = q(graph, database, "side-changers", country="RUS")
    assert [r["partner"] for r in rows] == ["Kazakhstan"]
    assert rows[0]["cooperative_before"] == 1.0 and rows[0]["cooperative_after"] == 0.0


def test_office_holders_and_planned(graph: Driver, database: str) -> None:
    holders = {r["role"]: r["person"] for r in q(graph, database, "office-holders", holder="RUS",
                                                 at_date="2022-07-29")}
    assert holders == {"President": "Vladimir Putin", "Prime Minister": "Mikhail Mishustin",
                       "Foreign Minister": "Sergey Lavrov"}
    planned = q(graph, database, "planned", country="RUS")
    assert {(r["relation"], r["counterpart"]) for r in planned} >= {("CALLED", "Antony Blinken"),
                                                                   ("ATTENDED", "ASEAN Regional Forum")}


def test_plover_events_and_sources(graph: Driver, database: str) -> None:
    rows = q(graph, database, "plover-events", country="RUS", plover="SANCTION")
    assert {(r["partner"], r["given"], r["received"]) for r in rows} == {("USA", 1, 1), ("GBR", 0, 1)}
    seed = q(graph, database, "events-by-source", source="seed-article", limit=100)
    assert len(seed) == 40
    overview = {(r["source"], r["relation"]): r["edges"] for r in q(graph, database, "graph-overview")}
    assert overview[("seed-article", "MET")] == 6  # g01, g09-g13


def test_shortest_path(graph: Driver, database: str) -> None:
    rows = q(graph, database, "shortest-path", from_actor="Antony Blinken", to_actor="Recep Tayyip Erdogan")
    assert rows[0]["actors"] == ["Antony Blinken", "Sergey Lavrov", "Russia", "Vladimir Putin",
                                 "Recep Tayyip Erdogan"] or rows[0]["hops"] <= 4
