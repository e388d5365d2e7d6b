// name: plover-events
// question: Which events of one PLOVER category (SANCTION, CONSULT, ACCUSE, ASSAULT, …) involved a country in a window, by partner?
// :param country => 'RUS'
// :param plover => 'SANCTION'
// Undated events pass a date filter only with include_undated; planned events never count (see `planned`).
// :param date_from => null
// :param date_to => null
// :param include_undated => false
// types: country=country plover=plover date_from=date date_to=date include_undated=bool
CALL () {
  MATCH (x:Actor) WHERE x.iso3 = $country OR x.country = $country RETURN x AS side
  UNION
  MATCH (x:Person)-[:HOLDS_OFFICE]->(:Country {iso3: $country}) RETURN x AS side
}
MATCH (side)-[r]-(other:Actor)
WHERE r.plover = $plover AND coalesce(r.status, '') <> 'planned'
  AND CASE WHEN $date_from IS NULL AND $date_to IS NULL THEN true
           WHEN coalesce(r.date, r.since) IS NULL THEN $include_undated
           ELSE coalesce(date($date_from), date('0001-01-01')) <= coalesce(r.date, r.since)
                <= coalesce(date($date_to), date('9999-12-31')) END
RETURN coalesce(other.iso3, other.country, other.name) AS partner,
       sum(CASE WHEN startNode(r) = side THEN 1 ELSE 0 END) AS given,
       sum(CASE WHEN endNode(r) = side THEN 1 ELSE 0 END) AS received, collect(DISTINCT r.cameo) AS cameo_codes
ORDER BY given + received DESC, partner
