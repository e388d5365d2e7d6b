// Write a batch of edges of one relationship type that no load has written before (a first load of a
// file). {{rel_type}} comes from kg/ontology.py only. CREATE skips MERGE's search for an existing edge;
// the per-type uniqueness constraint on event_id still guards it: a duplicate fails the whole
// transaction, and the writer writes that batch again with edges.cypher (MERGE).
UNWIND $rows AS row
MATCH (a:{{actor}} {id: row.subject})
MATCH (b:{{actor}} {id: row.object})
CREATE (a)-[r:{{rel_type}}]->(b)
SET r = row.props
RETURN count(r) AS written
