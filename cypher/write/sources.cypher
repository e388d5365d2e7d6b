// Write the Source nodes a batch of events names.
UNWIND $rows AS row
MERGE (s:{{source}} {id: row.id})
ON CREATE SET s += row.props
ON MATCH SET s += row.update
RETURN count(s) AS written
