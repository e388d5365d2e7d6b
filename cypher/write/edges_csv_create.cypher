// Variant (a) of issue #18, first load of a file: one chunk of edges of one relationship type, written by Python into
// the local server's import directory (kg/store/bulk.py), read by the server itself instead of arriving over Bolt.
// The same graph work as edges_create.cypher: match both endpoints, CREATE (the per-type uniqueness constraint on
// event_id refuses a duplicate, and the writer writes that chunk again with edges_csv.cypher), the same properties.
// Every CSV field is text; the ontology's property types (kg.ontology.EDGE_PROPERTIES) are restored here, and an
// empty field is null, so `SET r = {…}` leaves out what the row does not have, exactly like `SET r = row.props`.
// {{rel_type}} comes from kg/ontology.py only; $url names a file under the import directory.
LOAD CSV WITH HEADERS FROM $url AS row
MATCH (a:Actor {id: row.subject})
MATCH (b:Actor {id: row.object})
CREATE (a)-[r:{{rel_type}}]->(b)
SET r = {event_id: row.event_id, source: row.source, status: row.status, date: date(row.date),
         since: date(row.since), until: date(row.until), date_precision: row.date_precision, evidence: row.evidence,
         evidence_start: toInteger(row.evidence_start), evidence_end: toInteger(row.evidence_end),
         confidence: toFloat(row.confidence), cameo: row.cameo, cameo_root: row.cameo_root,
         goldstein: toFloat(row.goldstein), quad_class: toInteger(row.quad_class), plover: row.plover,
         num_mentions: toInteger(row.num_mentions), source_url: row.source_url, subject_role: row.subject_role,
         object_role: row.object_role, role: row.role, commodity: row.commodity, quantity: toFloat(row.quantity),
         unit: row.unit, place: row.place, kind: row.kind, attrs_json: row.attrs_json}
RETURN count(r) AS written
