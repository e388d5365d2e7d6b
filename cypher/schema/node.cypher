// Applied by `kg init` once per node label of kg/ontology.py (Actor, Source, Load).
// Uniqueness of `id` is what makes every MERGE idempotent and every concurrent load duplicate-free.
CREATE CONSTRAINT {{label_lower}}_id IF NOT EXISTS FOR (n:{{label}}) REQUIRE n.id IS UNIQUE;
CREATE INDEX {{label_lower}}_name IF NOT EXISTS FOR (n:{{label}}) ON (n.name);
