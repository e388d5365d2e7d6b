"""Neo4j Browser support: the style sheet covers the ontology; `kg browser` prints what an analyst pastes."""

from __future__ import annotations

import re

from click.testing import CliRunner

from kg import cypher
from kg.cli import main
from kg.ontology import NODE_LABELS, RELATIONS


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
    assert ":param org => 'NATO'" in query.output and "MATCH (o:Organization)" in query.output
