// Can the server read a file this process wrote into its import directory? The file holds one random token.
LOAD CSV FROM $url AS row
RETURN row[0] AS token
