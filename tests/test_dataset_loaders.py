"""ICEWS and GDELT loaders on cuts of the real files (tests/data/datasets), on damaged copies of them, and on
the whole files in ../shared/datasets (tests marked `shared`)."""

from __future__ import annotations

import gzip
from collections import Counter
from pathlib import Path

import pytest
from neo4j import Driver

from kg.rows import Reject, Row, Skip
from kg.store.loading import load_files
from loaders import gdelt, icews
from loaders.cameo import DOMESTIC, CameoMap, find_codebook
from loaders.gdelt import ONE_SIDED, REGION, ROLE_ONLY
from tests.conftest import DATASETS as FULL
from tests.conftest import FIXTURES as DATASETS


def _split(items: object) -> tuple[list[Row], list[Reject]]:
    rows = list(items)  # type: ignore[call-overload]
    return [r for r in rows if isinstance(r, Row)], [r for r in rows if isinstance(r, Reject)]


def _lines(path: Path) -> int:
    return sum(1 for line in path.open(encoding="utf-8", errors="replace") if line.strip())


def test_cameo_mapping_follows_the_table() -> None:
    cameo = CameoMap(find_codebook(DATASETS / "icews18" / "train.txt"))
    assert (cameo.by_code("036").relation, cameo.by_code("036").status) == ("MET", "planned")
    assert cameo.by_code("042").relation == "VISITED" and cameo.by_code("043").relation == "HOSTED"
    assert cameo.by_code("163").relation == "SANCTIONED" and cameo.by_code("163").plover == "SANCTION"
    assert cameo.by_code("0874").relation == "INTERACTED_WITH"  # no type of our own: kept, not dropped
    assert cameo.by_code("040").plover == "CONSULT" and cameo.by_code("040").quad_class == 1
    assert cameo.by_code("173").quad_class == 4 and cameo.by_code("173").relation == "DETAINED"
    assert cameo.by_name("Make a visit").cameo == "042"
    assert cameo.by_name("Threaten non force").relation == "THREATENED"  # RE-GCN dropped the hyphen
    with pytest.raises(ValueError, match="unknown CAMEO code '999'"):
        cameo.by_code("999")


_ICEWS_FILES = ("icews14/text/test.txt", "icews18/valid.txt", "icews-raw/events.2018.sample.tab")


@pytest.mark.parametrize("path", [
    *(pytest.param(DATASETS / name, id=f"cut:{name}") for name in _ICEWS_FILES),
    *(pytest.param(FULL / name, id=f"full:{name}", marks=pytest.mark.shared(f"datasets/{name}"))
      for name in _ICEWS_FILES),
])
def test_icews_layouts_parse_every_line(path: Path) -> None:
    rows, rejects = _split(icews.parse(path))
    header = 1 if path.suffix == ".tab" else 0
    assert len(rows) + len(rejects) == _lines(path) - header
    # Nothing is refused; events whose two actors are one ("EU … EU") are skipped as out of scope, not rejected.
    assert all(isinstance(r, Skip) for r in rejects), [r for r in rejects if not isinstance(r, Skip)][:3]
    assert len({r.event.event_id for r in rows}) == len(rows)


def test_icews_text_and_id_layouts_are_the_same_events() -> None:
    text_rows, text_rejects = _split(icews.parse(DATASETS / "icews18" / "text" / "valid.txt"))
    id_rows, id_rejects = _split(icews.parse(DATASETS / "icews18" / "valid.txt"))
    text = {r.event.event_id: r.event for r in text_rows}
    ids = {r.event.event_id: r.event for r in id_rows}
    # The two layouts name a few entities differently ("Holy See (Vatican City State)" in the text layout, where
    # entity2id has another name), so a row may be a self-loop in one layout only; nothing else may differ.
    self_loops = {f"icews18:valid#{r.line}" for r in text_rejects + id_rejects if isinstance(r, Skip)}
    differ = text.keys() ^ ids.keys()
    assert differ <= self_loops, sorted(differ - self_loops)[:5]
    assert len(differ) <= 2
    text = {k: v for k, v in text.items() if k in ids}
    same = sum(1 for k in text if (text[k].relation, text[k].date) == (ids[k].relation, ids[k].date))
    assert same == len(text)


def test_icews_actors_map_to_countries_bodies_and_people() -> None:
    rows, _ = _split(icews.parse(DATASETS / "icews-raw" / "events.2018.sample.tab"))
    first = rows[0].event  # Foreign Affairs (Bangladesh) consults High Ranking Military Personnel (Vietnam)
    assert first.event_id == "icews:32889836:2018-06-01" and first.cameo == "040" and first.relation == "MET"
    assert (first.subject.label, first.subject.country, first.subject.kind) == ("Organization", "BGD", "government")
    assert first.subject_role == "Executive,Foreign Ministry,Government" and first.goldstein == 1.0
    labels = Counter(r.event.subject.label.value for r in rows)
    assert labels["Country"] > 0 and labels["Person"] > 0 and labels["Organization"] > 0
    trump = next(r.event for r in rows if r.event.subject.name == "Donald Trump")
    assert trump.subject.label == "Person" and trump.subject.country == "USA"


@pytest.mark.parametrize("path", [
    pytest.param(DATASETS / "gdelt" / "20150218230000.export.CSV", id="cut"),
    pytest.param(FULL / "gdelt" / "20150218230000.export.CSV", id="full",
                 marks=pytest.mark.shared("datasets/gdelt/20150218230000.export.CSV")),
])
def test_gdelt_sample_counts_add_up_and_codes_are_kept(path: Path) -> None:
    rows, rejects = _split(gdelt.parse(path))
    assert len(rows) + len(rejects) == _lines(path)
    assert len(rows) > _lines(path) / 10
    # Skipped, not rejected: one-sided events (no second actor, so no edge), exactly the lines that code one actor
    # only, and domestic events (USA→USA), exactly the lines whose two actors have one country.
    lines = [line.split("\t") for line in path.read_text().splitlines()]
    one_sided = sum(1 for f in lines if not (f[5] or f[7] or f[8]) or not (f[15] or f[17] or f[18]))
    domestic = sum(1 for f in lines if f[7] and f[7] == f[17])
    skips = Counter(r.reason for r in rejects if isinstance(r, Skip))
    assert skips[ONE_SIDED] == one_sided > 0 and skips[DOMESTIC] == domestic > 0
    # And events with an actor no state or known group stands for ("POLICE" alone, the region "EUR"): well-formed.
    assert skips[ROLE_ONLY] > 0 and set(skips) <= {ONE_SIDED, DOMESTIC, ROLE_ONLY, REGION}
    assert not [r for r in rejects if not isinstance(r, Skip)]  # the sample is clean GDELT: nothing to reject
    event = rows[0].event
    assert event.event_id.startswith("gdelt:") and event.cameo and event.quad_class and event.plover
    assert event.source_url and event.source_url.startswith("http")
    assert all(r.event.subject.label in ("Country", "Organization") for r in rows)


def _damaged(tmp_path: Path, name: str, lines: list[str], encoding: str = "utf-8") -> Path:
    path = tmp_path / name
    path.write_bytes("".join(lines).encode(encoding))
    return path


def test_icews_bad_rows_are_rejected_with_their_line(tmp_path: Path) -> None:
    source = (DATASETS / "icews14" / "text" / "test.txt").read_text().splitlines(keepends=True)[:5]
    bad = [
        source[0].replace("\n", "\r\n"),                      # 1 CRLF: fine
        "Russia\tMake a visit\n",                             # 2 too few columns
        "Russia\tDance wildly\tChina\t2014-05-01\n",          # 3 unknown event text
        "Russia\tMake a visit\tChina\t2014-02-30\n",          # 4 impossible date
        "Russia\t\"Make\ta visit\"\tChina\t2014-05-01\n",     # 5 a quoted tab splits a field
        "Citizen (Côte d'Ivoire)\tMake a visit\tChina\t2014-05-01\n",  # 6 Windows-1252 byte: re-read, fine
        "\tMake a visit\tChina\t2014-05-01\n",                # 7 no subject
    ]
    path = _damaged(tmp_path, "test.txt", bad, encoding="cp1252")
    (tmp_path / "cameo").mkdir()
    (tmp_path / "cameo" / "icews_cameo_codes.csv").write_bytes(
        (DATASETS / "cameo" / "icews_cameo_codes.csv").read_bytes())
    rows, rejects = _split(icews.parse(path))
    assert [r.line for r in rows] == [1, 6]
    assert rows[1].event.subject.country == "CIV"
    assert [(r.line, r.reason.split(" ")[0]) for r in rejects] == [
        (2, "2"), (3, "unknown"), (4, "date"), (5, "5"), (7, "empty")]


def test_gdelt_bad_rows_and_a_truncated_gzip(tmp_path: Path) -> None:
    lines = (DATASETS / "gdelt" / "20150218230000.export.CSV").read_text().splitlines(keepends=True)
    good = next(line for line in lines if line.split("\t")[7] and line.split("\t")[17])
    fields = good.rstrip("\n").split("\t")
    unknown_code = "\t".join([*fields[:26], "999", *fields[27:]]) + "\n"
    region = "\t".join([*fields[:7], "EUR", *fields[8:]]) + "\n"
    path = _damaged(tmp_path, "x.export.CSV", [good, good, "only\tthree\tcolumns\n", unknown_code, region])
    rows, rejects = _split(gdelt.parse(path))
    assert len(rows) == 2 and rows[0].event.event_id == rows[1].event.event_id  # a repeat: one edge
    assert [(r.line, r.reason[:18]) for r in rejects] == [
        (3, "3 columns; GDELT 2"), (4, "unknown CAMEO code"), (5, REGION[:18])]
    assert isinstance(rejects[2], Skip) and not isinstance(rejects[0], Skip)
    gz = tmp_path / "y.export.CSV.gz"
    gz.write_bytes(gzip.compress("".join(lines[:300]).encode())[:-200])
    rows, rejects = _split(gdelt.parse(gz))
    assert "truncated" in rejects[-1].reason


def test_icews_loads_with_counts_matching_lines_minus_rejects(db: Driver, database: str, tmp_path: Path) -> None:
    path = DATASETS / "icews14" / "text" / "test.txt"
    summary = load_files(db, database, "icews", [path], rejects=tmp_path / "r.txt")[0]
    edges = db.execute_query("MATCH ()-[r]->() RETURN count(r) AS n", database_=database).records[0]["n"]
    assert edges == summary.rows_written == _lines(path) - summary.rejected - sum(summary.skipped.values())
    assert summary.rejected == 0  # its self-loops are skipped as internal events (`summary.skipped`), not rejected
    again = load_files(db, database, "icews", [path], force=True)[0]
    assert again.counters["relationships_created"] == 0 and again.counters["nodes_created"] == 0
    gdelt_summary = load_files(db, database, "gdelt", [DATASETS / "gdelt"], rejects=tmp_path / "g.txt")[0]
    sample = DATASETS / "gdelt" / "20150218230000.export.CSV"
    why = gdelt_summary.skipped
    skipped = sum(why.values())
    assert why[DOMESTIC] > 0 and why[ONE_SIDED] > 0 and set(why) <= {DOMESTIC, ONE_SIDED, ROLE_ONLY, REGION}
    assert gdelt_summary.rows_written + skipped == _lines(sample) and gdelt_summary.rejected == 0
    manifest = db.execute_query("MATCH (l:Load {loader: 'gdelt'}) RETURN l.skipped AS n, l.skipped_why AS why",
                                database_=database).records[0]
    assert manifest["n"] == skipped
    assert sorted(manifest["why"]) == sorted(f"{n} {reason}" for reason, n in why.items())
    assert not (tmp_path / "g.txt").exists()  # skips are not written as rejects, and nothing else was rejected


def test_gdelt_1_layouts_58_and_57_columns(tmp_path: Path) -> None:
    """No GDELT 1.0 file is in ../shared, so its layouts are made from a 2.0 row (drop the three ADM2 columns,
    and SOURCEURL for files before April 2013)."""
    lines = (DATASETS / "gdelt" / "20150218230000.export.CSV").read_text().splitlines()
    good = next(line for line in lines if line.split("\t")[7] and line.split("\t")[17])
    by_name = dict(zip(gdelt.GDELT2_COLUMNS, good.split("\t"), strict=True))
    v58 = "\t".join(by_name[c] for c in gdelt.GDELT1_COLUMNS)
    v57 = "\t".join(by_name[c] for c in gdelt.GDELT1_COLUMNS[:-1])
    path = tmp_path / "20130401.export.CSV"
    path.write_text(v58 + "\n" + v57 + "\n")
    rows, rejects = _split(gdelt.parse(path))
    assert not rejects and len(rows) == 2
    assert rows[0].event.source_url == by_name["SOURCEURL"] and rows[1].event.source_url is None
    assert rows[0].event.cameo == by_name["EventCode"] and rows[0].event.subject.id == rows[1].event.subject.id
