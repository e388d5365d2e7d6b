// Integrity of edges: per type and source, how many lack provenance or point at a missing Source node.
MATCH ()-[r]->()
WITH type(r) AS type, r.source AS source, r.event_id IS NULL AS no_event_id
RETURN type, source, count(*) AS edges, sum(CASE WHEN no_event_id THEN 1 ELSE 0 END) AS without_event_id,
       source IS NOT NULL AND NOT EXISTS { MATCH (s:Source {id: source}) } AS source_missing
ORDER BY source, type
