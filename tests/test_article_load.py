"""`kg load article` against the real test database: events with provenance, idempotent re-runs, a
re-extraction that replaces (not duplicates) an article's events, and the query library on top."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pycountry
import pytest
from neo4j import Driver

SEED = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "seed-article.txt"
ARTICLES = Path(__file__).parent / "data" / "articles"

pytestmark = pytest.mark.neo4j


@pytest.fixture(autouse=True)
def _parse_with_the_session_corenlp(corenlp_env: object) -> None:
    """`kg load article` parses with the session's CoreNLP server."""


def _edges(driver: Driver, database: str, source: str) -> list[dict[str, Any]]:
    records = driver.execute_query(
        "MATCH (a:Actor)-[r]->(b:Actor) WHERE r.source = $source "
        "RETURN type(r) AS rel, a.id AS subject, b.id AS object, r.event_id AS event_id, r.date AS date, "
        "r.evidence AS evidence, r.evidence_start AS start, r.confidence AS confidence ORDER BY event_id",
        {"source": source}, database_=database).records
    return [r.data() for r in records]


@pytest.mark.shared("corpus/seed-article.txt")  # a reworded wire story with its gold: not ours to copy
def test_load_article_puts_the_seed_events_in_the_graph_with_provenance(run_cli: Any, db: Driver,
                                                                        database: str) -> None:
    assert run_cli("load", "reference").exit_code == 0
    result = run_cli("load", "article", str(SEED), "--json")
    assert result.exit_code == 0, result.output
    summary = json.loads(result.output)[0]
    assert summary["rejected"] == 0 and summary["rows_written"] >= 15  # quality: benchmarks/extract_*.py
    edges = _edges(db, database, "seed-article")
    assert len(edges) == summary["rows_written"]
    text = SEED.read_text(encoding="utf-8")
    assert all(text[e["start"]:e["start"] + len(e["evidence"])] == e["evidence"] for e in edges)
    assert all(0 < e["confidence"] <= 1 for e in edges)
    source = db.execute_query("MATCH (s:Source {id: 'seed-article'}) RETURN s.published AS published, "
                              "s.title AS title", database_=database).records[0]
    assert str(source["published"]) == "2022-07-29" and source["title"].startswith("Isolation complication")
    # every actor is a reference node or a person the article names; no new country appears
    countries = {r["id"] for r in db.execute_query("MATCH (c:Country) RETURN c.id AS id", database_=database).records}
    assert all(pycountry.countries.get(alpha_3=c) for c in countries)
    people = {r["name"] for r in db.execute_query(
        "MATCH (p:Person) WHERE NOT exists { (p)-[:HOLDS_OFFICE {source: 'reference'}]->() } RETURN p.name AS name",
        database_=database).records}
    assert people <= {"Paul Whelan", "Brittney Griner"}

    again = run_cli("load", "article", str(SEED), "--json")
    assert json.loads(again.output)[0]["status"] == "already loaded"
    assert _edges(db, database, "seed-article") == edges

    answer = run_cli("query", "who-met", "-p", "country=RUS", "-p", "since=2022-01-01", "-p", "include_undated=true",
                     "--format", "json")
    assert answer.exit_code == 0, answer.output
    rows = json.loads(answer.stdout)  # notes go to stderr
    # the article's meetings reach the query library (which ones the extractor finds is the benchmarks' business)
    assert any(name in json.dumps(r) for r in rows for name in ("Museveni", "Uganda", "Erdogan", "Turkey"))


def test_a_changed_article_replaces_its_old_events(run_cli: Any, db: Driver, database: str, tmp_path: Path) -> None:
    story = tmp_path / "story.txt"
    shutil.copy(ARTICLES / "nato-call.txt", story)
    (tmp_path / "story.meta.json").write_text(json.dumps({"id": "story", "published": "2024-03-11"}))
    assert run_cli("load", "article", str(story)).exit_code == 0
    before = {(e["rel"], e["subject"], e["object"]) for e in _edges(db, database, "story")}
    assert ("MEMBER_OF", "FIN", "org:nato") in before
    story.write_text(story.read_text(encoding="utf-8").replace(
        "nearly two years after Finland became a member of the alliance", "after a long wait"), encoding="utf-8")
    assert run_cli("load", "article", str(story)).exit_code == 0
    after = {(e["rel"], e["subject"], e["object"]) for e in _edges(db, database, "story")}
    assert after == before - {("MEMBER_OF", "FIN", "org:nato")}
    check = run_cli("check")
    assert check.exit_code == 0, check.output  # the older extraction's manifest went with the edges it pruned


def test_load_article_with_published_and_url_options(run_cli: Any, db: Driver, database: str,
                                                     tmp_path: Path) -> None:
    story = tmp_path / "plain.txt"
    story.write_text("Finland joined NATO on Tuesday. Lithuania expelled two Russian diplomats on Monday.\n",
                     encoding="utf-8")
    result = run_cli("load", "article", str(story), "--published", "2023-04-06", "--url", "https://example.org/a")
    assert result.exit_code == 0, result.output
    source = db.execute_query("MATCH (s:Source {id: 'article:plain'}) RETURN s.url AS url, s.published AS day",
                              database_=database).records[0]
    assert source["url"] == "https://example.org/a" and str(source["day"]) == "2023-04-06"
    expelled = [e for e in _edges(db, database, "article:plain") if e["rel"] == "EXPELLED"]
    assert [str(e["date"]) for e in expelled] == ["2023-04-03"]


def test_load_article_rejects_name_the_line(run_cli: Any, db: Driver, tmp_path: Path) -> None:
    story = tmp_path / "future.txt"
    story.write_text("A headline\n\nGermany provided military aid to Ukraine on Friday.\n", encoding="utf-8")
    result = run_cli("load", "article", str(story), "--published", "2099-01-07")
    assert result.exit_code == 3
    (listed,) = (tmp_path / "kg-home" / "rejects").glob("future.txt.*.rejects.txt")
    assert f"{story}:3:" in listed.read_text(encoding="utf-8")
