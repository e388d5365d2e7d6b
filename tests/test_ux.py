"""Issue #17, the analyst's first hour: names instead of codes, one-line errors, readable tables, honest plots."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import click
import pytest
from click.testing import CliRunner, Result
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kg.cli.common import cell
from kg.cli.main import DEFAULT_BATCH_SIZE, LOADER_NAMES, main
from kg.store import cypher, queries
from kg.store.loading import load_files, load_reference
from kg.store.params import parse_types, plover_categories
from kg.store.writer import DEFAULT_BATCH_SIZE as WRITER_BATCH_SIZE
from loaders import LOADERS
from tests.conftest import Neo4jTarget

REPO = Path(__file__).resolve().parent.parent
SEED = REPO / "examples" / "seed-events.jsonl"

# A value each parameter type must refuse before any Cypher runs.
BAD_VALUES: dict[str, list[str]] = {
    "date": ["yesterday", "2022-13-45", "22/02/2022"],
    "int": ["-1", "99999999999999999999", "ten"],
    "bool": ["maybe"],
    "country": ["Xyzzyland", ""],
    "org": ["NATTO", ""],
    "plover": ["NOPE"],
    "person": ["x" * 300, ""],
    "actor": ["x" * 300, ""],
    "str": ["x" * 300, ""],
}


def _one_line_error(result: Result) -> None:
    """Non-zero exit, no traceback, and the error is one line."""
    assert result.exit_code != 0, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    assert "Traceback" not in result.output
    errors = [line for line in result.stderr.splitlines() if line.strip()]
    assert len([line for line in errors if line.startswith("Error")]) == 1, result.stderr
    assert len(errors) <= 3, result.stderr  # click's usage errors add "Usage:" and "Try … -h" lines


def _invoke(*args: str, env: dict[str, str] | None = None) -> Result:
    return CliRunner().invoke(main, list(args), env={"COLUMNS": "80", **(env or {})}, catch_exceptions=True)


@pytest.fixture
def seeded(db: Any, database: str, neo4j_target: Neo4jTarget, tmp_path: Path,
           monkeypatch: pytest.MonkeyPatch) -> dict[str, str]:
    load_reference(db, database)
    load_files(db, database, "events", [SEED], rejects=tmp_path / "rejects.txt")
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("KG_HOME", str(tmp_path / "kg-home"))
    return neo4j_target.env


# --- parameters: typed, validated, names resolved -----------------------------------------------

def test_every_library_parameter_is_typed() -> None:
    for query in queries.library().values():
        assert set(query.types) == set(query.params), query.name


def test_cli_constants_follow_the_library() -> None:
    assert set(LOADER_NAMES) == set(LOADERS) and DEFAULT_BATCH_SIZE == WRITER_BATCH_SIZE


def test_parse_types_reads_ranges() -> None:
    types = parse_types("limit=int 1..100 country=country")
    assert (types["limit"].low, types["limit"].high, types["country"].kind) == (1, 100, "country")
    with pytest.raises(ValueError):
        parse_types("x=colour")


@pytest.mark.parametrize("name", sorted(queries.library()))
def test_every_query_refuses_bad_values_of_every_parameter_in_one_line(name: str) -> None:
    query = queries.library_query(name)
    for param, kind in query.types.items():
        for bad in BAD_VALUES[kind.kind]:
            if bad == "" and query.params[param] is None:
                continue  # an empty optional filter means "no filter"
            result = _invoke("query", name, "-p", f"{param}={bad}", env={"NEO4J_URI": "neo4j://127.0.0.1:9"})
            _one_line_error(result)
            assert result.exit_code == 2 and param in result.stderr, (name, param, bad, result.stderr)


def test_unknown_parameter_and_unknown_query_are_one_line_errors() -> None:
    _one_line_error(_invoke("query", "who-met", "-p", "nation=RUS"))
    _one_line_error(_invoke("query", "who-met", "-p", "country"))
    _one_line_error(_invoke("query", "no-such-query"))
    _one_line_error(_invoke("browser", "--query", "no-such-query"))


def test_an_unknown_name_gets_the_closest_matches_and_exit_2() -> None:
    result = _invoke("query", "members", "-p", "org=NATTO")
    _one_line_error(result)
    assert result.exit_code == 2 and "did you mean NATO?" in result.stderr
    result = _invoke("report", "--country", "Rusia2")
    assert result.exit_code == 2 and "did you mean Russia?" in result.stderr


def _typed_options(command: click.Command) -> list[click.Option]:
    return [p for p in command.params if isinstance(p, click.Option) and not p.is_flag and not p.hidden
            and p.name not in ("help",)]


def _bad_option_values(option: click.Option) -> list[str]:
    kind = option.type
    if isinstance(kind, click.Choice):
        return ["no-such-choice"]
    if isinstance(kind, click.DateTime):
        return ["yesterday"]
    if isinstance(kind, click.IntRange | click.FloatRange) or kind in (click.INT, click.FLOAT):
        return ["-1x", "lots"]
    if isinstance(kind, click.Path) and kind.exists:
        return ["/no/such/path"]
    if kind.name == "country":
        return ["Xyzzyland"]
    return []


def _commands(group: click.Group, prefix: tuple[str, ...] = ()) -> list[tuple[tuple[str, ...], click.Command]]:
    found = []
    for name, command in group.commands.items():
        if isinstance(command, click.Group):
            found += _commands(command, (*prefix, name))
        else:
            found.append(((*prefix, name), command))
    return found


def test_every_command_refuses_bad_option_values_in_one_line(tmp_path: Path) -> None:
    """Every typed option of every `kg` command, given a bad value: one error line, no traceback."""
    existing = tmp_path / "in.jsonl"
    existing.write_text("")
    checked = 0
    for path, command in _commands(main):
        required = [p for p in command.params if isinstance(p, click.Argument) and p.required]
        args = [str(existing) if isinstance(a.type, click.Path) else "x" for a in required]
        for option in _typed_options(command):
            for bad in _bad_option_values(option):
                result = _invoke(*path, option.opts[0], bad, *args, env={"NEO4J_URI": "neo4j://127.0.0.1:9"})
                _one_line_error(result)
                checked += 1
    assert checked >= 30, checked


# --- against the graph ---------------------------------------------------------------------------

def test_names_codes_and_metonyms_give_the_same_rows(seeded: dict[str, str]) -> None:
    by_code = _invoke("query", "who-met", "-p", "country=RUS", "--format", "json", env=seeded)
    assert by_code.exit_code == 0, by_code.output
    rows = json.loads(by_code.stdout)
    assert rows
    for name in ("Russia", "the Kremlin", "russia"):
        result = _invoke("query", "who-met", "-p", f"country={name}", "--format", "json", env=seeded)
        assert json.loads(result.stdout) == rows, name
    result = _invoke("query", "members", "-p", "org=North Atlantic Treaty Organization", "--format", "json",
                     env=seeded)
    assert any(r["member"] == "Türkiye" for r in json.loads(result.stdout))
    timeline = _invoke("query", "person-timeline", "-p", "person=Russia's foreign minister", "--format", "json",
                       env=seeded)
    assert len(json.loads(timeline.stdout)) >= 5


def test_undated_events_leave_date_filters_and_a_footer_counts_them(seeded: dict[str, str]) -> None:
    args = ("query", "who-met", "-p", "country=RUS", "-p", "since=2022-01-01", "--format", "json")
    dated = json.loads(_invoke(*args, env=seeded).stdout)
    everything = json.loads(_invoke(*args, "-p", "include_undated=true", env=seeded).stdout)
    undated = [r for r in everything if not r["date"]]
    assert undated and all(r["date"] for r in dated) and len(everything) == len(dated) + len(undated)
    table = _invoke("query", "who-met", "-p", "country=RUS", "-p", "since=2022-01-01", env=seeded)
    assert f"({len(undated)} undated events not shown; -p include_undated=true)" in table.stdout
    members = json.loads(_invoke("query", "members-met", "-p", "org=NATO", "-p", "country=RUS", "-p",
                                 "include_undated=true", "--format", "json", env=seeded).stdout)
    assert any(not r["date"] for r in members)  # the same rule in members-met


def test_tables_fit_80_columns_with_whole_headers(seeded: dict[str, str]) -> None:
    for args in (("query", "who-met", "-p", "country=Russia"), ("query", "--list"), ("report", "--country", "RUS"),
                 ("query", "member-imports", "-p", "org=Quad", "-p", "exporter=Russia"),
                 ("analyze", "centrality", "--country", "Russia", "--since", "2022-01-01", "--until", "2022-08-31")):
        result = _invoke(*args, env=seeded)
        assert result.exit_code == 0, result.output
        assert max(len(line) for line in result.stdout.splitlines()) <= 80, args
    who = _invoke("query", "who-met", "-p", "country=RUS", env=seeded).stdout
    header = next(line for line in who.splitlines() if line.startswith("counterpart"))
    assert header.split() == ["counterpart", "country", "met_with", "relation", "status", "date", "source"]
    assert "2022-07-29" in who  # dates never split over two lines


def test_numbers_dates_and_missing_values_read_as_people_write_them(seeded: dict[str, str]) -> None:
    assert (cell(12000000.0), cell(None), cell(0.1234), cell(3), cell(["a", "b"])) == (
        "12,000,000", "", "0.1234", "3", "a, b")
    imports = _invoke("query", "member-imports", "-p", "org=Quad", "-p", "exporter=RUS", env=seeded).stdout
    assert "12,000,000" in imports and "12000000.0" not in imports
    rows = json.loads(_invoke("query", "member-imports", "-p", "org=Quad", "-p", "exporter=RUS", "--format", "json",
                              env=seeded).stdout)
    assert {r["period_from"] for r in rows} <= {"2021", "2022"}  # year-precision dates print as years
    partners = json.loads(_invoke("query", "partners", "-p", "country=RUS", "--format", "json", env=seeded).stdout)
    assert all(r["goldstein_sum"] is None for r in partners)  # article events carry no Goldstein score


def test_empty_result_says_no_rows_and_why(seeded: dict[str, str]) -> None:
    result = _invoke("query", "who-met", "-p", "country=RUS", "-p", "since=2030-01-01", env=seeded)
    assert result.exit_code == 0 and "no rows" in result.stdout and "since=2030-01-01" in result.stdout


def test_article_office_and_reference_tenure_are_one_row(seeded: dict[str, str]) -> None:
    rows = json.loads(_invoke("query", "office-holders", "-p", "holder=Russia", "--format", "json",
                              env=seeded).stdout)
    people = [r["person"] for r in rows]
    assert len(people) == len(set(people)) and "Sergey Lavrov" in people
    lavrov = next(r for r in rows if r["person"] == "Sergey Lavrov")
    assert set(lavrov["sources"]) == {"reference", "seed-article"} and lavrov["since"]


def test_every_format_everywhere(seeded: dict[str, str]) -> None:
    for args in (("query", "partners"), ("report",), ("analyze", "ego", "--actor", "Sergey Lavrov"),
                 ("analyze", "centrality", "--since", "2022-01-01", "--until", "2022-03-31")):
        for fmt in ("json", "csv", "table"):
            result = _invoke(*args, "--format", fmt, env=seeded)
            assert result.exit_code == 0, (args, fmt, result.output)
        json.loads(_invoke(*args, "--format", "json", env=seeded).stdout)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(name=st.sampled_from(sorted(queries.library())), data=st.data())
def test_random_parameter_values_never_crash_kg_query(seeded: dict[str, str], name: str, data: Any) -> None:
    query = queries.library_query(name)
    args = ["query", name]
    for param in data.draw(st.lists(st.sampled_from(sorted(query.params) or ["x"]), max_size=3, unique=True)):
        value = data.draw(st.one_of(st.text(max_size=30), st.integers().map(str), st.dates().map(str),
                                    st.sampled_from(["Russia", "NATO", "true", "2022-02", "-1", "null"])))
        args += ["-p", f"{param}={value}"]
    result = _invoke(*args, "--format", "json", env=seeded)
    if result.exit_code == 0:
        assert isinstance(json.loads(result.stdout), list)
    else:
        _one_line_error(result)
        assert result.exit_code == 2


# --- analysis --------------------------------------------------------------------------------------

def test_centrality_over_a_range_without_events_gives_empty_windows_and_a_note(seeded: dict[str, str]) -> None:
    result = _invoke("analyze", "centrality", "--country", "Russia", "--since", "2030-01-01", "--until", "2030-03-31",
                     "--format", "json", env=seeded)
    assert result.exit_code == 0, result.output
    out = json.loads(result.stdout)
    assert len(out["windows"]) == 3 and all(w["rank_pagerank"] is None for w in out["windows"])
    assert any("3 of 3 windows have no events" in n for n in out["notes"])
    # The older spelling still works (hidden), and --json is --format json.
    old = _invoke("analyze", "centrality", "--country", "Russia", "--from", "2030-01-01", "--to", "2030-03-31",
                  "--json", env=seeded)
    assert old.exit_code == 0 and json.loads(old.stdout) == out
    inverted = _invoke("analyze", "centrality", "--since", "2030-03-31", "--until", "2030-01-01", env=seeded)
    assert inverted.exit_code == 2 and "--since 2030-03-31 is after --until 2030-01-01" in inverted.stderr


def test_ego_prints_counterparts_and_what_it_left_out(seeded: dict[str, str], tmp_path: Path) -> None:
    result = _invoke("analyze", "ego", "--actor", "Russia's foreign minister", "--format", "json", env=seeded)
    assert result.exit_code == 0, result.output
    out = json.loads(result.stdout)
    shown = sum(r["events"] for r in out["counterparts"])
    left = out["left_out"]
    assert shown + left["undated"] + left["not_counted_status"] + left["outside_range"] == left["total"]
    assert left["undated"] > 0 and f"{shown} of {left['total']} events shown" in out["notes"][0]
    plot = tmp_path / "ego.png"
    drawn = _invoke("analyze", "ego", "--actor", "Sergey Lavrov", "--plot", str(plot), env=seeded)
    assert drawn.exit_code == 0 and "left out" in drawn.stdout and plot.stat().st_size > 10_000
    missing = _invoke("analyze", "ego", "--actor", "Sergei Lavrof", env=seeded)
    assert missing.exit_code == 2 and "did you mean Sergey Lavrov?" in missing.stderr


def test_rank_panels_have_gaps_not_rank_one_for_empty_windows(tmp_path: Path) -> None:
    import datetime as dt
    import math

    import matplotlib.pyplot as plt

    from kg.analysis import plots
    from kg.analysis.report import CentralityReport

    rows = [{"start": f"2022-0{m}-01", "events": e, "rank_pagerank": 1 if e else 3, "rank_strength": 1 if e else 3,
             "rank_partners": 1 if e else 3, "countries": 2 if e else 0, "strength": e, "isolation_index": 0.0}
            for m, e in ((1, 2), (2, 0), (3, 1))]
    captured: dict[str, Any] = {}
    original = plt.Figure.savefig

    def keep(fig: Any, *args: Any, **kwargs: Any) -> None:
        captured["axes"] = fig.axes
        original(fig, *args, **kwargs)

    plt.Figure.savefig = keep  # type: ignore[method-assign]
    try:
        plots.plot_centrality(CentralityReport("RUS", rows), tmp_path / "c.png", notes=["1 of 3 windows empty"])
    finally:
        plt.Figure.savefig = original  # type: ignore[method-assign]
    rank_axis = captured["axes"][0]
    pagerank = rank_axis.get_lines()[0].get_ydata()
    assert math.isnan(pagerank[1]) and pagerank[0] == 1
    low, high = rank_axis.get_ylim()
    assert low > high  # inverted: rank 1 at the top
    assert rank_axis.get_legend() is not None and rank_axis.get_ylabel() and dt.date  # labelled, with a legend


# --- resolver, Browser, frictions ----------------------------------------------------------------

def test_titles_resolve_without_type() -> None:
    result = _invoke("resolve", "President Zelenskyy")
    assert result.exit_code == 0 and "Volodymyr Zelensky" in result.stdout


def test_browser_style_is_grass_only_and_queries_paste_with_params() -> None:
    style = _invoke("browser", "--style").stdout
    assert "/*" not in style and style.lstrip().startswith("node {")
    text = _invoke("browser", "--query", "who-met").stdout
    lines = text.splitlines()
    params = [line for line in lines if line.startswith(":param ")]
    assert [p.split()[1] for p in params] == list(queries.library_query("who-met").params)
    assert all(p.endswith(";") for p in params) and lines[: len(params)] == params
    assert ":param country => 'RUS';" in params and not any(line.startswith("//") for line in lines)
    assert cypher.library_query("who-met").body.splitlines()[0] in text


def test_plover_categories_come_from_the_reference_data() -> None:
    assert "SANCTION" in plover_categories() and "CONSULT" in plover_categories()
