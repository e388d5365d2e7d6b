// Remove a source's edges of one type that its newest version no longer has (reference data updates).
MATCH ()-[r:{{rel_type}}]->()
WHERE r.source = $source AND NOT r.event_id IN $keep
DELETE r
RETURN count(*) AS deleted
