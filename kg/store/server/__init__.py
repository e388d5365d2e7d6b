"""A local Neo4j 5.26 Community server built from Maven Central, for machines without Docker.

`install` resolves the server's jars with Maven (once, into a shared cache), writes `neo4j.conf`
(127.0.0.1 only, auth on) under the home directory and sets the initial password; `start` runs
`org.neo4j.server.CommunityEntryPoint` with the JVM options Neo4j's own launcher would add and
waits for Bolt; `stop` ends exactly the process in the PID file.
"""

from __future__ import annotations

import hashlib
import os
import secrets
import shutil
import signal
import subprocess
import time
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from kg.jvm import ServerError, free_port, java_executable, owned_pid, run_maven, stop_process, wait_until_exited
from kg.jvm import port_open as _port_open
from kg.settings import Settings

__all__ = ["LocalServer", "ServerError", "ServerStatus", "free_port", "initial_password_command"]

# Neo4j's launcher (bin/neo4j) reads these from `server.jvm.additional` in its default neo4j.conf;
# we start the entry point ourselves, so we pass them ourselves. The --add-opens are required on
# Java 17 for Neo4j's off-heap page cache and network buffers.
JVM_OPTIONS = (
    "-XX:+UseG1GC",
    "-XX:-OmitStackTraceInFastThrow",
    "-XX:+UnlockExperimentalVMOptions",
    "-XX:+TrustFinalNonStaticFields",
    "-XX:+DisableExplicitGC",
    "-Djdk.nio.maxCachedBufferSize=1024",
    "-Dio.netty.tryReflectionSetAccessible=true",
    "-Djdk.tls.ephemeralDHKeySize=2048",
    "-Djdk.tls.rejectClientInitiatedRenegotiation=true",
    "--add-opens=java.base/java.nio=ALL-UNNAMED",
    "--add-opens=java.base/java.io=ALL-UNNAMED",
    "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED",
    "--enable-native-access=ALL-UNNAMED",
    "-Dlog4j2.disable.jmx=true",
    "-Dfile.encoding=UTF-8",
)
ENTRY_POINT = "org.neo4j.server.CommunityEntryPoint"
ADMIN_TOOL = "org.neo4j.cli.AdminTool"


@dataclass(frozen=True)
class ServerStatus:
    running: bool
    pid: int | None
    bolt: str
    http: str
    home: Path
    installed: bool

    @property
    def browser_url(self) -> str:
        return f"{self.http}/browser/"


def initial_password_args(password: str) -> str:
    """The argument file for `neo4j-admin dbms set-initial-password`: one quoted argument per line."""
    if "\n" in password or "\r" in password:
        raise ServerError("the Neo4j password must not contain line breaks")
    quoted = password.replace("\\", "\\\\").replace('"', '\\"')
    return f'dbms\nset-initial-password\n"{quoted}"\n'


def initial_password_command(java: str, lib_dir: Path, argfile: Path) -> list[str]:
    """The admin tool's argv: it names the argument file, so no password is visible to `ps`."""
    return [java, "-Dfile.encoding=UTF-8", "-cp", f"{lib_dir}/*", ADMIN_TOOL, f"@{argfile}"]


def _pom() -> Path:
    return Path(str(resources.files("kg.store.server").joinpath("pom.xml")))


class LocalServer:
    """The local server of one home directory (`KG_HOME`, default ~/.local/share/kg)."""

    def __init__(self, settings: Settings | None = None) -> None:
        self.settings = settings or Settings()
        self.home = self.settings.kg_home / "neo4j"
        self.conf_dir = self.home / "conf"
        self.logs_dir = self.home / "logs"
        self.run_dir = self.home / "run"
        self.data_dir = self.home / "data"
        self.import_dir = self.home / "import"
        self.pid_file = self.run_dir / "kg-neo4j.pid"
        self.console_log = self.logs_dir / "console.log"

    # --- install -------------------------------------------------------------------------------
    @property
    def lib_dir(self) -> Path:
        """Jars resolved by Maven, cached per pom content so a version bump re-resolves."""
        if os.environ.get("KG_SERVER_LIB"):
            return self.settings.kg_server_lib
        digest = hashlib.sha256(_pom().read_bytes()).hexdigest()[:12]
        return self.settings.kg_server_lib.parent / f"lib-{digest}"

    @property
    def installed(self) -> bool:
        return (self.lib_dir / ".complete").exists() and (self.conf_dir / "neo4j.conf").exists()

    def install_libs(self) -> Path:
        """Resolve the server's jars from Maven Central into the cache (once)."""
        target = self.lib_dir
        if (target / ".complete").exists():
            return target
        staging = target.with_name(target.name + ".partial")
        shutil.rmtree(staging, ignore_errors=True)
        staging.mkdir(parents=True)
        run_maven(_pom(), ["-q", "dependency:copy-dependencies", f"-DoutputDirectory={staging}"], "Neo4j")
        (staging / ".complete").write_text("ok\n")
        shutil.rmtree(target, ignore_errors=True)
        staging.rename(target)
        return target

    def install(self) -> Path:
        """Jars, directories, neo4j.conf and the initial password. Safe to run again."""
        self.install_libs()
        for folder in (self.conf_dir, self.logs_dir, self.run_dir, self.data_dir, self.import_dir,
                       self.home / "plugins"):
            folder.mkdir(parents=True, exist_ok=True)
        # The store, the password and the logs are this user's alone (also for homes made before this).
        for folder in (self.home, self.data_dir):
            os.chmod(folder, 0o700)
        self._write_conf()
        self._set_initial_password()
        return self.home

    def _write_conf(self) -> None:
        s = self.settings
        lines = [
            "# Written by `kg server install`; re-written on every install/start. Local use only.",
            f"server.directories.data={self.data_dir}",
            f"server.directories.logs={self.logs_dir}",
            f"server.directories.run={self.run_dir}",
            f"server.directories.import={self.import_dir}",
            f"server.directories.plugins={self.home / 'plugins'}",
            "server.default_listen_address=127.0.0.1",
            "server.default_advertised_address=127.0.0.1",
            f"server.bolt.listen_address=127.0.0.1:{s.kg_bolt_port}",
            f"server.bolt.advertised_address=127.0.0.1:{s.kg_bolt_port}",
            f"server.http.listen_address=127.0.0.1:{s.kg_http_port}",
            f"server.http.advertised_address=127.0.0.1:{s.kg_http_port}",
            "server.https.enabled=false",
            "dbms.security.auth_enabled=true",
            # A backstop for clients that set no transaction timeout (kg sets KG_QUERY_TIMEOUT on its reads).
            f"db.transaction.timeout={s.kg_server_transaction_timeout}",
            f"server.memory.heap.initial_size={s.kg_heap}",
            f"server.memory.heap.max_size={s.kg_heap}",
            f"server.memory.pagecache.size={s.kg_pagecache}",
            "dbms.usage_report.enabled=false",
            "db.tx_log.rotation.retention_policy=1G size",
            "server.logs.config=",
        ]
        conf = self.conf_dir / "neo4j.conf"
        conf.write_text("\n".join(line for line in lines if not line.endswith("=")) + "\n", encoding="utf-8")

    def _set_initial_password(self) -> None:
        auth_file = self.data_dir / "dbms" / "auth.ini"
        password_file = self.settings.password_file
        if auth_file.exists():
            return  # the database already has its admin password; never reset it behind the user's back
        if self.settings.neo4j_password is not None:
            password = self.settings.neo4j_password.get_secret_value()
        else:
            password = secrets.token_hex(24)  # hex: never starts with "-", which the admin tool would read as an option
            password_file.parent.mkdir(parents=True, exist_ok=True)
            fd = os.open(password_file, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
            with os.fdopen(fd, "w", encoding="utf-8") as handle:
                handle.write(password + "\n")
            os.chmod(password_file, 0o600)
        # The password goes through a 0600 argument file (picocli expands `@file`), never the command line
        # that `ps` shows to every user; the file is removed as soon as the tool has read it.
        self.run_dir.mkdir(parents=True, exist_ok=True)
        argfile = self.run_dir / f"initial-password.{os.getpid()}.args"
        fd = os.open(argfile, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(initial_password_args(password))
        try:
            proc = subprocess.run(initial_password_command(self._java(), self.lib_dir, argfile),
                                  env=self._env(), capture_output=True, text=True, check=False)
        finally:
            argfile.unlink(missing_ok=True)
        if proc.returncode != 0 or not auth_file.exists():
            raise ServerError(f"could not set the initial password (exit {proc.returncode}); "
                              f"{proc.stderr.replace(password, '***')[-2000:]}")

    # --- run -----------------------------------------------------------------------------------
    def _java(self) -> str:
        return java_executable("Neo4j 5.26")

    def _env(self) -> dict[str, str]:
        return {**os.environ, "NEO4J_HOME": str(self.home), "NEO4J_CONF": str(self.conf_dir)}

    def pid(self) -> int | None:
        """The PID in the PID file, if that process is alive and is our server."""
        return owned_pid(self.pid_file, ENTRY_POINT, str(self.home))

    def status(self) -> ServerStatus:
        s = self.settings
        pid = self.pid()
        return ServerStatus(
            running=pid is not None and _port_open(s.kg_bolt_port), pid=pid,
            bolt=f"neo4j://127.0.0.1:{s.kg_bolt_port}", http=f"http://127.0.0.1:{s.kg_http_port}",
            home=self.home, installed=self.installed,
        )

    def start(self, timeout: float = 180.0) -> float:
        """Start (installing first if needed) and wait for Bolt; returns the seconds it took."""
        started = time.perf_counter()
        if self.pid() is not None:
            self._wait_for_bolt(started, timeout)
            return time.perf_counter() - started
        self.install()
        for port in (self.settings.kg_bolt_port, self.settings.kg_http_port):
            if _port_open(port):
                raise ServerError(f"port {port} on 127.0.0.1 is taken by another process; stop it or set "
                                  "KG_BOLT_PORT / KG_HTTP_PORT (and NEO4J_URI) to free ports.")
        heap = self.settings.kg_heap
        command = [self._java(), f"-Xms{heap}", f"-Xmx{heap}", *JVM_OPTIONS,
                   "-cp", f"{self.lib_dir}/*", ENTRY_POINT,
                   f"--home-dir={self.home}", f"--config-dir={self.conf_dir}"]
        with self.console_log.open("ab") as console:
            proc = subprocess.Popen(command, stdout=console, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                                    env=self._env(), cwd=self.home, start_new_session=True)
        self.pid_file.write_text(f"{proc.pid}\n")
        self._wait_for_bolt(started, timeout, proc)
        return time.perf_counter() - started

    def _wait_for_bolt(self, started: float, timeout: float, proc: subprocess.Popen[bytes] | None = None) -> None:
        while time.perf_counter() - started < timeout:
            if proc is not None and proc.poll() is not None:
                self.pid_file.unlink(missing_ok=True)
                raise ServerError(f"Neo4j exited with code {proc.returncode} while starting; see "
                                  f"{self.console_log} and {self.logs_dir / 'neo4j.log'}")
            if _port_open(self.settings.kg_bolt_port):
                return
            time.sleep(0.2)
        raise ServerError(f"Neo4j did not answer on Bolt port {self.settings.kg_bolt_port} within {timeout:.0f}s; "
                          f"see {self.logs_dir / 'neo4j.log'} and {self.console_log}")

    def stop(self, timeout: float = 60.0) -> bool:
        """Stop our server (only the PID in our PID file). Returns False if it was not running."""
        pid = self.pid()
        if pid is None:
            self.pid_file.unlink(missing_ok=True)
            return False
        stop_process(pid, self.pid, timeout)
        self.pid_file.unlink(missing_ok=True)
        return True

    def admin_import(self, files_dir: Path, *, overwrite: bool = False, database: str = "neo4j") -> float:
        """Run `neo4j-admin database import full` on the CSVs of `kg export admin-import` (server stopped).

        Returns the seconds the import took. Constraints and indexes are not imported: run `kg init`
        after `kg server start`.
        """
        if self.pid() is not None:
            raise ServerError("stop the server first (`kg server stop`): neo4j-admin imports offline")
        self.install()
        names = {"nodes": ["nodes.csv", "sources.csv"], "relationships": ["relationships.csv"]}
        if (files_dir / "relationships" / "header.csv").exists():  # `kg spark admin-import`: header + part files
            names = {"nodes": ["nodes", "sources"], "relationships": ["relationships"]}
        missing = [n for group in names.values() for n in group if not (files_dir / n).exists()]
        if missing:
            raise ServerError(f"{files_dir} lacks {', '.join(missing)}; write them with `kg export admin-import`")
        command = [self._java(), "-Xmx1g", *JVM_OPTIONS, "-cp", f"{self.lib_dir}/*", ADMIN_TOOL,
                   "database", "import", "full", database, "--multiline-fields=true", "--ignore-empty-strings=true",
                   f"--overwrite-destination={'true' if overwrite else 'false'}",
                   f"--report-file={self.logs_dir / 'import.report'}",
                   *(f"--{kind}={_import_files(files_dir / n)}" for kind, group in names.items() for n in group)]
        started = time.perf_counter()
        proc = subprocess.run(command, env=self._env(), capture_output=True, text=True, check=False, cwd=self.home)
        if proc.returncode != 0:
            raise ServerError(f"neo4j-admin import failed (exit {proc.returncode}):\n{proc.stdout[-3000:]}"
                              f"{proc.stderr[-3000:]}")
        return time.perf_counter() - started

    def kill(self) -> None:
        """SIGKILL, for crash tests: the store must recover on the next start."""
        pid = self.pid()
        if pid is not None:
            os.kill(pid, signal.SIGKILL)
            wait_until_exited(pid)
        self.pid_file.unlink(missing_ok=True)

    def logs(self, lines: int = 50) -> str:
        log = self.logs_dir / "neo4j.log"
        if not log.exists():
            return f"(no log yet at {log})"
        return "\n".join(log.read_text(encoding="utf-8", errors="replace").splitlines()[-lines:])


def _import_files(path: Path) -> str:
    """A CSV file, or a folder of Spark part files after its header: neo4j-admin reads the list as one file."""
    if not path.is_dir():
        return str(path)
    return ",".join(str(p) for p in [path / "header.csv", *sorted(path.glob("part-*.csv"))])
