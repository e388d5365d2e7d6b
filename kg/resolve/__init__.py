"""Names → actors: countries, organizations and people, resolved against the reference data."""

from kg.resolve.resolver import (
    Resolution,
    Resolver,
    UnresolvedName,
    alias_rows,
    country_names,
    normalize,
    slug,
    suspicious,
)

__all__ = ["Resolution", "Resolver", "UnresolvedName", "alias_rows", "country_names", "normalize", "slug",
           "suspicious"]
