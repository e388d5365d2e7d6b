"""The Spark job (local[2]) against the Python loaders on cuts of ICEWS18, raw ICEWS and GDELT (tests/data/datasets):
the same rows, ids, properties and rejects; the same neo4j-admin CSV rows as `kg export admin-import`; and
aggregates that give the analysis the same country graphs as the events themselves."""

from __future__ import annotations

import csv
import datetime as dt
import gzip
import json
import math
import os
import shutil
import zipfile
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import networkx as nx
import pytest
from click.testing import CliRunner
from neo4j import GraphDatabase

from kg.analysis.aggregates import is_aggregates, read_aggregates
from kg.analysis.projection import country_events
from kg.analysis.report import centrality_over_time
from kg.analysis.windows import windows
from kg.cli.main import EXIT_REJECTED, main
from kg.reference import reference_data
from kg.rows import Reject, Row, Skip
from kg.spark.mapping import LINE_COLUMNS, python_records
from kg.store.export import write_admin_import
from kg.store.writer import merge_node_props
from loaders import gdelt, icews
from tests.conftest import FIXTURES, graph_digest, local_test_server, read_test_cypher

# Cuts of ICEWS18, raw ICEWS and GDELT (tests/data/datasets); KG_DATASETS=../shared/datasets runs the whole files.
DATASETS = Path(os.environ.get("KG_DATASETS", FIXTURES))
pyspark = pytest.importorskip("pyspark", reason="pyspark comes with the [spark] and [dev] extras")

from kg.spark.job import input_files, map_events, run, session  # noqa: E402

SLICE = 1_500  # lines per ICEWS18 file: CI time; benchmarks/spark_icews18.py runs the whole files
CHUNK = 100  # small chunks, so one file is mapped by several tasks as at full scale


@pytest.fixture(scope="module")
def spark() -> Iterator[Any]:
    spark_session = session("local[2]")
    yield spark_session
    spark_session.stop()


def _head(source: Path, target: Path, lines: int | None = None, extra: str = "") -> Path:
    target.parent.mkdir(parents=True, exist_ok=True)
    with source.open("rb") as handle:
        text = b"".join(line for _, line in zip(range(lines or 10**9), handle, strict=False))
    target.write_bytes(text + extra.encode("cp1252"))
    return target


@pytest.fixture(scope="module")
def inputs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, list[Path]]:
    root = tmp_path_factory.mktemp("spark-inputs")
    shutil.copytree(DATASETS / "cameo", root / "cameo")
    bad_text = ("Russia\tMake a visit\n"  # too few columns
                "Russia\tDance wildly\tChina\t2018-05-01\n"  # unknown event text
                "\n"  # an empty line still counts as a line
                "Citizen (Côte d'Ivoire)\tMake a visit\tChina\t2018-05-01\n")  # Windows-1252: re-read
    text = _head(DATASETS / "icews18" / "text" / "valid.txt", root / "icews18" / "text" / "valid.txt", SLICE, bad_text)
    ids = _head(DATASETS / "icews18" / "valid.txt", root / "icews18" / "valid.txt", SLICE)
    for name in ("entity2id.txt", "relation2id.txt"):
        shutil.copy(DATASETS / "icews18" / name, root / "icews18" / name)
    raw_lines = (DATASETS / "icews-raw" / "events.2018.sample.tab").read_text(encoding="utf-8").splitlines(True)
    raw = root / "icews-raw" / "events.2018.sample.tab"
    raw.parent.mkdir()
    raw.write_text("".join(raw_lines[:900] + raw_lines[5:7]), encoding="utf-8")  # two repeated event ids
    sample = DATASETS / "gdelt" / "20150218230000.export.CSV"
    folder = root / "gdelt"
    folder.mkdir()
    zipped = folder / "20150218231500.export.CSV.zip"
    with zipfile.ZipFile(zipped, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("20150218231500.export.CSV", sample.read_bytes()[:300_000].rsplit(b"\n", 1)[0] + b"\n")
    truncated = folder / "20150218233000.export.CSV.gz"
    truncated.write_bytes(gzip.compress(sample.read_bytes()[:100_000])[:-300])
    empty = folder / "20150218234500.export.CSV"
    empty.write_bytes(b"")
    return {"icews": [text, ids, raw], "gdelt": [sample, zipped, truncated, empty]}


def _norm(record: dict[str, Any]) -> dict[str, Any]:
    out = {}
    for name, _ in LINE_COLUMNS:
        value = record.get(name)
        out[name] = None if isinstance(value, float) and math.isnan(value) else value
    return out


def _python_records(loader: str, paths: list[Path]) -> list[dict[str, Any]]:
    parse = icews.parse if loader == "icews" else gdelt.parse
    records = []
    for index, path in enumerate(paths):
        records += [_norm(r) for r in python_records(parse(path), lambda _, i=index: i)]
    return records


def _key(record: dict[str, Any]) -> tuple[Any, ...]:
    return record["file_idx"], record["line"], record["record_kind"], record["reason"] or ""


@pytest.mark.parametrize("loader", ["icews", "gdelt"])
def test_spark_rows_equal_the_python_loaders(spark: Any, inputs: dict[str, list[Path]], loader: str) -> None:
    paths = inputs[loader]
    context = input_files(loader, [str(p) for p in paths])
    context.chunk_lines = CHUNK
    got = sorted((_norm(r.asDict()) for r in map_events(spark, context).collect()), key=_key)
    want = sorted(_python_records(loader, paths), key=_key)
    assert len(got) == len(want)
    assert got == want  # ids, every property, the roll-up, and each reject's file, line, column and reason
    kinds = Counter(r["record_kind"] for r in got)
    assert kinds["row"] > 0 and kinds["reject"] > 0
    if loader == "gdelt":
        reasons = " ".join(r["reason"] for r in got if r["reason"])
        assert "truncated" in reasons and "empty" in reasons and "one-sided event" in reasons
        assert kinds["skip"] > 0  # domestic events: neither an edge nor a reject, in Spark as in `kg load`
    else:
        assert {r["path"] for r in got if r["reason"] and "repeats line" in r["reason"]} == {str(paths[2])}


def _csv_rows(paths: list[Path]) -> tuple[list[str], Counter[tuple[str, ...]]]:
    rows: Counter[tuple[str, ...]] = Counter()
    header: list[str] = []
    for number, path in enumerate(paths):
        with path.open(newline="", encoding="utf-8") as handle:
            lines = list(csv.reader(handle))
        if number == 0:
            header, lines = lines[0], lines[1:]
        rows.update(tuple(line) for line in lines)
    return header, rows


def _by_writer_rules(rows: list[Row]) -> tuple[list[Row], list[Row], list[Row]]:
    """(rows written, the last version of each edge, rows rejected) by the writer's rules: a (type, event id) keeps
    the endpoints of its first version and the properties of its last."""
    first_ends: dict[tuple[str, str], tuple[str, str]] = {}
    last: dict[tuple[str, str], Row] = {}
    written, conflicts = [], []
    for row in rows:
        key, ends = (row.event.relation, row.event.event_id), (row.event.subject.id, row.event.object.id)
        if first_ends.setdefault(key, ends) != ends:
            conflicts.append(row)
            continue
        written.append(row)
        last[key] = row
    return written, list(last.values()), conflicts


def _actor_graph(rows: list[Row]) -> nx.MultiDiGraph:
    """What `kg analyze` projects from a graph holding these rows and the reference offices."""
    G = nx.MultiDiGraph()
    written, edges, _ = _by_writer_rules(rows)
    for row in written:
        for actor in (row.event.subject, row.event.object):  # as the writer merges a node's rows: smallest wins
            node = G.nodes[actor.id] if actor.id in G else G.add_node(actor.id, label=actor.label.value) or G.nodes[
                actor.id]
            node.update(merge_node_props({k: v for k, v in node.items() if k != "label"}, actor.node_properties()))
    for row in edges:
        event = row.event
        if event.status.value == "occurred":
            G.add_edge(event.subject.id, event.object.id, key=event.event_id, relation=event.relation,
                       day=event.date or event.since, goldstein=event.goldstein, quad_class=event.quad_class)
    for office in reference_data().offices:
        if office.person in G and not office.holder.startswith("org:"):
            G.add_node(office.holder, label="Country", iso3=office.holder)
            G.add_edge(office.person, office.holder, relation="HOLDS_OFFICE", since=office.since, until=office.until)
    return G


def _graph_edges(G: nx.Graph) -> dict[tuple[str, str], tuple[int, int, int, float]]:
    return {tuple(sorted((u, v))): (d["count"], d["cooperative"], d["conflictual"], round(d["goldstein"], 6))
            for u, v, d in G.edges(data=True)}


def test_admin_csvs_and_aggregates_equal_the_python_path(spark: Any, inputs: dict[str, list[Path]],
                                                         tmp_path: Path) -> None:
    paths = inputs["icews"]
    result = run(spark, "icews", [str(p) for p in paths], tmp_path / "out", outputs=("admin", "aggregates"))
    python_rows = [r for p in paths for r in icews.parse(p)]
    files = write_admin_import(iter(python_rows), tmp_path / "python")
    _, edges, conflicts = _by_writer_rules([r for r in python_rows if isinstance(r, Row)])
    assert result.events == files.relationships_written == len(edges)
    assert conflicts  # the text and id layouts resolve "Holy See (Vatican City State)" to different actors
    assert result.rejected == files.rejected == sum(type(r) is Reject for r in python_rows) + len(conflicts)
    assert result.skipped == files.skipped == sum(isinstance(r, Skip) for r in python_rows)
    for name, python_file in (("nodes", files.nodes), ("sources", files.sources),
                              ("relationships", files.relationships)):
        folder = tmp_path / "out" / "admin" / name
        spark_header, spark_rows = _csv_rows([folder / "header.csv", *sorted(folder.glob("part-*.csv"))])
        python_header, rows = _csv_rows([python_file])
        assert spark_header == python_header
        assert spark_rows == rows, name

    aggregates = tmp_path / "out" / "aggregates"
    assert is_aggregates(aggregates)
    from_aggregates = read_aggregates(aggregates)
    from_events = country_events(_actor_graph([r for r in python_rows if isinstance(r, Row)]))
    assert from_aggregates.events == from_events.events > 0
    assert (from_aggregates.dropped_no_country, from_aggregates.dropped_domestic) == (
        from_events.dropped_no_country, from_events.dropped_domestic)
    first, last = from_events.span() or (dt.date.min, dt.date.max)
    for window in [None, *windows(first, last, "week")]:
        assert _graph_edges(from_aggregates.graph(window)) == _graph_edges(from_events.graph(window))

    # `kg analyze centrality --snapshot OUT/aggregates`: the numbers the events themselves give, without Neo4j.
    answer = CliRunner().invoke(main, ["analyze", "centrality", "--country", "USA", "--window", "month",
                                       "--snapshot", str(aggregates), "--format", "json"])
    assert answer.exit_code == 0, answer.output
    expected = centrality_over_time(from_events, "USA", windows(first, last, "month")).rows
    got = json.loads(answer.output)["windows"]
    assert [r["window"] for r in got] == [r["window"] for r in expected]
    # windows without events are blank in the CLI's output (no rank, no centrality), so compare the others
    assert [(r["window"], r["events"], r["partners"], r["pagerank"]) for r in got if r["events"]] == [
        (r["window"], r["events"], r["partners"], round(r["pagerank"], 4)) for r in expected if r["events"]]
    assert sum(r["events"] for r in got) > 0


@pytest.mark.neo4j
def test_kg_server_import_loads_the_spark_admin_csvs(spark: Any, inputs: dict[str, list[Path]],
                                                     tmp_path: Path) -> None:
    result = run(spark, "gdelt", [str(p) for p in inputs["gdelt"]], tmp_path / "out", outputs=("admin",))
    server = local_test_server(tmp_path / "home")
    server.admin_import(tmp_path / "out" / "admin", overwrite=True)  # neo4j-admin refuses bad or dangling rows
    server.start()
    try:
        s = server.settings
        with GraphDatabase.driver(s.uri, auth=("neo4j", s.password)) as driver:
            edges = driver.execute_query(read_test_cypher("count_edges.cypher")).records[0]["n"]
            nodes = driver.execute_query(read_test_cypher("count_nodes.cypher")).records[0]["n"]
    finally:
        server.stop()
    assert edges == result.events > 0
    assert nodes == result.outputs["admin"]["nodes"] + result.outputs["admin"]["sources"]


# --- one input with conflicting repeats: `kg load`, `kg export admin-import` and the Spark job give one graph ---

# Two files of the same dataset and split (icews18:valid): line n of each is the same event id. The second
# re-sends line 1 with another date, line 2 with another object (the writer refuses it: the event id already
# names an edge), and lines 3-4 with the other spelling of an actor whose id ignores the parentheses.
_FIRST_FILE = ["Pope Francis\tMake a visit\tIreland\t2018-08-29",
               "Ireland\tHost a visit\tPope Francis\t2018-08-29",
               "Archbishop (Holy See Vatican City State)\tCriticize or denounce\tIreland\t2018-08-29",
               "Citizen (Holy See (Vatican City State))\tPraise or endorse\tIreland\t2018-08-29",
               "Ireland\tConsult\tChina\t2018-08-29"]
_SECOND_FILE = ["Pope Francis\tMake a visit\tIreland\t2018-08-30",
                "Ireland\tHost a visit\tJapan\t2018-08-29",
                "Archbishop (Holy See (Vatican City State))\tCriticize or denounce\tIreland\t2018-08-29",
                "Citizen (Holy See Vatican City State)\tPraise or endorse\tIreland\t2018-08-29",
                "Russia\tMake a visit"]

# (actor nodes: id → (labels, properties)), (edges: start|TYPE|event id|end → properties), sorted reject lines
_Graph = tuple[dict[str, tuple[tuple[str, ...], dict[str, str]]], dict[str, dict[str, str]], list[str]]


def _repeating_inputs(root: Path) -> list[Path]:
    shutil.copytree(FIXTURES / "cameo", root / "cameo")
    paths = []
    for name, lines in (("first", _FIRST_FILE), ("second", _SECOND_FILE)):
        path = root / name / "icews18" / "text" / "valid.txt"
        path.parent.mkdir(parents=True)
        path.write_text("".join(f"{line}\n" for line in lines), encoding="utf-8")
        paths.append(path)
    return paths


def _loaded_graph(driver: Any, database: str, rejects: Path) -> _Graph:
    nodes, edges = {}, {}
    for kind, key, labels, props in graph_digest(driver, database):
        if kind == "edge":
            edges[key] = dict(props)
        elif "Actor" in labels:
            nodes[key] = (tuple(sorted(labels)), {k: v for k, v in props if k != "id"})
    return nodes, edges, sorted(rejects.read_text(encoding="utf-8").splitlines())


def _admin_graph(node_files: list[Path], relationship_files: list[Path], rejects: list[str]) -> _Graph:
    nodes, edges = {}, {}
    header, rows = _csv_rows(node_files)
    for row in rows:
        cells = dict(zip(header, row, strict=True))
        node_id, labels = cells.pop("id:ID(Actor)"), tuple(sorted(cells.pop(":LABEL").split(";")))
        nodes[node_id] = (labels, {k: v for k, v in cells.items() if v})
    header, rows = _csv_rows(relationship_files)
    for row in rows:
        cells = dict(zip(header, row, strict=True))
        ends = cells.pop(":START_ID(Actor)"), cells.pop(":END_ID(Actor)"), cells.pop(":TYPE")
        props = {k.split(":")[0]: v for k, v in cells.items() if v}
        edges[f"{ends[0]}|{ends[2]}|{props['event_id']}|{ends[1]}"] = props
    return nodes, edges, sorted(rejects)


def _spark_admin_graph(out: Path) -> _Graph:
    def parts(name: str) -> list[Path]:
        return [out / "admin" / name / "header.csv", *sorted((out / "admin" / name).glob("part-*.csv"))]

    rejects = []
    for part in sorted((out / "rejects").glob("part-*.csv")):
        with part.open(newline="", encoding="utf-8") as handle:
            rejects += [str(Reject(r["path"], int(r["line"]), r["reason"], r["column"] or None))
                        for r in csv.DictReader(handle)]
    return _admin_graph(parts("nodes"), parts("relationships"), rejects)


@pytest.mark.neo4j
def test_conflicting_repeats_give_the_writers_graph_through_all_three_paths(
        spark: Any, db: Any, database: str, run_cli: Any, tmp_path: Path) -> None:
    first, second = _repeating_inputs(tmp_path / "in")
    loaded = run_cli("load", "icews", str(first), str(second), "--rejects", str(tmp_path / "load.rejects"), "--quiet")
    assert loaded.exit_code == EXIT_REJECTED, loaded.output  # done, with rows rejected
    want = _loaded_graph(db, database, tmp_path / "load.rejects")

    exported = run_cli("export", "admin-import", str(tmp_path / "export"), "--loader", "icews", str(first),
                       str(second), "--rejects", str(tmp_path / "export.rejects"))
    assert exported.exit_code == 0, exported.output
    export_rejects = (tmp_path / "export.rejects").read_text(encoding="utf-8").splitlines()
    assert _admin_graph([tmp_path / "export" / "nodes.csv"], [tmp_path / "export" / "relationships.csv"],
                        export_rejects) == want

    run(spark, "icews", [str(first), str(second)], tmp_path / "spark", outputs=("admin",))
    assert _spark_admin_graph(tmp_path / "spark") == want

    # What the writer made of the repeats (so the three cannot agree on something else).
    nodes, edges, rejects = want
    assert edges["person:pope-francis|VISITED|icews18:valid#1|IRL"]["date"] == "2018-08-30"  # the last version
    assert "IRL|HOSTED|icews18:valid#2|person:pope-francis" in edges and "JPN" not in nodes  # the first endpoints
    assert any(line.startswith(f"{second}:2: event_id: event id 'icews18:valid#2'") for line in rejects)
    assert any(line.startswith(f"{second}:5: ") for line in rejects) and len(rejects) == 2
    for actor in ("archbishop", "citizen"):  # the smallest spelling, wherever it came
        assert nodes[f"org:{actor}-holy-see-vatican-city-state"][1]["name"].endswith("(Holy See (Vatican City State))")
