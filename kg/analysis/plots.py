"""Pictures for briefs: a country's rank and strength over time, partners before vs after, ego networks.

Every figure says what it leaves out (windows without events, undated or planned events) in a note at its
foot, has a legend, and labels its axes with units. Windows where the country has no events are gaps in the
lines, never rank 1 or 0.
"""

from __future__ import annotations

import math
from collections import Counter
from pathlib import Path
from typing import Any

import matplotlib

matplotlib.use("Agg")  # files only: no display on servers and in CI

import matplotlib.pyplot as plt
import networkx as nx
from matplotlib.layout_engine import ConstrainedLayoutEngine
from matplotlib.lines import Line2D
from matplotlib.patches import Patch
from matplotlib.ticker import MaxNLocator

from kg.analysis.report import CentralityReport, PeriodComparison
from kg.ontology import RELATIONS, NodeLabel, RelKind

__all__ = ["plot_centrality", "plot_ego"]

NODE_COLOURS = {NodeLabel.COUNTRY: "#4C72B0", NodeLabel.PERSON: "#DD8452",  # as the Browser style
                NodeLabel.ORGANIZATION: "#55A868"}
FAMILY_COLOURS = {"cooperative": "#2A9D8F", "conflictual": "#C44E52", "other": "#8C8C8C"}
EMPTY_WINDOW = "#EEEEEE"


def _gap(value: Any, has_events: bool) -> float:
    return float(value) if has_events and value is not None else math.nan


def _note(fig: Any, notes: list[str] | None) -> None:
    if notes:
        fig.text(0.01, 0.005, "\n".join(notes), ha="left", va="bottom", fontsize=8, color="#444444", wrap=True)


def _shade_empty(ax: Any, empty: list[int]) -> None:
    for i in empty:
        ax.axvspan(i - 0.5, i + 0.5, color=EMPTY_WINDOW, zorder=0, lw=0)


def plot_centrality(report: CentralityReport, path: Path, comparison: PeriodComparison | None = None,
                    names: dict[str, str] | None = None, notes: list[str] | None = None) -> Path:
    """Rank (PageRank, strength, partners) and strength per window; top partners before vs after."""
    names = names or {}
    rows = report.rows
    panels = 3 if comparison else 2
    fig, axes = plt.subplots(panels, 1, figsize=(10, 3.8 * panels + 0.6),
                             layout=ConstrainedLayoutEngine(rect=(0, 0.06, 1, 0.94)))  # room for the note
    labels = [r["start"][:7] if r["start"][8:] == "01" else r["start"] for r in rows]
    x = list(range(len(rows)))
    _rank_panel(axes[0], rows, names.get(report.country, report.country))
    _strength_panel(axes[1], rows)
    for ax in axes[:2]:
        ax.set_xticks(x, labels, rotation=45, ha="right")
        ax.set_xlabel("window")
        ax.set_xlim(-0.5, len(rows) - 0.5)
    if comparison:
        _partners_panel(axes[2], comparison, names)
    _note(fig, notes)
    fig.savefig(path, dpi=120)
    plt.close(fig)
    return path


def _activity(rows: list[dict[str, Any]]) -> tuple[list[int], list[bool], list[int]]:
    """Positions of the windows, whether each has events, and the positions of those without."""
    active = [bool(r.get("events")) for r in rows]
    return list(range(len(rows))), active, [i for i, a in enumerate(active) if not a]


def _rank_panel(ax: Any, rows: list[dict[str, Any]], name: str) -> None:
    x, active, empty = _activity(rows)
    _shade_empty(ax, empty)
    for metric, style in (("rank_pagerank", "-o"), ("rank_strength", "-s"), ("rank_partners", "-^")):
        ax.plot(x, [_gap(r.get(metric), a) for r, a in zip(rows, active, strict=True)], style,
                label=f"rank by {metric.removeprefix('rank_')}")
    countries = [r.get("countries") or 0 for r in rows]
    ax.plot(x, [c if c else math.nan for c in countries], ":", color="#777777",
            label="countries in window (lowest possible rank)")
    worst = max([*countries, 2])
    ax.set_ylim(worst + 0.5, 0.5)  # inverted: rank 1 at the top, the whole rank range shown
    ax.yaxis.set_major_locator(MaxNLocator(integer=True))
    ax.set_ylabel(f"rank among countries (1 = top, {worst} = last)")
    ax.set_title(f"{name}: rank per window (gaps: no events)")
    handles, _ = ax.get_legend_handles_labels()
    if empty:
        handles.append(Patch(color=EMPTY_WINDOW, label="window without events"))
    ax.legend(handles=handles, loc="best", fontsize=8)


def _strength_panel(ax: Any, rows: list[dict[str, Any]]) -> None:
    x, active, empty = _activity(rows)
    _shade_empty(ax, empty)
    bars = ax.bar(x, [r.get("strength") or 0 for r in rows], color="#4C72B0", label="strength (events with countries)")
    ax.set_ylabel("events with other countries (count)")
    twin = ax.twinx()
    (line,) = twin.plot(x, [_gap(r.get("isolation_index"), a) for r, a in zip(rows, active, strict=True)], "-o",
                        color="#C44E52", label="isolation index")
    twin.set_ylim(0, 1)
    twin.set_ylabel("isolation index (0 = central, 1 = isolated)")
    ax.set_title("strength and isolation per window")
    handles = [bars, line] + ([Patch(color=EMPTY_WINDOW, label="window without events")] if empty else [])
    ax.legend(handles=handles, loc="upper left", fontsize=8)


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
    ax.set_xlabel("events with the partner (count)")
    ax.set_ylabel("partner")
    ax.set_title(f"top partners: {comparison.before['window']} vs {comparison.after['window']}")
    ax.legend(loc="lower right")


def _family(relation: str) -> str:
    rel = RELATIONS.get(relation)
    if rel is None or rel.kind == RelKind.STATE or rel.cooperative is None:
        return "other"
    return "cooperative" if rel.cooperative else "conflictual"


def _ego_edges(G: nx.MultiDiGraph, center: Any) -> dict[Any, Counter[str]]:
    per: dict[Any, Counter[str]] = {}
    for u, v, data in list(G.out_edges(center, data=True)) + list(G.in_edges(center, data=True)):
        relation = str(data.get("relation"))
        if RELATIONS.get(relation) is not None and RELATIONS[relation].kind == RelKind.STATE:
            continue
        if data.get("day") is None:
            continue
        per.setdefault(v if u == center else u, Counter())[relation] += 1
    return per


def plot_ego(G: nx.MultiDiGraph, center: Any, path: Path, *, max_neighbours: int = 30,
             notes: list[str] | None = None) -> Path:
    """The actor's ego network: counterparts coloured by label, edges by relation family and labelled with
    their relation types, width by number of events; names beside the nodes, not on them."""
    if center not in G:
        raise KeyError(f"{center!r} is not in the graph")
    per = _ego_edges(G, center)
    top = sorted(per, key=lambda n: (-sum(per[n].values()), str(n)))[:max_neighbours]
    H = nx.Graph()
    H.add_node(center)
    H.add_edges_from((center, n) for n in top)
    fig, ax = plt.subplots(figsize=(10, 8), layout=ConstrainedLayoutEngine(rect=(0, 0.05, 1, 0.95)))
    pos = nx.shell_layout(H, [[center], top]) if top else {center: (0.0, 0.0)}
    most = max((sum(c.values()) for c in per.values()), default=1)
    for n in top:
        family = Counter({_family(r): k for r, k in per[n].items()}).most_common(1)[0][0]
        (x0, y0), (x1, y1) = pos[center], pos[n]
        ax.plot([x0, x1], [y0, y1], color=FAMILY_COLOURS[family], lw=1 + 4 * sum(per[n].values()) / most, zorder=1)
        text = ", ".join(f"{r} ×{k}" if k > 1 else r for r, k in per[n].most_common())
        ax.text((x0 + x1) / 2, (y0 + y1) / 2, text, fontsize=7, ha="center", va="center", color="#333333",
                bbox={"boxstyle": "round,pad=0.15", "fc": "white", "ec": "none", "alpha": 0.85}, zorder=3)
    colours = [NODE_COLOURS.get(G.nodes[n].get("label"), "#999999") for n in H]
    nx.draw_networkx_nodes(H, pos, ax=ax, node_color=colours, edgecolors="#333333",
                           node_size=[900 if n == center else 250 for n in H])
    for n in H:  # names outside the node, pushed away from the centre
        x, y = pos[n]
        dx, dy = (x, y) if n != center else (0.0, 1.0)
        norm = math.hypot(dx, dy) or 1.0
        ax.annotate(str(G.nodes[n].get("name", n)), (x, y), xytext=(18 * dx / norm, 18 * dy / norm),
                    textcoords="offset points", ha="left" if dx > 0.1 else "right" if dx < -0.1 else "center",
                    va="bottom" if dy > 0.1 else "top" if dy < -0.1 else "center", fontsize=9, zorder=4)
    shown = sum(sum(per[n].values()) for n in top)
    ax.set_title(f"{G.nodes[center].get('name', center)}: {shown} dated events with {len(top)} counterparts"
                 + (f" (top {len(top)} of {len(per)})" if len(per) > len(top) else ""))
    handles = [Line2D([], [], marker="o", ls="", color=c, markeredgecolor="#333333", markersize=9, label=label)
               for label, c in NODE_COLOURS.items()]
    handles += [Line2D([], [], color=c, lw=3, label=f"{family} relation") for family, c in FAMILY_COLOURS.items()]
    handles.append(Line2D([], [], color="#999999", lw=1, label="line width: number of events"))
    ax.legend(handles=handles, loc="upper left", fontsize=8, framealpha=0.9)
    ax.margins(0.25)
    ax.axis("off")
    _note(fig, notes or ([] if top else ["no dated, occurred events with other actors"]))
    fig.savefig(path, dpi=120)
    plt.close(fig)
    return path
