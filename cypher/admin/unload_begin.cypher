// Record that an unload of $source started, before anything is deleted: its marker and every manifest of the
// source say `unloading` until the last step, so an interrupted unload is visible (`kg check`), a `kg load` of
// its files is refused instead of answering "already loaded", and a re-run of `kg unload` finishes the job.
MERGE (u:Load {id: 'unload:' + $source})
ON CREATE SET u.source = $source, u.loader = 'unload', u.started_at = datetime()
SET u.status = 'unloading'
WITH u
OPTIONAL MATCH (l:Load)
WHERE l.source = $source OR $source IN coalesce(l.sources, [])
SET l.status = 'unloading'
RETURN count(l) AS manifests
