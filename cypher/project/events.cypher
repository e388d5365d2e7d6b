// Projection for analysis: every dated event edge in a window, actor level (roll-up happens in Python).
// Undated edges and the state relations ($state_types: memberships, offices, alliances, partnerships, adversaries)
// are left out: a state holds over an interval and belongs to no window. Labels and types come from kg/ontology.py.
MATCH (a:{{actor}})-[r]->(b:{{actor}})
WHERE NOT type(r) IN $state_types
  AND r.status IN $statuses
  AND coalesce(r.date, r.since) >= date($date_from)
  AND coalesce(r.date, r.since) <= date($date_to)
RETURN a.id AS source, b.id AS target, type(r) AS relation, coalesce(r.date, r.since) AS day,
       r.status AS status, r.goldstein AS goldstein, r.quad_class AS quad_class, r.event_id AS event_id,
       r.source AS source_id
