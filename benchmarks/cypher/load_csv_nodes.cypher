// Benchmark baseline 2a: Neo4j's own online bulk path, nodes first.
LOAD CSV WITH HEADERS FROM 'file:///bench-nodes.csv' AS row
CALL (row) {
  MERGE (n:Actor {id: row.id})
  SET n:$(row.label), n.name = row.name, n.iso3 = row.iso3, n.kind = row.kind, n.country = row.country
} IN TRANSACTIONS OF 5000 ROWS
