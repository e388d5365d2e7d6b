"""The pattern engine: relation patterns kept as data (kg/extract/patterns/*.toml) matched on the enhanced++
Universal Dependencies graph of each sentence. Generic code only: which words trigger which relation, and where
its arguments attach, is all in the pattern files (see docs/extraction.md for the format).
"""

from __future__ import annotations

import itertools
import tomllib
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from typing import Any

from kg.extract.parse import ParsedSentence, Token
from kg.ontology import RELATIONS

__all__ = ["Pattern", "Step", "attach_paths", "lexicon", "load_patterns", "match_sentence", "walk"]


@dataclass(frozen=True)
class Step:
    relation: str  # a dependency relation; a trailing ":*" accepts any subtype ("obl:*")
    up: bool  # True: from dependent to governor
    lemmas: frozenset[str] | None = None  # the reached token must have one of these lemmas
    negated: bool = False  # "[!it, this]": the reached token must have none of them


@dataclass(frozen=True)
class Pattern:
    name: str
    relation: str
    lemmas: frozenset[str]
    pos: tuple[str, ...]  # accepted part-of-speech prefixes of the trigger ("VB", "NN")
    subject: tuple[tuple[Step, ...], ...]
    object: tuple[tuple[Step, ...], ...]
    pair: tuple[tuple[Step, ...], ...] = ()  # "a meeting between X and Y": every two of them
    requires: tuple[tuple[Step, ...], ...] = ()  # paths that must reach something ("imposed" for "sanctions")
    unless: tuple[tuple[Step, ...], ...] = ()  # paths that must reach nothing ("called it a disgrace" is no phone call)
    subject_labels: frozenset[str] = frozenset()
    object_labels: frozenset[str] = frozenset()
    confidence: float = 0.9
    trigger_class: str = ""  # "title": the trigger is an office title the gazetteer found
    object_fallback: str = ""  # "reference_office": a title with no state names the office the person held
    planned: bool = False  # the trigger itself announces a plan ("is due in Ethiopia")
    dated: bool = True  # False: the clause's date is another event's ("released X on Friday" dates no detention)
    acts: bool = False  # "condemned the launch": a definite act with no actor named is its doer's (the story's)
    subjects_pair: bool = True  # a symmetric relation with no object: its subjects pair up ("X and Y met")
    back_reference: bool = False  # "the call", "the meeting" with no party named: the story's last pair
    subject_fallback: str = ""  # "sentence_state": no doer named, the one state of the sentence not the object's
    foreign: bool = False  # only when the object is not the subject's own state ("met … in Muscat" → a visit)
    conjuncts: bool = True  # a reached token brings its conjuncts ("A and B"); off for a title's own name
    places: bool = False  # a city stands for its country here ("flew to Sochi"); elsewhere a city never acts
    state_acts: bool = False  # an act only a state does (sanctions, expulsions): a person doing it stands for it
    attach: bool = True  # False: no generic attachment paths ([attach] in common.toml) when its own paths find nothing


@dataclass
class Match:
    pattern: Pattern
    trigger: int
    # per path, in the pattern's order, the tokens it reached: the reader takes the first that names an actor
    subjects: list[list[int]] = field(default_factory=list)
    objects: list[list[int]] = field(default_factory=list)
    pairs: list[list[int]] = field(default_factory=list)


def _lemma_set(words: list[str], lex: dict[str, list[str]]) -> frozenset[str]:
    out: set[str] = set()
    for word in words:
        out |= set(lex[word[1:]]) if word.startswith("@") else {word}
    return frozenset(w.lower() for w in out)


def _step(text: str, lex: dict[str, list[str]]) -> Step:
    up = text.startswith("^")
    text = text.removeprefix("^")
    lemmas = None
    negated = False
    if "[" in text:
        text, _, inner = text.partition("[")
        negated = inner.startswith("!")
        lemmas = _lemma_set([w.strip() for w in inner.rstrip("]").removeprefix("!").split(",")], lex)
    return Step(text, up, lemmas, negated)


def _paths(items: list[str], lex: dict[str, list[str]]) -> tuple[tuple[Step, ...], ...]:
    return tuple(tuple(_step(part, lex) for part in item.split("/")) for item in items)


def _labels(items: list[str]) -> frozenset[str]:
    return frozenset(items)


def _pattern(raw: dict[str, Any], lex: dict[str, list[str]], source: str) -> Pattern:
    relation = raw["relation"]
    if relation not in RELATIONS:
        raise ValueError(f"{source}: pattern {raw.get('name')!r}: {relation!r} is not a relation of kg/ontology.py")
    trigger = raw["trigger"]
    return Pattern(
        name=raw.get("name", relation), relation=relation, lemmas=_lemma_set(trigger.get("lemma", []), lex),
        pos=tuple(trigger.get("pos", [""])), subject=_paths(raw.get("subject", []), lex),
        object=_paths(raw.get("object", []), lex), pair=_paths(raw.get("pair", []), lex),
        requires=_paths(raw.get("requires", []), lex), unless=_paths(raw.get("unless", []), lex),
        subject_labels=_labels(raw.get("subject_labels", [])),
        object_labels=_labels(raw.get("object_labels", [])), confidence=float(raw.get("confidence", 0.9)),
        trigger_class=trigger.get("class", ""),
        object_fallback=raw.get("object_fallback", ""), subject_fallback=raw.get("subject_fallback", ""),
        back_reference=bool(raw.get("back_reference", False)), subjects_pair=bool(raw.get("subjects_pair", True)),
        acts=bool(raw.get("acts", False)), dated=bool(raw.get("dated", True)),
        planned=bool(raw.get("planned", False)),
        foreign=bool(raw.get("foreign", False)),
        conjuncts=bool(raw.get("conjuncts", True)), places=bool(raw.get("places", False)),
        state_acts=bool(raw.get("state_acts", False)), attach=bool(raw.get("attach", True)))


def _pattern_files() -> list[Any]:
    folder = resources.files("kg.extract") / "patterns"
    return sorted((p for p in folder.iterdir() if p.name.endswith(".toml")), key=lambda p: p.name)


@cache
def lexicon() -> dict[str, list[str]]:
    """Named word lists shared by all pattern files (`@name` in a pattern, and the status rule's lists)."""
    lex: dict[str, list[str]] = {}
    for path in _pattern_files():
        lex.update(tomllib.loads(path.read_text(encoding="utf-8")).get("lexicon", {}))
    return lex


@cache
def load_patterns() -> tuple[Pattern, ...]:
    """Every pattern of every file, checked against the ontology when loaded."""
    lex = lexicon()
    out: list[Pattern] = []
    for path in _pattern_files():
        data = tomllib.loads(path.read_text(encoding="utf-8"))
        out += [_pattern(raw, lex, path.name) for raw in data.get("pattern", [])]
    return tuple(out)


@cache
def attach_paths() -> dict[str, tuple[tuple[Step, ...], ...]]:
    """The generic argument paths any pattern falls back on ("subject", "object": [attach] of common.toml), tried
    after the pattern's own: the subject of the verb a clause hangs from, the noun a relative clause describes, a
    preposition on the light verb rather than on the event noun."""
    lex = lexicon()
    out: dict[str, tuple[tuple[Step, ...], ...]] = {"subject": (), "object": ()}
    for path in _pattern_files():
        raw = tomllib.loads(path.read_text(encoding="utf-8")).get("attach", {})
        out.update({role: _paths(list(items.values()), lex) for role, items in raw.items()})
    return out


def pattern_sources() -> list[bytes]:
    return [p.read_bytes() for p in _pattern_files()]


def _rel_ok(step: Step, rel: str) -> bool:
    if step.relation.endswith(":*"):
        return rel.split(":")[0] == step.relation[:-2]
    return rel == step.relation


def _neighbours(s: ParsedSentence, i: int, step: Step) -> Iterator[int]:
    edges = s.parents[i] if step.up else s.children[i]
    for rel, j in edges:
        if j and _rel_ok(step, rel) and _lemma_ok(step, s.token(j).lemma.lower()):
            yield j


def _lemma_ok(step: Step, lemma: str) -> bool:
    return step.lemmas is None or (lemma in step.lemmas) != step.negated


def walk(s: ParsedSentence, start: int, path: tuple[Step, ...]) -> list[int]:
    """The tokens a path of dependency steps reaches from `start`, in sentence order."""
    here = {start}
    for step in path:
        here = {j for i in here for j in _neighbours(s, i, step)}
    return sorted(here)


def _reach(s: ParsedSentence, start: int, paths: tuple[tuple[Step, ...], ...]) -> list[list[int]]:
    """What each path reaches (paths are listed from the most to the least specific)."""
    return [found for found in (walk(s, start, path) for path in paths) if found]


def triggers(p: Pattern, t: Token, titles: set[int]) -> bool:
    if p.trigger_class == "title":
        return t.i in titles
    return t.lemma.lower() in p.lemmas and t.pos.startswith(p.pos)


def match_sentence(s: ParsedSentence, titles: set[int] | None = None) -> list[Match]:
    """Every pattern match in a sentence: trigger token, and the tokens its argument paths reach."""
    titles = titles or set()
    out = []
    for t, p in itertools.product(s.tokens, load_patterns()):
        if not triggers(p, t, titles):
            continue
        if (p.requires and not _reach(s, t.i, p.requires)) or (p.unless and _reach(s, t.i, p.unless)):
            continue
        m = Match(p, t.i, _reach(s, t.i, p.subject), _reach(s, t.i, p.object), _reach(s, t.i, p.pair))
        if p.attach:  # the generic paths come after the pattern's own: the reader takes the first that names an actor
            m.subjects += _reach(s, t.i, attach_paths()["subject"])
            m.objects += _reach(s, t.i, attach_paths()["object"])
        if (m.subjects and (m.objects or p.object_fallback)) or (m.objects and p.subject_fallback) or m.pairs or (
                ((m.subjects and p.subjects_pair) or p.back_reference) and RELATIONS[p.relation].symmetric):
            out.append(m)
    return out
