// Names of the constraints and indexes in place, so `kg init` only creates what is missing.
SHOW INDEXES YIELD name, state
RETURN name, state
