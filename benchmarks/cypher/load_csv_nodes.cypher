// Benchmark baseline 2a: Neo4j's own online bulk path, one file per label (static labels keep it streaming).
LOAD CSV WITH HEADERS FROM 'file:///bench-nodes-{{label}}.csv' AS row
CALL (row) {
  MERGE (n:Actor {id: row.id})
  SET n:{{label}}, n.name = row.name, n.iso3 = row.iso3, n.kind = row.kind, n.country = row.country
} IN TRANSACTIONS OF 5000 ROWS
