"""Load benchmark: ICEWS18 (468,558 events) four ways, side by side, on one local Neo4j 5.26.

1. `kg load icews` (the product path: parse, resolve, validate, batched UNWIND MERGE)
2. `LOAD CSV … CALL { … } IN TRANSACTIONS OF 5000 ROWS` over the same events written as CSV into the
   server's import directory (Neo4j's own online bulk path; CSV writing is not timed: the bar to beat)
3. naive per-row MERGE from the driver, one transaction per event, on a sample, extrapolated
4. `neo4j-admin database import` of `kg export admin-import` CSVs (offline, empty database)

Also the loader's peak RSS at 10k, 100k and all rows (each in a fresh process), and the CPU seconds the client
and the server's JVM spend on paths 1 and 2 (where the time goes on a machine with few cores).

    python benchmarks/load_icews18.py [--out benchmarks/results/load-icews18.json]
    taskset -c 0 python benchmarks/load_icews18.py --only-ratio --out benchmarks/results/load-icews18-1core.json

`--only-ratio` runs paths 1 and 2 only; under `taskset -c 0` the server, started by the benchmark, shares the one core.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import platform
import secrets
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path
from typing import Any

from pydantic import SecretStr

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from kg.ontology import cypher_identifier  # noqa: E402
from kg.rows import Row  # noqa: E402
from kg.settings import Settings  # noqa: E402
from kg.store import cypher  # noqa: E402
from kg.store.db import connect  # noqa: E402
from kg.store.export import write_admin_import  # noqa: E402
from kg.store.schema import apply_schema  # noqa: E402
from kg.store.server import LocalServer, free_port  # noqa: E402
from loaders import iter_rows  # noqa: E402

DATA = ROOT.parent / "shared" / "datasets" / "icews18" / "text"
CODEBOOK = ROOT.parent / "shared" / "datasets" / "cameo" / "icews_cameo_codes.csv"
BENCH_CYPHER = Path(__file__).parent / "cypher"

_RSS_WRAPPER = (
    "import resource, subprocess, sys; "
    "p = subprocess.run(sys.argv[1:], capture_output=True, text=True); "
    "sys.stderr.write(p.stderr); print(p.stdout); "
    "u = resource.getrusage(resource.RUSAGE_CHILDREN); "
    "print('MAXRSS_KB', u.ru_maxrss, u.ru_utime + u.ru_stime); sys.exit(p.returncode)"
)
_SERVER: list[LocalServer] = []  # the benchmark's server, whose CPU time each path is charged


def server_cpu_seconds() -> float:
    """User + system CPU seconds the server's JVM has used so far (all its threads), from /proc."""
    pid = _SERVER[0].pid() if _SERVER else None
    if pid is None:
        return float("nan")
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _wipe(driver: Any) -> None:
    with driver.session() as session:
        for statement in cypher.statements((BENCH_CYPHER / "wipe.cypher").read_text()):
            session.run(statement).consume()


def _count_edges(driver: Any) -> int:
    return driver.execute_query((BENCH_CYPHER / "count_edges.cypher").read_text()).records[0]["n"]


def product_load(files: list[Path], env: dict[str, str]) -> dict[str, Any]:
    """`kg load icews` in a fresh process; wall time, peak RSS and CPU time of that process, the server's CPU time."""
    command = [sys.executable, "-c", _RSS_WRAPPER, sys.executable, "-m", "kg", "load", "icews",
               *map(str, files), "--quiet", "--json", "--force"]
    started, server_started = time.perf_counter(), server_cpu_seconds()
    proc = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
    seconds = time.perf_counter() - started
    server_seconds = server_cpu_seconds() - server_started
    if proc.returncode not in (0, 3):
        raise RuntimeError(proc.stdout + proc.stderr)
    rss_kb, client_seconds = proc.stdout.rsplit("MAXRSS_KB", 1)[1].split()
    summaries = json.loads(proc.stdout.rsplit("MAXRSS_KB", 1)[0])
    rows = sum(s["rows_written"] for s in summaries)
    return {"rows": rows, "rejected": sum(s["rejected"] for s in summaries), "seconds": round(seconds, 2),
            "events_per_s": round(rows / seconds), "peak_rss_mb": round(int(rss_kb) / 1024, 1),
            "client_cpu_seconds": round(float(client_seconds), 2), "server_cpu_seconds": round(server_seconds, 2)}


def _render(name: str, **names: str) -> str:
    text = (BENCH_CYPHER / name).read_text()
    for key, value in names.items():
        text = text.replace("{{" + key + "}}", cypher_identifier(value))
    return text


def write_bench_csv(rows: list[Row], import_dir: Path) -> tuple[list[str], list[str]]:
    """One CSV per label and per relationship type (LOAD CSV needs static labels and types to stream)."""
    columns = ["source", "status", "date", "since", "until", "date_precision", "cameo", "cameo_root",
               "goldstein", "quad_class", "plover"]
    nodes: dict[str, dict[str, dict[str, Any]]] = defaultdict(dict)
    edges: dict[str, list[list[Any]]] = defaultdict(list)
    for row in rows:
        e = row.event
        for actor in (e.subject, e.object):
            nodes[actor.label.value].setdefault(actor.id, {"id": actor.id, **actor.node_properties()})
        props = e.edge_properties_json()
        edges[e.relation].append([e.subject.id, e.object.id, e.event_id,
                                  *("" if props[c] is None else props[c] for c in columns)])
    for label, by_id in nodes.items():
        with (import_dir / f"bench-nodes-{label}.csv").open("w", newline="") as handle:
            writer = csv.DictWriter(handle, fieldnames=["id", "name", "iso3", "kind", "country"])
            writer.writeheader()
            writer.writerows(by_id.values())
    for rel_type, lines in edges.items():
        with (import_dir / f"bench-edges-{rel_type}.csv").open("w", newline="") as handle:
            writer = csv.writer(handle)
            writer.writerow(["subject", "object", "event_id", *columns])
            writer.writerows(lines)
    return sorted(nodes), sorted(edges)


def load_csv(driver: Any, labels: list[str], rel_types: list[str]) -> float:
    statements = [_render("load_csv_nodes.cypher", label=label) for label in labels]
    statements += [_render("load_csv_edges.cypher", rel_type=rel_type) for rel_type in rel_types]
    started = time.perf_counter()
    with driver.session() as session:  # CALL { } IN TRANSACTIONS needs an auto-commit transaction
        for statement in statements:
            session.run(statement).consume()
    return time.perf_counter() - started


def naive(driver: Any, rows: list[Row]) -> float:
    statement = (BENCH_CYPHER / "naive_merge.cypher").read_text()
    started = time.perf_counter()
    with driver.session() as session:
        for row in rows:
            e = row.event
            params = {"subject": e.subject.id, "subject_label": e.subject.label.value, "subject_name": e.subject.name,
                      "object": e.object.id, "object_label": e.object.label.value, "object_name": e.object.name,
                      "type": e.relation, "event_id": e.event_id, "props": e.edge_properties()}
            session.execute_write(lambda tx, p=params: tx.run(statement, p).consume())
    return time.perf_counter() - started


def _load_by_size(driver: Any, files: list[Path], work: Path, env: dict[str, str],
                  subsets: tuple[int, ...] = (10_000, 100_000)) -> dict[str, Any]:
    """`kg load` of the first 10k and 100k lines of train.txt, then of every file, each in a fresh process."""
    rss = {}
    for n in subsets:
        subset = work / "subset" / f"{n}" / "train.txt"
        subset.parent.mkdir(parents=True)
        with (DATA / "train.txt").open() as src, subset.open("w") as dst:
            for _, line in zip(range(n), src, strict=False):
                dst.write(line)
        _wipe(driver)
        rss[str(n)] = product_load([subset], env)
        print(f"kg load {n}: {rss[str(n)]}", file=sys.stderr)
    _wipe(driver)
    product = product_load(files, env)
    rss["all"] = product
    print(f"kg load all: {product}", file=sys.stderr)
    assert _count_edges(driver) == product["rows"]
    return rss


def _baselines(driver: Any, server: LocalServer, rows: list[Row], naive_sample: int) -> dict[str, Any]:
    """The two alternatives `kg load` is compared with: LOAD CSV of all rows, one transaction per row (a sample)."""
    database = server.settings.neo4j_database
    results: dict[str, Any] = {}
    _wipe(driver)
    apply_schema(driver, database)
    labels, rel_types = write_bench_csv(rows, server.import_dir)
    server_started = server_cpu_seconds()
    seconds = load_csv(driver, labels, rel_types)
    server_seconds = server_cpu_seconds() - server_started
    assert _count_edges(driver) == len(rows), "LOAD CSV did not write every event"
    results["load_csv"] = {"rows": len(rows), "seconds": round(seconds, 2), "events_per_s": round(len(rows) / seconds),
                           "server_cpu_seconds": round(server_seconds, 2)}
    print(f"LOAD CSV: {results['load_csv']}", file=sys.stderr)

    if not naive_sample:
        return results
    _wipe(driver)
    apply_schema(driver, database)
    sample = rows[:naive_sample]
    seconds = naive(driver, sample)
    results["naive_per_row"] = {"rows": len(sample), "seconds": round(seconds, 2),
                                "events_per_s": round(len(sample) / seconds),
                                "extrapolated_seconds_all": round(seconds / len(sample) * len(rows))}
    print(f"naive: {results['naive_per_row']}", file=sys.stderr)
    return results


def _admin_import(server: LocalServer, rows: list[Row], work: Path) -> dict[str, Any]:
    """Export the rows for `neo4j-admin database import`, import them offline, check every edge arrived."""
    started = time.perf_counter()
    export_dir = work / "admin-import"
    write_admin_import(iter(rows), export_dir)
    export_seconds = time.perf_counter() - started
    server.stop()
    import_seconds = server.admin_import(export_dir, overwrite=True)
    result = {"rows": len(rows), "export_seconds": round(export_seconds, 2),
              "import_seconds": round(import_seconds, 2), "events_per_s": round(len(rows) / import_seconds),
              "events_per_s_with_export": round(len(rows) / (import_seconds + export_seconds))}
    server.start()
    with connect(server.settings) as driver:
        assert _count_edges(driver) == len(rows)
    print(f"admin import: {result}", file=sys.stderr)
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--out", type=Path, default=ROOT / "benchmarks" / "results" / "load-icews18.json")
    parser.add_argument("--naive-sample", type=int, default=3000)
    parser.add_argument("--only-ratio", action="store_true", help="paths 1 and 2 only (no RSS subsets, naive, admin)")
    args = parser.parse_args()
    files = [DATA / "train.txt", DATA / "valid.txt", DATA / "test.txt"]
    work = Path(tempfile.mkdtemp(prefix="kg-bench-"))
    password = secrets.token_urlsafe(16)
    settings = Settings(neo4j_uri=None, neo4j_password=SecretStr(password), kg_home=work / "home",
                        kg_bolt_port=free_port(), kg_http_port=free_port(), kg_heap="2g", kg_pagecache="2g")
    server = LocalServer(settings)
    env = {**os.environ, "NEO4J_URI": settings.uri, "NEO4J_PASSWORD": password, "KG_HOME": str(work / "home"),
           "KG_CAMEO_CODEBOOK": str(CODEBOOK)}
    os.environ["KG_CAMEO_CODEBOOK"] = str(CODEBOOK)
    results: dict[str, Any] = {"dataset": "ICEWS18 text layout (train+valid+test)", "machine": {
        "cpus": os.cpu_count(), "python": platform.python_version(), "neo4j": "5.26.30 community (local, heap 2g, "
        "page cache 2g)"}}
    print(f"starting a benchmark server in {work}", file=sys.stderr)
    server.start()
    _SERVER.append(server)
    try:
        with connect(settings) as driver:
            # Peak RSS at 10k, 100k, all rows: first N lines of train.txt, each load in a fresh process.
            rss = _load_by_size(driver, files, work, env, subsets=() if args.only_ratio else (10_000, 100_000))
            results["kg_load"] = rss["all"]
            results["peak_rss_mb"] = {k: v["peak_rss_mb"] for k, v in rss.items()}
            results["kg_load_by_size"] = rss
            rows = [r for r in iter_rows("icews", files) if isinstance(r, Row)]
            results.update(_baselines(driver, server, rows, 0 if args.only_ratio else args.naive_sample))
        if not args.only_ratio:
            results["admin_import"] = _admin_import(server, rows, work)
    finally:
        server.stop()

    k, c = results["kg_load"]["events_per_s"], results["load_csv"]["events_per_s"]
    results["ratios"] = {"kg_load / load_csv": round(k / c, 2)}
    if not args.only_ratio:
        n, a = results["naive_per_row"]["events_per_s"], results["admin_import"]["events_per_s"]
        results["ratios"].update({"kg_load / naive": round(k / n, 1), "admin_import / kg_load": round(a / k, 2)})
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(results, indent=2) + "\n")
    print(json.dumps(results["ratios"], indent=2))
    print(f"results in {args.out}", file=sys.stderr)

if __name__ == "__main__":
    main()
