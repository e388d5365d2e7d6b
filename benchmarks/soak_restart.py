"""Soak: run `test_neo4j_restart_mid_load_is_retried_and_the_load_completes` N times in a row (default 20).

Each run loads 3,000 events (6 batches), kill -9s the tests' Neo4j after the second committed batch, starts it
again and checks that the same load carries on and completes with every edge exactly once. One pytest session,
one server, N runs (about 1-2 minutes each, most of it the server's restart and recovery):

    nice -n 5 python benchmarks/soak_restart.py [--runs 20]

Writes benchmarks/results/soak-restart.json (runs, passed, failures, seconds per run). Not part of CI.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import sys
import time
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parent.parent
TARGET = "test_neo4j_restart_mid_load_is_retried_and_the_load_completes"


class Repeat:
    """A pytest plugin that parametrizes the target test with a run number and records each outcome."""

    def __init__(self, runs: int, on_result: Any = None) -> None:
        self.runs = runs
        self.results: list[dict[str, Any]] = []
        self.on_result = on_result  # called after each report, so a cut-short soak still leaves its JSON

    def pytest_generate_tests(self, metafunc: pytest.Metafunc) -> None:
        if metafunc.function.__name__ == TARGET:
            metafunc.fixturenames.append("soak_run")
            metafunc.parametrize("soak_run", range(1, self.runs + 1))

    def pytest_runtest_logreport(self, report: pytest.TestReport) -> None:
        if report.when == "call" or report.outcome != "passed":
            said = [line for line in report.capstdout.splitlines() if line.startswith("killed after")]
            self.results.append({"test": report.nodeid.split("::")[-1], "phase": report.when,
                                 "outcome": report.outcome, "seconds": round(report.duration, 1),
                                 "kill_and_restart": said[-1] if said else None,
                                 "error": str(report.longrepr)[-600:] if report.failed else None})
            print(f"\n{self.results[-1]['test']} {report.when}: {report.outcome} ({report.duration:.0f}s)", flush=True)
            if self.on_result:
                self.on_result()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=20)
    args = parser.parse_args()
    sys.path.insert(0, str(ROOT))  # the tests import `tests.conftest`
    started = time.perf_counter()
    out = ROOT / "benchmarks" / "results" / "soak-restart.json"
    code: int | None = None

    def write() -> tuple[int, int]:
        calls = [r for r in plugin.results if r["phase"] == "call"]
        passed = sum(r["outcome"] == "passed" for r in calls)
        out.write_text(json.dumps({
            "benchmark": "soak-restart", "test": TARGET, "runs": args.runs, "finished_runs": len(calls),
            "passed": passed, "failed_or_errored": len([r for r in plugin.results if r["outcome"] != "passed"]),
            "pytest_exit_code": code, "seconds_total": round(time.perf_counter() - started, 1),
            "faults_injected": len(calls), "results": plugin.results,
            "machine": f"{platform.machine()}, Python {platform.python_version()}; shared by several engineers "
                       f"(load average {os.getloadavg()[0]:.0f} at the end; timings noisy)",
        }, indent=2) + "\n")
        return passed, len(calls)

    plugin = Repeat(args.runs, on_result=write)
    code = int(pytest.main(["-q", "-p", "no:cacheprovider",
                            f"{ROOT / 'tests' / 'test_reliability.py'}::{TARGET}"], plugins=[plugin]))
    passed, _ = write()
    print(f"{passed} of {args.runs} runs passed; {out}")
    return 0 if passed == args.runs else 1


if __name__ == "__main__":
    sys.exit(main())
