"""Snapshots and the one write path against a real Neo4j: export → import → export is the identity."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import networkx as nx
import pytest
from neo4j import Driver

from kg.ontology import RelType
from kg.store import cypher
from kg.store.loading import load_files, load_reference
from kg.store.snapshot import export_snapshot, import_snapshot, read_snapshot
from tests.conftest import read_test_cypher

SEED = Path(__file__).parent.parent / "examples" / "seed-events.jsonl"


def _wipe(db: Driver, database: str) -> None:
    with db.session(database=database) as session:
        for statement in cypher.statements(read_test_cypher("wipe.cypher")):
            session.run(statement).consume()


def _content(G: nx.MultiDiGraph) -> tuple[list[Any], list[Any]]:
    nodes = sorted((str(n), sorted(d.items())) for n, d in G.nodes(data=True))
    edges = sorted((str(u), str(v), str(k), sorted((a, str(b)) for a, b in d.items()))
                   for u, v, k, d in G.edges(keys=True, data=True))
    return nodes, edges


@pytest.mark.parametrize("suffix", [".parquet", ".graphml"])
def test_export_import_export_gives_the_same_nodes_edges_ids_and_properties(db: Driver, database: str,
                                                                             tmp_path: Path, suffix: str) -> None:
    load_reference(db, database)
    load_files(db, database, "events", [SEED])
    first = export_snapshot(db, database, tmp_path / f"first{suffix}")
    quad = [k for u, v, k, d in first.edges("AUS", keys=True, data=True)
            if v == "org:quad" and d["relation"] == RelType.MEMBER_OF and str(k).startswith("reference#")]
    assert len(quad) == 2  # Australia joined the Quad twice (2007, 2017): two memberships, two ids

    _wipe(db, database)
    summary = import_snapshot(db, database, tmp_path / f"first{suffix}")
    assert summary.rejected == 0 and summary.rows_written == first.number_of_edges()
    second = export_snapshot(db, database, tmp_path / f"second{suffix}")

    assert _content(read_snapshot(tmp_path / f"second{suffix}")) == _content(read_snapshot(tmp_path / f"first{suffix}"))
    assert _content(second) == _content(first)
    assert {k for _, _, k in second.edges(keys=True)} == {k for _, _, k in first.edges(keys=True)}
    again = import_snapshot(db, database, tmp_path / f"first{suffix}")  # idempotent: nothing new
    assert again.counters["relationships_created"] == 0 and again.counters["nodes_created"] == 0


def test_the_manifest_id_does_not_depend_on_the_batch_size(db: Driver, database: str) -> None:
    first = load_files(db, database, "events", [SEED], batch_size=7)
    again = load_files(db, database, "events", [SEED], batch_size=3)
    assert first[0].status == "complete" and again[0].status == "already loaded"
    manifests = db.execute_query(read_test_cypher("count_loads.cypher"), database_=database).records[0]["n"]
    assert manifests == 1


def test_states_other_than_offices_and_memberships_are_not_projected(db: Driver, database: str) -> None:
    """ALLIED_WITH, PARTNER_OF, ADVERSARY_OF hold over intervals: no window counts them, so none is projected
    (and ego's "left out" does not count them as events either)."""
    import datetime as dt

    from kg.models import ActorRef, Event
    from kg.ontology import STATE_RELATIONS, NodeLabel
    from kg.store.projection import actor_graph, left_out
    from kg.store.writer import write_events

    rus, ind = (ActorRef(id=c, label=NodeLabel.COUNTRY, name=c) for c in ("RUS", "IND"))
    day = dt.date(2022, 3, 1)
    events = [Event(relation=rel, subject=rus, object=ind, event_id=f"e-{rel}", source="s", since=day)
              for rel in (RelType.ALLIED_WITH, RelType.PARTNER_OF, RelType.ADVERSARY_OF, RelType.MET)]
    write_events(db, database, events)
    G = actor_graph(db, database)
    assert sorted(d["relation"] for _, _, d in G.edges(data=True)) == [RelType.MET]
    assert left_out(db, database, "RUS")["total"] == 1
    projected = {RelType.MEMBER_OF, RelType.HOLDS_OFFICE}  # what roll-up and bloc shares read
    assert STATE_RELATIONS - projected == {RelType.ALLIED_WITH, RelType.PARTNER_OF, RelType.ADVERSARY_OF}
