"""Relation patterns over a sentence's actors: general English constructions, one function per family.

Each rule finds a trigger (a verb or noun from `kg.extract.lexicon`), takes the subject and object
from the sentence's structure (the nearest actor on the left that is not inside a prepositional
phrase or a modifier; the actors after the trigger, lists included), checks negation and modality
between them, and dates the event by the nearest time expression of its clause.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from kg.extract import lexicon as lx
from kg.extract.actors import Actor, Discourse, Sentence, role_kind
from kg.ontology import relation

__all__ = ["RULES", "Found", "find_relations"]

Phrase = tuple[str, ...]


class Phrases(list[Phrase]):
    """Word sequences (longest first) indexed by their first word, so a sentence is scanned once."""

    _index: tuple[dict[str, list[Phrase]], list[Phrase]] | None = None

    def __add__(self, other: list[Phrase]) -> Phrases:  # type: ignore[override]
        return Phrases(sorted([*self, *other], key=len, reverse=True))

    def starting(self, word: str) -> list[Phrase]:
        cache = self.__dict__.setdefault("_by_word", {})  # words repeat across sentences: look each up once
        hit = cache.get(word)
        if hit is None:
            hit = cache[word] = self._starting(word)
        return hit

    def _starting(self, word: str) -> list[Phrase]:
        if self._index is None:
            exact: dict[str, list[Phrase]] = {}
            prefixed: list[Phrase] = []
            for phrase in self:
                if phrase[0].endswith("*"):
                    prefixed.append(phrase)
                else:
                    exact.setdefault(phrase[0], []).append(phrase)
            self._index = (exact, prefixed)
        exact, prefixed = self._index
        hits = exact.get(word, [])
        more = [p for p in prefixed if word.startswith(p[0][:-1])]
        return sorted(hits + more, key=len, reverse=True) if more else hits


def _compile(phrases: Iterable[str]) -> Phrases:
    return Phrases(sorted((tuple(p.split()) for p in phrases), key=len, reverse=True))


def _word_matches(pattern: str, word: str) -> bool:
    return word.startswith(pattern[:-1]) if pattern.endswith("*") else word == pattern


def match_at(low: list[str], i: int, phrase: Phrase) -> int | None:
    """End index if `phrase` (words, a trailing * is a prefix) matches the tokens at i."""
    if i + len(phrase) > len(low):
        return None
    for k, pattern in enumerate(phrase):
        if not _word_matches(pattern, low[i + k]):
            return None
    return i + len(phrase)


def find(low: list[str], lo: int, hi: int, phrases: list[Phrase]) -> list[tuple[int, int]]:
    """Leftmost-longest, non-overlapping matches of `phrases` in low[lo:hi]."""
    indexed = phrases if isinstance(phrases, Phrases) else Phrases(phrases)
    out = []
    i = max(lo, 0)
    while i < min(hi, len(low)):
        for phrase in indexed.starting(low[i]):
            end = match_at(low, i, phrase)
            if end is not None:
                out.append((i, end))
                i = end - 1
                break
        i += 1
    return out


_P = {name: _compile(getattr(lx, name)) for name in dir(lx) if name.isupper() and isinstance(
    getattr(lx, name), tuple) and all(isinstance(w, str) for w in getattr(lx, name))}
_ALLY = _compile(lx.ALLY_NOUNS)


@cache
def _union(*names: str) -> Phrases:
    """Two word lists as one, built once (a Phrases keeps its per-word index)."""
    out = Phrases()
    for name in names:
        out = out + _P[name]
    return out


@dataclass
class Found:
    relation: str
    subject: Actor
    object: Actor
    sentence: Sentence
    trigger: int
    status: str = "occurred"
    confidence: float = 0.9
    time: dict[str, str] = field(default_factory=dict)
    attrs: dict[str, Any] = field(default_factory=dict)
    generic: bool = False  # from a generic talk word: a later "the call" may say what it was
    role: str | None = None  # HOLDS_OFFICE role

    def pair(self) -> tuple[str, str]:
        a, b = self.subject.ref.id, self.object.ref.id
        return (min(a, b), max(a, b)) if relation(self.relation).symmetric else (a, b)


# --- structure helpers -------------------------------------------------------------------------------

def clause(s: Sentence, i: int) -> tuple[int, int]:
    """The clause around token i: bounded by ; : dashes, quotes and "but"-type conjunctions."""
    lo = i
    while lo > 0 and s.low[lo - 1] not in lx.CLAUSE_BREAKS:
        lo -= 1
    hi = i
    while hi < len(s.low) and s.low[hi] not in lx.CLAUSE_BREAKS:
        hi += 1
    return lo, hi


def argument(a: Actor) -> bool:
    return not a.modifier and not a.nationals


_PHYSICAL_EVENTS = ("launch", "launches", "attack", "attacks", "test", "tests", "strike", "strikes", "exercises",
                    "drills", "incursion", "shelling", "bombing")
_AFTER_CALL = (",", ".", ";", "on", "to", "about", "and", "in", "for", "late", "early", "yesterday", "today", "last",
               "this", "after", "before", "over", "by", "from", "twice", "again", "—")
_DECISION_NOUNS = ("decision", "move", "step", "measure", "action", "expulsion", "expulsions", "deal", "visit")
_ENVOY_NOUNS = ("diplomats", "diplomat", "ambassador", "envoy", "envoys", "officials", "nationals", "citizens",
                "journalists", "military", "attache", "attaché", "staff")
_MEMBER_HEADS = ("producers", "members", "member", "countries", "states", "nations", "exporters", "economies",
                 "powers", "signatories", "participants")
_EVENT_NOUNS = ("launch", "launches", "attack", "attacks", "test", "tests", "strike", "strikes", "decision", "move",
                "exercises", "drills", "incursion", "expulsion", "expulsions", "sale", "deal", "visit", "trip",
                "offensive", "annexation", "crackdown", "incursion", "shelling", "bombing", "executions", "arrest",
                "arrests")
_SUBORDINATORS = lx.SUBORDINATORS
_REPORTING = ("said", "says", "told", "tells", "added", "announced", "insisted", "argued", "claimed", "stated",
              "noted", "warned", "tweeted", "wrote")


def parentheticals(s: Sentence) -> list[tuple[int, int, Actor | None]]:
    """Comma-delimited relative clauses and appositions after an actor: (start, end, antecedent).
    "Maia Sandu, who met Macron in Paris, has accused …": actors inside are not the main clause's."""
    out = []
    for j, word in enumerate(s.low[:-1]):
        if word != ",":
            continue
        antecedent = next((a for a in s.actors if a.end == j and not a.modifier), None)
        nxt = s.low[j + 1]
        if nxt in ("who", "which", "whose", "where") or (antecedent is not None and nxt in ("a", "an", "the", "also",
                                                                                          "two", "three", "both")
                                                         and not any(a.start in (j + 1, j + 2) for a in s.actors
                                                                     if argument(a) and not a.generic_role)):
            k = next((m for m in range(j + 1, len(s.low)) if s.low[m] in (",", ";", ":", "—", "–")), len(s.low))
            out.append((j, k, antecedent))
    return out


def _inside(spans: list[tuple[int, int, Actor | None]], i: int) -> tuple[int, int, Actor | None] | None:
    return next((p for p in spans if p[0] < i < p[1]), None)


def subject_of(s: Sentence, i: int, d: Discourse, allow_persons: bool = True) -> Actor | None:
    """The subject of the verb or noun at i: the first actor of its clause that is not inside a
    prepositional phrase, a possessive, a modifier or a parenthetical; after "said"/"that" the reported
    clause's own subject ("Erdogan told Zelenskyy that Turkey was ready"); inside a relative clause its
    antecedent; after a subordinator ("since Western countries imposed") only that clause's subject."""
    lo, _ = clause(s, i)
    adjacent = next((a for a in s.actors if a.end == i and a.pronoun and not a.possessive and a.text.lower() in (
        "it", "he", "she", "they")), None)
    if adjacent is not None:  # a reduced relative clause: "the systems it bought", "the deal he signed"
        return adjacent
    if i > 0 and s.low[i].endswith("ing") and s.low[i - 1] in ("for", "of", "by", "over"):
        # "sanctioned Iran for supplying drones": the gerund's subject is the object just before it
        before = [a for a in s.actors if lo <= a.start and a.end < i and argument(a) and a.prep is None]
        if before:
            return before[-1]
    spans = parentheticals(s)
    here = _inside(spans, i)
    if here is not None and here[2] is not None and s.low[here[0] + 1] in ("a", "an", "the", "also", "two", "three",
                                                                           "both"):
        return here[2]  # "Poland, a NATO member,": the apposition describes its antecedent
    if here is not None and here[2] is not None and s.low[here[0] + 1] in ("who", "which", "whose"):
        own = [a for a in s.actors if here[0] < a.start and a.end <= i and _subject_like(a)
               and s.low[here[0] + 1] == "whose"]
        if s.low[here[0] + 1] == "whose":
            return own[0] if own else None  # "Scholz, whose carmakers sell in China": the carmakers sell
        return here[2]

    def usable(a: Actor) -> bool:
        return (lo <= a.start and a.end <= i and _subject_like(a) and (allow_persons or not a.is_person)
                and (_inside(spans, a.start) is None or _inside(spans, a.start) == here))

    candidates = [a for a in s.actors if usable(a)]
    if here is not None:  # "…, where the two leaders signed": the parenthetical's own subject first
        own = [a for a in candidates if _inside(spans, a.start) == here]
        candidates = own or candidates
    boundary = None
    for j in range(i - 1, lo - 1, -1):
        word = s.low[j]
        if word in _REPORTING or word in _SUBORDINATORS or (word == "that" and j + 1 < len(s.low) and any(
                a.start in (j + 1, j + 2) for a in s.actors)) or (word in ("and", "but") and s.low[j - 1] == ",") or (
                word == "as" and any(a.start == j + 1 for a in s.actors) and s.low[j - 1] not in ("such", "well")):
            if word == "since" and any(start == j for start, _, _ in s.times):
                continue  # "since February": a time, not a clause
            if _inside(spans, j) is not None and _inside(spans, j) != here:
                continue
            boundary = j
            break
    if boundary is not None:
        after = [a for a in candidates if a.start > boundary]
        if after:
            return after[0]
        if s.low[boundary] in _SUBORDINATORS or s.low[boundary] == "as":
            return None
        candidates = [a for a in candidates if a.end <= boundary]
    if candidates:
        pair = [a for a in candidates if a.pronoun and a.start > candidates[0].start and s.low[a.start - 1] == "and"
                and s.low[a.start] in ("the", "both")]
        if pair:
            return pair[0]  # "Kim greeted Putin … and the two leaders held talks": the pair is the subject
        return candidates[0]
    # Opening participial clause: "Speaking in Tashkent on Friday, Lavrov said …"
    if lo == 0 and s.low and s.low[0].endswith("ing"):
        comma = next((j for j in range(i, len(s.low)) if s.low[j] == ","), None)
        if comma is not None:
            after = [a for a in s.actors if a.start > comma and _subject_like(a)]
            if after:
                return after[0]
    if lo > 0 and s.low[lo - 1] in (";", ":"):  # an ellipsis: "…; in Uganda with President Museveni"
        for a in s.actors:
            if a.end <= lo and _subject_like(a):
                return a
    return None


def _subject_like(a: Actor) -> bool:
    return argument(a) and not a.possessive and (a.prep is None or a.prep in _SUBORDINATORS)


def _same_kind(a: Actor, b: Actor) -> bool:
    """People list with people; states and organizations with each other ("the US and the EU")."""
    return a.is_person == b.is_person


def group_of(s: Sentence, a: Actor) -> list[Actor]:
    """An actor with those coordinated with it: "India, Japan, Australia and the United States"."""
    out = [a] + [b for b in s.actors if b.start == a.start and b is not a and b.ref.label == a.ref.label]
    current = out[-1]
    while True:  # rightwards
        j = current.end
        while j < len(s.low) and s.low[j] in (",", "and", "the", "or"):
            j += 1
        nxt = next((b for b in s.actors if current.end < b.start <= j and argument(b) and _same_kind(a, b)
                    and not b.prep), None)
        if nxt is None or ("and" not in s.low[current.end:nxt.start] and "," not in s.low[current.end:nxt.start]):
            break
        out.append(nxt)
        current = nxt
    current = a
    while True:  # leftwards
        j = current.start - 1
        while j >= 0 and s.low[j] in (",", "and", "the", "or"):
            j -= 1
        prev = next((b for b in s.actors if j < b.end <= current.start - 1 and argument(b)
                     and _same_kind(a, b) and (not b.prep or not current.prep)), None)
        if prev is None or ("and" not in s.low[prev.end:current.start] and "," not in s.low[prev.end:current.start]):
            break
        out.insert(0, prev)
        current = prev
    return out


def objects_of(s: Sentence, i: int, preps: tuple[str | None, ...], stop_at_verb: bool = False,
               max_gap: int = 12) -> list[Actor]:
    """Actors after the trigger at i whose preposition is allowed, with the list that follows the first
    ("X, Y and Z"), inside the clause and before a relative clause (", whose")."""
    _, hi = clause(s, i)
    candidates = [a for a in s.actors if a.start >= i and a.end <= hi and argument(a) and not a.possessive]
    out: list[Actor] = []
    for a in candidates:
        if out:
            if a.start == out[-1].start:  # one phrase, several states: "the Chinese, Indian … ministers"
                out.append(a)
                continue
            if a.pronoun:
                break
            between = s.low[out[-1].end:a.start]
            if between and all(w in (",", "and", "as", "well", "the", "or") for w in between):
                out.append(a)
                continue
            break
        between = s.low[i:a.start]
        listed = a.prep in ("including", "such as")
        if len(between) > (12 if listed else max_gap):
            break
        if "and" in between and not out:
            break  # "resume visits and Japan lifted …": a new clause, not the object
        listed = a.prep in ("including", "such as")
        if stop_at_verb and not listed and any(w in (",", "who", "which", "that", "whose") for w in between):
            break
        if any(w in ("whose", "which", "who", "that", "where") for w in between):
            break
        if a.prep in preps or (a.prep is None and None in preps) or (listed and ("including" in preps
                                                                                 or None in preps)):
            out.append(a)
    return out


def status_of(s: Sentence, lo: int, hi: int) -> str | None:
    """occurred, planned, or None (negated) from the words between subject and trigger (and just after)."""
    words = s.low[lo:hi]
    text = " ".join(words)
    after = " ".join(s.low[hi:hi + 12])
    negated = bool(find(words, 0, len(words), _P["NEGATION_CUES"]))
    planned = bool(find(words, 0, len(words), _P["PLANNED_CUES"])) or bool(
        re.search(r"\b(expected|planned|scheduled|due|set) (in|for|to|on|next)\b|in the coming|next week", after))
    if negated and re.search(r"\bbut\b.*\b(expected|planned|will|set|likely)\b", text + " " + after):
        return "planned"
    if negated:
        return None
    return "planned" if planned else "occurred"


def time_for(s: Sentence, i: int, after_only: bool = False) -> dict[str, str]:
    lo, hi = clause(s, i)
    spans = parentheticals(s)
    here = _inside(spans, i)
    dated = [(start, t) for start, end, t in s.times if not t.bound and t.as_row_fields()]  # not "in the coming days"
    candidates = [(abs(start - i), t) for start, t in dated if lo <= start < hi
                  and (not after_only or start >= i) and _inside(spans, start) in (None, here)]
    if not candidates:
        candidates = [(abs(start - i), t) for start, t in dated if not after_only]
    if not candidates:
        return {}
    return min(candidates, key=lambda c: c[0])[1].as_row_fields()


def _state(a: Actor, d: Discourse) -> Actor | None:
    """A person rolled up to the state they act for (alliances and partnerships are between states)."""
    if not a.is_person:
        return a
    iso3 = d.country_of(a.ref)
    if iso3 is None:
        return None
    return Actor(d.vocab.resolver.country(iso3).ref, a.start, a.end, a.head, a.text, confidence=a.confidence * 0.9)


def _list_after(s: Sentence, i: int) -> list[Actor]:
    """"such as X and Y", "including X, Y and Z" starting at or after i (same clause)."""
    _, hi = clause(s, i)
    for _, end in find(s.low, i, min(hi, i + 4), _P["LIST_INTRODUCERS"]):
        return objects_of(s, end, (None, "including", "such as"))
    return []


def _owner_before(s: Sentence, i: int) -> Actor | None:
    """The state a noun belongs to: "American partners", "Russia's ally", "US treaty ally"."""
    j = i - 1
    while j >= 0 and (s.low[j] in ("longtime", "long-time", "close", "key", "main", "strategic", "major", "treaty",
                                   "most", "trade", "trading", "security", "closest", "second-largest", "leading",
                                   "traditional", "top", "old", "staunch", "new", "important", "biggest", "largest",
                                   "…", "...", "full-scale", "unprovoked", "brutal", "military", "economic",
                                   "financial", "humanitarian", "annual", "fresh", "new", "further", "western")):
        j -= 1
    if j >= 0 and s.low[j] in ("'s", "'"):
        j -= 1
    return next((a for a in s.actors if a.end == j + 1 and (a.modifier or a.possessive or a.is_country)
                 and not a.nationals), None)


def _of_after(s: Sentence, end: int) -> Actor | None:
    j = end
    while j < len(s.low) and s.low[j] in ("treaty", "longtime", "close", "key"):
        j += 1
    if j < len(s.low) and s.low[j] == "of":
        return next((a for a in s.actors if a.start > j and a.prep == "of" and a.start <= j + 3), None)
    return None


# --- rules ----------------------------------------------------------------------------------------------

def offices(s: Sentence, d: Discourse) -> list[Found]:
    out = []
    # "Armenia has frozen …, Prime Minister Nikol Pashinyan said": a titled speaker with no state of their
    # own in the text speaks for the one state the sentence is about
    for a in s.actors:
        if a.is_person and a.role and not a.role_country and not a.pronoun and s.low[a.end:a.end + 1] and \
                s.low[a.end] in _REPORTING:
            states = {b.ref.id for b in s.actors if b.is_country and argument(b) and b.prep is None and not b.pronoun}
            if len(states) == 1:
                a.role_country = next(iter(states))
                d.offices[a.ref.id] = (a.role_country, a.role, a.role_ended)
        # "Ukraine's delegation was led by Defence Minister Rustem Umerov": the delegation's state
        led_by = a.prep == "by" and "led" in s.low[max(0, a.start - 3):a.start]
        if a.is_person and a.role and not a.role_country and led_by:
            owner = next((b for b in s.actors if b.is_country and b.end < a.start and (
                s.low[b.end:b.end + 1] in (["delegation"], ["team"], ["side"])
                or s.low[b.end:b.end + 2] in (["'s", "delegation"], ["'s", "team"], ["'s", "side"]))), None)
            if owner is not None:
                a.role_country = owner.ref.id
                d.offices[a.ref.id] = (a.role_country, a.role, a.role_ended)
    for a in s.actors:
        if a.is_person and a.role and a.role_country and not a.pronoun:
            country = Actor(d.vocab.resolver.country(a.role_country).ref, a.start, a.head, a.start, "")
            out.append(Found("HOLDS_OFFICE", a, country, s, a.head, status="ended" if a.role_ended else "occurred",
                             confidence=0.95, role=a.role))
    # Apposition: "Ian Kelly, a retired career diplomat who served as U.S. Ambassador to Georgia"
    for a in s.actors:
        if not a.is_person or a.pronoun or a.end >= len(s.low) or s.low[a.end] != ",":
            continue
        stop = next((j for j in range(a.end + 1, len(s.low)) if s.low[j] in (",", ".", ";")), len(s.low))
        role = next((g for g in s.actors if g.generic_role and a.end < g.start < stop and g.end <= stop + 1), None)
        if role is None or any(p.is_person and a.end < p.start < role.start for p in s.actors):
            continue
        between = s.low[a.end:role.start]
        ended = any(w in lx.ENDED_CUES for w in between)
        s.actors.remove(role)
        d.offices[a.ref.id] = (role.ref.id, role.role or "", ended)
        out.append(Found("HOLDS_OFFICE", a, role, s, role.start, status="ended" if ended else "occurred",
                         confidence=0.85, role=role.role))
    return out


_MEET = {"MEET_VERBS": ("MET", False), "CALL_VERBS": ("CALLED", False), "TALK_WORDS": ("MET", True),
         "CALL_NOUN_TRIGGERS": ("CALLED", False),
         "VISIT_VERBS": ("VISITED", False), "HOST_VERBS": ("HOSTED", False)}
_PREPS: dict[str, tuple[str | None, ...]] = {
    "MET": (None, "with", "including", "such as"), "CALLED": (None, "with"), "VISITED": (None, "to", "in"),
    "HOSTED": (None,), "NEGOTIATED_WITH": (None, "with"), "SIGNED_AGREEMENT_WITH": ("with",)}


def interactions(s: Sentence, d: Discourse) -> list[Found]:
    out: list[Found] = []
    seen: set[int] = set()
    for lexicon, (rel, generic) in _MEET.items():
        for i, end in find(s.low, 0, len(s.low), _P[lexicon]):
            if i in seen:
                continue
            seen.add(i)
            rel_here = rel
            if s.low[i] in ("talks", "talked") and i > 0 and s.low[i - 1] in lx.NEGOTIATION_WORDS:
                rel_here = "NEGOTIATED_WITH"  # "held indirect nuclear talks": negotiations
            clause_words = s.low[slice(*clause(s, i))]
            if generic and any(w in clause_words for w in ("phone", "telephone", "video", "videoconference")):
                rel_here = "CALLED"
            if rel == "VISITED" and s.low[i] in ("went", "arrived", "arrives", "arriving") and (
                    end >= len(s.low) or s.low[end] not in ("to", "in")):
                continue
            subject = subject_of(s, i, d)
            if rel == "VISITED" and s.low[i + 1:i + 2] in (["him"], ["her"]):
                subject = next((a for a in s.actors if a.start == i + 1), None)  # "a tour that will take him to"
            if rel == "HOSTED" and i > 0 and s.low[i - 1] in ("was", "were", "been", "being", "be", "is", "are"):
                host = next((a for a in s.actors if a.prep == "by" and end <= a.start <= end + 6), None)
                if host is not None and subject is not None and (status := status_of(s, subject.end, i)):
                    out += _hosted(s, d, host, [subject], i, status)
                continue
            objects = objects_of(s, end, _PREPS[rel_here] if not generic else ("with",), stop_at_verb=True,
                                 max_gap={"VISITED": 3, "HOSTED": 2}.get(rel, 12))
            if rel == "VISITED" and s.low[i] in ("visit", "trip", "tour") and i > 0:
                owner = _owner_before(s, i)
                if owner is not None and owner.possessive:
                    subject = owner
            # "talks between X and Y", "a meeting between X and Y"
            if not objects and end < len(s.low) and s.low[end] == "between":
                pair = [a for a in s.actors if a.prep == "between" and a.start == end + 1]
                if pair:
                    rest = objects_of(s, pair[0].end, (None,))
                    if rest:
                        subject, objects = pair[0], rest[:1]
            # "A Blinken-Lavrov talk"
            if i >= 3 and s.low[i - 2] == "-" and not objects:
                left = next((a for a in s.actors if a.end == i - 2), None)
                right = next((a for a in s.actors if a.start == i - 1 and a.end == i), None)
                if left and right:
                    subject, objects = left, [right]
            if generic:
                objects = objects_of(s, end, ("with", "to"), max_gap=4)
            if subject is None:
                continue
            group = group_of(s, subject)
            if not objects and len(group) > 1 and relation(rel_here).symmetric and group[-1].end <= i:
                subject, objects = group[0], group[1:]  # "Erdogan and Zelenskyy spoke by phone"
            status = status_of(s, subject.end if subject.end <= i else clause(s, i)[0], i)
            if status is None:
                continue
            # "wants to end the estrangement with Lavrov to discuss …": an intended talk names its
            # partner with "with" anywhere in the clause
            if generic and not objects and status == "planned":
                lo, hi = clause(s, i)
                objects = [a for a in s.actors if a.prep == "with" and lo <= a.start < hi and argument(a)][:1]
            if not objects:
                continue
            if rel == "VISITED":
                objects = [o for o in objects if o.is_country or o.is_org]
                if status == "occurred" and s.low[i] in ("travels", "visits", "flies", "heads", "tours"):
                    status = "planned"  # news' present tense for a trip: "before Modi travels to Russia"
            if rel == "HOSTED":
                out += _hosted(s, d, subject, objects, i, status)
                continue
            if lexicon == "CALL_VERBS":
                objects = [o for o in objects if not o.pronoun and (o.end >= len(s.low) or s.low[o.end] in _AFTER_CALL)]
            for obj in objects:
                if obj.ref.id == subject.ref.id:
                    continue
                if rel == "VISITED" and (subject.is_country or obj.ref.id == d.country_of(subject.ref)):
                    continue
                out.append(Found(rel_here, subject, obj, s, i, status=status, confidence=0.75 if generic else 0.9,
                                 time=time_for(s, i), generic=generic))
    return out


def _hosted(s: Sentence, d: Discourse, host: Actor, guests: list[Actor], i: int, status: str) -> list[Found]:
    """X hosted Y: and a guest from abroad visited the host's country (or the place named)."""
    out = []
    when = time_for(s, i)
    home = host.ref.id if host.is_country else d.country_of(host.ref)
    place = next((a for a in s.actors if a.prep == "in" and a.is_country and a.start > i and not a.modifier), None)
    for guest in guests:
        if guest.ref.id == host.ref.id:
            continue
        out.append(Found("HOSTED", host, guest, s, i, status=status, confidence=0.85, time=when))
        where = place.ref.id if place is not None else home
        guest_home = d.country_of(guest.ref) if guest.is_person else None
        # a guest from abroad, or of unknown origin received in a named foreign place ("received in Paris by …")
        if where and guest.is_person and guest_home != where and (guest_home is not None or place is not None):
            visited = Actor(d.vocab.resolver.country(where).ref, i, i + 1, i, place.text if place else "")
            out.append(Found("VISITED", guest, visited, s, i, status=status, confidence=0.7, time=when))
    return out


def captions(s: Sentence, d: Discourse) -> list[Found]:
    """"Lavrov at the G-20 meeting in Bali with the Chinese … foreign ministers; in Uganda with President
    Museveni": a person placed "with" others, no verb between, means they met; "in <country>" abroad
    means a visit. Also "Speaking … in Tashkent, Uzbekistan, Lavrov said" (a visit)."""
    out: list[Found] = []
    allowed = set(lx.PREPOSITIONS) | {"the", "a", "an", ",", "…", "...", "and", "recent", "his", "her"} | set(
        w for p in lx.MEETING_NOUNS for w in p.split())
    for i, word in enumerate(s.low):
        if word != "with":
            continue
        subject = subject_of(s, i, d)
        if subject is None or not subject.is_person:
            continue
        lo, _ = clause(s, i)
        gap = [j for j in range(max(lo, subject.end), i) if not any(a.start <= j < a.end for a in s.actors)
               and not any(start <= j < end for start, end, _ in s.times)]
        if any(s.low[j] not in allowed and not s.span[j].text[:1].isupper() and not s.low[j].isdigit()
               for j in gap):
            continue
        for obj in objects_of(s, i + 1, (None, "with")):
            if obj.ref.id != subject.ref.id:
                out.append(Found("MET", subject, obj, s, i, confidence=0.7, time=time_for(s, i),
                                 attrs={"counterpart_role": obj.role.lower()} if obj.generic_role and obj.role else {}))
    # Where a person is: "in <country>" in their clause, abroad → a visit.
    for loc in s.actors:
        if loc.prep not in ("in",) or not loc.is_country or loc.modifier or loc.start == 0:
            continue
        head = s.low[loc.start - 2] if loc.start >= 2 else ""
        if head in ("war", "conflict", "fighting", "crisis", "interest", "investment", "investments", "trust",
                    "role", "troops", "forces", "situation", "elections", "election", "stake", "presence",
                    "embassy", "shortages", "prices", "protests", "attacks", "people", "citizens", "member",
                    "members", "partners", "countries", "ties", "involvement", "operations", "operation"):
            continue
        subject = subject_of(s, loc.start, d)
        if subject is None or not subject.is_person:
            continue
        for person in group_of(s, subject):
            home = d.country_of(person.ref)
            if home is None or home == loc.ref.id:
                continue
            lo, _ = clause(s, loc.start)
            status = status_of(s, max(lo, min(person.end, loc.start)), loc.start)
            if status is None:
                continue
            place = loc.text if loc.text and loc.text != loc.ref.name else None
            out.append(Found("VISITED", person, loc, s, loc.start, status=status, confidence=0.7,
                             time=time_for(s, loc.start), attrs={"place": place} if place else {}))
    return out


def memberships(s: Sentence, d: Discourse) -> list[Found]:
    out: list[Found] = []
    for org in [a for a in s.actors if a.is_org and argument(a)]:
        members: list[Actor] = []
        nxt = s.low[org.end] if org.end < len(s.low) else ""
        status = "occurred"
        trigger = org.start
        if nxt in ("member", "members", "member-state", "member-states", "ally", "allies"):
            trigger = org.end
            # "X is a NATO member", "whose country is a NATO member", "X, a NATO member,"
            subject = subject_of(s, org.start, d, allow_persons=False)
            listed = objects_of(s, org.end + 1, (None,)) if nxt in ("members", "member-states") else []
            if listed and listed[0].start <= org.end + 2:
                members = listed
            elif subject is not None:
                members = group_of(s, subject)
            else:
                before = [a for a in s.actors if a.end <= org.start and argument(a) and not a.prep]
                if before and s.low[before[-1].end:before[-1].end + 1] == [","]:
                    members = [before[-1]]
        else:
            prev = " ".join(s.low[max(0, org.start - 6):org.start]).replace(" - ", "-")
            if re.search(r"\b(member|members|membership|member states?) (of|in)( the)?( so-called)?$", prev):
                trigger = org.start - 1
                owner = next((a for a in s.actors if a.end <= org.start and a.possessive
                              and org.start - a.end <= 8), None)
                subject = owner or subject_of(s, org.start, d, allow_persons=False)
                if subject is not None:
                    members = group_of(s, subject)
                # "membership in the Quad with the US, Australia and Japan"
                joined = " ".join(s.low[org.end:org.end + 2])
                if nxt in ("with", "alongside") or joined in ("together with", "along with"):
                    skip = 2 if joined in ("together with", "along with") else 1
                    members += objects_of(s, org.end + skip, (None, "with", "alongside"))
            elif re.search(rf"\b({'|'.join(lx.JOIN_VERBS)})( the)?$", prev):
                subject = subject_of(s, org.start, d, allow_persons=False)
                members = group_of(s, subject) if subject else []
                trigger = org.start - 1
            elif re.search(rf"\b({'|'.join(lx.LEAVE_ORG_VERBS)})( the)?$", prev):
                subject = subject_of(s, org.start, d, allow_persons=False)
                members = group_of(s, subject) if subject else []
                status = "ended"
                trigger = org.start - 1
            elif nxt == "," and " ".join(s.low[org.end + 1:org.end + 3]) in ("which includes", "whose members"):
                members = objects_of(s, org.end + 3, (None,))
        here = _inside(parentheticals(s), org.start)
        if (not members and org.prep in ("in", "of") and here is not None and here[2] is not None
                and s.low[org.start - 1 - (s.low[org.start - 1] == "the")] in ("in", "of")
                and any(w in _MEMBER_HEADS for w in s.low[here[0]:org.start])):
            members = group_of(s, here[2])
            trigger = org.start
        lo, _ = clause(s, trigger)
        negation_from = min([m.end for m in members if m.end <= trigger] or [lo])
        if members and status_of(s, negation_from, trigger) is None:
            continue
        for member in members:
            member_state = member if not member.is_person else None
            if member_state is None or member_state.ref.id == org.ref.id:
                continue
            out.append(Found("MEMBER_OF", member_state, org, s, trigger, status=status, confidence=0.85))
    return out


def admissions(s: Sentence, d: Discourse) -> list[Found]:
    """"BRICS agreed to admit Egypt, Ethiopia and Iran as new members", "NATO invited Sweden to join"."""
    out: list[Found] = []
    for i, end in find(s.low, 0, len(s.low), _P["ADMIT_VERBS"]):
        listed = objects_of(s, end, (None,), max_gap=2)
        if not listed:
            continue
        after = s.low[listed[-1].end:listed[-1].end + 5]
        if not (after[:1] == ["as"] and any(w in ("member", "members") for w in after)) and after[:2] != ["to", "join"]:
            continue
        lo, hi = clause(s, i)
        org = next((a for a in s.actors if a.is_org and argument(a) and lo <= a.start < hi and a not in listed), None)
        org = org or (next((a for a in s.actors if a.is_org and a.end <= i), None))
        if org is None:
            continue
        status = status_of(s, max(lo, org.end if org.end <= i else lo), i)
        if status is None:
            continue
        if status == "occurred" and (s.low[i - 1:i] == ["to"] or s.low[i].startswith("invit")):
            status = "planned"  # "agreed to admit", "invited to join": membership still to come
        for member in listed:
            if member.ref.id != org.ref.id and not member.is_person:
                out.append(Found("MEMBER_OF", member, org, s, i, status=status, confidence=0.8))
    return out


def alignments(s: Sentence, d: Discourse) -> list[Found]:
    """ally / partner / adversary: "American partners, such as Egypt", "X, a longtime American partner",
    "the Philippines, an ally of the US", "X is Y's ally"."""
    out: list[Found] = []
    for i, end in find(s.low, 0, len(s.low), [("defence", "treaty"), ("defense", "treaty"), ("security", "treaty"),
                                              ("defence", "pact"), ("defense", "pact"), ("mutual", "defence"),
                                              ("mutual", "defense"), ("security", "alliance")]):
        partner = next((a for a in s.actors if a.prep == "with" and end <= a.start <= end + 3 and argument(a)), None)
        owner = _owner_before(s, i)
        if owner is not None and partner is not None and (status_of(s, max(0, i - 4), i) is not None):
            first, second = _state(owner, d), _state(partner, d)
            if first and second and first.ref.id != second.ref.id:
                out.append(Found("ALLIED_WITH", first, second, s, i, confidence=0.8, attrs={"kind": "treaty ally"}))
    for i, end in find(s.low, 0, len(s.low), _ALLY):
        rel = lx.ALLY_NOUNS[" ".join(s.low[i:end])]
        owner = _owner_before(s, i) or _of_after(s, end)
        if owner is None:
            subject = subject_of(s, i, d)
            group = group_of(s, subject) if subject else []
            if len(group) == 2 and any(w in ("are", "were", "remain", "became", "as") for w in s.low[group[1].end:i]):
                first, second = _state(group[0], d), _state(group[1], d)
                if first and second and first.ref.id != second.ref.id and status_of(s, group[1].end, i):
                    attrs = {"kind": "treaty ally"} if "treaty" in s.low[max(0, i - 3):i] else {}
                    out.append(Found(rel, first, second, s, i, confidence=0.8, attrs=attrs))
            continue
        members = _list_after(s, end)
        j = i - 1
        while j >= 0 and s.low[j] in ("a", "an", "the", "close", "key", "main", "major", "strategic", "longtime"):
            j -= 1
        if not members and j >= 1 and s.low[j] == "as":
            # "Washington sees North Korea and Iran as adversaries of the United States"
            seen = next((a for a in s.actors if a.end == j and argument(a)), None)
            members = group_of(s, seen) if seen is not None else []
        if not members:
            # apposition: "X, (also) a … NOUN"
            j = i - 1
            while j >= 0 and s.low[j] != "," and j > i - 8:
                j -= 1
            if j >= 0 and s.low[j] == ",":
                before = [a for a in s.actors if a.end == j and argument(a)][:1]
                members = group_of(s, before[0]) if before else []
        if not members:
            subject = subject_of(s, min(owner.start, i), d)
            if subject is not None and any(w in ("is", "are", "was", "were", "been", "be", "remains", "remain",
                                                 "became", "become", "as") for w in s.low[subject.end:i]):
                members = group_of(s, subject)
        lo, _ = clause(s, i)
        if status_of(s, max(lo, i - 4), i) is None:
            continue
        owner_state = _state(owner, d)
        for member in members:
            state = _state(member, d)
            if state is None or owner_state is None or state.ref.id == owner_state.ref.id:
                continue
            attrs = {"kind": "treaty ally"} if "treaty" in s.low[max(0, i - 4):end + 3] else {}
            out.append(Found(rel, state, owner_state, s, i, confidence=0.8, attrs=attrs))
    return out


def aid(s: Sentence, d: Discourse) -> list[Found]:
    out: list[Found] = []
    aid_nouns = _P["AID_NOUNS"]
    for i, end in find(s.low, 0, len(s.low), aid_nouns):
        donor = _owner_before(s, i)
        recipient: Actor | None = None
        lo, _ = clause(s, i)
        receive = find(s.low, lo, i, _P["AID_RECEIVE_VERBS"])
        give = find(s.low, lo, i, _P["AID_GIVE_VERBS"])
        after = [a for a in s.actors if a.start > end and a.prep in ("to", "for") and a.start - end <= 3]
        if receive:
            recipient = subject_of(s, receive[-1][0], d)
            source = next((a for a in s.actors if a.start > end and a.prep == "from" and a.start - end <= 3), None)
            donor = donor or source
            trigger = receive[-1][0]
        elif give:
            donor = donor if donor and not donor.is_person else subject_of(s, give[-1][0], d) or donor
            recipient = after[0] if after else None
            trigger = give[-1][0]
            if recipient is None:
                partners = [a for a in s.actors if lo <= a.start < trigger and a.prep == "with" and argument(a)]
                if partners and "and" in s.low[partners[-1].end:trigger]:
                    recipient = partners[-1]
        else:
            recipient = after[0] if after else None
            trigger = i
        if donor is None or recipient is None or donor.ref.id == recipient.ref.id:
            continue
        if s.low[i] in ("support", "package") and not (donor.modifier or give or receive):
            continue
        status = status_of(s, max(lo, min(recipient.end, donor.end, trigger)), trigger)
        if status is None:
            continue
        if any(w in ("pledged", "pledges", "promised", "promises", "offered") for w in s.low[lo:i]):
            status = "planned"
        window = " ".join(s.low[trigger:end + 4])
        attrs: dict[str, Any] = {"kind": "financial" if re.search(r"dollar|euro|loan|grant|fund", window)
                                 else "military" if re.search(r"weapon|arms|military", window) else "aid"}
        amount = re.search(r"((?:[\d.,]+|billions|millions|hundreds of millions)(?: (?:million|billion))?"
                           r" (?:of )?(?:dollars|euros|\$))", " ".join(s.low[lo:end]))
        if amount:
            attrs["amount"] = amount.group(1)
        donors = group_of(s, donor) if not donor.modifier else [donor]
        donors = [_state(g, d) or g for g in donors]  # a leader pledging aid: the state gives it
        for giver in donors:
            if giver.ref.id != recipient.ref.id:
                out.append(Found("PROVIDED_AID", giver, recipient, s, trigger, status=status, confidence=0.8,
                                 time=time_for(s, trigger), attrs=attrs))
    return out


def sanctions(s: Sentence, d: Discourse) -> list[Found]:
    out: list[Found] = []
    for i, end in find(s.low, 0, len(s.low), _union("SANCTION_VERBS", "SANCTION_NOUNS")):
        lo, _ = clause(s, i)
        target = next((a for a in s.actors if a.start >= end and a.prep in ("on", "against") and not a.nationals
                       and a.start - end <= 9), None)
        if s.low[i] in ("suspended", "suspends") and not any(a.start in (end, end + 1) and argument(a)
                                                            for a in s.actors):
            continue  # "suspended its budget support": only suspending a state or body is a sanction
        verb_form = s.low[i] in ("sanctioned", "sanctioning", "blacklisted", "embargoed", "suspended", "suspends") or (
            s.low[i] == "sanction" and i > 0 and s.low[i - 1] in ("to", "will", "would"))
        if verb_form and target is None:
            passive = i > 0 and s.low[i - 1] in ("was", "were", "been", "be", "is", "are")
            if passive:
                agent = next((a for a in s.actors if a.start > end and a.prep == "by"), None)
                subject = subject_of(s, i, d)
                if agent and subject:
                    out += _sanction(s, agent, subject, i, d)
                continue
            direct = objects_of(s, end, (None,), stop_at_verb=True)
            target = direct[0] if direct else None
            for more in direct[1:]:  # "The AU suspended Niger and Gabon"
                imposer = subject_of(s, i, d)
                if imposer is not None:
                    out += _sanction(s, imposer, more, i, d)
        if target is None:
            continue
        imposer = _owner_before(s, i)
        imposed = find(s.low, lo, i, _union("IMPOSE_VERBS", "THREATEN_VERBS"))
        if imposer is None or (imposer.is_person and imposed):
            imposer = subject_of(s, imposed[-1][0] if imposed else i, d)
        if imposer is None:
            continue
        out += _sanction(s, imposer, target, i, d)
    return out


def _sanction(s: Sentence, imposer: Actor, target: Actor, i: int, d: Discourse) -> list[Found]:
    imposer = _state(imposer, d) or imposer  # a leader announcing sanctions: the state imposes them
    if imposer.ref.id == target.ref.id:
        return []
    lo, _ = clause(s, i)
    status = status_of(s, max(lo, min(imposer.end, i)), i)
    if status is None:
        return []
    threatened = any(w.startswith("threaten") or w in ("warned", "warns") for w in s.low[lo:i])
    rel = "THREATENED" if threatened else "SANCTIONED"
    if s.low[max(0, i - 2):i].count("possible") or "fears" in s.low[max(0, i - 5):i]:
        return []
    return [Found(rel, imposer, target, s, i, status="occurred" if threatened else status, confidence=0.85,
                  time=time_for(s, i))]


_NUMBER = re.compile(r"^[\d.,]+$")


def _quantity(s: Sentence, lo: int, hi: int) -> tuple[float, str | None, int, int] | None:
    """"nearly 60 million barrels of" → (60e6, "barrels", start, end) in tokens lo..hi."""
    for j in range(lo, hi):
        word = s.low[j]
        if not (_NUMBER.match(word) and any(c.isdigit() for c in word)) and word not in lx.NUMBER_WORDS:
            continue
        try:
            value = float(word.replace(",", "")) if _NUMBER.match(word) else lx.NUMBER_WORDS[word]
        except ValueError:
            continue
        k = j + 1
        while k < hi and s.low[k] in lx.NUMBER_WORDS:
            value *= lx.NUMBER_WORDS[s.low[k]]
            k += 1
        unit = None
        for u in _P["UNITS"]:
            stop = match_at(s.low, k, u)
            if stop is not None:
                unit = " ".join(u)
                k = stop
                break
        return value, unit, j, k
    return None


def _commodity(s: Sentence, lo: int, hi: int) -> tuple[str, int] | None:
    found = find(s.low, lo, hi, _P["COMMODITIES"])
    if not found:
        return None
    start, end = found[0]
    name = " ".join(s.low[start:end])
    return lx.COMMODITY_NAMES.get(name, name), start


def trade(s: Sentence, d: Discourse) -> list[Found]:
    out: list[Found] = []
    for rel, verbs, nouns, prep in (("IMPORTS_FROM", "IMPORT_VERBS", "IMPORT_NOUNS", "from"),
                                    ("EXPORTS_TO", "EXPORT_VERBS", "EXPORT_NOUNS", "to")):
        for i, end in find(s.low, 0, len(s.low), _P[verbs] + _P[nouns]):
            lo, hi = clause(s, i)
            if any(w in lx.DEAL_NOUNS for w in s.low[max(lo, i - 3):i]) and s.low[i - 1:i] == ["to"]:
                continue  # "a deal to buy …": the deal's content, not a purchase
            is_noun = s.low[i] in lx.IMPORT_NOUNS + lx.EXPORT_NOUNS
            subject = _owner_before(s, i) if is_noun else None  # "Chinese imports", "India's imports"
            subject = subject or subject_of(s, i, d)
            if subject is None or (subject.is_person and _state(subject, d) is None):
                continue
            window_end = min(hi, end + 14)
            partner = next((a for a in s.actors if end <= a.start < window_end and a.prep == prep
                            and not a.nationals), None)  # "to Chinese refineries": the country
            commodity = _commodity(s, max(lo, i - 2) if is_noun else end, window_end)
            quantity = _quantity(s, end, window_end)
            if partner is None and rel == "EXPORTS_TO":
                # "Russia supplies much of the wheat imported by Egypt"
                bought_by = find(s.low, end, window_end, [("imported", "by"), ("bought", "by"), ("purchased", "by")])
                if bought_by:
                    partner = next((a for a in s.actors if a.start == bought_by[0][1] and argument(a)), None)
            if partner is None and commodity is not None and rel == "IMPORTS_FROM":
                origin = next((a for a in s.actors if a.end == commodity[1] or (a.end == commodity[1] - 1
                               and s.low[a.end] in ("'s",))), None)
                origin = origin or _owner_before(s, commodity[1])
                partner = origin
            weak = s.low[i] in ("used", "uses", "using", "received", "receives", "took", "takes", "increased",
                                "boosted", "ramped up") or s.low[i].startswith("consum")
            if partner is None or (weak and (commodity is None or quantity is None)):
                continue
            if partner.ref.id == subject.ref.id:
                continue
            status = status_of(s, max(lo, subject.end if subject.end <= i else lo), i)
            if status is None:
                continue
            attrs: dict[str, Any] = {}
            if commodity:
                attrs["commodity"] = commodity[0]
            when = time_for(s, quantity[3] if quantity else i, after_only=bool(quantity))
            if quantity:
                attrs["quantity"] = quantity[0]
                if quantity[1]:
                    attrs["unit"] = quantity[1]
            who = subject if not subject.is_person else _state(subject, d)
            if who is None:
                continue
            found = Found(rel, who, _state(partner, d) or partner, s, i, status=status, confidence=0.8,
                          time=when, attrs=attrs)
            out.append(found)
            # "…, compared to just 12 million barrels in all of 2021": the same flow, another period
            for c, c_end in find(s.low, end, hi, [("compared", "to"), ("compared", "with"), ("up", "from"),
                                                  ("down", "from"), ("versus",)]):
                other = _quantity(s, c_end, hi)
                if other:
                    more = dict(attrs, quantity=other[0], **({"unit": other[1]} if other[1] else {}))
                    out.append(Found(rel, who, found.object, s, c, status=status, confidence=0.75,
                                     time=time_for(s, other[3], after_only=True), attrs=more))
    # "China, the largest buyer of Iranian crude", "India is the biggest customer for Russian oil"
    for i, end in find(s.low, 0, len(s.low), _P["BUYER_NOUNS"]):
        if s.low[end:end + 1] not in (["of"], ["for"]):
            continue
        buyer = subject_of(s, i, d)
        commodity = _commodity(s, end, min(len(s.low), end + 5))
        origin = _owner_before(s, commodity[1]) if commodity else None
        if buyer is None or origin is None or commodity is None or buyer.ref.id == origin.ref.id:
            continue
        if (status := status_of(s, min(buyer.end, i), i)) is not None:
            out.append(Found("IMPORTS_FROM", _state(buyer, d) or buyer, _state(origin, d) or origin, s, i,
                             status=status, confidence=0.75, time=time_for(s, i), attrs={"commodity": commodity[0]}))
    # "Saudi Arabia is China's largest supplier of crude"
    for i, end in find(s.low, 0, len(s.low), _P["SUPPLIER_NOUNS"]):
        before_noun = _commodity(s, max(0, i - 2), i)  # "Taiwan's main arms supplier"
        buyer = _owner_before(s, before_noun[1] if before_noun else i)
        seller = subject_of(s, i, d)
        commodity = before_noun or _commodity(s, end, min(len(s.low), end + 4))
        if buyer is None or seller is None or commodity is None or buyer.ref.id == seller.ref.id:
            continue
        here = _inside(parentheticals(s), i)
        copula = (any(w in ("is", "are", "was", "were", "been", "remains", "became", "as") for w in s.low[seller.end:i])
                  or (here is not None and here[2] is seller))
        if copula and (status := status_of(s, seller.end, i)) is not None:
            out.append(Found("EXPORTS_TO", _state(seller, d) or seller, _state(buyer, d) or buyer, s, i,
                             status=status, confidence=0.75, time=time_for(s, i, after_only=True),
                             attrs={"commodity": commodity[0]}))
    # "Many depend on Russia for energy"
    for i, end in find(s.low, 0, len(s.low), [("depend*", "on"), ("rel*", "on")]):
        partner = next((a for a in s.actors if a.start == end or a.start == end + 1), None)
        subject = subject_of(s, i, d)
        commodity = _commodity(s, end, min(len(s.low), end + 8))
        if (partner and subject and commodity and "for" in s.low[end:end + 6] and partner.ref.id != subject.ref.id
                and status_of(s, subject.end, i) is not None):
            out.append(Found("IMPORTS_FROM", subject, partner, s, i, confidence=0.7, time=time_for(s, i),
                             attrs={"commodity": commodity[0]}))
    return out


def deals(s: Sentence, d: Discourse) -> list[Found]:
    """"scrapped a deal to buy 16 Russian helicopters" → CANCELLED_DEAL_WITH; "signed an agreement with"."""
    out: list[Found] = []
    for i, end in find(s.low, 0, len(s.low), _P["CANCEL_VERBS"]):
        deal = next(((a, b) for a, b in find(s.low, end, end + 5, _P["DEAL_NOUNS"])), None)
        if deal is None:
            continue
        _, hi = clause(s, i)
        subject = subject_of(s, i, d)
        if subject is None:
            continue
        window = min(hi, deal[1] + 12)
        partner = next((a for a in s.actors if deal[1] <= a.start < window and a.prep == "with"), None)
        partner = partner or _owner_before(s, deal[0]) or next(
            (a for a in s.actors if deal[1] <= a.start < window and (a.modifier or a.possessive)), None)
        if partner is None or partner.ref.id == subject.ref.id:
            continue
        status = status_of(s, subject.end, i)
        if status is None:
            continue
        attrs: dict[str, Any] = {}
        quantity = _quantity(s, deal[1], window)
        if quantity:
            attrs["quantity"] = quantity[0]
        item = _commodity(s, deal[1], window)
        if item:
            attrs["item"] = item[0]
        out.append(Found("CANCELLED_DEAL_WITH", _state(subject, d) or subject, _state(partner, d) or partner, s, i,
                         status=status, confidence=0.85, time=time_for(s, i), attrs=attrs))
    for i, end in find(s.low, 0, len(s.low), _P["SIGN_VERBS"]):
        if not find(s.low, end, end + 6, _P["AGREEMENT_NOUNS"]):
            continue
        subject = subject_of(s, i, d)
        partner = next((a for a in s.actors if a.start > end and a.prep == "with" and argument(a)), None)
        pair = group_of(s, subject)[1:] if subject else []
        if subject and partner is None and pair:
            partner = pair[0]
        if subject and partner and partner.ref.id != subject.ref.id:
            status = status_of(s, subject.end, i)
            if status is not None:
                out.append(Found("SIGNED_AGREEMENT_WITH", subject, partner, s, i, status=status, confidence=0.85,
                                 time=time_for(s, i)))
    for i, end in find(s.low, 0, len(s.low), _P["AGREEMENT_NOUNS"]):
        if s.low[end:end + 1] != ["between"] or not find(s.low, max(0, i - 8), i, _P["SIGN_VERBS"] + _compile(
                ("conclusion", "signing", "announced", "sealed", "finalised", "finalized"))):
            continue
        first = next((a for a in s.actors if a.start in (end + 1, end + 2) and argument(a)), None)
        second = next((a for a in s.actors if first and a.start > first.end and s.low[first.end:a.start] in (
            ["and"], ["and", "the"]) and argument(a)), None)
        if first and second and (status := status_of(s, max(0, i - 8), i)):
            out.append(Found("SIGNED_AGREEMENT_WITH", first, second, s, i, status=status, confidence=0.8,
                             time=time_for(s, i)))
    for i, end in find(s.low, 0, len(s.low), [("negotiat*",), ("mediat*",)]):
        subject = subject_of(s, i, d)
        partner = next((a for a in s.actors if a.start >= end and a.prep == "with" and argument(a)
                        and a.start - end <= 4), None)
        if subject and partner and partner.ref.id != subject.ref.id and (status := status_of(s, subject.end, i)):
            out.append(Found("NEGOTIATED_WITH", subject, partner, s, i, status=status, confidence=0.8,
                             time=time_for(s, i)))
    return out


def hostile(s: Sentence, d: Discourse) -> list[Found]:
    """criticize / detain / invade / expel / threaten."""
    out: list[Found] = []
    verbs: list[tuple[str, str]] = [("CRITICIZED", "CRITICIZE_VERBS"), ("INVADED", "INVADE_VERBS"),
                                    ("EXPELLED", "EXPEL_VERBS"), ("THREATENED", "THREATEN_VERBS")]
    for rel, lexicon in verbs:
        for i, end in find(s.low, 0, len(s.low), _P[lexicon]):
            passive = i > 0 and s.low[i - 1] in ("was", "were", "been", "be", "is", "are", "being")
            if passive:
                agent = next((a for a in s.actors if a.start > end and a.prep == "by" and a.start - end <= 4), None)
                target = subject_of(s, i, d)
                subject = agent
                objs = []
            else:
                subject = subject_of(s, i, d)
                adjacent = next((a for a in s.actors if a.end == i and argument(a) and a.start > 0
                                 and s.low[a.start - 1] in _DECISION_NOUNS), None)
                if adjacent is not None:  # ", a decision the Kremlin condemned": the Kremlin condemned it
                    subject = adjacent
                objs = objects_of(s, end, (None,), stop_at_verb=True, max_gap=4)
                if rel == "EXPELLED":
                    envoys = [a for a in s.actors if a.is_country and end <= a.start <= end + 3 and (
                        a.generic_role or (s.low[a.end:a.end + 1] and s.low[a.end] in _ENVOY_NOUNS) or a.possessive)]
                    objs = envoys[:1] or objs
                if rel == "THREATENED" and s.low[i] in ("warned", "warns"):
                    objs = [a for a in s.actors if a.is_country and end <= a.start <= end + 1 and not a.nationals
                            and not a.pronoun][:1]
                if rel == "THREATENED" and not objs and s.low[end:end + 1] == ["to"]:
                    # "threatened to strike Iranian nuclear facilities": the state whose things are threatened
                    objs = [a for a in s.actors
                            if end + 1 < a.start <= end + 5 and a.is_country and not a.nationals][:1]
                owned = next((a for a in s.actors if a.possessive and end <= a.start <= end + 1 and argument(a)), None)
                if owned is not None and (not objs or objs[0].start > owned.start):
                    objs = [owned]  # "condemned Russia's invasion": the criticism is of Russia
                if not objs and rel == "CRITICIZED" and s.low[end:end + 2] in (["the", "visit"], ["the", "trip"]):
                    visit = next((f for f in reversed(d.events) if f.relation == "VISITED"), None)
                    objs = [visit.subject] if visit is not None else []
                elif not objs and rel == "CRITICIZED" and s.low[end:end + 1] == ["the"] and \
                        s.low[end + 1:end + 2] and s.low[end + 1] in _EVENT_NOUNS and subject is not None:
                    # "… fired a missile, and Seoul condemned the launch": the doer named earlier in the sentence,
                    # else the state the previous sentence was about ("China launched drills. … condemned the
                    # exercises")
                    doers = [a for a in s.actors if a.end <= subject.start and _subject_like(a)
                             and a.ref.id != subject.ref.id and a.ref.label == subject.ref.label]
                    if (not doers and d.last_state is not None and d.last_state.ref.id != subject.ref.id
                            and s.low[end + 1] in _PHYSICAL_EVENTS):
                        doers = [d.last_state]
                    objs = doers[:1]
                elif not objs and rel == "CRITICIZED" and s.low[end:end + 1] == ["the"] and \
                        s.low[end + 1:end + 2] and s.low[end + 1] in ("tariffs", "sanctions", "duties"):
                    imposed = next((f for f in reversed(d.events) if f.relation == "SANCTIONED"), None)
                    objs = [imposed.subject] if imposed is not None else []
                elif not objs and rel == "CRITICIZED" and subject is not None and \
                        s.low[max(0, subject.start - 1)] in _DECISION_NOUNS:
                    # ", a decision the Kremlin condemned": what the sentence's subject did
                    doers = [a for a in s.actors if a.end <= subject.start and _subject_like(a)
                             and a.ref.id != subject.ref.id]
                    objs = doers[:1]
                if rel == "EXPELLED" and not objs:
                    objs = [a for a in s.actors if a.modifier and end <= a.start <= end + 4][:1]
                target = objs[0] if objs else None
            targets = objs if not passive else ([target] if target is not None else [])
            if subject is None or target is None or subject.ref.id == target.ref.id:
                continue
            if s.low[i] in ("accused", "accuses", "accuse") and i > 0 and s.low[i - 1] in ("be", "been", "being"):
                continue
            if rel == "THREATENED" and s.low[i] in ("warned", "warns") and not (
                    target.is_country and target.start <= end + 1):
                continue  # "warned of consequences", "warned Chinese banks against helping Russia …"
            if rel == "THREATENED" and s.low[end:end + 1] == ["to"] and target.start > end + 6:
                continue  # "threatened to …": the threat's content decides (a sanction rule may take it)
            status = status_of(s, subject.end if subject.end <= i else max(0, i - 3), i)
            if status is None:
                continue
            doers = group_of(s, subject) if not passive else [subject]  # "The US and the EU have accused China"
            for doer in doers:
                for each in targets:  # "expelled diplomats from … countries, including Argentina and Chile"
                    if doer.ref.id != each.ref.id:
                        out.append(Found(rel, doer, each, s, i, status=status, confidence=0.85, time=time_for(s, i)))
    # "Japan lodged a strong protest with China", "Seoul protested to Tokyo"
    for i, end in find(s.low, 0, len(s.low), _union("PROTEST_NOUNS", "PROTEST_VERBS")):
        target = next((a for a in s.actors if end <= a.start <= end + 2 and a.prep in ("with", "to", "against", "over")
                       and argument(a)), None)
        if s.low[i] in lx.PROTEST_NOUNS and not find(s.low, max(0, i - 4), i, _compile(
                ("lodge*", "file*", "made", "make*", "issue*", "deliver*", "register*", "sent", "send*"))):
            continue
        subject = subject_of(s, i, d)
        if subject is None or target is None or subject.ref.id == target.ref.id:
            continue
        if (status := status_of(s, subject.end if subject.end <= i else i, i)) is not None:
            out.append(Found("CRITICIZED", _state(subject, d) or subject, target, s, i, status=status,
                             confidence=0.8, time=time_for(s, i)))
    # "its … invasion of Ukraine", "Russia's invasion of Ukraine", "the Russian invasion of Ukraine"
    for i, end in find(s.low, 0, len(s.low), _P["INVASION_NOUNS"]):
        owner = _owner_before(s, i)
        target = next((a for a in s.actors if a.start > end and a.prep == "of" and a.start - end <= 2), None)
        if owner and target and owner.ref.id != target.ref.id:
            out.append(Found("INVADED", _state(owner, d) or owner, target, s, i, confidence=0.85))
    # "arrested Americans Paul Whelan and Brittney Griner", "Russia detained X", "X was detained in Russia"
    for i, end in find(s.low, 0, len(s.low), _P["DETAIN_WORDS"]):
        lo, _ = clause(s, i)
        people = [a for a in s.actors if a.start >= end and a.is_person and a.start - end <= 2]
        passive_held = i > 0 and s.low[i - 1] in ("was", "were", "be", "been")
        held_talks = any(w in ("talks", "with", "a", "an", "meeting", "meetings") for w in s.low[end:end + 3])
        if s.low[i] in ("held", "holding") and (not people or passive_held or held_talks):
            continue  # "held talks", "was held in Paris"
        here = _inside(parentheticals(s), i)
        if not people and here is not None and here[2] is not None and here[2].is_person:
            people = group_of(s, here[2])  # "Paul Whelan, a former Marine jailed in Russia"
        if people:
            people = list({p.ref.id: p for p in group_of(s, people[0])}.values())
        passive = i > 0 and s.low[i - 1] in ("was", "were", "been", "be", "is", "are", "being")
        agent = next((a for a in s.actors if a.start > end and a.prep in ("by", "in") and argument(a)
                      and not a.is_person), None)
        if passive:
            detainee = subject_of(s, i, d)
            people = [detainee] if detainee and detainee.is_person else []
        elif not agent:
            subject = subject_of(s, i, d)
            if (subject is not None and not subject.is_person and s.low[i] not in ("arrested", "detained", "jailed",
                                                                                   "imprisoned")) or (
                    subject is not None and s.low[i].endswith("ed") and subject.end < i - 1 and not people):
                agent = subject
        if agent is None and people:
            nationality = {p.ref.country for p in people}
            states = [a for a in s.actors if a.is_country and argument(a) and a.start < i
                      and a.ref.id not in nationality]
            agent = states[-1] if states else None
        if agent is None:
            continue
        for person in people:
            if status_of(s, max(lo, i - 3), i) is None:
                continue
            detainer = _state(agent, d) if agent.is_person else agent
            if detainer is not None:
                out.append(Found("DETAINED", detainer, person, s, i, confidence=0.75, time=time_for(s, i)))
    return out


def attendance(s: Sentence, d: Discourse) -> list[Found]:
    """"Lavrov chose to leave a recent meeting of G20 foreign ministers", "at the G-20 meeting"."""
    out: list[Found] = []
    meeting = set(lx.MEETING_NOUNS)
    for org in [a for a in s.actors if a.is_org]:
        after = s.low[org.end] if org.end < len(s.low) else ""
        before = " ".join(s.low[max(0, org.start - 6):org.start])
        name_is_meeting = any(w in org.ref.name.lower().split() for w in ("forum", "summit", "assembly")) or (
            org.pronoun and org.text.lower().endswith("summit"))  # "attended the summit" (of the G7)
        meeting_of = r"\b(" + "|".join(meeting) + r")( with)?( the)?( \w+)? of( the)?$"  # "a summit with leaders of"
        if not (after in meeting or re.search(meeting_of, before)
                or name_is_meeting):
            continue
        subject = subject_of(s, org.start, d)
        if subject is None:
            continue
        lo, _ = clause(s, org.start)
        between = s.low[max(lo, subject.end):org.start]
        if find(between, 0, len(between), _P["ATTEND_BLOCKERS"]):
            continue
        if not find(between, 0, len(between), _P["ATTEND_CUES"]):
            continue
        status = status_of(s, max(lo, subject.end), org.start)
        if status is None:
            continue
        for attendee in group_of(s, subject):  # "Ruto and Ramaphosa … attended the AU summit"
            out.append(Found("ATTENDED", attendee, org, s, org.start, status=status, confidence=0.8,
                             time=time_for(s, org.start)))
    return out


RULES: tuple[Callable[[Sentence, Discourse], list[Found]], ...] = (
    offices, interactions, captions, memberships, admissions, alignments, aid, sanctions, trade, deals, hostile,
    attendance)


def find_relations(s: Sentence, d: Discourse) -> list[Found]:
    found: list[Found] = []
    for rule in RULES:
        found += rule(s, d)
    return [f for f in found if _valid(f)]


def _valid(f: Found) -> bool:
    rel = relation(f.relation)
    return (f.subject.ref.label in rel.subjects and f.object.ref.label in rel.objects
            and f.subject.ref.id != f.object.ref.id)


def anaphoric_event_noun(s: Sentence) -> tuple[str, int, str] | None:
    """"The call is not planned, but is expected": a definite event noun without participants of its own
    refers back to the last interaction (returns relation, token, status)."""
    for i, word in enumerate(s.low):
        if word in ("call", "meeting", "visit", "talks", "summit", "trip") and i > 0 and s.low[i - 1] in (
                "the", "a", "this", "that", "such", "phone", "planned", "proposed", "possible"):
            lo, hi = clause(s, i)
            own = [a for a in s.actors if lo <= a.start < hi and a.prep in ("with", "between") and argument(a)]
            if own:
                continue
            rel = {"call": "CALLED", "visit": "VISITED", "trip": "VISITED"}.get(word, "MET")
            status = status_of(s, lo, hi) or "planned"
            if s.low[i - 1] in ("planned", "proposed", "possible", "a"):
                status = "planned"
            return rel, i, status
    return None


def role_of(a: Actor) -> str | None:
    if a.generic_role and a.role:
        return a.role.lower()
    if a.role and role_kind(a.role):
        return a.role
    return None

