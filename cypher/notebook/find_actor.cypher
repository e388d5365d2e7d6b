// Notebook API: an actor by id, ISO3, name or alias.
MATCH (n:Actor)
WHERE n.id = $name OR n.iso3 = $name OR toLower(n.name) = toLower($name) OR $name IN coalesce(n.aliases, [])
RETURN n.id AS id
LIMIT 1
