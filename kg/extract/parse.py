"""Parsed text as the pattern engine reads it: CoreNLP JSON (tokenize, ssplit, pos, lemma, ner with SUTime,
depparse) trimmed to what the engine uses, so parses can be stored as test fixtures and read offline.

A trimmed parse is `{"docDate": ..., "sentences": [{"tokens": [[word, lemma, pos, ner, begin, end, timex], ...],
"basic": [[governor, relation, dependent], ...], "enhanced": [...]}]}` with 1-based token indices (0 = ROOT),
as CoreNLP numbers them.
"""

from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

__all__ = ["Parse", "ParsedSentence", "Token", "load_parse", "parse_from_corenlp", "trim"]


@dataclass(frozen=True)
class Token:
    i: int  # 1-based index in the sentence
    word: str
    lemma: str
    pos: str
    ner: str
    begin: int  # character offsets in the document
    end: int
    timex: str | None = None  # SUTime's normalized value for DATE tokens


@dataclass
class ParsedSentence:
    index: int
    tokens: list[Token]
    edges: list[tuple[int, str, int]]  # enhanced++ (governor, relation, dependent)
    children: dict[int, list[tuple[str, int]]] = field(default_factory=lambda: defaultdict(list))
    parents: dict[int, list[tuple[str, int]]] = field(default_factory=lambda: defaultdict(list))

    def __post_init__(self) -> None:
        for gov, rel, dep in self.edges:
            self.children[gov].append((rel, dep))
            self.parents[dep].append((rel, gov))

    def token(self, i: int) -> Token:
        return self.tokens[i - 1]

    @property
    def begin(self) -> int:
        return self.tokens[0].begin

    @property
    def end(self) -> int:
        return self.tokens[-1].end


@dataclass
class Parse:
    doc_date: str | None
    sentences: list[ParsedSentence]


def _trim_token(t: dict[str, Any]) -> list[Any]:
    timex = t.get("normalizedNER") if t.get("ner") in ("DATE", "TIME", "DURATION", "SET") else None
    return [t["word"], t["lemma"], t["pos"], t.get("ner", "O"), t["characterOffsetBegin"], t["characterOffsetEnd"],
            timex]


def _trim_edges(deps: list[dict[str, Any]]) -> list[list[Any]]:
    return [[d["governor"], d["dep"], d["dependent"]] for d in deps]


def trim(raw: dict[str, Any]) -> dict[str, Any]:
    """CoreNLP's JSON output → the stored fixture form (about a tenth of the size)."""
    return {"docDate": raw.get("docDate"), "sentences": [
        {"tokens": [_trim_token(t) for t in s["tokens"]], "basic": _trim_edges(s.get("basicDependencies", [])),
         "enhanced": _trim_edges(s.get("enhancedPlusPlusDependencies", []))} for s in raw["sentences"]]}


def _controlled_subjects(tokens: list[Token], edges: list[tuple[int, str, int]]) -> list[tuple[int, str, int]]:
    """A participle adjunct without a subject shares its clause's ("Speaking in Tashkent, Lavrov said" →
    speaking has Lavrov as nsubj:xsubj), as enhanced++ already does for xcomp."""
    with_subject = {g for g, rel, _ in edges if rel.startswith("nsubj")}
    subjects = {g: d for g, rel, d in edges if rel == "nsubj"}
    return [(dep, "nsubj:xsubj", subjects[gov]) for gov, rel, dep in edges
            if dep not in with_subject and gov in subjects and (
                (rel == "advcl" and tokens[dep - 1].pos in ("VBG", "VBN"))
                or (rel == "dep" and tokens[dep - 1].pos == "VBG" and dep > gov))] + [
        # "Xi and Putin, meeting in Moscow, …": a participle describing a name has it as its subject
        (dep, "nsubj:xsubj", gov) for gov, rel, dep in edges
        if rel == "acl" and dep not in with_subject and tokens[dep - 1].pos == "VBG" and tokens[gov - 1].pos == "NNP"]


def _sentence(index: int, s: dict[str, Any]) -> ParsedSentence:
    tokens = [Token(n, *t) for n, t in enumerate(s["tokens"], 1)]
    edges = [(g, r, d) for g, r, d in s["enhanced"]]
    return ParsedSentence(index, tokens, edges + _controlled_subjects(tokens, edges))


def parse_from_trimmed(data: dict[str, Any]) -> Parse:
    return Parse(data.get("docDate"), [_sentence(i, s) for i, s in enumerate(data["sentences"])])


def parse_from_corenlp(raw: dict[str, Any]) -> Parse:
    return parse_from_trimmed(trim(raw))


def load_parse(path: Path) -> Parse:
    return parse_from_trimmed(json.loads(path.read_text(encoding="utf-8")))
