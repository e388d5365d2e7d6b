// Projection for analysis: who was a member of which organization, when (for shares of ties with NATO, EU…).
// event_id and source_id keep the edge's identity, so a snapshot imports back under the same ids.
MATCH (m:{{country}})-[r:{{member_of}}]->(o:{{organization}})
WHERE r.status <> 'planned'
RETURN o.id AS org, o.name AS org_name, m.iso3 AS iso3, r.since AS since, r.until AS until, r.status AS status,
       r.event_id AS event_id, r.source AS source_id
