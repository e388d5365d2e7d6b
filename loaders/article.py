"""News articles (plain text, optional `NAME.meta.json` sidecar): extract, then map like native rows.

`parse(path, source=…)` runs the extractor (`kg.extract`: CoreNLP's parse, then the patterns) and
validates each extracted event through the same path as the native format, so an article's events are
`Row`s like any file's. A row that fails validation (say, an "occurred" event the text dates in the
future) becomes a `Reject` naming the article's line. It never talks to Neo4j.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

from kg.extract import extract_article, read_article
from kg.nlp.client import NlpError
from kg.resolve import Resolver
from kg.rows import Reject, Row, reject_for
from loaders.events import EventRow, to_event

__all__ = ["parse"]


def parse(path: Path, *, source: str | None = None, resolver: Resolver | None = None,
          published: dt.date | None = None, url: str | None = None) -> Iterator[Row | Reject]:
    try:
        article = read_article(path, published=published, source=source, url=url)
    except UnicodeDecodeError as exc:
        yield Reject(str(path), 1, f"not UTF-8 text ({exc.reason} at byte {exc.start}); re-save as UTF-8")
        return
    except ValueError as exc:  # a malformed sidecar
        yield Reject(str(path.with_name(path.name.split(".")[0] + ".meta.json")), 1, str(exc))
        return
    if not article.text.strip():
        yield Reject(str(path), 1, "the article is empty")
        return
    resolver = resolver or Resolver()
    try:
        records = extract_article(article)
    except NlpError as exc:  # the parser could not run: one line, nothing written
        yield Reject(str(path), 1, str(exc))
        return
    for record in records:
        line = article.text.count("\n", 0, record["evidence_start"]) + 1
        try:
            event = to_event(EventRow.model_validate(record), default_source=article.source, resolver=resolver)
        except ValueError as exc:  # pydantic's ValidationError and UnresolvedName are ValueErrors
            yield reject_for(path, line, exc)
            continue
        yield Row(event, str(path), line)
