"""Where the microseconds of `kg load icews` go, per event, and what the write-statement variants cost.

Client side (no server): parse + resolve + validate (cProfile, grouped by where the time is spent), the
writer's batch planning, a pickle round trip of the rows (the hand-off a parser process would pay, variant b)
and building compact rows (variant d). Server side, on ICEWS18 actors already in the graph: first-load edge
batches written in explicit transactions, statement time and commit time measured apart, for the shipped
statement (`SET r = row.props`) and three smaller ones (benchmarks/cypher/edges_create_*.cypher), at several
batch sizes, interleaved (A B C D A B C D …) so that a busy machine slows all of them alike; `PROFILE` db hits
per row. Every write uses fresh event ids and is committed (the graph grows; use a scratch server).

    NEO4J_URI=bolt://127.0.0.1:PORT NEO4J_PASSWORD=… python benchmarks/profile_load.py [--events 100000]
    python benchmarks/profile_load.py          # starts its own server with ICEWS18 (admin import)
"""

from __future__ import annotations

import argparse
import cProfile
import json
import os
import pickle
import pstats
import secrets
import statistics
import sys
import tempfile
import time
from collections import defaultdict
from collections.abc import Iterator
from itertools import islice
from pathlib import Path
from typing import Any

from pydantic import SecretStr

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from kg.models import Event  # noqa: E402
from kg.ontology import cypher_identifier  # noqa: E402
from kg.rows import Row  # noqa: E402
from kg.settings import Settings  # noqa: E402
from kg.store import cypher  # noqa: E402
from kg.store.db import connect  # noqa: E402
from kg.store.export import write_admin_import  # noqa: E402
from kg.store.server import LocalServer, free_port  # noqa: E402
from kg.store.writer import _plan  # noqa: E402
from loaders import iter_rows  # noqa: E402

DATASETS = Path(os.environ.get("KG_DATASETS", ROOT.parent / "shared" / "datasets"))
FILES = [DATASETS / "icews18" / "text" / name for name in ("train.txt", "valid.txt", "test.txt")]
BENCH_CYPHER = Path(__file__).parent / "cypher"
VARIANTS = {"map_set (shipped)": None, "set_keys": "edges_create_setkeys.cypher",
            "compact_rows": "edges_create_compact.cypher", "compact_fewer_props": "edges_create_fewer.cypher"}
BUCKETS = (("loaders/", "loader: split, map CAMEO"), ("kg/resolve", "resolve names"), ("pydantic", "validate"),
           ("kg/models", "validate"), ("kg/rows", "rows"), ("kg/loading", "rows"))


def _rows(limit: int) -> list[Row]:
    return [item for item in islice(iter_rows("icews", FILES), limit) if isinstance(item, Row)]


def _bucket(filename: str) -> str:
    return next((name for key, name in BUCKETS if key in filename), "other (stdlib, csv, dates)")


def profile_client(limit: int) -> tuple[dict[str, Any], list[Row]]:
    """µs per event of each client step, on the first `limit` ICEWS18 rows."""
    started = time.perf_counter()
    rows = _rows(limit)
    parse_us = (time.perf_counter() - started) / len(rows) * 1e6
    profiler = cProfile.Profile()
    profiler.enable()
    _rows(min(limit, 50_000))
    profiler.disable()
    stats = pstats.Stats(profiler)
    by_bucket: dict[str, float] = defaultdict(float)
    total = 0.0
    for (filename, _, _), (_, _, tottime, _, _) in stats.stats.items():  # type: ignore[attr-defined]
        by_bucket[_bucket(filename)] += tottime
        total += tottime
    shares = {name: round(seconds / total, 3) for name, seconds in sorted(by_bucket.items(), key=lambda x: -x[1])}
    events = [row.event for row in rows]
    started = time.perf_counter()
    for i in range(0, len(events), 5000):
        _plan(events[i:i + 5000], {}, {}, create=True)
    plan_us = (time.perf_counter() - started) / len(events) * 1e6
    started = time.perf_counter()
    for i in range(0, len(rows), 5000):
        pickle.loads(pickle.dumps(rows[i:i + 5000], protocol=pickle.HIGHEST_PROTOCOL))
    pickle_us = (time.perf_counter() - started) / len(rows) * 1e6
    started = time.perf_counter()
    compact = [_compact(events[i:i + 5000]) for i in range(0, len(events), 5000)]
    compact_us = (time.perf_counter() - started) / len(events) * 1e6
    started = time.perf_counter()
    for batch in compact:
        pickle.loads(pickle.dumps(batch, protocol=pickle.HIGHEST_PROTOCOL))
    compact_pickle_us = (time.perf_counter() - started) / len(events) * 1e6
    return {"events": len(rows), "parse_resolve_validate_us": round(parse_us, 1),
            "parse_profile_shares": shares, "plan_batch_us": round(plan_us, 1),
            "pickle_round_trip_us": round(pickle_us, 1), "compact_rows_us": round(compact_us, 1),
            "compact_pickle_round_trip_us": round(compact_pickle_us, 1)}, rows


def _compact(events: list[Event]) -> dict[str, list[list[Any]]]:
    by_type: dict[str, list[list[Any]]] = defaultdict(list)
    for e in events:
        by_type[e.relation].append([e.subject.id, e.object.id, e.event_id, e.date, e.cameo, e.cameo_root,
                                    e.goldstein, e.quad_class, e.plover])
    return by_type


def _fresh(rows: list[Row], tag: str) -> list[Event]:
    return [row.event.model_copy(update={"event_id": f"{tag}:{row.event.event_id}"}) for row in rows]


def _batch_steps(variant: str, events: list[Event]) -> list[tuple[str, dict[str, Any]]]:
    """(statement, parameters) per relationship type, as the writer would send them in one transaction."""
    if VARIANTS[variant] is None:
        plan = _plan(events, {}, {}, create=True)
        return [(text, {"rows": rows}) for text, rows, edges in plan.steps if edges]
    template = (BENCH_CYPHER / str(VARIANTS[variant])).read_text()
    steps = []
    first = events[0]
    common = {"source": first.source, "status": first.status.value, "date_precision": first.date_precision}
    if variant == "set_keys":
        plan = _plan(events, {}, {}, create=True)
        for text, rows, edges in plan.steps:
            if edges:
                rel_type = text.split("[r:", 1)[1].split("]", 1)[0]
                flat = [{"subject": r["subject"], "object": r["object"], **r["props"]} for r in rows]
                steps.append((template.replace("{{rel_type}}", cypher_identifier(rel_type)), {"rows": flat}))
        return steps
    for rel_type, rows in sorted(_compact(events).items()):
        rows.sort(key=lambda r: (r[0], r[1]))
        steps.append((template.replace("{{rel_type}}", cypher_identifier(rel_type)), {"rows": rows, **common}))
    return steps


def _write(driver: Any, steps: list[tuple[str, dict[str, Any]]]) -> tuple[float, float, float]:
    """One batch in one explicit transaction: (statement seconds, commit seconds, client CPU seconds)."""
    cpu = time.process_time()
    with driver.session() as session:
        tx = session.begin_transaction()
        started = time.perf_counter()
        for text, params in steps:
            tx.run(text, params).consume()
        executed = time.perf_counter()
        tx.commit()
        committed = time.perf_counter()
    return executed - started, committed - executed, time.process_time() - cpu


def profile_server(driver: Any, rows: list[Row], batch_sizes: list[int], rounds: int) -> dict[str, Any]:
    results: dict[str, dict[str, list[float]]] = defaultdict(lambda: defaultdict(list))
    run = secrets.token_hex(3)
    offset = 0
    for round_no in range(rounds):
        for size in batch_sizes:
            for number, variant in enumerate(VARIANTS if size == 5000 else ["map_set (shipped)"]):
                batch = rows[offset % len(rows):offset % len(rows) + size]
                offset += size
                events = _fresh(batch, f"p{run}-{round_no}-{size}-{number}")
                steps = _batch_steps(variant, events)
                execute, commit, cpu = _write(driver, steps)
                key = f"{variant} @ {size}"
                results[key]["statement_us"].append(execute / len(events) * 1e6)
                results[key]["commit_us"].append(commit / len(events) * 1e6)
                results[key]["client_cpu_us"].append(cpu / len(events) * 1e6)
    out = {}
    for key, series in results.items():
        out[key] = {name: round(statistics.median(values), 1) for name, values in series.items()}
        out[key]["total_us"] = round(out[key]["statement_us"] + out[key]["commit_us"], 1)
        out[key]["events_per_s"] = round(1e6 / out[key]["total_us"])
    events = _fresh(rows[:5000], f"prof{run}")
    hits, rows_out = 0, 0
    with driver.session() as session:
        tx = session.begin_transaction()
        for text, params in _batch_steps("map_set (shipped)", events):
            hits += _db_hits(tx.run("PROFILE " + text, params).consume().profile)
            rows_out += len(params["rows"])
        tx.rollback()
    out["profile_db_hits_per_row (map_set @ 5000)"] = round(hits / rows_out, 1)
    return out


def _db_hits(plan: dict[str, Any]) -> int:
    return int(plan.get("dbHits", 0)) + sum(_db_hits(child) for child in plan.get("children", []))


def _server() -> Iterator[tuple[Any, LocalServer | None]]:
    if os.environ.get("NEO4J_URI"):
        with connect(Settings()) as driver:
            yield driver, None
        return
    work = Path(tempfile.mkdtemp(prefix="kg-bench-profile-"))
    settings = Settings(neo4j_uri=None, neo4j_password=SecretStr(secrets.token_urlsafe(16)), kg_home=work / "home",
                        kg_bolt_port=free_port(), kg_http_port=free_port(), kg_heap="2g", kg_pagecache="2g")
    server = LocalServer(settings)
    server.install()
    write_admin_import(iter_rows("icews", FILES), work / "import")
    server.admin_import(work / "import", overwrite=True)
    server.start()
    try:
        with connect(settings) as driver:
            for statement in cypher.statements(cypher.read("admin/constraints.cypher")):
                driver.execute_query(statement)
            yield driver, server
    finally:
        server.stop()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--out", type=Path, default=ROOT / "benchmarks" / "results" / "profile-load.json")
    parser.add_argument("--events", type=int, default=100_000)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--batch-sizes", default="1000,5000,20000")
    parser.add_argument("--client-only", action="store_true", help="no server: the client steps only")
    args = parser.parse_args()
    os.environ.setdefault("KG_CAMEO_CODEBOOK", str(DATASETS / "cameo" / "icews_cameo_codes.csv"))
    client, rows = profile_client(args.events)
    print(json.dumps(client, indent=2), file=sys.stderr)
    results: dict[str, Any] = {"dataset": "ICEWS18", "cpus": os.cpu_count(), "client": client}
    for driver, _ in () if args.client_only else _server():
        sizes = [int(s) for s in args.batch_sizes.split(",")]
        results["server"] = profile_server(driver, rows, sizes, args.rounds)
    print(json.dumps(results.get("server"), indent=2), file=sys.stderr)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(results, indent=2, default=str) + "\n")
    print(f"results in {args.out}", file=sys.stderr)


if __name__ == "__main__":
    main()
