"""Extraction speed and memory: the extractor end to end with a warm CoreNLP server, against the old
(token-rule, spaCy-only) extractor side by side on the same 50-passage batch.

The batch: the seed article and every dev passage under tests/data/articles*/, repeated in order up to
`--passages` (50). Measured, each over `--rounds` rounds:

- CoreNLP: cold start of a fresh server (own temporary home, free port, KG_NLP_HEAP, default 3g; the
  Maven cache must be filled already, `kg nlp start` does it), its RSS after the start and its peak RSS
  (VmHWM) after the runs;
- parse: words/s of `kg.nlp.annotate` alone on the batch (the pipeline kg uses), one request at a time
  and with two requests in flight (the server has two worker threads on this 2-core machine);
- extractor: words/s of `kg.extract.extract_article` (the public API, whatever it parses with), warm, one
  article after the other; extractor_batch: the batch API `kg extract FILE…` uses (`extract_articles`: two
  articles at the parser at once, while the patterns read the last parse), the end-to-end figure;
- old extractor: the same call on the code of `--old-ref` (git archive of kg/ into a temporary
  directory, run in a subprocess), so the old figure stays measurable after the old rules are removed.

Where the time goes: for the parse and the extractor it also reports the CPU seconds the CoreNLP server
and this Python process spent (/proc and time.process_time), and words per CPU-second; on a machine shared
with other jobs, wall-clock words/s mostly measures the other jobs, CPU-seconds much less so.

Quality: the `kg eval extract` figures of the current extractor, pooled per group of dev passages (the
seed and each tests/data/articles*/ folder). The frozen test set's first run is recorded elsewhere
(benchmarks/results/extract.json) and never rewritten by this script.

    python benchmarks/extract_speed.py [--rounds 2] [--out benchmarks/results/extract-speed.json]
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys
import tarfile
import tempfile
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

# The commit before extractor v2 (issue #15): token rules over a spaCy blank pipeline.
OLD_REF = "6c8a089"
BATCH = 50

# Run inside the subprocess on the old code: prints words/s of its extract_article on the batch.
OLD_RUNNER = """
import json, sys, time
from pathlib import Path
import kg
from kg.extract import extract_article, read_article
paths, rounds = [Path(p) for p in json.loads(sys.argv[1])], int(sys.argv[2])
articles = [read_article(p) for p in paths]
words = sum(len(a.text.split()) for a in articles)
extract_article(articles[0])  # builds the phrase matchers once
per_round = []
cpu = time.process_time()
for _ in range(rounds):
    started = time.perf_counter()
    events = sum(len(extract_article(a)) for a in articles)
    per_round.append(round(words / (time.perf_counter() - started)))
cpu = time.process_time() - cpu
print(json.dumps({"words_per_second": per_round, "events": events, "kg": kg.__file__,
                  "words_per_cpu_second": round(words * rounds / cpu)}))
"""


def dev_paths() -> list[Path]:
    """The seed article (../shared, from the main checkout or a worktree) and the labelled dev passages."""
    shared = next((p for p in (ROOT.parent / "shared", ROOT.parent.parent / "shared") if p.exists()), None)
    seed = [shared / "corpus" / "seed-article.txt"] if shared else []
    return seed + sorted(ROOT.glob("tests/data/articles*/*.txt"))


def batch_paths(size: int) -> list[Path]:
    dev = dev_paths()
    return [dev[i % len(dev)] for i in range(size)]


def _peak_rss_mb(pid: int | None) -> float | None:
    if pid is None:
        return None
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return round(int(line.split()[1]) / 1024)
    return None


def old_extractor(repo: Path, ref: str, paths: list[Path], rounds: int) -> dict[str, Any]:
    """The old extractor's words/s, from `git archive REF kg` run in a clean subprocess."""
    with tempfile.TemporaryDirectory(prefix="kg-old-extractor-") as tmp:
        archive = subprocess.run(["git", "-C", str(repo), "archive", ref, "kg"], capture_output=True, check=True)
        tar_path = Path(tmp) / "kg.tar"
        tar_path.write_bytes(archive.stdout)
        with tarfile.open(tar_path) as tar:
            tar.extractall(tmp, filter="data")
        env = {**os.environ, "PYTHONPATH": tmp}
        proc = subprocess.run([sys.executable, "-c", OLD_RUNNER, json.dumps([str(p) for p in paths]), str(rounds)],
                              capture_output=True, text=True, env=env, cwd=tmp, check=False)
        if proc.returncode != 0:
            return {"error": proc.stderr.strip().splitlines()[-1] if proc.stderr.strip() else "failed"}
        result: dict[str, Any] = json.loads(proc.stdout.strip().splitlines()[-1])
        if not str(result.pop("kg")).startswith(tmp):
            return {"error": "the subprocess imported the current kg, not the archived one"}
        return {"ref": ref, **result}


def _timed(run: Callable[[], Any], words: int, rounds: int, server_pid: int) -> dict[str, Any]:
    """words/s (wall) per round, and the CPU seconds of the server and of this process over all rounds."""
    from kg.jvm import process_cpu_seconds

    per_round = []
    server_cpu, client_cpu = process_cpu_seconds(server_pid), time.process_time()
    for _ in range(rounds):
        started = time.perf_counter()
        run()
        per_round.append(round(words / (time.perf_counter() - started)))
    server_cpu = process_cpu_seconds(server_pid) - server_cpu
    client_cpu = time.process_time() - client_cpu
    return {"words_per_second": per_round, "server_cpu_seconds": round(server_cpu, 1),
            "python_cpu_seconds": round(client_cpu, 1),
            "words_per_cpu_second": round(words * rounds / max(1e-9, server_cpu + client_cpu))}


def parse_speed(articles: list[Any], words: int, rounds: int, workers: int, server_pid: int) -> dict[str, Any]:
    from kg.nlp import annotate

    def run() -> None:
        with ThreadPoolExecutor(max_workers=workers) as pool:
            list(pool.map(lambda a: annotate(a.text, doc_date=a.published), articles))

    return _timed(run, words, rounds, server_pid)


def extractor_speed(articles: list[Any], words: int, rounds: int, server_pid: int, batch: bool) -> dict[str, Any]:
    """`extract_article` one article after the other, or the batch API `kg extract FILE…` uses (two parses in
    flight while the patterns read the last one)."""
    from kg.extract import extract_article, extract_articles

    extract_article(articles[0])  # one-off set-up (word lists, matchers) is not the per-article cost
    events: list[int] = []

    def run() -> None:
        if batch:
            events.append(sum(len(rows) for _, rows, _ in extract_articles(articles)))
        else:
            events.append(sum(len(extract_article(a)) for a in articles))

    return {**_timed(run, words, rounds, server_pid), "events": events[-1]}


def dev_quality() -> dict[str, Any]:
    from kg.extract import extract_article, read_article
    from kg.extract.evaluate import Score, evaluate, read_gold

    def pooled(scores: list[Any], tier: str | None) -> dict[str, float | int]:
        # a passage with no gold of a tier: its unmatched events still count against that tier's precision
        parts = [s.tiers.get(tier, Score(0, s.overall.fp, 0)) if tier else s.overall for s in scores]
        return Score(sum(p.tp for p in parts), sum(p.fp for p in parts), sum(p.fn for p in parts)).as_dict()

    groups: dict[str, list[Path]] = {}
    for path in dev_paths():
        groups.setdefault("seed" if path.parent.name == "corpus" else path.parent.name, []).append(path)
    quality: dict[str, Any] = {}
    for name, paths in sorted(groups.items()):
        scores = [evaluate(extract_article(read_article(p)), read_gold(p.with_name(p.stem + ".gold.jsonl")))
                  for p in paths if p.with_name(p.stem + ".gold.jsonl").exists()]
        if scores:
            quality[name] = {"articles": len(scores), "core": pooled(scores, "core"),
                             "extra": pooled(scores, "extra"), "all": pooled(scores, None)}
    return quality


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--passages", type=int, default=BATCH)
    parser.add_argument("--old-ref", default=OLD_REF)
    parser.add_argument("--repo", type=Path, default=ROOT, help="git repository holding --old-ref")
    parser.add_argument("--no-quality", action="store_true", help="skip the dev passages' eval figures")
    parser.add_argument("--out", type=Path, default=ROOT / "benchmarks" / "results" / "extract-speed.json")
    args = parser.parse_args()

    from kg.jvm import free_port, process_rss_mb
    from kg.nlp import NlpServer
    from kg.settings import Settings

    paths = batch_paths(args.passages)
    with tempfile.TemporaryDirectory(prefix="kg-speed-") as home:
        # The extractor's own client reads these: it must use the benchmark's server, never the user's.
        os.environ.update({"KG_HOME": home, "KG_NLP_PORT": str(free_port())})
        from kg.extract import read_article

        articles = [read_article(p) for p in paths]
        words = sum(len(a.text.split()) for a in articles)
        server = NlpServer(Settings())
        try:  # stop the server even when the start itself is interrupted
            cold, _ = server.start(timeout=900)
            pid = server.pid()
            assert pid is not None
            rss_started = round(process_rss_mb(pid) or 0)
            result = {
                "machine": f"{platform.node()}: {os.cpu_count()} cores",
                "when": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()),
                "load_average_at_start": round(os.getloadavg()[0], 2),  # other jobs: wall-clock figures measure them
                "passages": len(articles), "distinct_passages": len(set(paths)), "words": words,
                "rounds": args.rounds, "heap": server.settings.kg_nlp_heap,
                "corenlp_cold_start_seconds": round(cold, 1), "corenlp_rss_mb_after_start": rss_started,
                "parse": parse_speed(articles, words, args.rounds, 1, pid),
                "parse_2_in_flight": parse_speed(articles, words, args.rounds, 2, pid),
                "extractor": extractor_speed(articles, words, args.rounds, pid, batch=False),
                "extractor_batch": extractor_speed(articles, words, args.rounds, pid, batch=True),
                "corenlp_peak_rss_mb": _peak_rss_mb(server.pid()),
                "load_average_after_runs": round(os.getloadavg()[0], 2),
                "quality": None if args.no_quality else dev_quality(),
            }
        finally:
            server.stop()
    result["old_extractor"] = old_extractor(args.repo, args.old_ref, paths, args.rounds)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
