// Delete up to $limit edges of one type that came from a source (repeat until 0); returns the endpoints
// so the caller can remove the nodes this left without any edge.
MATCH (a)-[r:{{rel_type}}]->(b)
WHERE r.source = $source
WITH r, a, b LIMIT $limit
DELETE r
RETURN count(*) AS deleted, collect(DISTINCT a.id) + collect(DISTINCT b.id) AS endpoints
