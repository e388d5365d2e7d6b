// name: partners
// question: Which countries does a country interact with most in a date window (people and state bodies rolled up to their country)?
// Undated events count when include_undated is true. Goldstein sums only cover events that carry a score.
// :param country => 'RUS'
// :param date_from => '1900-01-01'
// :param date_to => '2100-12-31'
// :param include_undated => true
// :param limit => 20
CALL () {
  MATCH (c:Country {iso3: $country}) RETURN c AS side
  UNION
  MATCH (p:Person)-[:HOLDS_OFFICE]->(:Country {iso3: $country}) RETURN p AS side
  UNION
  MATCH (g:Actor {country: $country}) RETURN g AS side
}
MATCH (side)-[r]-(other:Actor)
WHERE NOT type(r) IN ['HOLDS_OFFICE', 'MEMBER_OF']
  AND CASE WHEN coalesce(r.date, r.since) IS NULL THEN $include_undated
           ELSE date($date_from) <= coalesce(r.date, r.since) <= date($date_to) END
CALL (other) {
  OPTIONAL MATCH (other)-[:HOLDS_OFFICE]->(oc:Country)
  RETURN coalesce(other.iso3, other.country, oc.iso3) AS partner_iso3
  LIMIT 1
}
WITH partner_iso3, r
WHERE partner_iso3 IS NOT NULL AND partner_iso3 <> $country
MATCH (p:Country {iso3: partner_iso3})
RETURN p.iso3 AS iso3, p.name AS partner, count(r) AS events,
       collect(DISTINCT type(r)) AS relations, round(sum(r.goldstein), 1) AS goldstein_sum
ORDER BY events DESC, partner
LIMIT $limit
