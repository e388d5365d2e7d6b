"""The one place that decides an event's status from the parse: occurred, planned, or not an event.

Negation ("did not meet", "no talks", "never visited"), conditionals ("if they meet"), and verbs that deny the
event ("refused to meet", "fears of sanctions") make it no event; modals ("will visit", "could sign"), plans and
expectations ("plans to visit", "is expected to sign", "a planned visit") make it planned. The words are the
`status_*` lists of kg/extract/patterns/status.toml; the walk goes from the trigger up through the verbs that
embed it (xcomp, a light verb's object, an infinitive attached to a plan noun) to its clause.
"""

from __future__ import annotations

from kg.extract.engine import lexicon
from kg.extract.parse import ParsedSentence

__all__ = ["NOT_AN_EVENT", "clause_chain", "event_status"]

NOT_AN_EVENT = "none"
_EMBEDDING = {"xcomp", "obj", "nsubj:pass", "acl", "acl:to", "nmod:of", "nmod:for", "ccomp", "conj:and", "dep", "cop",
              "obl:of"}
# Relations that embed a clause only when the governor reports, denies, wishes or plans it ("denied providing").
_LOOSE = {"ccomp", "conj:and", "dep"}


def _words(name: str) -> frozenset[str]:
    return frozenset(lexicon().get(name, []))


def _governing(rel: str) -> frozenset[str]:
    """The verbs a loosely attached clause is embedded under: a report ("said it had imposed"), and for a complement
    (not a coordinated verb) a denial too ("denied providing weapons", "denied that it had sent troops")."""
    return _words("status_embedders") | (_words("status_deniers") if rel != "conj:and" else frozenset())


def clause_chain(s: ParsedSentence, trigger: int) -> list[tuple[int, str]]:
    """The trigger, then each governor that embeds it, with the relation it was reached by."""
    chain = [(trigger, "")]
    seen = {trigger}
    here = trigger
    while True:
        ups = [(rel, g) for rel, g in s.parents[here] if g and g not in seen and rel in _EMBEDDING]
        if not ups:
            return chain
        rel, here = ups[0]
        seen.add(here)
        chain.append((here, rel))
        if rel in _LOOSE and s.token(here).lemma.lower() not in _governing(rel):
            return chain[:-1]


# (relations, word list) pairs that make an event no event, then those that make it planned
_NONE_MARKS = ((("advmod", "det", "neg"), "status_negators"), (("mark",), "status_conditionals"),
               (("aux",), "status_deontic"),  # "should negotiate": advice, not a plan
               (("amod",), "status_hypothetical"))  # "a possible conflict": speculation
_PLAN_MARKS = ((("aux",), "status_modals"), (("amod", "advmod", "obl:tmod", "nmod:tmod"), "status_plan_modifiers"))


def _mark(rel: str, lemma: str) -> str | None:
    if any(rel in rels and lemma in _words(words) for rels, words in _NONE_MARKS):
        return NOT_AN_EVENT
    if any(rel in rels and lemma in _words(words) for rels, words in _PLAN_MARKS):
        return "planned"
    return None


def _own_marks(s: ParsedSentence, i: int) -> str | None:
    """What a token's own dependents say: negation, a conditional, a modal, a plan modifier. A negation or a
    conditional outranks a modal whatever the word order ("will not provide" is no event, not a plan)."""
    marks = {_mark(rel, s.token(j).lemma.lower()) for rel, j in s.children[i]} - {None}
    if NOT_AN_EVENT in marks:
        return NOT_AN_EVENT
    return "planned" if marks else None


def event_status(s: ParsedSentence, trigger: int) -> str:
    """occurred, planned, or NOT_AN_EVENT; the word nearest the trigger decides."""
    for i, _ in clause_chain(s, trigger):
        own = _own_marks(s, i)
        if own is not None:
            return own
        if i == trigger:
            continue
        lemma = s.token(i).lemma.lower()
        if lemma in _words("status_deniers") or lemma in _words("status_wishes"):
            return NOT_AN_EVENT
        if lemma in _words("status_planners"):
            return "planned"
    return "occurred"
