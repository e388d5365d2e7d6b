// name: who-met
// question: Who met, called, visited, hosted or negotiated with a country or its officials since a date?
// Officials are people holding office for the country and bodies of its state (ICEWS "Military (Russia)");
// the country need not be a node itself (ICEWS14 has no bare "Russia").
// :param country => 'RUS'
// Undated events pass a date filter only with include_undated; planned events never count (see `planned`).
// :param since => null
// :param include_undated => false
// types: country=country since=date include_undated=bool
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
  AND coalesce(r.status, '') <> 'planned'
  AND ($since IS NULL OR CASE WHEN coalesce(r.date, r.since) IS NULL THEN $include_undated
                          ELSE coalesce(r.date, r.since) >= date($since) END)
CALL (other) {
  OPTIONAL MATCH (other)-[:HOLDS_OFFICE]->(oc:Country)
  RETURN oc.name AS office_country
  LIMIT 1
}
RETURN other.name AS counterpart,
       coalesce(CASE WHEN other:Country THEN other.name END, office_country, other.country) AS country,
       side.name AS met_with, type(r) AS relation, r.status AS status,
       CASE r.date_precision WHEN 'year' THEN left(toString(coalesce(r.date, r.since)), 4) WHEN 'month' THEN left(toString(coalesce(r.date, r.since)), 7) ELSE toString(coalesce(r.date, r.since)) END AS date, r.source AS source
ORDER BY date IS NULL, date DESC, counterpart
