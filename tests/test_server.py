"""`kg server`: install, start, status, stop of a local server with its own home and ports."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest
from click.testing import CliRunner
from neo4j import GraphDatabase

from kg.cli.main import main
from kg.store.server import LocalServer, free_port


@pytest.fixture
def home_env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> dict[str, str]:
    env = {"KG_HOME": str(tmp_path / "home"), "KG_BOLT_PORT": str(free_port()), "KG_HTTP_PORT": str(free_port()),
           "KG_HEAP": "512m", "KG_PAGECACHE": "128m"}
    for key in ("NEO4J_URI", "NEO4J_PASSWORD"):
        monkeypatch.delenv(key, raising=False)
    for key, value in env.items():
        monkeypatch.setenv(key, value)
    return env


def test_server_lifecycle_with_generated_password(home_env: dict[str, str], tmp_path: Path) -> None:
    runner = CliRunner()
    try:
        result = runner.invoke(main, ["server", "install"])
        assert result.exit_code == 0, result.output
        password_file = tmp_path / "home" / "neo4j" / "password"
        assert stat.S_IMODE(os.stat(password_file).st_mode) == 0o600
        password = password_file.read_text().strip()
        assert len(password) >= 24 and password not in result.output

        conf = (tmp_path / "home" / "neo4j" / "conf" / "neo4j.conf").read_text()
        assert "server.default_listen_address=127.0.0.1" in conf and "dbms.security.auth_enabled=true" in conf
        assert "0.0.0.0" not in conf

        assert runner.invoke(main, ["server", "status"]).exit_code == 1
        result = runner.invoke(main, ["server", "start"])
        assert result.exit_code == 0 and "Neo4j is running" in result.output and password not in result.output
        status = runner.invoke(main, ["server", "status"])
        assert status.exit_code == 0 and "running: pid" in status.output

        uri = f"neo4j://127.0.0.1:{home_env['KG_BOLT_PORT']}"
        with GraphDatabase.driver(uri, auth=("neo4j", password)) as driver:
            driver.verify_connectivity()
        result = runner.invoke(main, ["init"])  # kg reads the password file by itself
        assert result.exit_code == 0, result.output
        # A second start finds it running; install again keeps the password.
        assert runner.invoke(main, ["server", "start"]).exit_code == 0
        assert runner.invoke(main, ["server", "install"]).exit_code == 0
        assert password_file.read_text().strip() == password
        assert "Started." in runner.invoke(main, ["server", "logs"]).output
    finally:
        stopped = runner.invoke(main, ["server", "stop"])
    assert "Neo4j stopped." in stopped.output
    assert runner.invoke(main, ["server", "status"]).exit_code == 1
    assert "was not running" in runner.invoke(main, ["server", "stop"]).output


def test_stop_never_kills_a_process_that_is_not_ours(home_env: dict[str, str], tmp_path: Path) -> None:
    server = LocalServer()
    server.run_dir.mkdir(parents=True)
    server.pid_file.write_text(f"{os.getpid()}\n")  # a PID file pointing at some other process
    assert server.pid() is None
    assert server.stop() is False
