// Remove a source's edges of one type that its newest version no longer has (a re-extracted article, a
// reference data update), and in the same transaction the actors this leaves without any edge (not reference data).
MATCH (a)-[r:{{rel_type}}]->(b)
WHERE r.source = $source AND NOT r.event_id IN $keep
DELETE r
WITH collect(DISTINCT a) + collect(DISTINCT b) AS ends, count(*) AS deleted
CALL (ends) {
  UNWIND ends AS n
  WITH DISTINCT n
  WHERE n.reference IS NULL AND NOT EXISTS { (n)--() }
  DELETE n
  RETURN count(*) AS orphans
}
RETURN deleted, orphans
