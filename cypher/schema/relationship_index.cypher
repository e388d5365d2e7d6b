// Applied per relationship type for each edge property the ontology marks `indexed` (date, since, source).
CREATE INDEX {{rel_type_lower}}_{{property_lower}} IF NOT EXISTS FOR ()-[r:{{rel_type}}]-() ON (r.{{property}});
