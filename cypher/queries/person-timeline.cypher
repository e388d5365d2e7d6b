// name: person-timeline
// question: What did a person do, in date order: meetings, calls, visits, and with whom?
// :param person => 'Sergey Lavrov'
MATCH (p:Person)
WHERE toLower(p.name) = toLower($person) OR p.id = $person OR $person IN coalesce(p.aliases, [])
MATCH (p)-[r]-(other:Actor)
WHERE NOT type(r) IN ['HOLDS_OFFICE']
RETURN toString(coalesce(r.date, r.since)) AS date, type(r) AS relation,
       CASE WHEN startNode(r) = p THEN 'out' ELSE 'in' END AS direction,
       other.name AS counterpart, r.status AS status, r.place AS place, r.source AS source
ORDER BY date IS NULL, date, relation
