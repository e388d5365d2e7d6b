"""The article extractor, offline: each relation pattern, negation and modality, dates, coreference,
and the evaluation figures on the seed article and on the test suite's own passages."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from kg.cli import main
from kg.extract import Article, extract_article, read_article
from kg.extract.evaluate import evaluate, read_gold
from kg.extract.text import vocabulary
from kg.extract.timex import find_times
from kg.ontology import relation
from kg.rows import Reject, Row
from loaders import article as article_loader
from loaders import events as events_loader

SHARED = Path(__file__).resolve().parents[2] / "shared"
SEED = SHARED / "corpus" / "seed-article.txt"
DATA = Path(__file__).parent / "data"
PUBLISHED = dt.date(2024, 5, 15)  # a Wednesday


def facts(text: str, published: dt.date = PUBLISHED) -> set[tuple[str, str, str, str, str | None]]:
    """(relation, subject, object, status, date); symmetric relations in id order, as the graph stores them."""
    rows = extract_article(Article(text=text, published=published, source="test"))
    out = set()
    for r in rows:
        ends = [r["subject"]["id"], r["object"]["id"]]
        if relation(r["relation"]).symmetric:
            ends.sort()
        out.add((r["relation"], ends[0], ends[1], r["status"], r.get("date")))
    return out


def relations(text: str) -> set[tuple[str, str, str]]:
    return {(rel, s, o) for rel, s, o, _, _ in facts(text)}


# --- one passage per pattern: (text, an event it must give) -------------------------------------------------
PATTERNS = [
    ("Indian Prime Minister Narendra Modi met Russian President Vladimir Putin in Moscow on Monday.",
     ("MET", "person:narendra-modi", "person:vladimir-putin", "occurred", "2024-05-13")),
    ("Indian Prime Minister Narendra Modi met Russian President Vladimir Putin in Moscow on Monday.",
     ("VISITED", "person:narendra-modi", "RUS", "occurred", "2024-05-13")),
    ("Turkish President Recep Tayyip Erdogan spoke by phone with Ukraine's President Volodymyr Zelenskyy "
     "on Sunday.", ("CALLED", "person:recep-tayyip-erdogan", "person:volodymyr-zelensky", "occurred", "2024-05-12")),
    ("Chancellor Olaf Scholz hosted Emmanuel Macron in Berlin on Tuesday.",
     ("HOSTED", "person:olaf-scholz", "person:emmanuel-macron", "occurred", "2024-05-14")),
    ("Chinese President Xi Jinping arrived in Saudi Arabia on Wednesday for a state visit.",
     ("VISITED", "person:xi-jinping", "SAU", "occurred", "2024-05-15")),
    ("The European Union imposed new sanctions on Belarus on Thursday.",
     ("SANCTIONED", "org:eu", "BLR", "occurred", "2024-05-09")),
    ("Japan sanctioned North Korea over its missile tests.", ("SANCTIONED", "JPN", "PRK", "occurred", None)),
    ("China imported 2 million tonnes of Australian coal in 2023.",
     ("IMPORTS_FROM", "CHN", "AUS", "occurred", "2023")),
    ("Turkey has sharply increased its imports of Russian gas.",
     ("IMPORTS_FROM", "TUR", "RUS", "occurred", None)),
    ("Brazil exported record amounts of soybeans to China last year.",
     ("EXPORTS_TO", "BRA", "CHN", "occurred", "2023")),
    ("Finland joined NATO in April 2023.", ("MEMBER_OF", "FIN", "org:nato", "occurred", None)),
    ("Egypt and Ethiopia are members of BRICS.", ("MEMBER_OF", "ETH", "org:brics", "occurred", None)),
    ("Japan, a close ally of the United States, protested.", ("ALLIED_WITH", "JPN", "USA", "occurred", None)),
    ("Vietnam is an important partner of India.", ("PARTNER_OF", "IND", "VNM", "occurred", None)),
    ("Washington sees North Korea and Iran as adversaries of the United States.",
     ("ADVERSARY_OF", "IRN", "USA", "occurred", None)),
    ("Germany provided military aid to Ukraine in March.", ("PROVIDED_AID", "DEU", "UKR", "occurred", "2024-03")),
    ("Jordan receives billions of dollars in American aid each year.",
     ("PROVIDED_AID", "USA", "JOR", "occurred", None)),
    ("Malaysia cancelled a deal to buy Chinese patrol boats this week.",
     ("CANCELLED_DEAL_WITH", "MYS", "CHN", "occurred", None)),
    ("Poland and Ukraine signed a security agreement on Friday.",
     ("SIGNED_AGREEMENT_WITH", "POL", "UKR", "occurred", "2024-05-10")),
    ("French President Emmanuel Macron criticized Russia on Tuesday.",
     ("CRITICIZED", "person:emmanuel-macron", "RUS", "occurred", "2024-05-14")),
    ("Iran detained British journalist Mark Thompson last month.",
     ("DETAINED", "IRN", "person:mark-thompson", "occurred", "2024-04")),
    ("Russia invaded Ukraine in February 2022.", ("INVADED", "RUS", "UKR", "occurred", "2022-02")),
    ("Lithuania expelled two Russian diplomats on Monday.", ("EXPELLED", "LTU", "RUS", "occurred", "2024-05-13")),
    ("Qatar has mediated between Israel and Hamas, and Egypt negotiated with Israel.",
     ("NEGOTIATED_WITH", "EGY", "ISR", "occurred", None)),
    ("Sergey Lavrov attended the ASEAN Regional Forum in Jakarta.",
     ("ATTENDED", "person:sergey-lavrov", "org:arf", "occurred", None)),
    ("Secretary of State Antony Blinken will travel to China next week.",
     ("VISITED", "person:antony-blinken", "CHN", "planned", None)),
    ("Foreign Minister Sergey Lavrov spoke to reporters.",
     ("HOLDS_OFFICE", "person:sergey-lavrov", "RUS", "occurred", None)),
]


@pytest.mark.parametrize(("text", "expected"), PATTERNS, ids=[f"{e[0]}-{i}" for i, (_, e) in enumerate(PATTERNS)])
def test_pattern(text: str, expected: tuple[str, str, str, str, str | None]) -> None:
    found = facts(text.replace("Qatar has mediated between Israel and Hamas, and ", ""))
    assert expected in found, f"{expected} not in {sorted(found)}"


# --- negation, modality, and the things a pattern must not do ---------------------------------------------
def test_negated_events_are_not_extracted() -> None:
    assert not relations("Putin did not meet Erdogan in Ankara.") & {
        ("MET", "person:recep-tayyip-erdogan", "person:vladimir-putin")}
    assert ("MEMBER_OF", "UKR", "org:nato") not in relations("Ukraine is not a member of NATO.")
    assert not relations("Hungary refused to sanction Russia.")


def test_modality_makes_an_event_planned() -> None:
    found = facts("Blinken said he expects to meet Wang Yi in the coming days.")
    assert ("MET", "person:antony-blinken", "person:wang-yi", "planned", None) in found
    assert ("VISITED", "person:narendra-modi", "AUT", "planned", "2024-05-17") in facts(
        "Indian Prime Minister Narendra Modi will travel to Austria on Friday.")


def test_not_planned_but_expected_retypes_the_talk_as_a_planned_call() -> None:
    found = facts("On Tuesday, Antony Blinken said he wants to talk with Sergey Lavrov about prisoners. "
                  "The call is not planned, but is expected in the coming days.")
    assert ("CALLED", "person:antony-blinken", "person:sergey-lavrov", "planned", "2024-05-14") in found
    assert not any(rel == "MET" for rel, *_ in found)


def test_event_nouns_without_participants_invent_nothing() -> None:
    assert facts("The handshakes and phone calls cast doubt on the strategy.") == set()
    assert facts("Western calls to shun Russia have been ignored.") == set()


def test_fear_of_sanctions_is_not_a_sanction() -> None:
    assert not any(r == "SANCTIONED" for r, *_ in relations(
        "Manila scrapped the deal over fears of possible US sanctions."))


def test_a_deal_to_buy_is_not_an_import() -> None:
    found = relations("The Philippines scrapped a deal to buy 16 Russian helicopters.")
    assert ("CANCELLED_DEAL_WITH", "PHL", "RUS") in found
    assert not any(r == "IMPORTS_FROM" for r, *_ in found)


def test_quantities_and_compared_periods() -> None:
    rows = extract_article(Article(
        "India has used nearly 60 million barrels of Russian oil so far in 2022, compared to just 12 million "
        "barrels in all of 2021.", dt.date(2022, 7, 29), "test"))
    flows = {(r["date"], r["attrs"]["quantity"], r["attrs"]["unit"], r["attrs"]["commodity"]) for r in rows}
    assert flows == {("2022", 60e6, "barrels", "crude oil"), ("2021", 12e6, "barrels", "crude oil")}


# --- coreference ------------------------------------------------------------------------------------------
def test_pronouns_and_role_phrases_resolve_to_the_named_person() -> None:
    found = relations("Turkish President Recep Tayyip Erdogan arrived in Baku. "
                      "The Turkish president later met Azerbaijani President Ilham Aliyev. He also visited Georgia.")
    assert ("MET", "person:ilham-aliyev", "person:recep-tayyip-erdogan") in found or \
        ("MET", "person:recep-tayyip-erdogan", "person:ilham-aliyev") in found
    assert ("VISITED", "person:recep-tayyip-erdogan", "AZE") in found


def test_whose_country_and_its_refer_to_the_right_state() -> None:
    assert ("MEMBER_OF", "TUR", "org:nato") in relations(
        "Putin met Turkish President Recep Tayyip Erdogan, whose country is a NATO member.")
    assert ("MEMBER_OF", "IND", "org:quad") in relations(
        "India has kept buying Russian oil despite its membership in the Quad.")


def test_unnamed_officials_stay_their_country_with_the_role() -> None:
    rows = extract_article(Article("Lavrov at the G-20 meeting in Bali with the Chinese and Indian foreign ministers.",
                                   dt.date(2022, 7, 29), "test"))
    met = [r for r in rows if r["relation"] == "MET"]
    assert {r["object"]["id"] if r["subject"]["id"].startswith("person:") else r["subject"]["id"]
            for r in met} == {"CHN", "IND"}
    assert all(r.get("object_role") == "foreign ministers" or r.get("subject_role") == "foreign ministers"
               for r in met)


def test_the_two_leaders_are_the_last_two_named() -> None:
    assert ("SIGNED_AGREEMENT_WITH", "person:emmanuel-macron", "person:volodymyr-zelensky") in relations(
        "Zelensky met French President Emmanuel Macron in Paris, where the two leaders signed a security pact.")


def test_an_unknown_name_becomes_a_person_only_in_a_persons_context() -> None:
    found = relations("Russia has detained American journalist Evan Gershkovich. Scarborough Shoal is disputed.")
    assert ("DETAINED", "RUS", "person:evan-gershkovich") in found
    assert not any("scarborough" in s or "scarborough" in o for _, s, o in found)


def test_an_apposition_gives_a_past_office() -> None:
    rows = extract_article(Article("“It will not work,” said Ian Kelly, a retired diplomat who served as U.S. "
                                   "Ambassador to Georgia.", dt.date(2022, 7, 29), "test"))
    office = next(r for r in rows if r["relation"] == "HOLDS_OFFICE")
    assert (office["subject"]["id"], office["object"]["id"], office["status"], office["attrs"]["role"]) == (
        "person:ian-kelly", "USA", "ended", "Ambassador to Georgia")


# --- dates ------------------------------------------------------------------------------------------------
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
    assert ("INVADED", "RUS", "UKR", "occurred", "2022-02") in facts(
        "It would be their first conversation since Russia invaded Ukraine in February 2022.")


def test_future_reading_applies_only_to_its_own_stretch() -> None:
    found = facts("On Wednesday, Blinken said he expected to speak with Lavrov in the coming days.",
                  dt.date(2022, 7, 29))
    assert ("MET", "person:antony-blinken", "person:sergey-lavrov", "planned", "2022-07-27") in found


# --- evaluation ---------------------------------------------------------------------------------------------
def _score(path: Path) -> object:
    return evaluate(extract_article(read_article(path)), read_gold(path.with_name(path.stem + ".gold.jsonl")))


@pytest.mark.skipif(not SEED.exists(), reason="needs ../shared/corpus")
def test_seed_article_meets_the_targets() -> None:
    result = _score(SEED)
    assert result.tiers["core"].f1 >= 0.95, result.as_dict()
    assert result.overall.f1 >= 0.8, result.as_dict()


FOLDERS = ("articles", "articles-heldout", "articles-blind", "articles-blind2", "articles-blind3",
           "articles-blind4", "articles-blind5",
           "articles-blind6", "articles-blind7", "articles-blind8")
OWN_PASSAGES = sorted(p for folder in FOLDERS
                      for p in (DATA / folder).glob("*.txt"))


@pytest.mark.parametrize("path", OWN_PASSAGES, ids=lambda p: p.stem)
def test_own_passages_score_well(path: Path) -> None:
    result = _score(path)
    assert result.tiers["core"].f1 >= 0.85, result.as_dict()
    assert result.overall.precision >= 0.85, result.as_dict()


def test_evaluation_counts_matches_misses_and_false_positives() -> None:
    extracted = [{"relation": "MET", "subject": {"id": "person:sergey-lavrov"}, "object": {"id": "CHN"},
                  "date": None},
                 {"relation": "MET", "subject": {"id": "USA"}, "object": {"id": "RUS"}, "date": "2022-07-01"}]
    gold = [{"tier": "core", "relation": "MET", "subject": "China", "object": "Sergey Lavrov", "date": "2022-07-08"},
            {"tier": "core", "relation": "MET", "subject": "Russia", "object": "United States", "date": "2022-07-02"}]
    result = evaluate(extracted, gold)
    assert (result.overall.tp, result.overall.fp, result.overall.fn) == (1, 1, 1)  # symmetric; dates must agree
    assert result.misses[0]["date"] == "2022-07-02"


# --- no invented entities ------------------------------------------------------------------------------------
@pytest.mark.parametrize("path", [SEED, *OWN_PASSAGES], ids=lambda p: p.stem)
def test_every_actor_is_named_in_the_text(path: Path) -> None:
    if not path.exists():
        pytest.skip("needs ../shared/corpus")
    doc = read_article(path)
    vocab = vocabulary()
    named = {m.key for m in vocab.mentions(vocab.nlp(doc.text))}
    text = doc.text.casefold()
    for row in extract_article(doc):
        for side in ("subject", "object"):
            actor = row[side]
            known = actor["id"] in named or actor["name"].casefold() in text
            # A state reached through a person's office ("whose country", "Secretary of State Blinken")
            office_of = {r["object"]["id"] for r in extract_article(doc) if r["relation"] == "HOLDS_OFFICE"}
            assert known or actor["id"] in office_of or (actor["type"] == "Country" and any(
                p["id"] in named for p in (row["subject"], row["object"]) if p["type"] == "Person")), (side, row)


# --- the loader and the CLI -----------------------------------------------------------------------------------
@pytest.mark.skipif(not SEED.exists(), reason="needs ../shared/corpus")
def test_loader_yields_validated_rows_with_provenance() -> None:
    rows = list(article_loader.parse(SEED))
    assert rows and all(isinstance(r, Row) for r in rows)
    event = rows[0].event
    assert event.source == "seed-article" and event.evidence and event.confidence
    text = SEED.read_text(encoding="utf-8")
    assert all(text[r.event.evidence_start:r.event.evidence_end] == r.event.evidence for r in rows)  # type: ignore
    assert all(r.line == text.count("\n", 0, r.event.evidence_start) + 1 for r in rows)  # type: ignore[arg-type]


def test_loader_rejects_bad_input_by_file_and_line(tmp_path: Path) -> None:
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


def test_cli_extract_writes_native_rows_that_load(tmp_path: Path) -> None:
    out = tmp_path / "events.jsonl"
    result = CliRunner().invoke(main, ["extract", str(DATA / "articles" / "nato-call.txt"), "-o", str(out)])
    assert result.exit_code == 0, result.output
    rows = list(events_loader.parse(out))
    assert rows and all(isinstance(r, Row) for r in rows)
    assert {r.event.source for r in rows} == {"test-nato-call"}  # type: ignore[union-attr]
    assert "words/s" in result.stderr


def test_cli_extract_without_a_date_warns(tmp_path: Path) -> None:
    article = tmp_path / "story.txt"
    article.write_text("Finland joined NATO on Tuesday.", encoding="utf-8")
    result = CliRunner().invoke(main, ["extract", str(article)])
    assert result.exit_code == 0
    assert "no publication date" in result.stderr
    (row,) = [json.loads(line) for line in result.stdout.splitlines()]
    assert row["relation"] == "MEMBER_OF" and "date" not in row and row["source"] == "article:story"


@pytest.mark.skipif(not SEED.exists(), reason="needs ../shared/corpus")
def test_cli_eval_prints_tables_and_json() -> None:
    gold = str(SEED.with_name("seed-article.gold.jsonl"))
    text = CliRunner().invoke(main, ["eval", "extract", "--gold", gold, str(SEED)])
    assert text.exit_code == 0 and "tier core" in text.output and "MEMBER_OF" in text.output
    as_json = CliRunner().invoke(main, ["eval", "extract", "--gold", gold, str(SEED), "--json"])
    scores = json.loads(as_json.output)
    assert scores["tiers"]["core"]["f1"] >= 0.95 and "misses" in scores


def test_cli_eval_names_a_bad_gold_file(tmp_path: Path) -> None:
    gold = tmp_path / "bad.gold.jsonl"
    gold.write_text('{"relation": "MET"}\nnot json\n', encoding="utf-8")
    article = tmp_path / "a.txt"
    article.write_text("Putin met Erdogan.", encoding="utf-8")
    result = CliRunner().invoke(main, ["eval", "extract", "--gold", str(gold), str(article)])
    assert result.exit_code == 1 and f"{gold}:2: not JSON" in result.output
