"""`kg analyze` and `kg snapshot` against the real test database: online and offline give the same numbers."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from kg.analysis.projection import country_events
from kg.store.projection import actor_graph
from kg.store.projection import country_events as server_country_events
from tests.conftest import FIXTURES

ICEWS14_TEST = FIXTURES / "icews14" / "text" / "test.txt"  # a cut of December 2014 that keeps the US's events


def test_centrality_online_equals_snapshot_and_plots(run_cli: Any, db: Any, tmp_path: Path) -> None:
    assert run_cli("load", "icews", str(ICEWS14_TEST)).exit_code == 0
    online = run_cli("analyze", "centrality", "--country", "USA", "--window", "month", "--format", "json",
                     "--split", "2014-12-15", "--plot", str(tmp_path / "usa.png"))
    assert online.exit_code == 0, online.output
    data = json.loads(online.output.split("plot written")[0])
    assert [w["window"] for w in data["windows"]] == ["2014-12-01..2014-12-31"]
    assert data["windows"][0]["events"] > 100 and data["windows"][0]["rank_strength"] <= 10
    assert data["comparison"]["partners_before"] and data["comparison"]["change"]
    assert (tmp_path / "usa.png").stat().st_size > 10_000

    for suffix in (".graphml", ".parquet"):
        snap = tmp_path / f"snap{suffix}"
        assert run_cli("snapshot", "export", str(snap)).exit_code == 0
        offline = run_cli("analyze", "centrality", "--country", "USA", "--format", "json", "--split", "2014-12-15",
                          "--snapshot", str(snap))
        assert json.loads(offline.output)["windows"] == data["windows"]
        assert json.loads(offline.output)["comparison"] == data["comparison"]


def test_compare_and_ego_on_the_seed(run_cli: Any, db: Any, tmp_path: Path) -> None:
    seed = Path(__file__).parent.parent / "examples" / "seed-events.jsonl"
    assert run_cli("load", "events", str(seed)).exit_code == 0
    result = run_cli("analyze", "compare", "--country", "RUS", "--at", "2022-07-01", "--days", "200",
                     "--format", "json")
    comparison = json.loads(result.output)
    # Lavrov's dated contacts (the planned call is not counted) roll up to Russia through his office.
    assert {p["partner"] for p in comparison["partners_after"]} >= {"UZB", "USA"}
    # Before: the 2022-02-15 Blinken-Lavrov call and India's two 2022 import facts, which are dated by the
    # start of their period (2022-01-01).
    assert comparison["before"]["events"] == 3
    ego = run_cli("analyze", "ego", "--actor", "Sergey Lavrov", "--plot", str(tmp_path / "ego.png"))
    assert ego.exit_code == 0 and (tmp_path / "ego.png").exists()
    alias = run_cli("analyze", "ego", "--actor", "Lavrov")  # names resolve like `kg resolve`: aliases, titles
    assert alias.exit_code == 0 and "Sergey Lavrov" in alias.output
    missing = run_cli("analyze", "ego", "--actor", "Sergei Lavrof", "--plot", str(tmp_path / "x.png"))
    assert missing.exit_code == 2 and "did you mean Sergey Lavrov" in missing.output


def test_snapshot_import_restores_the_edges(run_cli: Any, db: Any, tmp_path: Path) -> None:
    seed = Path(__file__).parent.parent / "examples" / "seed-events.jsonl"
    run_cli("load", "events", str(seed))
    snap = tmp_path / "seed.graphml"
    run_cli("snapshot", "export", str(snap))
    before = json.loads(run_cli("analyze", "centrality", "--country", "RUS", "--format", "json").output)
    db.execute_query("MATCH (n) DETACH DELETE n")
    result = run_cli("snapshot", "import", str(snap))
    assert result.exit_code == 0, result.output
    after = json.loads(run_cli("analyze", "centrality", "--country", "RUS", "--format", "json").output)
    assert after["windows"] == before["windows"]


def test_server_rolls_up_like_python_through_offices(run_cli: Any, db: Any, database: str) -> None:
    seed = Path(__file__).parent.parent / "examples" / "seed-events.jsonl"
    assert run_cli("load", "events", str(seed)).exit_code == 0
    on_server = server_country_events(db, database)
    assert on_server == country_events(actor_graph(db, database))
    # Lavrov's meeting in Tashkent reaches the server's aggregate as Russia's, through his office that day.
    assert ("RUS", "UZB") in set(zip(on_server.a, on_server.b, strict=True)) | set(
        zip(on_server.b, on_server.a, strict=True))
    assert on_server.events >= 5
