"""How long a write keeps retrying a Neo4j that is gone, against KG_RETRY_SECONDS: the driver's own
back-off (how kg connected before issue 14) versus `kg.store.db.connect` + `kg.store.db.retrying` (now).

Two outages, both on 127.0.0.1 only: a port where nothing listens (connection refused: a killed server),
and a fake server that accepts and never answers (a hung one). No Neo4j needed:

    python benchmarks/retry_budget.py [--budget 8]

Writes benchmarks/results/retry-budget.json.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import secrets
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from neo4j import GraphDatabase
from pydantic import SecretStr

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from kg.settings import Settings  # noqa: E402
from kg.store.db import connect, retrying  # noqa: E402
from kg.store.server import free_port  # noqa: E402
from tests.fake_bolt import FakeBolt  # noqa: E402

STATEMENT = "RETURN 1"


def _timed(work: Callable[[], Any]) -> dict[str, Any]:
    started = time.monotonic()
    try:
        work()
        error = None
    except Exception as exc:  # the outage: what we time is how long it took to give up
        error = exc.__class__.__name__
    return {"seconds": round(time.monotonic() - started, 2), "error": error}


def before(uri: str, budget: float) -> dict[str, Any]:
    # a throwaway credential: the fake or dead server never checks it
    with GraphDatabase.driver(uri, auth=("neo4j", secrets.token_hex(8)), max_transaction_retry_time=budget) as driver:
        return _timed(lambda: driver.execute_query(STATEMENT))


def now(uri: str, budget: float) -> dict[str, Any]:
    settings = Settings(_env_file=None, neo4j_uri=uri, neo4j_password=SecretStr("x"), kg_retry_seconds=budget)
    with connect(settings) as driver:
        return _timed(lambda: retrying(lambda: driver.execute_query(STATEMENT)))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--budget", type=float, default=8.0)
    args = parser.parse_args()
    results: dict[str, Any] = {"benchmark": "retry-budget", "kg_retry_seconds": args.budget}
    refused = f"neo4j://127.0.0.1:{free_port()}"
    results["refused_before"] = before(refused, args.budget)
    results["refused_now"] = now(refused, args.budget)
    with FakeBolt(b"", linger=600) as hung:
        results["hung_before"] = before(hung.uri, args.budget)
        results["hung_now"] = now(hung.uri, args.budget)
    results["machine"] = (f"{platform.machine()}, Python {platform.python_version()}; shared by several engineers "
                          f"(load average {os.getloadavg()[0]:.0f})")
    out = ROOT / "benchmarks" / "results" / "retry-budget.json"
    out.write_text(json.dumps(results, indent=2) + "\n")
    print(json.dumps(results, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
