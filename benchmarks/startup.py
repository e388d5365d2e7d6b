"""How fast `kg` commands that need no database start, against importing click + neo4j + pydantic alone.

Target (issue #17): `kg --help`, `kg query --list`, `kg resolve Russia` within 1.3x of the baseline import.
Runs each command REPEATS times, interleaved (so load on a shared machine hits all alike), and writes the
medians to benchmarks/results/startup.json.  Usage: python benchmarks/startup.py [--repeats N]
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import time
from pathlib import Path

RESULTS = Path(__file__).parent / "results" / "startup.json"
BASELINE = [sys.executable, "-c", "import click, neo4j, pydantic"]
COMMANDS = {
    "kg --help": ["--help"],
    "kg query --list": ["query", "--list"],
    "kg resolve Russia": ["resolve", "Russia"],
    "kg browser --query who-met": ["browser", "--query", "who-met"],
}
TARGET = 1.3


def _seconds(argv: list[str]) -> float:
    started = time.perf_counter()
    subprocess.run(argv, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                   env={**os.environ, "COLUMNS": "120"})
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeats", type=int, default=7)
    args = parser.parse_args()
    runs: dict[str, list[float]] = {"baseline": [], **{name: [] for name in COMMANDS}}
    for _ in range(args.repeats):
        runs["baseline"].append(_seconds(BASELINE))
        for name, argv in COMMANDS.items():
            runs[name].append(_seconds([sys.executable, "-m", "kg", *argv]))
    base = statistics.median(runs["baseline"])
    result = {
        "what": "median wall time of a fresh process, seconds; ratio = command / baseline import",
        "baseline": "python -c 'import click, neo4j, pydantic'", "baseline_seconds": round(base, 3),
        "target_ratio": TARGET, "repeats": args.repeats, "machine": f"{platform.machine()}, {os.cpu_count()} cores "
        "(shared with other jobs: timings are noisy)", "python": platform.python_version(),
        "commands": {name: {"seconds": round(statistics.median(times), 3),
                            "ratio": round(statistics.median(times) / base, 2),
                            "met": statistics.median(times) / base <= TARGET} for name, times in runs.items()
                     if name != "baseline"},
    }
    RESULTS.parent.mkdir(exist_ok=True)
    RESULTS.write_text(json.dumps(result, indent=2) + "\n")
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
