"""The store: the only code that talks to Neo4j (driver, Cypher files, schema, the one writer,
queries, export, admin, the local server)."""
