"""Dates as event data gives them: a day, a month or a year, turned into (date, since, until, precision)."""

from __future__ import annotations

import calendar
import datetime as dt
import re
from typing import NamedTuple

__all__ = ["When", "parse_when"]

_ISO = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")
_COMPACT_DAY = re.compile(r"^(\d{4})(\d{2})(\d{2})$")  # GDELT's SQLDATE


class When(NamedTuple):
    date: dt.date | None
    since: dt.date | None
    until: dt.date | None
    precision: str


UNKNOWN = When(None, None, None, "unknown")


def parse_when(text: str | None) -> When:
    """Parse `YYYY-MM-DD`, `YYYY-MM`, `YYYY` or `YYYYMMDD`; raise ValueError naming what is wrong.

    >>> parse_when("2022-07")
    When(date=None, since=datetime.date(2022, 7, 1), until=datetime.date(2022, 7, 31), precision='month')
    """
    if text is None or not str(text).strip():
        return UNKNOWN
    raw = str(text).strip()
    compact = _COMPACT_DAY.match(raw)
    match = _ISO.match(raw) if not compact else None
    if not (match or compact):
        raise ValueError(f"date {raw!r} is not YYYY-MM-DD, YYYY-MM or YYYY")
    year, month, day = (compact or match).groups()  # type: ignore[union-attr]
    try:
        if day:
            d = dt.date(int(year), int(month), int(day))
            return When(d, d, d, "day")
        if month:
            m = int(month)
            last = calendar.monthrange(int(year), m)[1]
            return When(None, dt.date(int(year), m, 1), dt.date(int(year), m, last), "month")
        return When(None, dt.date(int(year), 1, 1), dt.date(int(year), 12, 31), "year")
    except ValueError as exc:
        raise ValueError(f"date {raw!r} does not exist ({exc})") from None
