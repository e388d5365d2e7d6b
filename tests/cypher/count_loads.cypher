// The load manifests in the graph (one per loaded input).
MATCH (l:Load) RETURN count(l) AS n
