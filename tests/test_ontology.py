"""The ontology is the single source: models, templates and schema must agree with it."""

from __future__ import annotations

import datetime as dt
import typing

import pytest
from pydantic import ValidationError

from kg import ontology
from kg.models import ActorRef, Event
from kg.ontology import EDGE_PROPERTIES, NodeLabel
from kg.store import cypher
from kg.store.schema import schema_statements

_PY_TYPES = {"STRING": str, "DATE": dt.date, "FLOAT": float, "INTEGER": int}


def test_event_fields_are_exactly_the_ontology_edge_properties() -> None:
    core = {"relation", "subject", "object"}
    assert set(Event.model_fields) - core == {p.name for p in EDGE_PROPERTIES}


@pytest.mark.parametrize("prop", EDGE_PROPERTIES, ids=lambda p: p.name)
def test_event_field_types_match_the_ontology(prop: ontology.EdgeProperty) -> None:
    annotation = Event.model_fields[prop.name].annotation
    allowed = set(typing.get_args(annotation)) or {annotation}
    if prop.name == "status":
        allowed = {str}  # an enum of strings
    assert _PY_TYPES[prop.type] in allowed or any(
        isinstance(a, type) and issubclass(a, _PY_TYPES[prop.type]) for a in allowed)


def test_schema_has_a_constraint_per_relationship_type_and_an_index_per_indexed_property() -> None:
    statements = schema_statements()
    for rel_type in ontology.RELATIONS:
        assert any(f"[r:{rel_type}]" in s and "REQUIRE r.event_id IS UNIQUE" in s for s in statements)
        for prop in EDGE_PROPERTIES:
            if prop.indexed:
                assert any(f"[r:{rel_type}]" in s and f"ON (r.{prop.name})" in s for s in statements)


@pytest.mark.parametrize("bad", ["MET]->() DETACH DELETE n //", "Country`", "met", "Person {x:1}", ""])
def test_templates_refuse_names_the_ontology_does_not_declare(bad: str) -> None:
    with pytest.raises(ValueError, match="ontology"):
        cypher.render("write/edges.cypher", actor="Actor", rel_type=bad)


def test_edge_template_renders_only_ontology_types() -> None:
    text = cypher.render("write/edges.cypher", actor="Actor", rel_type="SANCTIONED")
    assert "[r:SANCTIONED {event_id: row.event_id}]" in text
    assert "{{" not in text


def _actor(label: NodeLabel, name: str = "X") -> ActorRef:
    ident = {"Country": "RUS", "Person": "person:x", "Organization": "org:x"}[label.value]
    return ActorRef(id=ident, label=label, name=name)


def test_event_refuses_endpoints_the_relation_does_not_allow() -> None:
    with pytest.raises(ValidationError, match="MEMBER_OF needs Organization as object"):
        Event(relation="MEMBER_OF", subject=_actor(NodeLabel.COUNTRY), object=_actor(NodeLabel.COUNTRY),
              event_id="e", source="s")
    with pytest.raises(ValidationError, match="HOLDS_OFFICE needs Person as subject"):
        Event(relation="HOLDS_OFFICE", subject=_actor(NodeLabel.COUNTRY), object=_actor(NodeLabel.COUNTRY),
              event_id="e", source="s")


def test_event_refuses_future_occurred_events_but_accepts_planned_ones() -> None:
    future = dt.date.today() + dt.timedelta(days=30)
    args = {"relation": "MET", "subject": _actor(NodeLabel.COUNTRY), "object": _actor(NodeLabel.PERSON),
            "event_id": "e", "source": "s", "date": future, "since": future, "until": future}
    with pytest.raises(ValidationError, match="in the future"):
        Event(**args)
    assert Event(**args, status="planned").status == "planned"


def test_markdown_doc_lists_every_type() -> None:
    doc = ontology.markdown()
    assert all(f"`{name}`" in doc for name in ontology.RELATIONS)
