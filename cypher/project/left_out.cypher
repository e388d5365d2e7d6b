// What the analysis projection leaves out around one actor: undated events, events whose status is not
// counted (planned, cancelled, …), and counted events outside the date range. States ($state_types) are not events.
MATCH (a:{{actor}} {id: $id})-[r]-(:{{actor}})
WHERE NOT type(r) IN $state_types
RETURN count(r) AS total,
       count(CASE WHEN coalesce(r.date, r.since) IS NULL THEN 1 END) AS undated,
       count(CASE WHEN coalesce(r.date, r.since) IS NOT NULL AND NOT coalesce(r.status, '') IN $statuses
                  THEN 1 END) AS not_counted_status,
       count(CASE WHEN coalesce(r.status, '') IN $statuses
                   AND NOT date($date_from) <= coalesce(r.date, r.since) <= date($date_to) THEN 1 END) AS outside_range
