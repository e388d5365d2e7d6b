// A load stopped on an error that a re-run will not fix by itself: say so instead of leaving it `running`.
MATCH (l:{{load}} {id: $id})
SET l.status = 'failed', l.error = $error, l.finished_at = datetime()
