"""Parse → events: mentions, pattern matches, argument actors (with coreference), status and date, one row
per event. Everything relation-specific is in the pattern files; this module only reads the parse.
"""

from __future__ import annotations

import datetime as dt
import itertools
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from kg.extract.engine import Match, Pattern, lexicon, load_patterns, match_sentence
from kg.extract.mentions import Discourse, Mention, find_mentions
from kg.extract.parse import Parse, ParsedSentence, Token
from kg.extract.status import NOT_AN_EVENT, clause_chain, event_status
from kg.extract.text import Vocabulary
from kg.models import ActorRef
from kg.ontology import RELATIONS, NodeLabel
from kg.reference import ROLE_KINDS
from kg.resolve import UnresolvedName

__all__ = ["Arg", "Event", "extract_parse"]

_DESCRIBING = ("amod", "nmod:poss", "compound", "nmod:of", "nmod:from", "nmod:for")
_NAMING = ("appos", "compound", "flat", "dep")
_PERSON_PRONOUNS = {"he", "she", "him", "her", "his", "hers", "himself", "herself"}
_THING_PRONOUNS = {"it", "its", "itself"}
_RELATIVE_PRONOUNS = {"whose", "who", "which"}
_PLURAL_PRONOUNS = {"they", "them", "their", "themselves"}
_FIRST_PERSON = {"i", "me", "my", "we", "us", "our"}
_SPEAKERS = {NodeLabel.PERSON, NodeLabel.COUNTRY, NodeLabel.ORGANIZATION}
_WEEKDAYS = {"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"}
_DATE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")  # a day, a month or a year: as precise as the text


@dataclass
class Arg:
    ref: ActorRef
    text: str
    role: str | None = None
    confidence: float = 1.0
    city: bool = False  # a city that is not a capital: a place, an actor only where a pattern allows places


@dataclass
class Event:
    relation: str
    subject: Arg
    object: Arg
    status: str
    date: str | None
    sentence: ParsedSentence
    confidence: float
    attrs: dict[str, Any] = field(default_factory=dict)

    def pair(self) -> tuple[str, str]:
        ids = (self.subject.ref.id, self.object.ref.id)
        return tuple(sorted(ids)) if RELATIONS[self.relation].symmetric else ids  # type: ignore[return-value]


@dataclass
class _Context:
    vocab: Vocabulary
    discourse: Discourse
    sentence: ParsedSentence
    at: dict[int, Mention]
    found: list[Event] = field(default_factory=list)  # the sentence's events so far, in token order


def role_kind(role_text: str) -> str | None:
    """The reference data's kind of office a title names (head of state, of government, foreign minister)."""
    lowered = role_text.lower()
    for kind, words in ROLE_KINDS.items():
        if any(lowered == w or lowered.endswith(" " + w) or lowered.startswith(w + " ") for w in words):
            return kind
    return None


def _words(name: str) -> frozenset[str]:
    return frozenset(lexicon().get(name, []))


def _title_text(ctx: _Context, i: int) -> str | None:
    m = ctx.at.get(i)
    if m is not None and m.kind == "title":
        return m.text
    lemma = ctx.sentence.token(i).lemma.lower()
    return lemma if lemma in _words("role_nouns") else None


def _role_holder(ctx: _Context, state: Arg, title: str) -> Arg:
    """"the Russian president" → who held the office that day; else the state itself, with the role."""
    try:
        found = ctx.vocab.resolver.resolve_phrase(f"{state.ref.name} {title}", ctx.discourse.day)
    except UnresolvedName:
        return Arg(state.ref, state.text, role=title, confidence=0.9)
    named = ctx.discourse.people + [m.ref for m in ctx.at.values() if m.ref is not None]
    if found.ref.label != NodeLabel.PERSON or found.ref not in named:
        # an office-holder the story has not named stands for the state (docs/labelling.md)
        return Arg(state.ref, state.text, role=title, confidence=0.9)
    return Arg(found.ref, f"{state.text} {title}", role=title)


def _children(ctx: _Context, i: int, rels: tuple[str, ...]) -> list[int]:
    return [j for rel, j in ctx.sentence.children[i] if rel in rels or rel.split(":")[0] in rels]


def _named(ctx: _Context, i: int, depth: int) -> list[Arg]:
    """A noun whose apposition or compound names the actor ("the president, Joe Biden"); also a name the parser
    made a conjunct right after the title's phrase and a comma ("with the President of the French Republic,
    Emmanuel Macron, and …")."""
    after = _phrase_end(ctx.sentence, i, 0) + 2
    for rel, j in ctx.sentence.children[i]:
        m = ctx.at.get(j)
        if m is None or m.ref is None or m.ref.label != NodeLabel.PERSON:
            continue
        if rel.split(":")[0] in _NAMING or (
                rel.startswith("conj") and m.start == after and ctx.sentence.token(after - 1).word == ","):
            return [Arg(m.ref, m.text)]
    return []


def _phrase_end(s: ParsedSentence, i: int, depth: int) -> int:
    """The last token of a noun's own phrase (its modifiers, not its conjuncts or appositions)."""
    ends = [_phrase_end(s, j, depth + 1) for rel, j in s.children[i]
            if depth < 4 and j > i and rel.split(":")[0] not in ("conj", "appos", "punct", "cc", "acl", "dep")]
    return max([i, *ends])


def _group(ctx: _Context, i: int, depth: int) -> list[Arg]:
    """"leaders from A, B and C", "countries such as A and B": the members, each."""
    if ctx.sentence.token(i).lemma.lower() not in _words("group_nouns"):
        return []
    members = [a for rel, j in ctx.sentence.children[i] if rel in _words("group_links")
               for a in actors_at(ctx, j, depth + 1)]
    return members


def _plural(ctx: _Context, i: int) -> list[Arg]:
    """"the two", "both sides", "the leaders": the last two people (or states) of the story."""
    t = ctx.sentence.token(i)
    if t.lemma.lower() not in _words("plural_anaphors"):
        return []
    marks = {ctx.sentence.token(j).lemma.lower() for _, j in ctx.sentence.children[i]}
    if not t.pos.endswith("S") and t.pos != "CD" and not marks & {"both", "two"}:
        return []  # "the President" is one person, not the last two
    if not marks & {"the", "both", "two"} and t.lemma.lower() not in {"both", "two"}:
        return []
    label = NodeLabel.COUNTRY if t.lemma.lower() in _words("plural_state_anaphors") else NodeLabel.PERSON
    n = _count(ctx.sentence, i)
    if n == 2 and not any(m.start < i and m.ref is not None and m.ref.label == label for m in ctx.at.values()):
        paired = _last_pair_as(ctx, label)  # "Both countries are allies of the US": the two that last met
        if paired:
            return [Arg(r, t.word, confidence=0.8) for r in paired]
    memory = list(ctx.discourse.states if label == NodeLabel.COUNTRY else ctx.discourse.people)
    for m in sorted(ctx.at.values(), key=lambda m: m.start):
        if m.start < i and m.ref is not None and m.ref.label == label and m.ref not in memory[-1:] and not (
                _in_noun_phrase(ctx.sentence, m)):
            memory = [r for r in memory if r.id != m.ref.id] + [m.ref]
    if n > 2:  # "the three countries": only when the sentence itself named that many (memory would guess)
        here = list(dict.fromkeys(m.ref for m in sorted(ctx.at.values(), key=lambda m: m.start)
                                  if m.start < i and m.ref is not None and m.ref.label == label))
        return [Arg(r, t.word, confidence=0.8) for r in here[-n:]] if len(here) >= n else []
    return [Arg(r, t.word, confidence=0.8) for r in memory[-n:]] if len(memory) >= n else []


def _in_noun_phrase(s: ParsedSentence, m: Mention) -> bool:
    """A name inside another noun's phrase ("the murder of journalist Jamal Khashoggi"), not a clause's participant:
    "when the two met" means the participants, not the last two names."""
    head = _span_head(s, m.start, m.end)
    return bool(s.parents[head]) and all(rel.startswith("nmod") for rel, _ in s.parents[head])


_NUMBERS = {"two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10}


def _count(s: ParsedSentence, i: int) -> int:
    """"the three countries", "the six powers": how many a plural anaphor names (two unless a number says)."""
    for rel, j in s.children[i]:
        word = s.token(j).lemma.lower()
        if rel == "nummod" and (word in _NUMBERS or word.isdigit()):
            return _NUMBERS.get(word) or int(word)
    return 2


def _last_pair_as(ctx: _Context, label: NodeLabel) -> list[ActorRef]:
    """The two sides of the story's last meeting, call or talks, as people or as their states."""
    pair = ctx.discourse.last_symmetric
    if pair is None:
        return []
    if label == NodeLabel.COUNTRY:
        states = [s.ref for r in pair if (s := _state_of(ctx, Arg(r, ""))) is not None]
        return states if len(states) == 2 and states[0].id != states[1].id else []
    return list(pair) if all(r.label == label for r in pair) else []


def _state_of(ctx: _Context, arg: Arg) -> Arg | None:
    """The state a person acts for: the reference office held that day, else the nationality on record."""
    if arg.ref.label != NodeLabel.PERSON:
        return arg
    states = _office_state(ctx, arg, "")
    if states:
        return states[0]
    if arg.ref.id in ctx.discourse.person_states:  # "Prime Minister Nikol Pashinyan" earlier in the story
        return Arg(ctx.discourse.person_states[arg.ref.id], arg.text)
    titled = [e.object for e in ctx.found if e.attrs.get("role") and e.subject.ref.id == arg.ref.id
              and e.object.ref.label == NodeLabel.COUNTRY]  # "Nigeria's President Bola Tinubu, who chairs …"
    if titled:
        return Arg(titled[0].ref, arg.text)
    return Arg(ctx.vocab.resolver.country(arg.ref.country).ref, arg.text) if arg.ref.country else None


def _definite_org(ctx: _Context, i: int) -> list[Arg]:
    """"the alliance", "the bloc": the organization last named (earlier in the sentence, else before)."""
    t = ctx.sentence.token(i)
    if t.lemma.lower() not in _words("org_anaphors"):
        return []
    if not any(rel == "det" and ctx.sentence.token(j).lemma.lower() == "the" for rel, j in ctx.sentence.children[i]):
        return []
    before = [m for m in ctx.at.values() if m.start < i and m.ref is not None and m.ref.label == NodeLabel.ORGANIZATION]
    if before:
        last = max(before, key=lambda m: m.start)
        return [Arg(last.ref, t.word, confidence=0.9)]  # type: ignore[arg-type]
    return [Arg(ctx.discourse.orgs[-1], t.word, confidence=0.8)] if ctx.discourse.orgs else []


def _described(ctx: _Context, i: int, depth: int) -> list[Arg]:
    """A common noun described by a state: a title ("Russia's foreign minister"), a state body ("Chinese
    officials", "his country")."""
    title = _title_text(ctx, i)
    lemma = ctx.sentence.token(i).lemma.lower()
    if title is None and lemma not in _words("state_bodies"):
        return []
    found: list[Arg] = []
    for j in _children(ctx, i, _DESCRIBING):
        for owner in actors_at(ctx, j, depth + 1):
            arg = _describer(ctx, owner, title)
            if arg is not None and all(arg.ref.id != a.ref.id for a in found):
                found.append(arg)
        if found and not ctx.sentence.token(i).pos.endswith("S"):
            return found[:1]  # "the Chinese foreign minister": one; "the Chinese and Indian ministers": each
    return found


def _describer(ctx: _Context, owner: Arg, title: str | None) -> Arg | None:
    """What a describing actor makes of a title or body: the office-holder, the state, the person's state."""
    if owner.ref.label == NodeLabel.PERSON:
        return _state_of(ctx, owner) if title is None else None
    if title and owner.ref.label == NodeLabel.COUNTRY:
        return _role_holder(ctx, owner, title)
    return owner


def _clause_subject(ctx: _Context, i: int, labels: set[NodeLabel]) -> Arg | None:
    """"India … despite its membership": a possessive pronoun's antecedent is its clause's subject."""
    for here in _heads_above(ctx, i):
        # an earlier subject first; else a later one ("During his visit to Beijing, Scholz met Xi")
        for rel, j in sorted(ctx.sentence.children[here], key=lambda e: e[1] > i):
            found = _subject_actor(ctx, j, labels) if rel.startswith("nsubj") and j != i else None
            if found is not None:
                return found
    return None


def _heads_above(ctx: _Context, i: int) -> Iterator[int]:
    """The heads above a token, nearest first (the first governor at each step; cycles cut)."""
    here, seen = i, {i}
    while ups := [g for _, g in ctx.sentence.parents[here] if g and g not in seen]:
        here = ups[0]
        seen.add(here)
        yield here


def _subject_actor(ctx: _Context, j: int, labels: set[NodeLabel]) -> Arg | None:
    """A clause subject a pronoun can stand for: a name, or a bare title the story gave someone ("the President
    travelled to Burma from Bangkok, where he held talks")."""
    m = ctx.at.get(j)
    if m is not None and m.ref is not None:
        return Arg(m.ref, m.text) if m.ref.label in labels else None
    titled = _bare_title(ctx, j)
    return titled[0] if titled and titled[0].ref.label in labels else None


def _main_subject(ctx: _Context, i: int) -> Arg | None:
    """The subject of the outermost clause above a token (a person or a state), skipping small clauses."""
    found = None
    for here in _heads_above(ctx, i):
        for rel, j in ctx.sentence.children[here]:
            m = ctx.at.get(j)
            if rel == "nsubj" and m is not None and m.ref is not None and m.ref.label in (NodeLabel.PERSON,
                                                                                        NodeLabel.COUNTRY):
                found = Arg(m.ref, m.text)
    return found


def _relative(ctx: _Context, i: int, depth: int) -> list[Arg]:
    """"whose country receives …", where the parser left the relative pronoun unlinked: the noun the clause
    hangs from (or the name that noun is in apposition to: "el-Sisi, a US partner, whose country …")."""
    here = i
    for _ in range(3):
        ups = [(rel, g) for rel, g in ctx.sentence.parents[here] if g]
        if not ups:
            return []
        rel, g = ups[0]
        if rel.startswith("acl") or rel in ("dep", "parataxis"):
            return _antecedent(ctx, g, depth)
        here = g
    return []


def _antecedent(ctx: _Context, g: int, depth: int) -> list[Arg]:
    """The noun a relative clause hangs from, the name it is in apposition to, or the subject it describes
    ("Ruto and Ramaphosa were among the leaders who attended": both)."""
    for h in [g] + [h for r, h in ctx.sentence.parents[g] if r == "appos"]:
        found = actors_at(ctx, h, depth + 1)
        if found:
            return found
    return [a for rel, j in ctx.sentence.children[g] if rel == "nsubj" for a in actors_at(ctx, j, depth + 1)]


def _special_pronoun(ctx: _Context, i: int, word: str, depth: int) -> list[Arg] | None:
    """Relative, plural and first-person pronouns, each resolved its own way (None: a third-person singular)."""
    if word in _RELATIVE_PRONOUNS:
        return _relative(ctx, i, depth)
    if word in _PLURAL_PRONOUNS:
        return _they(ctx, i)
    if word in _FIRST_PERSON:
        return _speaker(ctx, i)
    return None


def _pronoun(ctx: _Context, i: int, depth: int = 0) -> list[Arg]:
    word = ctx.sentence.token(i).word.lower()
    special = _special_pronoun(ctx, i, word, depth)
    if special is not None:
        return special
    if word in _PERSON_PRONOUNS:
        labels, memory = {NodeLabel.PERSON}, ctx.discourse.people
    elif word in _THING_PRONOUNS:
        labels, memory = {NodeLabel.COUNTRY, NodeLabel.ORGANIZATION}, ctx.discourse.states
    else:
        return []
    subject = _clause_subject(ctx, i, labels)
    if subject is not None:
        return [Arg(subject.ref, ctx.sentence.token(i).word, confidence=0.9)]
    before = [m for m in ctx.at.values() if m.start < i and m.ref is not None and m.ref.label in labels]
    if before:
        # a subject is more salient than an object: "where Wang held talks with Sogavare …; in Apia he signed" is Wang
        subjects = [m for m in before if any(rel.startswith("nsubj") for rel, _ in
                                             ctx.sentence.parents[_span_head(ctx.sentence, m.start, m.end)])]
        last = max(subjects or before, key=lambda m: m.start)
        return [Arg(last.ref, ctx.sentence.token(i).word, confidence=0.9)]  # type: ignore[arg-type]
    return [Arg(memory[-1], ctx.sentence.token(i).word, confidence=0.8)] if memory else []


def _they(ctx: _Context, i: int) -> list[Arg]:
    """"they", "their": the coordinated subject of the clause above ("Xi and Putin said they would …"); nothing
    else (the story's last pair was measured as a fallback and named the wrong two)."""
    here, seen = i, {i}
    while ups := [g for _, g in ctx.sentence.parents[here] if g and g not in seen]:
        here = ups[0]
        seen.add(here)
        subjects = [a for rel, j in ctx.sentence.children[here] if rel.startswith("nsubj") and j != i
                    for a in _with_members(ctx, j)]
        if len(subjects) >= 2:
            return subjects
    return []


def _speaker(ctx: _Context, i: int) -> list[Arg]:
    """"I", "we" in a quote: its speaker, the subject of the verb of saying the quote hangs from or that hangs from
    it ("'we will be ready to provide …,' Putin said")."""
    here, seen = i, {i}
    while ups := [g for _, g in ctx.sentence.parents[here] if g and g not in seen]:
        here = ups[0]
        seen.add(here)
        verbs = [here] + [j for rel, j in ctx.sentence.children[here] if rel in ("parataxis", "ccomp")]
        for v in verbs:
            if ctx.sentence.token(v).lemma.lower() not in _words("speech"):
                continue
            found = _said_by(ctx, v, i)
            if found:
                return found[:1]
    return _quoted_speaker(ctx, i)


def _said_by(ctx: _Context, verb: int, i: int) -> list[Arg]:
    return [a for rel, j in ctx.sentence.children[verb] if rel == "nsubj" and j != i
            and (a := _subject_actor(ctx, j, _SPEAKERS)) is not None]


def _quoted_speaker(ctx: _Context, i: int) -> list[Arg]:
    """A pronoun inside quotation marks whose parse does not reach the verb of saying (the parser hung "said" inside
    the quote): the one speaker a verb of saying outside the quote names in the sentence."""
    tokens = ctx.sentence.tokens
    marks = _quote_marks(ctx.sentence)
    opened = [m for m in marks if m < i]
    if len(opened) % 2 == 0:
        return []
    inside = range(opened[-1], next((m for m in marks if m > i), len(tokens) + 1))
    speakers = {a.ref.id: a for t in tokens if t.i not in inside and t.lemma.lower() in _words("speech")
                for a in _said_by(ctx, t.i, i)}
    if not speakers and _previous_speaker(ctx) is not None:  # '"…," Lavrov said. "We will respond."'
        return [Arg(_previous_speaker(ctx), ctx.sentence.token(i).word, confidence=0.7)]  # type: ignore[arg-type]
    return list(speakers.values()) if len(speakers) == 1 else []


def _quote_marks(s: ParsedSentence) -> list[int]:
    return [t.i for t in s.tokens if t.word in ('"', "``", "''", "\u201c", "\u201d")]


def _previous_speaker(ctx: _Context) -> ActorRef | None:
    last = ctx.discourse.speaker
    return last[1] if last is not None and last[0] == ctx.sentence.index - 1 else None


def _remember_speaker(ctx: _Context) -> None:
    """The one speaker of a sentence with a quotation, for a quote that goes on in the next sentence."""
    if not _quote_marks(ctx.sentence):
        return
    speakers = {a.ref.id: a.ref for t in ctx.sentence.tokens if t.lemma.lower() in _words("speech")
                for a in _said_by(ctx, t.i, 0)}
    if len(speakers) == 1:
        ctx.discourse.speaker = (ctx.sentence.index, next(iter(speakers.values())))


def _with_members(ctx: _Context, j: int) -> list[Arg]:
    members = [ctx.at[k] for k in _with_conjuncts(ctx.sentence, [j]) if k in ctx.at]
    return [Arg(m.ref, m.text, confidence=0.8) for m in members if m.ref is not None]


def actors_at(ctx: _Context, i: int, depth: int = 0) -> list[Arg]:
    """The actor(s) a token stands for: a name, a described role or body, a group's members, a pronoun."""
    if depth > 3:
        return []
    m = ctx.at.get(i)
    if m is not None and m.ref is not None:
        return [Arg(m.ref, m.text, city=m.alias_kind == "city")]
    for finder in (_named, _group, lambda c, k, d: _described(c, k, d)):
        found = finder(ctx, i, depth)
        if found:
            return found
    return (_plural(ctx, i) or _bare_title(ctx, i) or _bare_body(ctx, i) or _definite_org(ctx, i)
            or _pronoun(ctx, i, depth) or _apposed(ctx, i))


def _bare_body(ctx: _Context, i: int) -> list[Arg]:
    """"The Government reiterates …", "the authorities said" (a body of state no state describes): the dateline's
    state ("BAMAKO -"), the one a statement or a local story speaks for. "the country" is the clause subject's."""
    t = ctx.sentence.token(i)
    if t.lemma.lower() in ("country", "nation") and t.pos == "NN" and _definite(ctx.sentence, i, True):
        subject = _main_subject(ctx, i)  # "Sargsyan called Russia the country's ally": Armenia
        state = _state_of(ctx, subject) if subject is not None else None
        return [Arg(state.ref, t.word, confidence=0.8)] if state is not None else []
    dateline = ctx.discourse.dateline_state
    if dateline is None or t.lemma.lower() not in _words("dateline_bodies") or not _definite(ctx.sentence, i, True):
        return []
    return [Arg(dateline, t.word, confidence=0.7)]



def _bare_title(ctx: _Context, i: int) -> list[Arg]:
    """"The President then met …" (a singular title no state describes): the first person the story gave it."""
    t = ctx.sentence.token(i)
    if t.lemma.lower() not in _words("role_nouns") or t.pos.endswith("S") or not _definite(ctx.sentence, i, True):
        return []
    ref = ctx.discourse.titled.get(t.lemma.lower())
    return [Arg(ref, t.word, confidence=0.8)] if ref is not None else []


def _apposed(ctx: _Context, i: int) -> list[Arg]:
    """"Sisi, a US partner whose country …": a noun in apposition to a name stands for it."""
    for rel, g in ctx.sentence.parents[i]:
        m = ctx.at.get(g)
        if rel == "appos" and m is not None and m.ref is not None:
            return [Arg(m.ref, m.text, confidence=0.9)]
    return []


def _date(s: ParsedSentence, trigger: int) -> tuple[str, str] | None:
    """The date the trigger's clause attaches (obl:tmod, "on Saturday"), not the dateline; with its word."""
    for i, _ in clause_chain(s, trigger):
        for rel, j in s.children[i]:
            if rel.split(":")[0] not in ("obl", "nmod", "advmod", "obl:tmod") or rel.endswith(":since"):
                continue  # "since 2019" dates a state or a comparison, not the event
            value = s.token(j).timex
            if value and _DATE.match(value) and _precise(s.token(j)):
                return value, s.token(j).lemma.lower()
    return None


def _precise(t: Token) -> bool:
    """"on Friday", "March 7", "yesterday" name a day; "in the coming days" does not."""
    return t.pos in ("NNP", "CD") or t.lemma.lower() in ("today", "yesterday", "tomorrow")


def _dated(s: ParsedSentence, trigger: int, status: str, published: dt.date | None) -> tuple[str | None, str]:
    """An event's date and its status: a date after publication is a plan, except a bare weekday in a past
    clause, which SUTime reads forward ("expelled … on Wednesday" is the last Wednesday)."""
    found = _date(s, trigger)
    if found is None or published is None:
        return (found[0] if found else None), status
    value, word = found
    if len(value) < 10:  # a month or a year: planned only when it is wholly after publication
        return value, "planned" if value > published.isoformat()[:len(value)] else status
    day = dt.date.fromisoformat(value)
    if word in _WEEKDAYS and status == "occurred" and day > published:
        return (day - dt.timedelta(days=7)).isoformat(), status
    if word in _WEEKDAYS and status == "planned" and day < published:
        return (day + dt.timedelta(days=7)).isoformat(), status
    return value, "planned" if day > published else status


def _allowed(relation: str, subject: Arg, obj: Arg) -> bool:
    rel = RELATIONS[relation]
    return subject.ref.id != obj.ref.id and subject.ref.label in rel.subjects and obj.ref.label in rel.objects


def _labels_ok(labels: frozenset[str], arg: Arg) -> bool:
    return not labels or arg.ref.label.value in labels


def _with_conjuncts(s: ParsedSentence, tokens: list[int]) -> list[int]:
    """Every member of a coordination, also where the parser did not share the relation ("A and B"), and both
    sides of a hyphenated pair ("the China-Kazakhstan partnership": China is a compound of Kazakhstan; "a
    British-Iranian aid worker")."""
    out = list(tokens)
    for i in tokens:
        out += [j for rel, j in s.children[i] if j not in out and (rel.startswith("conj") or (
            rel in ("compound", "amod") and j + 2 == i and s.token(j + 1).word in ("-", "–")))]
    return out


def _args(ctx: _Context, paths: list[list[int]], p: Pattern, labels: frozenset[str]) -> list[Arg]:
    """The actors of the first path whose tokens name any (of the pattern's labels)."""
    for tokens in paths:
        out: list[Arg] = []
        for i in _with_conjuncts(ctx.sentence, tokens) if p.conjuncts else tokens:
            out += [a for a in actors_at(ctx, i) if _labels_ok(labels, a) and (p.places or not a.city)
                    and all(a.ref.id != b.ref.id for b in out)]
        if out:
            return out
    return []


def _office_state(ctx: _Context, person: Arg, title: str) -> list[Arg]:
    """"Foreign Minister Sergey Lavrov": the state whose office of that kind the person held that day."""
    data = ctx.vocab.resolver.reference
    kind = role_kind(title)
    offices = [o for o in data.offices if o.person == person.ref.id and not o.holder.startswith("org:")
               and (kind is None or o.role_kind == kind) and o.holds_on(ctx.discourse.day)]
    holders = {o.holder for o in offices}
    if len(holders) != 1:
        return []
    return [Arg(ctx.vocab.resolver.country(holders.pop()).ref, title, confidence=0.9)]


def _fallback(ctx: _Context, m: Match, subjects: list[Arg]) -> list[tuple[Arg, Arg]]:
    if m.pattern.object_fallback != "reference_office":
        return []
    title = _title_text(ctx, m.trigger) or ""
    return [(a, b) for a in subjects if a.ref.label == NodeLabel.PERSON
            for b in (_office_state(ctx, a, title) or _org_office(ctx, a) or _national_title(ctx, title)
                      or _title_state(ctx, a, m.trigger))]


def _national_title(ctx: _Context, title: str) -> list[Arg]:
    """A title only one state uses ("Secretary of State" in wire English, "Taoiseach"): that state
    (`national_titles` in patterns/names.toml)."""
    iso3 = _title_states().get(title.lower())
    return [Arg(ctx.vocab.resolver.country(iso3).ref, title, confidence=0.8)] if iso3 else []


@cache
def _title_states() -> dict[str, str]:
    raw: object = lexicon().get("national_titles")
    return {str(k).lower(): str(v) for k, v in raw.items()} if isinstance(raw, dict) else {}


def _org_office(ctx: _Context, person: Arg) -> list[Arg]:
    """"Secretary-General Jens Stoltenberg": the one organization whose office the reference data has the person
    holding that day (never the dateline's state)."""
    holders = {o.holder for o in ctx.vocab.resolver.reference.offices if o.person == person.ref.id
               and o.holder.startswith("org:") and o.holds_on(ctx.discourse.day)}
    if len(holders) != 1:
        return []
    return [Arg(ctx.vocab.resolver.org_ref(holders.pop()), person.text, confidence=0.9)]


def _title_state(ctx: _Context, person: Arg, title: int) -> list[Arg]:
    """A bare title ("Prime Minister Nikol Pashinyan said") the reference data cannot place: the person's known
    state (on record, or given by an earlier title); else the dateline's ("YEREVAN:") when the sentence names it;
    else the nearest state named before the title that no other title of the sentence claims ("Ukraine's delegation
    was led by Defence Minister Umerov"); else the dateline's. A state named only after the title is another
    party's ("Prime Minister Naoto Kan has not spoken to Chinese Premier Wen")."""
    if person.ref.country:
        return [Arg(ctx.vocab.resolver.country(person.ref.country).ref, person.text, confidence=0.8)]
    if person.ref.id in ctx.discourse.person_states:
        return [Arg(ctx.discourse.person_states[person.ref.id], person.text, confidence=0.8)]
    claimed = {e.object.ref.id for e in ctx.found if e.attrs.get("role")}
    states = sorted((m for m in ctx.at.values() if m.ref is not None and m.ref.label == NodeLabel.COUNTRY
                     and m.alias_kind != "city" and m.ref.id not in claimed), key=lambda m: -m.start)
    dateline = ctx.discourse.dateline_state
    if dateline is not None and any(m.ref == dateline for m in states):
        return [Arg(dateline, dateline.name, confidence=0.7)]
    before = [m for m in states if m.end <= title]
    if before:
        return [Arg(before[0].ref, before[0].text, confidence=0.7)]  # type: ignore[arg-type]
    return [Arg(dateline, dateline.name, confidence=0.7)] if dateline is not None else []


def _definite(s: ParsedSentence, i: int, as_object: bool = False) -> bool:
    """A bare "the call", "the talks" (nothing says which: no "NATO summit", "summit in Kazan") that the clause is
    about or happens during, not one someone hosts, attends or describes (an object, unless `as_object`)."""
    if not as_object and any(rel == "obj" for rel, _ in s.parents[i]):
        return False
    rels = {rel for rel, _ in s.children[i]}
    return rels <= {"det", "case", "punct", "cc"} and any(
        rel == "det" and s.token(j).lemma.lower() in ("the", "this", "that") for rel, j in s.children[i])


def _back_reference(ctx: _Context, relation: str, subjects: list[Arg]) -> list[Arg]:
    """"The call is expected next week", "during the meeting, X said": the pair of the story's last event of
    that kind (when the sentence names one side, only if it is one of that pair), else the last two people."""
    last = ctx.discourse.last_pair.get(relation)
    memory = list(last) if last else ([] if subjects else ctx.discourse.people[-2:])
    if subjects and not any(s.ref.id == r.id for s in subjects for r in memory):
        return []
    return [Arg(r, "", confidence=0.7) for r in memory] if len(memory) == 2 else []


def _sentence_state(ctx: _Context, objects: list[Arg]) -> list[Arg]:
    """The one state the sentence names besides the objects' own ("a proposal to Russia to win the release of
    arrested Americans X and Y" → Russia); nothing when there are none or several."""
    theirs = {a.ref.country for a in objects} | {a.ref.id for a in objects}
    states = {m.ref.id: m for m in ctx.at.values() if m.ref is not None and m.ref.label == NodeLabel.COUNTRY
              and m.ref.id not in theirs and m.alias_kind != "city"}
    if len(states) != 1:
        return []
    only = next(iter(states.values()))
    return [Arg(only.ref, only.text, confidence=0.8)]  # type: ignore[arg-type]


@cache
def _relations_of_nouns() -> dict[str, frozenset[str]]:
    """Which relations an event noun names ("tariffs" → SANCTIONED, "visit" → VISITED), from the patterns."""
    out: dict[str, set[str]] = {}
    for p in load_patterns():
        if "NN" in p.pos:
            for lemma in p.lemmas:
                out.setdefault(lemma, set()).add(p.relation)
    return {k: frozenset(v) for k, v in out.items()}


def _act_doers(ctx: _Context, m: Match, critics: list[Arg]) -> list[Arg]:
    """"Seoul condemned the launch", "Scholz criticized the tariffs": a definite act with no actor named is the
    act of whoever last did that kind of thing in the story (an act no pattern names: the last state named),
    never the critic's own side."""
    own = {a.ref.id for a in critics} | {s.ref.id for a in critics if (s := _state_of(ctx, a)) is not None}
    for tokens in m.objects:
        for i in tokens:
            lemma = ctx.sentence.token(i).lemma.lower()
            if lemma in _words("act_nouns") and _definite_act(ctx.sentence, i):
                return [Arg(ref, ctx.sentence.token(i).word, confidence=0.7) for ref in _doer(ctx, lemma, i, own)[:1]]
    return []


def _doer(ctx: _Context, lemma: str, i: int, own: set[str]) -> list[ActorRef]:
    kinds = _relations_of_nouns().get(lemma)
    if not kinds:  # "North Korea fired a missile …, and Seoul condemned the launch": the nearest state before
        before = sorted((m for m in ctx.at.values() if m.start < i and m.ref is not None
                         and m.ref.label == NodeLabel.COUNTRY), key=lambda m: -m.start)
        return [m.ref for m in before if m.ref is not None and m.ref.id not in own] + [
            r for r in reversed(ctx.discourse.states) if r.id not in own]
    return [r for rel, r in reversed(ctx.discourse.doers) if rel in kinds and r.id not in own
            and ((state := _state_of(ctx, Arg(r, ""))) is None or state.ref.id not in own)]


def _definite_act(s: ParsedSentence, i: int) -> bool:
    return any(rel in ("det", "nmod:poss") and s.token(j).lemma.lower() in ("the", "this", "that", "such")
               for rel, j in s.children[i])


def _pairs(ctx: _Context, m: Match) -> list[tuple[Arg, Arg]]:
    p = m.pattern
    subjects = _args(ctx, m.subjects, p, frozenset() if p.state_acts else p.subject_labels)
    if p.state_acts:  # a person doing what only a state does stands for the state (then the labels apply)
        subjects = [state for a in subjects if (state := _state_of(ctx, a)) is not None
                    and _labels_ok(p.subject_labels, state)]
    objects = _args(ctx, m.objects, p, p.object_labels) or (_act_doers(ctx, m, subjects) if p.acts else [])
    if not subjects and p.subject_fallback == "sentence_state":
        subjects = _sentence_state(ctx, objects)
    if not subjects and p.subject_fallback == "sentence_doer":
        subjects = [e.subject for e in ctx.found if e.relation == p.relation][-1:]
    pairs = [(a, b) for a in subjects for b in objects] or _fallback(ctx, m, subjects)
    if not pairs and RELATIONS[p.relation].symmetric:
        together = _args(ctx, m.pairs, p, frozenset()) or (subjects if p.subjects_pair else [])
        if len(together) < 2 and p.back_reference and _definite(ctx.sentence, m.trigger):
            together = _back_reference(ctx, p.relation, subjects)
        pairs = list(itertools.combinations(together, 2))
    if p.foreign:
        pairs = [(a, b) for a, b in pairs if (home := _state_of(ctx, a)) is not None and home.ref.id != b.ref.id]
    return [(a, b) for a, b in pairs if _allowed(p.relation, a, b)]


def _events(ctx: _Context, m: Match, published: dt.date | None) -> list[Event]:
    status = event_status(ctx.sentence, m.trigger)
    if status == NOT_AN_EVENT:
        return []
    if m.pattern.planned:
        status = "planned"
    date, status = _dated(ctx.sentence, m.trigger, status, published)
    if RELATIONS[m.pattern.relation].kind.value == "state" or not m.pattern.dated:
        date = None
    out = []
    for subject, obj in _pairs(ctx, m):
        attrs = {"role": subject.role} if m.pattern.trigger_class == "title" and subject.role else {}
        if m.pattern.trigger_class == "title":
            attrs["role"] = ctx.at[m.trigger].text if m.trigger in ctx.at else ctx.sentence.token(m.trigger).word
        confidence = m.pattern.confidence * min(subject.confidence, obj.confidence)
        out.append(Event(m.pattern.relation, subject, obj, status, date, ctx.sentence, confidence, attrs))
    ctx.found += out
    return out


def _token_map(mentions: list[Mention]) -> dict[int, Mention]:
    return {i: m for m in mentions for i in range(m.start, m.end)}


def _title_heads(ctx: _Context, mentions: list[Mention]) -> set[int]:
    """Office titles: the gazetteer's, and NER's TITLE spans ("security chief", "envoy")."""
    tokens = ctx.sentence.tokens
    ner_ends = {t.i for t in tokens if t.ner == "TITLE" and (t.i == len(tokens) or tokens[t.i].ner != "TITLE")}
    return {_span_head(ctx.sentence, m.start, m.end) for m in mentions if m.kind == "title"} | {
        i for i in ner_ends if i not in ctx.at}


def _span_head(s: ParsedSentence, start: int, end: int) -> int:
    """The token of a span whose governor is outside it ("Secretary" of "Secretary of State")."""
    for i in range(start, end):
        if all(not start <= g < end for _, g in s.parents[i]):
            return i
    return end - 1


def extract_parse(parse: Parse, vocab: Vocabulary, published: dt.date | None) -> tuple[list[Event], list[str]]:
    """Every event of a parsed text, in text order, and the names of actors the reference data lacks."""
    discourse = Discourse(published or dt.date.today())
    by_sentence = find_mentions(vocab, parse, discourse)
    found: list[Event] = []
    for s in parse.sentences:
        mentions = by_sentence[s.index]
        ctx = _Context(vocab, discourse, s, _token_map(mentions))
        here = [e for m in match_sentence(s, _title_heads(ctx, mentions)) for e in _events(ctx, m, published)]
        found += here
        _remember_speaker(ctx)
        for mention in mentions:
            if mention.ref is not None:
                discourse.remember(mention.ref)
        # the actors of the sentence's events, doers of events last: "he" is most likely the last subject
        for e in sorted(here, key=lambda e: RELATIONS[e.relation].kind.value == "event"):
            discourse.remember(e.object.ref)
        for e in sorted(here, key=lambda e: RELATIONS[e.relation].kind.value == "event"):
            discourse.remember(e.subject.ref)
            discourse.last_pair[e.relation] = (e.subject.ref, e.object.ref)
            if e.attrs.get("role") and e.object.ref.label == NodeLabel.COUNTRY:  # a title gave the person's state
                discourse.person_states.setdefault(e.subject.ref.id, e.object.ref)
            if e.attrs.get("role") and e.subject.ref.label == NodeLabel.PERSON:
                discourse.titled.setdefault(str(e.attrs["role"]).split()[-1].lower(), e.subject.ref)
            if RELATIONS[e.relation].kind.value == "event":
                discourse.doers.append((e.relation, e.subject.ref))
                if RELATIONS[e.relation].symmetric:
                    discourse.last_symmetric = (e.subject.ref, e.object.ref)
            if not mention.known and mention.text not in discourse.unknown:
                discourse.unknown.append(mention.text)
    return merge(found), discourse.unknown


def merge(found: list[Event]) -> list[Event]:
    """One event per (relation, pair, status, date); an undated mention of a dated event adds nothing."""
    out: list[Event] = []
    for e in found:
        same = next((g for g in out if g.relation == e.relation and g.pair() == e.pair() and g.status == e.status
                     and (g.date == e.date or not g.date or not e.date)), None)
        if same is None:
            out.append(e)
            continue
        same.date = same.date or e.date
        same.confidence = max(same.confidence, e.confidence)
    return out
