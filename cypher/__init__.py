"""Cypher shipped as package data: schema, write templates, admin statements and the query library."""
