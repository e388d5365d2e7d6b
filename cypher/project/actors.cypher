// Projection for analysis: every actor with what roll-up needs (its own ISO3, or the state it belongs to).
// Labels come from kg/ontology.py.
MATCH (n:{{actor}})
RETURN n.id AS id, [l IN labels(n) WHERE l <> '{{actor}}'][0] AS label, n.name AS name, n.iso3 AS iso3,
       n.country AS country, n.kind AS kind
