// Variant (d) of the first-load edge write: map-free SET of the known ICEWS keys instead of `SET r = row.props`.
UNWIND $rows AS row
MATCH (a:Actor {id: row.subject})
MATCH (b:Actor {id: row.object})
CREATE (a)-[r:{{rel_type}}]->(b)
SET r.event_id = row.event_id, r.source = row.source, r.status = row.status, r.date = row.date,
    r.since = row.since, r.until = row.until, r.date_precision = row.date_precision, r.cameo = row.cameo,
    r.cameo_root = row.cameo_root, r.goldstein = row.goldstein, r.quad_class = row.quad_class, r.plover = row.plover
RETURN count(r) AS written
