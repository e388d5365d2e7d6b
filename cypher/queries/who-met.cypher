// name: who-met
// question: Who met, called, visited, hosted or negotiated with a country or its officials since a date?
// Officials are people holding office for the country and bodies of its state (ICEWS "Military (Russia)").
// :param country => 'RUS'
// :param since => '1900-01-01'
// :param include_undated => true
MATCH (c:Country {iso3: $country})
CALL (c) {
  RETURN c AS side
  UNION
  MATCH (p:Person)-[:HOLDS_OFFICE]->(c) RETURN p AS side
  UNION
  MATCH (g:Organization {country: c.iso3}) RETURN g AS side
}
MATCH (side)-[r:MET|CALLED|VISITED|HOSTED|NEGOTIATED_WITH]-(other:Actor)
WHERE other <> c
  AND NOT EXISTS { MATCH (other)-[:HOLDS_OFFICE]->(c) }
  AND coalesce(other.country, '') <> c.iso3
  AND CASE WHEN coalesce(r.date, r.since) IS NULL THEN $include_undated
           ELSE coalesce(r.date, r.since) >= date($since) END
OPTIONAL MATCH (other)-[:HOLDS_OFFICE]->(oc:Country)
RETURN other.name AS counterpart,
       coalesce(oc.name, CASE WHEN other:Country THEN other.name END) AS counterpart_country,
       side.name AS met_with, type(r) AS relation, r.status AS status,
       toString(coalesce(r.date, r.since)) AS date, r.source AS source
ORDER BY date IS NULL, date DESC, counterpart
