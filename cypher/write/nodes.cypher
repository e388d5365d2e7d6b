// Write a batch of actor nodes of one label. {{label}} comes from kg/ontology.py, never from input.
// Loads of events only fill a new node (`props`); reference data also updates (`update`).
UNWIND $rows AS row
MERGE (n:Actor {id: row.id})
ON CREATE SET n += row.props
ON MATCH SET n += row.update
SET n:{{label}}
RETURN count(n) AS written
