// name: events-by-source
// question: Which edges did one source (article, dataset file) put in the graph, with their evidence?
// :param source => 'seed-article'
// :param limit => 100
MATCH (s:Source {id: $source})
MATCH (a:Actor)-[r]->(b:Actor)
WHERE r.source = s.id
RETURN a.name AS subject, type(r) AS relation, b.name AS object, r.status AS status,
       toString(coalesce(r.date, r.since)) AS date, r.evidence AS evidence
ORDER BY relation, subject, object
LIMIT $limit
