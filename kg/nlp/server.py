"""A local Stanford CoreNLP 4.5.10 server, managed like the local Neo4j (kg.store.server).

`install` resolves CoreNLP and its English models with Maven into the shared cache (once, with a
progress message) and compiles `LoopbackHttpServerProvider.java` with the Eclipse compiler from the same
pom, so a JRE is enough. `start` runs `StanfordCoreNLPServer` with that provider, which makes the JDK's
HTTP server bind 127.0.0.1 only (CoreNLP itself has no bind-address option and listens on every
interface), preloads the pipeline of kg.nlp.pipeline and waits until `/ready` answers. The PID file,
logs and the server's shutdown key live under KG_HOME/corenlp; `stop` ends exactly the process in the
PID file.
"""

from __future__ import annotations

import fcntl
import hashlib
import os
import shutil
import subprocess
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from kg.jvm import ServerError, java_executable, owned_pid, port_open, process_rss_mb, run_maven, stop_process
from kg.nlp.pipeline import ANNOTATORS, CORENLP_VERSION, server_properties
from kg.settings import Settings, default_cache

__all__ = ["MAIN_CLASS", "NlpServer", "NlpStatus"]

MAIN_CLASS = "edu.stanford.nlp.pipeline.StanfordCoreNLPServer"
PROVIDER_CLASS = "kg.corenlp.LoopbackHttpServerProvider"
PROVIDER_SOURCE = "LoopbackHttpServerProvider.java"
MODELS_JAR = f"stanford-corenlp-{CORENLP_VERSION}-models.jar"
JVM_OPTIONS = (
    f"-Dcom.sun.net.httpserver.HttpServerProvider={PROVIDER_CLASS}",
    # the provider instantiates the JDK's own implementation, which lives in a non-exported package
    "--add-exports=jdk.httpserver/sun.net.httpserver=ALL-UNNAMED",
    "-XX:+UseG1GC",
    "-Dfile.encoding=UTF-8",
)
Progress = Callable[[str], None]


@dataclass(frozen=True)
class NlpStatus:
    running: bool
    pid: int | None
    url: str
    home: Path
    installed: bool
    rss_mb: float | None


def _package_file(name: str) -> Path:
    return Path(str(resources.files("kg.nlp").joinpath(name)))


def _ready(port: int) -> bool:
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/ready", timeout=2) as response:
            return bool(response.status == 200)
    except (urllib.error.URLError, OSError):
        return False


class NlpServer:
    """The CoreNLP server of one home directory (`KG_HOME`/corenlp) on `KG_NLP_PORT`."""

    def __init__(self, settings: Settings | None = None) -> None:
        self.settings = settings or Settings()
        self.home = self.settings.kg_home / "corenlp"
        self.logs_dir = self.home / "logs"
        self.run_dir = self.home / "run"
        self.pid_file = self.run_dir / "kg-corenlp.pid"
        self.lock_file = self.run_dir / "start.lock"
        self.log_file = self.logs_dir / "corenlp.log"
        self.properties_file = self.home / "server.properties"

    @property
    def port(self) -> int:
        return self.settings.kg_nlp_port

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    # --- install -------------------------------------------------------------------------------
    @property
    def cache_dir(self) -> Path:
        """Classpath and compiled provider, cached per pom and provider source so a change re-resolves."""
        digest = hashlib.sha256(_package_file("pom.xml").read_bytes()
                                + _package_file(PROVIDER_SOURCE).read_bytes()).hexdigest()[:12]
        return default_cache() / f"corenlp-{CORENLP_VERSION}" / digest

    def _classpath_entries(self) -> list[str]:
        cp_file = self.cache_dir / "classpath.txt"
        if not (self.cache_dir / ".complete").exists():
            return []
        entries = cp_file.read_text(encoding="utf-8").strip().split(os.pathsep)
        # Maven's local repository may have been cleaned since: then resolve again.
        return entries if all(Path(entry).exists() for entry in entries) else []

    @property
    def installed(self) -> bool:
        return bool(self._classpath_entries())

    def install(self, progress: Progress | None = None) -> list[str]:
        """Resolve CoreNLP + models and compile the loopback provider (once); returns the classpath."""
        entries = self._classpath_entries()
        if entries:
            return entries
        java = java_executable(f"Stanford CoreNLP {CORENLP_VERSION}")
        if progress is not None:
            progress(f"Resolving Stanford CoreNLP {CORENLP_VERSION} with Maven into {self.cache_dir} "
                     "(first use only; the English models are about 470 MB) …")
        staging = self.cache_dir.with_name(self.cache_dir.name + ".partial")
        staging.mkdir(parents=True, exist_ok=True)
        cp_file = staging / "classpath.txt"
        run_maven(_package_file("pom.xml"), ["dependency:build-classpath", f"-Dmdep.outputFile={cp_file}"],
                  f"Stanford CoreNLP {CORENLP_VERSION}", progress)
        jars = cp_file.read_text(encoding="utf-8").strip().split(os.pathsep)
        self._compile_provider(java, jars, staging / "classes")
        entries = [str(self.cache_dir / "classes"), *(jar for jar in jars if "/ecj-" not in jar)]
        cp_file.write_text(os.pathsep.join(entries), encoding="utf-8")
        (staging / ".complete").write_text("ok\n")
        shutil.rmtree(self.cache_dir, ignore_errors=True)
        staging.rename(self.cache_dir)
        return entries

    @staticmethod
    def _compile_provider(java: str, jars: list[str], out: Path) -> None:
        ecj = next((jar for jar in jars if "/ecj-" in jar), None)
        if ecj is None:
            raise ServerError("the Eclipse compiler (org.eclipse.jdt:ecj) is missing from the resolved classpath")
        proc = subprocess.run([java, "-jar", ecj, "--release", "17", "-nowarn", "-proc:none", "-d", str(out),
                               str(_package_file(PROVIDER_SOURCE))], capture_output=True, text=True, check=False)
        if proc.returncode != 0:
            raise ServerError(f"could not compile {PROVIDER_SOURCE}: {(proc.stdout + proc.stderr).strip()[-2000:]}")

    # --- run -----------------------------------------------------------------------------------
    def pid(self) -> int | None:
        return owned_pid(self.pid_file, MAIN_CLASS, str(self.home))

    def status(self) -> NlpStatus:
        pid = self.pid()
        return NlpStatus(running=pid is not None and _ready(self.port), pid=pid, url=self.url, home=self.home,
                         installed=self.installed, rss_mb=process_rss_mb(pid) if pid else None)

    @contextmanager
    def _start_lock(self) -> Iterator[None]:
        """Two `kg` commands starting the server at once must not launch two JVMs."""
        self.run_dir.mkdir(parents=True, exist_ok=True)
        with self.lock_file.open("w") as handle:
            fcntl.flock(handle, fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(handle, fcntl.LOCK_UN)

    def start(self, timeout: float = 300.0, progress: Progress | None = None) -> tuple[float, bool]:
        """Start (installing first if needed) and wait until the pipeline is loaded.

        Returns (seconds, started): started is False when our server was already running.
        """
        began = time.perf_counter()
        with self._start_lock():
            pid = self.pid()
            proc = self._launch(self.install(progress), progress) if pid is None else None
            self._wait_ready(began, timeout, proc)
        return time.perf_counter() - began, pid is None

    def _command(self, java: str, classpath: list[str]) -> list[str]:
        timeout_ms = int(self.settings.kg_nlp_timeout * 1000)
        return [java, f"-Xmx{self.settings.kg_nlp_heap}", *JVM_OPTIONS,
                # the server writes its shutdown key to java.io.tmpdir: keep it in our private run directory
                f"-Djava.io.tmpdir={self.run_dir}",
                "-cp", os.pathsep.join(classpath), MAIN_CLASS,
                "-port", str(self.port), "-status_port", str(self.port), "-timeout", str(timeout_ms),
                "-preload", ",".join(ANNOTATORS), "-serverProperties", str(self.properties_file),
                "-server_id", f"kg-{self.port}", "-maxCharLength", "500000"]

    def _launch(self, classpath: list[str], progress: Progress | None) -> subprocess.Popen[bytes]:
        if port_open(self.port):
            raise ServerError(f"port {self.port} on 127.0.0.1 is taken by another process; stop it or set "
                              "KG_NLP_PORT to a free port.")
        java = java_executable(f"Stanford CoreNLP {CORENLP_VERSION}")
        for folder in (self.logs_dir, self.run_dir):
            folder.mkdir(parents=True, exist_ok=True)
        os.chmod(self.run_dir, 0o700)
        self.properties_file.write_text(server_properties(), encoding="utf-8")
        if progress is not None:
            progress(f"Starting Stanford CoreNLP on {self.url} (loading the models takes a minute) …")
        with self.log_file.open("ab") as log:
            proc = subprocess.Popen(self._command(java, classpath), stdout=log, stderr=subprocess.STDOUT,
                                    stdin=subprocess.DEVNULL, cwd=self.home, start_new_session=True)
        self.pid_file.write_text(f"{proc.pid}\n")
        return proc

    def _wait_ready(self, began: float, timeout: float, proc: subprocess.Popen[bytes] | None) -> None:
        while time.perf_counter() - began < timeout:
            # our own child: ask it (its /proc cmdline is Python's until exec); else the PID file's process
            if (proc.poll() is not None) if proc is not None else (self.pid() is None):
                self.pid_file.unlink(missing_ok=True)
                raise ServerError(f"CoreNLP exited while starting; see {self.log_file} (or `kg nlp logs`)")
            if _ready(self.port):
                return
            time.sleep(0.5)
        raise ServerError(f"CoreNLP did not become ready on {self.url} within {timeout:.0f}s; see {self.log_file}; "
                          "it keeps loading in the background (`kg nlp status`), or stop it with `kg nlp stop`")

    def stop(self, timeout: float = 30.0) -> bool:
        """Stop our server (only the PID in our PID file). Returns False if it was not running."""
        pid = self.pid()
        if pid is not None:
            stop_process(pid, self.pid, timeout)
        self.pid_file.unlink(missing_ok=True)
        return pid is not None

    def logs(self, lines: int = 50) -> str:
        if not self.log_file.exists():
            return f"(no log yet at {self.log_file})"
        return "\n".join(self.log_file.read_text(encoding="utf-8", errors="replace").splitlines()[-lines:])
