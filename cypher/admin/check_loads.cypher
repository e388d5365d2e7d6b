// Manifests that are not finished: loads that started and stopped (killed, Neo4j went away, failed), unloads
// that were interrupted, loads whose edges went missing (stale). Also every finished load, to verify its edges.
MATCH (l:Load)
RETURN l.id AS id, l.path AS path, l.source AS source, l.status AS status, l.batches_done AS batches_done,
       l.rows_done AS rows_done, l.edges AS edges, coalesce(l.sources, [l.source]) AS sources, l.error AS error
ORDER BY path, id
