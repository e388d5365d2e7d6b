"""`kg`: the command line. Each command parses options, calls one library function, prints the result.

Exit codes: 0 done; 1 error; 2 usage; 3 loaded, but some rows were rejected (see the reject file);
4 `--strict` found bad rows and wrote nothing; 75 Neo4j unreachable, retry (down, or went away mid-load: re-run
to resume); 77 credentials refused; 78 settings to fix; 124 a query ran past KG_QUERY_TIMEOUT
(kg.store.errors maps them).
"""

from __future__ import annotations

import json
import sys
from collections import Counter
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from kg.cli.analyze import analyze, snapshot
from kg.cli.common import (
    App,
    BadInput,
    CountryName,
    F,
    KgGroup,
    err_console,
    output_options,
    pass_app,
    print_rows,
    server_errors,
)
from kg.cli.extract import evaluate_command, extract
from kg.cli.gdelt import fetch, follow
from kg.cli.nlp import nlp
from kg.cli.spark import spark
from kg.ontology import NodeLabel
from kg.store import queries

if TYPE_CHECKING:
    from kg.store.server import LocalServer
    from kg.store.writer import LoadSummary

# Modules that import pydantic models, rich's progress bars, networkx or the server are imported inside the
# commands that use them, so `kg --help`, `kg query --list` and `kg resolve` start fast (benchmarks/startup.py).

EXIT_REJECTED = 3
EXIT_STRICT = 4
EXIT_RESUMABLE = 75
DEFAULT_BATCH_SIZE = 5_000  # kg.store.writer.DEFAULT_BATCH_SIZE (tests/test_ux.py keeps them equal)
LOADER_NAMES = ("article", "events", "gdelt", "icews")  # loaders.LOADERS (tests/test_ux.py keeps them equal)
REPO_ROOT = Path(__file__).resolve().parents[2]  # kg/cli/main.py → the checkout

@click.group(cls=KgGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="diplomatic-kg")
@click.option("--env-file", type=click.Path(dir_okay=False, path_type=Path),
              help="Read NEO4J_* settings from this file (default: KG_ENV_FILE, else the project's .env).")
@click.pass_context
def main(ctx: click.Context, env_file: Path | None) -> None:
    """A diplomatic relationship knowledge graph on Neo4j.

    Connection settings come from NEO4J_URI, NEO4J_USERNAME, NEO4J_PASSWORD and NEO4J_DATABASE;
    without NEO4J_URI, `kg` uses the local server that `kg server` runs.
    """
    app = App(env_file)
    ctx.obj = app
    ctx.call_on_close(app.close)


# --- server -----------------------------------------------------------------------------------

@main.group()
def server() -> None:
    """Run a local Neo4j 5.26 Community server (built from Maven Central, no Docker needed)."""


@server.command("install")
@pass_app
@server_errors
def server_install(app: App) -> None:
    """Resolve Neo4j with Maven (once), write neo4j.conf and set the admin password."""
    from kg.store.server import LocalServer

    local = LocalServer(app.settings)
    home = local.install()
    click.echo(f"Neo4j installed: home {home}, jars {local.lib_dir}")
    if app.settings.neo4j_password is None:
        click.echo(f"The generated password is in {app.settings.password_file} (mode 0600); kg reads it from there.")


@server.command("start")
@click.option("--timeout", default=180.0, show_default=True, help="Seconds to wait for Bolt.")
@pass_app
@server_errors
def server_start(app: App, timeout: float) -> None:
    """Start the local server (installing it first if needed) and wait until it answers."""
    from kg.store.server import LocalServer

    click.echo(_start_local(LocalServer(app.settings), timeout))


def _start_local(local: LocalServer, timeout: float = 180.0) -> str:
    """Start the local server; say so when it already ran, and announce the one-off Maven download."""
    status = local.status()
    if status.running:
        return f"Neo4j is already running (pid {status.pid}): Bolt {status.bolt}, Browser {status.browser_url}"
    if not (local.lib_dir / ".complete").exists():
        err_console.print(f"First start: downloading Neo4j 5.26 from Maven Central with mvn (about 140 MB, once; "
                          f"cached in {local.lib_dir}). This takes a minute or two.")
        with err_console.status("resolving Neo4j jars with Maven…"):
            local.install_libs()
    seconds = local.start(timeout=timeout)
    status = local.status()
    return (f"Neo4j is running (pid {status.pid}, started in {seconds:.1f}s): Bolt {status.bolt}, "
            f"Browser {status.browser_url}")


@server.command("stop")
@pass_app
@server_errors
def server_stop(app: App) -> None:
    """Stop the local server (only the process in its PID file)."""
    from kg.store.server import LocalServer

    stopped = LocalServer(app.settings).stop()
    click.echo("Neo4j stopped." if stopped else "Neo4j was not running.")


@server.command("status")
@pass_app
def server_status(app: App) -> None:
    """Say whether the local server runs, with its addresses; exit 1 if it does not."""
    from kg.store.server import LocalServer

    status = LocalServer(app.settings).status()
    if status.running:
        click.echo(f"running: pid {status.pid}, Bolt {status.bolt}, Browser {status.browser_url}, home {status.home}")
    else:
        click.echo(f"not running ({'installed' if status.installed else 'not installed'}; home {status.home})")
        sys.exit(1)


@server.command("import")
@click.argument("directory", type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option("--overwrite", is_flag=True, help="Replace the database, even if it holds data.")
@pass_app
@server_errors
def server_import(app: App, directory: Path, overwrite: bool) -> None:
    """Bulk-import CSVs of `kg export admin-import` into the stopped local server (first loads only)."""
    from kg.store.server import LocalServer

    seconds = LocalServer(app.settings).admin_import(directory, overwrite=overwrite)
    click.echo(f"Imported in {seconds:.1f}s. Now `kg server start` and `kg init` (constraints and indexes).")


@server.command("logs")
@click.option("-n", "--lines", default=50, show_default=True)
@pass_app
def server_logs(app: App, lines: int) -> None:
    """Print the end of the server's neo4j.log."""
    from kg.store.server import LocalServer

    click.echo(LocalServer(app.settings).logs(lines))


# --- schema and loading -----------------------------------------------------------------------

@main.command("init")
@pass_app
def init(app: App) -> None:
    """Create the constraints and indexes (idempotent)."""
    from kg.store.schema import apply_schema

    count = apply_schema(app.driver, app.database)
    click.echo(f"Schema in place: {count} constraints and indexes.")


@main.command("schema")
@click.option("--doc", is_flag=True, help="Print the ontology as Markdown instead of the Cypher.")
def schema(doc: bool) -> None:
    """Print the schema `kg init` applies (paste into Browser), or the ontology."""
    from kg import ontology
    from kg.store.schema import schema_statements

    click.echo(ontology.markdown() if doc else ";\n".join(schema_statements()) + ";")


@main.group()
def load() -> None:
    """Load events into the graph (idempotent and resumable; bad rows go to a reject file)."""


def load_options(func: F) -> F:
    options = [
        click.argument("paths", nargs=-1, required=True, type=click.Path(exists=True, path_type=Path)),
        click.option("--source", help="Source id for rows that name none (default: from the file name)."),
        click.option("--rejects", type=click.Path(path_type=Path), default=None,
                     help="One file listing the rejected rows of all inputs (file:line: column: reason); default: "
                          "one list per input under KG_HOME/rejects/, named after the input."),
        click.option("--strict", is_flag=True, help="Check every row first; write nothing if any is bad."),
        click.option("--force", is_flag=True, help="Load again even if this file was loaded completely."),
        click.option("--batch-size", default=DEFAULT_BATCH_SIZE, show_default=True, type=click.IntRange(1)),
        click.option("--json", "as_json", is_flag=True, help="Print the summary as JSON."),
        click.option("--quiet", is_flag=True, help="No progress bar."),
    ]
    for option in reversed(options):
        func = option(func)
    return func


def _run_load(app: App, loader: str, paths: tuple[Path, ...], source: str | None, rejects: Path | None, strict: bool,
              force: bool, batch_size: int, as_json: bool, quiet: bool,
              parse_options: dict[str, Any] | None = None) -> None:
    from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn

    from kg.store.loading import load_files
    from kg.store.writer import LoadInterrupted, LoadRefused, StrictModeRejected
    from loaders import BadInput as BadLoadInput

    show = not (quiet or as_json) and sys.stderr.isatty()
    progress = Progress(TextColumn("[bold]loading"), BarColumn(), TextColumn("{task.fields[rows]} rows"),
                        TextColumn("{task.fields[rate]} rows/s"), TimeElapsedColumn(),
                        console=err_console, disable=not show)
    task = progress.add_task("load", total=None, rows=0, rate=0)

    def on_batch(summary: LoadSummary) -> None:
        progress.update(task, rows=summary.rows_written, rate=f"{summary.rows_per_second:,.0f}")

    rejects_dir = app.settings.kg_home / "rejects"
    try:
        with progress:
            summaries = load_files(app.driver, app.database, loader, list(paths), source=source, rejects=rejects,
                                   rejects_dir=rejects_dir, strict=strict, force=force, batch_size=batch_size,
                                   on_batch=on_batch, parse_options=parse_options)
    except StrictModeRejected as exc:
        where = rejects or f"{rejects_dir}/ (one list per input)"
        err_console.print(f"[red]--strict:[/] {exc}. The reasons are in {where}.")
        sys.exit(EXIT_STRICT)
    except (BadLoadInput, LoadRefused) as exc:
        raise click.ClickException(str(exc)) from None
    except LoadInterrupted as exc:
        err_console.print(f"[red]interrupted:[/] {exc}")
        sys.exit(EXIT_RESUMABLE)
    except FileNotFoundError as exc:
        raise click.ClickException(str(exc)) from None
    rejected = sum(s.rejected for s in summaries if s.status != "already loaded")  # this run's rejects only
    unresolved: Counter[str] = sum((s.unresolved for s in summaries), Counter())
    if as_json:
        click.echo(json.dumps([s.as_dict() for s in summaries], indent=2))
    else:
        for s in summaries:
            click.echo(f"{s.path}: {s.status}; {s.rows_written} rows in graph, {s.rejected} rejected, "
                       f"{s.counters['nodes_created']} nodes and {s.counters['relationships_created']} edges "
                       f"created in {s.seconds:.1f}s ({s.rows_per_second:,.0f} rows/s)")
            for line in s.skipped_lines():  # out of scope, not bad input: no reject, no exit 3
                click.echo(f"  skipped {line}")
            if loader == "article" and s.path:
                source_id = _source_id(loader, Path(s.path), source)
                click.echo(f"  source id {source_id} (remove with `kg unload --source {source_id}`)")
        if unresolved:
            top = ", ".join(f"{name} ({count})" for name, count in unresolved.most_common(8))
            err_console.print(f"{sum(unresolved.values())} rows with unresolved actors ({len(unresolved)} distinct "
                              f"names); most frequent: {top}")
    if rejected:
        lists = sorted({s.rejects_file for s in summaries if s.rejects_file})
        click.echo(f"{rejected} row{'s' if rejected > 1 else ''} rejected; see {', '.join(lists)}", err=True)
        sys.exit(EXIT_REJECTED)


def _source_id(loader: str, path: Path, source: str | None) -> str:
    """The source id a load gave a file's rows: --source, else its .meta.json sidecar's, else from its name."""
    from loaders import source_for

    return source_for(loader, path, source)


@load.command("events")
@load_options
@pass_app
def load_events(app: App, /, **options: Any) -> None:
    """Load files in the project's events format (JSONL or CSV; see docs/events-format.md)."""
    _run_load(app, "events", **options)


@load.command("article")
@load_options
@click.option("--published", type=click.DateTime(formats=["%Y-%m-%d"]),
              help="Publication date relative dates resolve against (default: the .meta.json sidecar's).")
@click.option("--url", help="The article's URL, recorded on its Source node.")
@pass_app
def load_article(app: App, /, published: Any, url: str | None, **options: Any) -> None:
    """Extract events from news articles (.txt) and load them; the article becomes their Source node.

    Loading an article again after the extractor changed replaces its events.
    """
    _run_load(app, "article", **options, parse_options={
        "published": published.date() if published else None, "url": url})


@load.command("reference")
@click.option("--force", is_flag=True, help="Write again even if this version is loaded.")
@pass_app
def load_reference_command(app: App, force: bool) -> None:
    """Load the shipped reference data: countries, organizations, dated memberships and offices."""
    from kg.store.loading import load_reference

    summary = load_reference(app.driver, app.database, force=force)
    click.echo(f"reference data: {summary.status}; {summary.rows_written} facts "
               f"({summary.counters['relationships_created']} new) in {summary.seconds:.1f}s")


@main.command("resolve")
@click.argument("name")
@click.option("--date", "day", type=click.DateTime(formats=["%Y-%m-%d"]),
              help="Resolve roles ('Russia's foreign minister') as of this day (default: today).")
@click.option("--type", "label", type=click.Choice([label.value for label in NodeLabel]),
              help="What the name is, if known.")
def resolve(name: str, day: Any, label: str | None) -> None:
    """Show what a name resolves to, and why (works offline)."""
    import datetime as dt

    from kg.resolve import Resolver, UnresolvedName

    resolver = Resolver()
    try:
        if label:
            result = resolver.resolve(name, NodeLabel(label))
        else:
            result = resolver.resolve_phrase(name, day.date() if day else dt.date.today())
    except UnresolvedName as exc:
        raise click.ClickException(str(exc)) from None
    ref = result.ref
    click.echo(f"{name!r} → {ref.label.value} {ref.id} ({ref.name}); how: {result.how}; "
               f"confidence {result.confidence:.2f}")


@load.command("icews")
@load_options
@pass_app
def load_icews(app: App, /, **options: Any) -> None:
    """Load ICEWS: Dataverse .tab files, or the ICEWS14/ICEWS18 benchmark files (text or id layout)."""
    _run_load(app, "icews", **options)


@load.command("gdelt")
@load_options
@pass_app
def load_gdelt(app: App, /, **options: Any) -> None:
    """Load GDELT 2.0 (61 columns) or 1.0 (57/58 columns) event exports, plain, .zip or .gz."""
    _run_load(app, "gdelt", **options)


@main.group("export")
def export() -> None:
    """Write the graph-to-be in other tools' formats."""


@export.command("admin-import")
@click.argument("out_dir", type=click.Path(file_okay=False, path_type=Path))
@click.option("--loader", type=click.Choice(LOADER_NAMES), required=True, help="How to read the inputs.")
@click.argument("paths", nargs=-1, required=True, type=click.Path(exists=True, path_type=Path))
@click.option("--rejects", type=click.Path(path_type=Path), default=None,
              help="One file listing the rejected rows of all inputs; default: one list per input under "
                   "KG_HOME/rejects/, as `kg load` writes them.")
@pass_app
def export_admin_import(app: App, out_dir: Path, loader: str, paths: tuple[Path, ...], rejects: Path | None) -> None:
    """Write neo4j-admin import CSVs (nodes, sources, relationships) for a first load of large data.

    Then: `kg server stop && kg server import OUT_DIR --overwrite && kg server start && kg init`.
    """
    from kg.store.export import admin_import
    from loaders import BadInput

    try:  # the reject rules of `kg load`: never an input, never inside an input folder, checked before reading
        files, written = admin_import(out_dir, loader, list(paths), rejects=rejects,
                                      rejects_dir=app.settings.kg_home / "rejects")
    except BadInput as exc:
        raise click.ClickException(str(exc)) from None
    lists = ", ".join(map(str, written))
    click.echo(f"{files.nodes_written} nodes and {files.relationships_written} relationships written to {out_dir}"
               f"; {files.rejected} rows rejected" + (f" (see {lists})" if lists else "")
               + (f"; {files.skipped} domestic events skipped" if files.skipped else ""))


# --- querying and reports ---------------------------------------------------------------------

def _parse_params(values: tuple[str, ...]) -> dict[str, str]:
    params = {}
    for item in values:
        if "=" not in item:
            raise BadInput(f"-p {item!r} is not KEY=VALUE (e.g. -p country=Russia)")
        key, value = item.split("=", 1)
        params[key.strip()] = value
    return params


@main.command("query")
@click.argument("name", required=False)
@click.option("--param", "-p", "params", multiple=True, metavar="KEY=VALUE",
              help="Set a parameter; countries, organizations and people by name (-p country=Russia).")
@click.option("--list", "list_queries", is_flag=True, help="List the queries and the question each answers.")
@output_options
@pass_app
def query(app: App, name: str | None, params: tuple[str, ...], list_queries: bool, fmt: str) -> None:
    """Run a named read-only query from the library (cypher/queries/NAME.cypher).

    Undated events pass a date filter (since, date_from, date_to) only with -p include_undated=true, and a
    footer counts those left out; planned events are listed by `kg query planned` only.
    """
    if list_queries or not name:
        rows = [{"name": q.name, "question": q.question,
                 "parameters": ", ".join(f"{k}={'' if v is None else v} ({q.types[k].kind})"
                                         for k, v in q.params.items())}
                for q in queries.library().values()]
        print_rows(["name", "question", "parameters"], rows, fmt, title="Query library")
        return
    try:
        values = queries.coerce_params(queries.library_query(name), _parse_params(params))
        result = queries.run_query(app.driver, app.database, name, values)
    except (KeyError, queries.QueryRefused) as exc:
        raise BadInput(str(exc).strip('"')) from None
    print_rows(result.columns, result.rows, fmt, title=name, hint=result.empty_hint(), notes=result.notes)


@main.command("report")
@click.option("--country", type=CountryName(), default="RUS", show_default=True,
              help="The country to profile: name or ISO3 code.")
@output_options
@pass_app
def report(app: App, country: str, fmt: str) -> None:
    """What is in the graph, and a country's partners and contacts."""
    from kg.store.report import country_report

    result = country_report(app.driver, app.database, country)
    if fmt == "json":
        click.echo(json.dumps(result.as_dict(), indent=2, default=str, ensure_ascii=False))
        return
    partners, contacts = result.partners, result.contacts
    print_rows(["kind", "name", "n"], result.counts, fmt, title="Graph contents")
    print_rows(partners.columns, partners.rows, fmt, title=f"Partners of {country}", hint=partners.empty_hint())
    print_rows(contacts.columns, contacts.rows, fmt, title=f"Who met {country} or its officials",
               hint=contacts.empty_hint())


@main.command("unload")
@click.option("--source", required=True, help="The source id whose contribution to remove.")
@pass_app
def unload(app: App, source: str) -> None:
    """Remove one source's edges, and the nodes left without edges (reference data stays)."""
    from kg.store import admin

    try:
        result = admin.unload_source(app.driver, app.database, source)
    except admin.UnknownSource as exc:
        raise click.ClickException(str(exc)) from None
    click.echo(f"Removed {result['edges']} edges and {result['nodes']} nodes of source {source!r}.")


@main.command("check")
@click.option("--repair", is_flag=True, help="Fix what is safe without the input files: finish interrupted unloads, "
              "delete orphan actors and Source nodes without edges, mark loads whose edges went missing for re-load.")
@output_options
@pass_app
def check(app: App, repair: bool, fmt: str) -> None:
    """Report the graph's integrity (and list the checks run); exit 1 if something is wrong."""
    from kg.store import admin

    result, repaired = admin.check(app.driver, app.database, repair=repair)
    if fmt == "json":
        click.echo(json.dumps({"ok": result.ok, "problems": result.problems, "checks": result.checks,
                               "repaired": repaired, "per_source": result.per_source}, indent=2, default=str))
    else:
        print_rows(["source", "type", "edges"], result.per_source, fmt, title="Edges per source")
        click.echo("checks: " + "; ".join(f"{c['check']} ({'ok' if not c['problems'] else c['problems']})"
                                          for c in result.checks))
        for line in repaired:
            click.echo(f"repaired: {line}")
        for problem in result.problems:
            err_console.print(f"[red]problem:[/] {problem}")
        click.echo("ok: no problems found" if result.ok else f"{len(result.problems)} problem(s)")
    if not result.ok:
        sys.exit(1)


@main.command("browser")
@click.option("--style", "show_style", is_flag=True, help="Print the Browser style sheet (cypher/browser-style.grass).")
@click.option("--query", "query_name", help="Print one library query ready to paste, with its :param lines.")
@pass_app
def browser(app: App, show_style: bool, query_name: str | None) -> None:
    """How to open Neo4j Browser on this graph, style it, and use the query library there."""
    from kg.store import cypher
    from kg.store.server import LocalServer

    if show_style:
        click.echo(cypher.read("browser-style.grass"), nl=False)
        return
    if query_name:
        try:
            click.echo(queries.browser_text(queries.library_query(query_name)), nl=False)
        except KeyError as exc:
            raise BadInput(str(exc).strip('"')) from None
        return
    status = LocalServer(app.settings).status()
    http = status.http if not app.settings.neo4j_uri else "(your server's Browser URL)"
    click.echo(f"1. Open {http}/browser/ and connect to {app.settings.uri} as {app.settings.neo4j_username}.")
    if app.settings.neo4j_password is None:
        click.echo(f"   The password is in {app.settings.password_file}.")
    click.echo("2. Style: save `kg browser --style > diplomatic.grass`, run `:style` in Browser and drop the file onto")
    click.echo("   the style frame (countries blue, people orange, organizations green, conflictual ties red).")
    click.echo("3. Ask: paste the output of `kg browser --query NAME` and run it: its `:param` lines set the")
    click.echo("   parameters (edit them first), then the query runs. To see a graph, run the query part again alone:")
    click.echo("   Browser shows results of several statements as a list. `neighbourhood` returns a graph.")
    for q in queries.library().values():
        click.echo(f"   {q.name:<17} {q.question}")


@main.command("demo")
@click.option("--file", "path", type=click.Path(exists=True, path_type=Path),
              default=REPO_ROOT / "examples" / "seed-events.jsonl", show_default=True)
@click.option("--country", type=CountryName(), default="RUS", show_default=True, help="Name or ISO3 code.")
@pass_app
@server_errors
def demo(app: App, path: Path, country: str) -> None:
    """Start the local server, create the schema, load the seed events and print a report."""
    from kg.store.loading import seed
    from kg.store.server import LocalServer

    if not app.settings.neo4j_uri:
        click.echo(_start_local(LocalServer(app.settings)))
    seeded = seed(app.driver, app.database, path, rejects_dir=app.settings.kg_home / "rejects")
    click.echo(f"Schema: {seeded.schema} constraints and indexes.")
    click.echo(f"Reference data: {seeded.reference.status}, {seeded.reference.rows_written} memberships and offices.")
    for s in seeded.events:
        click.echo(f"Loaded {s.path}: {s.status}, {s.rows_written} events, {s.rejected} rejected.")
    ctx = click.get_current_context()
    ctx.invoke(report, country=country, fmt="table")
    ctx.invoke(browser)


main.add_command(analyze)
main.add_command(snapshot)
main.add_command(extract)
main.add_command(evaluate_command)
main.add_command(spark)
main.add_command(fetch)
main.add_command(follow)
main.add_command(nlp)

if __name__ == "__main__":
    main()
