// Edges of one relationship type that name one of $sources (uses the per-type index on `source`).
MATCH ()-[r:{{rel_type}}]->()
WHERE r.source IN $sources
RETURN count(r) AS n
