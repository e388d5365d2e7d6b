// The manifest of one load (file hash + options), if a load of it has started before.
MATCH (l:{{load}} {id: $id})
RETURN l {.*} AS load
