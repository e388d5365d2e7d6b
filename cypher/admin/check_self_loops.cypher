// Edges from an actor to itself, per type (the ontology says which types may be reflexive).
MATCH (a)-[r]->(a)
RETURN type(r) AS type, count(r) AS edges, collect(r.event_id)[..3] AS examples
ORDER BY type
