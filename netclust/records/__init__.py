"""Records engines: transaction records -> weighted links, out of core (DuckDB) or on Spark.

``nc.read`` and every command use it for large links inputs (more than 2,000,000
records, globs, partitioned folders) or when ``--engine`` is given
(:mod:`netclust.records.links`); ``netclust aggregate`` runs it on its own.

On a real Spark cluster
-----------------------
The same command runs there unchanged: ``netclust aggregate 'hdfs:///orders/year=*'
--out links.parquet --engine spark --spark-master spark://host:7077`` (or
``--spark-master yarn``, or no option inside ``spark-submit``, which makes the
session active). The record paths must be readable by the executors (HDFS, S3
``s3a://`` with the cluster's credentials, or a shared file system); URLs are
passed to Spark unchanged and the SQL is the same text DuckDB runs
(:mod:`netclust.records.sql`). Only the aggregated links come back to the
driver (as Arrow). Requires ``pyspark>=4.0`` (``DataFrame.toArrow``) and Java 17.
Tested: Spark 4.3 in local mode (``local[1]``) on local files, links identical to
DuckDB's and pandas'. Not tested: a multi-node cluster, YARN, remote file
systems, pyspark 4.0-4.2.

>>> from netclust.records import aggregate_records, RecordsResult
"""

from netclust.records.aggregation import ENGINES, RecordsResult, aggregate_records

__all__ = ["aggregate_records", "RecordsResult", "ENGINES"]
