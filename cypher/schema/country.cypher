// Countries are keyed by ISO 3166 alpha-3 (their `id` is the same code).
CREATE CONSTRAINT country_iso3 IF NOT EXISTS FOR (c:Country) REQUIRE c.iso3 IS UNIQUE;
// Roll-ups of state bodies and people to their country look actors up by `country`.
CREATE INDEX actor_country IF NOT EXISTS FOR (n:Actor) ON (n.country);
// Name and alias search (any case) for the query library and Browser users.
CREATE FULLTEXT INDEX actor_search IF NOT EXISTS FOR (n:Actor) ON EACH [n.name, n.aliases];
