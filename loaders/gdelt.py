"""GDELT event exports → events. Parse and map only.

GDELT 2.0 `*.export.CSV` files have 61 tab-separated columns and no header; GDELT 1.0 daily files have
58 (57 before SOURCEURL was added), without the three `*_ADM2Code` columns. Actors are states: the CAMEO
country code (Actor1CountryCode; ISO3 but for a few codes listed in kg/reference/data/cameo_countries.csv)
gives the Country, the type codes (GOV, MIL, BUS…) are kept as the edge's `subject_role`/`object_role`;
an actor with no country but a known group code (UN, NATO, …) is an Organization. The `*Geo_CountryCode`
columns are FIPS 10-4, not ISO, and are only used as the place's name. GLOBALEVENTID is the key, so a
row repeated across 15-minute files is one edge.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable, Iterator
from functools import cache
from importlib import resources
from pathlib import Path

from kg.dates import parse_when
from kg.models import Event
from kg.ontology import NodeLabel, OrgKind
from kg.resolve import Resolution, Resolver
from kg.rows import Reject, Row, Skip, reject_for
from loaders._tsv import tsv_lines
from loaders.cameo import CameoMap, CodedFile, find_codebook, out_of_scope

__all__ = ["GDELT1_COLUMNS", "GDELT2_COLUMNS", "parse", "parse_lines"]

GDELT2_COLUMNS = [
    "GLOBALEVENTID",
    "SQLDATE",
    "MonthYear",
    "Year",
    "FractionDate",
    "Actor1Code",
    "Actor1Name",
    "Actor1CountryCode",
    "Actor1KnownGroupCode",
    "Actor1EthnicCode",
    "Actor1Religion1Code",
    "Actor1Religion2Code",
    "Actor1Type1Code",
    "Actor1Type2Code",
    "Actor1Type3Code",
    "Actor2Code",
    "Actor2Name",
    "Actor2CountryCode",
    "Actor2KnownGroupCode",
    "Actor2EthnicCode",
    "Actor2Religion1Code",
    "Actor2Religion2Code",
    "Actor2Type1Code",
    "Actor2Type2Code",
    "Actor2Type3Code",
    "IsRootEvent",
    "EventCode",
    "EventBaseCode",
    "EventRootCode",
    "QuadClass",
    "GoldsteinScale",
    "NumMentions",
    "NumSources",
    "NumArticles",
    "AvgTone",
    "Actor1Geo_Type",
    "Actor1Geo_FullName",
    "Actor1Geo_CountryCode",
    "Actor1Geo_ADM1Code",
    "Actor1Geo_ADM2Code",
    "Actor1Geo_Lat",
    "Actor1Geo_Long",
    "Actor1Geo_FeatureID",
    "Actor2Geo_Type",
    "Actor2Geo_FullName",
    "Actor2Geo_CountryCode",
    "Actor2Geo_ADM1Code",
    "Actor2Geo_ADM2Code",
    "Actor2Geo_Lat",
    "Actor2Geo_Long",
    "Actor2Geo_FeatureID",
    "ActionGeo_Type",
    "ActionGeo_FullName",
    "ActionGeo_CountryCode",
    "ActionGeo_ADM1Code",
    "ActionGeo_ADM2Code",
    "ActionGeo_Lat",
    "ActionGeo_Long",
    "ActionGeo_FeatureID",
    "DATEADDED",
    "SOURCEURL",
]
GDELT1_COLUMNS = tuple(c for c in GDELT2_COLUMNS if not c.endswith("_ADM2Code"))
_LAYOUTS = {61: GDELT2_COLUMNS, 58: GDELT1_COLUMNS, 57: GDELT1_COLUMNS[:-1]}
# GDELT codes many events with one actor only ("protesters gathered"): valid data, but no edge between two actors.
ONE_SIDED = "one-sided events: only one actor is coded"
ROLE_ONLY = "events with an actor coded by role only (no country or known group)"
REGION = "events with a regional actor (a CAMEO region code such as EUR, not a state)"
_ACTORS = ("Actor1", "Actor2")


class _OutOfScope(Exception):
    """A well-formed actor that no node of a graph of states can stand for; its event is skipped and counted."""


@cache
def _cameo_countries() -> dict[str, tuple[str, str]]:
    text = resources.files("kg.reference").joinpath("data/cameo_countries.csv").read_text(encoding="utf-8")
    rows = csv.DictReader(line for line in text.splitlines() if not line.startswith("#"))
    return {r["cameo"]: (r["iso3"], r["label"]) for r in rows}


def _known_groups(codebook: Path | None) -> dict[str, str]:
    if codebook is None or not (path := codebook.parent / "CAMEO.knowngroup.txt").exists():
        return {}
    with path.open(encoding="utf-8", errors="replace") as handle:
        rows = [line.rstrip("\r\n").split("\t") for line in handle][1:]
    return {row[0]: row[1] for row in rows if len(row) >= 2}


class _Actors:
    def __init__(self, resolver: Resolver, groups: dict[str, str]) -> None:
        self.resolver = resolver
        self.groups = groups

    def resolve(self, country: str | None, group: str | None) -> Resolution:
        if country:
            iso3, label = _cameo_countries().get(country, (country, country))
            if not iso3:
                raise _OutOfScope(REGION)
            return self.resolver.country(iso3)
        if group:
            label = self.groups.get(group, group)
            return self.resolver.resolve(
                label, NodeLabel.ORGANIZATION, given_id=f"cameo-{group.lower()}", kind=OrgKind.OTHER
            )
        raise _OutOfScope(ROLE_ONLY)


def parse(
    path: Path, *, source: str | None = None, resolver: Resolver | None = None, cameo: CameoMap | None = None
) -> Iterator[Row | Reject]:
    yield from parse_lines(path, tsv_lines(path), source=source, resolver=resolver, cameo=cameo)


def parse_lines(path: Path, lines: Iterable[tuple[int, list[str]] | Reject], *, source: str | None = None,
                resolver: Resolver | None = None, cameo: CameoMap | None = None) -> Iterator[Row | Reject]:
    """A file's lines (as `tsv_lines` gives them) → rows. Lines are independent of each other, so the Spark
    job maps any slice of a file with this; an empty input is an empty file."""
    codebook = find_codebook(path)
    file = CodedFile(path, source or f"gdelt:{path.name.split('.')[0]}", resolver or Resolver(),
                     cameo or CameoMap(codebook))
    actors = _Actors(file.resolver, _known_groups(codebook))
    any_line = False
    for item in lines:
        any_line = True
        yield item if isinstance(item, Reject) else _map_line(file, actors, *item)
    if not any_line:
        yield Reject(str(path), 1, "the file has no events (it is empty)")


def _map_line(file: CodedFile, actors: _Actors, line: int, fields: list[str]) -> Row | Reject:
    path, cameo, source = file.path, file.cameo, file.source
    columns = _LAYOUTS.get(len(fields))
    if columns is None:
        return Reject(str(path), line, f"{len(fields)} columns; GDELT 2.0 has 61, GDELT 1.0 has 57 or 58")
    v = {name: (value.strip() or None) for name, value in zip(columns, fields, strict=True)}
    if not all(v.get(f"{a}Code") or v.get(f"{a}CountryCode") or v.get(f"{a}KnownGroupCode") for a in _ACTORS):
        return Skip(str(path), line, ONE_SIDED)  # well-formed GDELT, but a graph edge needs two ends
    try:
        subject = actors.resolve(v["Actor1CountryCode"], v["Actor1KnownGroupCode"])
        obj = actors.resolve(v["Actor2CountryCode"], v["Actor2KnownGroupCode"])
        kind = cameo.by_code(v["EventCode"] or "", _float(v["GoldsteinScale"]))
        if (skip := out_of_scope(path, line, subject, obj, kind.relation)) is not None:
            return skip
        when = parse_when(v["SQLDATE"])
        quad = v.get("QuadClass")
        if quad and int(quad) != kind.quad_class:
            raise ValueError(f"QuadClass {v['QuadClass']} does not match event code {kind.cameo}")
        return Row(
            Event(
                relation=kind.relation,
                subject=subject.ref,
                object=obj.ref,
                event_id=f"gdelt:{v['GLOBALEVENTID']}",
                source=source,
                status=kind.status,
                date=when.date,
                since=when.since,
                until=when.until,
                date_precision=when.precision,
                cameo=kind.cameo,
                cameo_root=kind.cameo_root,
                quad_class=kind.quad_class,
                plover=kind.plover,
                goldstein=kind.goldstein,
                num_mentions=_int(v.get("NumMentions")),
                source_url=v.get("SOURCEURL"),
                place=v.get("ActionGeo_FullName"),
                subject_role=_roles(v, "Actor1"),
                object_role=_roles(v, "Actor2"),
            ),
            str(path),
            line,
        )
    except ValueError as exc:  # pydantic's ValidationError and UnresolvedName are ValueErrors
        return reject_for(path, line, exc)
    except _OutOfScope as exc:
        return Skip(str(path), line, str(exc))


def _float(text: str | None) -> float | None:
    return float(text) if text else None


def _int(text: str | None) -> int | None:
    return int(text) if text else None


def _roles(v: dict[str, str | None], actor: str) -> str | None:
    roles = [v[f"{actor}Type{i}Code"] for i in (1, 2, 3) if v.get(f"{actor}Type{i}Code")]
    return ",".join(r for r in roles if r) or None
