"""Reference data and entity resolution: news wording, transliterations, roles at a date, dated memberships."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest
from neo4j import Driver

from kg.ontology import NodeLabel
from kg.reference import reference_data
from kg.resolve import Resolver, UnresolvedName
from kg.store.loading import load_reference

EXAMPLES = Path(__file__).parent.parent / "examples"


@pytest.fixture(scope="module")
def resolver() -> Resolver:
    return Resolver()


def test_reference_data_is_consistent() -> None:
    data = reference_data()
    assert len(data.organizations) >= 20 and len(data.memberships) > 250 and len(data.people) > 150
    nato = {m.member: m.since for m in data.memberships if m.org == "org:nato"}
    assert nato["FIN"] == dt.date(2023, 4, 4) and nato["SWE"] == dt.date(2024, 3, 7) and len(nato) == 32
    brics = {m.member for m in data.memberships if m.org == "org:brics"}
    assert {"EGY", "ETH", "IRN", "ARE"} <= brics  # the 2024 expansion
    for office in data.offices:
        assert office.since is None or office.until is None or office.since <= office.until, office


@pytest.mark.parametrize(("name", "person"), [
    ("Lavrov", "person:sergey-lavrov"), ("Sergei Lavrov", "person:sergey-lavrov"),
    ("Foreign Minister Sergey Lavrov".removeprefix("Foreign Minister "), "person:sergey-lavrov"),
    ("Sergey Viktorovich Lavrov", "person:sergey-lavrov"),  # ICEWS spelling
    ("Erdoğan", "person:recep-tayyip-erdogan"), ("Tayyip Erdogan", "person:recep-tayyip-erdogan"),
    ("Zelenskyy", "person:volodymyr-zelensky"), ("Volodymyr Zelensky", "person:volodymyr-zelensky"),
    ("Abdel-Fattah el-Sisi", "person:abdel-fattah-el-sisi"), ("Sisi", "person:abdel-fattah-el-sisi"),
    ("S. Jaishankar", "person:subrahmanyam-jaishankar"), ("Sergey Lavorv", "person:sergey-lavrov"),
])
def test_name_variants_are_one_person(resolver: Resolver, name: str, person: str) -> None:
    assert resolver.resolve(name, NodeLabel.PERSON).ref.id == person


@pytest.mark.parametrize(("phrase", "day", "name"), [
    ("Russia's foreign minister", "2022-07-29", "Sergey Lavrov"),
    ("Russia's top diplomat", "2022-07-29", "Sergey Lavrov"),
    ("the US president", "2022-07-29", "Joe Biden"),
    ("the US president", "2019-06-01", "Donald Trump"),
    ("Turkish President", "2022-07-29", "Recep Tayyip Erdogan"),
    ("Turkish President", "2012-01-01", "Abdullah Gul"),
    ("the Secretary of State", "2016-01-01", None),  # no country named: not a role phrase
    ("Ukraine's foreign minister", "2023-01-01", "Dmytro Kuleba"),
    ("Indian prime minister", "2015-01-01", "Narendra Modi"),
])
def test_roles_resolve_at_the_date(resolver: Resolver, phrase: str, day: str, name: str | None) -> None:
    if name is None:
        with pytest.raises(UnresolvedName):
            resolver.resolve_phrase(phrase, dt.date.fromisoformat(day))
        return
    assert resolver.resolve_phrase(phrase, dt.date.fromisoformat(day)).ref.name == name


def test_organizations_and_metonyms(resolver: Resolver) -> None:
    assert resolver.resolve("North Atlantic Treaty Organization").ref.id == "org:nato"
    assert resolver.resolve("the Quad").ref.id == "org:quad"
    assert resolver.resolve("G-20").ref.id == "org:g20"
    assert resolver.resolve("the Kremlin").ref.id == "RUS" and resolver.resolve("the White House").ref.id == "USA"
    assert resolver.dataset_actor("Sergey Viktorovich Lavrov").ref.id == "person:sergey-lavrov"


def test_look_alikes_never_merge_into_real_people(resolver: Resolver) -> None:
    fake = resolver.resolve("Ѕergey Lavrov", NodeLabel.PERSON).ref  # Cyrillic Ѕ
    hidden = resolver.resolve("Sergey\u200bLavrov", NodeLabel.PERSON).ref  # zero-width space
    assert fake.id != "person:sergey-lavrov" and hidden.id != "person:sergey-lavrov"
    assert fake.id != resolver.resolve("Ergey Lavrov", NodeLabel.PERSON).ref.id


def test_load_reference_is_idempotent_and_versioned(db: Driver, database: str) -> None:
    first = load_reference(db, database)
    assert first.rows_written == len(reference_data().memberships) + len(reference_data().offices)
    assert load_reference(db, database).status == "already loaded"
    counts = db.execute_query("MATCH (c:Country {reference: true}) RETURN count(c) AS n", database_=database)
    assert counts.records[0]["n"] == 249  # every ISO 3166 country
    # A stale fact (from an older version) is pruned by a newer load.
    db.execute_query("MATCH (t:Country {iso3:'TUR'}), (o:Organization {id:'org:nato'}) "
                     "CREATE (t)-[:MEMBER_OF {event_id:'reference#member:TUR:org:nato:1900-01-01', "
                     "source:'reference', status:'occurred'}]->(o)", database_=database)
    load_reference(db, database, force=True)
    stale = db.execute_query("MATCH ()-[r:MEMBER_OF {event_id:'reference#member:TUR:org:nato:1900-01-01'}]->() "
                             "RETURN count(r) AS n", database_=database).records[0]["n"]
    assert stale == 0


def test_seed_actors_resolve_to_reference_nodes_and_queries_use_dates(run_cli: Any, db: Driver) -> None:
    assert run_cli("load", "reference").exit_code == 0
    assert run_cli("load", "events", str(EXAMPLES / "seed-events.jsonl")).exit_code == 0
    unresolved = db.execute_query(
        "MATCH (p:Person)-[r]-() WHERE r.source = 'seed-article' AND p.reference IS NULL "
        "AND NOT p.name IN ['Paul Whelan', 'Brittney Griner'] RETURN collect(DISTINCT p.name) AS names")
    assert unresolved.records[0]["names"] == []
    nato_2023 = json.loads(run_cli("query", "members", "-p", "org=NATO", "-p", "at_date=2023-05-01",
                                   "--format", "json").output)
    assert len(nato_2023) == 31 and "Finland" in {m["member"] for m in nato_2023}
    nato_2022 = json.loads(run_cli("query", "members", "-p", "org=NATO", "-p", "at_date=2022-12-31",
                                   "--format", "json").output)
    assert "Finland" not in {m["member"] for m in nato_2022}
    quad = json.loads(run_cli("query", "members", "-p", "org=Quad", "--format", "json").output)
    assert {m["member"] for m in quad} == {"Australia", "India", "Japan", "United States"}


def test_kg_resolve_explains(run_cli: Any) -> None:
    result = run_cli("resolve", "Russia's foreign minister", "--date", "2022-07-29")
    assert result.exit_code == 0 and "person:sergey-lavrov" in result.output
    assert "Foreign Minister of RUS" in result.output
    assert "ambiguous" in run_cli("resolve", "Congo").output


@pytest.mark.parametrize("day", ["2016-06-01", "2022-07-29", "2024-06-01", "2025-06-01"])
def test_every_nato_member_has_a_head_of_state_and_a_foreign_minister(day: str) -> None:
    """Office-holders cover all NATO members (as of each day): `the Slovak foreign minister` resolves."""
    import datetime as dt

    data = reference_data()
    on = dt.date.fromisoformat(day)
    members = {m.member for m in data.memberships if m.org == "org:nato" and m.since and m.since <= on
               and (m.until is None or on <= m.until)}
    assert len(members) >= 28
    missing = [(iso3, kind) for iso3 in sorted(members) for kind in ("hos", "fm")
               if len(data.holder_of(iso3, kind, on)) != 1]
    assert not missing, missing
