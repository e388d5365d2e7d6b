"""kg.textio's sidecar reader: the one place a `.meta.json` beside an input is found and read."""

from __future__ import annotations

from pathlib import Path

import pytest

from kg.textio import read_sidecar, sidecar_path


def test_the_sidecar_is_named_by_the_part_before_the_first_dot(tmp_path: Path) -> None:
    for name in ("a.jsonl", "a.txt", "a.export.CSV.zip"):
        assert sidecar_path(tmp_path / name) == tmp_path / "a.meta.json"


def test_read_sidecar(tmp_path: Path) -> None:
    article = tmp_path / "story.txt"
    assert read_sidecar(article) is None
    (tmp_path / "story.meta.json").write_text('{"id": "s1", "published": "2022-07-29"}', encoding="utf-8")
    assert read_sidecar(article) == {"id": "s1", "published": "2022-07-29"}


@pytest.mark.parametrize("content", [b"[1, 2]", b"{not json", b"\xff\xfe{}"])
def test_a_bad_sidecar_is_a_value_error_naming_it(tmp_path: Path, content: bytes) -> None:
    (tmp_path / "story.meta.json").write_bytes(content)
    with pytest.raises(ValueError, match=r"story\.meta\.json"):
        read_sidecar(tmp_path / "story.txt")
