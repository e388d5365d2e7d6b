"""Pictures for briefs: a country's rank and strength over time, partners before vs after, ego networks."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import matplotlib

matplotlib.use("Agg")  # files only: no display on servers and in CI

import matplotlib.pyplot as plt
import networkx as nx

from kg.analysis.report import CentralityReport, PeriodComparison

__all__ = ["plot_centrality", "plot_ego"]


def plot_centrality(report: CentralityReport, path: Path, comparison: PeriodComparison | None = None,
                    names: dict[str, str] | None = None) -> Path:
    """Rank (PageRank, strength, partners) and strength per window; top partners before vs after."""
    names = names or {}
    rows = report.rows
    panels = 3 if comparison else 2
    fig, axes = plt.subplots(panels, 1, figsize=(10, 3.6 * panels), constrained_layout=True)
    labels = [r["start"][:7] if r["start"][8:] == "01" else r["start"] for r in rows]
    x = range(len(rows))
    ax = axes[0]
    for metric, style in (("rank_pagerank", "-o"), ("rank_strength", "-s"), ("rank_partners", "-^")):
        ax.plot(x, [r[metric] for r in rows], style, label=metric.removeprefix("rank_"))
    ax.invert_yaxis()
    ax.set_ylabel("rank among countries (1 = top)")
    ax.set_title(f"{names.get(report.country, report.country)}: rank per window")
    ax.legend(loc="best")
    ax.set_xticks(list(x), labels, rotation=45, ha="right")
    ax = axes[1]
    ax.bar(x, [r["strength"] for r in rows], color="#4C72B0", label="strength (events)")
    ax.set_ylabel("events with other countries")
    twin = ax.twinx()
    twin.plot(x, [r["isolation_index"] for r in rows], "-o", color="#C44E52", label="isolation index")
    twin.set_ylim(0, 1)
    twin.set_ylabel("isolation index (0 = central, 1 = isolated)")
    ax.set_xticks(list(x), labels, rotation=45, ha="right")
    ax.set_title("strength and isolation per window")
    if comparison:
        _partners_panel(axes[2], comparison, names)
    fig.savefig(path, dpi=120)
    plt.close(fig)
    return path


def _partners_panel(ax: Any, comparison: PeriodComparison, names: dict[str, str]) -> None:
    partners = {p["partner"] for p in comparison.partners_before + comparison.partners_after}
    before = {p["partner"]: p["events"] for p in comparison.partners_before}
    after = {p["partner"]: p["events"] for p in comparison.partners_after}
    order = sorted(partners, key=lambda p: -(before.get(p, 0) + after.get(p, 0)))[:12]
    y = range(len(order))
    ax.barh([i - 0.2 for i in y], [before.get(p, 0) for p in order], height=0.4, label="before", color="#8172B2")
    ax.barh([i + 0.2 for i in y], [after.get(p, 0) for p in order], height=0.4, label="after", color="#DD8452")
    ax.set_yticks(list(y), [names.get(p, p) for p in order])
    ax.invert_yaxis()
    ax.set_xlabel("events")
    ax.set_title(f"top partners: {comparison.before['window']} vs {comparison.after['window']}")
    ax.legend(loc="lower right")


def plot_ego(G: nx.MultiDiGraph, center: Any, path: Path, *, max_neighbours: int = 40) -> Path:
    """The actor's ego network: neighbours sized by events with it, coloured by label."""
    if center not in G:
        raise KeyError(f"{center!r} is not in the graph")
    weights: dict[Any, int] = {}
    for _, v, data in G.edges(center, data=True):
        if data.get("relation") not in ("HOLDS_OFFICE", "MEMBER_OF"):
            weights[v] = weights.get(v, 0) + 1
    for u, _, data in G.in_edges(center, data=True):
        if data.get("relation") not in ("HOLDS_OFFICE", "MEMBER_OF"):
            weights[u] = weights.get(u, 0) + 1
    top = sorted(weights, key=lambda n: -weights[n])[:max_neighbours]
    H = nx.Graph()
    H.add_node(center)
    for node in top:
        H.add_edge(center, node, weight=weights[node])
    colours = {"Country": "#4C72B0", "Person": "#DD8452", "Organization": "#55A868"}
    fig, ax = plt.subplots(figsize=(10, 8), constrained_layout=True)
    pos = nx.spring_layout(H, seed=7, weight="weight")
    nx.draw_networkx_edges(H, pos, ax=ax, width=[0.5 + 3 * H[center][n]["weight"] / max(weights.values()) for n in top],
                           alpha=0.5)
    nx.draw_networkx_nodes(H, pos, ax=ax, node_color=[colours.get(G.nodes[n].get("label"), "#999") for n in H],
                           node_size=[1200 if n == center else 150 + 30 * weights.get(n, 0) ** 0.8 for n in H])
    nx.draw_networkx_labels(H, pos, ax=ax, labels={n: G.nodes[n].get("name", n) for n in H}, font_size=8)
    ax.set_title(f"{G.nodes[center].get('name', center)}: {sum(weights.values())} events with "
                 f"{len(weights)} actors (top {len(top)} shown)")
    ax.axis("off")
    fig.savefig(path, dpi=120)
    plt.close(fig)
    return path
