// `kg check --repair`: a finished load whose edges are no longer all in the graph is marked `stale` and
// reset, so the next `kg load` of its file writes it again (idempotently) instead of saying "already loaded".
MATCH (l:Load {id: $id})
SET l.status = 'stale', l.batches_done = 0, l.rows_done = 0, l.rows_read = 0
