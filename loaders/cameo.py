"""CAMEO codes → our relation types, status, quad class and PLOVER category (data in kg/reference/data).

ICEWS gives event *texts* ("Make a visit"); the ICEWS CAMEO codebook (`icews_cameo_codes.csv`, a column
`name` and a column `code`) turns them into codes. It is looked up beside the data (a `cameo/` folder
in an ancestor of the input file), or at `KG_CAMEO_CODEBOOK`.
"""

from __future__ import annotations

import contextlib
import csv
import os
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING

from kg.ontology import NodeLabel, RelType, Status, relation
from kg.resolve import Resolution
from kg.rows import Skip

if TYPE_CHECKING:
    from kg.resolve import Resolver

__all__ = ["DOMESTIC", "CameoEvent", "CameoMap", "CodedFile", "find_codebook", "out_of_scope", "quad_class"]

CODEBOOK_NAME = "icews_cameo_codes.csv"


@dataclass(frozen=True, slots=True)
class CameoEvent:
    relation: str
    status: Status
    cameo: str
    cameo_root: str
    quad_class: int
    plover: str
    goldstein: float | None


@dataclass(frozen=True)
class CodedFile:
    """A CAMEO-coded event file being mapped: where its lines come from, the source id its rows get, and the
    resolver and CAMEO map that turn its names and codes into actors and relations."""

    path: Path
    source: str
    resolver: Resolver
    cameo: CameoMap


def quad_class(root: str) -> int:
    """CAMEO's quad classes: 01-05 verbal cooperation, 06-09 material cooperation, 10-14 verbal
    conflict, 15-20 material conflict."""
    number = int(root)
    return 1 if number <= 5 else 2 if number <= 9 else 3 if number <= 14 else 4


DOMESTIC = "domestic events: both actors resolve to the same country"
_INTERNAL = "internal events: both actors resolve to the same organization or person"


def out_of_scope(path: Path, line: int, subject: Resolution, obj: Resolution, rel_type: str) -> Skip | None:
    """The coded feeds' (GDELT, ICEWS) one scope rule: an event whose two actors resolve to the same actor is
    domestic ("USA accuses USA": police and protesters of one state), outside international relations, so
    it is skipped and counted, not rejected. The project's own files get no such rule: there a self-loop is
    a mistake, and `Event` rejects it (unless the ontology marks the type reflexive)."""
    if subject.ref.id != obj.ref.id or relation(rel_type).reflexive:
        return None
    return Skip(str(path), line, DOMESTIC if subject.ref.label == NodeLabel.COUNTRY else _INTERNAL)


def _data_rows(name: str) -> list[dict[str, str]]:
    text = resources.files("kg.reference").joinpath(f"data/{name}").read_text(encoding="utf-8")
    return list(csv.DictReader(line for line in text.splitlines() if not line.startswith("#")))


@cache
def _relations() -> tuple[tuple[str, str, Status], ...]:
    rows = [(r["cameo"], relation(r["relation"]).name, Status(r["status"])) for r in _data_rows("cameo_relations.csv")]
    return tuple(sorted(rows, key=lambda r: -len(r[0])))  # longest prefix first


@cache
def _plover() -> dict[str, str]:
    return {r["root"]: r["plover"] for r in _data_rows("cameo_plover.csv")}


def find_codebook(start: Path) -> Path | None:
    if env := os.environ.get("KG_CAMEO_CODEBOOK"):
        return Path(env)
    for folder in [start.resolve().parent, *start.resolve().parents]:
        candidate = folder / "cameo" / CODEBOOK_NAME
        if candidate.exists():
            return candidate
    return None


class CameoMap:
    """Maps CAMEO codes (and, with a codebook, ICEWS event texts) to `CameoEvent`s."""

    def __init__(self, codebook: Path | None = None) -> None:
        self.names: dict[str, str] = {}
        self.goldstein: dict[str, float] = {}
        if codebook is not None:
            with codebook.open(encoding="utf-8", errors="replace", newline="") as handle:
                for row in csv.DictReader(handle):
                    code = row["code"].strip()
                    self.names[row["name"].strip().casefold()] = code
                    self.names[row["name"].strip().casefold().replace("-", " ")] = code
                    with contextlib.suppress(TypeError, ValueError):
                        self.goldstein[code] = float(row["goldstein"])
        self._cache: dict[tuple[str, float | None], CameoEvent] = {}

    def by_code(self, code: str, goldstein: float | None = None) -> CameoEvent:
        key = (code, goldstein)
        if (hit := self._cache.get(key)) is not None:
            return hit
        code = code.strip()
        if not code.isdigit() or not 2 <= len(code) <= 4 or not 1 <= int(code[:2]) <= 20:
            raise ValueError(f"unknown CAMEO code {code!r}")
        if self.goldstein and code not in self.goldstein:
            raise ValueError(f"unknown CAMEO code {code!r} (not in the CAMEO codebook)")
        root = code[:2]
        rel, status = next(((r, s) for prefix, r, s in _relations() if code.startswith(prefix)),
                           (RelType.INTERACTED_WITH, Status.OCCURRED))
        event = CameoEvent(rel, status, code, root, quad_class(root), _plover()[root],
                           goldstein if goldstein is not None else self.goldstein.get(code))
        self._cache[key] = event
        return event

    def by_name(self, text: str, goldstein: float | None = None) -> CameoEvent:
        code = self.names.get(text.strip().casefold())
        if code is None:
            if not self.names:
                raise ValueError("no CAMEO codebook to read event texts with; put cameo/icews_cameo_codes.csv "
                                 "beside the data or set KG_CAMEO_CODEBOOK")
            raise ValueError(f"unknown CAMEO event text {text!r}")
        return self.by_code(code, goldstein)
