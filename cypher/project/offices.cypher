// Projection for analysis: who held office for which country, when (people roll up by event date).
// event_id and source_id keep the edge's identity, so a snapshot imports back under the same ids.
MATCH (p:{{person}})-[o:{{holds_office}}]->(c:{{country}})
WHERE o.status <> 'planned'
RETURN p.id AS person, c.iso3 AS iso3, o.role AS role, o.since AS since, o.until AS until, o.status AS status,
       o.event_id AS event_id, o.source AS source_id
