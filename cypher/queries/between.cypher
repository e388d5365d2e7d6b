// name: between
// question: What happened between two countries (their people and state bodies included), in date order?
// :param a => 'RUS'
// :param b => 'USA'
// :param limit => 200
CALL () {
  MATCH (x:Actor) WHERE x.iso3 = $a OR x.country = $a RETURN x AS side_a
  UNION
  MATCH (x:Person)-[:HOLDS_OFFICE]->(:Country {iso3: $a}) RETURN x AS side_a
}
MATCH (side_a)-[r]-(other:Actor)
WHERE NOT type(r) IN ['HOLDS_OFFICE', 'MEMBER_OF']
  AND (other.iso3 = $b OR other.country = $b OR EXISTS { MATCH (other)-[:HOLDS_OFFICE]->(:Country {iso3: $b}) })
RETURN toString(coalesce(r.date, r.since)) AS date, startNode(r).name AS subject, type(r) AS relation,
       endNode(r).name AS object, r.status AS status, r.cameo AS cameo, r.goldstein AS goldstein, r.source AS source
ORDER BY date IS NULL, date
LIMIT $limit
