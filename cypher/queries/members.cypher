// name: members
// question: Which countries and organizations were members of an organization on a given date?
// Memberships without dates count as current; `ended` ones only up to their `until`.
// :param org => 'NATO'
// :param at_date => '2024-06-01'
// types: org=org at_date=date
CALL () {
  MATCH (o:Actor {id: $org}) WHERE o:Organization RETURN o
  UNION
  CALL db.index.fulltext.queryNodes('actor_search', '"' + replace(replace($org, '\\', ' '), '"', ' ') + '"')
  YIELD node
  WITH node WHERE node:Organization
    AND (toLower(node.name) = toLower($org) OR toLower($org) IN [a IN coalesce(node.aliases, []) | toLower(a)])
  RETURN node AS o
}
MATCH (m:Actor)-[r:MEMBER_OF]->(o)
WHERE r.status <> 'planned'
  AND (r.since IS NULL OR r.since <= date($at_date))
  AND (r.until IS NULL OR r.until >= date($at_date))
  AND (r.status <> 'ended' OR r.until IS NOT NULL)
RETURN o.name AS organization, m.name AS member, coalesce(m.iso3, m.id) AS id,
       toString(min(r.since)) AS since, collect(DISTINCT r.source) AS sources
ORDER BY member
