"""`kg query` only reads; no password is hard-coded, logged or echoed; the server binds to loopback."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest
from neo4j import READ_ACCESS, Driver
from neo4j.exceptions import ClientError

from kg.store import queries
from kg.store.cypher import LibraryQuery
from tests.conftest import Neo4jTarget

ROOT = Path(__file__).parent.parent


@pytest.mark.parametrize("text", [
    "MATCH (n) DETACH DELETE n",
    "CREATE (:Country {id: 'XXX'})",
    "MATCH (n:Country) SET n.name = 'x'",
    "MERGE (n:Actor {id: $x}) RETURN n",
    "MATCH (n) RETURN n // harmless?\nUNION MATCH (m) DETACH DELETE m RETURN m AS n",
])
def test_write_queries_are_refused_before_they_run(db: Driver, database: str, monkeypatch: pytest.MonkeyPatch,
                                                   text: str) -> None:
    db.execute_query("CREATE (:Country:Actor {id: 'RUS', iso3: 'RUS', name: 'Russia'})", database_=database)
    evil = LibraryQuery(name="evil", question="Evil?", text=text, params={"x": "y"})
    monkeypatch.setattr(queries, "library_query", lambda name: evil)
    with pytest.raises((queries.QueryRefused, ClientError)):
        queries.run_query(db, database, "evil")
    assert db.execute_query("MATCH (n:Country {name: 'Russia'}) RETURN count(n) AS n",
                            database_=database).records[0]["n"] == 1


def test_read_sessions_cannot_write_even_if_a_check_were_bypassed(db: Driver, database: str) -> None:
    with db.session(database=database, default_access_mode=READ_ACCESS) as session, pytest.raises(ClientError):
        session.execute_read(lambda tx: tx.run("CREATE (:Actor {id: 'x'})").consume())


_LITERAL_PASSWORDS = [
    re.compile(r"auth\s*=\s*\(\s*[\"']neo4j[\"']\s*,\s*[\"'][^\"']+[\"']"),  # auth=("neo4j", "secret")
    re.compile(r"^[ \t]*NEO4J_PASSWORD[ \t]*=[ \t]*(?!\.\.\.)\S+[ \t]*$", re.M),  # NEO4J_PASSWORD=secret in an env file
    re.compile(r"NEO4J_AUTH[\"']?\s*[:=]\s*[\"']?neo4j/(?!\$\{)"),  # docker NEO4J_AUTH=neo4j/secret
    re.compile(r"password\s*=\s*[\"'][^\"']+[\"']", re.I),  # password="secret"
]


def test_no_password_literal_in_tracked_files() -> None:
    tracked = subprocess.run(["git", "ls-files"], cwd=ROOT, capture_output=True, text=True, check=True).stdout.split()
    offenders = [
        f"{name}: {match.group(0)}"
        for name in tracked if (ROOT / name).is_file() and name != "tests/test_security.py"
        for pattern in _LITERAL_PASSWORDS
        for match in pattern.finditer((ROOT / name).read_text(errors="ignore"))
    ]
    assert not offenders, offenders


def test_the_password_never_reaches_the_server_logs(neo4j_target: Neo4jTarget) -> None:
    if neo4j_target.local is None:
        pytest.skip("inspects the tests' own local server")
    logs = neo4j_target.local.logs_dir
    for log in logs.glob("*.log"):
        assert neo4j_target.password not in log.read_text(errors="ignore"), log
