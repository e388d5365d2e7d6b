// name: sanctions
// question: Which sanctions has a country (or its officials) imposed, and which has it received?
// :param country => 'RUS'
// types: country=country
MATCH (c:Country {iso3: $country})
MATCH (a:Actor)-[r:SANCTIONED]->(b:Actor)
CALL (a) { OPTIONAL MATCH (a)-[:HOLDS_OFFICE]->(ac:Country) RETURN ac.iso3 AS a_office LIMIT 1 }
CALL (b) { OPTIONAL MATCH (b)-[:HOLDS_OFFICE]->(bc:Country) RETURN bc.iso3 AS b_office LIMIT 1 }
WITH c, a, b, r, coalesce(a.iso3, a.country, a_office) AS from_iso3, coalesce(b.iso3, b.country, b_office) AS to_iso3
WHERE from_iso3 = c.iso3 OR to_iso3 = c.iso3
RETURN CASE WHEN from_iso3 = c.iso3 THEN 'imposed' ELSE 'received' END AS direction,
       a.name AS sanctioner, b.name AS target, CASE r.date_precision WHEN 'year' THEN left(toString(coalesce(r.date, r.since)), 4) WHEN 'month' THEN left(toString(coalesce(r.date, r.since)), 7) ELSE toString(coalesce(r.date, r.since)) END AS date,
       r.status AS status, r.cameo AS cameo, r.source AS source
ORDER BY direction, date DESC
