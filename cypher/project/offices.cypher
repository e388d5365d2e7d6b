// Projection for analysis: who held office for which country, when (people roll up by event date).
MATCH (p:Person)-[o:HOLDS_OFFICE]->(c:Country)
WHERE o.status <> 'planned'
RETURN p.id AS person, c.iso3 AS iso3, o.role AS role, o.since AS since, o.until AS until
