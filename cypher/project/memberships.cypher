// Projection for analysis: who was a member of which organization, when (for shares of ties with NATO, EU…).
MATCH (m:Country)-[r:MEMBER_OF]->(o:Organization)
WHERE r.status <> 'planned'
RETURN o.id AS org, o.name AS org_name, m.iso3 AS iso3, r.since AS since, r.until AS until, r.status AS status
