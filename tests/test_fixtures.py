"""The dataset fixtures are what tests/make_dataset_fixtures.py cuts from ../shared, byte for byte."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests import make_dataset_fixtures as maker
from tests.conftest import DATASETS, FIXTURES


def test_every_fixture_has_its_source_layout() -> None:
    names = {str(p.relative_to(FIXTURES)) for p in FIXTURES.rglob("*") if p.is_file()} - {"README.md"}
    expected = {c.path for c in maker.CUTS} | set(maker.ALIGNED) | {
        "icews18/entity2id.txt", "icews18/relation2id.txt", "cameo/icews_cameo_codes.csv", "cameo/CAMEO.knowngroup.txt"}
    assert names == expected


def test_cut_keeps_header_head_and_selected_lines_in_order() -> None:
    lines = [b"h\n", *(f"{i} {'x' if i % 3 == 0 else 'y'}\n".encode() for i in range(20))]
    cut = maker.Cut("f", head=2, header=1, keep=lambda line: "x" in line, extra=3)
    # header, 2 first, then 3 of the 6 later "x" lines (indices 4, 7, 10, 13, 16, 19), spread evenly
    assert maker.cut_lines(lines, cut) == [0, 1, 2, 4, 10, 16]


@pytest.mark.shared("datasets/icews14/text/test.txt", "datasets/icews18/valid.txt", "datasets/gdelt",
                    "datasets/icews-raw", "datasets/cameo")
def test_regenerating_gives_the_committed_fixtures(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(maker, "OUT", tmp_path)
    written = maker.make(DATASETS)
    assert written
    for path in written:
        committed = FIXTURES / path.relative_to(tmp_path)
        assert committed.read_bytes() == path.read_bytes(), f"{committed} is stale: run tests/make_dataset_fixtures.py"
