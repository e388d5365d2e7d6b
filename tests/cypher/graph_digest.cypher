// Tests only: every node and edge with all its properties, in a stable order, to compare two graphs.
CALL () {
  MATCH (n) WHERE NOT n:Load
  RETURN 'node' AS kind, n.id AS key, labels(n) AS labels, properties(n) AS props
  UNION ALL
  MATCH (a)-[r]->(b)
  RETURN 'edge' AS kind, a.id + '|' + type(r) + '|' + r.event_id + '|' + b.id AS key, [type(r)] AS labels,
         properties(r) AS props
}
RETURN kind, key, labels, props
ORDER BY kind, key
