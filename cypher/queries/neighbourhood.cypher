// name: neighbourhood
// question: Who is an actor directly tied to (Browser's graph view: run it there to see the picture)?
// The actor is a name, title or id ("Russia", "Lavrov", "org:nato"); kg resolves it to its id.
// :param actor => 'RUS'
// :param limit => 50
// types: actor=actor limit=int 1..1000
CALL () {
  MATCH (a:Actor {id: $actor}) RETURN a
  UNION
  MATCH (a:Actor {name: $actor}) RETURN a
}
MATCH path = (a)-[r]-(:Actor)
WHERE coalesce(r.status, '') <> 'planned'
RETURN path
LIMIT $limit
