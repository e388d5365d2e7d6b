// Write a batch of edges of one relationship type. {{rel_type}} comes from kg/ontology.py only.
// MERGE on the deterministic event_id makes re-loads and retried transactions change nothing;
// `SET r = row.props` (the row's non-null properties, event_id included) makes a newer version of a
// row replace the old one exactly, dropping properties it no longer has.
UNWIND $rows AS row
MATCH (a:{{actor}} {id: row.subject})
MATCH (b:{{actor}} {id: row.object})
MERGE (a)-[r:{{rel_type}} {event_id: row.event_id}]->(b)
SET r = row.props
RETURN count(r) AS written
