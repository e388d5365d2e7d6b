"""Re-make the stored parses (the engine's offline fixtures) with the local CoreNLP server:

    python tests/data/parses/refresh.py          # every dev passage, the seed article, the test sentences

Each `SET--NAME.json` is the trimmed parse (kg/extract/parse.py) of tests/data/SET/NAME.txt, parsed with its
.meta.json date as docDate and the project's one pipeline configuration (kg/nlp/pipeline.py);
`sentences.json` maps each text of tests/data/engine-sentences.json (with its date) to its parse.
"""

from __future__ import annotations

import datetime as dt
import json
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent.parent
sys.path.insert(0, str(ROOT))

from kg.extract import read_article  # noqa: E402
from kg.extract.parse import trim  # noqa: E402
from kg.nlp.client import annotate  # noqa: E402


def passages() -> list[tuple[str, Path]]:
    seed = ROOT.parent / "shared" / "corpus" / "seed-article.txt"
    if not seed.exists():
        seed = ROOT.parent.parent / "shared" / "corpus" / "seed-article.txt"
    out = [("shared", seed)]
    for folder in sorted((ROOT / "tests" / "data").glob("articles*")):
        out += [(folder.name, p) for p in sorted(folder.glob("*.txt"))]
    return out


def main() -> None:
    words, seconds = 0, 0.0
    for group, path in passages():
        article = read_article(path)
        started = time.perf_counter()
        raw = annotate(article.text, doc_date=article.published)
        seconds += time.perf_counter() - started
        words += len(article.text.split())
        out = HERE / f"{group}--{path.stem}.json"
        out.write_text(json.dumps(trim(raw), separators=(",", ":")) + "\n", encoding="utf-8")
    sentences = json.loads((ROOT / "tests" / "data" / "engine-sentences.json").read_text(encoding="utf-8"))
    parsed = {f"{s['published']} {s['text']}": trim(annotate(s["text"], doc_date=dt.date.fromisoformat(s["published"])))
              for s in sentences}
    (HERE / "sentences.json").write_text(json.dumps(parsed, separators=(",", ":"), ensure_ascii=False) + "\n",
                                         encoding="utf-8")
    print(f"{words} words parsed in {seconds:.1f}s ({words / seconds:.0f} words/s)")


if __name__ == "__main__":
    main()
