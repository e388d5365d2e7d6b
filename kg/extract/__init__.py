"""News article → events: an offline, deterministic extractor.

`extract_article(text, published=…)` returns rows in the project's native events format (the same
dicts `loaders/events.py` validates), so `kg extract` output loads with `kg load events` and
`kg load article` goes through the one write path. Each row carries the sentence as evidence, its
character offsets in the article, and a confidence.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

from kg.extract.actors import Discourse, analyse_sentence
from kg.extract.rules import Found, anaphoric_event_noun, find_relations, role_of
from kg.extract.text import Vocabulary, vocabulary
from kg.ontology import relation
from kg.reference import reference_data

__all__ = ["Article", "extract_article", "extractor_version", "read_article"]


@cache
def extractor_version() -> str:
    """Changes when the rules, word lists or reference data change: the same article may then give
    other events, so a re-load must not be skipped as "already loaded"."""
    digest = hashlib.sha256(reference_data().version.encode())
    for name in sorted(resources.files("kg.extract").iterdir(), key=lambda p: p.name):
        if name.name.endswith(".py"):
            digest.update(name.read_bytes())
    return digest.hexdigest()[:12]


@dataclass(frozen=True)
class Article:
    text: str
    published: dt.date | None
    source: str
    title: str | None = None
    url: str | None = None


def read_article(path: Path, published: dt.date | None = None, source: str | None = None,
                 url: str | None = None) -> Article:
    """The text and, from a `NAME.meta.json` sidecar when present, its id, date, title and URL."""
    text = path.read_text(encoding="utf-8-sig")
    stem = path.name.split(".")[0]
    meta: dict[str, Any] = {}
    sidecar = path.with_name(f"{stem}.meta.json")
    if sidecar.exists():
        meta = json.loads(sidecar.read_text(encoding="utf-8"))
    day = published or (dt.date.fromisoformat(meta["published"]) if meta.get("published") else None)
    return Article(text=text, published=day, source=source or meta.get("id") or f"article:{stem}",
                   title=meta.get("title"), url=url or meta.get("url"))


def extract_article(article: Article, vocab: Vocabulary | None = None) -> list[dict[str, Any]]:
    """The article's events as native-format rows, in text order, duplicates merged."""
    vocab = vocab or vocabulary()
    doc = vocab.nlp(article.text)
    raw = vocab.mentions(doc)
    discourse = Discourse(article.published, vocab)
    found: list[Found] = []
    for index, span in enumerate(doc.sents):
        if not span.text.strip():
            continue
        sentence = analyse_sentence(index, span, raw, discourse)
        here = find_relations(sentence, discourse)
        anaphor = anaphoric_event_noun(sentence)
        if anaphor is not None:
            _resolve_anaphor(found, here, sentence.index, *anaphor)
        found += here
        discourse.events = found
        states = [a for a in sentence.actors if (a.is_country or a.is_org) and not a.modifier and not a.prep
                  and not a.nationals]
        if states:
            discourse.last_state = states[0]
    return [_row(f, article) for f in _merge(found)]


def _resolve_anaphor(found: list[Found], here: list[Found], index: int, rel: str, token: int, status: str) -> None:
    """"The call is not planned, but is expected": the last interaction (within two sentences) was a
    call, and is planned. A generic talk is retyped; nothing new is invented."""
    if any(f.relation in ("MET", "CALLED", "VISITED") and not f.generic for f in here):
        return
    for f in reversed(found + here):
        if f.sentence.index < index - 2:
            break
        if f.relation in ("MET", "CALLED") and (f.generic or f.relation == rel):
            if rel in ("MET", "CALLED"):
                f.relation = rel
            f.generic = False
            if status == "planned":
                f.status = "planned"
            return


def _merge(found: list[Found]) -> list[Found]:
    """One event per (relation, pair, status, date); an undated or generic mention of an event already
    found adds nothing. Two planned events of the same relation and pair are one plan."""
    out: list[Found] = []
    aid = {(f.sentence.index, f.subject.ref.id, f.object.ref.id) for f in found if f.relation == "PROVIDED_AID"}
    for f in found:
        if f.relation == "EXPORTS_TO" and (f.sentence.index, f.subject.ref.id, f.object.ref.id) in aid:
            continue  # "supplying weapons to Ukraine" read as aid is not also a sale
        if f.generic and f.status == "planned" and any(
                g.pair() == f.pair() and g.status == "planned" and g.relation in ("MET", "CALLED") and not g.generic
                for g in found):
            continue
        duplicate = None
        for g in out:
            if g.relation != f.relation or g.pair() != f.pair() or g.status != f.status:
                continue
            if f.attrs.get("commodity") != g.attrs.get("commodity") and f.attrs.get("commodity") and \
                    g.attrs.get("commodity"):
                continue
            if f.time == g.time or not f.time or not g.time or f.status == "planned":
                duplicate = g
                break
        if duplicate is None:
            out.append(f)
            continue
        if not duplicate.time and f.time and f.status != "planned":
            duplicate.time = f.time
        for key, value in f.attrs.items():
            duplicate.attrs.setdefault(key, value)
        duplicate.confidence = max(duplicate.confidence, f.confidence)
    return out


def _actor(a: Any) -> dict[str, Any]:
    ref = a.ref
    out: dict[str, Any] = {"name": ref.name, "type": ref.label.value, "id": ref.id}
    if ref.kind is not None:
        out["kind"] = ref.kind.value
    if ref.country is not None and ref.label.value == "Person":
        out["country"] = ref.country
    return out


def _row(f: Found, article: Article) -> dict[str, Any]:
    s = f.sentence
    attrs = dict(f.attrs)
    if f.relation == "HOLDS_OFFICE" and f.role:
        attrs["role"] = f.role
    for side, actor in (("subject", f.subject), ("object", f.object)):
        if actor.text and actor.text != actor.ref.name:
            attrs[f"{side}_mention"] = actor.text
    confidence = round(f.confidence * min(f.subject.confidence, f.object.confidence), 3)
    key = [f.relation, *f.pair(), f.status, json.dumps(f.time, sort_keys=True), attrs.get("commodity"),
           attrs.get("quantity")]
    row: dict[str, Any] = {
        "id": f"{f.relation.lower()}-{hashlib.sha1(json.dumps(key).encode()).hexdigest()[:12]}",
        "subject": _actor(f.subject),
        "relation": f.relation,
        "object": _actor(f.object),
        "status": f.status,
        **_dates(f),
        "evidence": s.text.strip(),
        "evidence_start": s.start_char,
        "evidence_end": s.start_char + len(s.text.rstrip()),
        "confidence": confidence,
        "source": article.source,
    }
    subject_role, object_role = role_of(f.subject), role_of(f.object)
    if subject_role and f.relation != "HOLDS_OFFICE":
        row["subject_role"] = subject_role
    if object_role and f.relation != "HOLDS_OFFICE":
        row["object_role"] = object_role
    if attrs:
        row["attrs"] = attrs
    return row


def _dates(f: Found) -> dict[str, str]:
    if relation(f.relation).kind.value == "state":
        return {}  # a membership or office stated in a story has no start date of its own
    return dict(f.time)
