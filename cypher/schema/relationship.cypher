// Applied once per relationship type of kg/ontology.py: one edge per event_id, whatever loads run.
CREATE CONSTRAINT {{rel_type_lower}}_event_id IF NOT EXISTS FOR ()-[r:{{rel_type}}]-() REQUIRE r.event_id IS UNIQUE;
