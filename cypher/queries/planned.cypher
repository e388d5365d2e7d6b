// name: planned
// question: Which meetings, calls and visits involving a country or its officials are announced but not (yet) held?
// :param country => 'RUS'
// types: country=country
CALL () {
  MATCH (x:Actor) WHERE x.iso3 = $country OR x.country = $country RETURN x AS side
  UNION
  MATCH (x:Person)-[:HOLDS_OFFICE]->(:Country {iso3: $country}) RETURN x AS side
}
MATCH (side)-[r]-(other:Actor)
WHERE r.status = 'planned' AND NOT type(r) IN ['HOLDS_OFFICE', 'MEMBER_OF']
RETURN side.name AS who, type(r) AS relation, other.name AS counterpart,
       CASE r.date_precision WHEN 'year' THEN left(toString(coalesce(r.date, r.since)), 4) WHEN 'month' THEN left(toString(coalesce(r.date, r.since)), 7) ELSE toString(coalesce(r.date, r.since)) END AS expected, r.evidence AS evidence, r.source AS source
ORDER BY expected
