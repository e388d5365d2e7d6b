"""Curated reference data shipped with the package (kg/reference/data): who is who, who belongs to what, when.

- countries: every ISO 3166 country (pycountry) plus `country_aliases.tsv`;
- organizations.csv: NATO, the Quad, EU, G7, G20, BRICS, SCO, CSTO, ASEAN, ARF, AU, Arab League, OPEC,
  OPEC+, CIS, EAEU, AUKUS, Five Eyes, UNSC P5, UN, GCC, ECOWAS, the Alliance of Sahel States, Mercosur, with
  aliases and sources;
- memberships.csv: dated MEMBER_OF facts with sources;
- offices.csv: heads of state and government and foreign ministers since 2014 with tenures, aliases
  and sources; a person's id is `person:<slug of the canonical name>`;
- lexicon.toml: the words that tell organizations from people and civil sectors from the state, and the
  blocs reports show (`lexicon()`).
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
from dataclasses import dataclass, field
from functools import cache
from importlib import resources

import pycountry

from kg.dates import parse_when
from kg.reference.lexicon import Lexicon, lexicon
from kg.reference.names import slug  # the same slug the resolver gives unknown people

__all__ = ["ROLE_KINDS", "Lexicon", "Membership", "Office", "Organization", "Person", "ReferenceData", "lexicon",
           "reference_data"]

# role_kind → words news use for it (lower case); `Resolver.resolve_phrase` reads "Russia's foreign minister".
ROLE_KINDS: dict[str, tuple[str, ...]] = {
    "hos": ("president", "head of state", "king", "queen", "monarch", "emperor", "supreme leader", "leader"),
    "hog": ("prime minister", "premier", "chancellor", "head of government", "pm"),
    "fm": ("foreign minister", "top diplomat", "secretary of state", "foreign secretary",
           "external affairs minister", "minister of foreign affairs", "foreign affairs minister",
           "secretary of foreign affairs", "international relations minister", "chief diplomat"),
}


@dataclass(frozen=True)
class Organization:
    id: str
    name: str
    kind: str
    aliases: tuple[str, ...]
    founded: str
    source: str


@dataclass(frozen=True)
class Membership:
    member: str  # ISO3 or organization id
    org: str
    since: dt.date | None
    until: dt.date | None
    source: str


@dataclass(frozen=True)
class Office:
    person: str  # person id
    holder: str  # ISO3 or organization id
    role_kind: str
    role: str
    since: dt.date | None
    until: dt.date | None
    source: str

    def holds_on(self, day: dt.date) -> bool:
        return (self.since is None or self.since <= day) and (self.until is None or day <= self.until)


@dataclass
class Person:
    id: str
    name: str
    aliases: set[str] = field(default_factory=set)
    country: str | None = None  # the one state all their national offices were for (their nationality)


def _rows(name: str) -> list[dict[str, str]]:
    text = resources.files("kg.reference").joinpath(f"data/{name}").read_text(encoding="utf-8")
    return list(csv.DictReader(line for line in text.splitlines() if not line.startswith("#")))


def _since(text: str) -> dt.date | None:
    return parse_when(text).since if text else None


def _until(text: str) -> dt.date | None:
    return parse_when(text).until if text else None


@dataclass
class ReferenceData:
    organizations: dict[str, Organization]
    memberships: list[Membership]
    people: dict[str, Person]
    offices: list[Office]
    version: str

    @classmethod
    def load(cls) -> ReferenceData:
        digest = hashlib.sha256()
        for name in ("country_aliases.tsv", "organizations.csv", "memberships.csv", "offices.csv"):
            digest.update(resources.files("kg.reference").joinpath(f"data/{name}").read_bytes())
        digest.update(str(getattr(pycountry, "__version__", "")).encode())  # ISO updates change the data too
        organizations = {
            r["id"]: Organization(r["id"], r["name"], r["kind"], tuple(a for a in r["aliases"].split("|") if a),
                                  r["founded"], r["source"]) for r in _rows("organizations.csv")}
        memberships = [Membership(r["member"], r["org"], _since(r["since"]), _until(r["until"]), r["source"])
                       for r in _rows("memberships.csv")]
        people: dict[str, Person] = {}
        offices: list[Office] = []
        for r in _rows("offices.csv"):
            person_id = f"person:{slug(r['name'])}"
            person = people.setdefault(person_id, Person(person_id, r["name"]))
            person.aliases.update(a for a in r["aliases"].split("|") if a)
            offices.append(Office(person_id, r["country"], r["role_kind"], r["role"], _since(r["since"]),
                                  _until(r["until"]), r["source"]))
        states: dict[str, set[str]] = {}
        for office in offices:
            if not office.holder.startswith("org:"):
                states.setdefault(office.person, set()).add(office.holder)
        for person_id, held in states.items():
            if len(held) == 1:
                people[person_id].country = next(iter(held))
        unknown = {m.org for m in memberships} - set(organizations)
        unknown |= {o.holder for o in offices if o.holder.startswith("org:")} - set(organizations)
        if unknown:
            raise ValueError(f"reference data names organizations it does not declare: {sorted(unknown)}")
        return cls(organizations, memberships, people, offices, digest.hexdigest()[:16])

    def holder_of(self, holder: str, role_kind: str, day: dt.date) -> list[Office]:
        """Who held that kind of office for a country (ISO3) or organization on a day."""
        return [o for o in self.offices if o.holder == holder and o.role_kind == role_kind and o.holds_on(day)]


@cache
def reference_data() -> ReferenceData:
    return ReferenceData.load()
