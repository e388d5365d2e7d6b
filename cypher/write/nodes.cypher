// Write a batch of actor nodes of one label. {{label}} comes from kg/ontology.py, never from input.
// `update` overwrites (reference data); `props` fills gaps and, where two loads disagree (spellings
// such as "Erdoğan"/"Erdogan" that share an id), keeps the smallest value, so the graph does not
// depend on the order of loads. Reference nodes are never changed by event loads.
UNWIND $rows AS row
MERGE (n:{{actor}} {id: row.id})
SET n:{{label}}, n += row.update
WITH n, row
UNWIND keys(row.props) AS key
WITH n, key, row.props[key] AS value
WHERE n.reference IS NULL AND (n[key] IS NULL OR value < n[key])
SET n[key] = value
RETURN count(DISTINCT n) AS written
