"""kg.nlp.client against the real CoreNLP server (session fixture), and its errors without one."""

from __future__ import annotations

from datetime import date

import pytest

from kg.jvm import free_port
from kg.nlp import CoreNLPClient, NlpError
from kg.settings import Settings


def _edges(sentence: dict, kind: str) -> set[tuple[str, str, str]]:
    return {(e["dep"], e["governorGloss"], e["dependentGloss"]) for e in sentence[kind]}


def test_round_trip_gives_tokens_offsets_ner_and_ud_dependencies(corenlp: CoreNLPClient) -> None:
    text = "Russian Foreign Minister Sergey Lavrov met Antony Blinken in Geneva."
    document = corenlp.annotate(text, doc_date=date(2022, 1, 21))
    [sentence] = document["sentences"]
    tokens = sentence["tokens"]
    assert [t["word"] for t in tokens][:5] == ["Russian", "Foreign", "Minister", "Sergey", "Lavrov"]
    for token in tokens:
        assert text[token["characterOffsetBegin"]:token["characterOffsetEnd"]] == token["originalText"]
    met = next(t for t in tokens if t["word"] == "met")
    assert (met["lemma"], met["pos"]) == ("meet", "VBD")
    assert {t["ner"] for t in tokens if t["word"] in {"Lavrov", "Blinken"}} == {"PERSON"}
    # coarse NER only (ner.applyFineGrained is off): a demonym is MISC, the gazetteer makes it a nationality
    assert next(t["ner"] for t in tokens if t["word"] == "Russian") == "MISC"
    basic = _edges(sentence, "basicDependencies")
    assert ("nsubj", "met", "Lavrov") in basic and ("obj", "met", "Blinken") in basic
    assert ("obl:in", "met", "Geneva") in _edges(sentence, "enhancedPlusPlusDependencies")


def test_publication_date_anchors_sutime(corenlp: CoreNLPClient) -> None:
    text = "The ministers met last Friday and will meet again next month."

    def dates(published: date | None) -> list[str]:
        tokens = corenlp.annotate(text, doc_date=published)["sentences"][0]["tokens"]
        return sorted({t["normalizedNER"] for t in tokens if t["ner"] == "DATE"})

    assert dates(date(2022, 7, 29)) == ["2022-07-22", "2022-08"]
    assert dates(date(2014, 3, 18)) == ["2014-03-14", "2014-04"]
    assert dates(None) != dates(date(2022, 7, 29))


def test_empty_text_needs_no_server() -> None:
    client = CoreNLPClient(Settings(kg_nlp_port=free_port()), autostart=False)
    assert client.annotate("  \n") == {"sentences": []}


def test_no_server_is_one_clear_line() -> None:
    port = free_port()
    client = CoreNLPClient(Settings(kg_nlp_port=port), autostart=False)
    with pytest.raises(NlpError) as error:
        client.annotate("Putin visited Beijing.")
    message = str(error.value)
    assert "\n" not in message
    assert f"CoreNLP is not answering on http://127.0.0.1:{port}" in message and "kg nlp start" in message
