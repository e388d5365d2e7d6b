"""What `kg report` prints, as one library function: the graph's contents and a country's partners and contacts."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from neo4j import Driver

from kg.store import admin, queries

__all__ = ["CountryReport", "country_report"]


@dataclass
class CountryReport:
    country: str
    counts: list[dict[str, Any]]  # nodes per label, edges per type
    partners: queries.QueryResult  # the `partners` library query
    contacts: queries.QueryResult  # the `who-met` library query

    def as_dict(self) -> dict[str, Any]:
        return {"counts": self.counts, "partners": self.partners.rows, "contacts": self.contacts.rows}


def country_report(driver: Driver, database: str, country: str) -> CountryReport:
    """`country` is an ISO3 code (`kg.store.params.resolve_country` turns names into one)."""
    return CountryReport(country, admin.graph_counts(driver, database),
                         queries.run_query(driver, database, "partners", {"country": country}),
                         queries.run_query(driver, database, "who-met", {"country": country}))
