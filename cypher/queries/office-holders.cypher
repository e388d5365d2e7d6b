// name: office-holders
// question: Who held which office for a country (or organization) on a date?
// The holder is an ISO3 code, an organization id (org:nato) or an exact name.
// :param holder => 'RUS'
// :param at_date => '2022-07-29'
// types: holder=actor at_date=date
CALL () {
  MATCH (h:Country {iso3: $holder}) RETURN h
  UNION
  MATCH (h:Actor {id: $holder}) RETURN h
  UNION
  MATCH (h:Actor {name: $holder}) RETURN h
}
MATCH (p:Person)-[o:HOLDS_OFFICE]->(h)
WHERE (o.since IS NULL OR o.since <= date($at_date)) AND (o.until IS NULL OR o.until >= date($at_date))
  AND o.status <> 'planned'
// An article's undated office beside a dated reference tenure of the same person is one row, both sources listed.
WITH h, p, collect(o) AS held
WITH h, p, held, [x IN held WHERE x.since IS NOT NULL] AS dated
UNWIND CASE WHEN size(dated) > 0 THEN dated ELSE held END AS o
RETURN h.name AS holder, o.role AS role, p.name AS person, toString(o.since) AS since, toString(o.until) AS until,
       reduce(s = [], x IN held | CASE WHEN x.source IN s THEN s ELSE s + x.source END) AS sources
ORDER BY role, person
