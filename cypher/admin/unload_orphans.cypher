// Remove actors left with no edge at all, unless they are reference data.
UNWIND $ids AS id
MATCH (n:Actor {id: id})
WHERE n.reference IS NULL AND NOT EXISTS { (n)--() }
DELETE n
RETURN count(*) AS deleted
