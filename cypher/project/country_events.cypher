// Projection for analysis, rolled up on the server: every dated event's two actors become the countries they stood
// for on the event's day. Same rules as kg.analysis.projection.country_events: an office held that day (HOLDS_OFFICE,
// not planned; $offices maps a holder's element id to its offices, from office_holders.cypher) makes a person
// represent its country; else a Country is itself, anything else has its `country`.
// Returns one row per outcome: events with an actor of no country and domestic ones are only counted; the events
// between two countries come as one compact list each, [day, a, b, relation, sign, Goldstein in millionths], that
// kg/store/projection.py adds up per (day, a, b, relation, sign): grouping by six keys on the server's one query
// thread was most of the query's time, and integer sums add up exactly in any order.
// $part picks the events by their subject's label (2 countries, 1 people: $person, 0 the rest), so that two parts run
// on two server threads at once (a Community query runs on one).
// Labels and types come from kg/ontology.py; so do $state_types and $cooperative (relation → sign).
MATCH (x:{{actor}})
WHERE CASE WHEN x:{{country}} THEN 2 WHEN $person IN labels(x) THEN 1 ELSE 0 END = $part
WITH x
MATCH (x)-[r]->(y:{{actor}})
WHERE NOT type(r) IN $state_types AND r.status IN $statuses
WITH x, y, r, coalesce(r.date, r.since) AS day
WHERE date($date_from) <= day <= date($date_to)
WITH day, type(r) AS relation, r.goldstein AS goldstein, r.quad_class AS quad_class,
     coalesce([o IN coalesce($offices[elementId(x)], []) WHERE (o.since IS NULL OR o.since <= day)
                 AND (o.until IS NULL OR day <= o.until) | o.iso3][0],
              CASE WHEN x:{{country}} THEN x.iso3 ELSE x.country END) AS a,
     coalesce([o IN coalesce($offices[elementId(y)], []) WHERE (o.since IS NULL OR o.since <= day)
                 AND (o.until IS NULL OR day <= o.until) | o.iso3][0],
              CASE WHEN y:{{country}} THEN y.iso3 ELSE y.country END) AS b
WITH CASE WHEN a IS NULL OR b IS NULL THEN 'no_country' WHEN a = b THEN 'domestic' ELSE 'rolled_up' END AS outcome,
     day, a, b, relation, goldstein, quad_class
RETURN outcome, count(*) AS events,
       collect(CASE outcome WHEN 'rolled_up' THEN
         [day, a, b, relation, CASE WHEN quad_class IS NOT NULL THEN quad_class <= 2 ELSE $cooperative[relation] END,
          CASE WHEN goldstein IS NULL THEN 0 ELSE toInteger(floor(goldstein * 1000000.0 + 0.5)) END] END) AS rows
