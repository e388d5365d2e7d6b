// Tests only: empty the test database between tests (the schema stays). Edges first, in batches.
MATCH ()-[r]->() CALL (r) { DELETE r } IN TRANSACTIONS OF 20000 ROWS;
MATCH (n) CALL (n) { DELETE n } IN TRANSACTIONS OF 20000 ROWS
