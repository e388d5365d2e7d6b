// name: partners
// question: Which countries does a country interact with most in a date window (people and state bodies rolled up to their country)?
// Goldstein sums only cover events that carry a score (blank when none does).
// Undated events pass a date filter only with include_undated; planned events never count (see `planned`).
// :param country => 'RUS'
// :param date_from => null
// :param date_to => null
// :param include_undated => false
// :param limit => 20
// types: country=country date_from=date date_to=date include_undated=bool limit=int 1..100000
CALL () {
  MATCH (c:Country {iso3: $country}) RETURN c AS side
  UNION
  MATCH (p:Person)-[:HOLDS_OFFICE]->(:Country {iso3: $country}) RETURN p AS side
  UNION
  MATCH (g:Actor {country: $country}) RETURN g AS side
}
MATCH (side)-[r]-(other:Actor)
WHERE NOT type(r) IN ['HOLDS_OFFICE', 'MEMBER_OF']
  AND coalesce(r.status, '') <> 'planned'
  AND CASE WHEN $date_from IS NULL AND $date_to IS NULL THEN true
           WHEN coalesce(r.date, r.since) IS NULL THEN $include_undated
           ELSE coalesce(date($date_from), date('0001-01-01')) <= coalesce(r.date, r.since)
                <= coalesce(date($date_to), date('9999-12-31')) END
CALL (other) {
  OPTIONAL MATCH (other)-[:HOLDS_OFFICE]->(oc:Country)
  RETURN coalesce(other.iso3, other.country, oc.iso3) AS partner_iso3
  LIMIT 1
}
WITH partner_iso3, r
WHERE partner_iso3 IS NOT NULL AND partner_iso3 <> $country
MATCH (p:Country {iso3: partner_iso3})
RETURN p.iso3 AS iso3, p.name AS partner, count(r) AS events,
       collect(DISTINCT type(r)) AS relations, CASE WHEN count(r.goldstein) > 0 THEN round(sum(r.goldstein), 1) END AS goldstein_sum
ORDER BY events DESC, partner
LIMIT $limit
