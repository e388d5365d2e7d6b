// Projection for analysis: the offices of every office holder (not planned), keyed by the holder's element id, for
// cypher/project/country_events.cypher to look up in a map instead of expanding every actor's edges per event.
MATCH (p:{{actor}})-[o:{{holds_office}}]->(c:{{country}})
WHERE o.status <> 'planned'
RETURN elementId(p) AS holder, collect({since: o.since, until: o.until, iso3: c.iso3}) AS offices
