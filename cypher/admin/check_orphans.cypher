// Actors without any edge that are not reference data: what an interrupted unload of older versions left.
MATCH (n:Actor)
WHERE n.reference IS NULL AND NOT EXISTS { (n)--() }
RETURN count(n) AS orphans, collect(n.id)[..5] AS examples
