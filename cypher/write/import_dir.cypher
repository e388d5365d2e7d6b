// Where the server reads `LOAD CSV FROM 'file:///…'` files (kg/store/bulk.py writes its chunks there when it can).
SHOW SETTINGS YIELD name, value
WHERE name = 'server.directories.import'
RETURN value AS path
