"""Server-side ingest for a local server (issue #18, variant a): the server reads each batch's edges from a CSV chunk.

Over Bolt, every event is packed by Python and unpacked by the server (about a third of a load's time); `LOAD CSV`
reads the same rows from a file at the server's own speed. So when the server can read files this process writes
(its import directory is on this machine: a loopback server whose `server.directories.import` a probe file proves
readable), a load's batches go this way instead of `UNWIND $rows`:

- the rows are the writer's: parsed, resolved and validated by the loader, rejects with file:line are unchanged;
- the parsing thread writes batch N+1's chunk (one CSV per relationship type) while the writer thread waits for
  the server to write batch N, so Python and the server work at the same time (`BulkWriter.submit`);
- each chunk is one transaction with the batch's sources and nodes (UNWIND, as before: few after the first
  batches) and the manifest's progress, so kill -9 leaves whole chunks and a re-run resumes exactly;
- the same graph work as `edges_create.cypher` / `edges.cypher` (match endpoints, CREATE on a file's first load,
  else MERGE by event_id, the same properties with the ontology's types, see `edges_csv*.cypher`);
- a value a CSV field cannot carry exactly (an empty string, a backslash, NUL or CR, a non-finite float) sends
  that row over Bolt in the same transaction; a refused batch (a conflicting event id, a value the server
  refuses) is handed to the writer's own UNWIND path, which isolates and rejects the bad rows as always;
- chunk files are deleted once their transaction is over; a killed run's folder is deleted by the next load.

A remote server, or one whose import directory this process cannot write (a container), keeps UNWIND.

Opt-in, `KG_BULK_LOAD=on`: measured end to end on the project's busy 2-core machine it lost to UNWIND (ICEWS18,
first 100k events: 626 vs 1,632 events/s; docs/performance.md, section 4), although its edge statements alone
ran as fast or faster; until that gap is understood, UNWIND stays the default.
"""

from __future__ import annotations

import csv
import datetime as dt
import functools
import ipaddress
import math
import operator
import os
import re
import secrets
import shutil
from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from neo4j import Driver, ManagedTransaction
from neo4j.exceptions import ConstraintError, DriverError, Neo4jError

from kg.models import Event, SourceInfo
from kg.ontology import EDGE_PROPERTIES, NodeLabel
from kg.rows import Row
from kg.store import cypher
from kg.store import writer as _writer
from kg.store.db import retrying

__all__ = ["ENV_SWITCH", "BulkWriter", "batch_writer", "import_dir"]

ENV_SWITCH = "KG_BULK_LOAD"
_FOLDER = "kg-bulk"  # under the import directory: one sub-folder per running load, `<pid>-<random>`
_PROPERTIES = tuple(p.name for p in EDGE_PROPERTIES)
_HEADER = ("subject", "object", *_PROPERTIES)
# LOAD CSV reads `\"` inside a quoted field as a quote (legacy escaping) and an empty field as null; NUL and CR
# are not worth trusting to either side's CSV dialect. Such values go over Bolt.
_UNSAFE = re.compile(r'[\\\x00\r]')


# --- can the server read our files? ------------------------------------------------------------

def _loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def import_dir(driver: Driver, database: str) -> Path | None:
    """The server's import directory, if it is on this machine and reads what this process writes there."""
    if os.environ.get(ENV_SWITCH, "off").strip().lower() not in {"on", "1", "true", "yes", "auto"}:
        return None
    try:
        if not _loopback(str(driver.get_server_info().address.host)):
            return None
        records = driver.execute_query(cypher.read("write/import_dir.cypher"), database_=database).records
        if not records or not records[0]["path"]:
            return None
        root = Path(records[0]["path"])
        (root / _FOLDER).mkdir(exist_ok=True)
        token = secrets.token_hex(8)
        probe = root / _FOLDER / f"probe-{token}.csv"
        probe.write_text(token + "\n", encoding="utf-8")
        try:
            found = driver.execute_query(cypher.read("write/import_probe.cypher"), {"url": _url(root, probe)},
                                         database_=database).records
        finally:
            probe.unlink(missing_ok=True)
        return root if found and found[0]["token"] == token else None
    except (OSError, Neo4jError, DriverError):  # not ours to write, not allowed, not the same machine: UNWIND
        return None


def _url(root: Path, path: Path) -> str:
    return "file:///" + path.relative_to(root).as_posix()


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)  # signal 0: only asks whether the process exists
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _remove_stale(folder: Path) -> None:
    """Delete the chunk folders of loads that were killed (their process is gone)."""
    for entry in folder.iterdir() if folder.is_dir() else ():
        pid = entry.name.split("-", 1)[0]
        if entry.is_dir() and pid.isdigit() and not _alive(int(pid)):
            shutil.rmtree(entry, ignore_errors=True)


# --- chunks ------------------------------------------------------------------------------------

_ENDPOINTS = operator.itemgetter(0, 1)
_VALUES = operator.attrgetter(*_PROPERTIES)  # an event's edge properties, in the ontology's order
_ISO: dict[dt.date, str] = {}  # an event's day is written up to three times (date, since, until)


def _iso(day: dt.date) -> str:
    text = _ISO.get(day)
    if text is None:
        text = _ISO[day] = day.isoformat()
        if len(_ISO) > 100_000:
            _ISO.clear()
    return text


def _csv_row(event: Event) -> list[str] | None:
    """The event as CSV cells that the statement turns back into the same values; None if it cannot be."""
    cells = [event.subject.id, event.object.id]
    for value in _VALUES(event):
        kind = type(value)
        if value is None:
            cells.append("")  # LOAD CSV reads an empty field as null
        elif kind is str or kind is float or kind is int:
            if value == "" or (kind is float and not math.isfinite(value)):
                return None  # an empty string would come back as null; inf and nan do not parse
            cells.append(repr(value) if kind is float else str(value))
        elif kind is dt.date:
            cells.append(_iso(value))
        elif isinstance(value, str) and value:  # a StrEnum (status): its value
            cells.append(str(value))
        else:
            return None
    text = "".join(cells)
    if _UNSAFE.search(text) or not (text.isascii() or _utf8(text)):
        return None
    return cells


def _utf8(text: str) -> bool:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False  # the driver refuses it too: the UNWIND path rejects the row
    return True


@dataclass
class Chunk:
    """One batch's edges: a CSV file per relationship type, plus the rows that go over Bolt."""

    files: dict[str, tuple[str, int]] = field(default_factory=dict)  # type → (url, rows)
    bolt_rows: dict[str, list[dict[str, Any]]] = field(default_factory=dict)  # type → UNWIND rows
    paths: list[Path] = field(default_factory=list)

    def edge_steps(self, create: bool) -> list[tuple[str, dict[str, Any], bool]]:
        """The statements that write the edges, by type (sorted, like the writer's, against deadlocks)."""
        name = "write/edges_csv_create.cypher" if create else "write/edges_csv.cypher"
        steps = [(cypher.render(name, rel_type=rel_type), {"url": url}, True)
                 for rel_type, (url, _) in sorted(self.files.items())]
        steps += [(_writer._edge_statement(rel_type, create), {"rows": rows}, True)
                  for rel_type, rows in sorted(self.bolt_rows.items())]
        return steps

    def remove(self) -> None:
        for path in self.paths:
            path.unlink(missing_ok=True)


def write_chunk(root: Path, folder: Path, batch_no: int, events: list[Event]) -> Chunk:
    """Write one batch's edges as CSV files (only the columns the batch uses) into `folder` under `root`."""
    by_type: dict[str, list[list[str]]] = defaultdict(list)
    chunk = Chunk()
    for event in events:
        cells = _csv_row(event)
        if cells is not None:
            by_type[event.relation].append(cells)
            continue
        props = {k: v for k, v in event.edge_properties().items() if v is not None}
        chunk.bolt_rows.setdefault(event.relation, []).append(
            {"subject": event.subject.id, "object": event.object.id, "event_id": event.event_id, "props": props})
    for rel_type, rows in by_type.items():
        rows.sort(key=_ENDPOINTS)
        used = [i for i, column in enumerate(zip(*rows, strict=True)) if i < 2 or any(column)]
        path = folder / f"c{batch_no:07d}-{rel_type}.csv"
        with path.open("w", encoding="utf-8", newline="") as handle:
            out = csv.writer(handle, lineterminator="\n")
            out.writerow([_HEADER[i] for i in used])
            out.writerows(map(operator.itemgetter(*used), rows))
        chunk.paths.append(path)
        chunk.files[rel_type] = (_url(root, path), len(rows))
    return chunk


# --- the transaction -----------------------------------------------------------------------------

Step = tuple[str, dict[str, Any], bool]  # (statement, parameters, writes edges)


def _setup_steps(events: list[Event], known: dict[str, dict[str, Any]],
                 sources: dict[str, SourceInfo]) -> tuple[list[Step], dict[str, dict[str, Any]]]:
    """The batch's Source and actor node writes, exactly as the writer plans them (`writer._plan`)."""
    nodes: dict[NodeLabel, dict[str, dict[str, Any]]] = defaultdict(dict)
    source_rows: dict[str, dict[str, Any]] = {}
    for event in events:
        for actor in (event.subject, event.object):
            props = actor.node_properties()
            if known.get(actor.id) == props:
                continue
            row = nodes[actor.label].get(actor.id)
            if row is None:
                nodes[actor.label][actor.id] = {"id": actor.id, "props": props, "update": {}}
            else:
                row["props"] = _writer._merge_props(row["props"], props)
        if event.source not in source_rows:
            info = sources.get(event.source)
            source_rows[event.source] = {"id": event.source, "props": _writer._source_props(info) if info else {},
                                         "update": {}}
    steps: list[Step] = [(cypher.read("write/sources.cypher"),
                          {"rows": sorted(source_rows.values(), key=lambda r: r["id"])}, False)]
    for label in sorted(nodes):
        steps.append((_writer._node_statement(label), {"rows": sorted(nodes[label].values(), key=lambda r: r["id"])},
                      False))
    new_nodes = {node_id: row["props"] for by_id in nodes.values() for node_id, row in by_id.items()}
    return steps, new_nodes


def _run_steps(tx: ManagedTransaction, steps: list[Step], edge_rows: int,
               progress: dict[str, Any] | None) -> Counter[str]:
    """The transaction function (the driver may run it again: every step is idempotent or rolled back)."""
    counts: Counter[str] = Counter()
    written = 0
    for text, params, writes_edges in steps:
        result = tx.run(text, params)
        record = result.single()
        summary = result.consume()
        if writes_edges:
            written += record["written"] if record else 0
        for name in _writer._COUNTERS:
            counts[name] += getattr(summary.counters, name)
    if written != edge_rows:  # an endpoint went missing: never commit half a chunk
        raise RuntimeError(f"wrote {written} of {edge_rows} edges; an endpoint node is missing")
    if progress is not None:
        tx.run(cypher.read("write/load_progress.cypher"), progress).consume()
    return counts


def _commit(driver: Driver, database: str, steps: list[Step], edge_rows: int,
            progress: dict[str, Any] | None) -> Counter[str]:
    """One chunk transaction, retried like the writer's (`writer._commit`)."""

    def work() -> Counter[str]:
        with driver.session(database=database) as session:
            return session.execute_write(_run_steps, steps, edge_rows, progress)

    def committed() -> bool:
        if progress is None:
            return False
        recorded = _writer._read_manifest(driver, database, progress["id"]) or {}
        return int(recorded.get("batches_done", 0)) >= progress["batches_done"]

    return retrying(work, committed=committed) or Counter()


# --- the writer ------------------------------------------------------------------------------------

class BulkWriter(_writer._BatchWriter):
    """The writer's batch thread, with each batch's edges handed to the server as CSV chunks."""

    def __init__(self, root: Path, *args: Any) -> None:
        super().__init__(*args)
        self.root = root
        self.folder = root / _FOLDER / f"{os.getpid()}-{secrets.token_hex(4)}"

    def __enter__(self) -> BulkWriter:
        _remove_stale(self.root / _FOLDER)
        self.folder.mkdir(parents=True)
        super().__enter__()
        return self

    def __exit__(self, *exc: Any) -> None:
        try:
            super().__exit__(*exc)
        finally:
            shutil.rmtree(self.folder, ignore_errors=True)

    def submit(self, batch_no: int, batch: list[Row], rows_through: int) -> None:
        """Write the chunk here, on the parsing thread, while the server writes the previous one."""
        chunk = write_chunk(self.root, self.folder, batch_no, [row.event for row in batch])
        super().submit(batch_no, (batch, chunk), rows_through)  # type: ignore[arg-type]

    def _run(self) -> None:
        while (item := self.queue.get()) is not self._DONE:
            batch_no, (batch, chunk), rows_through = item
            try:
                if self.error is None:  # after a failure: drain without writing
                    self._write(batch_no, batch, chunk, rows_through)
            except BaseException as exc:  # handed to the caller's thread
                self.error = exc
            finally:
                chunk.remove()

    def _write(self, batch_no: int, batch: list[Row], chunk: Chunk, rows_through: int) -> None:
        counts, created = self._write_chunk(batch_no, batch, chunk, rows_through)
        self.reject_log.flush()
        self.summary.counters += counts
        self.create_edges = created
        self.summary.batches += 1
        if self.on_batch:
            self.on_batch(self.summary)

    def _write_chunk(self, batch_no: int, batch: list[Row], chunk: Chunk,
                     rows_through: int) -> tuple[Counter[str], bool]:
        driver, database = self.args
        summary = self.summary
        events = [row.event for row in batch]
        progress = None
        if self.manifest is not None:
            progress = {"id": self.manifest, "batches_done": batch_no, "rows_done": summary.rows_written + len(batch),
                        "rows_read": rows_through, "sources": sorted({e.source for e in events})}
        setup, new_nodes = _setup_steps(events, self.known, self.source_map)
        for creating in ((True, False) if self.create_edges else (False,)):
            try:
                counts = _commit(driver, database, setup + chunk.edge_steps(creating), len(events), progress)
            except ConstraintError:
                continue  # an edge of the chunk exists already: MERGE (next), else the writer isolates it
            except Exception as exc:
                if not _writer._row_error(exc):
                    raise
                break
            self.known.update(new_nodes)
            summary.rows_written += len(batch)
            return counts, creating
        # A conflicting event id or a value the server refuses: the writer's UNWIND path finds and rejects the rows.
        return _writer._write_batch(driver, database, batch, self.known, self.source_map, self.reject_log, summary,
                                    self.manifest, (batch_no, rows_through), False)


def batch_writer(driver: Driver, database: str) -> Callable[..., _writer._BatchWriter]:
    """The batch writer for this server: CSV chunks where the server reads our files, else UNWIND."""
    root = import_dir(driver, database)
    return _writer._BatchWriter if root is None else functools.partial(BulkWriter, root)
