"""Dev-set quality of the extractor, per set of passages: the token rules (old) against the pattern engine
(new) on stored CoreNLP parses (tests/data/parses), pooled core-tier P/R/F1 and per-relation figures.

    python benchmarks/extract_dev.py [--engine new|old|both] [--out benchmarks/results/extract-dev.json]

The dev passages are the ones the extractors were tuned on; the blind figures are the frozen set's.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from kg.extract import extract_article, read_article  # noqa: E402
from kg.extract.evaluate import Score, evaluate, read_gold  # noqa: E402
from kg.extract.parse import load_parse  # noqa: E402

DATA = ROOT / "tests" / "data"
PARSES = DATA / "parses"
SEED = ROOT.parent.parent / "shared" / "corpus" / "seed-article.txt"
if not SEED.exists():
    SEED = ROOT.parent / "shared" / "corpus" / "seed-article.txt"


def passages() -> dict[str, list[Path]]:
    groups = {"seed": [SEED]}
    for folder in sorted(DATA.glob("articles*")):
        groups[folder.name] = sorted(folder.glob("*.txt"))
    return groups


def _parse_path(group: str, path: Path) -> Path:
    return PARSES / f"{'shared' if group == 'seed' else group}--{path.stem}.json"


def run(engine: str, group: str, path: Path) -> list[dict[str, Any]]:
    article = read_article(path)
    if engine == "old":
        from kg.extract.rules_v1 import extract_article_v1  # the token rules, kept until the lead's frozen run

        return extract_article_v1(article)
    return extract_article(article, parse=load_parse(_parse_path(group, path)))


def score(engine: str) -> dict[str, Any]:
    out: dict[str, Any] = {}
    per_relation: dict[str, Counter[str]] = {}
    for group, paths in passages().items():
        tiers = Counter[str]()
        for path in paths:
            ev = evaluate(run(engine, group, path), read_gold(path.with_name(path.stem + ".gold.jsonl")))
            core = ev.tiers.get("core", Score(0, 0, 0))
            tiers.update({"tp": core.tp, "fp": core.fp, "fn": core.fn})
            for rel, s in ev.relations.items():
                per_relation.setdefault(rel, Counter()).update({"tp": s.tp, "fp": s.fp, "fn": s.fn})
        out[group] = Score(tiers["tp"], tiers["fp"], tiers["fn"]).as_dict()
    out["relations (all tiers)"] = {rel: Score(c["tp"], c["fp"], c["fn"]).as_dict()
                                    for rel, c in sorted(per_relation.items())}
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--engine", choices=("new", "old", "both"), default="both")
    parser.add_argument("--out", type=Path, default=ROOT / "benchmarks" / "results" / "extract-dev.json")
    args = parser.parse_args()
    engines = ("old", "new") if args.engine == "both" else (args.engine,)
    result = {engine: score(engine) for engine in engines}
    for group in result[engines[0]]:
        if group.startswith("relations"):
            continue
        cells = "  ".join(f"{e} P {result[e][group]['precision']:.2f} R {result[e][group]['recall']:.2f} "
                          f"F1 {result[e][group]['f1']:.2f}" for e in engines)
        print(f"{group:20} {cells}")
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
