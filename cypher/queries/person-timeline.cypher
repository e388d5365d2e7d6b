// name: person-timeline
// question: What did a person do, in date order: meetings, calls, visits, and with whom?
// The person is an id, a name (any case) or a known alias ("Lavrov"), looked up in the name index.
// :param person => 'Sergey Lavrov'
// types: person=person
CALL () {
  MATCH (p:Actor {id: $person}) WHERE p:Person RETURN p
  UNION
  CALL db.index.fulltext.queryNodes('actor_search', '"' + replace(replace($person, '\\', ' '), '"', ' ') + '"')
  YIELD node
  WITH node WHERE node:Person
    AND (toLower(node.name) = toLower($person) OR toLower($person) IN [a IN coalesce(node.aliases, []) | toLower(a)])
  RETURN node AS p
}
MATCH (p)-[r]-(other:Actor)
WHERE NOT type(r) IN ['HOLDS_OFFICE']
RETURN CASE r.date_precision WHEN 'year' THEN left(toString(coalesce(r.date, r.since)), 4) WHEN 'month' THEN left(toString(coalesce(r.date, r.since)), 7) ELSE toString(coalesce(r.date, r.since)) END AS date, type(r) AS relation,
       CASE WHEN startNode(r) = p THEN 'out' ELSE 'in' END AS direction,
       other.name AS counterpart, r.status AS status, r.place AS place, r.source AS source
ORDER BY date IS NULL, date, relation
