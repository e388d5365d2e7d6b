"""Spark benchmark: ICEWS18 (468,558 events, text layout) mapped by the Spark job at local[1] and local[2],
beside the Python path's mapping speed; the driver's peak memory at three input sizes; and end to end,
raw files → neo4j-admin CSVs (Spark) → `neo4j-admin database import`, beside `kg load`'s time.

Each Spark setting runs in a fresh process (its own JVM). The mapping is timed after a warm-up job
(JVM and Python workers started, reference data loaded), by writing the mapped rows to Spark's `noop`
sink; the JVM start and warm-up are reported apart.

    python benchmarks/spark_icews18.py [--out benchmarks/results/spark-icews18.json] [--skip-import]
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import secrets
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

DATASETS = Path(os.environ.get("KG_DATASETS", ROOT.parent / "shared" / "datasets"))
DATA = DATASETS / "icews18" / "text"
CODEBOOK = DATASETS / "cameo" / "icews_cameo_codes.csv"
FILES = [DATA / "train.txt", DATA / "valid.txt", DATA / "test.txt"]
SIZES = {"test (49,545)": [DATA / "test.txt"], "valid+test (95,540)": [DATA / "valid.txt", DATA / "test.txt"],
         "all (468,558)": FILES}


def _jvm_peak_mb(spark: Any) -> float:
    pid = spark.sparkContext._jvm.java.lang.ProcessHandle.current().pid()
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return round(int(line.split()[1]) / 1024, 1)
    return float("nan")


def _timed_map(spark: Any, files: list[Path]) -> tuple[int, float]:
    from pyspark.sql import functions as F

    from kg.spark.job import input_files, map_events

    started = time.perf_counter()
    mapped = map_events(spark, input_files("icews", [str(f) for f in files])).persist()
    counts = {r["record_kind"]: r["n"] for r in mapped.groupBy("record_kind").agg(F.count("*").alias("n")).collect()}
    seconds = time.perf_counter() - started
    mapped.unpersist()
    return counts.get("row", 0) + counts.get("reject", 0), seconds


def worker(master: str, out: Path, admin_dir: Path | None) -> None:
    """One Spark setting in this process: warm-up, timed mapping, memory by size, optionally the admin CSVs."""
    from kg.spark.job import run, session

    started = time.perf_counter()
    spark = session(master)
    result: dict[str, Any] = {"master": master, "jvm_start_seconds": round(time.perf_counter() - started, 2)}
    warm = tempfile.mkdtemp(prefix="kg-spark-warm-")
    Path(warm, "icews18", "text").mkdir(parents=True)
    with (DATA / "valid.txt").open() as src:
        Path(warm, "icews18", "text", "valid.txt").write_text("".join(src.readlines()[:2000]))
    rows, seconds = _timed_map(spark, [Path(warm, "icews18", "text", "valid.txt")])
    result["warm_up_seconds"] = round(seconds, 2)
    rows, seconds = _timed_map(spark, FILES)
    result.update({"rows": rows, "map_seconds": round(seconds, 2), "rows_per_s": round(rows / seconds)})
    if master == "local[2]":
        memory = {}
        for label, files in SIZES.items():  # smallest first: a peak that stays put is flat in input size
            n, s = _timed_map(spark, files)
            memory[label] = {"rows": n, "seconds": round(s, 2), "driver_jvm_peak_rss_mb": _jvm_peak_mb(spark),
                             "driver_python_peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
                                                                / 1024, 1)}
        result["driver_memory_by_input_size"] = memory
    if admin_dir is not None:
        started = time.perf_counter()
        job = run(spark, "icews", [str(f) for f in FILES], admin_dir, outputs=("admin",))
        result["admin_csv"] = {"seconds": round(time.perf_counter() - started, 2), **job.as_dict()}
    spark.stop()
    shutil.rmtree(warm, ignore_errors=True)
    out.write_text(json.dumps(result, indent=2))


def python_mapping() -> dict[str, Any]:
    from loaders import iter_rows

    started = time.perf_counter()
    rows = sum(1 for _ in iter_rows("icews", FILES))  # rows and rejects: what the Spark job counts too
    seconds = time.perf_counter() - started
    return {"rows": rows, "seconds": round(seconds, 2), "rows_per_s": round(rows / seconds)}


def _spark_process(master: str, work: Path, admin_dir: Path | None) -> dict[str, Any]:
    out = work / f"{master.replace('[', '-').replace(']', '')}.json"
    command = [sys.executable, __file__, "--worker", master, "--worker-out", str(out)]
    if admin_dir is not None:
        command += ["--admin-dir", str(admin_dir)]
    subprocess.run(command, check=True)
    return json.loads(out.read_text())  # type: ignore[no-any-return]


def admin_import(admin_dir: Path, work: Path) -> float:
    from pydantic import SecretStr

    from kg.settings import Settings
    from kg.store.server import LocalServer, free_port

    settings = Settings(neo4j_uri=None, neo4j_password=SecretStr(secrets.token_urlsafe(16)), kg_home=work / "home",
                        kg_bolt_port=free_port(), kg_http_port=free_port(), kg_heap="2g", kg_pagecache="2g")
    return LocalServer(settings).admin_import(admin_dir, overwrite=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--out", type=Path, default=ROOT / "benchmarks" / "results" / "spark-icews18.json")
    parser.add_argument("--skip-import", action="store_true", help="No end-to-end admin CSV + neo4j-admin run.")
    parser.add_argument("--worker", help=argparse.SUPPRESS)
    parser.add_argument("--worker-out", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--admin-dir", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    os.environ["KG_CAMEO_CODEBOOK"] = str(CODEBOOK)
    if args.worker:
        worker(args.worker, args.worker_out, args.admin_dir)
        return
    work = Path(tempfile.mkdtemp(prefix="kg-spark-bench-"))
    load = json.loads((ROOT / "benchmarks" / "results" / "load-icews18.json").read_text())
    results: dict[str, Any] = {
        "dataset": "ICEWS18 text layout (train+valid+test), 468,558 events",
        "machine": {"cpus": os.cpu_count(), "python": platform.python_version(),
                    "load_average_at_start": os.getloadavg(),
                    "note": "compare the load averages at start and end: above the core count, other jobs shared "
                            "the machine and the timings are noisy"}}
    args.out.parent.mkdir(parents=True, exist_ok=True)

    def save() -> None:  # after every phase: a run cut short still leaves what it measured
        args.out.write_text(json.dumps(results, indent=2) + "\n")

    results["python_mapping"] = python_mapping()
    print(f"python: {results['python_mapping']}", file=sys.stderr)
    save()
    results["spark_local_1"] = _spark_process("local[1]", work, None)
    print(f"local[1]: {results['spark_local_1']}", file=sys.stderr)
    save()
    admin_dir = None if args.skip_import else work / "admin"
    results["spark_local_2"] = _spark_process("local[2]", work, admin_dir)
    print(f"local[2]: {results['spark_local_2']}", file=sys.stderr)
    save()
    one, two, py = (results[k]["rows_per_s"] for k in ("spark_local_1", "spark_local_2", "python_mapping"))
    results["ratios"] = {"local[2] / local[1]": round(two / one, 2), "local[2] / python": round(two / py, 2),
                         "targets": {"local[2] / local[1]": 1.6, "local[2] / python": 2.0}}
    if admin_dir is not None:
        import_seconds = admin_import(admin_dir / "admin", work)
        csv_seconds = results["spark_local_2"]["admin_csv"]["seconds"]
        results["end_to_end"] = {
            "spark_admin_csv_seconds": csv_seconds, "neo4j_admin_import_seconds": round(import_seconds, 2),
            "total_seconds": round(csv_seconds + import_seconds, 2),
            "kg_load_seconds": load["kg_load"]["seconds"],
            "kg_load_note": "from benchmarks/results/load-icews18.json (benchmarks/load_icews18.py), same data"}
    results["machine"]["load_average_at_end"] = os.getloadavg()
    save()
    print(json.dumps(results["ratios"], indent=2))
    shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
