// `kg check --repair`: delete Source nodes that no edge names and no unfinished load or unload is writing.
UNWIND $ids AS id
MATCH (s:Source {id: id})
WHERE NOT EXISTS { MATCH (l:Load) WHERE l.source = id AND l.status IN ['running', 'unloading'] }
DETACH DELETE s
RETURN count(*) AS deleted
