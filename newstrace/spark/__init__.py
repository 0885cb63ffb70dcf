"""The pipeline on Apache Spark (PySpark), for corpora that outgrow one machine.

`newstrace spark PATH... --out DIR` runs it; `analyze_on_spark` is the same as a function. It
needs `pip install 'newstrace[spark]'` and a Java runtime; nothing else in newstrace imports it.
"""

from newstrace.spark.job import SparkAnalysis, SparkRun, analyze_on_spark, run_job, save_to_store, spark_session

__all__ = ["SparkAnalysis", "SparkRun", "analyze_on_spark", "run_job", "save_to_store", "spark_session"]
