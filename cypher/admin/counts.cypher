// What is in the graph: nodes per label and edges per type (what `kg report` prints first).
CALL () {
  MATCH (n) UNWIND labels(n) AS name WITH name, count(*) AS n WHERE name <> 'Actor'
  RETURN 'node' AS kind, name, n
  UNION ALL
  MATCH ()-[r]->() RETURN 'edge' AS kind, type(r) AS name, count(*) AS n
}
RETURN kind, name, n
ORDER BY kind DESC, n DESC, name
