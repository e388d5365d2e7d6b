"""Neo4j Browser support: the style sheet covers the ontology; `kg browser` prints what an analyst pastes."""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from kg.cli.main import main
from kg.ontology import NODE_LABELS, RELATIONS
from kg.store import cypher
from kg.store.loading import load_reference
from tests.conftest import Neo4jTarget

ARTIFACTS = Path(__file__).parent / "artifacts"


def test_style_sheet_has_a_rule_for_every_label_and_type() -> None:
    grass = cypher.read("browser-style.grass")
    for label in NODE_LABELS:
        assert re.search(rf"node\.{label} \{{", grass), label
    for rel_type in RELATIONS:
        assert re.search(rf"relationship\.{rel_type} \{{", grass), rel_type
    assert grass.count("{") == grass.count("}")


def test_kg_browser_prints_the_guide_the_style_and_a_query() -> None:
    runner = CliRunner()
    guide = runner.invoke(main, ["browser"], env={"NEO4J_PASSWORD": "x"})
    assert guide.exit_code == 0 and "/browser/" in guide.output and "who-met" in guide.output
    assert "x" not in guide.output.split("/browser/")[1].split()[:3]  # the password is never echoed
    style = runner.invoke(main, ["browser", "--style"])
    assert style.output.startswith("node {") and "/*" not in style.output  # GRASS only: Browser rejects comments
    query = runner.invoke(main, ["browser", "--query", "members"])
    assert query.output.startswith(":param org => 'org:nato';\n") and "queryNodes('actor_search'" in query.output


def test_browser_page_loads_connects_and_runs_a_library_query(db: Any, database: str,
                                                                neo4j_target: Neo4jTarget) -> None:
    """Neo4j Browser served by the local server, driven by headless Chromium (Debian's package)."""
    if neo4j_target.local is None:
        pytest.skip("drives the Browser of the tests' own local server (NEO4J_URI/testcontainers given)")
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    if chromium is None:
        if os.environ.get("CI"):
            pytest.fail("chromium is not installed; .ci/run installs Debian's chromium package")
        pytest.skip("install Debian's chromium package to run the Browser check")
    from playwright.sync_api import sync_playwright

    load_reference(db, database)
    settings = neo4j_target.local.settings
    runner = CliRunner()
    style = runner.invoke(main, ["browser", "--style"]).output
    # The guide, literally: `:style` with the style sheet (Browser rejects invalid GRASS with InvalidGrassError),
    # then the output of `kg browser --query memberships` pasted as it is: its `:param` lines, then the query.
    pasted = runner.invoke(main, ["browser", "--query", "memberships"]).output
    ARTIFACTS.mkdir(exist_ok=True)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium, args=[
            "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
            "--disable-component-update", "--disable-sync"])
        try:
            page = browser.new_page(viewport={"width": 1400, "height": 900})
            page.goto(f"http://127.0.0.1:{settings.kg_http_port}/browser/?dbms=neo4j://neo4j@127.0.0.1:"
                      f"{settings.kg_bolt_port}&db={database}", wait_until="networkidle")
            page.fill('[data-testid="password"]', neo4j_target.password)
            page.click('[data-testid="connect"]')
            page.wait_for_selector("text=You are connected", timeout=30_000)
            for command in (":style " + style, pasted):
                page.locator('[data-testid="activeEditor"]').first.click()
                page.keyboard.insert_text(command)  # as a paste: no auto-closed quotes
                page.click('[data-testid="editor-Run"]')
                page.wait_for_timeout(2500)
            assert page.locator("text=InvalidGrass").count() == 0
            assert page.locator("text=node.Country").count() >= 1  # Browser shows the style sheet it accepted
            # Browser lists the results of several statements; the guide's step 3: run the query part alone to
            # see its rows, with the parameters the pasted `:param` lines set.
            page.locator('[data-testid="activeEditor"]').first.click()
            page.keyboard.insert_text(cypher.library_query("memberships").body)
            page.click('[data-testid="editor-Run"]')
            page.wait_for_selector("text=NATO", timeout=60_000)
            assert page.locator("text=ParameterMissing").count() == 0
            assert page.locator("text=G20").count() >= 1  # Türkiye's memberships on 2022-07-29: NATO and G20
            page.screenshot(path=str(ARTIFACTS / "browser.png"))
        finally:
            browser.close()
    assert (ARTIFACTS / "browser.png").stat().st_size > 20_000
