// Start (or resume) a load: its manifest node records how many batches (and good rows) are committed.
MERGE (l:{{load}} {id: $id})
ON CREATE SET l += $props, l.batches_done = 0, l.rows_done = 0, l.rows_read = 0, l.started_at = datetime()
SET l.status = 'running'
REMOVE l.error
