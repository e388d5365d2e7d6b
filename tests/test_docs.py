"""README's and docs' example commands and the README's Python snippet run as written, from a fresh clone.

Commands run in a scratch directory that holds the repository's `examples/` (as a clone does), against the
tests' Neo4j, after loading the reference data and the seed events. A command is skipped only when it needs
something a clone does not give; `SKIP` says why for each.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from kg.store.loading import load_files, load_reference
from tests.conftest import Neo4jTarget

ROOT = Path(__file__).resolve().parent.parent
DOCS = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]

# (pattern, why): commands that need what a fresh clone plus the test server cannot give.
SKIP: list[tuple[str, str]] = [
    (r"^kg server ", "manages the user's own local server; the tests run their own (tests/test_server.py)"),
    (r"^kg demo\b", "starts the user's local server (tests/test_cli.py runs the demo against the test server)"),
    (r"^python3 -m pip|^python3 -m pytest", "installs the package / runs this suite (tests/test_readme.py)"),
    (r"^docker ", "needs Docker"),
    (r"\b(FILE|DIR|PATH|NAME|ARTICLE|OUT|OUT_DIR|FILE_OR_DIR)\b|…", "a placeholder for the user's own files"),
    (r"^kg nlp ", "manages the user's own CoreNLP server; the tests run their own (tests/test_nlp_server.py)"),
    (r"^kg (fetch|follow) gdelt", "reaches GDELT's servers; tests/test_gdelt_feed.py serves the files on 127.0.0.1"),
    (r"^kg (extract|load article|load gdelt)$", "names a command in a sentence; not an example"),
    (r"spark-submit", "submits to a cluster (tests/test_spark.py runs the same job on local[2])"),
    (r"^kg (load icews|export admin-import)$", "names a command in the benchmarks table; not an example"),
    (r"^kg browser$", "prints the local server's Browser URL (tests/test_browser.py)"),
]


def _commands(path: Path) -> list[str]:
    text = path.read_text(encoding="utf-8")
    found = []
    for block in re.findall(r"```bash\n(.*?)```", text, flags=re.S):
        for line in block.replace("\\\n", " ").splitlines():  # a continued line is one command
            command = re.sub(r"\s+#.*$", "", line).strip()
            if command:
                found.append(command)
    for row in (line for line in text.splitlines() if line.startswith("|")):  # tables: README's "Using it"
        found += [cell.strip() for cell in re.findall(r"`(kg [^`]+)`", row)]
    return list(dict.fromkeys(found))


def _examples() -> list[Any]:
    params = []
    for path in DOCS:
        for command in _commands(path):
            reason = next((why for pattern, why in SKIP if re.search(pattern, command)), None)
            marks = [pytest.mark.skip(reason=reason)] if reason else []
            params.append(pytest.param(command, id=f"{path.name}: {command[:70]}", marks=marks))
    return params


@pytest.fixture
def clone_dir(db: Any, database: str, tmp_path: Path) -> Path:
    """A working directory like a fresh clone's root, with the seed data loaded."""
    load_reference(db, database)
    load_files(db, database, "events", [ROOT / "examples" / "seed-events.jsonl"], rejects=tmp_path / "r.txt")
    (tmp_path / "examples").symlink_to(ROOT / "examples")
    return tmp_path


def _env(target: Neo4jTarget, home: Path) -> dict[str, str]:
    bin_dir = str(Path(sys.executable).parent)  # where pip put the `kg` script
    return {**os.environ, **target.env, "KG_HOME": str(home), "PATH": f"{bin_dir}:{os.environ['PATH']}",
            "COLUMNS": "100"}


def test_the_docs_have_examples_to_run() -> None:
    runnable = [p for p in _examples() if not p.marks]
    assert len(runnable) >= 20
    assert not any("../shared" in p.values[0] for p in runnable)


@pytest.mark.parametrize("command", _examples())
def test_example_command_runs_as_written(command: str, clone_dir: Path, neo4j_target: Neo4jTarget,
                                        corenlp: Any) -> None:
    if "graph.parquet" in command and "snapshot export" not in command:
        command = f"kg snapshot export graph.parquet > /dev/null && {command}"  # made by the row's first command
    env = {**_env(neo4j_target, clone_dir / "kg-home"), "KG_NLP_PORT": str(corenlp.server.settings.kg_nlp_port)}
    proc = subprocess.run(["bash", "-c", command], cwd=clone_dir, env=env,
                          capture_output=True, text=True, timeout=600, check=False)
    assert proc.returncode == 0, f"{command}\n{proc.stdout[-2000:]}\n{proc.stderr[-2000:]}"
    assert "Traceback" not in proc.stderr


_SNIPPETS = re.findall(r"```python\n(.*?)```", (ROOT / "README.md").read_text(encoding="utf-8"), flags=re.S)


@pytest.mark.parametrize("snippet", _SNIPPETS, ids=[f"snippet-{i}" for i in range(len(_SNIPPETS))])
def test_readme_python_snippet_runs(snippet: str, clone_dir: Path, neo4j_target: Neo4jTarget) -> None:
    """Notebooks and Python, and the Python API: each snippet runs as written."""
    proc = subprocess.run([sys.executable, "-c", snippet], cwd=clone_dir,
                          env=_env(neo4j_target, clone_dir / "kg-home"), capture_output=True, text=True,
                          timeout=600, check=False)
    assert proc.returncode == 0, proc.stderr[-3000:]
