// Every Source node's id (`kg check` compares them with the sources edges name).
MATCH (s:Source)
RETURN s.id AS id
ORDER BY id
