"""Issue 14, credentials: the local password only ever reaches the local server; no password on a command
line; the server's home, store and password file are private. Each test failed on the code before the fix."""

from __future__ import annotations

import hashlib
import os
import shutil
import stat
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner
from pydantic import SecretStr

from kg import settings as settings_module
from kg.cli.main import main
from kg.settings import PasswordMissing, Settings
from kg.store import server as server_module
from kg.store.server import LocalServer, free_port
from tests.fake_bolt import BOLT_5_4, FakeBolt

LOCAL_SECRET = "local-admin-secret-0123456789"


@pytest.fixture
def local_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A KG_HOME whose local server has a password file (the server itself is not running)."""
    home = tmp_path / "kg-home"
    (home / "neo4j").mkdir(parents=True)
    (home / "neo4j" / "password").write_text(LOCAL_SECRET + "\n")
    for name in ("NEO4J_URI", "NEO4J_PASSWORD", "NEO4J_USERNAME", "NEO4J_DATABASE", "KG_ENV_FILE"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("KG_HOME", str(home))
    monkeypatch.setenv("KG_BOLT_PORT", str(free_port()))  # nothing listens there
    monkeypatch.setenv("KG_RETRY_SECONDS", "4")
    return home


def _one_line_error(output: str) -> None:
    assert "Traceback" not in output, output
    assert len([line for line in output.splitlines() if line.strip()]) == 1, output


def test_a_dotenv_in_the_working_directory_never_gets_the_local_password(
        local_home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The issue's scenario: a checkout ships `.env` with NEO4J_URI and no password; `kg` runs inside it."""
    checkout = tmp_path / "someone-elses-checkout"
    checkout.mkdir()
    with FakeBolt(BOLT_5_4) as fake:
        (checkout / ".env").write_text(f"NEO4J_URI={fake.uri}\n")
        monkeypatch.chdir(checkout)
        result = CliRunner().invoke(main, ["query", "who-met"])
    assert not fake.saw(LOCAL_SECRET), "the local server's password went to the .env's host"
    assert fake.connections == 0  # the cwd's .env is not read at all
    assert result.exit_code == 75, result.output  # the local server (the one kg does use) is down
    _one_line_error(result.output)


def test_an_explicit_env_file_naming_another_port_gets_no_local_password(local_home: Path, tmp_path: Path) -> None:
    with FakeBolt(BOLT_5_4) as fake:
        env_file = tmp_path / "other.env"
        env_file.write_text(f"NEO4J_URI={fake.uri}\n")
        result = CliRunner().invoke(main, ["--env-file", str(env_file), "query", "who-met"])
    assert not fake.saw(LOCAL_SECRET)
    assert result.exit_code == 78, result.output
    assert "NEO4J_PASSWORD" in result.output
    _one_line_error(result.output)


def test_the_password_file_is_used_only_for_the_local_servers_uri(local_home: Path) -> None:
    port = int(os.environ["KG_BOLT_PORT"])
    for uri in (None, f"neo4j://127.0.0.1:{port}", f"bolt://localhost:{port}"):
        assert Settings(neo4j_uri=uri).password == LOCAL_SECRET
    for uri in (f"neo4j://127.0.0.1:{port + 1}", "neo4j://192.0.2.10:7687", f"bolt://192.0.2.10:{port}"):
        with pytest.raises(PasswordMissing):
            _ = Settings(neo4j_uri=uri).password


def test_an_env_file_pointing_at_another_machine_without_its_password_is_refused(
        local_home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    env_file = tmp_path / "remote.env"
    env_file.write_text("NEO4J_URI=neo4j://192.0.2.10:7687\n")  # TEST-NET-1: never routed
    with pytest.raises(settings_module.CredentialsRefused, match="NEO4J_PASSWORD"):
        Settings(_env_file=env_file)
    monkeypatch.setenv("NEO4J_PASSWORD", "my-own-servers-password")  # not the file's server's password either
    with pytest.raises(settings_module.CredentialsRefused):
        Settings(_env_file=env_file)
    result = CliRunner().invoke(main, ["--env-file", str(env_file), "report"])
    assert result.exit_code == 78, result.output
    _one_line_error(result.output)
    # With its own password the file is fine, and so is a loopback URI.
    monkeypatch.delenv("NEO4J_PASSWORD")
    env_file.write_text("NEO4J_URI=neo4j://192.0.2.10:7687\nNEO4J_PASSWORD=that-servers-own\n")
    assert Settings(_env_file=env_file).password == "that-servers-own"
    env_file.write_text("NEO4J_URI=neo4j://127.0.0.1:7687\n")
    assert Settings(_env_file=env_file).neo4j_uri == "neo4j://127.0.0.1:7687"


def test_kg_env_file_is_honoured_and_the_cwd_env_is_not(local_home: Path, tmp_path: Path,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / ".env").write_text("NEO4J_DATABASE=from-cwd\n")
    named = tmp_path / "named.env"
    named.write_text("NEO4J_DATABASE=from-named\n")
    monkeypatch.chdir(tmp_path)
    assert Settings().neo4j_database == "neo4j"
    monkeypatch.setenv("KG_ENV_FILE", str(named))
    assert Settings().neo4j_database == "from-named"


def test_the_admin_tools_argv_carries_no_password(tmp_path: Path) -> None:
    argfile = tmp_path / "args"
    argv = server_module.initial_password_command("/usr/bin/java", tmp_path / "lib", argfile)
    assert argv[-1] == f"@{argfile}"
    secret = 'p@ss "word" \\ #1 ünï'
    assert secret not in " ".join(argv)
    assert "set-initial-password" in server_module.initial_password_args(secret)


def _shiro_sha256(password: str, salt: bytes, iterations: int) -> str:
    digest = hashlib.sha256(salt + password.encode()).digest()
    for _ in range(iterations - 1):
        digest = hashlib.sha256(digest).digest()
    return digest.hex()


def _java_and_jars() -> LocalServer:
    if shutil.which("java") is None or shutil.which("mvn") is None:
        pytest.skip("needs Java and Maven for the admin tool")
    return LocalServer(Settings(neo4j_uri=None))


@pytest.mark.parametrize("password", ['a\\b"c#d \'e f', "ünïcødé-long-enough"])
def test_the_argument_file_carries_any_password_exactly(tmp_path: Path, password: str) -> None:
    lib = _java_and_jars().install_libs()
    (tmp_path / "conf").mkdir()
    (tmp_path / "conf" / "neo4j.conf").write_text(f"server.directories.data={tmp_path / 'data'}\n")
    argfile = tmp_path / "args"
    argfile.write_text(server_module.initial_password_args(password), encoding="utf-8")
    env = {**os.environ, "NEO4J_HOME": str(tmp_path), "NEO4J_CONF": str(tmp_path / "conf"), "LC_ALL": "C"}
    command = server_module.initial_password_command(shutil.which("java") or "java", lib, argfile)
    proc = subprocess.run(command, env=env,
                          capture_output=True, text=True, check=False)
    assert proc.returncode == 0, proc.stderr
    _user, _, rest = (tmp_path / "data" / "dbms" / "auth.ini").read_text().strip().partition(":")
    _, hashed, salt, iterations = rest.split(":")[0].split(",")
    assert _shiro_sha256(password, bytes.fromhex(salt), int(iterations)) == hashed


def test_install_keeps_the_password_off_every_command_line_and_the_files_private(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _java_and_jars()
    home = tmp_path / "home"
    (home / "neo4j" / "data").mkdir(parents=True)
    os.chmod(home / "neo4j", 0o755)  # a home made by an older kg: world-readable
    os.chmod(home / "neo4j" / "data", 0o755)
    server = LocalServer(Settings(neo4j_uri=None, kg_home=home, kg_bolt_port=free_port(), kg_http_port=free_port()))
    commands: list[list[str]] = []
    real_run = subprocess.run

    def recording_run(command: list[str], *args: object, **kwargs: object) -> subprocess.CompletedProcess[str]:
        commands.append([str(part) for part in command])
        return real_run(command, *args, **kwargs)  # type: ignore[call-overload,no-any-return]

    monkeypatch.setattr(subprocess, "run", recording_run)
    server.install()
    password = server.settings.password_file.read_text().strip()
    assert commands and all(password not in " ".join(command) for command in commands)
    assert (server.data_dir / "dbms" / "auth.ini").exists()
    assert not list(server.run_dir.glob("*.args")), "the argument file must not outlive the admin call"
    mode = lambda path: stat.S_IMODE(path.stat().st_mode)  # noqa: E731
    assert mode(server.settings.password_file) == 0o600
    assert mode(server.home) == 0o700
    assert mode(server.data_dir) == 0o700
    conf = (server.conf_dir / "neo4j.conf").read_text()
    assert "db.transaction.timeout=" in conf


def test_a_user_given_password_reaches_the_server_intact(tmp_path: Path) -> None:
    """A password with quotes and spaces set through the argument file really logs in."""
    _java_and_jars()
    from neo4j import GraphDatabase

    secret = 'quote" space \\ hash# end'
    server = LocalServer(Settings(neo4j_uri=None, neo4j_password=SecretStr(secret), kg_home=tmp_path / "h",
                                  kg_bolt_port=free_port(), kg_http_port=free_port(), kg_heap="512m",
                                  kg_pagecache="64m"))
    server.start()
    try:
        with GraphDatabase.driver(server.settings.uri, auth=("neo4j", secret)) as driver:
            driver.verify_connectivity()
    finally:
        server.stop()
