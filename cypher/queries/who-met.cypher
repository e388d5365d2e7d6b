// name: who-met
// question: Who met, called, visited, hosted or negotiated with a country or its officials since a date?
// Officials are people holding office for the country and bodies of its state (ICEWS "Military (Russia)");
// the country need not be a node itself (ICEWS14 has no bare "Russia").
// :param country => 'RUS'
// :param since => '1900-01-01'
// :param include_undated => true
CALL () {
  MATCH (c:Country {iso3: $country}) RETURN c AS side
  UNION
  MATCH (p:Person)-[:HOLDS_OFFICE]->(:Country {iso3: $country}) RETURN p AS side
  UNION
  MATCH (g:Actor {country: $country}) RETURN g AS side
}
MATCH (side)-[r:MET|CALLED|VISITED|HOSTED|NEGOTIATED_WITH]-(other:Actor)
WHERE coalesce(other.iso3, other.country, '') <> $country
  AND NOT EXISTS { MATCH (other)-[:HOLDS_OFFICE]->(:Country {iso3: $country}) }
  AND CASE WHEN coalesce(r.date, r.since) IS NULL THEN $include_undated
           ELSE coalesce(r.date, r.since) >= date($since) END
CALL (other) {
  OPTIONAL MATCH (other)-[:HOLDS_OFFICE]->(oc:Country)
  RETURN oc.name AS office_country
  LIMIT 1
}
RETURN other.name AS counterpart,
       coalesce(CASE WHEN other:Country THEN other.name END, office_country, other.country) AS counterpart_country,
       side.name AS met_with, type(r) AS relation, r.status AS status,
       toString(coalesce(r.date, r.since)) AS date, r.source AS source
ORDER BY date IS NULL, date DESC, counterpart
