"""`kg nlp`: the local CoreNLP server's lifecycle, its loopback-only binding, and its one-line errors."""

from __future__ import annotations

import os
import shutil
import signal
import socket
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from kg.cli.main import main
from kg.jvm import free_port
from kg.nlp import CoreNLPClient, NlpServer
from kg.settings import Settings

LOOPBACK = {"127.0.0.1", "::ffff:127.0.0.1", "::1"}


def _listening_addresses(port: int) -> set[str]:
    """Local addresses of the sockets listening on `port`, read from /proc/net (what `ss -ltn` shows)."""
    found: set[str] = set()
    for table, width in (("/proc/net/tcp", 4), ("/proc/net/tcp6", 16)):
        for line in Path(table).read_text().splitlines()[1:]:
            fields = line.split()
            address, hex_port = fields[1].split(":")
            if int(hex_port, 16) != port or fields[3] != "0A":  # 0A = LISTEN
                continue
            raw = bytes.fromhex(address)
            # the kernel prints each 32-bit word in host (little-endian) order
            raw = b"".join(raw[i:i + 4][::-1] for i in range(0, width, 4))
            family = socket.AF_INET if width == 4 else socket.AF_INET6
            found.add(socket.inet_ntop(family, raw))
    return found


@pytest.fixture
def nlp_env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[dict[str, str]]:
    env = {"KG_HOME": str(tmp_path / "home"), "KG_NLP_PORT": str(free_port())}
    for key, value in env.items():
        monkeypatch.setenv(key, value)
    yield env
    NlpServer(Settings()).stop()  # whatever a failed test left running under this temporary home


def test_session_server_listens_on_loopback_only(corenlp: CoreNLPClient) -> None:
    addresses = _listening_addresses(corenlp.server.port)
    assert addresses, "nothing listens on the CoreNLP port"
    assert addresses <= LOOPBACK, f"CoreNLP listens beyond loopback: {addresses}"
    status = corenlp.server.status()
    assert status.running and status.rss_mb is not None and status.rss_mb > 100


def test_lifecycle_already_running_restart_after_crash_and_stop(nlp_env: dict[str, str]) -> None:
    runner = CliRunner()
    assert runner.invoke(main, ["nlp", "status"]).exit_code == 1
    result = runner.invoke(main, ["nlp", "start"])
    assert result.exit_code == 0 and "CoreNLP 4.5.10 is running" in result.output, result.output
    again = runner.invoke(main, ["nlp", "start"])
    assert again.exit_code == 0 and "already running" in again.output
    status = runner.invoke(main, ["nlp", "status"])
    assert status.exit_code == 0 and f"http://127.0.0.1:{nlp_env['KG_NLP_PORT']}" in status.output
    assert _listening_addresses(int(nlp_env["KG_NLP_PORT"])) <= LOOPBACK

    # The server dies: the client starts it again once and still answers.
    server = NlpServer(Settings())
    old_pid = server.pid()
    assert old_pid is not None
    os.kill(old_pid, signal.SIGKILL)
    while server.pid() is not None:
        time.sleep(0.1)
    document = CoreNLPClient(Settings()).annotate("Putin visited Beijing.")
    assert [t["word"] for t in document["sentences"][0]["tokens"]] == ["Putin", "visited", "Beijing", "."]
    assert server.pid() not in (None, old_pid)

    assert "CoreNLP stopped." in runner.invoke(main, ["nlp", "stop"]).output
    assert runner.invoke(main, ["nlp", "status"]).exit_code == 1
    assert "was not running" in runner.invoke(main, ["nlp", "stop"]).output
    assert "no log yet" not in runner.invoke(main, ["nlp", "logs"]).output


def test_missing_java_is_one_clear_line(nlp_env: dict[str, str], tmp_path: Path,
                                        monkeypatch: pytest.MonkeyPatch) -> None:
    empty_bin = tmp_path / "bin"
    empty_bin.mkdir()
    monkeypatch.setenv("PATH", str(empty_bin))
    monkeypatch.delenv("JAVA_HOME", raising=False)
    result = CliRunner().invoke(main, ["nlp", "start"])
    assert result.exit_code == 1
    assert result.output.strip().startswith("Error: Java 17 or 21 is needed to run Stanford CoreNLP")
    assert "Traceback" not in result.output


def test_missing_maven_is_one_clear_line(nlp_env: dict[str, str], tmp_path: Path,
                                         monkeypatch: pytest.MonkeyPatch) -> None:
    java = shutil.which("java")
    if java is None:
        pytest.skip("needs java on PATH")
    only_java = tmp_path / "bin"
    only_java.mkdir()
    (only_java / "java").symlink_to(java)
    monkeypatch.setenv("PATH", str(only_java))
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "empty-cache"))  # nothing resolved yet
    result = CliRunner().invoke(main, ["nlp", "start"])
    assert result.exit_code == 1
    assert "Maven (mvn) is not on PATH" in result.output and "Traceback" not in result.output


def test_port_taken_by_another_process(corenlp: CoreNLPClient, nlp_env: dict[str, str],
                                       monkeypatch: pytest.MonkeyPatch) -> None:
    with socket.socket() as squatter:
        squatter.bind(("127.0.0.1", 0))
        squatter.listen()
        port = squatter.getsockname()[1]
        monkeypatch.setenv("KG_NLP_PORT", str(port))
        result = CliRunner().invoke(main, ["nlp", "start"])
    assert result.exit_code == 1
    assert f"port {port} on 127.0.0.1 is taken by another process" in result.output
