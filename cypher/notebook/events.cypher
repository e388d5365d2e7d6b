// Notebook API: events as rows (for pandas), optionally only those of one country's actors.
MATCH (a:Actor)-[r]->(b:Actor)
WHERE NOT type(r) IN ['HOLDS_OFFICE', 'MEMBER_OF']
  AND ($types IS NULL OR type(r) IN $types)
  AND ($statuses IS NULL OR r.status IN $statuses)
  AND ($since IS NULL OR coalesce(r.date, r.since) >= date($since))
  AND ($until IS NULL OR coalesce(r.date, r.since) <= date($until))
  AND ($country IS NULL OR $country IN [a.iso3, a.country, b.iso3, b.country]
       OR EXISTS { MATCH (a)-[:HOLDS_OFFICE]->(:Country {iso3: $country}) }
       OR EXISTS { MATCH (b)-[:HOLDS_OFFICE]->(:Country {iso3: $country}) })
RETURN toString(coalesce(r.date, r.since)) AS date, a.name AS subject, coalesce(a.iso3, a.country) AS subject_country,
       type(r) AS relation, b.name AS object, coalesce(b.iso3, b.country) AS object_country, r.status AS status,
       r.cameo AS cameo, r.quad_class AS quad_class, r.goldstein AS goldstein, r.plover AS plover,
       r.source AS source, r.evidence AS evidence
ORDER BY date
