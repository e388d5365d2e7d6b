"""The Spark job: ICEWS / GDELT files → mapped events, rejects, neo4j-admin CSVs, Parquet, dyad aggregates.

Runs embedded (`local[*]`, bound to 127.0.0.1) through `kg spark …`, or on a cluster through
`spark-submit kg/spark/job.py --master yarn …` (the `kg` package must be importable on the executors).
The mapping is the Python loaders' own (kg/spark/mapping.py ships them to executors with
`applyInPandas`): the ids, properties and rejects are those of `kg load`.
"""

from __future__ import annotations

import argparse
import itertools
import json
import os
import sys
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypedDict, Unpack
from urllib.parse import urlparse

import pandas as pd
from pyspark import StorageLevel
from pyspark.sql import DataFrame, SparkSession, Window
from pyspark.sql import functions as F

from kg.analysis.aggregates import META_FILE
from kg.analysis.windows import FREQUENCIES
from kg.ontology import ACTOR_LABEL, EDGE_PROPERTIES, SOURCE_LABEL, NodeLabel
from kg.spark.mapping import LINE_COLUMNS, NODE_PROPS, FileInfo, JobContext, map_chunk, reject_record, split_file

__all__ = ["OUTPUTS", "JobResult", "Written", "by_writer_rules", "input_files", "main", "map_events", "run", "session"]

OUTPUTS = ("admin", "parquet", "aggregates")
LOADERS = ("icews", "gdelt")
_LINES_SCHEMA = "file_idx int, chunk int, line long, text string, layout string, reason string"
_MAPPED_SCHEMA = ", ".join(f"{name} {kind}" for name, kind in LINE_COLUMNS)
_DATE_PROPS = [p.name for p in EDGE_PROPERTIES if p.type == "DATE"]
_ADMIN_TYPES = {"STRING": "string", "DATE": "date", "FLOAT": "float", "INTEGER": "long"}  # as kg/store/export.py
_CSV_OPTIONS = {"quote": '"', "escape": '"', "header": "false", "ignoreLeadingWhiteSpace": "false",
                "ignoreTrailingWhiteSpace": "false", "nullValue": "", "emptyValue": ""}


def session(master: str | None = "local[*]", *, ui: bool = False, app_name: str = "kg-spark",
            conf: dict[str, str] | None = None) -> SparkSession:
    """A Spark session; embedded (local) ones bind to 127.0.0.1 and use this interpreter for Python workers.

    `master=None` keeps what spark-submit was given.
    """
    builder = SparkSession.builder.appName(app_name)
    if master is not None:
        builder = builder.master(master)
    settings = {"spark.ui.enabled": "true" if ui else "false",
                "spark.sql.adaptive.coalescePartitions.enabled": "false",  # keep chunks spread over the cores
                "spark.sql.execution.arrow.pyspark.enabled": "true", "spark.ui.showConsoleProgress": "false"}
    if master is not None and master.startswith("local"):
        os.environ.setdefault("SPARK_LOCAL_IP", "127.0.0.1")
        settings.update({"spark.driver.bindAddress": "127.0.0.1", "spark.driver.host": "127.0.0.1",
                         "spark.pyspark.python": sys.executable, "spark.pyspark.driver.python": sys.executable})
    settings.update(conf or {})
    for key, value in settings.items():
        builder = builder.config(key, value)
    spark = builder.getOrCreate()
    spark.sparkContext.setLogLevel("ERROR")
    cores = spark.sparkContext.defaultParallelism
    spark.conf.set("spark.sql.shuffle.partitions", str(max(2, 4 * cores)))
    return spark


# --- inputs -----------------------------------------------------------------------------------

def _has_scheme(path: str) -> bool:
    return "://" in path or path.startswith(("hdfs:", "s3a:", "s3:", "gs:", "abfs:", "file:"))


def _codebook_files(codebook: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in codebook.parent.iterdir() if p.is_file() and p.suffix in (".csv", ".txt")}


def input_files(loader: str, paths: Sequence[str], source: str | None = None,
                codebook: Path | None = None) -> JobContext:
    """The files to read (folders expanded like `kg load` does) and what executors need to map them."""
    from kg.textio import expand_paths
    from loaders import LOADERS as SPECS
    from loaders import read_source_sidecar
    from loaders.cameo import find_codebook
    from loaders.icews import IdLayout

    spec = SPECS[loader]
    local = [Path(p) for p in paths if not _has_scheme(p)]
    names: list[tuple[str, str, Path]] = [(str(p), p.resolve().as_uri(), p) for p in expand_paths(local, spec.patterns)]
    names += [(p, p, Path(urlparse(p).path)) for p in paths if _has_scheme(p)]
    context = JobContext(files={})
    for index, (shown, uri, path) in enumerate(names):
        if not _has_scheme(shown) and not path.is_file():
            raise FileNotFoundError(f"{shown}: no such file")
        found = codebook or (find_codebook(path) if not _has_scheme(shown) else None)
        if found is not None and str(found) not in context.codebooks:
            context.codebooks[str(found)] = _codebook_files(found)
        sidecar = read_source_sidecar(path) if not _has_scheme(shown) else None
        context.files[index] = FileInfo(index, shown, uri, loader,
                                        source or (sidecar.id if sidecar else spec.default_source(path)),
                                        str(found) if found else None)
        if loader == "icews" and not _has_scheme(shown) and (path.parent / "entity2id.txt").exists():
            context.id_layouts[index] = IdLayout(path.parent)
    if not context.files:
        raise FileNotFoundError(f"no {loader} files in {', '.join(paths)}")
    return context


def _uri_key(uri: str) -> tuple[str, str]:
    parsed = urlparse(uri)
    return parsed.scheme or "file", parsed.path


# --- mapping ----------------------------------------------------------------------------------

def map_events(spark: SparkSession, context: JobContext) -> DataFrame:
    """One row per input line that is an event or a reject (`record_kind`), mapped by the Python loaders.

    Files are read by Spark (`binaryFile`), split into numbered lines and mapped in Python workers, with
    Arrow batches both ways (`mapInPandas`, `applyInPandas`): no row is pickled between the JVM and Python.
    """
    shared = spark.sparkContext.broadcast(context)
    by_uri = {_uri_key(info.uri): info.index for info in context.files.values()}
    line_columns = [c.split()[0] for c in _LINES_SCHEMA.split(", ")]

    def split(batches: Iterable[pd.DataFrame]) -> Iterable[pd.DataFrame]:
        for batch in batches:
            for uri, content in zip(batch["path"], batch["content"], strict=True):
                info = shared.value.files[by_uri[_uri_key(uri)]]
                lines = split_file(info, bytes(content), shared.value.chunk_lines)
                while block := list(itertools.islice(lines, 50_000)):
                    yield _object_strings(pd.DataFrame.from_records(block, columns=line_columns))

    files = spark.read.format("binaryFile").load([info.uri for info in context.files.values()])
    numbered = files.select("path", "content").mapInPandas(split, _LINES_SCHEMA)
    empty = [(index, 0, 0, None, "empty", None) for index in _empty_files(spark, context)]
    if empty:  # Spark's file sources skip empty files; the loaders reject them, so must the job
        numbered = numbered.unionByName(spark.createDataFrame(empty, _LINES_SCHEMA))
    columns = [name for name, _ in LINE_COLUMNS]

    def mapped(chunk: pd.DataFrame) -> pd.DataFrame:
        chunk = chunk.sort_values("line")
        items = zip(chunk["file_idx"], chunk["line"], chunk["text"], chunk["layout"], chunk["reason"], strict=True)
        typed = ((int(f), int(n), _text(t), lay, _text(r)) for f, n, t, lay, r in items)
        records = list(map_chunk(shared.value, typed))
        return pd.DataFrame.from_records(records, columns=columns).astype(object)

    return numbered.groupBy("file_idx", "chunk").applyInPandas(mapped, _MAPPED_SCHEMA)


def _empty_files(spark: SparkSession, context: JobContext) -> list[int]:
    """Indexes of the inputs of length 0, asked of the file system Spark reads them from (local, HDFS, s3a)."""
    jvm: Any = spark.sparkContext._jvm
    conf = spark.sparkContext._jsc.hadoopConfiguration()
    empty = []
    for info in context.files.values():
        path = jvm.org.apache.hadoop.fs.Path(info.uri)
        if path.getFileSystem(conf).getFileStatus(path).getLen() == 0:
            empty.append(info.index)
    return empty


def _object_strings(frame: pd.DataFrame) -> pd.DataFrame:
    """pyspark 4.0's Arrow conversion cannot take pandas 3's Arrow-backed strings: hand it Python objects."""
    for column in frame.columns:
        if frame[column].dtype.kind not in "iuf":
            frame[column] = frame[column].astype(object)
    return frame


def _text(value: Any) -> str | None:
    return None if value is None or (isinstance(value, float) and pd.isna(value)) else str(value)


# --- outputs ----------------------------------------------------------------------------------

@dataclass
class Written:
    """What `kg load` of the mapped rows writes, by the writer's rules (kg.store.writer; kg.store.export applies
    them too), in file and line order: the order is explicit (file index, line), never the partitions'."""

    rows: DataFrame  # every row the writer writes, all versions of an edge: nodes merge over these
    events: DataFrame  # one per (type, event id), its last version: the edges
    conflicts: DataFrame  # rows the writer rejects: their event id already names an edge between other actors


def by_writer_rules(rows: DataFrame) -> Written:
    """A (type, event id) keeps the endpoints of its first version (the uniqueness constraint refuses a later one
    between other actors) and the properties of its last (`SET r = row.props`)."""
    key = Window.partitionBy("relation", "event_id")
    in_order = key.orderBy("file_idx", "line").rowsBetween(Window.unboundedPreceding, Window.unboundedFollowing)
    first = F.first(F.struct("subject_id", "object_id")).over(in_order)
    bound = rows.withColumn("_first", first)
    other_ends = (F.col("subject_id") != F.col("_first.subject_id")) | (F.col("object_id") != F.col("_first.object_id"))
    written = bound.where(~other_ends).drop("_first")
    last = F.row_number().over(key.orderBy(F.desc("file_idx"), F.desc("line")))
    events = written.withColumn("_n", last).where("_n = 1").drop("_n")
    return Written(written, events, bound.where(other_ends).drop("_first"))


_REJECT_COLUMNS = ("record_kind", "file_idx", "path", "line", "reason", "reject_column", "actor")
_REJECT_SCHEMA = "record_kind string, file_idx int, path string, line long, reason string, reject_column string, " \
                 "actor string"


def conflict_rejects(conflicts: DataFrame) -> DataFrame:
    """The writer's own reject (`kg.store.writer.conflict_reject`) for each conflicting row."""
    columns = [c.split()[0] for c in _REJECT_SCHEMA.split(", ")]

    def rejects(batches: Iterable[pd.DataFrame]) -> Iterable[pd.DataFrame]:
        from kg.store.writer import conflict_reject

        for batch in batches:
            records = [reject_record(int(f), conflict_reject(str(p), int(n), str(e))) for f, p, n, e in
                       zip(batch["file_idx"], batch["path"], batch["line"], batch["event_id"], strict=True)]
            yield pd.DataFrame.from_records(records, columns=columns).astype(object)

    return conflicts.select("file_idx", "path", "line", "event_id").mapInPandas(rejects, _REJECT_SCHEMA)


def admin_frames(written: Written) -> dict[str, DataFrame]:
    """The three neo4j-admin import tables (headers apart), as kg/store/export.py writes them: the last version of
    each edge; each node's properties merged over every row written, the smallest value per property (the
    writer's `merge_node_props`: nulls skipped, strings ordered by UTF-16 code unit as Neo4j orders them)."""
    ends = [written.rows.select(F.col(f"{end}_id").alias("id"), *(F.col(f"{end}_{p}").alias(p) for p in NODE_PROPS),
                                F.col(f"{end}_label").alias("label")) for end in ("subject", "object")]
    labels = F.concat_ws(";", F.lit(ACTOR_LABEL), F.array_sort(F.collect_set("label"))).alias("labels")
    smallest = [F.min_by(p, F.encode(p, "UTF-16BE")).alias(p) for p in NODE_PROPS]  # as kg.store.writer.neo4j_order
    nodes = ends[0].unionByName(ends[1]).groupBy("id").agg(*smallest, labels)
    events = written.events
    relationships = events.select("subject_id", "object_id", "relation", *(p.name for p in EDGE_PROPERTIES))
    sources = events.select(F.col("source").alias("id")).distinct().select(
        "id", F.lit("").alias("title"), F.lit("").alias("url"), F.lit("").alias("kind"),
        F.lit(SOURCE_LABEL).alias("labels"))
    return {"nodes": nodes, "sources": sources, "relationships": relationships}


ADMIN_HEADERS = {
    "nodes": [f"id:ID({ACTOR_LABEL})", *NODE_PROPS, ":LABEL"],
    "sources": [f"id:ID({SOURCE_LABEL})", "title", "url", "kind", ":LABEL"],
    "relationships": [f":START_ID({ACTOR_LABEL})", f":END_ID({ACTOR_LABEL})", ":TYPE",
                      *(f"{p.name}:{_ADMIN_TYPES[p.type]}" for p in EDGE_PROPERTIES)],
}


def write_admin(written: Written, out: Path) -> dict[str, int]:
    """`out/{nodes,sources,relationships}/header.csv` + Spark's part files: `kg server import out` loads them."""
    import csv

    counts = {}
    for name, frame in admin_frames(written).items():
        folder = out / name
        frame.write.mode("overwrite").options(**_CSV_OPTIONS).csv(folder.resolve().as_uri())
        with (folder / "header.csv").open("w", newline="", encoding="utf-8") as handle:
            csv.writer(handle).writerow(ADMIN_HEADERS[name])
        counts[name] = frame.count()
    return counts


def write_parquet(events: DataFrame, out: Path) -> None:
    typed = events.select(*[F.col(c).cast("date").alias(c) if c in _DATE_PROPS else F.col(c) for c in events.columns])
    day = F.coalesce(F.col("date"), F.col("since"))
    typed = typed.withColumn("year", F.year(day)).withColumn("month", F.month(day))
    typed.write.mode("overwrite").partitionBy("year", "month").parquet(out.resolve().as_uri())


def rolled_up(written: Written) -> DataFrame:
    """The events the analysis counts, with the two countries `country_events` gives them: the state an end
    holds office for on the day, else the actor's own country as the graph merges it (smallest of its rows')."""
    events = written.events
    ends = [written.rows.select(F.col(f"{end}_id").alias("id"),
                          F.when(F.col(f"{end}_label") == NodeLabel.COUNTRY.value, F.col(f"{end}_iso3"))
                          .otherwise(F.col(f"{end}_country")).alias("static")) for end in ("subject", "object")]
    static = ends[0].unionByName(ends[1]).groupBy("id").agg(F.min("static").alias("static"))
    counted = events.where("family IS NOT NULL")
    for end, column in (("subject", "a"), ("object", "b")):
        own = static.select(F.col("id").alias(f"{end}_id"), F.col("static").alias(f"{column}_static"))
        counted = counted.join(own, f"{end}_id", "left").withColumn(
            column, F.coalesce(F.col(f"{end}_office"), F.col(f"{column}_static")))
    return counted


def aggregate_frame(counted: DataFrame, window: str = "day") -> DataFrame:
    """Dyad × window: event counts, Goldstein sums and means, per relation and family (cooperative or not)."""
    if window not in ("day", *FREQUENCIES):
        raise ValueError(f"unknown window {window!r}; use day or one of {', '.join(FREQUENCIES)}")
    day = F.to_date(F.coalesce(F.col("date"), F.col("since")))
    start = day if window == "day" else F.to_date(F.date_trunc(window, day))
    between_states = counted.where("a IS NOT NULL AND b IS NOT NULL AND a <> b")
    return (between_states.withColumn("window_start", start)
            .groupBy("window_start", "a", "b", "relation", "family")
            .agg(F.count(F.lit(1)).alias("count"), F.sum("goldstein").alias("goldstein_sum"),
                 F.avg("goldstein").alias("goldstein_mean")))


def write_aggregates(written: Written, out: Path, window: str = "day") -> dict[str, Any]:
    events = written.events
    counted = rolled_up(written).persist(StorageLevel.MEMORY_AND_DISK)
    frame = aggregate_frame(counted, window)
    frame.orderBy("window_start", "a", "b").coalesce(max(1, events.sparkSession.sparkContext.defaultParallelism)) \
        .write.mode("overwrite").parquet(out.resolve().as_uri())
    dropped = counted.agg(
        F.sum(F.when(F.col("a").isNull() | F.col("b").isNull(), 1).otherwise(0)).alias("no_country"),
        F.sum(F.when(F.col("a") == F.col("b"), 1).otherwise(0)).alias("domestic")).collect()[0]
    meta = {"window": window, "rows": frame.count(), "dropped_no_country": int(dropped["no_country"] or 0),
            "dropped_domestic": int(dropped["domestic"] or 0)}
    counted.unpersist()
    (out / META_FILE).write_text(json.dumps(meta, indent=2) + "\n", encoding="utf-8")
    return meta


def write_rejects(rejects: DataFrame, out: Path) -> int:
    table = rejects.select("path", "line", F.col("reject_column").alias("column"), "reason", "actor")
    table.orderBy("path", "line").write.mode("overwrite").option("header", "true").options(
        quote='"', escape='"').csv(out.resolve().as_uri())
    return table.count()


@dataclass
class JobResult:
    files: int
    events: int = 0
    rejected: int = 0
    skipped: int = 0  # out of scope (domestic events), as `kg load` counts them
    seconds: float = 0.0
    outputs: dict[str, Any] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        return {"files": self.files, "events": self.events, "rejected": self.rejected, "skipped": self.skipped,
                "seconds": round(self.seconds, 3), "outputs": self.outputs}


class JobOptions(TypedDict, total=False):
    """What `run` may be told besides its inputs; each has a default."""

    outputs: Sequence[str]  # a subset of OUTPUTS (default: all)
    window: str  # the aggregates' window: day (default) or a FREQUENCIES name
    source: str | None  # the source label for every file (default: each file's own)
    codebook: Path | None  # the ICEWS CAMEO codebook (default: found beside the data)


def run(spark: SparkSession, loader: str, paths: Sequence[str], out: Path, **options: Unpack[JobOptions]
        ) -> JobResult:
    """Map the inputs once and write the selected outputs under `out` (admin/, events/, aggregates/, rejects/)."""
    outputs = options.get("outputs", OUTPUTS)
    window = options.get("window", "day")
    source, codebook = options.get("source"), options.get("codebook")
    if loader not in LOADERS:
        raise ValueError(f"the Spark job reads {' and '.join(LOADERS)}, not {loader!r}")
    unknown = set(outputs) - set(OUTPUTS)
    if unknown:
        raise ValueError(f"unknown outputs {sorted(unknown)}; choose from {', '.join(OUTPUTS)}")
    started = time.perf_counter()
    context = input_files(loader, paths, source, codebook)
    mapped = map_events(spark, context).persist(StorageLevel.MEMORY_AND_DISK)
    try:
        written = by_writer_rules(mapped.where("record_kind = 'row'"))
        written.rows.persist(StorageLevel.MEMORY_AND_DISK)
        events = written.events.persist(StorageLevel.MEMORY_AND_DISK)
        result = JobResult(files=len(context.files))
        out.mkdir(parents=True, exist_ok=True)
        rejects = mapped.where("record_kind = 'reject'").select(*_REJECT_COLUMNS)
        result.rejected = write_rejects(rejects.unionByName(conflict_rejects(written.conflicts)), out / "rejects")
        result.skipped = mapped.where("record_kind = 'skip'").count()
        result.events = events.count()
        if "admin" in outputs:
            result.outputs["admin"] = write_admin(written, out / "admin")
        if "parquet" in outputs:
            write_parquet(events, out / "events")
            result.outputs["parquet"] = str(out / "events")
        if "aggregates" in outputs:
            result.outputs["aggregates"] = write_aggregates(written, out / "aggregates", window)
        events.unpersist()
        written.rows.unpersist()
    finally:
        mapped.unpersist()
    result.seconds = time.perf_counter() - started
    (out / "_kg_job.json").write_text(json.dumps(result.as_dict(), indent=2) + "\n", encoding="utf-8")
    return result


def main(argv: Sequence[str] | None = None) -> int:
    """`spark-submit kg/spark/job.py OUT --loader icews PATH… [--outputs admin,parquet,aggregates]`."""
    parser = argparse.ArgumentParser(prog="kg-spark-job", description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("paths", nargs="+")
    parser.add_argument("--loader", choices=LOADERS, required=True)
    parser.add_argument("--outputs", default=",".join(OUTPUTS))
    parser.add_argument("--window", default="day", choices=("day", *FREQUENCIES))
    parser.add_argument("--source")
    parser.add_argument("--master", help="default: spark-submit's --master, else local[*]")
    args = parser.parse_args(argv)
    # Under spark-submit (it starts the JVM gateway first) its --master rules; run by hand, local[*].
    launched_by_submit = "PYSPARK_GATEWAY_PORT" in os.environ
    spark = session(args.master or (None if launched_by_submit else "local[*]"))
    try:
        result = run(spark, args.loader, args.paths, args.out, outputs=args.outputs.split(","), window=args.window,
                     source=args.source)
    finally:
        spark.stop()
    print(json.dumps(result.as_dict(), indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
