"""`kg extract` and `kg eval extract`: news article → events (CoreNLP parse + patterns), and scoring."""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path
from typing import Any

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
@click.argument("article", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--published", type=_DATE, help="Publication date (default: from ARTICLE's .meta.json sidecar).")
@click.option("--source", help="Source id or URL for the events (default: the sidecar's id, else article:NAME).")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path),
              help="Write the events here as JSONL (default: standard output).")
def extract(article: Path, published: Any, source: str | None, output: Path | None) -> None:
    """Extract typed, dated events from a news article in the native events format (parsed by the local
    CoreNLP server, which starts on first use).

    The output loads with `kg load events`; `kg load article` extracts and loads in one step.
    """
    from kg.extract import extract_with_unknown
    from kg.extract.text import vocabulary

    doc = _article(article, published, source)
    if doc.published is None:
        err_console.print("[yellow]no publication date[/] (give --published or a .meta.json sidecar): "
                          "weekdays and relative dates stay unresolved")
    vocab = vocabulary()  # built once per process (about 0.2 s); timed apart from the extraction
    parse = _parse(doc)  # CoreNLP, started on demand (timed: it is most of the cost)
    started = time.perf_counter()
    rows, unknown = extract_with_unknown(doc, vocab, parse)
    seconds = time.perf_counter() - started + parse_seconds(parse)
    lines = "".join(json.dumps(row, ensure_ascii=False) + "\n" for row in rows)
    if output is None:
        sys.stdout.write(lines)
    else:
        output.write_text(lines, encoding="utf-8")
    words = len(doc.text.split())
    err_console.print(f"{len(rows)} events from {words:,} words in {seconds:.2f}s ({words / seconds:,.0f} words/s)"
                      + (f" → {output}" if output else ""))
    if unknown:
        err_console.print(f"actors not in the reference data ({len(unknown)}): {', '.join(unknown[:12])}")


def _parse(doc: Any) -> Any:
    from kg.extract import parse_article
    from kg.nlp.client import NlpError

    started = time.perf_counter()
    try:
        parse = parse_article(doc)
    except NlpError as exc:
        raise click.ClickException(str(exc)) from None
    parse.seconds = time.perf_counter() - started
    return parse


def parse_seconds(parse: Any) -> float:
    return float(getattr(parse, "seconds", 0.0))


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
