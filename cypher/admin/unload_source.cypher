// Forget a source: its Source node and the manifests of loads that wrote it (a re-load starts afresh).
MATCH (x)
WHERE (x:Source AND x.id = $source) OR (x:Load AND (x.source = $source OR $source IN coalesce(x.sources, [])))
DETACH DELETE x
RETURN count(*) AS deleted
