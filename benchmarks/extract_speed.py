"""Extraction speed and quality, offline.

Speed: words per second of `kg.extract.extract_article` over the seed article and the test suite's
passages (warm: the phrase matchers are built once first, which is reported separately), against a
baseline run side by side on the same texts: spaCy's blank English pipeline alone (tokenizer and
sentencizer), the floor any spaCy-based extractor pays.

Quality: the eval figures (`kg eval extract`) on the seed and on each group of own passages.

    python benchmarks/extract_speed.py [--rounds 20] [--out benchmarks/results/extract.json]
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from kg.extract import extract_article, read_article  # noqa: E402
from kg.extract.evaluate import Score, evaluate, read_gold  # noqa: E402
from kg.extract.text import Vocabulary  # noqa: E402

SEED = ROOT.parent / "shared" / "corpus" / "seed-article.txt"
FOLDERS = ("articles", "articles-heldout", "articles-blind", "articles-blind2", "articles-blind3",
           "articles-blind4", "articles-blind5",
           "articles-blind6", "articles-blind7", "articles-blind8")
GROUPS = {"seed": [SEED], **{folder: sorted((ROOT / "tests" / "data" / folder).glob("*.txt"))
                             for folder in FOLDERS}}


def _pooled(scores: list[Any], tier: str | None) -> dict[str, float | int]:
    parts = [s.tiers[tier] if tier else s.overall for s in scores]
    return Score(sum(p.tp for p in parts), sum(p.fp for p in parts), sum(p.fn for p in parts)).as_dict()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rounds", type=int, default=20)
    parser.add_argument("--out", type=Path, default=ROOT / "benchmarks" / "results" / "extract.json")
    args = parser.parse_args()

    articles = [read_article(p) for paths in GROUPS.values() for p in paths if p.exists()]
    words = sum(len(a.text.split()) for a in articles)

    started = time.perf_counter()
    vocab = Vocabulary()
    build_seconds = time.perf_counter() - started

    started = time.perf_counter()
    for _ in range(args.rounds):
        for article in articles:
            list(vocab.nlp(article.text).sents)
    baseline = time.perf_counter() - started

    started = time.perf_counter()
    events = 0
    for _ in range(args.rounds):
        for article in articles:
            events += len(extract_article(article, vocab))
    extractor = time.perf_counter() - started

    quality: dict[str, Any] = {}
    for name, paths in GROUPS.items():
        scores = [evaluate(extract_article(read_article(p), vocab), read_gold(p.with_name(p.stem + ".gold.jsonl")))
                  for p in paths if p.exists()]
        if scores:
            quality[name] = {"articles": len(scores), "core": _pooled(scores, "core"),
                             "extra": _pooled(scores, "extra"), "all": _pooled(scores, None)}

    result = {
        "articles": len(articles), "words": words, "rounds": args.rounds,
        "vocabulary_build_seconds": round(build_seconds, 2),
        "extractor_words_per_second": round(words * args.rounds / extractor),
        "baseline_spacy_blank_words_per_second": round(words * args.rounds / baseline),
        "extractor_over_baseline_time": round(extractor / baseline, 1),
        "events_per_round": events // args.rounds,
        "quality": quality,
    }
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
