"""Time expressions in news text, resolved against the publication date.

"on Wednesday" in a story published Friday 2022-07-29 is 2022-07-27 (news speaks of the past week
unless the verb looks forward); "this week" is that Monday..Sunday; "in September" is a month, "in
2021" a year. "since February" is a bound, not an event date, and is kept apart (`bound=True`).
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

__all__ = ["TimeExpression", "find_times"]

_WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_MONTHS = {name.lower(): i for i, name in enumerate(calendar.month_name) if name}
_MONTHS.update({name.lower(): i for i, name in enumerate(calendar.month_abbr) if name})
_MONTHS["sept"] = 9
_MONTH = r"(January|February|March|April|May|June|July|August|September|October|November|December|Jan|Feb|Mar|Apr|" \
         r"Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)\.?"
_BOUND = r"(?P<bound>since|until|till|by|before|after|from)?\s*"

_PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    ("iso", re.compile(_BOUND + r"\b(?P<y>\d{4})-(?P<m>\d{2})-(?P<d>\d{2})\b")),
    ("month_day", re.compile(_BOUND + r"\b(?:on\s+)?" + _MONTH.replace("(", "(?P<month>", 1)
                             + r"\s+(?P<d>\d{1,2})(?:st|nd|rd|th)?\b(?:,?\s+(?P<y>\d{4}))?", re.I)),
    ("day_month", re.compile(_BOUND + r"\b(?:on\s+)?(?P<d>\d{1,2})(?:st|nd|rd|th)?\s+" + _MONTH.replace(
        "(", "(?P<month>", 1) + r"(?:,?\s+(?P<y>\d{4}))?\b", re.I)),
    ("month_year", re.compile(_BOUND + r"\b(?:in\s+)?" + _MONTH.replace("(", "(?P<month>", 1)
                              + r"\s+(?P<y>\d{4})\b", re.I)),
    ("month", re.compile(r"(?P<bound>since|until|till|by|before|after|from)?\s*\b(?:in|since|until|by|during|"
                         r"before|after|from|early|late|mid|last|next|this)[\s-]+" + _MONTH.replace(
                             "(", "(?P<month>", 1) + r"(?!\s+\d)", re.I)),
    ("year", re.compile(r"(?P<bound>since|until|till|by|before|after|from)?\s*\b(?:in|during|of|for|so far in|"
                        r"in all of|throughout|since|until|by|before|after|from|early|late|mid)[\s-]+"
                        r"(?P<y>(?:19|20)\d{2})\b(?!-)", re.I)),
    ("weekday", re.compile(r"\b(?P<rel>on|last|this|next|this past|earlier on)?\s*(?P<wd>Monday|Tuesday|Wednesday|"
                           r"Thursday|Friday|Saturday|Sunday)\b")),
    ("relative", re.compile(r"\b(?P<rel>yesterday|today|tonight|this morning|this afternoon|this evening|"
                            r"(?:earlier |later )?this week|last week|next week|(?:earlier |later )?this month|"
                            r"last month|next month|this year|last year|next year|in the coming (?:days|weeks|"
                            r"months)|the day before)\b", re.I)),
]


@dataclass(frozen=True)
class TimeExpression:
    start: int  # character offsets within the text searched
    end: int
    text: str
    date: dt.date | None  # a single day
    since: dt.date | None  # else a period
    until: dt.date | None
    precision: str  # day | week | month | year | unknown
    bound: bool = False  # "since February": limits a state, is not when an event happened
    future: bool = False  # the expression itself points forward ("next week")

    def as_row_fields(self) -> dict[str, str]:
        """The native format's date fields: `date` at day/month/year precision, else since/until."""
        if self.date is not None:
            return {"date": self.date.isoformat()}
        if self.precision == "month" and self.since:
            return {"date": self.since.strftime("%Y-%m")}
        if self.precision == "year" and self.since:
            return {"date": str(self.since.year)}
        if self.since and self.until:
            return {"since": self.since.isoformat(), "until": self.until.isoformat()}
        return {}


def _week(day: dt.date) -> tuple[dt.date, dt.date]:
    monday = day - dt.timedelta(days=day.weekday())
    return monday, monday + dt.timedelta(days=6)


def _month(year: int, month: int) -> tuple[dt.date, dt.date]:
    return dt.date(year, month, 1), dt.date(year, month, calendar.monthrange(year, month)[1])


def _weekday(published: dt.date, weekday: int, rel: str, forward: bool) -> dt.date:
    if rel == "next":
        return published + dt.timedelta(days=(weekday - published.weekday()) % 7 or 7)
    if rel == "last":
        return published - dt.timedelta(days=(published.weekday() - weekday) % 7 or 7)
    if forward:  # "will meet on Friday": the coming one (today counts)
        return published + dt.timedelta(days=(weekday - published.weekday()) % 7)
    return published - dt.timedelta(days=(published.weekday() - weekday) % 7)


def _relative(rel: str, published: dt.date) -> tuple[dt.date | None, dt.date | None, dt.date | None, str, bool]:
    rel = rel.lower()
    if rel == "yesterday" or rel == "the day before":
        day = published - dt.timedelta(days=1)
        return day, day, day, "day", False
    if rel in ("today", "tonight") or (rel.startswith("this ") and rel.split()[1] in ("morning", "afternoon",
                                                                                      "evening")):
        return published, published, published, "day", False
    if rel.endswith("week"):
        shift = {"last": -7, "next": 7}.get(rel.split()[0], 0)
        since, until = _week(published + dt.timedelta(days=shift))
        if shift == 0 and not rel.startswith("later"):
            until = min(until, published)  # "this week" in a report: the days up to publication
        return None, since, until, "week", shift > 0 or rel.startswith("later")
    if rel.endswith("month"):
        year, month = published.year, published.month
        if rel.startswith("last"):
            year, month = (year, month - 1) if month > 1 else (year - 1, 12)
        elif rel.startswith("next"):
            year, month = (year, month + 1) if month < 12 else (year + 1, 1)
        since, until = _month(year, month)
        return None, since, until, "month", rel.startswith(("next", "later"))
    if rel.endswith("year"):
        year = published.year + {"last": -1, "next": 1}.get(rel.split()[0], 0)
        return None, dt.date(year, 1, 1), dt.date(year, 12, 31), "year", rel.startswith("next")
    return None, None, None, "unknown", True  # "in the coming days"


def find_times(text: str, published: dt.date | None, forward: bool = False) -> list[TimeExpression]:
    """Every time expression in `text`, leftmost-longest, resolved against `published` when needed.

    `forward` says the sentence looks ahead (a planned event): a bare weekday or month is then the
    coming one rather than the last one.
    """
    found: list[TimeExpression] = []
    taken: list[tuple[int, int]] = []
    for kind, pattern in _PATTERNS:
        for m in pattern.finditer(text):
            start, end = m.span()
            while start < end and text[start].isspace():
                start += 1
            if any(start < b and a < end for a, b in taken):
                continue
            expression = _resolve(kind, m, published, forward)
            if expression is None:
                continue
            taken.append((start, end))
            found.append(TimeExpression(start, end, text[start:end], *expression))
    return sorted(found, key=lambda t: t.start)


_Resolved = tuple[dt.date | None, dt.date | None, dt.date | None, str, bool, bool] | None


def _resolve(kind: str, m: re.Match[str], published: dt.date | None, forward: bool) -> _Resolved:
    groups = m.groupdict()
    bound = bool(groups.get("bound")) or m.group(0).lower().lstrip().startswith(("since", "until", "by "))
    try:
        return _RESOLVERS[kind](m, groups, published, forward, bound)
    except (ValueError, KeyError):
        return None


def _iso(m: re.Match[str], g: dict[str, Any], published: dt.date | None, forward: bool, bound: bool) -> _Resolved:
    day = dt.date(int(g["y"]), int(g["m"]), int(g["d"]))
    return day, day, day, "day", bound, False


def _month_day(m: re.Match[str], g: dict[str, Any], published: dt.date | None, forward: bool,
               bound: bool) -> _Resolved:
    month = _MONTHS[g["month"].lower().rstrip(".")]
    year = int(g["y"]) if g.get("y") else None
    if year is None:
        if published is None:
            return None
        year = published.year
        candidate = dt.date(year, month, int(g["d"]))
        if candidate > published and not forward:
            year -= 1
        elif candidate < published and forward:
            year += 1
    day = dt.date(year, month, int(g["d"]))
    return day, day, day, "day", bound, False


def _month_year(m: re.Match[str], g: dict[str, Any], published: dt.date | None, forward: bool,
                bound: bool) -> _Resolved:
    since, until = _month(int(g["y"]), _MONTHS[g["month"].lower().rstrip(".")])
    return None, since, until, "month", bound, False


def _bare_month(m: re.Match[str], g: dict[str, Any], published: dt.date | None, forward: bool,
                bound: bool) -> _Resolved:
    if published is None:
        return None
    month = _MONTHS[g["month"].lower().rstrip(".")]
    lowered = m.group(0).lower()
    ahead = forward or "next" in lowered
    if "last" in lowered:
        year = published.year if month < published.month else published.year - 1
    elif ahead:
        year = published.year if month >= published.month else published.year + 1
    else:
        year = published.year if month <= published.month else published.year - 1
    since, until = _month(year, month)
    return None, since, until, "month", bound, ahead and since > published


def _year(m: re.Match[str], g: dict[str, Any], published: dt.date | None, forward: bool, bound: bool) -> _Resolved:
    year = int(g["y"])
    return None, dt.date(year, 1, 1), dt.date(year, 12, 31), "year", bound, False


def _weekday_of(m: re.Match[str], g: dict[str, Any], published: dt.date | None, forward: bool,
                bound: bool) -> _Resolved:
    if published is None:
        return None
    rel = (g.get("rel") or "").lower()
    day = _weekday(published, _WEEKDAYS.index(g["wd"].lower()), rel.split()[-1] if rel else "", forward)
    return day, day, day, "day", False, day > published


_UNANCHORED = ("in the coming days", "in the coming weeks", "in the coming months")


def _relative_to(m: re.Match[str], g: dict[str, Any], published: dt.date | None, forward: bool,
                 bound: bool) -> _Resolved:
    if published is None and g["rel"].lower() not in _UNANCHORED:
        return None
    found = _relative(g["rel"], published or dt.date.min)
    return found[0], found[1], found[2], found[3], False, found[4]


_RESOLVERS: dict[str, Callable[[re.Match[str], dict[str, Any], dt.date | None, bool, bool], _Resolved]] = {
    "iso": _iso, "month_day": _month_day, "day_month": _month_day, "month_year": _month_year, "month": _bare_month,
    "year": _year, "weekday": _weekday_of, "relative": _relative_to}
