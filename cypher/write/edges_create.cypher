// Write a batch's edges, all relationship types in one statement, on a file's first load (no load has
// written them before). One statement per batch instead of one per type: on ICEWS the server spends about a
// quarter less CPU per event (benchmarks/results/load-icews18.json). The type is dynamic, `$(row.type)`, but
// never taken from input: `$types` is the ontology's list (kg/ontology.py) and a row of another type is not
// written, so the writer's count check refuses the batch. CREATE skips MERGE's search for an existing edge; the
// per-type uniqueness constraint on event_id still guards it: a duplicate fails the whole transaction, and
// the writer writes that batch again with edges.cypher (MERGE, one statement per type: a MERGE with a dynamic
// type cannot use the per-type index and would scan every relationship).
UNWIND $rows AS row
WITH row WHERE row.type IN $types
MATCH (a:{{actor}} {id: row.subject})
MATCH (b:{{actor}} {id: row.object})
CREATE (a)-[r:$(row.type)]->(b)
SET r = row.props
RETURN count(r) AS written
