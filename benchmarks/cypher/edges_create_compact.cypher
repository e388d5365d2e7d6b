// Variant (d) of the first-load edge write: compact rows (a list per event, no keys; the source once per batch).
UNWIND $rows AS row
MATCH (a:Actor {id: row[0]})
MATCH (b:Actor {id: row[1]})
CREATE (a)-[r:{{rel_type}}]->(b)
SET r.event_id = row[2], r.source = $source, r.status = $status, r.date = row[3], r.since = row[3],
    r.until = row[3], r.date_precision = $date_precision, r.cameo = row[4], r.cameo_root = row[5],
    r.goldstein = row[6], r.quad_class = row[7], r.plover = row[8]
RETURN count(r) AS written
