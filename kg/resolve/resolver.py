"""Turn the names loaders read into canonical actors: one resolver for every loader.

Countries resolve through ISO 3166 (pycountry) plus the shipped alias table (short forms,
former names, demonyms, capital and seat-of-government metonyms); spelling variants through
rapidfuzz above a threshold, the score kept as confidence. Ambiguous names ("Congo") are refused
with the candidates named, never guessed. People and organizations get a deterministic id from
their name (accents folded, so "Erdoğan" and "Erdogan" are one node) unless the input gives one.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import re
import unicodedata
from dataclasses import dataclass
from functools import cache
from importlib import resources

import pycountry
from rapidfuzz import fuzz, process

from kg.models import ActorRef
from kg.ontology import NodeLabel, OrgKind
from kg.reference import ROLE_KINDS, lexicon, reference_data
from kg.reference.names import normalize, slug

__all__ = ["Resolution", "Resolver", "UnresolvedName", "alias_rows", "country_names", "normalize", "slug",
           "suspicious"]

FUZZY_THRESHOLD = 90.0
_ID_PREFIX = {NodeLabel.PERSON: "person", NodeLabel.ORGANIZATION: "org"}
_GIVEN_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9:._/-]{0,199}$")


_SECTOR = re.compile(r"^(.+?)\s*\((.+)\)\s*$")


def _looks_like_organization(name: str) -> bool:
    words = normalize(name).split()
    if not words or words[0] in {"the"}:
        return True
    if set(words) & lexicon().organization_words:
        return True
    letters = re.sub(r"[^A-Za-z]", "", name)
    return name.isupper() and len(letters) >= 2  # acronyms: NATO, OPEC, UNHCR


class UnresolvedName(ValueError):
    """A name that could not be resolved; the message says why and what would fix it."""

    def __init__(self, message: str, name: str | None = None) -> None:
        super().__init__(message)
        self.name = name  # the unresolved name, for the per-load summary


@dataclass(frozen=True)
class Resolution:
    ref: ActorRef
    confidence: float
    how: str


def suspicious(name: str) -> bool:
    """Mixed scripts ("Ѕergey" with a Cyrillic Ѕ) or invisible format characters (zero-width space): a
    look-alike. Such names are never fuzzy-matched onto a known person or country."""
    scripts = set()
    for char in name:
        if unicodedata.category(char) == "Cf":
            return True
        if char.isalpha():
            scripts.add(unicodedata.name(char, "UNKNOWN").split(" ")[0])
    return len(scripts) > 1


@cache
def alias_rows() -> tuple[dict[str, str], ...]:
    text = resources.files("kg.reference").joinpath("data/country_aliases.tsv").read_text(encoding="utf-8")
    lines = (line for line in text.splitlines() if not line.startswith("#"))
    return tuple(csv.DictReader(lines, delimiter="\t"))


@dataclass(frozen=True)
class _CountryEntry:
    iso3: tuple[str, ...]  # more than one when the name is ambiguous
    how: str


@cache
def _country_index() -> dict[str, _CountryEntry]:
    index: dict[str, _CountryEntry] = {}
    for country in pycountry.countries:
        for attr in ("name", "official_name", "common_name"):
            value = getattr(country, attr, None)
            if value:
                index.setdefault(normalize(value), _CountryEntry((country.alpha_3,), "iso name"))
    for row in alias_rows():
        if row["kind"] == "city":
            continue  # a city locates an event in a text; as an actor name it is not its country
        index[normalize(row["alias"])] = _CountryEntry(tuple(row["iso3"].split("|")), row["kind"])
    return index


@cache
def country_names() -> dict[str, str]:
    """ISO3 → the name analysts use: the table's `name` row, else ISO's common or short name."""
    names = {c.alpha_3: getattr(c, "common_name", None) or c.name for c in pycountry.countries}
    for row in alias_rows():
        if row["kind"] == "name":
            names[row["iso3"]] = row["alias"]
    return names


class Resolver:
    """Resolve (name, optional label, optional id) to an `ActorRef`."""

    def __init__(self, fuzzy_threshold: float = FUZZY_THRESHOLD) -> None:
        self.fuzzy_threshold = fuzzy_threshold
        self._index = _country_index()
        self._keys = list(self._index)
        self._dataset_cache: dict[tuple[str, str | None], Resolution] = {}
        self.reference = reference_data()
        self._people: dict[str, str] = {}  # normalized name or alias → person id
        for person in self.reference.people.values():
            for alias in (person.name, *person.aliases):
                self._people.setdefault(normalize(alias), person.id)
        self._person_keys = [normalize(p.name) for p in self.reference.people.values()]
        self._orgs: dict[str, str] = {}
        self._orgs_exact: dict[str, str] = {}  # "OPEC+" is not "OPEC": symbols matter before normalizing
        for org in self.reference.organizations.values():
            for alias in (org.name, *org.aliases, org.id.removeprefix("org:")):
                self._orgs.setdefault(normalize(alias), org.id)
                self._orgs_exact[alias.casefold()] = org.id

    def person_ref(self, person_id: str) -> ActorRef:
        person = self.reference.people[person_id]
        return ActorRef(id=person.id, label=NodeLabel.PERSON, name=person.name, country=person.country)

    def org_ref(self, org_id: str) -> ActorRef:
        org = self.reference.organizations[org_id]
        return ActorRef(id=org.id, label=NodeLabel.ORGANIZATION, name=org.name, kind=OrgKind(org.kind))

    def known_person(self, name: str, fuzzy: bool = True) -> Resolution | None:
        """A person of the reference data by name or alias; spelling variants by fuzzy match (≥ 90)."""
        key = normalize(name)
        if key in self._people:
            return Resolution(self.person_ref(self._people[key]), 1.0, "reference alias")
        if fuzzy and len(key) >= 8 and " " in key and not suspicious(name):
            match = process.extractOne(key, self._person_keys, scorer=fuzz.ratio, score_cutoff=self.fuzzy_threshold)
            if match is not None:
                return Resolution(self.person_ref(self._people[match[0]]), round(match[1] / 100, 3),
                                  f"fuzzy {match[1]:.0f} ~ {match[0]!r}")
        return None

    def known_organization(self, name: str) -> Resolution | None:
        org_id = self._orgs_exact.get(name.strip().casefold()) or self._orgs.get(normalize(name))
        return Resolution(self.org_ref(org_id), 1.0, "reference alias") if org_id else None

    def suggestions(self, name: str, kinds: tuple[str, ...] = ("country", "org", "person"),
                    limit: int = 3) -> list[str]:
        """The closest known names (countries, organizations, people), for "did you mean …?" messages."""
        choices: dict[str, str] = {}  # normalized alias → display name
        if "country" in kinds:
            names = country_names()
            choices.update({k: names.get(e.iso3[0], e.iso3[0]) for k, e in self._index.items() if len(e.iso3) == 1})
        if "org" in kinds:
            choices.update({k: self.reference.organizations[v].name for k, v in self._orgs.items()})
        if "person" in kinds:
            choices.update({k: self.reference.people[v].name for k, v in self._people.items()})
        found: list[str] = []
        for key, _, _ in process.extract(normalize(name), list(choices), scorer=fuzz.ratio, limit=limit * 4,
                                         score_cutoff=70):
            if choices[key] not in found:
                found.append(choices[key])
        return found[:limit]

    def _titled_person(self, text: str) -> Resolution | None:
        """"President Zelenskyy", "Foreign Minister Lavrov": a known person behind a title."""
        lowered = " ".join(text.strip().lower().split())
        for words in ROLE_KINDS.values():
            for word in sorted(words, key=len, reverse=True):
                if lowered.startswith(word + " ") and len(lowered) > len(word) + 1:
                    hit = self.known_person(text.strip()[len(word) + 1:])
                    if hit is not None:
                        return Resolution(hit.ref, hit.confidence, f"title {word!r} + {hit.how}")
        return None

    def resolve_phrase(self, text: str, day: dt.date) -> Resolution:
        """Role at a date: "Russia's foreign minister", "the US president", "Turkish President", "Iran's
        top diplomat" → who held that office then (reference data); else `resolve(text)`."""
        lowered = " ".join(text.strip().lower().replace("’", "'").split()).removeprefix("the ")
        for kind, words in ROLE_KINDS.items():
            for word in sorted(words, key=len, reverse=True):
                for pattern in (rf"^(.+?)'s? {word}$", rf"^(.+?) {word}$", rf"^{word} of (.+)$"):
                    m = re.match(pattern, lowered)
                    if not m:
                        continue
                    try:
                        country = self.country(m.group(1), fuzzy=False).ref.id
                    except UnresolvedName:
                        continue
                    holders = self.reference.holder_of(country, kind, day)
                    if len(holders) == 1:
                        ref = self.person_ref(holders[0].person)
                        return Resolution(ref, 1.0, f"{holders[0].role} of {country} on {day.isoformat()}")
                    if not holders:
                        raise UnresolvedName(f"the reference data has no {word} of {country} on {day.isoformat()}")
                    names = ", ".join(self.reference.people[h.person].name for h in holders)
                    raise UnresolvedName(f"{text!r} on {day.isoformat()} is ambiguous: {names}")
        return self._titled_person(text) or self.resolve(text)

    def country(self, name: str, fuzzy: bool = True) -> Resolution:
        """Resolve a country name, code, demonym or metonym; raise UnresolvedName otherwise."""
        raw = name.strip()
        # ISO codes, and the user-assigned ones the reference data names (Kosovo XKX) that pycountry lacks.
        if re.fullmatch(r"[A-Z]{3}", raw) and (pycountry.countries.get(alpha_3=raw) or raw in country_names()):
            return self._country_ref(raw, 1.0, "iso3 code")
        key = normalize(raw)
        entry = self._index.get(key)
        if entry is None and (not fuzzy or suspicious(raw)):
            raise UnresolvedName(f"unknown country {raw!r}", raw)
        if entry is None:
            match = process.extractOne(key, self._keys, scorer=fuzz.ratio, score_cutoff=self.fuzzy_threshold)
            if match is None:
                raise UnresolvedName(f"unknown country {raw!r}", raw)
            entry = self._index[match[0]]
            if len(entry.iso3) > 1:
                raise UnresolvedName(f"country {raw!r} is ambiguous: {' or '.join(entry.iso3)}; give the ISO3 code",
                                     raw)
            return self._country_ref(entry.iso3[0], round(match[1] / 100, 3), f"fuzzy {match[1]:.0f} ~ {match[0]!r}")
        if len(entry.iso3) > 1:
            raise UnresolvedName(f"country {raw!r} is ambiguous: {' or '.join(entry.iso3)}; give the ISO3 code", raw)
        confidence = 0.8 if entry.how == "ambiguous" else 1.0  # "Georgia": the country, but also a US state
        return self._country_ref(entry.iso3[0], confidence, entry.how)

    def dataset_actor(self, name: str, country_hint: str | None = None) -> Resolution:
        """An actor as event datasets name it: "Russia", "Military (Russia)", "Sergey Lavrov", "NATO".

        Exact country names only (a fuzzy match could turn "Niger" into Nigeria); "Sector (Country)"
        is a body of that state; other names are people or organizations by their wording.
        """
        key = (name, country_hint)
        if (hit := self._dataset_cache.get(key)) is not None:
            return hit
        result = self._dataset_actor(name.strip(), country_hint)
        self._dataset_cache[key] = result
        return result

    def _dataset_actor(self, name: str, country_hint: str | None) -> Resolution:
        if not name:
            raise UnresolvedName("empty actor name")
        if "(" not in name:
            try:
                return self.country(name, fuzzy=False)
            except UnresolvedName:
                pass
        known = self.known_organization(name) or self.known_person(name, fuzzy=False)
        if known is not None:
            return known
        sector = _SECTOR.match(name)
        if sector:
            country: str | None
            try:
                country = self.country(sector.group(2), fuzzy=False).ref.id
            except UnresolvedName:
                country = country_hint
            words = set(normalize(sector.group(1)).split())
            kind = OrgKind.GROUP if words & lexicon().civil_sectors else OrgKind.GOVERNMENT
            return self.resolve(name, NodeLabel.ORGANIZATION, kind=kind, country=country)
        label = NodeLabel.ORGANIZATION if _looks_like_organization(name) else NodeLabel.PERSON
        org_kind = OrgKind.OTHER if label == NodeLabel.ORGANIZATION else None
        return self.resolve(name, label, kind=org_kind, country=country_hint)

    def _country_ref(self, iso3: str, confidence: float, how: str) -> Resolution:
        name = country_names().get(iso3, iso3)
        return Resolution(ActorRef(id=iso3, label=NodeLabel.COUNTRY, name=name), confidence, how)

    def resolve(
        self,
        name: str,
        label: NodeLabel | None = None,
        given_id: str | None = None,
        kind: OrgKind | None = None,
        country: str | None = None,
    ) -> Resolution:
        """Resolve an actor. Without a label, only countries can be recognised (no new node is guessed)."""
        name = name.strip()
        if not name:
            raise UnresolvedName("empty actor name")
        if label is None:
            return self._unlabelled(name, given_id)
        if label == NodeLabel.COUNTRY:
            return self.country(given_id or name)
        if given_id is None:
            known = (self.known_person(name) if label == NodeLabel.PERSON else
                     self.known_organization(name) if label == NodeLabel.ORGANIZATION else None)
            if known is not None:
                return known
        actor_id, how = _new_actor_id(name, label, given_id)
        if country is not None and not re.fullmatch(r"[A-Z]{3}", country):
            country = self.country(country).ref.id
        if label == NodeLabel.ORGANIZATION and kind is None:
            kind = OrgKind.OTHER
        return Resolution(ActorRef(id=actor_id, label=label, name=name, kind=kind, country=country), 1.0, how)

    def _unlabelled(self, name: str, given_id: str | None) -> Resolution:
        """A country; else a person or organization the reference data knows; never a new node."""
        try:
            return self.country(given_id or name)
        except UnresolvedName as exc:
            known = self.known_organization(name) or self.known_person(name, fuzzy=False)
            if known is not None:
                return known
            raise UnresolvedName(f"{exc}; if it is a person or organization, give its type", name) from None


def _new_actor_id(name: str, label: NodeLabel, given_id: str | None) -> tuple[str, str]:
    """(id, how) for a person or organization the reference data does not know: the given id, else its name's."""
    prefix = _ID_PREFIX[label]
    if given_id is not None:
        if not _GIVEN_ID.match(given_id):
            raise UnresolvedName(f"id {given_id!r} may only use letters, digits and : . _ / -")
        return (given_id if given_id.startswith(f"{prefix}:") else f"{prefix}:{given_id}"), "given id"
    key = slug(name)
    if not key:
        raise UnresolvedName(f"name {name!r} has no letters or digits")
    actor_id = f"{prefix}:{key}"
    if suspicious(name):  # keep a look-alike apart from the name it imitates
        actor_id += "-" + hashlib.sha1(name.encode("utf-8")).hexdigest()[:8]
    return actor_id, "name"
