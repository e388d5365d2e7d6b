"""Actors of a parsed text: gazetteer names (the reference data's phrase matchers run over CoreNLP's tokens),
NER PERSON / ORGANIZATION names the reference data does not know (resolved through kg/resolve/resolver.py, so a known
name is never duplicated), titles with their state, and the discourse memory coreference uses.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from functools import cache

from spacy.tokens import Doc

from kg.extract.engine import lexicon
from kg.extract.parse import Parse, ParsedSentence, Token
from kg.extract.text import Vocabulary
from kg.models import ActorRef
from kg.ontology import NodeLabel
from kg.resolve import UnresolvedName

__all__ = ["Discourse", "Mention", "find_mentions"]

_NER_LABELS = {"PERSON": NodeLabel.PERSON, "ORGANIZATION": NodeLabel.ORGANIZATION}


@dataclass
class Mention:
    sentence: int
    start: int  # 1-based token indices, end exclusive
    end: int
    kind: str  # country | person | org | title | unknown person/org names are person | org too
    key: str
    text: str
    alias_kind: str = ""
    ref: ActorRef | None = None
    known: bool = True  # False: a name the reference data does not have (reported as unknown)


@dataclass
class Discourse:
    """What a reader remembers: the people, states and organizations named so far, in order."""

    day: dt.date
    people: list[ActorRef] = field(default_factory=list)
    states: list[ActorRef] = field(default_factory=list)
    orgs: list[ActorRef] = field(default_factory=list)
    surnames: dict[str, ActorRef] = field(default_factory=dict)
    unknown: list[str] = field(default_factory=list)
    last_pair: dict[str, tuple[ActorRef, ActorRef]] = field(default_factory=dict)  # per relation, its last pair
    doers: list[tuple[str, ActorRef]] = field(default_factory=list)  # (relation, subject) of each event so far
    person_states: dict[str, ActorRef] = field(default_factory=dict)  # whose office the story gave
    last_symmetric: tuple[ActorRef, ActorRef] | None = None  # the story's last meeting, call or talks
    dateline_state: ActorRef | None = None  # "YEREVAN:" → Armenia: whose officials a bare title names
    speaker: tuple[int, ActorRef] | None = None  # the one speaker of a quoting sentence: (its index, who)
    titled: dict[str, ActorRef] = field(default_factory=dict)  # "president" → the first person the story titled so

    def remember(self, ref: ActorRef) -> None:
        memory = {NodeLabel.PERSON: self.people, NodeLabel.COUNTRY: self.states}.get(ref.label, self.orgs)
        if ref in memory:
            memory.remove(ref)
        memory.append(ref)
        if ref.label == NodeLabel.PERSON:
            self.learn_name(ref)

    def learn_name(self, ref: ActorRef) -> None:
        """"Sandu", "Yoon": a part of a full name already given stands for that person afterwards."""
        parts = ref.name.split()
        for part in {parts[0], parts[-1]} if len(parts) > 1 else set():
            self.surnames.setdefault(part.lower(), ref)


def _spacy_doc(vocab: Vocabulary, parse: Parse) -> tuple[Doc, list[tuple[int, int]]]:
    """The whole text as one spaCy Doc over CoreNLP's tokens, and each Doc token's (sentence, token)."""
    words: list[str] = []
    spaces: list[bool] = []
    where: list[tuple[int, int]] = []
    flat = [(s.index, t) for s in parse.sentences for t in s.tokens]
    for n, (si, t) in enumerate(flat):
        words.append(t.word)
        spaces.append(n + 1 < len(flat) and flat[n + 1][1].begin > t.end)
        where.append((si, t.i))
    return Doc(vocab.nlp.vocab, words=words, spaces=spaces), where


def _ref(vocab: Vocabulary, kind: str, key: str) -> ActorRef | None:
    resolver = vocab.resolver
    if kind == "country":
        return resolver.country(key).ref
    if kind == "person":
        return resolver.person_ref(key)
    if kind == "org":
        return resolver.org_ref(key)
    return None


def _gazetteer(vocab: Vocabulary, parse: Parse) -> list[Mention]:
    doc, where = _spacy_doc(vocab, parse)
    out = []
    for raw in vocab.mentions(doc):
        if raw.kind == "name":
            continue  # unknown names come from NER instead
        si, ti = where[raw.start]
        if where[raw.end - 1][0] != si:
            continue
        out.append(Mention(si, ti, ti + raw.end - raw.start, raw.kind, raw.key, doc[raw.start:raw.end].text,
                           raw.alias_kind, _ref(vocab, raw.kind, raw.key)))
    return out


def _ner_spans(s: ParsedSentence) -> list[tuple[int, int, str]]:
    spans: list[tuple[int, int, str]] = []
    for t in s.tokens:
        if t.ner not in _NER_LABELS:
            continue
        if spans and spans[-1][1] == t.i and spans[-1][2] == t.ner:
            spans[-1] = (spans[-1][0], t.i + 1, t.ner)
        else:
            spans.append((t.i, t.i + 1, t.ner))
    named = _named_bodies(s)
    return sorted([sp for sp in spans if not any(a < sp[1] and sp[0] < b for a, b, _ in named)] + named)


def _named_bodies(s: ParsedSentence) -> list[tuple[int, int, str]]:
    """"the Pacific Islands Forum", "the Wagner Group": a proper-noun chain ending in a word that names a body is
    an organization, whatever NER made of it (it often calls one a LOCATION)."""
    heads = {w.lower() for w in lexicon().get("org_heads", [])}
    proper = [(t.pos.startswith("NNP") or (t.pos == "JJ" and t.ner != "O")) and t.word[:1].isupper()
              for t in s.tokens] + [False]
    out: list[tuple[int, int, str]] = []
    start = 0
    for n, is_proper in enumerate(proper):  # n is 0-based: token n + 1
        if is_proper:
            start = start or n + 1
            continue
        if start and n + 1 - start > 1 and s.token(n).word.lower() in heads:
            out.append((start, n + 1, "ORGANIZATION"))
        start = 0
    return out


@cache
def _honorifics() -> frozenset[str]:
    return frozenset(lexicon().get("honorifics", []))


@cache
def _role_nouns() -> frozenset[str]:
    return frozenset(lexicon().get("role_nouns", []))


_AFFILIATING = ("amod", "compound", "nmod:poss", "appos", "nmod:of", "nmod:from")


def _affiliation(s: ParsedSentence, start: int, end: int, states: dict[int, str]) -> str | None:
    """"Iranian security chief Ali Shamkhani", "Ali Shamkhani, Iran's security chief": the state that a
    modifier of the name, or of its title or apposition, names."""
    frontier = list(range(start, end))
    for i in frontier:  # "Americans Paul Whelan and Brittney Griner", "the American, Paul Whelan"
        for rel, g in s.parents[i]:
            if rel in ("appos", "dep") and g in states and not start <= g < end:
                return states[g]
    for _ in range(3):
        nxt = []
        for i in frontier:
            for rel, j in s.children[i]:
                if rel not in _AFFILIATING or start <= j < end:
                    continue
                if j in states:
                    return states[j]
                nxt.append(j)
        frontier = nxt
    return None


def _state_body(s: ParsedSentence, start: int, end: int, ner: str) -> bool:
    """"the Foreign Ministry", "the Defence Ministry": a body of a state stands for the state that qualifies it
    (docs/labelling.md), never for an organization of its own."""
    bodies = lexicon().get("state_bodies", [])
    return ner == "ORGANIZATION" and s.token(end - 1).lemma.lower() in bodies


def _proper(t: Token) -> bool:
    """A word that can be part of a person's name: a capitalized proper noun NER did not give to another class, and
    not an honorific or an office ("Mr", "Prince", "President" stand before a name, they are not in it)."""
    return (t.pos == "NNP" and t.word[:1].isupper() and t.ner in ("O", "MISC", "PERSON")
            and t.word not in _honorifics() and t.word.lower() not in _role_nouns())


def _person_chains(s: ParsedSentence, spans: list[tuple[int, int, str]], taken: set[int], title_ends: set[int]
                   ) -> list[tuple[int, int, str]]:
    """NER misses unfamiliar names wholly or in part ("former Nigerian President Goodluck Jonathan" → "Jonathan";
    "Prime Minister Manasseh Sogavare" → nothing): a person's name takes in the proper nouns beside it, and a
    proper-noun chain right after an office title is a person's name."""
    covered = taken | {i for a, b, _ in spans for i in range(a, b)}
    last = len(s.tokens)
    out = []
    for a, b, ner in spans:
        while ner == "PERSON" and a > 1 and a - 1 not in covered and _proper(s.token(a - 1)):
            a -= 1
        while ner == "PERSON" and b <= last and b not in covered and _proper(s.token(b)):
            b += 1
        out.append((a, b, ner))
    for start in sorted(title_ends):
        while start <= last and s.token(start).word in _honorifics():  # "Foreign Minister Mr Sergei Lavrov"
            start += 1
        end = start
        while end <= last and end not in covered and _proper(s.token(end)) and end - start < 4:
            end += 1
        if end > start:
            out.append((start, end, "PERSON"))
    return sorted(set(out))


def _span_text(s: ParsedSentence, start: int, end: int) -> str:
    """The words as the text spaces them: "Choi Young-jin", not "Choi Young - jin"."""
    tokens = [s.token(i) for i in range(start, end)]
    return "".join(("" if i == 0 or t.begin == tokens[i - 1].end else " ") + t.word for i, t in enumerate(tokens))


def _unknown(vocab: Vocabulary, s: ParsedSentence, spans: list[tuple[int, int, str]], discourse: Discourse,
             states: dict[int, str]) -> list[Mention]:
    """Names (NER's, widened by `_person_chains`) no gazetteer phrase covers: a surname of someone already named,
    else a new actor."""
    out = []
    for start, end, ner in spans:
        if _state_body(s, start, end, ner):
            continue
        while end - start > 2 and ner == "PERSON" and s.token(start).word in _honorifics():
            start += 1  # "Daw Aung San Suu Kyi", "Sheikh Tamim bin Hamad": the name without its honorific
        text = _span_text(s, start, end)
        known = discourse.surnames.get(text.lower())
        if known is None:
            try:
                country = _affiliation(s, start, end, states) if ner == "PERSON" else None
                known = vocab.resolver.resolve(text, _NER_LABELS[ner], country=country).ref
            except UnresolvedName:
                continue
        reference = vocab.resolver.reference
        is_new = known.id not in reference.people and known.id not in reference.organizations
        kind = "person" if known.label == NodeLabel.PERSON else "org"
        out.append(Mention(s.index, start, end, kind, known.id, text, ref=known, known=not is_new))
    return out


def _known_surnames(s: ParsedSentence, taken: set[int], discourse: Discourse) -> list[Mention]:
    """"Aliyev and Pashinyan are expected to meet": a name already given in full stands for its person also
    where NER missed the surname (a proper noun no other name covers)."""
    out = []
    for t in s.tokens:
        ref = discourse.surnames.get(t.word.lower())
        if t.i not in taken and t.pos == "NNP" and ref is not None and len(t.word) > 2:
            out.append(Mention(s.index, t.i, t.i + 1, "person", ref.id, t.word, ref=ref))
    return out


def _dateline_end(s: ParsedSentence) -> int:
    """"SEOUL, June 20 (Reuters) -", "MANILA:", "DUBAI/BEIJING, March 10 -": the place a story was filed from is not
    an actor."""
    first = s.tokens[0]
    marks = (",", ":", "-", "—", "/")
    if len(s.tokens) > 1 and first.word.isupper() and len(first.word) > 2 and s.tokens[1].word in marks:
        dash = next((t.i for t in s.tokens[:12] if t.word in ("-", "—", "--", ":")), 1)
        return dash + 1
    return 1


def _yield_to_bodies(s: ParsedSentence, mentions: list[Mention]) -> list[Mention]:
    """"the European Political Community", "the African Development Bank": a state's name or demonym inside a
    body's name is part of that name (a state body, "the Russian Foreign Ministry", stays its state's)."""
    heads = {w.lower() for w in lexicon().get("org_heads", [])}
    bodies = [(a, b) for a, b, ner in _ner_spans(s)
              if ner == "ORGANIZATION" and b - a > 1 and s.token(b - 1).word.lower() in heads]
    return [m for m in mentions if m.kind != "country" or not any(
        a <= m.start and m.end <= b and (m.start, m.end) != (a, b) for a, b in bodies)]


def find_mentions(vocab: Vocabulary, parse: Parse, discourse: Discourse) -> dict[int, list[Mention]]:
    """Every sentence's mentions, gazetteer names first, in text order."""
    by_sentence: dict[int, list[Mention]] = {s.index: [] for s in parse.sentences}
    datelines = {s.index: _dateline_end(s) for s in parse.sentences}
    for m in _gazetteer(vocab, parse):
        if m.start >= datelines[m.sentence]:
            by_sentence[m.sentence].append(m)
        elif m.kind == "country" and discourse.dateline_state is None:
            discourse.dateline_state = m.ref
    for s in parse.sentences:
        by_sentence[s.index] = _yield_to_bodies(s, by_sentence[s.index])
        taken = {i for m in by_sentence[s.index] for i in range(m.start, m.end)}
        for m in by_sentence[s.index]:
            if m.ref is not None and m.ref.label == NodeLabel.PERSON:
                discourse.learn_name(m.ref)
        states = {i: m.key for m in by_sentence[s.index] if m.kind == "country" for i in range(m.start, m.end)}
        title_ends = {m.end for m in by_sentence[s.index] if m.kind == "title"}
        spans = [(a, b, ner) for a, b, ner in _person_chains(s, _ner_spans(s), taken, title_ends)
                 if not any(i in taken for i in range(a, b))]
        extra = _unknown(vocab, s, spans, discourse, states)
        taken |= {i for m in extra for i in range(m.start, m.end)}
        extra += _known_surnames(s, taken, discourse)
        for m in extra:
            if m.ref is not None and m.ref.label == NodeLabel.PERSON and len(m.text.split()) > 1:
                discourse.learn_name(m.ref)
        by_sentence[s.index] = sorted(by_sentence[s.index] + extra, key=lambda m: m.start)
    return by_sentence
