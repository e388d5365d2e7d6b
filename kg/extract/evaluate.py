"""Score extracted events against gold labels: precision, recall and F1 overall, per relation, per tier.

A gold event and an extracted one match when the relation is the same, the resolved subject and
object are the same (either order for symmetric relations; `X EXPORTS_TO Y` is `Y IMPORTS_FROM X`),
and the dates are equal when both have one. Matching is one-to-one, date-equal pairs first. Precision
for a tier counts the extracted events that match that tier's gold plus those that match no gold at all
(an event matching a gold event of another tier is neither right nor wrong for this tier).
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from kg.ontology import NodeLabel, RelType, relation
from kg.resolve import Resolver, UnresolvedName

__all__ = ["Evaluation", "Score", "evaluate", "read_gold"]


@dataclass(frozen=True)
class Score:
    tp: int
    fp: int
    fn: int

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def as_dict(self) -> dict[str, float | int]:
        return {"tp": self.tp, "fp": self.fp, "fn": self.fn, "precision": round(self.precision, 3),
                "recall": round(self.recall, 3), "f1": round(self.f1, 3)}


@dataclass
class Evaluation:
    overall: Score
    tiers: dict[str, Score]
    relations: dict[str, Score]
    misses: list[dict[str, Any]] = field(default_factory=list)
    false_positives: list[dict[str, Any]] = field(default_factory=list)
    matches: list[tuple[dict[str, Any], dict[str, Any]]] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return {"overall": self.overall.as_dict(), "tiers": {k: v.as_dict() for k, v in self.tiers.items()},
                "relations": {k: v.as_dict() for k, v in sorted(self.relations.items())},
                "misses": self.misses, "false_positives": self.false_positives}


def read_gold(path: Path) -> list[dict[str, Any]]:
    rows = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if line.strip():
            try:
                rows.append(json.loads(line))
            except json.JSONDecodeError as exc:
                raise ValueError(f"{path}:{number}: not JSON ({exc.msg})") from None
    return rows


def _gold_id(name: str, resolver: Resolver) -> str:
    """Gold labels name actors in plain words; resolve them as an analyst would read them."""
    try:
        return resolver.country(name, fuzzy=False).ref.id
    except UnresolvedName:
        pass
    known = resolver.known_organization(name) or resolver.known_person(name)
    if known is not None:
        return known.ref.id
    return resolver.resolve(name, NodeLabel.PERSON).ref.id


# One trade flow, two wordings: "X exports to Y" is "Y imports from X".
_CONVERSES: dict[str, str] = {RelType.EXPORTS_TO: RelType.IMPORTS_FROM}


def _loose(actor_id: str) -> str:
    """A name outside the reference data: gold labels give no type, so "Hamas" matches org:hamas or
    person:hamas alike (reference people and organizations keep their own ids)."""
    return actor_id.split(":", 1)[1] if actor_id.startswith(("person:", "org:")) else actor_id


def _key(rel: str, subject: str, obj: str) -> tuple[str, str, str]:
    subject, obj = _loose(subject), _loose(obj)
    if rel in _CONVERSES:
        rel, subject, obj = _CONVERSES[rel], obj, subject
    if relation(rel).symmetric:
        subject, obj = sorted((subject, obj))
    return rel, subject, obj


def _date(row: dict[str, Any]) -> str | None:
    value = row.get("date")
    return str(value) if value else None


def evaluate(extracted: list[dict[str, Any]], gold: list[dict[str, Any]], resolver: Resolver | None = None
             ) -> Evaluation:
    resolver = resolver or Resolver()
    gold_keys = [_key(g["relation"], _gold_id(g["subject"], resolver), _gold_id(g["object"], resolver))
                 for g in gold]
    ext_keys = [_key(e["relation"], e["subject"]["id"], e["object"]["id"]) for e in extracted]
    matched_gold: dict[int, int] = {}
    matched_ext: dict[int, int] = {}
    for exact in (True, False):  # date-equal pairs first, so an undated event cannot take a dated one's gold
        for gi, g in enumerate(gold):
            if gi in matched_gold:
                continue
            for ei, e in enumerate(extracted):
                if ei in matched_ext or ext_keys[ei] != gold_keys[gi]:
                    continue
                gd, ed = _date(g), _date(e)
                if (gd == ed and gd is not None) if exact else (gd is None or ed is None or gd == ed):
                    matched_gold[gi], matched_ext[ei] = ei, gi
                    break
    tiers: dict[str, Score] = {}
    unmatched_ext = [ei for ei in range(len(extracted)) if ei not in matched_ext]
    for tier in sorted({g.get("tier", "all") for g in gold}):
        in_tier = [gi for gi, g in enumerate(gold) if g.get("tier", "all") == tier]
        tp = sum(1 for gi in in_tier if gi in matched_gold)
        tiers[tier] = Score(tp, len(unmatched_ext), len(in_tier) - tp)
    overall = Score(len(matched_gold), len(unmatched_ext), len(gold) - len(matched_gold))
    per: dict[str, Counter[str]] = {}
    for gi, g in enumerate(gold):
        per.setdefault(g["relation"], Counter())["tp" if gi in matched_gold else "fn"] += 1
    for ei in unmatched_ext:
        per.setdefault(extracted[ei]["relation"], Counter())["fp"] += 1
    relations = {rel: Score(c["tp"], c["fp"], c["fn"]) for rel, c in per.items()}
    return Evaluation(
        overall, tiers, relations,
        misses=[gold[gi] for gi in range(len(gold)) if gi not in matched_gold],
        false_positives=[extracted[ei] for ei in unmatched_ext],
        matches=[(gold[gi], extracted[ei]) for gi, ei in sorted(matched_gold.items())],
    )
