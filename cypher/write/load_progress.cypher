// Runs in the same transaction as a batch's writes, so the manifest never claims an uncommitted batch.
// `rows_read` (good rows up to the end of the batch) is where a re-run resumes, whatever its batch size.
MATCH (l:{{load}} {id: $id})
SET l.batches_done = $batches_done,
    l.rows_done = $rows_done,
    l.rows_read = $rows_read,
    l.sources = [s IN coalesce(l.sources, []) WHERE NOT s IN $sources] + $sources
