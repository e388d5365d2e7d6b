"""GDELT and ICEWS at full scale on Apache Spark (`kg spark …`, or `spark-submit kg/spark/job.py`).

`kg.spark.mapping` is what executors run (the Python loaders' own mappers, no Spark import);
`kg.spark.job` builds the Spark plan and writes the outputs. Needs the `[spark]` extra (pyspark).
"""
