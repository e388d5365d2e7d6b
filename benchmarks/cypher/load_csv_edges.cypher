// Benchmark baseline 2b: the same events' edges, one file per relationship type, MERGEd by event_id.
LOAD CSV WITH HEADERS FROM 'file:///bench-edges-{{rel_type}}.csv' AS row
CALL (row) {
  MATCH (a:Actor {id: row.subject})
  MATCH (b:Actor {id: row.object})
  MERGE (a)-[r:{{rel_type}} {event_id: row.event_id}]->(b)
  SET r.source = row.source, r.status = row.status, r.date = date(row.date), r.since = date(row.since),
      r.until = date(row.until), r.date_precision = row.date_precision, r.cameo = row.cameo,
      r.cameo_root = row.cameo_root, r.goldstein = toFloat(row.goldstein), r.quad_class = toInteger(row.quad_class),
      r.plover = row.plover
} IN TRANSACTIONS OF 5000 ROWS
