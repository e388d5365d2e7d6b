"""News article → events: CoreNLP's parse, then declarative dependency patterns (kg/extract/patterns).

`extract_article(text, published=…)` returns rows in the project's native events format (the same
dicts `loaders/events.py` validates), so `kg extract` output loads with `kg load events` and
`kg load article` goes through the one write path. Each row carries the sentence as evidence, its
character offsets in the article, and a confidence.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections import deque
from collections.abc import Iterable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

from kg.extract.engine import pattern_sources
from kg.extract.parse import Parse, parse_from_corenlp
from kg.extract.pipeline import Event, extract_parse
from kg.extract.text import Vocabulary, vocabulary
from kg.models import ActorRef
from kg.ontology import NodeLabel
from kg.reference import reference_data

__all__ = ["Article", "extract_article", "extract_articles", "extract_with_unknown", "extractor_version",
           "parse_article", "read_article"]

# Parses at the server at once in a batch: the server runs one worker per core, and this machine class has two;
# more in flight only queue there.
IN_FLIGHT = 2



@cache
def extractor_version() -> str:
    """Changes when the rules, word lists or reference data change: the same article may then give
    other events, so a re-load must not be skipped as "already loaded"."""
    digest = hashlib.sha256(reference_data().version.encode())
    for name in sorted(resources.files("kg.extract").iterdir(), key=lambda p: p.name):
        if name.name.endswith(".py"):
            digest.update(name.read_bytes())
    for source in pattern_sources():
        digest.update(source)
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


def extract_article(article: Article, vocab: Vocabulary | None = None, parse: Parse | None = None
                    ) -> list[dict[str, Any]]:
    """The article's events as native-format rows, in text order, duplicates merged. Without `parse`, the
    text is parsed by the local CoreNLP server (started on demand)."""
    return extract_with_unknown(article, vocab, parse)[0]


def extract_with_unknown(article: Article, vocab: Vocabulary | None = None, parse: Parse | None = None
                         ) -> tuple[list[dict[str, Any]], list[str]]:
    """The rows, and the names of people and organizations the reference data does not know (reported, and
    loaded as new actors, never as countries)."""
    vocab = vocab or vocabulary()
    parse = parse or parse_article(article)
    events, unknown = extract_parse(parse, vocab, article.published)
    return [_row(e, article) for e in events], unknown


def extract_articles(articles: Iterable[Article], vocab: Vocabulary | None = None, in_flight: int = IN_FLIGHT
                     ) -> Iterator[tuple[Article, list[dict[str, Any]], list[str]]]:
    """The batch form of `extract_with_unknown`: each article with its rows and unknown names, in the given order.
    Up to `in_flight` articles are at the parser at once, so the server's workers stay busy while the patterns read
    the last parse; only that many parses are held in memory, whatever the batch."""
    vocab = vocab or vocabulary()
    queue: deque[tuple[Article, Future[Parse]]] = deque()
    todo = iter(articles)
    with ThreadPoolExecutor(max_workers=max(1, in_flight), thread_name_prefix="kg-parse") as pool:
        try:
            while True:
                while len(queue) < max(1, in_flight) and (article := next(todo, None)) is not None:
                    queue.append((article, pool.submit(parse_article, article)))
                if not queue:
                    return
                article, parse = queue.popleft()
                events, unknown = extract_parse(parse.result(), vocab, article.published)
                yield article, [_row(e, article) for e in events], unknown
        finally:
            for _, parse in queue:  # a failed parse or an abandoned batch: no request is left to start
                parse.cancel()


def parse_article(article: Article) -> Parse:
    """CoreNLP's parse of the article, with its publication date as SUTime's docDate."""
    from kg.nlp.client import annotate  # the server's client: imported here so offline use needs no server

    return parse_from_corenlp(annotate(article.text, doc_date=article.published))


def _actor(ref: ActorRef) -> dict[str, Any]:
    out: dict[str, Any] = {"name": ref.name, "type": ref.label.value, "id": ref.id}
    if ref.kind is not None:
        out["kind"] = ref.kind.value
    if ref.country is not None and ref.label == NodeLabel.PERSON:
        out["country"] = ref.country
    return out


def _row(e: Event, article: Article) -> dict[str, Any]:
    s = e.sentence
    attrs = dict(e.attrs)
    for side, arg in (("subject", e.subject), ("object", e.object)):
        if arg.text and arg.text != arg.ref.name:
            attrs[f"{side}_mention"] = arg.text
    key = [e.relation, *e.pair(), e.status, e.date, attrs.get("commodity"), attrs.get("quantity")]
    row: dict[str, Any] = {
        "id": f"{e.relation.lower()}-{hashlib.sha1(json.dumps(key).encode()).hexdigest()[:12]}",
        "subject": _actor(e.subject.ref),
        "relation": e.relation,
        "object": _actor(e.object.ref),
        "status": e.status,
        **({"date": e.date} if e.date else {}),
        "evidence": article.text[s.begin:s.end],
        "evidence_start": s.begin,
        "evidence_end": s.end,
        "confidence": round(e.confidence, 3),
        "source": article.source,
    }
    if e.subject.role and "role" not in e.attrs:  # an office's own title is its attribute, not a stand-in role
        row["subject_role"] = e.subject.role
    if e.object.role and "role" not in e.attrs:
        row["object_role"] = e.object.role
    if attrs:
        row["attrs"] = attrs
    return row
