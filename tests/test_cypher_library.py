"""The .cypher files: headers parse, parameters are typed, every file is valid Cypher on a real Neo4j."""

from __future__ import annotations

from importlib import resources

import pytest
from neo4j import Driver

from kg.ontology import ACTOR_LABEL, RELATIONS, NodeLabel
from kg.store import cypher
from kg.store.queries import QueryRefused, coerce_params
from kg.store.schema import schema_statements


def _all_files() -> list[str]:
    root = resources.files("cypher")
    found = []
    for folder in ("admin", "write", "queries", "project"):
        directory = root.joinpath(folder)
        if directory.is_dir():
            found += [f"{folder}/{e.name}" for e in directory.iterdir() if e.name.endswith(".cypher")]
    return sorted(found)


def test_library_has_the_starter_queries_with_questions_and_defaults() -> None:
    queries = cypher.library()
    assert {"who-met", "partners", "members"} <= set(queries)
    for query in queries.values():
        assert query.question.endswith("?")
        assert all(f"${name}" in query.body for name in query.params), query.name


def test_params_are_typed_like_their_defaults() -> None:
    query = cypher.library_query("partners")
    values = coerce_params(query, {"limit": "5", "include_undated": "false", "country": "United States"})
    assert values["limit"] == 5 and values["include_undated"] is False and values["country"] == "USA"
    with pytest.raises(QueryRefused, match="is not a whole number"):
        coerce_params(query, {"limit": "five"})
    with pytest.raises(QueryRefused, match="has no parameter"):
        coerce_params(query, {"contry": "RUS"})


# Every placeholder a template may use, filled with a name of the ontology (the code fills each with its own).
_TEMPLATE_NAMES = {"rel_type": RELATIONS["MET"].name, "label": NodeLabel.COUNTRY.value, "actor": ACTOR_LABEL,
                   "country": NodeLabel.COUNTRY.value, "person": NodeLabel.PERSON.value,
                   "organization": NodeLabel.ORGANIZATION.value, "holds_office": RELATIONS["HOLDS_OFFICE"].name,
                   "member_of": RELATIONS["MEMBER_OF"].name, "property": "date",
                   "source": "Source", "load": "Load"}


@pytest.mark.parametrize("name", _all_files())
def test_every_cypher_file_is_valid_on_neo4j(db: Driver, database: str, name: str) -> None:
    """EXPLAIN plans without running: syntax, labels and parameters are checked by the real server."""
    text = cypher.render(name, **_TEMPLATE_NAMES) if "{{" in cypher.read(name) else cypher.read(name)
    params = cypher.library_query(name.removeprefix("queries/").removesuffix(".cypher")).params \
        if name.startswith("queries/") else {}
    with db.session(database=database) as session:
        for statement in cypher.statements(text):
            if statement.startswith("SHOW"):
                continue
            session.run("EXPLAIN " + statement, {**_dummy_params(statement), **params}).consume()


def _dummy_params(statement: str) -> dict[str, object]:
    return {"rows": [], "id": "x", "props": {}, "source": "s", "limit": 1, "ids": [], "batches_done": 0,
            "rows_done": 0, "sources": [], "rejected": 0, "country": "RUS", "since": "2000-01-01"}


def test_schema_applies_twice_without_error(db: Driver, database: str) -> None:
    from kg.store.schema import apply_schema

    assert apply_schema(db, database) == len(schema_statements())
    assert apply_schema(db, database) == len(schema_statements())
    names = {r["name"] for r in db.execute_query("SHOW CONSTRAINTS YIELD name", database_=database).records}
    assert {f"{t.lower()}_event_id" for t in RELATIONS} <= names


# Queries that scan by design: whole-graph overviews and comparisons across every partner.
_SCANS = {"graph-overview"}


def _operators(plan: dict[str, object]) -> list[str]:
    children = plan.get("children") or []
    return [str(plan.get("operatorType", ""))] + [op for child in children for op in _operators(child)]  # type: ignore[union-attr, arg-type]


@pytest.mark.parametrize("name", sorted(cypher.library()))
def test_library_queries_start_from_an_index(db: Driver, database: str, name: str) -> None:
    """EXPLAIN on the real server: anchored questions must seek an index, not scan every node."""
    from kg.store.schema import apply_schema

    apply_schema(db, database)
    query = cypher.library_query(name)
    with db.session(database=database) as session:
        plan = session.run("EXPLAIN " + query.body, query.params).consume().plan
    operators = _operators(plan or {})
    if name in _SCANS:
        return
    assert any("Seek" in op for op in operators), f"{name} uses no index: {operators}"
