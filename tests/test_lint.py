"""The code stays ruff-clean (with the complexity rules), mypy --strict-clean and inside its layers
(import-linter's contracts in pyproject.toml). All three are dev dependencies."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).parent.parent


def test_ruff_is_clean() -> None:
    result = subprocess.run([sys.executable, "-m", "ruff", "check", "."], cwd=ROOT, capture_output=True, text=True,
                            check=False)
    assert result.returncode == 0, result.stdout + result.stderr


def test_mypy_is_clean() -> None:
    result = subprocess.run([sys.executable, "-m", "mypy", "kg", "loaders"], cwd=ROOT, capture_output=True,
                            text=True, check=False)
    assert result.returncode == 0, result.stdout + result.stderr


def test_import_contracts_are_kept() -> None:
    # Layers, "only kg.store talks to Neo4j", "analysis is pure", "nothing imports kg.cli", no cycles.
    lint_imports = Path(sys.executable).with_name("lint-imports")
    command = [str(lint_imports)] if lint_imports.exists() else ["lint-imports"]
    result = subprocess.run([*command, "--no-cache"], cwd=ROOT, capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 broken" in result.stdout and " kept" in result.stdout


def test_complexity_rules_are_enabled() -> None:
    # The rules stay on: a config edit that drops them would leave the ruff test green for the wrong reason.
    import tomllib

    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    lint = config["tool"]["ruff"]["lint"]
    assert {"C901", "PLR0911", "PLR0912", "PLR0913", "PLR0915", "PLR0917"} <= set(lint["select"])
    assert lint["mccabe"]["max-complexity"] <= 12
    assert config["tool"]["mypy"]["strict"] is True
