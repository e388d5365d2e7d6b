"""What the two local Java servers (Neo4j in kg.store.server, CoreNLP in kg.nlp.server) share.

Finding Java, running Maven on a pom that only resolves dependencies, probing loopback ports, and owning
exactly one process through a PID file (never a process found by name).
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import time
from collections.abc import Callable
from pathlib import Path

__all__ = ["ServerError", "free_port", "java_executable", "owned_pid", "port_open", "process_cpu_seconds",
           "process_rss_mb", "run_maven", "stop_process"]

Progress = Callable[[str], None]


class ServerError(RuntimeError):
    """A local server could not be installed, started or stopped; the message is one line for the user."""


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def port_open(port: int) -> bool:
    with socket.socket() as sock:
        sock.settimeout(0.2)
        return sock.connect_ex(("127.0.0.1", port)) == 0


def java_executable(needed_by: str) -> str:
    """JAVA_HOME's java, else the one on PATH."""
    java_home = os.environ.get("JAVA_HOME")
    java = str(Path(java_home) / "bin" / "java") if java_home else shutil.which("java")
    if not java or not Path(java).exists():
        raise ServerError(f"Java 17 or 21 is needed to run {needed_by} (set JAVA_HOME or put java on PATH; "
                          "e.g. apt-get install openjdk-17-jre-headless).")
    return java


def run_maven(pom: Path, goal: list[str], what: str, progress: Progress | None = None) -> None:
    """Run one dependency goal on `pom`; with `progress`, each download Maven reports is passed on."""
    mvn = shutil.which("mvn")
    if mvn is None:
        raise ServerError(f"Maven (mvn) is not on PATH, and it resolves {what}; install it (apt-get install maven) "
                          "and retry.")
    command = [mvn, "-B", "-f", str(pom), *goal]
    proc = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                            stdin=subprocess.DEVNULL)
    tail: list[str] = []
    assert proc.stdout is not None
    for line in proc.stdout:
        tail = [*tail[-60:], line]
        if progress is not None and ".jar" in line and ("Downloading from" in line or "Downloaded from" in line):
            progress("  " + line.removeprefix("[INFO] ").strip())  # jars only: poms are many and small
    if proc.wait() != 0:
        raise ServerError(f"Maven could not resolve {what} (exit {proc.returncode}):\n{''.join(tail)[-3000:]}")


def owned_pid(pid_file: Path, *markers: str) -> int | None:
    """The PID in `pid_file` if that process is alive and its command line contains every marker."""
    try:
        pid = int(pid_file.read_text().strip())
        cmdline = Path(f"/proc/{pid}/cmdline").read_bytes().decode(errors="replace")
    except (FileNotFoundError, ValueError, ProcessLookupError):
        return None
    return pid if all(marker in cmdline for marker in markers) else None


def stop_process(pid: int, still_ours: Callable[[], int | None], timeout: float) -> None:
    """SIGTERM, then SIGKILL after `timeout` seconds if `still_ours()` still finds it."""
    os.kill(pid, signal.SIGTERM)
    deadline = time.perf_counter() + timeout
    while time.perf_counter() < deadline and still_ours() is not None:
        time.sleep(0.2)
    if still_ours() is not None:
        os.kill(pid, signal.SIGKILL)
    wait_until_exited(pid)


def wait_until_exited(pid: int, timeout: float = 60.0) -> None:
    """Until every thread of the process has ended, so its sockets are closed.

    The thread-group leader turns zombie (and its command line empties) while a JVM's other threads are
    still tearing down with its port bound; a restart in that window found "port taken" (soak loop).
    """
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            state = Path(f"/proc/{pid}/stat").read_text().rpartition(")")[2].split()[0]
            threads = len(os.listdir(f"/proc/{pid}/task"))
        except (FileNotFoundError, ProcessLookupError):
            return
        if state in ("Z", "X") and threads <= 1:
            return
        time.sleep(0.05)


def process_rss_mb(pid: int) -> float | None:
    """Resident set size of a live process in MiB (Linux /proc), None when it is gone."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except (FileNotFoundError, ProcessLookupError):
        return None
    return None


def process_cpu_seconds(pid: int) -> float:
    """User + system CPU time a live process has used (Linux /proc); on a shared machine this measures a
    server's work better than wall time."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
