"""One fixture gives every test that needs Neo4j a real server.

Order: `NEO4J_URI` if set (it must point at an empty database, or KG_TEST_WIPE_OK=1 must say it may
be wiped); else testcontainers' Neo4jContainer when a Docker engine answers; else a disposable local
server started by the same `kg.store.server` code the CLI uses, on free ports with a temporary home,
stopped at the end. Each test that uses `db` starts from an empty graph.
"""

from __future__ import annotations

import os
import secrets
import shutil
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result
from neo4j import Driver, GraphDatabase
from pydantic import SecretStr

from kg.cli.main import main
from kg.nlp import CoreNLPClient, NlpServer
from kg.settings import Settings
from kg.store import cypher
from kg.store.server import LocalServer, free_port

TESTS = Path(__file__).parent
SHARED = TESTS.parent.parent / "shared"
DATASETS = SHARED / "datasets"  # the full datasets: only for tests marked `shared("datasets/…")`
FIXTURES = TESTS / "data" / "datasets"  # small cuts of them, same layout (tests/make_dataset_fixtures.py)
REQUIRE_SHARED = "KG_REQUIRE_SHARED"  # =1 (CI, .ci/run): missing ../shared data fails instead of skipping


def read_test_cypher(name: str) -> str:
    return (TESTS / "cypher" / name).read_text(encoding="utf-8")


@dataclass
class Neo4jTarget:
    uri: str
    username: str
    password: str
    database: str
    local: LocalServer | None  # set when the tests run their own local server

    @property
    def env(self) -> dict[str, str]:
        return {"NEO4J_URI": self.uri, "NEO4J_USERNAME": self.username, "NEO4J_PASSWORD": self.password,
                "NEO4J_DATABASE": self.database}


def _docker_answers() -> bool:
    if shutil.which("docker") is None:
        return False
    try:
        return subprocess.run(["docker", "info"], capture_output=True, timeout=10, check=False).returncode == 0
    except (OSError, subprocess.TimeoutExpired):
        return False


def local_test_server(home: Path) -> LocalServer:
    settings = Settings(
        neo4j_uri=None, neo4j_password=SecretStr(secrets.token_hex(16)), kg_home=home,
        kg_bolt_port=free_port(), kg_http_port=free_port(), kg_heap="1g", kg_pagecache="512m",
        kg_retry_seconds=60.0,
    )
    return LocalServer(settings)


@pytest.fixture(scope="session")
def neo4j_target(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Neo4jTarget]:
    if os.environ.get("NEO4J_URI"):
        target = Neo4jTarget(os.environ["NEO4J_URI"], os.environ.get("NEO4J_USERNAME", "neo4j"),
                             os.environ.get("NEO4J_PASSWORD", ""), os.environ.get("NEO4J_DATABASE", "neo4j"), None)
        with GraphDatabase.driver(target.uri, auth=(target.username, target.password)) as driver:
            count = driver.execute_query(read_test_cypher("count_nodes.cypher"),
                                         database_=target.database).records[0]["n"]
        if count and os.environ.get("KG_TEST_WIPE_OK") != "1":
            pytest.exit(f"NEO4J_URI points at a graph with {count} nodes and the tests empty the database. "
                        "Point it at an empty database, or set KG_TEST_WIPE_OK=1.", returncode=2)
        yield target
    elif _docker_answers():
        from testcontainers.neo4j import Neo4jContainer

        password = secrets.token_hex(16)
        with Neo4jContainer("neo4j:5.26-community", password=password) as container:
            yield Neo4jTarget(container.get_connection_url(), "neo4j", password, "neo4j", None)
    else:
        server = local_test_server(tmp_path_factory.mktemp("neo4j-home"))
        s = server.settings
        try:
            server.start(timeout=float(os.environ.get("KG_TEST_START_TIMEOUT", 600)))  # slow on a busy machine
            yield Neo4jTarget(s.uri, "neo4j", s.password, "neo4j", server)
        finally:
            server.stop()  # also when the start timed out: never leave a server behind


@pytest.fixture(scope="session")
def driver(neo4j_target: Neo4jTarget) -> Iterator[Driver]:
    with GraphDatabase.driver(neo4j_target.uri, auth=(neo4j_target.username, neo4j_target.password),
                              max_transaction_retry_time=60) as drv:
        drv.verify_connectivity()
        yield drv


@pytest.fixture
def db(driver: Driver, neo4j_target: Neo4jTarget) -> Driver:
    """The session driver, on an emptied database."""
    with driver.session(database=neo4j_target.database) as session:
        for statement in cypher.statements(read_test_cypher("wipe.cypher")):
            session.run(statement).consume()
    return driver


@pytest.fixture
def database(neo4j_target: Neo4jTarget) -> str:
    return neo4j_target.database


@pytest.fixture
def run_cli(neo4j_target: Neo4jTarget, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Any:
    """Invoke `kg` in-process against the test server, from a temporary working directory."""
    monkeypatch.chdir(tmp_path)
    for key, value in neo4j_target.env.items():
        monkeypatch.setenv(key, value)
    monkeypatch.setenv("KG_HOME", str(tmp_path / "kg-home"))  # never the user's own server home
    runner = CliRunner()

    def invoke(*args: str) -> Result:
        return runner.invoke(main, list(args), catch_exceptions=False)

    return invoke


@pytest.fixture(scope="session")
def corenlp(tmp_path_factory: pytest.TempPathFactory) -> Iterator[CoreNLPClient]:
    """ONE real CoreNLP server for the whole run, on a free port with a temporary home (the Maven cache is
    shared, so only the first run on a machine downloads it). The client never starts a server itself."""
    settings = Settings(kg_home=tmp_path_factory.mktemp("corenlp-home"), kg_nlp_port=free_port(), kg_nlp_heap="3g")
    server = NlpServer(settings)
    try:  # a start that times out leaves a JVM loading: stop it too
        server.start(timeout=600, progress=print)
        yield CoreNLPClient(settings, autostart=False)
    finally:
        server.stop()


@pytest.fixture
def corenlp_env(corenlp: CoreNLPClient, monkeypatch: pytest.MonkeyPatch) -> Iterator[CoreNLPClient]:
    """Commands and functions that parse (`kg extract`, `kg load article`, `extract_article` without a parse)
    use the session's CoreNLP server, never a server of their own."""
    from kg.nlp.client import default_client

    monkeypatch.setenv("KG_NLP_PORT", str(corenlp.server.settings.kg_nlp_port))
    default_client.cache_clear()
    yield corenlp
    default_client.cache_clear()


def graph_digest(driver: Driver, database: str) -> list[tuple[Any, ...]]:
    """The whole graph (minus load manifests) as comparable tuples."""
    records = driver.execute_query(read_test_cypher("graph_digest.cypher"), database_=database).records
    return [(r["kind"], r["key"], tuple(r["labels"]), tuple(sorted((k, str(v)) for k, v in r["props"].items())))
            for r in records]


def pytest_runtest_setup(item: pytest.Item) -> None:
    """`@pytest.mark.shared("datasets/icews14/text/train.txt", …)`: the test needs these files under ../shared.
    Missing, it skips naming the first missing file, or fails when KG_REQUIRE_SHARED=1 (CI runs everything)."""
    for mark in item.iter_markers("shared"):
        missing = [SHARED / rel for rel in mark.args if not (SHARED / rel).exists()]
        if not missing:
            continue
        more = f", and {len(missing) - 1} more" if missing[1:] else ""
        reason = f"needs {missing[0]} (../shared beside the repo{more})"
        if os.environ.get(REQUIRE_SHARED) == "1":
            pytest.fail(f"{reason}; {REQUIRE_SHARED}=1 requires it", pytrace=False)
        pytest.skip(reason)


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Mark every test that uses the database (or CoreNLP), so `-m "not neo4j and not corenlp"` runs the
    offline ones."""
    for item in items:
        if {"db", "driver", "neo4j_target", "run_cli"} & set(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.neo4j)
        if "corenlp" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.corenlp)
