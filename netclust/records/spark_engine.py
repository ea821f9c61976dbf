"""Spark runs the same aggregation SQL as DuckDB (``pip install netclust[spark]``).

The master is ``spark_master`` (``--spark-master``), else ``$SPARK_MASTER``, else
``local[*]``; an existing session (``spark=``, or the active one, e.g. from
``spark-submit``) is used as it is. The session runs with ANSI SQL and
``spark.sql.ansi.doubleQuotedIdentifiers`` (so identifiers are quoted as in
DuckDB) and ``spark.sql.session.timeZone=UTC``.

On a real cluster the record paths must be visible to the executors (HDFS, S3,
a shared file system; URLs are passed through unchanged). Only the aggregated
links come back to the driver, as Arrow. What is tested: local mode in CI, on
files where the links must equal DuckDB's and pandas'. Not tested here: a
multi-node cluster and remote file systems. CSV fields with quoted line breaks
are not supported by this engine (Spark reads CSV line by line for splitting);
use Parquet for large inputs. Validation reports name the file but not the
row (Spark has no stable row number).
"""

from __future__ import annotations

import os
import warnings

import pyarrow as pa

from netclust.errors import InputError, SchemaError

__all__ = ["session", "links_and_problems"]

_CONF = {"spark.sql.session.timeZone": "UTC", "spark.sql.ansi.enabled": "true",
         "spark.sql.ansi.doubleQuotedIdentifiers": "true"}


def session(master: str | None = None):
    """The Spark session to use: the active one, or a new one on ``master``.

    Raises
    ------
    InputError
        pyspark is not installed, or Spark (Java) cannot start.
    """
    try:
        from pyspark.sql import SparkSession
    except ImportError:
        raise InputError("engine 'spark' needs pyspark: pip install 'netclust[spark]'") from None
    active = SparkSession.getActiveSession()
    if active is not None and master is None:
        return active
    builder = (SparkSession.builder.appName("netclust-aggregate")
               .master(master or os.environ.get("SPARK_MASTER") or "local[*]")
               .config("spark.ui.enabled", "false").config("spark.ui.showConsoleProgress", "false"))
    for k, v in _CONF.items():
        builder = builder.config(k, v)
    try:
        return builder.getOrCreate()
    except Exception as exc:  # Py4J/Java start-up errors have no common base class
        raise InputError(f"cannot start Spark ({master or 'local[*]'}): {str(exc).splitlines()[0]}. "
                         "Is Java 17 installed (JAVA_HOME)?") from None


def _kind(dtype) -> str:
    name = dtype.typeName()
    if name in ("date", "timestamp", "timestamp_ntz"):
        return "date"
    if name in ("string", "boolean", "binary", "char", "varchar"):
        return "text"
    return "number"


def _read(spark, sources):
    reader = spark.read
    if sources.base and sources.hive:
        reader = reader.option("basePath", sources.base)
    if sources.fmt == "parquet":
        df = reader.option("mergeSchema", "true").parquet(*sources.files)
    else:
        df = reader.options(header=True, sep=sources.delimiter, quote='"', escape='"',
                            inferSchema=False, encoding="UTF-8").csv(sources.files)
    return df.selectExpr("*", "_metadata.file_path AS _file")


def _label(sources):
    def label(path):
        text = str(path)
        local = text[len("file:"):] if text.startswith("file:") else text
        local = "/" + local.lstrip("/") if text.startswith("file:") else local
        return sources.label(local)
    return label


def links_and_problems(records, opts: dict, *, workdir, encoding=None, spark_master=None, spark=None,
              progress=None, **_duckdb):
    """Run the aggregation on Spark: ``(groups, report, sql)`` (see ``aggregate_records``)."""
    from netclust._progress import report as tick
    from netclust.records.aggregation import report_for
    from netclust.records.sources import find_sources

    tick(progress, 0, 3)
    sources = find_sources(records, encoding=encoding, workdir=workdir)
    with warnings.catch_warnings():  # pyspark warns about pandas versions it has not certified
        warnings.filterwarnings("ignore", message="PySpark does not yet", category=FutureWarning)
        groups, counts, cmap, sql = _run(spark or session(spark_master), sources, opts, progress)
    report = report_for(counts, cmap, label=_label(sources))
    tick(progress, 3, 3)
    return groups, report, sql


def _run(spark, sources, opts, progress):
    from netclust._progress import report as tick
    from netclust.records.aggregation import has_problems, plan, problem_query
    from netclust.records.sources import resolve_columns
    from netclust.records.sql import ColumnMap

    for k, v in _CONF.items():
        spark.conf.set(k, v)
    try:
        df = _read(spark, sources)
    except Exception as exc:  # AnalysisException and Py4J errors
        raise SchemaError(f"Spark cannot read the records: {str(exc).splitlines()[0]}") from None
    kinds = {f.name: _kind(f.dataType) for f in df.schema.fields if f.name != "_file"}
    df.createOrReplaceTempView("records")
    if opts["firms"] is not None:
        ids = [(x,) for x in opts["firms"].column("firm_id").to_pylist()]  # firms: small
        spark.createDataFrame(ids, "firm_id STRING").createOrReplaceTempView("firms")
    cmap = ColumnMap(resolve_columns(list(kinds), opts["columns"],
                                     measures=[c for c, _ in opts["measures"]]), kinds)
    args, sql = plan(cmap, opts)
    tick(progress, 1, 3)
    groups = _arrow(spark.sql(sql))
    tick(progress, 2, 3)
    counts = _arrow(spark.sql(problem_query(cmap, args))) if has_problems(groups) else groups
    return groups, counts, cmap, sql


def _arrow(result) -> pa.Table:
    """A Spark DataFrame as Arrow: ``toArrow`` (pyspark >= 4.0)."""
    return result.toArrow()
