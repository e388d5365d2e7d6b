// name: events-by-source
// question: Which edges did one source (article, dataset file) put in the graph, with their evidence?
// :param source => 'seed-article'
// :param limit => 100
// types: source=str limit=int 1..100000
MATCH (s:Source {id: $source})
MATCH (a:Actor)-[r]->(b:Actor)
WHERE r.source = s.id
RETURN a.name AS subject, type(r) AS relation, b.name AS object, r.status AS status,
       CASE r.date_precision WHEN 'year' THEN left(toString(coalesce(r.date, r.since)), 4) WHEN 'month' THEN left(toString(coalesce(r.date, r.since)), 7) ELSE toString(coalesce(r.date, r.since)) END AS date, r.evidence AS evidence
ORDER BY relation, subject, object
LIMIT $limit
