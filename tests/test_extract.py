"""The article extractor's behaviour: relative dates, evaluation, no invented actors (on stored parses), and
the loader and CLI (these parse live, with the local CoreNLP server). The engine's constructions, status
rule and coreference are tested offline in test_extract_engine.py."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from kg.cli.main import main
from kg.extract import extract_article, read_article
from kg.extract.evaluate import evaluate
from kg.extract.parse import load_parse
from kg.extract.text import vocabulary
from kg.extract.timex import find_times
from kg.rows import Reject, Row
from loaders import article as article_loader
from loaders import events as events_loader

SHARED = Path(__file__).resolve().parents[2] / "shared"
SEED = SHARED / "corpus" / "seed-article.txt"
DATA = Path(__file__).parent / "data"
PUBLISHED = dt.date(2024, 5, 15)  # a Wednesday


@pytest.mark.parametrize(("text", "forward", "expected"), [
    ("on Wednesday", False, {"date": "2024-05-15"}),
    ("on Monday", False, {"date": "2024-05-13"}),
    ("on Monday", True, {"date": "2024-05-20"}),
    ("last Friday", False, {"date": "2024-05-10"}),
    ("this week", False, {"since": "2024-05-13", "until": "2024-05-15"}),
    ("next week", False, {"since": "2024-05-20", "until": "2024-05-26"}),
    ("in September", False, {"date": "2023-09"}),
    ("in September", True, {"date": "2024-09"}),
    ("in March", False, {"date": "2024-03"}),
    ("on March 7", False, {"date": "2024-03-07"}),
    ("on 7 March 2021", False, {"date": "2021-03-07"}),
    ("in all of 2021", False, {"date": "2021"}),
    ("last month", False, {"date": "2024-04"}),
    ("yesterday", False, {"date": "2024-05-14"}),
    ("2022-02-24", False, {"date": "2022-02-24"}),
])
def test_relative_dates_resolve_against_publication(text: str, forward: bool, expected: dict[str, str]) -> None:
    found = find_times(f"It happened {text}.", PUBLISHED, forward)
    assert [t.as_row_fields() for t in found] == [expected]


def test_since_is_a_bound_not_an_event_date() -> None:
    assert [t.bound for t in find_times("talks since February 15 and since February", PUBLISHED)] == [True, True]


# --- evaluation ---------------------------------------------------------------------------------------------
def test_evaluation_counts_matches_misses_and_false_positives() -> None:
    extracted = [{"relation": "MET", "subject": {"id": "person:sergey-lavrov"}, "object": {"id": "CHN"},
                  "date": None},
                 {"relation": "MET", "subject": {"id": "USA"}, "object": {"id": "RUS"}, "date": "2022-07-01"}]
    gold = [{"tier": "core", "relation": "MET", "subject": "China", "object": "Sergey Lavrov", "date": "2022-07-08"},
            {"tier": "core", "relation": "MET", "subject": "Russia", "object": "United States", "date": "2022-07-02"}]
    result = evaluate(extracted, gold)
    assert (result.overall.tp, result.overall.fp, result.overall.fn) == (1, 1, 1)  # symmetric; dates must agree
    assert result.misses[0]["date"] == "2022-07-02"


def test_evaluation_counts_an_export_as_the_converse_import() -> None:
    extracted = [{"relation": "EXPORTS_TO", "subject": {"id": "RUS"}, "object": {"id": "IND"}, "date": None}]
    gold = [{"tier": "core", "relation": "IMPORTS_FROM", "subject": "India", "object": "Russia", "date": None}]
    assert evaluate(extracted, gold).overall.tp == 1
    wrong_way = [{"tier": "core", "relation": "IMPORTS_FROM", "subject": "Russia", "object": "India", "date": None}]
    assert evaluate(extracted, wrong_way).overall.tp == 0


# --- no invented entities ------------------------------------------------------------------------------------
STORED = sorted((DATA / "parses").glob("articles*--*.json"))


@pytest.mark.parametrize("parse_path", STORED, ids=lambda p: p.stem)
def test_every_actor_is_named_in_the_text(parse_path: Path) -> None:
    """Names come from the text (or a named person's office); no country is guessed from nothing."""
    group, stem = parse_path.stem.split("--")
    doc = read_article(DATA / group / f"{stem}.txt")
    rows = extract_article(doc, parse=load_parse(parse_path))
    vocab = vocabulary()
    named = {m.key for m in vocab.mentions(vocab.nlp(doc.text))}
    text = doc.text.casefold()
    people = {r[side]["id"]: r[side].get("country") for r in rows for side in ("subject", "object")}
    for row in rows:
        for side in ("subject", "object"):
            actor = row[side]
            known = actor["id"] in named or actor["name"].casefold() in text or any(
                part.casefold() in text for part in actor["name"].split() if len(part) > 3)
            assert known or actor["id"] in people.values(), (side, row)


# --- the loader and the CLI -----------------------------------------------------------------------------------
@pytest.mark.shared("corpus/seed-article.txt", "corpus/seed-article.gold.jsonl")
def test_loader_yields_validated_rows_with_provenance(corenlp_env: object) -> None:
    rows = list(article_loader.parse(SEED))
    assert rows and all(isinstance(r, Row) for r in rows)
    event = rows[0].event
    assert event.source == "seed-article" and event.evidence and event.confidence
    text = SEED.read_text(encoding="utf-8")
    assert all(text[r.event.evidence_start:r.event.evidence_end] == r.event.evidence for r in rows)  # type: ignore
    assert all(r.line == text.count("\n", 0, r.event.evidence_start) + 1 for r in rows)  # type: ignore[arg-type]


def test_loader_rejects_bad_input_by_file_and_line(tmp_path: Path, corenlp_env: object) -> None:
    empty = tmp_path / "empty.txt"
    empty.write_text("  \n", encoding="utf-8")
    assert [str(r) for r in article_loader.parse(empty)] == [f"{empty}:1: the article is empty"]
    latin = tmp_path / "latin.txt"
    latin.write_bytes("Erdoğan met Putin.".encode("utf-16"))
    (reject,) = article_loader.parse(latin)
    assert isinstance(reject, Reject) and "UTF-8" in reject.reason
    future = tmp_path / "future.txt"
    future.write_text("Intro line.\nGermany provided military aid to Ukraine on Friday.\n", encoding="utf-8")
    (bad,) = article_loader.parse(future, published=dt.date.today() + dt.timedelta(days=30))
    assert isinstance(bad, Reject) and bad.line == 2 and "future" in bad.reason


def test_cli_extract_writes_native_rows_that_load(tmp_path: Path, corenlp_env: object) -> None:
    out = tmp_path / "events.jsonl"
    result = CliRunner().invoke(main, ["extract", str(DATA / "articles" / "nato-call.txt"), "-o", str(out)])
    assert result.exit_code == 0, result.output
    rows = list(events_loader.parse(out))
    assert rows and all(isinstance(r, Row) for r in rows)
    assert {r.event.source for r in rows} == {"test-nato-call"}  # type: ignore[union-attr]
    assert "words/s" in result.stderr


def test_cli_extract_without_a_date_warns(tmp_path: Path, corenlp_env: object) -> None:
    article = tmp_path / "story.txt"
    article.write_text("Finland joined NATO on Tuesday.", encoding="utf-8")
    result = CliRunner().invoke(main, ["extract", str(article)])
    assert result.exit_code == 0
    assert "no publication date" in result.stderr
    (row,) = [json.loads(line) for line in result.stdout.splitlines()]
    assert row["relation"] == "MEMBER_OF" and "date" not in row and row["source"] == "article:story"


def test_cli_extract_takes_a_batch_in_order_and_writes_it_whole_or_not_at_all(tmp_path: Path,
                                                                             corenlp_env: object) -> None:
    first, second = DATA / "articles" / "nato-call.txt", DATA / "articles" / "quad.txt"
    alone = [CliRunner().invoke(main, ["extract", str(path)]) for path in (first, second)]
    both = CliRunner().invoke(main, ["extract", str(first), str(second)])
    assert both.exit_code == 0, both.output
    assert both.stdout == alone[0].stdout + alone[1].stdout and alone[0].stdout and alone[1].stdout
    assert "test-nato-call: " in both.stderr and "words/s" in both.stderr
    refused = CliRunner().invoke(main, ["extract", str(first), str(second), "--source", "wire:1"])
    assert refused.exit_code == 2 and "one article" in refused.output
    # the server refuses a text over its length limit: the batch fails with one line and writes nothing
    huge = tmp_path / "huge.txt"
    huge.write_text("Finland joined NATO on Tuesday. " * 16_000, encoding="utf-8")
    out = tmp_path / "events.jsonl"
    failed = CliRunner().invoke(main, ["extract", str(first), str(huge), str(second), "-o", str(out)])
    assert failed.exit_code == 1 and "CoreNLP" in failed.stderr and "Traceback" not in failed.output
    assert sorted(p.name for p in tmp_path.iterdir()) == ["huge.txt"]


@pytest.mark.shared("corpus/seed-article.txt", "corpus/seed-article.gold.jsonl")
def test_cli_eval_prints_tables_and_json(corenlp_env: object) -> None:
    gold = str(SEED.with_name("seed-article.gold.jsonl"))
    text = CliRunner().invoke(main, ["eval", "extract", "--gold", gold, str(SEED)])
    assert text.exit_code == 0 and "tier core" in text.output and "MEMBER_OF" in text.output
    as_json = CliRunner().invoke(main, ["eval", "extract", "--gold", gold, str(SEED), "--json"])
    scores = json.loads(as_json.output)
    assert 0 < scores["tiers"]["core"]["f1"] <= 1 and "misses" in scores and "false_positives" in scores


def test_cli_eval_names_a_bad_gold_file(tmp_path: Path) -> None:
    gold = tmp_path / "bad.gold.jsonl"
    gold.write_text('{"relation": "MET"}\nnot json\n', encoding="utf-8")
    article = tmp_path / "a.txt"
    article.write_text("Putin met Erdogan.", encoding="utf-8")
    result = CliRunner().invoke(main, ["eval", "extract", "--gold", str(gold), str(article)])
    assert result.exit_code == 1 and f"{gold}:2: not JSON" in result.output
