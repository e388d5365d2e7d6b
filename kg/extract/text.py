"""The spaCy side: a blank English pipeline (tokenizer, sentencizer) and phrase matchers built from
the reference data, giving the raw mentions (countries, people, organizations, titles) of a text.

No statistical model is used (none can be downloaded here, and rules over known names are
deterministic): every name the matcher finds is one the resolver knows.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

import spacy
from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from kg.extract.engine import lexicon
from kg.reference import ROLE_KINDS, reference_data
from kg.resolve import Resolver, alias_rows, country_names

__all__ = ["RawMention", "Vocabulary", "vocabulary"]


@dataclass(frozen=True)
class RawMention:
    start: int  # token indices in the doc
    end: int
    kind: str  # country | person | org | title | name (an unknown capitalised name)
    key: str  # ISO3, person id, org id, or the title's lower-case text
    alias_kind: str = ""  # for countries: name | short | demonym | metonym | former | ambiguous


@Language.component("kg_newline_sentences")
def _newline_sentences(doc: Doc) -> Doc:
    """Paragraph and line breaks end a sentence (headlines and datelines have no full stop)."""
    for token in doc[:-1]:
        if "\n" in token.text or "\n" in token.whitespace_:
            doc[token.i + 1].is_sent_start = True
    return doc


_TITLE_HEADS = {"president", "minister", "premier", "chancellor", "king", "queen", "leader", "secretary", "envoy",
                "ambassador", "spokesman", "spokeswoman", "counterpart"}
_HONORIFICS = {"prince", "princess", "sheikh", "sir", "dame", "lord", "lady", "emir", "king", "queen"}
_PARTICLES = {"el", "al", "bin", "ibn", "de", "da", "van", "von", "der", "le", "la", "du", "dos", "di", "abu"}
_NOT_NAMES = {"the", "a", "an", "and", "but", "yet", "or", "so", "if", "in", "on", "at", "as", "for", "of", "to",
              "by", "with", "from", "despite", "even", "meanwhile", "speaking", "below", "above", "other",
              "many", "some", "several", "western", "eastern", "northern", "southern", "middle", "central",
              "asian", "african", "european", "arab", "latin", "mr", "ms", "mrs", "dr", "sir", "i", "we",
              "they", "he", "she", "it", "this", "that", "these", "those", "there", "here", "what", "why",
              "how", "when", "where", "who", "leave", "comment", "read", "more", "share", "photo", "file",
              "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "january",
              "february", "march", "april", "may", "june", "july", "august", "september", "october",
              "november", "december", "reuters", "ap", "afp", "associated", "press", "news", "times", "post"}


class Vocabulary:
    """The pipeline and matchers, built once from the reference data (about a second)."""

    def __init__(self, resolver: Resolver | None = None) -> None:
        self.resolver = resolver or Resolver()
        self.nlp = spacy.blank("en")
        self.nlp.add_pipe("sentencizer")
        self.nlp.add_pipe("kg_newline_sentences")
        self.matcher = PhraseMatcher(self.nlp.vocab, attr="LOWER")
        self.exact = PhraseMatcher(self.nlp.vocab, attr="ORTH")  # short all-caps forms: US, UK, EU
        self._keys: dict[str, tuple[str, str, str]] = {}  # match label → (kind, key, alias kind)
        self._add_names()

    def _add(self, kind: str, key: str, alias_kind: str, phrases: set[str]) -> None:
        label = f"{kind}|{key}|{alias_kind}"
        self._keys[label] = (kind, key, alias_kind)
        exact = {p for p in phrases if p.isupper() and len(re.sub(r"[^A-Z]", "", p)) <= 3}
        loose = phrases - exact
        if exact:
            self.exact.add(label, [self.nlp.make_doc(p) for p in sorted(exact)])
        if loose:
            self.matcher.add(label, [self.nlp.make_doc(p) for p in sorted(loose)])

    def _add_names(self) -> None:
        by_country: dict[tuple[str, str], set[str]] = {}
        for iso3, name in country_names().items():
            by_country.setdefault((iso3, "name"), set()).add(name)
        import pycountry

        for country in pycountry.countries:
            for attr in ("name", "common_name", "official_name"):
                if value := getattr(country, attr, None):
                    by_country.setdefault((country.alpha_3, "name"), set()).add(value)
        for row in alias_rows():
            codes = row["iso3"].split("|")
            if len(codes) != 1 or not row["alias"]:
                continue  # ambiguous ("Congo"): never matched, so never guessed
            by_country.setdefault((codes[0], row["kind"] or "name"), set()).add(row["alias"])
        for (iso3, alias_kind), names in by_country.items():
            names |= {n.removeprefix("the ").removeprefix("The ") for n in names}
            self._add("country", iso3, alias_kind, names)
        data = reference_data()
        for person in data.people.values():
            self._add("person", person.id, "", {person.name, *person.aliases})
        for org in data.organizations.values():
            names = {org.name, *org.aliases, org.id.removeprefix("org:").upper()}
            names |= {re.sub(r"^G(\d+)$", r"G-\1", n) for n in names}
            names |= {n.removeprefix("the ") for n in names}
            self._add("org", org.id, "", names)
        titles = {w for words in ROLE_KINDS.values() for w in words if w != "pm"} | set(lexicon()["title_words"])
        for title in sorted(titles, key=len, reverse=True):
            self._add("title", title, "", {title})
        self._add("none", "-", "", set(lexicon()["not_country_phrases"]))  # longest match wins, then is dropped

    def mentions(self, doc: Doc) -> list[RawMention]:
        spans: list[Span] = []
        for matcher in (self.matcher, self.exact):
            for match_id, start, end in matcher(doc):
                label = self.nlp.vocab.strings[match_id]
                span = Span(doc, start, end, label=label)
                kind = self._keys[label][0]
                if kind != "title" and not _proper(span):
                    continue
                spans.append(span)
        spans = filter_spans(spans)  # longest wins: "Secretary of State" over "State"
        taken = {i for span in spans for i in range(span.start, span.end)}
        spans = [self._with_given_names(doc, span, taken) for span in spans]
        taken = {i for span in spans for i in range(span.start, span.end)}
        out = [RawMention(s.start, s.end, *self._keys[s.label_]) for s in spans if self._keys[s.label_][0] != "none"]
        out += [RawMention(s, e, "name", doc[s:e].text) for s, e in _capitalised_names(doc, taken)]
        return sorted(out, key=lambda m: m.start)

    def _with_given_names(self, doc: Doc, span: Span, taken: set[int]) -> Span:
        """"Volodymyr Zelenskiy" when only "Zelenskiy" is an alias: capitalised given names just before a
        known person's surname belong to the mention."""
        if self._keys[span.label_][0] != "person" or len(span) != 1:
            return span
        start = span.start
        while (start > 0 and start - 1 not in taken and span.start - start < 2 and _name_word(doc[start - 1].text)
               and doc[start - 1].text.lower() not in _NOT_NAMES and not doc[start - 1].is_sent_start):
            start -= 1
        return Span(doc, start, span.end, label=span.label) if start < span.start else span


def _proper(span: Span) -> bool:
    """Names are capitalised in running text: "US" not "us", "Turkey" not "turkey"."""
    last = span[-1].text
    return any(ch.isupper() for ch in span.text) and (last[:1].isupper() or last[:1].isdigit()
                                                       or last.lower() in _PARTICLES)


def _capitalised_names(doc: Doc, taken: set[int]) -> list[tuple[int, int]]:
    """Runs of 2-4 capitalised words no matcher claimed: candidate names of people ("Paul Whelan").
    Whether one is a person is decided later from its context (a title, "said", an apposition)."""
    out: list[tuple[int, int]] = []
    i = 0
    n = len(doc)
    while i < n:
        token = doc[i]
        after_title = i > 0 and doc[i - 1].text.lower() in _TITLE_HEADS  # "Vietnamese President To Lam"
        if i in taken or not _name_word(token.text) or (token.text.lower() in _NOT_NAMES and not after_title):
            i += 1
            continue
        j = i + 1
        while j < n and j not in taken and (
                (_name_word(doc[j].text) and doc[j].text.lower() not in _NOT_NAMES)
                or (doc[j].text == "-" and j + 1 < n and doc[j + 1].text[:1].isalpha() and not doc[j].whitespace_
                and not doc[j - 1].whitespace_)
                or (doc[j].text.lower() in _PARTICLES and j + 1 < n and _name_word(doc[j + 1].text))
                or (doc[j].text.isalpha() and doc[j].text.islower() and doc[j - 1].text == "-"
                    and not doc[j - 1].whitespace_ and doc[j].text.lower() not in _NOT_NAMES)):
            j += 1
        while j > i and doc[j - 1].text == "-":
            j -= 1
        while i < j and doc[i].text.lower() in _HONORIFICS:
            i += 1  # "Prince Abdulaziz bin Salman": the name without the honorific
        words = [t for t in doc[i:j] if t.text != "-"]
        if 2 <= len(words) <= 5:
            out.append((i, j))
        i = max(j, i + 1)
    return out


def _name_word(text: str) -> bool:
    return len(text) > 1 and text[0].isupper() and text[1:].replace("'", "").isalpha() and not text.isupper()


@cache
def vocabulary() -> Vocabulary:
    return Vocabulary()
