// Runs in the same transaction as a batch's writes, so the manifest never claims an uncommitted batch.
MATCH (l:Load {id: $id})
SET l.batches_done = $batches_done,
    l.rows_done = $rows_done,
    l.sources = [s IN coalesce(l.sources, []) WHERE NOT s IN $sources] + $sources
