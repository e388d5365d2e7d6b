// Tests only: transactions still running the runaway query (the one asking is not one of them).
SHOW TRANSACTIONS YIELD transactionId, currentQuery, status
WHERE currentQuery CONTAINS 'range(1, 1000000000)' AND NOT currentQuery CONTAINS 'SHOW TRANSACTIONS'
RETURN transactionId, status
