// name: neighbourhood
// question: Who is an actor directly tied to (Browser's graph view: run it there to see the picture)?
// :param actor => 'RUS'
// :param limit => 50
// types: actor=actor limit=int 1..1000
MATCH path = (a:Actor)-[r]-(b:Actor)
WHERE (a.id = $actor OR toLower(a.name) = toLower($actor)) AND coalesce(r.status, '') <> 'planned'
RETURN path
LIMIT $limit
