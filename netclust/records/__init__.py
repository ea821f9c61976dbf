"""Records engines: transaction records -> weighted links, out of core (DuckDB) or on Spark.

>>> from netclust.records import aggregate_records, RecordsResult
"""

from netclust.records.aggregation import ENGINES, RecordsResult, aggregate_records

__all__ = ["aggregate_records", "RecordsResult", "ENGINES"]
