// Loads that started and did not finish (killed, or Neo4j went away): re-run them to resume.
MATCH (l:Load)
WHERE l.status <> 'complete'
RETURN l.path AS path, l.source AS source, l.batches_done AS batches_done, l.rows_done AS rows_done
ORDER BY path
