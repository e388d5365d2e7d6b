"""Centrality and isolation metrics: plain functions over any networkx graph.

Every metric here expects a weighted simple graph, the country graph of a window that
`CountryEvents.graph` builds (edge attributes `count`, `goldstein`, `cooperative`, `conflictual`):
networkx algorithms treat parallel edges differently (pagerank sums them, eigenvector centrality
rejects multigraphs), so events are summed per pair first, explicitly.

Every metric has a defined value on empty, one-node, edgeless and disconnected graphs, and for a
country absent from the window (see `metrics_for`): 0 for every centrality, `None` for shares with no
events to divide by, and rank `n + 1` (below every country present).
"""

from __future__ import annotations

import math
from bisect import bisect_right
from collections.abc import Mapping
from functools import cache
from typing import Any

import networkx as nx
import numpy as np
from threadpoolctl import ThreadpoolController

__all__ = [
    "CENTRALITY_METRICS",
    "betweenness",
    "centrality_table",
    "isolation_index",
    "metrics_for",
    "tie_share",
]

CENTRALITY_METRICS = ("partners", "strength", "pagerank", "eigenvector", "betweenness", "closeness", "clustering")
# The connectivity metrics the isolation index averages (see `isolation_index`).
ISOLATION_INPUTS = ("partners", "strength", "pagerank", "eigenvector")


def _eigenvector(G: nx.Graph, weight: str) -> dict[Any, float]:
    """Principal eigenvector of the weighted adjacency matrix, L2-normalised, signs made positive.

    Dense `numpy.linalg.eigh` (the matrix is symmetric): exact, never fails to converge, defined on
    disconnected graphs (the weight sits on the component with the largest eigenvalue; others get 0).
    """
    nodes = list(G)
    if G.number_of_edges() == 0:
        return dict.fromkeys(nodes, 0.0)
    if len(nodes) > 3000:
        return dict(nx.eigenvector_centrality_numpy(G, weight=weight))
    A = nx.to_numpy_array(G, nodelist=nodes, weight=weight)
    with _one_blas_thread():  # a few hundred rows: threads only contend (300 ms instead of 3 ms on a busy host)
        values, vectors = np.linalg.eigh(A)
    vector = np.abs(vectors[:, int(np.argmax(values))])
    norm = float(np.linalg.norm(vector)) or 1.0
    return {n: float(x / norm) for n, x in zip(nodes, vector, strict=True)}


@cache
def _blas() -> ThreadpoolController:
    return ThreadpoolController()


def _one_blas_thread() -> Any:
    return _blas().limit(limits=1, user_api="blas")


def betweenness(G: nx.Graph, *, method: str = "auto", k: int | None = None, seed: int = 42) -> dict[Any, float]:
    """Normalised betweenness on the unweighted graph (who bridges whom; event counts are not distances).

    method: "exact" (networkx), "igraph" (exact, the same numbers to 1e-9, in C, many times faster),
    "sampled" (networkx with k pivot nodes and a fixed seed), or "auto": igraph when installed, else
    networkx exact.
    """
    n = G.number_of_nodes()
    if n < 3 or G.number_of_edges() == 0:
        return dict.fromkeys(G, 0.0)
    if method == "auto":
        method = "igraph" if _has_igraph() else "exact"
    if method == "sampled":
        return dict(nx.betweenness_centrality(G, k=min(k or 500, n), seed=seed, normalized=True))
    if method == "igraph":
        import igraph as ig

        nodes = list(G)
        index = {node: i for i, node in enumerate(nodes)}
        graph = ig.Graph(n=n, edges=[(index[u], index[v]) for u, v in G.edges()], directed=False)
        scale = 2.0 / ((n - 1) * (n - 2))  # networkx's normalisation for undirected graphs
        return {node: float(value) * scale for node, value in zip(nodes, graph.betweenness(directed=False),
                                                                  strict=True)}
    return dict(nx.betweenness_centrality(G, normalized=True))


def _has_igraph() -> bool:
    try:
        import igraph  # noqa: F401
    except ImportError:
        return False
    return True


def _ranks(values: Mapping[Any, float]) -> dict[Any, int]:
    """Competition ranking: 1 for the highest; ties share the better rank."""
    ordered = sorted(values.values(), reverse=True)
    first: dict[float, int] = {}
    for position, value in enumerate(ordered, start=1):
        first.setdefault(value, position)
    return {node: first[value] for node, value in values.items()}


def centrality_table(G: nx.Graph, *, weight: str = "count", betweenness_method: str = "auto",
                     seed: int = 42) -> dict[Any, dict[str, Any]]:
    """Every metric for every node of a country graph (`CountryEvents.graph`), with ranks and percentiles.

    partners: distinct neighbours; strength: sum of `weight`; pagerank and eigenvector: weighted;
    betweenness, closeness (Wasserman-Faust, defined on disconnected graphs), clustering: unweighted;
    cooperative_share / conflictual_share: of the events with a known sign (None without any).
    `rank_<metric>` is 1 for the highest; `pct_<metric>` is the share of nodes with a lower or equal
    value (1.0 = top), so windows of different sizes compare.
    """
    if G.number_of_nodes() == 0:
        return {}
    values: dict[str, dict[Any, float]] = {
        "partners": {n: float(G.degree(n)) for n in G},
        "strength": {n: float(d) for n, d in G.degree(weight=weight)},
        "pagerank": dict(nx.pagerank(G, weight=weight)) if G.number_of_edges() else dict.fromkeys(G, 1 / len(G)),
        "eigenvector": _eigenvector(G, weight),
        "betweenness": betweenness(G, method=betweenness_method, seed=seed),
        "closeness": dict(nx.closeness_centrality(G)),
        "clustering": {n: float(c) for n, c in nx.clustering(G).items()},
    }
    n = len(G)
    table: dict[Any, dict[str, Any]] = {node: {} for node in G}
    for metric, by_node in values.items():
        ranks = _ranks(by_node)
        ordered = sorted(by_node.values())
        for node, value in by_node.items():
            table[node][metric] = value
            table[node][f"rank_{metric}"] = ranks[node]
            table[node][f"pct_{metric}"] = bisect_right(ordered, value) / n
    for node in G:
        coop = sum(d.get("cooperative", 0) for _, _, d in G.edges(node, data=True))
        conflict = sum(d.get("conflictual", 0) for _, _, d in G.edges(node, data=True))
        signed = coop + conflict
        table[node]["cooperative_share"] = coop / signed if signed else None
        table[node]["conflictual_share"] = conflict / signed if signed else None
        table[node]["goldstein_sum"] = sum(d.get("goldstein", 0.0) for _, _, d in G.edges(node, data=True))
        table[node]["isolation_index"] = isolation_index(table[node])
        table[node]["countries"] = n
    return table


def isolation_index(row: Mapping[str, Any]) -> float:
    """How isolated a country is in a window, from 0 (best-connected, all cooperative) to 1.

        I = 1 - (2/3 * P + 1/3 * C)

    P is the mean percentile (among the countries of the window) of partners, strength, PageRank and
    eigenvector centrality: rank-based, so windows with more or fewer events in the data compare.
    C is the cooperative share of its signed events (0.5 when it has none: no evidence either way).
    A country absent from a window has P = 0 and C = 0.5, so I = 5/6.
    Why: isolation means few and weak ties (P) and hostile ones (C); ties dominate because one
    hostile but dense relationship (Russia–Ukraine) is contact, not isolation.
    """
    p = sum(float(row.get(f"pct_{m}", 0.0)) for m in ISOLATION_INPUTS) / len(ISOLATION_INPUTS)
    c = row.get("cooperative_share")
    c = 0.5 if c is None or (isinstance(c, float) and math.isnan(c)) else float(c)
    return round(1.0 - (2.0 / 3.0 * p + 1.0 / 3.0 * c), 6)


def metrics_for(table: Mapping[Any, Mapping[str, Any]], node: Any) -> dict[str, Any]:
    """A node's row of `centrality_table`, or the documented defaults if it is not in the window."""
    if node in table:
        return dict(table[node])
    n = len(table)
    row: dict[str, Any] = {}
    for metric in CENTRALITY_METRICS:
        row[metric] = 0.0
        row[f"rank_{metric}"] = n + 1
        row[f"pct_{metric}"] = 0.0
    row.update(cooperative_share=None, conflictual_share=None, goldstein_sum=0.0, countries=n)
    row["isolation_index"] = isolation_index(row)
    return row


def tie_share(G: nx.Graph, node: Any, group: set[Any], *, weight: str = "count") -> float | None:
    """Share of a node's events (by `weight`) that are with members of `group` (None: no events)."""
    if node not in G:
        return None
    total = sum(d.get(weight, 1) for _, _, d in G.edges(node, data=True))
    if not total:
        return None
    inside = sum(d.get(weight, 1) for _, other, d in G.edges(node, data=True) if other in group and other != node)
    return float(inside / total)
