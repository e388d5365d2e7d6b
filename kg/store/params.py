"""Typed, validated parameters for the query library and the `--country/--actor/--org` options.

Each library query declares its parameters' types in one header line,
`// types: country=country since=date limit=int 1..10000 include_undated=bool`, and every value is checked
(and names resolved to ids: "Russia", "the Kremlin" → RUS; "North Atlantic Treaty Organization" → org:nato)
before any Cypher runs, so bad input ends in one line that says what is wrong and what would do.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from kg.resolve import Resolver

__all__ = ["BadParameter", "ParamType", "parse_types", "resolve_actor", "resolve_country", "resolve_org",
           "resolve_person", "validate"]

_DATE = re.compile(r"^(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?$")
_INT_RANGE = re.compile(r"^int(?:\s+(-?\d+)\.\.(-?\d+))?$")
_KINDS = ("date", "country", "org", "person", "actor", "bool", "str", "plover")
_TRUE, _FALSE = ("true", "yes", "1"), ("false", "no", "0")
MAX_TEXT = 200


class BadParameter(ValueError):
    """A parameter value that cannot be used; the message is one line for the user."""


@dataclass(frozen=True)
class ParamType:
    kind: str
    low: int | None = None
    high: int | None = None

    def describe(self) -> str:
        if self.kind == "int" and self.low is not None:
            return f"a whole number from {self.low:,} to {self.high:,}"
        return {"date": "a date YYYY-MM-DD (or YYYY-MM, YYYY)", "country": "a country (name or ISO3 code)",
                "org": "an organization (name or id)", "person": "a person's name", "int": "a whole number",
                "actor": "a country, organization or person", "bool": "true or false", "str": "text",
                "plover": "a PLOVER category (" + ", ".join(plover_categories()) + ")"}[self.kind]


@cache
def plover_categories() -> tuple[str, ...]:
    """The PLOVER categories CAMEO roots map to (kg/reference/data/cameo_plover.csv)."""
    from loaders.cameo import _data_rows

    return tuple(sorted({row["plover"] for row in _data_rows("cameo_plover.csv")}))


def parse_types(spec: str) -> dict[str, ParamType]:
    """`country=country limit=int 1..10000` → {country: ParamType('country'), limit: ParamType('int', 1, 10000)}."""
    types: dict[str, ParamType] = {}
    for match in re.finditer(r"(\w+)=(\w+(?:\s+-?\d+\.\.-?\d+)?)", spec):
        name, kind = match.group(1), match.group(2)
        if m := _INT_RANGE.match(kind):
            types[name] = ParamType("int", int(m.group(1)) if m.group(1) else None,
                                    int(m.group(2)) if m.group(2) else None)
        elif kind in _KINDS:
            types[name] = ParamType(kind)
        else:
            raise ValueError(f"unknown parameter type {kind!r} for {name}")
    return types


@cache
def _resolver() -> Resolver:
    from kg.resolve import Resolver

    return Resolver()


def _did_you_mean(name: str, kinds: tuple[str, ...]) -> str:
    near = _resolver().suggestions(name, kinds)
    return f"; did you mean {' or '.join(near)}?" if near else ""


def resolve_country(name: str) -> str:
    """A country name, code, demonym or metonym ("the Kremlin") → ISO3, else BadParameter with suggestions."""
    from kg.resolve import UnresolvedName

    try:
        return _resolver().country(_text(name)).ref.id
    except UnresolvedName as exc:
        raise BadParameter(f"{exc}{_did_you_mean(name, ('country',))}") from None


def resolve_org(name: str) -> str:
    """An organization's name, alias or id → its id (org:nato)."""
    text = _text(name)
    hit = _resolver().known_organization(text.removeprefix("org:"))
    if hit is None:
        raise BadParameter(f"unknown organization {text!r}{_did_you_mean(text, ('org',))}")
    return hit.ref.id


def resolve_person(name: str, day: dt.date | None = None) -> str:
    """A reference person by name, alias, title or role ("Russia's foreign minister") → id; other names as given
    (people of event datasets are not in the reference data; the query looks them up by name)."""
    from kg.resolve import UnresolvedName

    text = _text(name)
    try:
        hit = _resolver().resolve_phrase(text, day or dt.date.today())
    except UnresolvedName:
        return text
    return hit.ref.id


def resolve_actor(name: str, day: dt.date | None = None) -> str:
    """Any actor: a country (ISO3), organization (id) or person (id); other names as given."""
    from kg.resolve import UnresolvedName

    text = _text(name)
    try:
        return _resolver().resolve_phrase(text, day or dt.date.today()).ref.id
    except UnresolvedName:
        return text


def _text(raw: str) -> str:
    text = " ".join(str(raw).split())
    if not text:
        raise BadParameter("an empty name")
    if len(text) > MAX_TEXT:
        raise BadParameter(f"a name of {len(text)} characters (at most {MAX_TEXT})")
    return text


def parse_date(raw: str) -> str:
    m = _DATE.match(raw.strip())
    if not m:
        raise BadParameter(f"{raw!r} is not a date; write YYYY-MM-DD (or YYYY-MM, YYYY)")
    try:
        day = dt.date(int(m.group(1)), int(m.group(2) or 1), int(m.group(3) or 1))
    except ValueError as exc:
        raise BadParameter(f"{raw!r} is not a date ({exc})") from None
    return day.isoformat()


def _int(raw: Any, kind: ParamType) -> int:
    try:
        value = int(str(raw).strip().replace(",", "").replace("_", ""))
    except ValueError:
        raise BadParameter(f"{raw!r} is not {kind.describe()}") from None
    if (kind.low is not None and value < kind.low) or (kind.high is not None and value > kind.high):
        raise BadParameter(f"{raw!r} is out of range: give {kind.describe()}")
    return value


def _bool(raw: Any) -> bool:
    if isinstance(raw, bool):
        return raw
    text = str(raw).strip().lower()
    if text in _TRUE or text in _FALSE:
        return text in _TRUE
    raise BadParameter(f"{raw!r} is not true or false")


def _plover(raw: Any) -> str:
    text = str(raw).strip().upper()
    if text not in plover_categories():
        raise BadParameter(f"{raw!r} is not {ParamType('plover').describe()}")
    return text


def convert(raw: Any, kind: ParamType) -> Any:
    """One value, typed (and names resolved) as the header says."""
    converters = {"date": lambda v: parse_date(str(v)), "country": resolve_country, "org": resolve_org,
                  "person": resolve_person, "actor": resolve_actor, "bool": _bool, "plover": _plover,
                  "int": lambda v: _int(v, kind), "str": _text}
    return converters[kind.kind](raw)


def validate(query_name: str, defaults: dict[str, Any], types: dict[str, ParamType],
             given: dict[str, Any]) -> dict[str, Any]:
    """Defaults overridden by `given`, every value converted; BadParameter names the parameter and the reason."""
    unknown = sorted(set(given) - set(defaults))
    if unknown:
        known = ", ".join(sorted(defaults)) or "none"
        raise BadParameter(f"{query_name} has no parameter {', '.join(unknown)}; it takes: {known}")
    values: dict[str, Any] = {}
    for name, default in defaults.items():
        raw = given.get(name, default)
        kind = types.get(name, ParamType("str"))
        if default is None and (raw is None or str(raw).strip().lower() in ("", "null", "none")):
            values[name] = None  # an optional filter left unset
            continue
        try:
            values[name] = convert(raw, kind)
        except BadParameter as exc:
            raise BadParameter(f"{query_name}: parameter {name}: {exc}") from None
    return values
