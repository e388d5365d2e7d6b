// Variant (d) of the first-load edge write: fewer properties (no since/until copies of the day, no cameo_root).
UNWIND $rows AS row
MATCH (a:Actor {id: row[0]})
MATCH (b:Actor {id: row[1]})
CREATE (a)-[r:{{rel_type}}]->(b)
SET r.event_id = row[2], r.source = $source, r.status = $status, r.date = row[3],
    r.date_precision = $date_precision, r.cameo = row[4], r.goldstein = row[6], r.quad_class = row[7],
    r.plover = row[8]
RETURN count(r) AS written
