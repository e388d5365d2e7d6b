"""What each generic attachment path ([attach] in kg/extract/patterns/common.toml) gains and costs on the dev
passages: pooled core-tier P/R/F1 with no generic path, with all, and with each one alone and all but that one.

    python benchmarks/extract_attach.py [--out benchmarks/results/extract-attach.json]
"""

from __future__ import annotations

import argparse
import json
import sys
import tomllib
from importlib import resources
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.extract_dev import score  # noqa: E402
from kg.extract import engine  # noqa: E402


def _declared() -> dict[str, dict[str, str]]:
    text = (resources.files("kg.extract") / "patterns" / "common.toml").read_text(encoding="utf-8")
    declared: dict[str, dict[str, str]] = tomllib.loads(text).get("attach", {})
    return declared


def _with(paths: dict[str, dict[str, str]]) -> dict[str, Any]:
    lex = engine.lexicon()
    table = {"subject": (), "object": ()} | {role: engine._paths(list(items.values()), lex)
                                             for role, items in paths.items()}
    original = engine.attach_paths
    engine.attach_paths = lambda: table  # type: ignore[assignment]
    try:
        pooled: dict[str, Any] = score()["all (pooled)"]
        return pooled
    finally:
        engine.attach_paths = original


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--out", type=Path, default=ROOT / "benchmarks" / "results" / "extract-attach.json")
    args = parser.parse_args()
    declared = _declared()
    out: dict[str, Any] = {"none": _with({}), "all": _with(declared)}
    for role, items in declared.items():
        for name in items:
            out[f"{role}.{name} alone"] = _with({role: {name: items[name]}})
            out[f"{role}.{name} dropped"] = _with({r: {k: v for k, v in i.items() if (r, k) != (role, name)}
                                                   for r, i in declared.items()})
    for key, s in out.items():
        print(f"{key:32} tp {s['tp']:4} fp {s['fp']:4} P {s['precision']:.3f} R {s['recall']:.3f} F1 {s['f1']:.3f}")
    args.out.write_text(json.dumps(out, indent=1) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
