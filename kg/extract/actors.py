"""From raw mentions to the actors of a sentence: titles attached to names, demonyms as modifiers or
as the state, role phrases ("the Chinese foreign minister"), pronouns resolved, offices noted.

A `Sentence` holds its tokens (lower-cased) and its actors in order; the relation rules read it.
The `Discourse` carries what earlier sentences established: who was named, which office each holds
in the text, the last state subject (for "it"/"its").
"""

from __future__ import annotations

import datetime as dt
import itertools
from dataclasses import dataclass, field, replace
from typing import Any

from spacy.tokens import Span

from kg.extract.lexicon import (
    AID_NOUNS,
    ALLY_NOUNS,
    COMMODITIES,
    DEAL_NOUNS,
    EXPORT_NOUNS,
    FUTURE_CUES,
    IMPORT_NOUNS,
    INVASION_NOUNS,
    MEMBER_NOUNS,
    PREPOSITIONS,
    PRONOUNS_PERSON,
    SANCTION_NOUNS,
    STATE_NOUNS,
    TITLE_PREFIXES,
)
from kg.extract.text import RawMention, Vocabulary
from kg.extract.timex import TimeExpression, find_times
from kg.models import ActorRef
from kg.ontology import NodeLabel
from kg.reference import ROLE_KINDS
from kg.resolve import UnresolvedName

__all__ = ["Actor", "Discourse", "Sentence", "analyse_sentence", "role_kind"]

# Nouns a country name can modify ("US aid", "Russian oil"): then it is not itself an actor.
_MODIFIED_NOUNS = frozenset(
    w for group in (COMMODITIES, DEAL_NOUNS, INVASION_NOUNS, MEMBER_NOUNS, tuple(ALLY_NOUNS), AID_NOUNS,
                    SANCTION_NOUNS, IMPORT_NOUNS, EXPORT_NOUNS) for phrase in group for w in phrase.split()[:1]
) | {"strategy", "policy", "prisoners", "citizens", "nationals", "interests", "pressure", "war", "economy",
     "territory", "soil", "border", "company", "companies", "firm", "media", "people", "public", "market",
     "markets", "military", "treaty", "help", "involvement", "campaign", "efforts", "effort", "position",
     "stance", "demands", "ties", "relations", "relationship", "counterpart", "counterparts", "offer",
     "proposal", "request", "statement", "ally", "allies", "-", "weapons", "arms",
     "troops", "forces", "army", "navy", "helicopters", "jets", "diplomacy", "officials", "embassy"}
_JOB_NOUNS = ("chief", "head", "commissioner", "negotiator", "envoy", "official", "representative", "czar", "tsar",
              "diplomat", "adviser", "advisor", "spokesman", "spokeswoman", "spokesperson", "boss", "secretary")
_HONORIFICS = ("prince", "princess", "sheikh", "sir", "dame", "lord", "lady", "king", "queen", "emir", "mr", "ms",
               "mrs", "dr")
_PAIR_NOUNS = ("sides", "leaders", "men", "women", "presidents", "ministers", "countries", "nations", "governments",
               "delegations", "heads")
_ORG_ANAPHORS = ("alliance", "bloc", "grouping", "group", "organization", "organisation", "summit")


@dataclass
class Actor:
    ref: ActorRef
    start: int  # token span in the sentence (title included)
    end: int
    head: int  # where the name itself starts
    text: str
    confidence: float = 1.0
    role: str | None = None  # the office title the text gives ("Foreign Minister")
    role_country: str | None = None  # the state the title names ("Russian President" → RUS)
    role_ended: bool = False
    modifier: bool = False  # "Russian oil", "US aid": names the origin/owner, not an actor
    possessive: bool = False  # "Russia's"
    nationals: bool = False  # "Americans": people of that country, not the state
    prep: str | None = None  # the preposition it follows ("in", "with"), if any
    pronoun: bool = False
    generic_role: bool = False  # "the Chinese foreign minister": the country, with the role

    @property
    def is_country(self) -> bool:
        return self.ref.label == NodeLabel.COUNTRY

    @property
    def is_person(self) -> bool:
        return self.ref.label == NodeLabel.PERSON

    @property
    def is_org(self) -> bool:
        return self.ref.label == NodeLabel.ORGANIZATION


@dataclass
class Discourse:
    published: dt.date | None
    vocab: Vocabulary
    people: list[Actor] = field(default_factory=list)  # named people, in order of mention
    offices: dict[str, tuple[str, str, bool]] = field(default_factory=dict)  # person id → (ISO3, role, ended)
    last_state: Actor | None = None
    last_org: ActorRef | None = None
    summit_org: ActorRef | None = None  # "G7 leaders … at Apulia summit": later "the summit" is the G7's
    surnames: dict[str, ActorRef] = field(default_factory=dict)
    ambiguous_names: set[str] = field(default_factory=set)
    events: list[Any] = field(default_factory=list)  # relations found so far (for "criticized the visit")
    dateline: bool = True

    @property
    def day(self) -> dt.date:
        return self.published or dt.date.today()

    def country_of(self, person: ActorRef) -> str | None:
        """The state a person acts for: the office the text gives, else the reference office on the day."""
        if person.id in self.offices:
            return self.offices[person.id][0]
        data = self.vocab.resolver.reference
        held = {o.holder for o in data.offices if o.person == person.id and o.holds_on(self.day)
                and not o.holder.startswith("org:")}
        if len(held) == 1:
            return next(iter(held))
        return person.country

    def reference_office(self, person_id: str, role_text: str) -> tuple[str, bool] | None:
        """(ISO3, ended) of the reference office matching a title, for titles without a country."""
        kind = role_kind(role_text)
        data = self.vocab.resolver.reference
        offices = [o for o in data.offices if o.person == person_id and not o.holder.startswith("org:")
                   and (kind is None or o.role_kind == kind or o.role.lower() == role_text.lower())]
        current = [o for o in offices if o.holds_on(self.day)]
        chosen = current or offices
        holders = {o.holder for o in chosen}
        if len(holders) != 1:
            return None
        return next(iter(holders)), not current


@dataclass
class Sentence:
    index: int
    span: Span
    low: list[str]  # lower-cased token texts, typographic apostrophes folded
    actors: list[Actor]
    times: list[tuple[int, int, TimeExpression]]  # token span and expression
    forward: bool  # the sentence speaks of the future

    @property
    def text(self) -> str:
        return self.span.text

    @property
    def start_char(self) -> int:
        return self.span.start_char


def role_kind(role_text: str) -> str | None:
    lowered = role_text.lower()
    for kind, words in ROLE_KINDS.items():
        if any(lowered == w or lowered.endswith(" " + w) or lowered.startswith(w + " ") for w in words):
            return kind
    return None


def _lower(text: str) -> str:
    return text.lower().replace("’", "'").replace("‘", "'")


def analyse_sentence(index: int, span: Span, raw: list[RawMention], discourse: Discourse) -> Sentence:
    low = [_lower(t.text) for t in span]
    offset = span.start
    mentions = [replace(m, start=m.start - offset, end=m.end - offset) for m in raw
                if span.start <= m.start and m.end <= span.end]
    joined = f" {' '.join(low)} "
    forward = any(f" {cue} " in joined for cue in FUTURE_CUES)
    times = []
    for expression in _times(span.text, discourse.published):
        char_start = span.start_char + expression.start
        char_end = span.start_char + expression.end
        tokens = span.doc.char_span(char_start, char_end, alignment_mode="expand")
        if tokens is not None:
            times.append((tokens.start - offset, tokens.end - offset, expression))
    sentence = Sentence(index, span, low, [], times, forward)
    sentence.actors = _actors(sentence, mentions, discourse)
    return sentence


def _times(text: str, published: dt.date | None) -> list[TimeExpression]:
    """Time expressions, each read forward ("will meet on Friday") only when a future cue precedes it in
    its own stretch of the sentence (since the last comma), so "said on Wednesday … expected to" and
    "since Russia invaded Ukraine in February" keep their past reading."""
    backward = find_times(text, published, False)
    forward = find_times(text, published, True)
    out = []
    for past, ahead in zip(backward, forward, strict=False):
        before = text[:past.start]
        stretch = f" {_lower(before[before.rfind(',') + 1:])} "
        cues = [stretch.rfind(f" {cue} ") for cue in FUTURE_CUES if f" {cue} " in stretch]
        # a past verb after the cue ("would be … since Russia invaded Ukraine in February") keeps it past
        future = bool(cues) and not any(len(w) > 4 and w.endswith("ed") for w in stretch[max(cues):].split()[2:])
        out.append(ahead if future else past)
    return out


def _actors(s: Sentence, mentions: list[RawMention], d: Discourse) -> list[Actor]:
    resolver = d.vocab.resolver
    low = s.low
    n = len(low)
    out: list[Actor] = []
    # A dateline ("WASHINGTON:") at the start of the story names where it was filed, not an actor.
    skip_until = 0
    if d.dateline and n > 1 and s.span[0].text.isupper() and low[1] in (":", "—", "-", "–"):
        skip_until = 2
        d.dateline = False
    used: set[int] = set()

    def country_ref(iso3: str) -> ActorRef:
        return resolver.country(iso3).ref

    def ref_of(m: RawMention) -> ActorRef | None:
        try:
            if m.kind == "country":
                return country_ref(m.key)
            if m.kind == "person":
                return resolver.person_ref(m.key)
            if m.kind == "org":
                return resolver.org_ref(m.key)
        except (UnresolvedName, KeyError):
            return None
        return None

    ordered = sorted(mentions, key=lambda m: m.start)
    starts = {m.start for m in ordered}
    stream: list[tuple[int, int]] = [(m.start, idx) for idx, m in enumerate(ordered)]
    stream += [(i, -1) for i, w in enumerate(low) if i not in starts and (
        w in (*PRONOUNS_PERSON, "it", "its", "whose") or s.span[i].text in d.surnames
        or (w in _ORG_ANAPHORS and i > 0 and low[i - 1] == "the")
        or (w == "the" and low[i + 1:i + 2] == ["two"] and low[i + 2:i + 3] and low[i + 2] in _PAIR_NOUNS)
        or (w == "both" and low[i + 1:i + 2] and low[i + 1] in _PAIR_NOUNS))]
    stream.sort()
    for position, idx in stream:
        if position < skip_until or position in used or any(a.start <= position < a.end for a in out):
            continue
        if idx >= 0:
            m = ordered[idx]
            if m.kind == "title":
                _title_phrase(s, m, ordered, idx + 1, d, out, used)
            elif m.kind == "name":
                actor = _unknown_person(s, m, d, out)
                if actor is not None:
                    out.append(actor)
            elif (ref := ref_of(m)) is not None:
                actor = Actor(ref, m.start, m.end, m.start, s.span[m.start:m.end].text,
                              confidence=0.8 if m.alias_kind == "ambiguous" else 1.0)
                _mark_context(s, actor, m.alias_kind)
                out.append(actor)
            continue
        if s.span[position].text in d.surnames:
            ref = d.surnames[s.span[position].text]
            actor = Actor(ref, position, position + 1, position, s.span[position].text, confidence=0.8)
            _mark_prep(s, actor)
            out.append(actor)
        elif low[position] in ("the", "both"):
            _pair(s, position, out, d)
        elif low[position] in _ORG_ANAPHORS:
            org = d.summit_org if low[position] == "summit" else d.last_org
            if org is not None:
                actor = Actor(org, position - 1, position + 1, position, s.span[position - 1:position + 1].text,
                              confidence=0.8, pronoun=True)
                _mark_prep(s, actor)
                out.append(actor)
        else:
            _pronoun(s, position, out, d)
    for m in ordered:
        if m.kind != "name" or any(a.start <= m.start < a.end for a in out):
            continue
        linked = any(a.is_person and not a.pronoun and (
            (a.end == m.start - 1 and low[a.end] == "and") or (a.start == m.end + 1 and low[m.end] == "and"))
            for a in out)
        if linked:  # "Brittney Griner and Paul Whelan, two Americans": the first is a person too
            try:
                ref = resolver.resolve(s.span[m.start:m.end].text, NodeLabel.PERSON).ref
            except UnresolvedName:
                continue
            actor = Actor(ref, m.start, m.end, m.start, s.span[m.start:m.end].text, confidence=0.8)
            _mark_prep(s, actor)
            out.append(actor)
    out.sort(key=lambda a: a.start)
    for actor in out:
        # "EU trade chief Valdis Dombrovskis": a body or state before a job and a name qualifies the person
        if (actor.is_org or actor.is_country) and not actor.modifier:
            person = next((p for p in out if p.is_person and not p.pronoun and 1 <= p.start - actor.end <= 3
                           and all(w.isalpha() and w.islower() for w in low[actor.end:p.start])
                           and low[p.start - 1] in _JOB_NOUNS), None)
            if person is not None:
                actor.modifier = True
    for before, actor in itertools.pairwise(out):
        # "in Tashkent, Uzbekistan": the second place is in the same prepositional phrase
        if (actor.prep is None and before.prep in ("in", "at", "to", "from") and before.is_country
                and actor.is_country and before.text != before.ref.name and actor.start == before.end + 1
                and low[before.end] == ","):
            actor.prep = before.prep
    for actor in out:
        if actor.is_person and not actor.pronoun:
            d.people.append(actor)
            _remember_name_parts(actor, d)
        if actor.is_org and not actor.pronoun:
            d.last_org = actor.ref
            if "summit" in low or "summits" in low:
                d.summit_org = actor.ref
    return out


def _counterpart_role(person: ActorRef, state: str | None, s: Sentence, title_start: int, out: list[Actor],
                      d: Discourse) -> str:
    """"X called his Chinese counterpart Wang Yi": Wang Yi holds, for China, the kind of office X holds;
    the office's name comes from the reference data when it agrees, else none is claimed."""
    owner = next((a for a in reversed(out) if a.is_person and a.end <= title_start), None)
    if owner is None or owner.ref.id not in d.offices or state is None:
        return ""
    kind = role_kind(d.offices[owner.ref.id][1])
    data = d.vocab.resolver.reference
    match = [o for o in data.offices if o.person == person.id and o.holder == state and o.role_kind == kind
             and o.holds_on(d.day)]
    return match[0].role if len(match) == 1 else ""


def _remember_name_parts(actor: Actor, d: Discourse) -> None:
    """Once "Yoon Suk Yeol" or "Maia Sandu" is named, "Yoon" and "Sandu" alone mean them in this story
    (a part two people of the story share means neither)."""
    words = [w for w in actor.ref.name.replace("-", " ").split() if w[:1].isupper() and w.rstrip(".") not in (
        "Jr", "Sr", "II", "III")]
    for part in {words[0], words[-1]} if len(words) > 1 else set():
        if len(part) < 2:
            continue
        known = d.surnames.get(part)
        if known is None and part not in d.ambiguous_names:
            d.surnames[part] = actor.ref
        elif known is not None and known.id != actor.ref.id:
            d.surnames.pop(part, None)
            d.ambiguous_names.add(part)


def _pair(s: Sentence, i: int, out: list[Actor], d: Discourse) -> None:
    """"the two leaders" → the last two people named (or states, for "the two countries")."""
    width = 2 if s.low[i] == "both" else 3
    states = s.low[i + width - 1] in ("countries", "nations", "governments")
    seen: list[ActorRef] = []
    pool = [a.ref for a in d.people] + [a.ref for a in out if a.is_person and not a.pronoun]
    if states:
        # the states of the story's last two leaders ("Yoon … Kishida … Both countries are allies")
        pool = [d.vocab.resolver.country(c).ref for c in (d.country_of(r) for r in pool) if c is not None]
        pool += [a.ref for a in out if a.is_country and not a.modifier]
    last = next((f for f in reversed(d.events) if f.relation in ("MET", "CALLED", "NEGOTIATED_WITH", "HOSTED",
                                                                  "SIGNED_AGREEMENT_WITH")
                 and f.subject.is_person and f.object.is_person), None)
    here = list({a.ref.id: a.ref for a in out if a.is_person and not a.pronoun}.values())
    if len(here) >= 2 and not states:
        seen = [here[-1], here[-2]]  # "Zelensky met Macron in Paris, where the two leaders signed …"
    elif last is not None and not states:
        seen = [last.object.ref, last.subject.ref]  # "they held talks …; the two sides agreed to meet again"
    for ref in reversed(pool if not seen else []):
        if ref.id not in {r.id for r in seen}:
            seen.append(ref)
        if len(seen) == 2:
            break
    if len(seen) < 2:
        return
    for ref in reversed(seen):
        actor = Actor(ref, i, i + width, i, s.span[i:i + width].text, confidence=0.8, pronoun=True)
        _mark_prep(s, actor)
        out.append(actor)


def _pronoun(s: Sentence, i: int, out: list[Actor], d: Discourse) -> None:
    """he/his → the last named person; it/its → the clause's state subject; "whose country"."""
    low = s.low
    n = len(low)
    word = low[i]
    if word in PRONOUNS_PERSON:
        person = _antecedent_person(s, i, out, d)
        if person is None:
            return
        actor: Actor | None = Actor(person.ref, i, i + 1, i, s.span[i].text, confidence=0.9, pronoun=True,
                                    possessive=word in ("his", "her"))
        if i + 1 < n and low[i + 1] in ("country", "government", "nation") and word in ("his", "her"):
            actor = _country_for(person, i, i + 2, d)
    elif word == "whose":
        before = [a for a in out if a.end <= i and (a.is_person or a.is_country) and not a.modifier
                  and not a.nationals]
        if not before or i + 1 >= n or low[i + 1] not in ("country", "nation", "government"):
            return
        actor = _country_for(before[-1], i, i + 2, d)
    else:
        antecedent = _antecedent_state(s, i, out, d)
        if antecedent is None:
            return
        actor = Actor(antecedent.ref, i, i + 1, i, s.span[i].text, confidence=0.85, pronoun=True,
                      possessive=word == "its")
    if actor is not None:
        _mark_prep(s, actor)
        out.append(actor)


def _country_for(actor: Actor, start: int, end: int, d: Discourse) -> Actor | None:
    iso3 = actor.ref.id if actor.is_country else d.country_of(actor.ref)
    if iso3 is None:
        return None
    ref = d.vocab.resolver.country(iso3).ref
    return Actor(ref, start, end, start, "", confidence=0.9, pronoun=True)


def _antecedent_person(s: Sentence, i: int, actors: list[Actor], d: Discourse) -> Actor | None:
    low = s.low
    # "Even when he announced …, Blinken insisted": a pronoun in an opening subordinate clause
    # points forward to the main clause's subject.
    if low and low[0] in ("when", "even", "after", "before", "while", "as", "although", "though", "once"):
        comma = next((j for j in range(i, len(low)) if low[j] == ","), None)
        if comma is not None:
            after = [a for a in actors if a.start > comma and a.is_person and not a.prep]
            if after and all(low[j] != "," for j in range(0, i)):
                return after[0]
    before = [a for a in actors if a.end <= i and a.is_person and not a.pronoun]
    subjects = [a for a in before if not a.prep and not a.possessive]
    if subjects:
        return subjects[0]  # the clause's subject is the likelier antecedent ("Modi met Putin …, his trip")
    if before:
        return before[-1]
    return d.people[-1] if d.people else None


def _antecedent_state(s: Sentence, i: int, actors: list[Actor], d: Discourse) -> Actor | None:
    # The clause's subject if it is a state or organization ("India … despite its membership").
    subjects = [a for a in actors if a.end <= i and (a.is_country or a.is_org) and not a.modifier
                and not a.prep and not a.possessive and not a.nationals]
    if subjects:
        return subjects[0]
    return d.last_state


def _mark_prep(s: Sentence, actor: Actor) -> None:
    j = actor.start - 1
    while j >= 0 and s.low[j] in ("the", "a", "an", "…", "...", "its", "his", "her", "their"):
        j -= 1
    if j >= 0 and s.low[j] in PREPOSITIONS:
        actor.prep = s.low[j]
        if s.low[j] == "as" and j > 0 and s.low[j - 1] == "such":
            actor.prep = "such as"
    if actor.end < len(s.low) and s.low[actor.end] in ("'s", "'"):
        actor.possessive = True


def _mark_context(s: Sentence, actor: Actor, alias_kind: str) -> None:
    low = s.low
    nxt = low[actor.end] if actor.end < len(low) else ""
    _mark_prep(s, actor)
    if actor.possessive and ((low[actor.end + 1:actor.end + 2] and low[actor.end + 1] in STATE_NOUNS)
                             or " ".join(low[actor.end + 1:actor.end + 3]) in STATE_NOUNS):
        actor.possessive = False  # "China's foreign ministry said": the state speaks
        return
    if not actor.is_country:
        return
    if alias_kind == "city":
        # "talks in Geneva", "flew to Sochi": a place; "Istanbul said …" is not Turkey acting
        actor.modifier = actor.prep not in ("in", "to", "at", "from", "near", "outside")
        return
    if alias_kind == "demonym":
        word = s.span[actor.start:actor.end].text
        if word.endswith("s") and not word.endswith("ss") and nxt not in STATE_NOUNS:
            actor.nationals = True  # "Americans", "top Russians"
            return
        actor.modifier = not (nxt in STATE_NOUNS or (nxt and " ".join(low[actor.end:actor.end + 2]) in STATE_NOUNS))
        if nxt in ("and", ",") and actor.end + 2 < len(low) and low[actor.end + 2] in STATE_NOUNS:
            actor.modifier = False  # "Ukrainian and Russian delegations met"
        if any(w in COMMODITIES for w in low[actor.end:actor.end + 4]) or (
                actor.start > 0 and (low[actor.start - 1].replace(",", "").isdigit() or low[actor.start - 1] == "of")):
            actor.modifier = True  # "16 Russian military transport helicopters", "barrels of Russian oil"
        return
    if nxt in STATE_NOUNS or " ".join(low[actor.end:actor.end + 2]) in STATE_NOUNS:
        return  # "the US government", "US officials": the state acts
    if nxt in _MODIFIED_NOUNS or (nxt and nxt[0] == "-" and len(nxt) > 1):
        actor.modifier = True


def _unknown_person(s: Sentence, m: RawMention, d: Discourse, out: list[Actor]) -> Actor | None:
    """A capitalised name no reference list knows is a person only in a person's context: after a
    title or nationality or an arrest word, before "said" or ", a/the …" (an apposition)."""
    low = s.low
    before = low[m.start - 1] if m.start > 0 else ""
    before2 = " ".join(low[max(0, m.start - 2):m.start])
    after = low[m.end] if m.end < len(low) else ""
    after2 = " ".join(low[m.end:m.end + 2])
    cues_before = {"said", "says", "told", "journalist", "reporter", "activist", "player", "star", "citizen",
                   "national", "dissident", "businessman", "businesswoman", "official", "diplomat", "envoy",
                   "spokesman", "spokeswoman", "spokesperson", "opposition", "leader", "and", "mr", "ms", "mrs",
                   "dr", "general", "gen", "colonel", "lieutenant", "sen", "senator", "rep", "representative",
                   "minister", "president", "ambassador", "chancellor", "premier", "chief", "commissioner",
                   "counterpart", "secretary", "head", "governor", "mayor", "negotiator", "adviser", "advisor"}
    person_before = before in cues_before or (before.endswith(("ed",)) and before in (
        "arrested", "detained", "jailed", "imprisoned", "freed", "released", "exchanged", "swapped", "convicted"))
    if before == "and":
        # "Paul Whelan and Brittney Griner": the second of a pair is a person if the first was
        person_before = any(a.is_person and a.end == m.start - 1 for a in out)
    nationality_before = m.start > 0 and before.endswith(("ans", "ese", "ish", "is", "ians")) and s.span[
        m.start - 1].text[:1].isupper()
    person_after = after in ("said", "says", "told", "added", "wrote", "tweeted") or (
        after == "," and low[m.end + 1:m.end + 2] and low[m.end + 1] in ("a", "an", "the", "who", "whose", "two",
                                                                          "three", "both")
        and not any(w in (" ".join(low[m.end:m.end + 6])) for w in ("organization", "group", "company", "agency")))
    if not (person_before or nationality_before or person_after or before2 in ("said by",)):
        return None
    name = s.span[m.start:m.end].text
    try:
        ref = d.vocab.resolver.resolve(name, NodeLabel.PERSON).ref
    except UnresolvedName:
        return None
    nationality = None
    if nationality_before:
        try:
            nationality = d.vocab.resolver.country(s.span[m.start - 1].text, fuzzy=False).ref.id
        except UnresolvedName:
            nationality = None
    if nationality:
        ref = ref.model_copy(update={"country": nationality})
    actor = Actor(ref, m.start, m.end, m.start, name, confidence=0.8)
    _mark_prep(s, actor)
    if after2.startswith("'s"):
        actor.possessive = True
    return actor


def _title_phrase(s: Sentence, m: RawMention, ordered: list[RawMention], k: int, d: Discourse,
                  out: list[Actor], used: set[int]) -> bool:
    """A title: attach it to the name that follows ("Foreign Minister Sergey Lavrov"), or make a role
    phrase of it ("the Chinese, Indian and Indonesian foreign ministers", "Iran's top diplomat")."""
    low = s.low
    resolver = d.vocab.resolver
    role_start, role_end = m.start, m.end
    role = s.span[m.start:m.end].text
    # "Ambassador to Georgia": the posting is part of the role, the country is not an actor.
    nxt = ordered[k] if k < len(ordered) else None
    if (("ambassador" in m.key or "envoy" in m.key) and role_end < len(low) and low[role_end] in ("to", "at")
            and nxt is not None and nxt.start == role_end + 1):
        role = s.span[m.start:nxt.end].text
        role_end = nxt.end
        used.add(nxt.start)
        nxt = ordered[k + 1] if k + 1 < len(ordered) else None
    # "Prime Minister of India Narendra Modi"
    of_country: str | None = None
    if (role_end + 1 < len(low) and low[role_end] == "of" and nxt is not None and nxt.start == role_end + 1
            and nxt.kind == "country"):
        of_country = nxt.key
        role_end = nxt.end
        used.add(nxt.start)
        nxt = ordered[ordered.index(nxt) + 1] if ordered.index(nxt) + 1 < len(ordered) else None
    # The state before the title: "Russian President", "Russia's foreign minister", "his top diplomat".
    j = role_start - 1
    ended = False
    portfolio = 0
    while j >= 0 and portfolio < 2 and s.span[j].text[:1].isupper() and not any(a.end == j + 1 for a in out) \
            and low[j] not in STATE_NOUNS and low[j].isalpha():
        j -= 1  # "Chinese Commerce Minister", "Saudi Energy Minister"
        portfolio += 1
    while j >= 0 and low[j] in (*TITLE_PREFIXES, "-", "the", "a"):
        ended = ended or low[j] in ("former", "ex", "then")
        j -= 1
    while j >= 1 and (low[j] in STATE_NOUNS or " ".join(low[j - 1:j + 1]) in STATE_NOUNS):
        j -= 2 if " ".join(low[j - 1:j + 1]) in STATE_NOUNS else 1  # "Russian Foreign Ministry spokeswoman"
    if j >= 0 and low[j] in ("'s", "'"):
        j -= 1
    countries: list[Actor] = []
    while j >= 0:
        owner = next((a for a in out if a.end == j + 1), None)
        if owner is None or (countries and not (owner.is_country and not owner.pronoun and not owner.role)):
            break  # a list chains states only: "the Chinese, Indian and Indonesian foreign ministers"
        if owner.role:
            break  # "Iranian Foreign Minister Abbas Araghchi and U.S. envoy …": another titled person
        if owner.is_country or owner.pronoun:
            countries.insert(0, owner)
        elif owner.is_person:
            iso = d.country_of(owner.ref)
            if iso:
                countries.insert(0, Actor(resolver.country(iso).ref, owner.start, owner.end, owner.start,
                                          owner.text, pronoun=True))
        else:
            break
        j = owner.start - 1
        if j >= 0 and low[j] in (",", "and") and j - 1 >= 0 and any(a.end == j for a in out):
            j -= 1
            continue
        break
    for c in countries:
        if c in out:
            out.remove(c)
    if (j >= 0 and low[j] in ("former", "ex")) or (role_start > 0 and low[role_start - 1] in ("former", "ex", "then")):
        ended = True
    state = of_country or (countries[-1].ref.id if len(countries) == 1 and countries[-1].is_country else None)
    if state is None and len(countries) == 1 and countries[0].pronoun:
        state = countries[0].ref.id if countries[0].is_country else d.country_of(countries[0].ref)
    if role_end < len(low) and low[role_end] in _HONORIFICS and nxt is not None and nxt.start == role_end + 1:
        role_end += 1  # "Saudi Energy Minister Prince Abdulaziz bin Salman"
    named = nxt if nxt is not None and nxt.start == role_end and nxt.kind in ("person", "name") else None
    if named is None and nxt is not None and role_end < len(low) and low[role_end] == "," and \
            nxt.start == role_end + 1 and nxt.kind in ("person", "title"):
        if nxt.kind == "person" and state is not None:
            named = nxt  # "Russia's top diplomat, Sergei Lavrov,": the role is the named person's
        else:
            return True  # "his top diplomat, Foreign Minister Sergey Lavrov": the apposed title speaks
    if named is not None:
        try:
            ref = (resolver.person_ref(named.key) if named.kind == "person"
                   else resolver.resolve(s.span[named.start:named.end].text, NodeLabel.PERSON).ref)
        except (UnresolvedName, KeyError):
            return False
        if m.key.startswith("counterpart"):
            role = _counterpart_role(ref, state, s, role_start, out, d)  # "his Chinese counterpart Wang Yi"
        actor = Actor(ref, countries[0].start if countries else role_start, named.end, named.start,
                      s.span[named.start:named.end].text, confidence=1.0 if named.kind == "person" else 0.8,
                      role=role or None, role_country=state if role else None, role_ended=ended)
        if state is None and named.kind == "person":
            found = d.reference_office(ref.id, role)
            if found:
                actor.role_country, ref_ended = found
                actor.role_ended = ended or ref_ended
        if actor.role_country is None:
            # "in Uganda with President Yoweri Museveni": the country just named in the clause
            prev = [a for a in out if a.is_country and not a.modifier and a.end <= role_start
                    and role_start - a.end <= 3]
            if prev and low[role_start - 1] == "with":
                actor.role_country = prev[-1].ref.id
        used.add(named.start)
        _mark_prep(s, actor)
        if actor.role_country:
            d.offices[ref.id] = (actor.role_country, role, actor.role_ended)
        out.append(actor)
        return True
    # No name: a role phrase stands for the state(s), with the role kept ("the Turkish president").
    if not countries and state is None:
        return False
    targets = [c.ref.id if c.is_country else d.country_of(c.ref) for c in countries] or [state]
    plural = low[role_end - 1].endswith("s")
    for iso3 in targets:
        if iso3 is None:
            continue
        ref = resolver.country(iso3).ref
        # Coreference: a person already named as holding this role for this state.
        holder = next((p for p in reversed(d.people) if d.offices.get(p.ref.id, ("", "", False))[0] == iso3
                       and role_kind(d.offices[p.ref.id][1]) == role_kind(role) and role_kind(role)), None)
        start = countries[0].start if countries else role_start
        if holder is not None and not plural:
            actor = Actor(holder.ref, start, role_end, role_start, s.span[start:role_end].text, confidence=0.9)
        else:
            actor = Actor(ref, start, role_end, role_start, s.span[start:role_end].text, confidence=0.9,
                          role=role, generic_role=True)
        _mark_prep(s, actor)
        out.append(actor)
    return True
