// Delete up to $limit edges of one type that came from a source (repeat until 0), and in the same transaction
// the endpoints this leaves without any edge (unless they are reference data): a kill between two batches
// never leaves an orphan behind.
MATCH (a)-[r:{{rel_type}}]->(b)
WHERE r.source = $source
WITH r, a, b LIMIT $limit
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
