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


def _grass_colours(grass: str) -> dict[str, str]:
    """Selector (`node.Country`, `relationship.MET`) → its `color`, from the style sheet `kg browser --style` prints."""
    return {selector: colour.upper()
            for selector, colour in re.findall(r"^([\w.]+) \{[^}]*?\bcolor: (#[0-9A-Fa-f]{6});", grass, re.M)}


def _paste(page: Any, text: str) -> None:
    """Paste into Browser's editor as a user does (a clipboard paste event: no auto-closed brackets), then run it."""
    page.locator('[data-testid="activeEditor"]').first.click()
    page.evaluate("""text => {
        const data = new DataTransfer();
        data.setData("text/plain", text);
        document.activeElement.dispatchEvent(
            new ClipboardEvent("paste", {clipboardData: data, bubbles: true, cancelable: true}));
    }""", text)
    page.wait_for_timeout(300)
    page.click('[data-testid="editor-Run"]')


def _wait_for_every_statement(page: Any, statements: int) -> None:
    """A multi-statement paste runs one statement after another: wait, as a user does, until the newest frame
    ticks every one (a query run before its `:param` lines finish would miss its parameters)."""
    page.wait_for_function("""n => {
        const frame = document.querySelector('[data-testid="frame"]');
        return frame && frame.querySelectorAll(
            '[data-testid="multi-statement-list-icon"] .fa-check-square-o').length >= n;
    }""", arg=statements, timeout=60_000)


def _chromium() -> str:
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    if chromium is None:
        if os.environ.get("CI"):
            pytest.fail("chromium is not installed; .ci/run installs Debian's chromium package")
        pytest.skip("install Debian's chromium package to run the Browser check")
    return chromium


def test_browser_follows_the_guide_literally(db: Any, database: str, neo4j_target: Neo4jTarget) -> None:
    """Neo4j Browser served by the local server, driven by headless Chromium (Debian's package): the guide's
    steps as written (`:style` + the style sheet, then a query's paste-ready output), and the rendered graph
    drawn in the project's colours."""
    if neo4j_target.local is None:
        pytest.skip("drives the Browser of the tests' own local server (NEO4J_URI/testcontainers given)")
    chromium = _chromium()
    from playwright.sync_api import sync_playwright

    load_reference(db, database)
    settings = neo4j_target.local.settings
    runner = CliRunner()
    style = runner.invoke(main, ["browser", "--style"]).output
    colours = _grass_colours(style)
    members = runner.invoke(main, ["browser", "--query", "memberships"]).output
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
            _paste(page, ":style " + style)
            page.wait_for_selector("text=node.Country", timeout=30_000)  # Browser shows the sheet it accepted
            assert page.locator("text=InvalidGrass").count() == 0
            # The output of `kg browser --query memberships` pasted as it is: its `:param` lines, then the query.
            _paste(page, members)
            _wait_for_every_statement(page, members.count(";\n"))
            # Browser lists a multi-statement paste's results; the guide's step 3: run the query part alone to see
            # its rows, with the parameters the pasted `:param` lines set.
            _paste(page, cypher.library_query("memberships").body)
            page.wait_for_selector("text=G20", timeout=60_000)  # Türkiye's memberships on 2022-07-29: NATO, G20
            assert page.locator("text=ParameterMissing").count() == 0
            assert page.locator("text=SyntaxError").count() == 0
            # A graph query, pasted the same way: the picture uses the style sheet's colour for each label.
            neighbourhood = runner.invoke(main, ["browser", "--query", "neighbourhood"]).output
            _paste(page, neighbourhood.replace(":param actor => 'RUS'", ":param actor => 'TUR'"))
            _wait_for_every_statement(page, neighbourhood.count(";\n"))
            _paste(page, cypher.library_query("neighbourhood").body)
            page.wait_for_selector("g.node circle.b-outline", timeout=60_000)
            page.wait_for_timeout(1500)
            page.screenshot(path=str(ARTIFACTS / "browser.png"))
            nodes = page.eval_on_selector_all(
                "g.node", "gs => gs.map(g => [g.querySelector('circle.b-outline').getAttribute('fill'), "
                          "g.querySelector('text.caption').textContent.trim()])")
        except Exception:
            page.screenshot(path=str(ARTIFACTS / "browser-failed.png"))
            raise
        finally:
            browser.close()
    fills = {name: fill.upper() for fill, name in nodes}
    assert fills.get("Türkiye") == colours["node.Country"], fills
    assert fills.get("NATO") == colours["node.Organization"], fills
    people = [fill for name, fill in fills.items() if name not in ("Türkiye", "NATO", "G20")]
    assert people and set(people) == {colours["node.Person"]}, fills  # office holders, captions shortened
    assert colours["node"] not in fills.values()  # no node fell back to the default style
    assert (ARTIFACTS / "browser.png").stat().st_size > 20_000
