// A load that replaces its source (a re-extracted article, a new reference data version) pruned what the older
// loads of that source wrote: their manifests no longer describe the graph, so they go.
MATCH (l:{{load}})
WHERE l.source = $source AND l.loader = $loader AND l.id <> $id AND l.status IN ['complete', 'rejected', 'stale']
DELETE l
RETURN count(*) AS deleted
