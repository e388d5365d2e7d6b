// Notebook API: every edge touching a set of actors, with both endpoints, filtered by date, type and status.
// `kg.notebook.subgraph` calls it once per hop.
UNWIND $ids AS id
MATCH (a:Actor {id: id})-[r]-(b:Actor)
WHERE ($types IS NULL OR type(r) IN $types)
  AND ($statuses IS NULL OR r.status IN $statuses)
  AND ($since IS NULL OR coalesce(r.until, r.date, r.since) IS NULL OR coalesce(r.until, r.date, r.since) >= date($since))
  AND ($until IS NULL OR coalesce(r.date, r.since) IS NULL OR coalesce(r.date, r.since) <= date($until))
WITH DISTINCT r
MATCH (s:Actor)-[r]->(t:Actor)
RETURN s.id AS source, t.id AS target, type(r) AS relation, properties(r) AS props,
       s {.id, .name, .iso3, .country, .kind, label: [l IN labels(s) WHERE l <> 'Actor'][0]} AS source_node,
       t {.id, .name, .iso3, .country, .kind, label: [l IN labels(t) WHERE l <> 'Actor'][0]} AS target_node
