"""Dev-set quality of the pattern engine per set of passages, on the stored CoreNLP parses (tests/data/parses):
pooled core-tier P/R/F1 per set and P/R/F1 per relation (all tiers), beside the figures of the token rules it
replaced (measured with this script's scoring at commit 6c8a089, kept in the results file under "old").

    python benchmarks/extract_dev.py [--out benchmarks/results/extract-dev.json]

The dev passages are the ones both extractors were tuned on (the token rules over ten rounds, the engine
during its writing); only a set neither has seen (the frozen set) says how they do on new text.
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


def run(group: str, path: Path) -> list[dict[str, Any]]:
    return extract_article(read_article(path), parse=load_parse(_parse_path(group, path)))


def score() -> dict[str, Any]:
    out: dict[str, Any] = {}
    per_relation: dict[str, Counter[str]] = {}
    pooled = Counter[str]()
    for group, paths in passages().items():
        tiers = Counter[str]()
        for path in paths:
            ev = evaluate(run(group, path), read_gold(path.with_name(path.stem + ".gold.jsonl")))
            core = ev.tiers.get("core", Score(0, 0, 0))
            tiers.update({"tp": core.tp, "fp": core.fp, "fn": core.fn})
            for rel, s in ev.relations.items():
                per_relation.setdefault(rel, Counter()).update({"tp": s.tp, "fp": s.fp, "fn": s.fn})
        out[group] = Score(tiers["tp"], tiers["fp"], tiers["fn"]).as_dict()
        pooled.update(tiers)
    out["all (pooled)"] = Score(pooled["tp"], pooled["fp"], pooled["fn"]).as_dict()
    out["relations (all tiers)"] = {rel: Score(c["tp"], c["fp"], c["fn"]).as_dict()
                                    for rel, c in sorted(per_relation.items())}
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--out", type=Path, default=ROOT / "benchmarks" / "results" / "extract-dev.json")
    args = parser.parse_args()
    previous = json.loads(args.out.read_text(encoding="utf-8")) if args.out.exists() else {}
    result = {"old": previous.get("old", {}), "new": score()}
    for group, new in result["new"].items():
        if group.startswith("relations"):
            continue
        old = result["old"].get(group)
        was = f"old P {old['precision']:.2f} R {old['recall']:.2f} F1 {old['f1']:.2f}   " if old else ""
        print(f"{group:18} {was}new P {new['precision']:.2f} R {new['recall']:.2f} F1 {new['f1']:.2f}")
    for rel, new in result["new"]["relations (all tiers)"].items():
        print(f"  {rel:22} tp {new['tp']:3} fp {new['fp']:3} fn {new['fn']:3}  F1 {new['f1']:.2f}")
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
