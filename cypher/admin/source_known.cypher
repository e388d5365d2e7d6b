// Does the graph know a source at all (its node or a manifest naming it)? Edges are counted separately.
RETURN EXISTS { MATCH (s:Source {id: $source}) } AS source_node,
       COUNT { MATCH (l:Load) WHERE l.source = $source OR $source IN coalesce(l.sources, []) } AS loads
