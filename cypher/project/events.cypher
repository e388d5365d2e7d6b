// Projection for analysis: every dated event edge in a window, actor level (roll-up happens in Python).
// Undated edges and the state relations (MEMBER_OF, HOLDS_OFFICE) are left out: they belong to no window.
MATCH (a:Actor)-[r]->(b:Actor)
WHERE NOT type(r) IN ['MEMBER_OF', 'HOLDS_OFFICE']
  AND r.status IN $statuses
  AND coalesce(r.date, r.since) >= date($date_from)
  AND coalesce(r.date, r.since) <= date($date_to)
RETURN a.id AS source, b.id AS target, type(r) AS relation, coalesce(r.date, r.since) AS day,
       r.status AS status, r.goldstein AS goldstein, r.quad_class AS quad_class, r.event_id AS event_id,
       r.source AS source_id
