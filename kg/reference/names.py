"""How names compare: the key every lookup uses, and the slug that makes ids from names.

Here, below both `kg.reference` and `kg.resolve`, so the reference data and the resolver give a person
the same id without importing each other.
"""

from __future__ import annotations

import re
import unicodedata

__all__ = ["normalize", "slug"]


def normalize(name: str) -> str:
    """Case-, accent- and punctuation-insensitive key ("The U.S." → "us", "Türkiye" → "turkiye")."""
    folded = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode("ascii")
    folded = re.sub(r"[.’'`]", "", folded.casefold())
    folded = re.sub(r"[^a-z0-9]+", " ", folded).strip()
    return folded.removeprefix("the ").strip()


def slug(name: str) -> str:
    return normalize(name).replace(" ", "-")
