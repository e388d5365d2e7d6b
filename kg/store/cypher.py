"""Access to the `.cypher` files shipped in the `cypher` package: templates, schema, the query library.

No Cypher is written in Python. Templates name a label or relationship type as `{{label}}` or
`{{rel_type}}`; `render` fills them only with names that `kg.ontology.cypher_identifier` accepts,
so input text can never become a label, a type or a clause.
"""

from __future__ import annotations

import ast
import re
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from typing import Any

from kg.ontology import cypher_identifier
from kg.store.params import ParamType, parse_types

__all__ = ["LibraryQuery", "library", "library_query", "read", "render", "statements"]

_PLACEHOLDER = re.compile(r"\{\{\s*(\w+)\s*\}\}")


@cache
def read(name: str) -> str:
    """The text of `cypher/<name>` (e.g. `write/edges.cypher`)."""
    return resources.files("cypher").joinpath(name).read_text(encoding="utf-8")


def render(name: str, **names: str) -> str:
    """Fill a template's `{{placeholders}}` with ontology names (and lower-case forms for index names)."""
    text = read(name)

    def fill(match: re.Match[str]) -> str:
        key = match.group(1)
        if key.endswith("_lower"):
            return cypher_identifier(names[key.removesuffix("_lower")]).lower()
        if key not in names:
            raise KeyError(f"{name} needs a value for {{{{{key}}}}}")
        return cypher_identifier(names[key])

    return _PLACEHOLDER.sub(fill, text)


def statements(text: str) -> list[str]:
    """Split a file of `;`-terminated statements, dropping `//` comment lines."""
    body = "\n".join(line for line in text.splitlines() if not line.lstrip().startswith("//"))
    return [s.strip() for s in body.split(";") if s.strip()]


@dataclass(frozen=True)
class LibraryQuery:
    """One analyst query: `cypher/queries/<name>.cypher` with its header."""

    name: str
    question: str
    text: str
    params: dict[str, Any] = field(default_factory=dict)
    types: dict[str, ParamType] = field(default_factory=dict)

    @property
    def body(self) -> str:
        return "\n".join(line for line in self.text.splitlines() if not line.startswith("//")).strip()


_PARAM_LINE = re.compile(r"^//\s*:param\s+(\w+)\s*=>\s*(.+?)\s*;?\s*$")


def _literal(text: str) -> Any:
    """A Browser `:param` value: Cypher literals that are also Python literals (strings, numbers, lists)."""
    normalized = re.sub(r"\btrue\b", "True", re.sub(r"\bfalse\b", "False", re.sub(r"\bnull\b", "None", text)))
    try:
        return ast.literal_eval(normalized)
    except (ValueError, SyntaxError) as exc:
        raise ValueError(f"parameter default {text!r} is not a literal") from exc


def _parse(name: str, text: str) -> LibraryQuery:
    question = ""
    params: dict[str, Any] = {}
    types: dict[str, ParamType] = {}
    for line in text.splitlines():
        if not line.startswith("//"):
            continue
        if m := _PARAM_LINE.match(line):
            params[m.group(1)] = _literal(m.group(2))
        elif line.lower().startswith("// question:"):
            question = line.split(":", 1)[1].strip()
        elif line.lower().startswith("// types:"):
            types = parse_types(line.split(":", 1)[1])
    if not question:
        raise ValueError(f"cypher/queries/{name}.cypher has no '// question:' header line")
    if set(types) != set(params):
        raise ValueError(f"cypher/queries/{name}.cypher: '// types:' must type exactly its parameters {sorted(params)}")
    return LibraryQuery(name=name, question=question, text=text, params=params, types=types)


@cache
def library() -> dict[str, LibraryQuery]:
    """All queries of `cypher/queries/`, by name (file name without `.cypher`)."""
    folder = resources.files("cypher").joinpath("queries")
    found = {}
    for entry in sorted(folder.iterdir(), key=lambda e: e.name):
        if entry.name.endswith(".cypher"):
            name = entry.name.removesuffix(".cypher")
            found[name] = _parse(name, entry.read_text(encoding="utf-8"))
    return found


def library_query(name: str) -> LibraryQuery:
    queries = library()
    if name not in queries:
        raise KeyError(f"no query named {name!r}; `kg query --list` shows the {len(queries)} there are")
    return queries[name]
