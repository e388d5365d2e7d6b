// Benchmark baseline 3: one event per transaction, the way a first script would write it.
MERGE (a:Actor {id: $subject})
SET a:$($subject_label), a.name = $subject_name
MERGE (b:Actor {id: $object})
SET b:$($object_label), b.name = $object_name
MERGE (a)-[r:$($type) {event_id: $event_id}]->(b)
SET r += $props
