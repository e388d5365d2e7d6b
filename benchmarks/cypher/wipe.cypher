// Benchmark only: empty the benchmark server between runs. Edges first, in batches: DETACH DELETE of a
// hub node (the USA has tens of thousands of edges) in one transaction exceeds the memory pool.
MATCH ()-[r]->() CALL (r) { DELETE r } IN TRANSACTIONS OF 20000 ROWS;
MATCH (n) CALL (n) { DELETE n } IN TRANSACTIONS OF 20000 ROWS
