"""Dyad × window aggregates (what `kg spark aggregate` writes) as the analysis' `CountryEvents`.

Each aggregate row stands for `count` events between two countries (already rolled up, domestic and
country-less events left out) in one window, of one relation and family, with their Goldstein sum.
The country graph of a window is then the same as from the events themselves, as long as the analysis
windows are unions of the aggregate's windows (day aggregates serve every window).
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pandas as pd
import pyarrow.parquet as pq

from kg.analysis.projection import CountryEvents, goldstein_micro

__all__ = ["AGGREGATE_COLUMNS", "FAMILIES", "is_aggregates", "read_aggregates"]

AGGREGATE_COLUMNS = ("window_start", "a", "b", "relation", "family", "count", "goldstein_sum", "goldstein_mean")
FAMILIES = {"cooperative": True, "conflictual": False, "unknown": None}
META_FILE = "_kg_aggregates.json"  # beside the Parquet files: the window and the dropped-event counts


def _files(path: Path) -> list[Path]:
    return sorted(path.rglob("*.parquet")) if path.is_dir() else [path]


def is_aggregates(path: Path) -> bool:
    """Whether `path` (a Parquet file or a folder of them) holds aggregates rather than a snapshot."""
    files = _files(path)
    if not files or files[0].suffix != ".parquet":
        return False
    return set(AGGREGATE_COLUMNS) <= set(pq.read_schema(files[0]).names)


def read_aggregates(path: Path, date_from: dt.date | None = None, date_to: dt.date | None = None) -> CountryEvents:
    frames = [pd.read_parquet(f, columns=list(AGGREGATE_COLUMNS)) for f in _files(path)]
    table = pd.concat(frames, ignore_index=True) if frames else pd.DataFrame(columns=list(AGGREGATE_COLUMNS))
    table["window_start"] = pd.to_datetime(table["window_start"]).dt.date
    if date_from is not None:
        table = table[table["window_start"] >= date_from]
    if date_to is not None:
        table = table[table["window_start"] <= date_to]
    table = table.sort_values(["window_start", "a", "b", "relation", "family"], kind="stable")
    meta_path = (path if path.is_dir() else path.parent) / META_FILE
    meta = json.loads(meta_path.read_text(encoding="utf-8")) if meta_path.exists() else {}
    return CountryEvents(
        days=list(table["window_start"]), a=list(table["a"]), b=list(table["b"]), relation=list(table["relation"]),
        cooperative=[FAMILIES.get(f) for f in table["family"]],
        count=[int(c) for c in table["count"]],
        goldstein_micro=[goldstein_micro(g) for g in table["goldstein_sum"]],
        dropped_no_country=int(meta.get("dropped_no_country", 0)),
        dropped_domestic=int(meta.get("dropped_domestic", 0)),
    )
