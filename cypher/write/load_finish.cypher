MATCH (l:Load {id: $id})
SET l.status = 'complete', l.finished_at = datetime(), l.rejected = $rejected
