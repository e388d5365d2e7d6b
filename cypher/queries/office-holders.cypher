// name: office-holders
// question: Who held which office for a country (or organization) on a date?
// :param holder => 'RUS'
// :param at_date => '2022-07-29'
MATCH (p:Person)-[o:HOLDS_OFFICE]->(h:Actor)
WHERE (h.iso3 = $holder OR h.id = $holder OR toLower(h.name) = toLower($holder))
  AND (o.since IS NULL OR o.since <= date($at_date)) AND (o.until IS NULL OR o.until >= date($at_date))
  AND o.status <> 'planned'
RETURN h.name AS holder, o.role AS role, p.name AS person, toString(o.since) AS since, toString(o.until) AS until,
       o.source AS source
ORDER BY role
