// name: between
// question: What happened between two countries (their people and state bodies included), in date order?
// :param a => 'RUS'
// :param b => 'USA'
// :param limit => 200
// types: a=country b=country limit=int 1..100000
CALL () {
  MATCH (x:Actor) WHERE x.iso3 = $a OR x.country = $a RETURN x AS side_a
  UNION
  MATCH (x:Person)-[:HOLDS_OFFICE]->(:Country {iso3: $a}) RETURN x AS side_a
}
MATCH (side_a)-[r]-(other:Actor)
WHERE NOT type(r) IN ['HOLDS_OFFICE', 'MEMBER_OF'] AND coalesce(r.status, '') <> 'planned'
  AND (other.iso3 = $b OR other.country = $b OR EXISTS { MATCH (other)-[:HOLDS_OFFICE]->(:Country {iso3: $b}) })
RETURN CASE r.date_precision WHEN 'year' THEN left(toString(coalesce(r.date, r.since)), 4) WHEN 'month' THEN left(toString(coalesce(r.date, r.since)), 7) ELSE toString(coalesce(r.date, r.since)) END AS date, startNode(r).name AS subject, type(r) AS relation,
       endNode(r).name AS object, r.status AS status, r.cameo AS cameo, r.goldstein AS goldstein, r.source AS source
ORDER BY date IS NULL, date
LIMIT $limit
