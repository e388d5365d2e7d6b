// name: shortest-path
// question: What is the shortest chain of diplomatic contacts (meetings, calls, visits, office) between two actors?
// :param from_actor => 'Antony Blinken'
// :param to_actor => 'Recep Tayyip Erdogan'
// :param max_hops => 6
// types: from_actor=actor to_actor=actor max_hops=int 1..6
MATCH (a:Actor) WHERE toLower(a.name) = toLower($from_actor) OR a.id = $from_actor
MATCH (b:Actor) WHERE toLower(b.name) = toLower($to_actor) OR b.id = $to_actor
MATCH path = SHORTEST 1 (a)-[:MET|CALLED|VISITED|HOSTED|NEGOTIATED_WITH|HOLDS_OFFICE]-{1,6}(b)
WHERE length(path) <= $max_hops
RETURN [n IN nodes(path) | n.name] AS actors, [r IN relationships(path) | type(r)] AS relations,
       length(path) AS hops
