// Tests only: the server's own cap on every transaction.
SHOW SETTINGS YIELD name, value WHERE name = 'db.transaction.timeout'
RETURN value
