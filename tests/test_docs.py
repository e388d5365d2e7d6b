"""README's and docs' example commands and the README's Python snippet run as written, from a fresh clone.

Commands run in a scratch directory that holds the repository's `examples/` (as a clone does), against the
tests' Neo4j, after loading the reference data and the seed events. A command that would manage the user's own
servers or reach the internet is run by another test instead (`COVERED_ELSEWHERE` names it, and a test checks
that it exists); synopses with placeholders are not examples (`NOT_EXAMPLES`). Nothing here is skipped.
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

# Commands the docs show that this test does not run, because running them here would manage the user's own
# servers, install packages or reach the internet; each is run by another test instead ("file::function"), and
# `test_commands_not_run_here_are_covered_elsewhere` checks that test exists. Not skips: nothing is left unchecked.
COVERED_ELSEWHERE: list[tuple[str, str]] = [
    (r"^kg server (install|start|status|logs|stop)$",
     "tests/test_server.py::test_server_lifecycle_with_generated_password"),
    (r"kg server import", "tests/test_spark.py::test_kg_server_import_loads_the_spark_admin_csvs"),
    (r"^python3 -m pip install -e '\.\[dev\]' && kg demo$|^kg demo\b",
     "tests/test_cli.py::test_demo_seeds_the_graph_reports_and_is_idempotent"),
    (r"^python3 -m pip install -e '\.\[dev\]' && python3 -m pytest$",
     "tests/test_readme.py::test_ci_runs_exactly_the_readme_test_command"),
    (r"^kg nlp (start|status|logs|stop)$",
     "tests/test_nlp_server.py::test_lifecycle_already_running_restart_after_crash_and_stop"),
    (r"^kg fetch gdelt ", "tests/test_gdelt_feed.py::test_fetch_checks_size_md5_and_zip_and_reports_what_is_missing"),
    (r"^kg follow gdelt\b", "tests/test_gdelt_feed.py::test_follow_loads_new_files_once_and_backfills_after_a_restart"),
    (r"spark-submit", "tests/test_spark.py::test_spark_rows_equal_the_python_loaders"),
    (r"^kg browser$", "tests/test_browser.py::test_browser_follows_the_guide_literally"),
]

# What looks like a command but is not an example to run: a synopsis with placeholders for the user's own files,
# or a command named in a sentence or a table cell.
NOT_EXAMPLES: list[str] = [
    r"\b(FILE|DIR|PATH|NAME|ARTICLE|OUT|OUT_DIR|FILE_OR_DIR|FILES)\b|…",
    r"^kg (extract|load|load article|load gdelt|load icews|export admin-import)$",
]


def _not_run_here(command: str) -> bool:
    return any(re.search(pattern, command) for pattern, _ in COVERED_ELSEWHERE) or any(
        re.search(pattern, command) for pattern in NOT_EXAMPLES)


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


def _all_commands() -> list[tuple[Path, str]]:
    return [(path, command) for path in DOCS for command in _commands(path)]


def _examples() -> list[Any]:
    return [pytest.param(command, id=f"{path.name}: {command[:70]}")
            for path, command in _all_commands() if not _not_run_here(command)]


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
    runnable = [p.values[0] for p in _examples()]
    assert len(runnable) >= 20
    assert not any("../shared" in command for command in runnable)


def test_commands_not_run_here_are_covered_elsewhere() -> None:
    """Every command this file does not run is a synopsis, or is run by a test that exists."""
    covered = {test for _, test in COVERED_ELSEWHERE}
    for test in covered:
        file, function = test.split("::")
        assert f"def {function}(" in (ROOT / file).read_text(encoding="utf-8"), f"{test} does not exist"
    used = {test for _, command in _all_commands() for pattern, test in COVERED_ELSEWHERE
            if re.search(pattern, command)}
    assert used == covered, f"rules no command needs any more: {covered - used}"
    for path, command in _all_commands():
        if not any(re.search(pattern, command) for pattern, _ in COVERED_ELSEWHERE) and _not_run_here(command):
            assert command.startswith("kg ") or "…" in command, f"{path.name}: {command} is neither run nor covered"


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
