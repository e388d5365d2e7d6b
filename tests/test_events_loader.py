"""The native events format: good rows map to events, every bad row is a reject with file:line."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from kg.rows import Reject, Row
from loaders.events import parse

EXAMPLES = Path(__file__).parent.parent / "examples"


def _split(path: Path, **kwargs: str) -> tuple[list[Row], list[Reject]]:
    items = list(parse(path, **kwargs))
    return [i for i in items if isinstance(i, Row)], [i for i in items if isinstance(i, Reject)]


def test_seed_events_parse_completely_with_their_source() -> None:
    rows, rejects = _split(EXAMPLES / "seed-events.jsonl", source="seed-article")
    assert not rejects
    assert len(rows) == 40
    by_id = {r.event.event_id: r.event for r in rows}
    call = by_id["seed-article#g03"]
    assert (call.relation, call.subject.id, call.object.id) == (
        "CALLED", "person:antony-blinken", "person:sergey-lavrov")
    assert str(call.date) == "2022-07-27" and call.status == "planned"
    oil = by_id["seed-article#g21"]
    assert oil.relation == "IMPORTS_FROM" and oil.commodity == "crude oil" and oil.quantity == 60_000_000
    assert (str(oil.since), str(oil.until), oil.date, oil.date_precision) == ("2022-01-01", "2022-12-31", None, "year")
    assert json.loads(oil.attrs_json or "{}")["period"] == "2022 to date"


def test_csv_and_jsonl_give_the_same_event(tmp_path: Path) -> None:
    (tmp_path / "a.jsonl").write_text(json.dumps({
        "subject": {"name": "India", "type": "Country"}, "relation": "imports_from", "object": "Russia",
        "date": "2022-06", "attrs": {"commodity": "crude oil", "quantity": 5, "unit": "barrels"}}) + "\n")
    (tmp_path / "a.csv").write_text("subject,subject_type,relation,object,date,commodity,quantity,unit\n"
                                    "India,Country,IMPORTS_FROM,Russia,2022-06,crude oil,5,barrels\n")
    (from_jsonl,), _ = _split(tmp_path / "a.jsonl", source="s")
    (from_csv,), _ = _split(tmp_path / "a.csv", source="s")
    assert from_jsonl.event == from_csv.event
    assert from_csv.event.since is not None and from_csv.event.date_precision == "month"


def test_ids_are_deterministic_and_symmetric_relations_ignore_direction(tmp_path: Path) -> None:
    lines = [{"subject": "Russia", "relation": "MET", "object": "India", "date": "2022-07-01"},
             {"subject": "India", "relation": "MET", "object": "Russia", "date": "2022-07-01"},
             {"subject": "India", "relation": "SANCTIONED", "object": "Russia", "date": "2022-07-01"},
             {"subject": "Russia", "relation": "SANCTIONED", "object": "India", "date": "2022-07-01"}]
    path = tmp_path / "sym.jsonl"
    path.write_text("\n".join(json.dumps(line) for line in lines))
    rows, rejects = _split(path, source="s")
    assert not rejects
    ids = [r.event.event_id for r in rows]
    assert ids[0] == ids[1] and ids[2] != ids[3]
    assert rows[0].event == rows[1].event  # stored in one direction: the same edge
    assert [r.event.event_id for r in _split(path, source="s")[0]] == ids


@pytest.mark.parametrize(("name", "good", "expected"), [
    ("malformed.jsonl", 2, [(2, "invalid JSON"), (3, "expected a JSON object")]),
    ("crlf.jsonl", 2, []),
    ("bom.jsonl", 2, []),
    ("not-utf8.jsonl", 2, [(2, "not UTF-8")]),
    ("empty.jsonl", 0, [(1, "no events")]),
    ("impossible-date.jsonl", 1, [(2, "does not exist"), (3, "is not YYYY-MM-DD")]),
    ("future-date.jsonl", 1, [(1, "in the future")]),
    ("unknown-actor.jsonl", 1, [(2, "unknown country 'Atlantis'"), (3, "give its type"), (4, "ambiguous")]),
    ("duplicate-ids.jsonl", 2, [(3, "was used on line 1 for a different event")]),
    ("bad-fields.jsonl", 0, [(1, "unknown relation 'HUGGED'"), (2, "Extra inputs"), (3, "status"),
                             (4, "MEMBER_OF needs Organization as object"), (5, "Wizard")]),
    ("wrong-columns.csv", 1, [(3, "4 columns, the header has 6"), (4, "India, the republic"), (5, "7 columns")]),
    ("quoted-newline.csv", 2, []),
    ("bad-header.csv", 0, [(1, "bad header")]),
    ("injection.jsonl", 8, []),
])
def test_bad_input_corpus(name: str, good: int, expected: list[tuple[int, str]]) -> None:
    path = Path(__file__).parent / "data" / "bad" / name
    rows, rejects = _split(path)
    assert len(rows) == good
    assert [(r.line, r.path) for r in rejects] == [(line, str(path)) for line, _ in expected]
    for reject, (_, words) in zip(rejects, expected, strict=True):
        assert words in reject.reason or words in (reject.column or ""), str(reject)
        assert str(reject).startswith(f"{path}:{reject.line}: ")


def test_quoted_multiline_csv_rows_keep_their_starting_line(tmp_path: Path) -> None:
    path = tmp_path / "ml.csv"
    path.write_text('subject,relation,object,evidence\nRussia,MET,India,"a\nb\nc"\nRussia,MET,Nowhereland,x\n')
    _, rejects = _split(path)
    assert [r.line for r in rejects] == [5]


def test_truncated_gzip_keeps_rows_before_the_damage() -> None:
    rows, rejects = _split(Path(__file__).parent / "data" / "bad" / "truncated.jsonl.gz")
    assert len(rows) > 100 and len(rejects) == 1
    assert "truncated" in rejects[0].reason and rejects[0].line == len(rows) + 1


def test_a_10_mb_field_is_rejected_by_name(tmp_path: Path) -> None:
    path = tmp_path / "huge.jsonl"
    with path.open("w") as handle:
        handle.write(json.dumps({"subject": "Russia", "relation": "MET", "object": "India"}) + "\n")
        handle.write(json.dumps({"subject": "Russia", "relation": "MET", "object": "China",
                                 "evidence": "x" * 10_000_000}) + "\n")
    rows, rejects = _split(path)
    assert len(rows) == 1
    assert rejects[0].line == 2 and rejects[0].column == "evidence" and "at most" in rejects[0].reason
