// Block until every index (and constraint-backing index) is online, so a load right after `kg init` is fast.
CALL db.awaitIndexes(300)
