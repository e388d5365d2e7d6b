"""`kg extract` and `kg eval extract`: news article → events (CoreNLP parse + patterns), and scoring."""

from __future__ import annotations

import json
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, TextIO

import click
from rich.table import Table

from kg.cli.common import console, err_console

__all__ = ["evaluate_command", "extract"]

_DATE = click.DateTime(formats=["%Y-%m-%d"])


def _article(path: Path, published: Any, source: str | None) -> Any:
    from kg.extract import read_article

    url = source if source and source.startswith(("http://", "https://")) else None
    try:
        return read_article(path, published=published.date() if published else None, source=source, url=url)
    except UnicodeDecodeError as exc:
        raise click.ClickException(f"{path}: not UTF-8 text ({exc.reason}); re-save it as UTF-8") from None
    except (ValueError, KeyError) as exc:
        raise click.ClickException(f"{path.with_suffix('.meta.json')}: {exc}") from None


@click.command("extract")
@click.argument("articles", nargs=-1, required=True, type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--published", type=_DATE, help="Publication date (default: each ARTICLE's .meta.json sidecar).")
@click.option("--source", help="Source id or URL for the events (default: the sidecar's id, else article:NAME); "
              "one ARTICLE only.")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path),
              help="Write the events here as JSONL (default: standard output); written whole or not at all.")
def extract(articles: tuple[Path, ...], published: Any, source: str | None, output: Path | None) -> None:
    """Extract typed, dated events from news articles in the native events format (parsed by the local
    CoreNLP server, which starts on first use; two articles are at the parser at once).

    The output loads with `kg load events`; `kg load article` extracts and loads in one step.
    """
    from kg.extract import extract_articles
    from kg.extract.text import vocabulary
    from kg.nlp.client import NlpError

    if source and len(articles) > 1:
        raise click.UsageError("--source names one article; give it with a single ARTICLE (or use .meta.json sidecars)")
    docs = [_article(path, published, source) for path in articles]
    undated = [path.name for path, doc in zip(articles, docs, strict=True) if doc.published is None]
    if undated:
        more = " …" if len(undated) > 5 else ""
        err_console.print(f"[yellow]no publication date[/] for {', '.join(undated[:5])}{more} (give --published "
                          "or a .meta.json sidecar): weekdays and relative dates stay unresolved")
    vocab = vocabulary()  # built once per process (about 0.2 s); timed apart from the extraction
    started = time.perf_counter()
    events, unknown = 0, []
    with _events_out(output) as out:
        try:
            for doc, rows, names in extract_articles(docs, vocab):
                out.write("".join(json.dumps(row, ensure_ascii=False) + "\n" for row in rows))
                events += len(rows)
                unknown += [n for n in names if n not in unknown]
                if len(docs) > 1:
                    err_console.print(f"{doc.source}: {len(rows)} events", highlight=False)
        except NlpError as exc:
            raise click.ClickException(str(exc)) from None
    seconds = time.perf_counter() - started
    words = sum(len(doc.text.split()) for doc in docs)
    err_console.print(f"{events} events from {words:,} words in {seconds:.2f}s ({words / seconds:,.0f} words/s)"
                      + (f" → {output}" if output else ""))
    if unknown:
        err_console.print(f"actors not in the reference data ({len(unknown)}): {', '.join(unknown[:12])}")


@contextmanager
def _events_out(output: Path | None) -> Iterator[TextIO]:
    """Standard output, or a file that appears whole: written beside it, renamed into place at the end."""
    if output is None:
        yield sys.stdout
        return
    partial = output.with_name(f".{output.name}.partial")
    try:
        with partial.open("w", encoding="utf-8") as handle:
            yield handle
        partial.replace(output)
    finally:
        partial.unlink(missing_ok=True)


def _parse(doc: Any) -> Any:
    from kg.extract import parse_article
    from kg.nlp.client import NlpError

    try:
        return parse_article(doc)
    except NlpError as exc:
        raise click.ClickException(str(exc)) from None


@click.group("eval")
def evaluate_command() -> None:
    """Evaluate components against labelled data."""


@evaluate_command.command("extract")
@click.argument("article", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--gold", type=click.Path(exists=True, dir_okay=False, path_type=Path), required=True,
              help="Gold events (JSONL: subject, relation, object, date, tier).")
@click.option("--published", type=_DATE, help="Publication date (default: from the .meta.json sidecar).")
@click.option("--json", "as_json", is_flag=True, help="Print the scores, misses and false positives as JSON.")
def evaluate_extract(article: Path, gold: Path, published: Any, as_json: bool) -> None:
    """Precision, recall and F1 of the extractor on ARTICLE against gold labels: overall, per tier and
    per relation, with the misses and false positives listed."""
    from kg.extract import extract_article
    from kg.extract.evaluate import evaluate, read_gold

    doc = _article(article, published, None)
    try:
        labels = read_gold(gold)
    except ValueError as exc:
        raise click.ClickException(f"{gold}: {exc}") from None
    parse = _parse(doc)
    try:
        result = evaluate(extract_article(doc, parse=parse), labels)
    except (ValueError, KeyError) as exc:
        raise click.ClickException(f"{gold}: {exc}") from None
    if as_json:
        click.echo(json.dumps(result.as_dict(), indent=2, ensure_ascii=False, default=str))
        return
    table = Table(title=f"{article.name}: {len(labels)} gold events")
    for column in ("scope", "tp", "fp", "fn", "precision", "recall", "f1"):
        table.add_column(column, justify="left" if column == "scope" else "right")

    def add(name: str, score: Any) -> None:
        d = score.as_dict()
        table.add_row(name, *(str(d[k]) if k in ("tp", "fp", "fn") else f"{d[k]:.3f}"
                              for k in ("tp", "fp", "fn", "precision", "recall", "f1")))

    add("overall", result.overall)
    for tier, score in result.tiers.items():
        add(f"tier {tier}", score)
    table.add_section()
    for rel, score in sorted(result.relations.items()):
        add(rel, score)
    console.print(table)
    for miss in result.misses:
        console.print(f"[red]miss[/] {miss.get('tier', '')} {miss['subject']} {miss['relation']} {miss['object']}"
                      f" {miss.get('date') or ''}  [dim]{(miss.get('evidence') or '')[:90]}[/]")
    for fp in result.false_positives:
        console.print(f"[yellow]false positive[/] {fp['subject']['name']} {fp['relation']} {fp['object']['name']}"
                      f" {fp.get('date') or ''}  [dim]{fp['evidence'][:90]}[/]")
