// name: side-changers
// question: Which countries moved from cooperation to conflict with a country between two periods?
// Shares are of a partner's signed events (CAMEO quad class 1-2 cooperative, 3-4 conflictual) with the country.
// :param country => 'RUS'
// :param p1_from => '2021-02-24'
// :param p1_to => '2022-02-23'
// :param p2_from => '2022-02-24'
// :param p2_to => '2023-02-23'
// :param min_events => 3
// types: country=country p1_from=date p1_to=date p2_from=date p2_to=date min_events=int 1..1000000
CALL () {
  MATCH (x:Actor) WHERE x.iso3 = $country OR x.country = $country RETURN x AS side
  UNION
  MATCH (x:Person)-[:HOLDS_OFFICE]->(:Country {iso3: $country}) RETURN x AS side
}
MATCH (side)-[r]-(other:Actor)
WHERE r.quad_class IS NOT NULL AND coalesce(other.iso3, other.country) IS NOT NULL
  AND coalesce(other.iso3, other.country) <> $country
WITH coalesce(other.iso3, other.country) AS partner, coalesce(r.date, r.since) AS day, r.quad_class <= 2 AS coop
WITH partner,
     sum(CASE WHEN date($p1_from) <= day <= date($p1_to) THEN 1 ELSE 0 END) AS n1,
     sum(CASE WHEN date($p1_from) <= day <= date($p1_to) AND coop THEN 1 ELSE 0 END) AS c1,
     sum(CASE WHEN date($p2_from) <= day <= date($p2_to) THEN 1 ELSE 0 END) AS n2,
     sum(CASE WHEN date($p2_from) <= day <= date($p2_to) AND coop THEN 1 ELSE 0 END) AS c2
WHERE n1 >= $min_events AND n2 >= $min_events AND 1.0 * c1 / n1 > 0.5 AND 1.0 * c2 / n2 <= 0.5
MATCH (p:Country {iso3: partner})
RETURN p.name AS partner, n1 AS events_before, round(1.0 * c1 / n1, 2) AS cooperative_before,
       n2 AS events_after, round(1.0 * c2 / n2, 2) AS cooperative_after
ORDER BY cooperative_after
