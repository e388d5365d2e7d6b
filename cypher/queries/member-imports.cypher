// name: member-imports
// question: Which members of an organization import from a given country, what and how much?
// :param org => 'Quad'
// :param exporter => 'RUS'
// types: org=org exporter=country
CALL () {
  MATCH (o:Actor {id: $org}) WHERE o:Organization RETURN o
  UNION
  CALL db.index.fulltext.queryNodes('actor_search', '"' + replace(replace($org, '\\', ' '), '"', ' ') + '"')
  YIELD node
  WITH node WHERE node:Organization
    AND (toLower(node.name) = toLower($org) OR toLower($org) IN [a IN coalesce(node.aliases, []) | toLower(a)])
  RETURN node AS o
}
MATCH (m:Country)-[:MEMBER_OF]->(o)
MATCH (m)-[r:IMPORTS_FROM]->(x:Country {iso3: $exporter})
RETURN DISTINCT m.name AS member, x.name AS exporter, r.commodity AS commodity, r.quantity AS quantity,
       r.unit AS unit, CASE r.date_precision WHEN 'year' THEN left(toString(r.since), 4)
         WHEN 'month' THEN left(toString(r.since), 7) ELSE toString(r.since) END AS period_from,
       CASE r.date_precision WHEN 'year' THEN left(toString(r.until), 4)
         WHEN 'month' THEN left(toString(r.until), 7) ELSE toString(r.until) END AS period_to,
       r.status AS status, r.source AS source
ORDER BY member, period_from
