// name: plover-events
// question: Which events of one PLOVER category (SANCTION, CONSULT, ACCUSE, ASSAULT, …) involved a country in a window, by partner?
// :param country => 'RUS'
// :param plover => 'SANCTION'
// :param date_from => '1900-01-01'
// :param date_to => '2100-12-31'
CALL () {
  MATCH (x:Actor) WHERE x.iso3 = $country OR x.country = $country RETURN x AS side
  UNION
  MATCH (x:Person)-[:HOLDS_OFFICE]->(:Country {iso3: $country}) RETURN x AS side
}
MATCH (side)-[r]-(other:Actor)
WHERE r.plover = $plover AND date($date_from) <= coalesce(r.date, r.since) <= date($date_to)
RETURN coalesce(other.iso3, other.country, other.name) AS partner,
       sum(CASE WHEN startNode(r) = side THEN 1 ELSE 0 END) AS given,
       sum(CASE WHEN endNode(r) = side THEN 1 ELSE 0 END) AS received, collect(DISTINCT r.cameo) AS cameo_codes
ORDER BY given + received DESC, partner
