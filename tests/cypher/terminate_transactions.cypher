// Tests only: end the transactions a failed timeout test left behind.
TERMINATE TRANSACTIONS $ids
