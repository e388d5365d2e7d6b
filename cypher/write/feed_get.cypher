// A followed feed's progress (kg follow gdelt): its manifest is a :Load node like a file load's.
MATCH (l:{{load}} {id: $id})
RETURN l {.*} AS feed
