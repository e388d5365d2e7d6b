"""Time windows: calendar periods and before/after splits, inclusive on both ends."""

from __future__ import annotations

import datetime as dt
from typing import NamedTuple

__all__ = ["FREQUENCIES", "Window", "split_at", "windows"]

FREQUENCIES = ("week", "month", "quarter", "year")


class Window(NamedTuple):
    start: dt.date
    end: dt.date  # inclusive

    @property
    def label(self) -> str:
        return f"{self.start.isoformat()}..{self.end.isoformat()}"

    def contains(self, day: dt.date) -> bool:
        return self.start <= day <= self.end


def _period_start(day: dt.date, freq: str) -> dt.date:
    if freq == "week":
        return day - dt.timedelta(days=day.weekday())  # ISO weeks start on Monday
    if freq == "month":
        return day.replace(day=1)
    if freq == "quarter":
        return day.replace(month=3 * ((day.month - 1) // 3) + 1, day=1)
    if freq == "year":
        return day.replace(month=1, day=1)
    raise ValueError(f"unknown window {freq!r}; use one of {', '.join(FREQUENCIES)}")


def _next_start(start: dt.date, freq: str) -> dt.date:
    if freq == "week":
        return start + dt.timedelta(days=7)
    months = {"month": 1, "quarter": 3, "year": 12}[freq]
    month_index = start.month - 1 + months
    return start.replace(year=start.year + month_index // 12, month=month_index % 12 + 1, day=1)


def windows(start: dt.date, end: dt.date, freq: str = "month") -> list[Window]:
    """Calendar windows covering [start, end]; the first and last are clipped to the range.

    >>> [w.label for w in windows(dt.date(2014, 1, 15), dt.date(2014, 3, 3))]
    ['2014-01-15..2014-01-31', '2014-02-01..2014-02-28', '2014-03-01..2014-03-03']
    """
    if end < start:
        raise ValueError(f"the range ends ({end}) before it starts ({start})")
    out: list[Window] = []
    cursor = _period_start(start, freq)
    while cursor <= end:
        following = _next_start(cursor, freq)
        out.append(Window(max(cursor, start), min(following - dt.timedelta(days=1), end)))
        cursor = following
    return out


def split_at(day: dt.date, before_days: int, after_days: int | None = None) -> tuple[Window, Window]:
    """Two windows around an event: [day - before_days, day - 1] and [day, day + after_days - 1].

    >>> [w.label for w in split_at(dt.date(2022, 2, 24), 365)]
    ['2021-02-24..2022-02-23', '2022-02-24..2023-02-23']
    """
    after_days = before_days if after_days is None else after_days
    return (Window(day - dt.timedelta(days=before_days), day - dt.timedelta(days=1)),
            Window(day, day + dt.timedelta(days=after_days - 1)))
