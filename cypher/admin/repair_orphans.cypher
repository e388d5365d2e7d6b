// `kg check --repair`: delete actors with no edge that are not reference data, in batches.
MATCH (n:Actor)
WHERE n.reference IS NULL AND NOT EXISTS { (n)--() }
CALL (n) { DELETE n } IN TRANSACTIONS OF 10000 ROWS
