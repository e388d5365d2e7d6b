// name: graph-overview
// question: What is in the graph: how many events of each type, from which sources, over which dates?
MATCH ()-[r]->()
WHERE NOT type(r) IN ['HOLDS_OFFICE', 'MEMBER_OF']
RETURN r.source AS source, type(r) AS relation, count(*) AS edges,
       toString(min(coalesce(r.date, r.since))) AS first, toString(max(coalesce(r.date, r.since))) AS last
ORDER BY source, edges DESC
