"""NetworkX analysis: projection from Neo4j or snapshots, windows, metrics, reports and plots."""
