"""What each CoreNLP annotator costs: words/s of the parse alone, + NER (with and without SUTime,
fine-grained classes, numeric classifiers), + coref (statistical, fastneural), on the dev passages.

Starts its own CoreNLP server (temporary home, free port, `--heap`, default 5g so that every variant
fits at once), loads each configuration with one warm-up request (reported as `load_seconds`), then
annotates all passages `--rounds` times, one request at a time. Besides wall-clock words/s it reports
words per CPU-second of the server process, which other jobs on a shared machine disturb far less.

    python benchmarks/nlp_annotators.py [--rounds 2] [--out benchmarks/results/nlp-annotators.json]
"""

from __future__ import annotations

import argparse
import json
import platform
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from kg.jvm import free_port, process_cpu_seconds, process_rss_mb  # noqa: E402
from kg.nlp import CoreNLPClient, NlpServer  # noqa: E402
from kg.settings import Settings  # noqa: E402

PARSE = ("tokenize", "ssplit", "pos", "lemma", "depparse")
WITH_NER = ("tokenize", "ssplit", "pos", "lemma", "ner", "depparse")
CONFIGS: list[tuple[str, tuple[str, ...], dict[str, str]]] = [
    ("tokenize,ssplit,pos,lemma,depparse", PARSE, {}),
    ("+ ner (SUTime, fine-grained: kg's default)", WITH_NER, {}),
    ("+ ner, no fine-grained", WITH_NER, {"ner.applyFineGrained": "false"}),
    ("+ ner, no SUTime", WITH_NER, {"ner.useSUTime": "false"}),
    # ner runs three CRF taggers by default (3-, 7- and MISC-class); the 3-class one alone finds PERSON/ORG/LOC
    ("+ ner, 3-class CRF only (SUTime, fine-grained)", WITH_NER,
     {"ner.model": "edu/stanford/nlp/models/ner/english.all.3class.distsim.crf.ser.gz"}),
    ("+ ner, no SUTime, no fine-grained, no numeric classifiers", WITH_NER,
     {"ner.useSUTime": "false", "ner.applyFineGrained": "false", "ner.applyNumericClassifiers": "false"}),
    ("+ ner + coref (statistical)", (*WITH_NER, "coref"), {"coref.algorithm": "statistical"}),
    ("+ ner + coref (fastneural)", (*WITH_NER, "coref"), {"coref.algorithm": "fastneural"}),
]


def dev_passages() -> list[tuple[str, Any]]:
    """(text, publication date) of the seed article and every passage under tests/data/articles*/."""
    from kg.extract import read_article

    shared = next((p for p in (ROOT.parent / "shared", ROOT.parent.parent / "shared") if p.exists()), None)
    paths = [shared / "corpus" / "seed-article.txt"] if shared else []
    paths += sorted(ROOT.glob("tests/data/articles*/*.txt"))
    return [(a.text, a.published) for a in map(read_article, paths)]


def measure(client: CoreNLPClient, pid: int, passages: list[tuple[str, Any]],
            pipeline: tuple[tuple[str, ...], dict[str, str]], rounds: int) -> dict[str, Any]:
    """Words per second (wall and server CPU) of `rounds` passes over `passages` with (annotators, properties)."""
    annotators, properties = pipeline
    words = sum(len(text.split()) for text, _ in passages)
    started = time.perf_counter()
    client.annotate(passages[0][0], doc_date=passages[0][1], annotators=annotators, properties=properties)
    load = time.perf_counter() - started
    per_round, per_cpu = [], []
    for _ in range(rounds):
        started, cpu = time.perf_counter(), process_cpu_seconds(pid)
        for text, published in passages:
            client.annotate(text, doc_date=published, annotators=annotators, properties=properties)
        per_round.append(round(words / (time.perf_counter() - started)))
        per_cpu.append(round(words / (process_cpu_seconds(pid) - cpu)))
    return {"load_seconds": round(load, 1), "words_per_second": per_round, "words_per_cpu_second": per_cpu}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--heap", default="5g")
    parser.add_argument("--only", type=int, nargs="*", help="measure only these configurations (0-based indices)")
    parser.add_argument("--out", type=Path, default=ROOT / "benchmarks" / "results" / "nlp-annotators.json")
    args = parser.parse_args()

    passages = dev_passages()
    with tempfile.TemporaryDirectory(prefix="kg-nlp-bench-") as home:
        settings = Settings(kg_home=Path(home), kg_nlp_port=free_port(), kg_nlp_heap=args.heap, kg_nlp_timeout=600)
        server = NlpServer(settings)
        rows = []
        try:  # stop the server even when the start itself is interrupted
            cold, _ = server.start(timeout=900)
            client = CoreNLPClient(settings, autostart=False)
            pid = server.pid()
            assert pid is not None
            chosen = [CONFIGS[i] for i in args.only] if args.only else CONFIGS
            for name, annotators, properties in chosen:
                row = {"config": name, "annotators": ",".join(annotators), "properties": properties,
                       **measure(client, pid, passages, (annotators, properties), args.rounds)}
                row["server_rss_mb_after"] = round(process_rss_mb(pid) or 0)
                rows.append(row)
                print(json.dumps(row), flush=True)
        finally:
            server.stop()
    result = {
        "machine": f"{platform.node()}: shared 2-core machine, other engineers' jobs running (numbers are noisy)",
        "passages": len(passages), "words": sum(len(t.split()) for t, _ in passages), "rounds": args.rounds,
        "heap": args.heap, "cold_start_seconds": round(cold, 1), "configs": rows,
    }
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    base = rows[0]["words_per_cpu_second"]
    print("\n| configuration | words/s, wall (rounds) | words per server CPU-s (rounds) | CPU vs parse alone |"
          " first-request load s |")
    print("|---|---:|---:|---:|---:|")
    for row in rows:
        ratio = sum(base) / max(1, sum(row["words_per_cpu_second"]))
        print(f"| {row['config']} | {', '.join(f'{w:,}' for w in row['words_per_second'])} | "
              f"{', '.join(f'{w:,}' for w in row['words_per_cpu_second'])} | {ratio:.2f}× | {row['load_seconds']} |")


if __name__ == "__main__":
    main()
