// name: runaway
// question: Tests only: a read-only cartesian product that would run for days without a timeout.
UNWIND range(1, 1000000000) AS a
UNWIND range(1, 1000000000) AS b
RETURN count(*) AS n
