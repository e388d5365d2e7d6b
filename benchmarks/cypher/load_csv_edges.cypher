// Benchmark baseline 2b: the same events' edges, MERGEd by event_id like `kg load` does.
LOAD CSV WITH HEADERS FROM 'file:///bench-edges.csv' AS row
CALL (row) {
  MATCH (a:Actor {id: row.subject})
  MATCH (b:Actor {id: row.object})
  MERGE (a)-[r:$(row.type) {event_id: row.event_id}]->(b)
  SET r.source = row.source, r.status = row.status, r.date = date(row.date), r.since = date(row.since),
      r.until = date(row.until), r.date_precision = row.date_precision, r.cameo = row.cameo,
      r.cameo_root = row.cameo_root, r.goldstein = toFloat(row.goldstein), r.quad_class = toInteger(row.quad_class),
      r.plover = row.plover
} IN TRANSACTIONS OF 5000 ROWS
