// After a feed's file is loaded (or found missing): the newest slot done, counts and missing slots.
// `status` stays 'complete' so `kg check` does not report the feed as an unfinished load.
MERGE (l:{{load}} {id: $id})
ON CREATE SET l += $props, l.started_at = datetime(), l.files_loaded = 0, l.missing = []
SET l.status = 'complete',
    l.last_stamp = CASE WHEN l.last_stamp IS NULL OR l.last_stamp < $stamp THEN $stamp ELSE l.last_stamp END,
    l.files_loaded = l.files_loaded + CASE WHEN $loaded THEN 1 ELSE 0 END,
    l.missing = CASE WHEN $loaded OR $stamp IN l.missing THEN l.missing ELSE l.missing + $stamp END,
    l.updated_at = datetime()
