"""The extractor on a frozen test set (tests/data/frozen, tests/data/frozen2, …): written and labelled by an author
who never saw the patterns, before any extractor ran on it. A set's FIRST run is its headline figure: this script
records it in benchmarks/results/extract.json under "<set>_first_run" and never overwrites it; later runs go to
benchmarks/results/extract-<set>-latest.json, beside it, so a change is measured without rewriting history.

    python benchmarks/extract_frozen.py                 # parses with the local CoreNLP server (kg nlp start)
    python benchmarks/extract_frozen.py --old-ref 6c8a089   # also the token-rule extractor, side by side
    python benchmarks/extract_frozen.py --set frozen2   # the second blind set

Each passage's parse is stored in tests/data/parses/<set>--NAME.json (the offline tests read them). The old
extractor runs from a `git archive` of --old-ref in a subprocess; both are scored by today's `kg eval extract`
matching (so EXPORTS_TO / IMPORTS_FROM count as one flow for both).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import subprocess
import sys
import tarfile
import tempfile
from collections import Counter
from io import BytesIO
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from kg.extract import extract_article, extractor_version, read_article  # noqa: E402
from kg.extract.evaluate import Score, evaluate, read_gold  # noqa: E402
from kg.extract.parse import load_parse, trim  # noqa: E402

DATA = ROOT / "tests" / "data"
PARSES = ROOT / "tests" / "data" / "parses"
RESULTS = ROOT / "benchmarks" / "results"

_OLD_RUNNER = """
import json, sys
from pathlib import Path
from kg.extract import extract_article, read_article
out = {}
for name in sys.argv[1:]:
    out[name] = extract_article(read_article(Path(name)))
print(json.dumps(out, default=str))
"""


def _parse(path: Path, name: str) -> Any:
    """The stored parse, else CoreNLP's (stored for the offline tests)."""
    stored = PARSES / f"{name}--{path.stem}.json"
    if not stored.exists():
        from kg.nlp.client import annotate

        article = read_article(path)
        stored.write_text(json.dumps(trim(annotate(article.text, doc_date=article.published))) + "\n",
                          encoding="utf-8")
    return load_parse(stored)


def _old_rows(ref: str, paths: list[Path]) -> dict[str, list[dict[str, Any]]]:
    archive = subprocess.run(["git", "archive", ref], cwd=ROOT, capture_output=True, check=True).stdout
    with tempfile.TemporaryDirectory() as tmp:
        with tarfile.open(fileobj=BytesIO(archive)) as tar:
            tar.extractall(tmp, filter="data")
        out = subprocess.run([sys.executable, "-c", _OLD_RUNNER, *map(str, paths)], cwd=tmp, capture_output=True,
                             text=True, check=True, env={**os.environ, "PYTHONPATH": tmp}).stdout
    return {Path(k).stem: v for k, v in json.loads(out).items()}


def _score(rows_of: dict[str, list[dict[str, Any]]], paths: list[Path]) -> dict[str, Any]:
    core, every = Counter[str](), Counter[str]()
    per_relation: dict[str, Counter[str]] = {}
    per_passage = {}
    for path in paths:
        ev = evaluate(rows_of[path.stem], read_gold(path.with_name(path.stem + ".gold.jsonl")))
        c = ev.tiers.get("core", Score(0, 0, 0))
        core.update({"tp": c.tp, "fp": c.fp, "fn": c.fn})
        every.update({"tp": ev.overall.tp, "fp": ev.overall.fp, "fn": ev.overall.fn})
        per_passage[path.stem] = c.as_dict()
        for rel, s in ev.relations.items():
            per_relation.setdefault(rel, Counter()).update({"tp": s.tp, "fp": s.fp, "fn": s.fn})
    return {"core": Score(core["tp"], core["fp"], core["fn"]).as_dict(),
            "all_tiers": Score(every["tp"], every["fp"], every["fn"]).as_dict(),
            "relations_all_tiers": {r: Score(c["tp"], c["fp"], c["fn"]).as_dict()
                                    for r, c in sorted(per_relation.items())},
            "passages_core": per_passage}


def _commit() -> str:
    return subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True,
                          check=False).stdout.strip()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--old-ref", help="Also score the extractor of this git ref (e.g. 6c8a089, the token rules).")
    parser.add_argument("--set", default="frozen", help="The test set: a folder under tests/data (default: frozen).")
    args = parser.parse_args()
    paths = sorted((DATA / args.set).glob("*.txt"))
    if not paths:
        parser.error(f"no passages in {DATA / args.set}")
    words = sum(len(p.read_text(encoding="utf-8").split()) for p in paths)
    new_rows = {p.stem: extract_article(read_article(p), parse=_parse(p, args.set)) for p in paths}
    result: dict[str, Any] = {
        "command": "python benchmarks/extract_frozen.py" + (f" --set {args.set}" if args.set != "frozen" else "")
                   + (f" --old-ref {args.old_ref}" if args.old_ref else ""),
        "when": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"), "git_commit": _commit(),
        "extractor_version": extractor_version(), "passages": len(paths), "words": words,
        "new": _score(new_rows, paths)}
    if args.old_ref:
        result["old"] = {"ref": args.old_ref, **_score(_old_rows(args.old_ref, paths), paths)}
    headline = RESULTS / "extract.json"
    recorded = json.loads(headline.read_text(encoding="utf-8")) if headline.exists() else {}
    key = f"{args.set}_first_run"
    if key in recorded:
        out = RESULTS / f"extract-{args.set}-latest.json"
        out.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
        print(f"first run already recorded in {headline} (kept); this run is in {out}")
    else:
        recorded[key] = result
        headline.write_text(json.dumps(recorded, indent=2) + "\n", encoding="utf-8")
        print(f"first run recorded in {headline}")
    for name in ("new", "old"):
        if name in result:
            c, a = result[name]["core"], result[name]["all_tiers"]
            print(f"{name:4} core P {c['precision']:.3f} R {c['recall']:.3f} F1 {c['f1']:.3f}   "
                  f"all tiers P {a['precision']:.3f} R {a['recall']:.3f} F1 {a['f1']:.3f}")


if __name__ == "__main__":
    main()
