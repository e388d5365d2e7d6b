// name: memberships
// question: Which organizations and blocs was a country a member of on a date?
// :param country => 'TUR'
// :param at_date => '2022-07-29'
// types: country=country at_date=date
MATCH (c:Country {iso3: $country})-[r:MEMBER_OF]->(o:Organization)
WHERE r.status <> 'planned'
  AND (r.since IS NULL OR r.since <= date($at_date)) AND (r.until IS NULL OR r.until >= date($at_date))
  AND (r.status <> 'ended' OR r.until IS NOT NULL)
RETURN o.name AS organization, o.kind AS kind, toString(min(r.since)) AS since, collect(DISTINCT r.source) AS sources
ORDER BY organization
