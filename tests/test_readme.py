"""The README's first screen stays true: CI runs exactly its test command; docs match the ontology."""

from __future__ import annotations

import re
from pathlib import Path

from kg import ontology

ROOT = Path(__file__).parent.parent


def _readme_commands() -> list[str]:
    return re.findall(r"```bash\n(.+?)\n```", (ROOT / "README.md").read_text())


def test_readme_starts_with_the_demo_and_test_commands() -> None:
    demo, tests = _readme_commands()[:2]
    assert demo.endswith("kg demo") and "pytest" in tests


def test_ci_runs_exactly_the_readme_test_command() -> None:
    test_command = _readme_commands()[1]
    assert f'bash -c "{test_command}"' in (ROOT / ".ci" / "run").read_text()


def test_ontology_doc_is_generated_from_the_ontology() -> None:
    assert (ROOT / "docs" / "ontology.md").read_text() == ontology.markdown(), "run: kg schema --doc > docs/ontology.md"
