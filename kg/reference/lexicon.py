"""The word lists in `data/lexicon.toml`: organization words, civil sectors, reported blocs. Loaded once."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from functools import cache
from importlib import resources

__all__ = ["Lexicon", "lexicon"]


@dataclass(frozen=True)
class Lexicon:
    organization_words: frozenset[str]  # a dataset actor's name with one of these is an organization
    civil_sectors: frozenset[str]  # ICEWS sectors outside the state ("Protester (Iraq)")
    blocs: tuple[str, ...]  # organizations whose members' share of ties reports show


@cache
def lexicon() -> Lexicon:
    data = tomllib.loads(resources.files("kg.reference").joinpath("data/lexicon.toml").read_text(encoding="utf-8"))
    return Lexicon(organization_words=frozenset(data["organization_words"]),
                   civil_sectors=frozenset(data["civil_sectors"]), blocs=tuple(data["blocs"]))
