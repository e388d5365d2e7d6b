"""Neo4j Browser support: the style sheet covers the ontology; `kg browser` prints what an analyst pastes."""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from kg import cypher
from kg.cli import main
from kg.loading import load_reference
from kg.ontology import NODE_LABELS, RELATIONS
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
    assert style.output.startswith("/* Neo4j Browser style")
    query = runner.invoke(main, ["browser", "--query", "members"])
    assert ":param org => 'NATO'" in query.output and "queryNodes('actor_search'" in query.output


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
    # A query without quote-in-quote literals: the Browser's editor auto-closes quotes as they are typed.
    query = cypher.library_query("memberships")
    one_line = " ".join(query.body.split())
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
            for command in (":param {country: 'TUR', at_date: '2022-07-29'}", one_line):
                page.locator('[data-testid="activeEditor"]').first.click()
                page.keyboard.type(command)
                page.click('[data-testid="editor-Run"]')
                page.wait_for_timeout(1500)
            page.wait_for_selector("text=NATO", timeout=30_000)
            page.screenshot(path=str(ARTIFACTS / "browser.png"))
            assert page.locator("text=G20").count() >= 1  # Türkiye's memberships on 2022-07-29: NATO and G20
        finally:
            browser.close()
    assert (ARTIFACTS / "browser.png").stat().st_size > 20_000
