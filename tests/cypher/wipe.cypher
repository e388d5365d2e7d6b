// Tests only: empty the test database between tests (the schema stays).
MATCH (n)
CALL (n) { DETACH DELETE n } IN TRANSACTIONS OF 10000 ROWS
