"""Analysis on small hand-built graphs whose answers are known, and on degenerate windows."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import networkx as nx
import pytest

from kg.analysis.metrics import betweenness, centrality_table, isolation_index, metrics_for, tie_share
from kg.analysis.projection import (
    CountryEvents,
    country_events,
    goldstein_micro,
    memberships_at,
)
from kg.analysis.report import centrality_over_time, compare_periods, top_partners
from kg.analysis.windows import Window, split_at, windows
from kg.store.snapshot import read_snapshot, snapshot_country_events, write_snapshot

D = dt.date


def _star() -> nx.Graph:
    """RUS in the middle of a star with three leaves, plus a separate pair."""
    G = nx.Graph()
    for leaf, count in (("IND", 3), ("CHN", 2), ("TUR", 1)):
        G.add_edge("RUS", leaf, count=count, goldstein=0.0, cooperative=count, conflictual=0)
    G.add_edge("USA", "GBR", count=1, goldstein=0.0, cooperative=0, conflictual=1)
    return G


def test_star_metrics_have_the_known_values() -> None:
    table = centrality_table(_star())
    rus = table["RUS"]
    assert rus["partners"] == 3 and rus["strength"] == 6
    assert rus["betweenness"] == pytest.approx(3 / 10)  # 3 leaf pairs over (n-1)(n-2)/2 = 10 pairs
    assert rus["clustering"] == 0.0
    assert rus["rank_partners"] == 1 and rus["rank_strength"] == 1 and rus["rank_betweenness"] == 1
    assert table["IND"]["partners"] == 1 and table["IND"]["rank_partners"] == 2  # ties share the better rank
    assert rus["cooperative_share"] == 1.0 and table["USA"]["cooperative_share"] == 0.0
    assert rus["pagerank"] == max(row["pagerank"] for row in table.values())
    assert table["GBR"]["eigenvector"] == pytest.approx(0.0, abs=1e-9)  # other component
    assert sum(row["pagerank"] for row in table.values()) == pytest.approx(1.0)


def test_triangle_clustering_and_closeness() -> None:
    G = nx.Graph()
    G.add_edges_from([("A", "B"), ("B", "C"), ("A", "C"), ("C", "D")], count=1)
    table = centrality_table(G)
    assert table["A"]["clustering"] == 1.0 and table["C"]["clustering"] == pytest.approx(1 / 3)
    assert table["C"]["closeness"] == 1.0


def test_country_graph_sums_both_directions_of_a_pair() -> None:
    events = CountryEvents.from_aggregates({
        (D(2022, 1, 1), "RUS", "IND", "MET", True): [1, 2_000_000],
        (D(2022, 1, 2), "IND", "RUS", "CRITICIZED", False): [1, -1_000_000],
        (D(2022, 1, 3), "RUS", "IND", "INTERACTED_WITH", None): [1, 0]}, dropped_no_country=0, dropped_domestic=0)
    G = events.graph()
    assert dict(G["RUS"]["IND"]) == {"count": 3, "goldstein": 1.0, "cooperative": 1, "conflictual": 1}
    assert events.graph(Window(D(2022, 1, 2), D(2022, 1, 3)))["IND"]["RUS"]["count"] == 2
    assert len(events) == 3  # input untouched


@pytest.mark.parametrize("G", [nx.Graph(), nx.empty_graph(["RUS"]), nx.Graph([("A", "B")])],
                         ids=["empty", "one node", "one edge"])
def test_degenerate_graphs_have_defined_metrics(G: nx.Graph) -> None:
    for u, v in G.edges():
        G[u][v]["count"] = 1
    table = centrality_table(G)
    assert set(table) == set(G)
    row = metrics_for(table, "RUS")
    for key in ("partners", "strength", "pagerank", "eigenvector", "betweenness", "closeness", "clustering",
                "isolation_index"):
        assert isinstance(row[key], float) and row[key] == row[key]  # defined, not NaN


def test_a_country_missing_from_the_window_gets_the_documented_defaults() -> None:
    row = metrics_for(centrality_table(_star()), "FRA")
    assert row["strength"] == 0.0 and row["rank_strength"] == 7 and row["cooperative_share"] is None  # 6 present
    assert row["isolation_index"] == pytest.approx(5 / 6)


def test_isolation_index_formula() -> None:
    top = {f"pct_{m}": 1.0 for m in ("partners", "strength", "pagerank", "eigenvector")}
    assert isolation_index({**top, "cooperative_share": 1.0}) == 0.0
    assert isolation_index({**top, "cooperative_share": 0.0}) == pytest.approx(1 / 3)
    assert isolation_index({"cooperative_share": None}) == pytest.approx(5 / 6)


def test_igraph_betweenness_equals_networkx_exact() -> None:
    G = nx.connected_watts_strogatz_graph(300, 6, 0.2, seed=3)
    exact = betweenness(G, method="exact")
    fast = betweenness(G, method="igraph")
    assert max(abs(exact[n] - fast[n]) for n in G) < 1e-9


def test_tie_share() -> None:
    G = _star()
    assert tie_share(G, "RUS", {"IND", "CHN"}) == pytest.approx(5 / 6)
    assert tie_share(G, "FRA", {"IND"}) is None


def test_windows_cover_the_range_with_inclusive_boundaries() -> None:
    months = windows(D(2014, 1, 15), D(2014, 3, 31), "month")
    assert [(w.start, w.end) for w in months] == [(D(2014, 1, 15), D(2014, 1, 31)), (D(2014, 2, 1), D(2014, 2, 28)),
                                                  (D(2014, 3, 1), D(2014, 3, 31))]
    weeks = windows(D(2022, 2, 24), D(2022, 3, 7), "week")
    assert weeks[0] == Window(D(2022, 2, 24), D(2022, 2, 27)) and weeks[1].start == D(2022, 2, 28)
    assert [w.start.month for w in windows(D(2014, 1, 1), D(2014, 12, 31), "quarter")] == [1, 4, 7, 10]
    before, after = split_at(D(2014, 3, 18), 30)
    assert before.end == D(2014, 3, 17) and after.start == D(2014, 3, 18) and after.end == D(2014, 4, 16)
    with pytest.raises(ValueError, match="unknown window"):
        windows(D(2014, 1, 1), D(2014, 2, 1), "fortnight")


def _actor_graph() -> nx.MultiDiGraph:
    """Lavrov is Russia's foreign minister until 2014-06-30 (a made-up end, to test the roll-up by date)."""
    G = nx.MultiDiGraph()
    G.add_node("RUS", label="Country", iso3="RUS", name="Russia")
    G.add_node("IND", label="Country", iso3="IND", name="India")
    G.add_node("UKR", label="Country", iso3="UKR", name="Ukraine")
    G.add_node("org:nato", label="Organization", name="NATO")
    G.add_node("person:lavrov", label="Person", name="Sergey Lavrov")
    G.add_node("person:jaishankar", label="Person", name="S. Jaishankar", country="IND")
    G.add_node("org:military-russia", label="Organization", name="Military (Russia)", country="RUS")
    G.add_edge("person:lavrov", "RUS", relation="HOLDS_OFFICE", since=D(2004, 3, 9), until=D(2014, 6, 30))
    G.add_edge("UKR", "org:nato", relation="MEMBER_OF", since=D(2030, 1, 1), until=None, status="occurred")
    G.add_edge("IND", "org:nato", relation="MEMBER_OF", since=D(2010, 1, 1), until=None, status="occurred")
    G.add_edge("person:lavrov", "person:jaishankar", key="e1", relation="MET", day=D(2014, 3, 1), quad_class=1,
               goldstein=1.0)
    G.add_edge("person:lavrov", "person:jaishankar", key="e2", relation="MET", day=D(2014, 7, 1), quad_class=1,
               goldstein=1.0)  # Lavrov out of office: no country, left out
    G.add_edge("org:military-russia", "UKR", key="e3", relation="INVADED", day=D(2014, 3, 18), quad_class=4,
               goldstein=-9.5)
    G.add_edge("RUS", "org:military-russia", key="e4", relation="MET", day=D(2014, 3, 2))  # domestic
    return G


def test_people_and_bodies_roll_up_to_their_country_on_the_event_day() -> None:
    events = country_events(_actor_graph())
    assert list(zip(events.days, events.a, events.b, strict=True)) == [
        (D(2014, 3, 1), "RUS", "IND"), (D(2014, 3, 18), "RUS", "UKR")]
    assert events.cooperative == [True, False]
    assert events.dropped_no_country == 1 and events.dropped_domestic == 1


def test_window_graphs_respect_their_boundaries() -> None:
    events = country_events(_actor_graph())
    assert set(events.graph(Window(D(2014, 3, 1), D(2014, 3, 17))).edges()) == {("IND", "RUS")}
    assert set(events.graph(Window(D(2014, 3, 18), D(2014, 3, 18))).edges()) == {("RUS", "UKR")}
    assert events.graph(Window(D(2014, 3, 19), D(2014, 12, 31))).number_of_edges() == 0
    assert set(events.graph(None, cooperative=False).edges()) == {("RUS", "UKR")}


def test_report_before_and_after_and_membership_shares() -> None:
    G = _actor_graph()
    events = country_events(G)
    report = centrality_over_time(events, "RUS", windows(D(2014, 3, 1), D(2014, 4, 30), "month"), actor_graph=G)
    march, april = report.rows
    assert march["events"] == 2 and march["partners"] == 2.0 and march["share_nato"] == 0.5
    assert april["events"] == 0 and april["isolation_index"] == pytest.approx(5 / 6)
    comparison = compare_periods(events, "RUS", Window(D(2014, 3, 1), D(2014, 3, 17)),
                                 Window(D(2014, 3, 18), D(2014, 4, 17)), actor_graph=G)
    assert comparison.partners_before[0]["partner"] == "IND" and comparison.partners_after[0]["partner"] == "UKR"
    assert comparison.deltas()["cooperative_share"] == -1.0
    assert memberships_at(G, D(2014, 1, 1))["NATO"] == {"IND"}
    assert top_partners(events, "FRA", None) == []


@pytest.mark.parametrize("suffix", [".graphml", ".parquet"])
def test_snapshots_give_identical_numbers(tmp_path: Path, suffix: str) -> None:
    G = _actor_graph()
    path = write_snapshot(G, tmp_path / f"snap{suffix}")
    H = read_snapshot(path)
    months = windows(D(2014, 1, 1), D(2014, 12, 31), "month")
    original = centrality_over_time(country_events(G), "RUS", months, actor_graph=G).rows
    restored = centrality_over_time(country_events(H), "RUS", months, actor_graph=H).rows
    assert original == restored


def _busy_actor_graph() -> nx.MultiDiGraph:
    """The small graph plus same-day repeats in both directions, signs from quad class and from the relation,
    Goldstein scores whose float sums depend on the order of addition."""
    G = _actor_graph()
    for i, (u, v, relation, quad, goldstein) in enumerate([
            ("RUS", "IND", "MET", 1, 0.1), ("IND", "RUS", "MET", 1, 0.2), ("RUS", "IND", "MET", None, 0.3),
            ("person:jaishankar", "RUS", "CRITICIZED", None, -2.2), ("RUS", "IND", "CRITICIZED", 3, None),
            ("person:lavrov", "UKR", "THREATENED", 4, -4.4), ("UKR", "org:military-russia", "MET", 1, 3.4)]):
        G.add_edge(u, v, key=f"b{i}", relation=relation, day=D(2014, 3, 5), quad_class=quad, goldstein=goldstein)
    return G


def test_same_day_events_aggregate_with_exact_goldstein_sums() -> None:
    events = country_events(_busy_actor_graph())
    assert isinstance(events, CountryEvents) and events.events == 9 and len(events) == 8
    day = [(a, b, rel, sign, n, micro) for d, a, b, rel, sign, n, micro in zip(
        events.days, events.a, events.b, events.relation, events.cooperative, events.count, events.goldstein_micro,
        strict=True) if d == D(2014, 3, 5)]
    assert day == [("IND", "RUS", "CRITICIZED", False, 1, -2_200_000), ("IND", "RUS", "MET", True, 1, 200_000),
                   ("RUS", "IND", "CRITICIZED", False, 1, 0), ("RUS", "IND", "MET", True, 2, 400_000),
                   ("RUS", "UKR", "THREATENED", False, 1, -4_400_000), ("UKR", "RUS", "MET", True, 1, 3_400_000)]
    edge = events.graph(Window(D(2014, 3, 5), D(2014, 3, 5)))["IND"]["RUS"]
    assert edge == {"count": 5, "goldstein": -1.6, "cooperative": 3, "conflictual": 2}
    assert goldstein_micro(0.1) + goldstein_micro(0.2) == goldstein_micro(0.3) and 0.1 + 0.2 != 0.3


def test_parquet_snapshot_rolls_up_columns_like_the_graph(tmp_path: Path) -> None:
    G = _busy_actor_graph()
    path = write_snapshot(G, tmp_path / "snap.parquet")
    assert snapshot_country_events(path) == country_events(G) == country_events(read_snapshot(path))
    graphml = write_snapshot(G, tmp_path / "snap.graphml")
    assert snapshot_country_events(graphml) == country_events(G)
