"""Why the pattern engine misses a gold event or makes a false one: the stage that lost it, per dev passage.

    python benchmarks/extract_diagnose.py [--set articles-blind] [--tier core] [--why] [--out FILE]

For every gold event the engine misses, the evidence sentence is located and the first stage that failed is named:

- `no sentence`: the gold evidence is not found in the text (labelling, or a cross-sentence event);
- `no trigger`: no pattern of the relation (or its converse) has a trigger word in the sentence;
- `not attached`: a trigger, but no pattern's argument paths reach anything;
- `actor unknown`: a gold actor is named in the sentence but no mention resolves to it;
- `coreference`: a gold actor is not named in the sentence (a pronoun, "the two leaders", a title);
- `wrong pair`: patterns matched with both actors present, but paired other actors;
- `status`: the pair was found but the status rule made it no event;
- `date`: the pair was extracted with another date;
- `relation`: the pair was extracted under another relation.

False positives are split into `date` (gold has the pair with another date), `relation` (gold has the pair under
another relation), `wrong pair` (gold has the relation in that sentence with other actors), `not in gold`.
Counts go to stdout and to benchmarks/results/extract-diagnose.json; `--why` lists every case.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections import Counter
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.extract_dev import _parse_path, passages  # noqa: E402
from kg.extract import (  # noqa: E402
    extract_article,
    pipeline,
    read_article,
)
from kg.extract.engine import load_patterns, triggers  # noqa: E402
from kg.extract.evaluate import _gold_id, _key, evaluate, read_gold  # noqa: E402
from kg.extract.parse import Parse, ParsedSentence, load_parse  # noqa: E402
from kg.extract.status import NOT_AN_EVENT, event_status  # noqa: E402
from kg.ontology import RelType  # noqa: E402
from kg.resolve import Resolver  # noqa: E402

_CONVERSE = {RelType.EXPORTS_TO.value: RelType.IMPORTS_FROM.value, RelType.IMPORTS_FROM.value: RelType.EXPORTS_TO.value}


class Recorder:
    """Wraps the pipeline's per-match step to keep, per sentence, each match's relation, pairs and status."""

    def __init__(self) -> None:
        self.matches: dict[int, list[tuple[str, list[tuple[str, str]], str]]] = {}
        self.mentions: dict[int, set[str]] = {}
        self.titles: dict[int, set[int]] = {}
        self._module = vars(pipeline)  # the pipeline's own names, patched while a passage runs
        self._events = self._module["_events"]
        self._find = self._module["find_mentions"]

    def __enter__(self) -> Recorder:
        def events(ctx: Any, m: Any, published: Any) -> Any:
            pairs = [(a.ref.id, b.ref.id) for a, b in pipeline._pairs(ctx, m)]
            status = event_status(ctx.sentence, m.trigger)
            self.matches.setdefault(ctx.sentence.index, []).append((m.pattern.relation, pairs, status))
            return self._events(ctx, m, published)

        def find(vocab: Any, parse: Parse, discourse: Any) -> Any:
            out = self._find(vocab, parse, discourse)
            for si, ms in out.items():
                self.mentions[si] = {m.ref.id for m in ms if m.ref is not None}
                self.titles[si] = {m.start for m in ms if m.kind == "title"}
            return out

        self._module["_events"], self._module["find_mentions"] = events, find
        return self

    def __exit__(self, *exc: object) -> None:
        self._module["_events"], self._module["find_mentions"] = self._events, self._find


def _norm(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip().lower()


def locate(parse: Parse, text: str, evidence: str) -> ParsedSentence | None:
    """The sentence holding the longest piece of the gold evidence ("..." separates pieces)."""
    pieces = sorted((_norm(p) for p in re.split(r"\.\.\.|…", evidence or "")), key=len, reverse=True)
    for piece in pieces[:2]:
        piece = piece.strip(" .,\"'")
        if len(piece) < 8:
            continue
        for s in parse.sentences:
            if piece in _norm(text[s.begin:s.end]):
                return s
    return None


def _has_trigger(s: ParsedSentence, relations: set[str], titles: set[int]) -> bool:
    pats = [p for p in load_patterns() if p.relation in relations]
    return any(triggers(p, t, titles) for t in s.tokens for p in pats)


def _same(rel: str, a: tuple[str, str], b: tuple[str, str]) -> bool:
    return _key(rel, *a)[1:] == _key(rel, *b)[1:]


def _named_in(s: ParsedSentence, text: str, name: str) -> bool:
    sentence = _norm(text[s.begin:s.end])
    return any(part.lower() in sentence for part in name.split() if len(part) > 3) or name.lower() in sentence


def miss_stage(g: dict[str, Any], ids: tuple[str, str], ctx: dict[str, Any]) -> str:
    rel = g["relation"]
    for e in ctx["extracted"]:
        pair = (e["subject"]["id"], e["object"]["id"])
        if e["relation"] in (rel, _CONVERSE.get(rel)) and _key(e["relation"], *pair) == _key(rel, *ids):
            return "date"
    for e in ctx["extracted"]:
        if _key(rel, e["subject"]["id"], e["object"]["id"])[1:] == _key(rel, *ids)[1:]:
            return "relation"
    s = locate(ctx["parse"], ctx["text"], g.get("evidence", ""))
    candidates = [s] if s is not None else [c for c in ctx["parse"].sentences if _names_either(c, ids, g, ctx)]
    if not candidates:
        return "no sentence"
    # without evidence: the sentence that got furthest
    return max((_sentence_stage(c, g, ids, ctx) for c in candidates), key=_PROGRESS.index)


_PROGRESS = ["no trigger", "not attached", "coreference", "actor unknown", "wrong pair", "status"]


def _names_either(s: ParsedSentence, ids: tuple[str, str], g: dict[str, Any], ctx: dict[str, Any]) -> bool:
    mentioned = ctx["rec"].mentions.get(s.index, set())
    return bool(set(ids) & mentioned) or any(_named_in(s, ctx["text"], g[k]) for k in ("subject", "object"))


def _sentence_stage(s: ParsedSentence, g: dict[str, Any], ids: tuple[str, str], ctx: dict[str, Any]) -> str:
    rel = g["relation"]
    rec: Recorder = ctx["rec"]
    relations = {rel} | ({_CONVERSE[rel]} if rel in _CONVERSE else set())
    if not _has_trigger(s, relations, rec.titles.get(s.index, set())):
        return "no trigger"
    found = [(pairs, status) for r, pairs, status in rec.matches.get(s.index, []) if r in relations]
    if not found:
        return "not attached"
    if any(_same(rel, p, ids) and status == NOT_AN_EVENT for pairs, status in found for p in pairs):
        return "status"
    present = rec.mentions.get(s.index, set()) | {x for pairs, _ in found for p in pairs for x in p}
    for gid, name in ((ids[0], g["subject"]), (ids[1], g["object"])):
        if gid not in present:
            return "actor unknown" if _named_in(s, ctx["text"], name) else "coreference"
    return "wrong pair"


def fp_stage(e: dict[str, Any], gold_ids: list[tuple[dict[str, Any], tuple[str, str]]], text: str) -> str:
    pair = (e["subject"]["id"], e["object"]["id"])
    for g, ids in gold_ids:
        if g["relation"] in (e["relation"], _CONVERSE.get(e["relation"])) and _key(
                e["relation"], *pair) == _key(g["relation"], *ids):
            return "date"
    for _g, ids in gold_ids:
        if _key(e["relation"], *pair)[1:] == _key(e["relation"], *ids)[1:]:
            return "relation"
    evidence = _norm(text[e["evidence_start"]:e["evidence_end"]])
    for g, _ids in gold_ids:
        piece = max((_norm(p).strip(" .,\"'") for p in re.split(r"\.\.\.|…", g.get("evidence", ""))), key=len)
        if g["relation"] == e["relation"] and len(piece) > 8 and piece in evidence:
            return "wrong pair"
    return "not in gold"


def diagnose(group: str, path: Path, tier: str | None, resolver: Resolver) -> list[dict[str, Any]]:
    article = read_article(path)
    parse = load_parse(_parse_path(group, path))
    with Recorder() as rec:
        extracted = extract_article(article, parse=parse)
    gold = read_gold(path.with_name(path.stem + ".gold.jsonl"))
    ev = evaluate(extracted, gold)
    gold_ids = [(g, (_gold_id(g["subject"], resolver), _gold_id(g["object"], resolver))) for g in gold]
    ctx = {"extracted": extracted, "parse": parse, "text": article.text, "rec": rec}
    out = []
    for g in ev.misses:
        if tier and g.get("tier", "core") != tier:
            continue
        ids = next(i for gg, i in gold_ids if gg is g)
        out.append({"kind": "miss", "stage": miss_stage(g, ids, ctx), "relation": g["relation"],
                    "subject": g["subject"], "object": g["object"], "evidence": g.get("evidence", ""),
                    "passage": f"{group}/{path.stem}"})
    for e in ev.false_positives:
        out.append({"kind": "fp", "stage": fp_stage(e, gold_ids, article.text), "relation": e["relation"],
                    "subject": e["subject"]["name"], "object": e["object"]["name"], "date": e.get("date"),
                    "evidence": e["evidence"][:160], "passage": f"{group}/{path.stem}"})
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--set", action="append", help="only these sets (default: every dev set)")
    parser.add_argument("--tier", default=None, help="only misses of this tier (core / extra)")
    parser.add_argument("--why", action="store_true", help="list every case")
    parser.add_argument("--out", type=Path, default=ROOT / "benchmarks" / "results" / "extract-diagnose.json")
    args = parser.parse_args()
    resolver = Resolver()
    cases: list[dict[str, Any]] = []
    for group, paths in passages().items():
        if args.set and group not in args.set:
            continue
        for path in paths:
            cases += diagnose(group, path, args.tier, resolver)
    counts = {kind: Counter(c["stage"] for c in cases if c["kind"] == kind) for kind in ("miss", "fp")}
    by_relation = Counter(f"{c['kind']} {c['relation']} {c['stage']}" for c in cases)
    if args.why:
        for c in sorted(cases, key=lambda c: (c["kind"], c["stage"], c["relation"])):
            print(f"{c['kind']:4} {c['stage']:13} {c['relation']:21} {c['subject']} -> {c['object']}"
                  f"  [{c['passage']}] {c['evidence'][:140]}")
    for kind, counter in counts.items():
        print(f"{kind}: " + ", ".join(f"{stage} {n}" for stage, n in counter.most_common()))
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps({"tier": args.tier or "all", "counts": {k: dict(v) for k, v in counts.items()},
                                    "by_relation": dict(sorted(by_relation.items())), "cases": cases}, indent=1)
                        + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
