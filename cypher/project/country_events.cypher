// Projection for analysis, aggregated on the server: every dated event rolled up to the countries of its two
// actors on the event's day, counted per (day, a, b, relation, sign) with its Goldstein sum in millionths.
// Same rules as kg.analysis.projection.country_events: an office held that day (HOLDS_OFFICE, not planned;
// $offices maps a holder's element id to its offices, from office_holders.cypher) makes a person represent its
// country; else a Country is itself, anything else has its `country`.
// Events with an actor of no country, or both ends in one country, come back as one counted row each.
// Labels and types come from kg/ontology.py; so do $state_types and $cooperative (relation → sign).
MATCH (x:{{actor}})-[r]->(y:{{actor}})
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
WITH outcome, goldstein,
     CASE outcome WHEN 'rolled_up' THEN day END AS day,
     CASE outcome WHEN 'rolled_up' THEN a END AS a,
     CASE outcome WHEN 'rolled_up' THEN b END AS b,
     CASE outcome WHEN 'rolled_up' THEN relation END AS relation,
     CASE WHEN outcome <> 'rolled_up' THEN null
          WHEN quad_class IS NOT NULL THEN quad_class <= 2 ELSE $cooperative[relation] END AS cooperative
RETURN outcome, day, a, b, relation, cooperative, count(*) AS events,
       sum(CASE WHEN goldstein IS NULL THEN 0 ELSE toInteger(floor(goldstein * 1000000.0 + 0.5)) END) AS goldstein_micro
