"""The word lists in kg/reference/data/lexicon.toml steer the resolver and the reports as the code did."""

from __future__ import annotations

import pytest

from kg.analysis.report import BLOCS
from kg.ontology import NodeLabel, OrgKind
from kg.reference import lexicon
from kg.resolve import Resolver, normalize


@pytest.fixture(scope="module")
def resolver() -> Resolver:
    return Resolver()


def test_lexicon_is_loaded_once_and_is_lower_case() -> None:
    assert lexicon() is lexicon()
    words = lexicon().organization_words | lexicon().civil_sectors
    assert words and all(w == normalize(w) and " " not in w for w in words)  # matched as whole normalized words


@pytest.mark.parametrize("word", sorted(lexicon().organization_words))
def test_each_organization_word_makes_an_organization(resolver: Resolver, word: str) -> None:
    actor = resolver.dataset_actor(f"Zorblat {word.title()}").ref
    assert actor.label == NodeLabel.ORGANIZATION and actor.kind == OrgKind.OTHER


@pytest.mark.parametrize("word", sorted(lexicon().civil_sectors))
def test_each_civil_sector_is_a_group_not_the_state(resolver: Resolver, word: str) -> None:
    actor = resolver.dataset_actor(f"{word.title()} (Iraq)").ref
    assert actor.kind == OrgKind.GROUP and actor.country == "IRQ"


@pytest.mark.parametrize(("name", "label", "kind"), [
    ("Military (Russia)", NodeLabel.ORGANIZATION, OrgKind.GOVERNMENT),  # a sector not in the list: the state
    ("Protester (Iraq)", NodeLabel.ORGANIZATION, OrgKind.GROUP),
    ("Zorblat Quimby", NodeLabel.PERSON, None),  # no organization word: a person
    ("Ministry of Defense", NodeLabel.ORGANIZATION, OrgKind.OTHER),
])
def test_names_read_as_before(resolver: Resolver, name: str, label: NodeLabel, kind: OrgKind | None) -> None:
    actor = resolver.dataset_actor(name).ref
    assert (actor.label, actor.kind) == (label, kind)


def test_reports_show_the_lexicon_blocs() -> None:
    assert lexicon().blocs == BLOCS
    assert {"NATO", "EU"} <= set(BLOCS)  # tests/test_analysis.py reads share_nato
