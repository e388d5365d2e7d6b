"""The one write path: validated events in, batched idempotent `UNWIND … MERGE` transactions out.

Why it is safe to re-run anything:
- every node and edge is keyed by a deterministic id under a uniqueness constraint, so writing a
  row twice (a re-run, a retried transaction, two loads racing) leaves one node or edge; a file's
  first load CREATEs its edges (no search for an existing one), and a batch the constraint refuses
  is written again with MERGE;
- each batch is one managed transaction that also advances the load's manifest (`:Load` node),
  so after `kill -9` the manifest says exactly which batches are in the graph and a re-run
  resumes after them;
- labels and types come from `kg.ontology` through `kg.store.cypher.render`; values are parameters.
"""

from __future__ import annotations

import contextlib
import hashlib
import queue
import threading
import time
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any, Required, TypedDict, Unpack

from neo4j import Driver, ManagedTransaction
from neo4j.exceptions import ConstraintError, Neo4jError, ServiceUnavailable, SessionExpired, TransientError

from kg.models import ActorRef, Event, SourceInfo
from kg.ontology import RELATIONS, Label, NodeLabel
from kg.rows import Reject, RejectLog, Row, Skip
from kg.store import cypher
from kg.store.db import retrying
from kg.store.schema import apply_schema

__all__ = [
    "DEFAULT_BATCH_SIZE",
    "FeedProgress",
    "LoadInterrupted",
    "LoadOptions",
    "LoadRefused",
    "LoadSummary",
    "StrictModeRejected",
    "conflict_reject",
    "file_sha256",
    "load",
    "load_id",
    "merge_node_props",
    "neo4j_order",
    "node_rows",
    "prune_source",
    "read_feed",
    "record_feed_progress",
    "supersede",
    "write_events",
    "write_nodes",
]

DEFAULT_BATCH_SIZE = 5_000
_COUNTERS = ("nodes_created", "relationships_created", "properties_set", "labels_added")


class LoadInterrupted(RuntimeError):
    """Neo4j stopped answering mid-load; committed batches stay and a re-run resumes after them."""


class StrictModeRejected(RuntimeError):
    """`--strict` found bad rows: nothing was written."""


@dataclass
class LoadSummary:
    path: str | None = None
    rows_read: int = 0
    rows_written: int = 0
    rejected: int = 0
    batches: int = 0
    batches_skipped: int = 0
    seconds: float = 0.0
    status: str = "complete"  # complete | already loaded | resumed | rejected (no good row) | reloaded
    counters: Counter[str] = field(default_factory=Counter)
    unresolved: Counter[str] = field(default_factory=Counter)  # actor names that could not be resolved
    skipped: Counter[str] = field(default_factory=Counter)  # rows out of scope (not rejects), by reason
    # Hashes of the event ids of good rows (written or skipped as already written): the distinct edges this
    # load accounts for, recorded in the manifest so `kg load` and `kg check` can verify the graph still has them.
    event_ids: set[int] = field(default_factory=set, repr=False, compare=False)
    sources_seen: set[str] = field(default_factory=set, repr=False, compare=False)
    rejects_file: str | None = None  # the reject list this run wrote (None when it rejected nothing)
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False, compare=False)

    def add_rejected(self, count: int = 1) -> None:
        """Rejects come from the parsing thread and the writer thread."""
        with self._lock:
            self.rejected += count

    @property
    def rows_per_second(self) -> float:
        return self.rows_written / self.seconds if self.seconds else 0.0

    def as_dict(self) -> dict[str, Any]:
        return {
            "path": self.path, "status": self.status, "rows_read": self.rows_read,
            "rows_written": self.rows_written, "rejected": self.rejected, "batches": self.batches,
            "batches_skipped": self.batches_skipped, "seconds": round(self.seconds, 3),
            "rows_per_second": round(self.rows_per_second, 1), **{k: self.counters[k] for k in _COUNTERS},
            "unresolved_actors": sum(self.unresolved.values()),
            "top_unresolved": self.unresolved.most_common(10), "rejects_file": self.rejects_file,
            "skipped": sum(self.skipped.values()), "skipped_why": dict(self.skipped),
        }

    def skipped_lines(self) -> list[str]:
        """'133 domestic events: both actors resolve to the same country', for the summary and the manifest."""
        return [f"{count} {why}" for why, count in self.skipped.most_common()]


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(1 << 20):
            digest.update(chunk)
    return digest.hexdigest()


def load_id(loader: str, path: Path, source: str) -> str:
    """The manifest key: same loader, same bytes, same source → same load. Not the batch size: progress is
    recorded in rows (`rows_read`), so a load resumed with another `--batch-size` continues the same manifest."""
    return f"load:{loader}:{source}:{file_sha256(path)}"


class LoadRefused(RuntimeError):
    """The manifest says the load cannot start now (an unload of its source was interrupted)."""


# --- statements -------------------------------------------------------------------------------

# The labels every write/*.cypher template names, filled from the ontology.
_LABELS: dict[str, str] = {"actor": Label.ACTOR, "source": Label.SOURCE, "load": Label.LOAD}


@cache
def _text(name: str, **names: str) -> str:
    return cypher.render(name, **_LABELS, **names)


def _node_statement(label: str) -> str:
    return _text("write/nodes.cypher", label=label)


def _edge_statement(rel_type: str) -> str:
    return _text("write/edges.cypher", rel_type=rel_type)


# The only relationship types edges_create.cypher writes (it takes each row's type as a parameter).
_REL_TYPES = sorted(str(t) for t in RELATIONS)


@dataclass
class _Plan:
    """The statements for one batch: sources, then nodes, then edges (sorted to avoid deadlocks)."""

    steps: list[tuple[str, list[dict[str, Any]], bool]]  # (statement, rows, writes edges)
    new_nodes: dict[str, dict[str, Any]]  # node id → the properties this batch writes
    edge_rows: int
    create: bool = False  # edges by CREATE (a file's first load) rather than MERGE


def merge_node_props(old: dict[str, Any], new: dict[str, Any]) -> dict[str, Any]:
    """What nodes.cypher does when two writes disagree: keep the smallest value per property (so the graph does not
    depend on the order of loads), fill the ones missing. `kg.store.export` and the Spark job apply the same rule,
    over every row written (a re-sent row's older version included), never over a rejected row."""
    merged = dict(old)
    for key, value in new.items():
        if key not in merged or (value != merged[key] and neo4j_order(value) < neo4j_order(merged[key])):
            merged[key] = value
    return merged


def neo4j_order(value: Any) -> Any:
    """A key that orders values as Cypher's `<` does: strings by UTF-16 code unit, as Java compares them (Python
    compares code points; the two differ where a character above U+FFFF meets one in U+E000-U+FFFF)."""
    return value.encode("utf-16-be", "surrogatepass") if isinstance(value, str) else value


def _plan(events: list[Event], known_nodes: dict[str, dict[str, Any]], sources: dict[str, SourceInfo],
          create: bool = False) -> _Plan:
    nodes: dict[NodeLabel, dict[str, dict[str, Any]]] = defaultdict(dict)
    edges: dict[str, list[dict[str, Any]]] = defaultdict(list)
    source_rows: dict[str, dict[str, Any]] = {}
    for event in events:
        for actor in (event.subject, event.object):
            props = actor.node_properties()
            if known_nodes.get(actor.id) == props:
                continue  # written with these very properties earlier in this load
            row = nodes[actor.label].get(actor.id)
            if row is None:
                nodes[actor.label][actor.id] = {"id": actor.id, "props": props, "update": {}}
            else:
                row["props"] = merge_node_props(row["props"], props)
        props = {k: v for k, v in event.edge_properties().items() if v is not None}
        edges[event.relation].append(
            {"subject": event.subject.id, "object": event.object.id, "event_id": event.event_id, "props": props}
        )
        if event.source not in source_rows:
            info = sources.get(event.source)
            props = _source_props(info) if info else {}
            source_rows[event.source] = {"id": event.source, "props": props, "update": {}}
    steps: list[tuple[str, list[dict[str, Any]], bool]] = []
    if source_rows:
        steps.append((_text("write/sources.cypher"), sorted(source_rows.values(), key=lambda r: r["id"]),
                      False))
    for label in sorted(nodes):
        steps.append((_node_statement(label), sorted(nodes[label].values(), key=lambda r: r["id"]), False))
    # Stable sorts: of a key's versions in the batch the last is written last.
    if create:  # a first load: every type in one statement
        rows = [{**row, "type": rel_type} for rel_type, typed in edges.items() for row in typed]
        steps.append((_text("write/edges_create.cypher"), sorted(rows, key=lambda r: (r["subject"], r["object"])),
                      True))
    else:
        for rel_type in sorted(edges):
            steps.append((_edge_statement(rel_type),
                          sorted(edges[rel_type], key=lambda r: (r["subject"], r["object"])), True))
    new_nodes = {node_id: row["props"] for by_id in nodes.values() for node_id, row in by_id.items()}
    return _Plan(steps, new_nodes, len(events), create)


def _source_props(info: SourceInfo) -> dict[str, Any]:
    return {k: v for k, v in info.model_dump(exclude={"id"}).items() if v is not None}


def _run_plan(tx: ManagedTransaction, plan: _Plan, progress: dict[str, Any] | None) -> Counter[str]:
    """The transaction function; the driver may run it more than once, and that is harmless."""
    counts: Counter[str] = Counter()
    edges_written = 0
    for text, rows, writes_edges in plan.steps:
        result = tx.run(text, {"rows": rows, "types": _REL_TYPES} if writes_edges else {"rows": rows})
        record = result.single()
        summary = result.consume()
        if writes_edges:
            edges_written += record["written"] if record else 0
        for name in _COUNTERS:
            counts[name] += getattr(summary.counters, name)
    if edges_written != plan.edge_rows:  # an endpoint went missing: never commit half a batch
        raise RuntimeError(f"wrote {edges_written} of {plan.edge_rows} edges; an endpoint node is missing")
    if progress is not None:
        tx.run(_text("write/load_progress.cypher"), progress).consume()
    return counts


# --- public API -------------------------------------------------------------------------------

def write_events(driver: Driver, database: str, events: Iterable[Event], *,
                 batch_size: int = DEFAULT_BATCH_SIZE,
                 sources: Iterable[SourceInfo] = ()) -> Counter[str]:
    """Write events in batches (no manifest, no rejects): for notebooks and tests."""
    apply_schema(driver, database)
    source_map = {s.id: s for s in sources}
    _write_sources(driver, database, source_map.values())
    totals: Counter[str] = Counter()
    known: dict[str, dict[str, Any]] = {}
    for batch in _chunks(events, batch_size):
        plan = _plan(batch, known, source_map)
        with driver.session(database=database) as session:
            totals += session.execute_write(_run_plan, plan, None)
        known.update(plan.new_nodes)
    return totals


class LoadOptions(TypedDict, total=False):
    """`load`'s keyword arguments (all optional)."""

    manifest: str | None  # the `:Load` node's id: record progress, skip a completed load, resume an interrupted one
    manifest_props: dict[str, Any] | None  # properties of that node (source, loader, path, …)
    sources: Iterable[SourceInfo]  # descriptions of the Source nodes the rows name
    rejects: RejectLog | None  # where rejected rows go
    strict: bool  # check every row first; write nothing if one is bad
    force: bool  # write again even if the manifest says complete
    batch_size: int
    on_batch: Callable[[LoadSummary], None] | None  # called after each committed batch


@dataclass
class _Run:
    """One call of `load`: where it writes and what it has written so far."""

    driver: Driver
    database: str
    summary: LoadSummary
    reject_log: RejectLog
    source_map: dict[str, SourceInfo]
    manifest: str | None = None
    on_batch: Callable[[LoadSummary], None] | None = None
    known: dict[str, dict[str, Any]] = field(default_factory=dict)  # node id → properties written by this load

    def query(self, name: str, params: dict[str, Any]) -> None:
        self.driver.execute_query(_text(name), params, database_=self.database)


def load(driver: Driver, database: str, rows: Callable[[], Iterable[Row | Reject]],
         **options: Unpack[LoadOptions]) -> LoadSummary:
    """Load what `rows()` yields. `rows` is a factory so `strict` can read the input twice.

    With `manifest`, progress is recorded in the graph: a completed load is skipped (unless `force`, or
    unless the graph no longer holds the edges it wrote), an interrupted one resumes after its last
    committed row, whatever the batch size.
    """
    started = time.perf_counter()
    manifest = options.get("manifest")
    run = _Run(driver, database, LoadSummary(path=(options.get("manifest_props") or {}).get("path")),
               options.get("rejects") or RejectLog(None), {s.id: s for s in options.get("sources", ())},
               manifest, options.get("on_batch"))
    apply_schema(driver, database)
    if options.get("strict"):
        _check_strictly(rows(), run)
    previous = _read_manifest(driver, database, manifest) if manifest is not None else None
    skip_rows = _begin(run, previous, options) if manifest is not None else 0
    if run.summary.status == "already loaded":
        run.summary.seconds = time.perf_counter() - started
        return run.summary
    writer = _BatchWriter(run)
    # A first load of this file creates its edges instead of merging them (faster; the uniqueness
    # constraint still refuses duplicates, and a refused batch is written again with MERGE).
    writer.create_edges = manifest is not None and previous is None
    try:
        _write_all(writer, _good_rows(rows(), run.reject_log, run.summary), skip_rows,
                   int((previous or {}).get("batches_done") or 0) if skip_rows else 0,
                   options.get("batch_size", DEFAULT_BATCH_SIZE))
    except (ServiceUnavailable, SessionExpired, TransientError) as exc:
        raise LoadInterrupted(
            f"Neo4j stopped answering after {run.summary.batches + run.summary.batches_skipped} committed batches "
            f"({exc.__class__.__name__}: {exc}). Nothing is half-written; run the same command again to resume."
        ) from exc
    except Exception as exc:
        if manifest is not None:  # never leave a manifest `running` behind a process that is gone
            _mark_failed(driver, database, manifest, exc)
        raise
    finally:
        run.reject_log.flush()
        run.summary.seconds = time.perf_counter() - started
    _finish(run)
    run.summary.seconds = time.perf_counter() - started
    return run.summary


def _check_strictly(items: Iterable[Row | Reject], run: _Run) -> None:
    """`strict`: read everything first; any bad row stops the load before anything is written."""
    bad = 0
    for item in items:
        if isinstance(item, Reject) and not isinstance(item, Skip):
            run.reject_log.add(item)
            bad += 1
    if bad:
        run.summary.rejected = bad
        raise StrictModeRejected(f"{bad} row{'s' if bad > 1 else ''} rejected; nothing was written")


def _begin(run: _Run, previous: dict[str, Any] | None, options: LoadOptions) -> int:
    """Mark the manifest `running` (unless the load is already done); returns the good rows to skip."""
    assert run.manifest is not None
    skip_rows = _plan_start(run, previous, options.get("force", False))
    if run.summary.status == "already loaded":
        return 0
    props = {k: v for k, v in (options.get("manifest_props") or {}).items() if v is not None}
    run.query("write/load_begin.cypher", {"id": run.manifest, "props": props})
    if not skip_rows:
        run.query("write/load_progress.cypher",
                  {"id": run.manifest, "batches_done": 0, "rows_done": 0, "rows_read": 0, "sources": []})
    return skip_rows


def _finish(run: _Run) -> None:
    """The Source nodes of the rows read, and the manifest's final state."""
    summary = run.summary
    _write_sources(run.driver, run.database, [s for s in run.source_map.values() if s.id in summary.sources_seen])
    if run.manifest is None:
        return
    no_good_row = summary.rows_read == 0 and summary.rejected > 0
    if no_good_row:
        summary.status = "rejected"
    run.query("write/load_finish.cypher", {"id": run.manifest, "rejected": summary.rejected,
                                           "edges": len(summary.event_ids),
                                           "skipped": sum(summary.skipped.values()),
                                           "skipped_why": summary.skipped_lines(),
                                           "status": "rejected" if no_good_row else "complete"})


def _plan_start(run: _Run, previous: dict[str, Any] | None, force: bool) -> int:
    """Decide from an earlier manifest whether to skip, resume or (re)write; returns the good rows to skip."""
    summary = run.summary
    if previous is None:
        return 0
    state = previous.get("status")
    if state == "unloading":
        raise LoadRefused(f"an unload of source {previous.get('source')!r} was interrupted; finish it with "
                          f"`kg unload --source {previous.get('source')}`, then load again")
    if force:
        return 0
    if state == "complete":
        if _manifest_intact(run.driver, run.database, previous):
            summary.status = "already loaded"
            summary.rows_written = previous.get("rows_done", 0)
            summary.rejected = previous.get("rejected", 0) or 0
            for line in previous.get("skipped_why") or []:  # "133 domestic events: …", as load_finish wrote it
                count, _, why = str(line).partition(" ")
                if count.isdigit():
                    summary.skipped[why] += int(count)
            return 0
        summary.status = "reloaded"  # its edges went missing from the graph: write them all again
        return 0
    skip = _rows_committed(previous)
    summary.status = "resumed" if skip else ("reloaded" if state == "stale" else "complete")
    return skip


def _rows_committed(manifest: dict[str, Any]) -> int:
    """Good rows the manifest's committed batches consumed (older manifests count batches of a fixed size)."""
    if manifest.get("rows_read") is not None:
        return int(manifest["rows_read"])
    return int(manifest.get("batches_done") or 0) * int(manifest.get("batch_size") or DEFAULT_BATCH_SIZE)


def source_edge_count(driver: Driver, database: str, sources: list[str]) -> int:
    """Edges whose `source` is one of `sources` (one indexed count per relationship type)."""
    total = 0
    for rel_type in RELATIONS:
        total += driver.execute_query(cypher.render("admin/source_edges.cypher", rel_type=rel_type),
                                      {"sources": sources}, database_=database).records[0]["n"]
    return total


def manifest_expected_edges(manifest: dict[str, Any]) -> int:
    """The distinct edges a complete load wrote (older manifests: the rows it wrote)."""
    return int(manifest["edges"] if manifest.get("edges") is not None else manifest.get("rows_done") or 0)


def _manifest_intact(driver: Driver, database: str, manifest: dict[str, Any]) -> bool:
    """Does the graph still hold at least as many edges of the load's sources as the load wrote?"""
    expected = manifest_expected_edges(manifest)
    if expected == 0:
        return True
    sources = list(manifest.get("sources") or [manifest.get("source")])
    return source_edge_count(driver, database, sources) >= expected


def _mark_failed(driver: Driver, database: str, manifest: str, exc: BaseException) -> None:
    with contextlib.suppress(Exception):  # the original error is the one to report
        driver.execute_query(_text("write/load_failed.cypher"),
                             {"id": manifest, "error": f"{exc.__class__.__name__}: {exc}"[:500]}, database_=database)


def _write_all(writer: _BatchWriter, good_rows: Iterator[Row], skip_rows: int, batches_done: int,
               batch_size: int) -> None:
    """Skip the rows earlier runs committed, hand the rest to the writer in batches."""
    summary = writer.summary
    through = 0
    if skip_rows:
        for _ in good_rows:
            through += 1
            summary.rows_written += 1
            if through >= skip_rows:
                break
        summary.batches_skipped = batches_done
    batch_no = batches_done
    with writer:
        for batch in _chunks(good_rows, batch_size):
            batch_no += 1
            through += len(batch)
            writer.submit(batch_no, batch, through)


# --- helpers ----------------------------------------------------------------------------------

class _BatchWriter:
    """Commits batches in order on one thread while the caller parses the next ones.

    Parsing is Python work and writing is mostly waiting for Neo4j, so the two overlap. The queue
    holds at most two batches (memory stays flat); on exit, batches already handed over are
    committed before the writer stops, so the manifest stays exact even when parsing fails.
    """

    _DONE = object()

    def __init__(self, run: _Run) -> None:
        self.run = run
        self.summary = run.summary
        self.create_edges = False  # see load(): set for the first load of a file
        self.queue: queue.Queue[Any] = queue.Queue(maxsize=2)
        self.error: BaseException | None = None
        self.thread = threading.Thread(target=self._run, name="kg-writer", daemon=True)

    def __enter__(self) -> _BatchWriter:
        self.thread.start()
        return self

    def submit(self, batch_no: int, batch: list[Row], rows_through: int) -> None:
        """Queue batch `batch_no`; `rows_through` counts the good rows up to its end (the manifest's resume point).

        The batch's statements are planned here, on the parsing thread, which has time to spare while the writer
        waits for the server: the writer's thread is the load's critical path. `known` may lag a batch or two
        behind (it holds committed nodes only), which costs a redundant node write, never a missing one."""
        plan = _plan([row.event for row in batch], self.run.known, self.run.source_map, create=self.create_edges)
        while True:
            if self.error is not None:
                raise self.error
            try:
                self.queue.put((batch_no, batch, rows_through, plan), timeout=0.5)
                return
            except queue.Full:
                continue

    def _run(self) -> None:
        while (item := self.queue.get()) is not self._DONE:
            if self.error is not None:
                continue  # drain without writing after a failure
            batch_no, batch, rows_through, plan = item
            try:
                counts, created = _write_batch(self.run, batch, (batch_no, rows_through), self.create_edges, plan)
                self.run.reject_log.flush()  # what a crash leaves of the reject file matches the committed batches
                self.summary.counters += counts
                self.create_edges = created  # after one refused CREATE the rest of the load merges
                self.summary.batches += 1
                if self.run.on_batch:
                    self.run.on_batch(self.summary)
            except BaseException as exc:  # handed to the caller's thread
                self.error = exc

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: Any) -> None:
        self.queue.put(self._DONE)
        self.thread.join()
        if self.error is not None and exc is None:
            raise self.error


def _good_rows(items: Iterable[Row | Reject], reject_log: RejectLog, summary: LoadSummary) -> Iterator[Row]:
    for item in items:
        if isinstance(item, Skip):
            summary.skipped[item.reason] += 1  # only the parsing thread counts skips: no lock needed
        elif isinstance(item, Reject):
            reject_log.add(item)
            summary.add_rejected()
            if item.actor:
                summary.unresolved[item.actor] += 1
        else:
            summary.rows_read += 1
            summary.event_ids.add(hash(item.event.event_id))
            summary.sources_seen.add(item.event.source)
            yield item


def _write_batch(run: _Run, batch: list[Row], position: tuple[int, int], create: bool = False,
                 planned: _Plan | None = None) -> tuple[Counter[str], bool]:
    """Write one batch (`position`: its number and the good rows up to its end); returns the counters and
    whether the next batch may still CREATE its edges. `planned`: the batch's statements, if already planned."""
    events = [row.event for row in batch]
    summary = run.summary
    written_before = summary.rows_written
    progress = None
    if run.manifest is not None:
        progress = {"id": run.manifest, "batches_done": position[0], "rows_done": written_before + len(batch),
                    "rows_read": position[1], "sources": sorted({e.source for e in events})}
    for creating in ((True, False) if create else (False,)):
        plan = planned if planned is not None and planned.create == creating else _plan(
            events, run.known, run.source_map, create=creating)
        try:
            counts = _commit(run.driver, run.database, plan, progress)
            run.known.update(plan.new_nodes)
            summary.rows_written += len(batch)
            return counts, creating
        except ConstraintError:
            continue  # an edge of the batch exists already: MERGE it (next), else isolate the conflict
        except Exception as exc:
            if not _row_error(exc):
                raise
            break  # a value Neo4j or the driver refuses: isolate the row like a conflict
    # An event id already names an edge between other actors, or a row holds a value Neo4j refuses. Find
    # the offending rows by halving the batch (a few transactions per bad row, not one per row), reject
    # them, keep the rest. Every write is idempotent, so a crash here is repaired by the re-run like any other.
    counts, written = _write_isolating_conflicts(run, batch)
    if progress is not None:
        progress["rows_done"] = written_before + written
        run.query("write/load_progress.cypher", progress)
    summary.rows_written += written
    return counts, False


def _write_isolating_conflicts(run: _Run, rows: list[Row]) -> tuple[Counter[str], int]:
    plan = _plan([row.event for row in rows], run.known, run.source_map)
    try:
        counts = _commit(run.driver, run.database, plan, None)
        run.known.update(plan.new_nodes)
        return counts, len(rows)
    except Exception as exc:
        if not _row_error(exc):
            raise
        if len(rows) == 1:
            _reject_row(run, rows[0], exc)
            return Counter(), 0
    half = len(rows) // 2
    first, n_first = _write_isolating_conflicts(run, rows[:half])
    second, n_second = _write_isolating_conflicts(run, rows[half:])
    return first + second, n_first + n_second


def conflict_reject(path: str, line: int, event_id: str) -> Reject:
    """The reject of a row whose (type, event id) already names an edge between other actors: the uniqueness
    constraint refuses it, so an edge keeps the endpoints of its first version (`kg.store.export` and the Spark
    job reject the same rows)."""
    return Reject(path, line, f"event id {event_id!r} already names a different edge in the graph "
                  "(other endpoints or type)", "event_id")


def _reject_row(run: _Run, row: Row, exc: BaseException) -> None:
    if isinstance(exc, ConstraintError):
        reject = conflict_reject(row.path, row.line, row.event.event_id)
    else:
        reject = Reject(row.path, row.line, "Neo4j refused a value of the row: " + " ".join(
            f"{exc.__class__.__name__}: {getattr(exc, 'message', None) or exc}".split())[:300])
    run.reject_log.add(reject)
    run.summary.add_rejected()
    run.summary.event_ids.discard(hash(row.event.event_id))


def _commit(driver: Driver, database: str, plan: _Plan, progress: dict[str, Any] | None) -> Counter[str]:
    """One batch transaction, retried within KG_RETRY_SECONDS. When the connection drops during COMMIT
    (`IncompleteCommit`), the manifest says whether the batch made it; if so it is not written again."""

    def work() -> Counter[str]:
        with driver.session(database=database) as session:
            return session.execute_write(_run_plan, plan, progress)

    def committed() -> bool:
        if progress is None:
            return False  # no manifest: writing the batch again is idempotent
        recorded = _read_manifest(driver, database, progress["id"]) or {}
        return int(recorded.get("batches_done", 0)) >= int(progress["batches_done"])

    return retrying(work, committed=committed) or Counter()


def _row_error(exc: BaseException) -> bool:
    """Is this the fault of a row's values (isolate and reject it) rather than of the server or the code?"""
    if isinstance(exc, Neo4jError):
        return (exc.code or "").startswith(("Neo.ClientError.Schema.ConstraintValidationFailed",
                                            "Neo.ClientError.Statement."))
    return isinstance(exc, UnicodeError | OverflowError)  # the driver could not pack a value


def _write_sources(driver: Driver, database: str, infos: Iterable[SourceInfo]) -> None:
    rows = [{"id": s.id, "props": _source_props(s), "update": _source_props(s)} for s in infos]
    if rows:
        driver.execute_query(_text("write/sources.cypher"), {"rows": rows}, database_=database)


def _read_manifest(driver: Driver, database: str, manifest: str) -> dict[str, Any] | None:
    records = driver.execute_query(_text("write/load_get.cypher"), {"id": manifest},
                                   database_=database).records
    return dict(records[0]["load"]) if records else None


def _chunks(items: Iterable[Any], size: int) -> Iterator[list[Any]]:
    batch: list[Any] = []
    for item in items:
        batch.append(item)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


_merge_props = merge_node_props  # its older name (tests/test_writer_units.py of branch r-quality uses it)


# --- nodes without events, and replacing a source ---------------------------------------------

def node_rows(actors: Iterable[ActorRef]) -> dict[NodeLabel, list[dict[str, Any]]]:
    """Writer rows for actor nodes, by label, with the properties an event's endpoint would give them."""
    rows: dict[NodeLabel, dict[str, dict[str, Any]]] = defaultdict(dict)
    for actor in actors:
        rows[actor.label][actor.id] = {"id": actor.id, "props": actor.node_properties(), "update": {}}
    return {label: list(by_id.values()) for label, by_id in rows.items()}


def write_nodes(driver: Driver, database: str, rows_by_label: Mapping[NodeLabel, list[dict[str, Any]]]) -> int:
    """Actor nodes (rows `id`, `props`, `update`) through write/nodes.cypher, the statement loads use: `props`
    fill gaps (where two writes disagree the smallest value wins), `update` overwrites (reference data)."""
    apply_schema(driver, database)
    written = 0
    for label in sorted(rows_by_label):
        for batch in _chunks(rows_by_label[label], DEFAULT_BATCH_SIZE):
            records = driver.execute_query(_node_statement(label), {"rows": batch}, database_=database).records
            written += records[0]["written"] if records else 0
    return written


def prune_source(driver: Driver, database: str, source: str, keep: Iterable[str],
                 rel_types: Iterable[str] = tuple(RELATIONS)) -> None:
    """Remove the source's edges whose event id is not in `keep` (a newer version of the source replaces the old)."""
    kept = sorted(keep)
    for rel_type in rel_types:
        driver.execute_query(cypher.render("admin/prune_source.cypher", rel_type=rel_type),
                             {"source": source, "keep": kept}, database_=database)


def supersede(driver: Driver, database: str, source: str, loader: str, manifest: str) -> None:
    """After `prune_source`: the older manifests of the source no longer describe the graph, so they go."""
    driver.execute_query(_text("write/load_supersede.cypher"),
                         {"source": source, "loader": loader, "id": manifest}, database_=database)


# --- followed feeds (kg follow gdelt) ---------------------------------------------------------

def read_feed(driver: Driver, database: str, feed_id: str) -> dict[str, Any] | None:
    """A followed feed's manifest: the newest slot done (`last_stamp`), files loaded, slots found missing."""
    records = driver.execute_query(_text("write/feed_get.cypher"), {"id": feed_id}, database_=database).records
    return dict(records[0]["feed"]) if records else None


class FeedProgress(TypedDict, total=False):
    loaded: Required[bool]  # the file was loaded (else: found missing for good)
    props: dict[str, Any] | None  # the feed manifest's properties, set when it is created


def record_feed_progress(driver: Driver, database: str, feed_id: str, stamp: str,
                         **progress: Unpack[FeedProgress]) -> None:
    """After a feed's file is loaded (its own load manifest is complete) or found missing for good."""
    driver.execute_query(_text("write/feed_progress.cypher"),
                         {"id": feed_id, "stamp": stamp, "loaded": progress["loaded"],
                          "props": progress.get("props") or {}}, database_=database)
