// Variant (a) of issue #18: one chunk of edges of one relationship type read by the server from its import directory
// (kg/store/bulk.py), MERGEd by the deterministic event_id like edges.cypher, so a re-load changes nothing and a
// newer version of a row replaces the old one exactly. Types are restored as in edges_csv_create.cypher.
LOAD CSV WITH HEADERS FROM $url AS row
MATCH (a:Actor {id: row.subject})
MATCH (b:Actor {id: row.object})
MERGE (a)-[r:{{rel_type}} {event_id: row.event_id}]->(b)
SET r = {event_id: row.event_id, source: row.source, status: row.status, date: date(row.date),
         since: date(row.since), until: date(row.until), date_precision: row.date_precision, evidence: row.evidence,
         evidence_start: toInteger(row.evidence_start), evidence_end: toInteger(row.evidence_end),
         confidence: toFloat(row.confidence), cameo: row.cameo, cameo_root: row.cameo_root,
         goldstein: toFloat(row.goldstein), quad_class: toInteger(row.quad_class), plover: row.plover,
         num_mentions: toInteger(row.num_mentions), source_url: row.source_url, subject_role: row.subject_role,
         object_role: row.object_role, role: row.role, commodity: row.commodity, quantity: toFloat(row.quantity),
         unit: row.unit, place: row.place, kind: row.kind, attrs_json: row.attrs_json}
RETURN count(r) AS written
