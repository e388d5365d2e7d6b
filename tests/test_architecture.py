"""The rules of the architecture, checked on the source: the ontology is stated once, the layers hold."""

from __future__ import annotations

import ast
import re
from importlib import resources
from pathlib import Path

import networkx as nx
import pytest

from kg import ontology
from kg.models import ACTOR_NODE_PROPERTIES, ActorRef, Event
from kg.ontology import EDGE_PROPERTY_NAMES, NODE_PROPERTIES, RELATIONS, Label, NodeLabel, RelType

ROOT = Path(__file__).resolve().parent.parent
ONTOLOGY_NAMES = {str(name) for name in (*RelType, *Label)}
# Strings that equal an ontology name by coincidence: input column headers of a dataset, not labels.
NOT_ONTOLOGY = {("loaders/icews.py", "Country")}  # the ICEWS column "Country" (where the event happened)


def _sources(*folders: str) -> list[Path]:
    return sorted(p for folder in folders for p in (ROOT / folder).rglob("*.py") if ".venv" not in p.parts)


def _docstrings(tree: ast.AST) -> set[int]:
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef) and node.body:
            first = node.body[0]
            if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant):
                found.add(id(first.value))
    return found


def _dunder_all(tree: ast.AST) -> set[int]:
    """Constants inside `__all__ = [...]`: names of Python objects (a class `Organization`), not graph labels."""
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Assign) and any(isinstance(t, ast.Name) and t.id == "__all__" for t in node.targets):
            found |= {id(c) for c in ast.walk(node.value) if isinstance(c, ast.Constant)}
    return found


def ontology_literals(path: Path, root: Path = ROOT) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    skip = _docstrings(tree) | _dunder_all(tree)
    relative = path.relative_to(root).as_posix()
    return [f"{relative}:{node.lineno}: {node.value!r}" for node in ast.walk(tree)
            if isinstance(node, ast.Constant) and isinstance(node.value, str) and node.value in ONTOLOGY_NAMES
            and id(node) not in skip and (relative, node.value) not in NOT_ONTOLOGY]


def test_no_ontology_literals() -> None:
    """No relationship type or label is written as a string outside kg/ontology.py: every module uses its names."""
    found = [hit for path in _sources("kg", "loaders") if path != ROOT / "kg" / "ontology.py"
             for hit in ontology_literals(path)]
    assert found == [], "use kg.ontology.RelType / Label instead of:\n" + "\n".join(found)


def test_the_literal_check_can_fail(tmp_path: Path) -> None:
    sample = tmp_path / "kg" / "sample.py"
    sample.parent.mkdir()
    sample.write_text('"""MET in a docstring is fine."""\n__all__ = ["Person"]\nKIND = "MEMBER_OF"\n')
    assert ontology_literals(sample, tmp_path) == ["kg/sample.py:3: 'MEMBER_OF'"]


def test_every_relation_type_is_described_once() -> None:
    assert list(RELATIONS) == list(RelType)
    assert all(RELATIONS[t].name is t for t in RelType)
    assert set(NodeLabel) < set(Label) and set(ontology.NODE_LABELS) | {Label.ACTOR} == set(Label)


_CYPHER_NAME = re.compile(r"[(\[]\w*:(`?)([A-Z]\w*)")  # (n:Label …) and [r:TYPE …]


def _cypher_files() -> list[str]:
    root = resources.files("cypher")
    return sorted(f"{folder.name}/{entry.name}" for folder in root.iterdir() if folder.is_dir()
                  for entry in folder.iterdir() if entry.name.endswith(".cypher"))


@pytest.mark.parametrize("name", _cypher_files())
def test_cypher_names_only_ontology_labels_and_types(name: str) -> None:
    text = resources.files("cypher").joinpath(name).read_text(encoding="utf-8")
    body = "\n".join(line for line in text.splitlines() if not line.lstrip().startswith("//"))
    unknown = {m.group(2) for m in _CYPHER_NAME.finditer(body)} - ONTOLOGY_NAMES
    assert not unknown, f"{name} names {unknown}, which kg/ontology.py does not declare"


@pytest.mark.parametrize("name", [n for n in _cypher_files() if n.startswith(("project/", "write/"))])
def test_projection_and_write_templates_take_every_label_and_type_from_the_ontology(name: str) -> None:
    """cypher/project/* and cypher/write/* are rendered by kg.store.projection and kg.store.writer: no label or
    type is spelled out in them."""
    text = resources.files("cypher").joinpath(name).read_text(encoding="utf-8")
    body = "\n".join(line for line in text.splitlines() if not line.lstrip().startswith("//"))
    spelled = {word for word in re.findall(r"\b[A-Za-z_]+\b", re.sub(r"\{\{\s*\w+\s*\}\}", "", body))
               if word in ONTOLOGY_NAMES}
    assert not spelled, f"{name} spells out {spelled}; use a {{{{placeholder}}}} filled from kg/ontology.py"


def test_models_and_loader_fields_are_the_ontology_properties() -> None:
    from loaders.events import _PASSTHROUGH, CSV_COLUMNS, EventRow

    actor_props = {p for label in NodeLabel for p in NODE_PROPERTIES[label]}
    assert set(ACTOR_NODE_PROPERTIES) <= actor_props
    full = ActorRef(id="org:x", label=NodeLabel.ORGANIZATION, name="X", kind="igo", country="RUS")
    country = ActorRef(id="RUS", label=NodeLabel.COUNTRY, name="Russia")
    assert set(full.node_properties()) | set(country.node_properties()) == set(ACTOR_NODE_PROPERTIES)
    assert set(Event.model_fields) - {"relation", "subject", "object"} == EDGE_PROPERTY_NAMES
    row_fields = set(EventRow.model_fields) - {"id", "subject", "relation", "object", "attrs"}
    assert row_fields <= EDGE_PROPERTY_NAMES and set(_PASSTHROUGH) <= row_fields
    assert set(CSV_COLUMNS) - {"id", "subject", "relation", "object", "attrs", "subject_type", "object_type",
                               "subject_id", "object_id", "subject_kind", "object_kind", "subject_country",
                               "object_country"} <= EDGE_PROPERTY_NAMES


def test_admin_import_columns_are_the_ontology_properties(tmp_path: Path) -> None:
    from kg.store.export import write_admin_import

    files = write_admin_import([], tmp_path)
    edge_header = files.relationships.read_text(encoding="utf-8").splitlines()[0].split(",")
    assert [h.split(":")[0] for h in edge_header[3:]] == [p.name for p in ontology.EDGE_PROPERTIES]
    node_header = files.nodes.read_text(encoding="utf-8").splitlines()[0].split(",")
    assert node_header[1:-1] == list(ACTOR_NODE_PROPERTIES)


# --- layers ------------------------------------------------------------------------------------

def _module(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _imports(path: Path) -> set[str]:
    """Every module a file imports, at the top or inside functions (lazy imports are dependencies too)."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            found.add(node.module)
            found |= {f"{node.module}.{alias.name}" for alias in node.names}
    return found


def _import_graph() -> nx.DiGraph:
    files = {_module(p): p for p in _sources("kg", "loaders")}
    G = nx.DiGraph()
    for module, path in files.items():
        G.add_node(module)
        for target in _imports(path):
            if target in files and target != module:
                G.add_edge(module, target)
            elif target.split(".")[0] in ("neo4j",):
                G.add_edge(module, "neo4j")
    return G


def test_no_import_cycle_between_kg_and_loaders() -> None:
    G = _import_graph()
    for component in nx.strongly_connected_components(G):
        packages = {m.split(".")[0] for m in component}
        assert packages != {"kg", "loaders"}, f"kg and loaders import each other: {sorted(component)}"


@pytest.mark.parametrize("layer", ["kg.analysis", "loaders"])
def test_pure_layers_never_reach_the_database(layer: str) -> None:
    G = _import_graph()
    for module in [m for m in G if m == layer or m.startswith(layer + ".")]:
        reached = nx.descendants(G, module)
        assert "neo4j" not in reached and not any(m.startswith(("kg.store", "kg.cli")) for m in reached), module
