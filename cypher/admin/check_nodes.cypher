// Integrity of nodes: counts per label combination, and how many lack their key.
MATCH (n)
RETURN labels(n) AS labels, count(*) AS nodes, sum(CASE WHEN n.id IS NULL THEN 1 ELSE 0 END) AS without_id
ORDER BY nodes DESC
