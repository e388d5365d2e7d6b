// Benchmark only: empty the benchmark server between runs.
MATCH (n) CALL (n) { DETACH DELETE n } IN TRANSACTIONS OF 20000 ROWS
