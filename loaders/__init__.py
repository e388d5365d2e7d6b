"""Loaders: parse and map input files to validated events. They never talk to Neo4j."""
