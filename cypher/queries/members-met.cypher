// name: members-met
// question: Which members of an organization (as of a date) met, called or visited a country or its officials since a date?
// :param org => 'NATO'
// :param country => 'RUS'
// :param at_date => '2022-07-29'
// Undated events pass a date filter only with include_undated; planned events never count (see `planned`).
// :param since => '2022-02-24'
// :param include_undated => false
// types: org=org country=country at_date=date since=date include_undated=bool
CALL () {
  MATCH (o:Actor {id: $org}) WHERE o:Organization RETURN o
  UNION
  CALL db.index.fulltext.queryNodes('actor_search', '"' + replace(replace($org, '\\', ' '), '"', ' ') + '"')
  YIELD node
  WITH node WHERE node:Organization
    AND (toLower(node.name) = toLower($org) OR toLower($org) IN [a IN coalesce(node.aliases, []) | toLower(a)])
  RETURN node AS o
}
MATCH (m:Country)-[ms:MEMBER_OF]->(o)
WHERE ms.status <> 'planned' AND (ms.since IS NULL OR ms.since <= date($at_date))
  AND (ms.until IS NULL OR ms.until >= date($at_date))
CALL (m) {
  RETURN m AS side
  UNION
  MATCH (p:Person)-[:HOLDS_OFFICE]->(m) RETURN p AS side
}
MATCH (side)-[r:MET|CALLED|VISITED|HOSTED|NEGOTIATED_WITH]-(other:Actor)
WHERE coalesce(r.status, '') <> 'planned'
  AND ($since IS NULL OR CASE WHEN coalesce(r.date, r.since) IS NULL THEN $include_undated
                          ELSE coalesce(r.date, r.since) >= date($since) END)
  AND (other.iso3 = $country OR other.country = $country
       OR EXISTS { MATCH (other)-[:HOLDS_OFFICE]->(:Country {iso3: $country}) })
RETURN m.name AS member, side.name AS who, type(r) AS relation, other.name AS counterpart,
       CASE r.date_precision WHEN 'year' THEN left(toString(coalesce(r.date, r.since)), 4) WHEN 'month' THEN left(toString(coalesce(r.date, r.since)), 7) ELSE toString(coalesce(r.date, r.since)) END AS date, r.status AS status, r.source AS source
ORDER BY member, date IS NULL, date
