"""Publication dates normalised when read: ISO 8601, with the time zone when the input gives one.

`normalise(value)` reads epoch seconds/milliseconds, ISO 8601 (with or without offset), RFC 2822 (feeds,
mail), and written dates ('April 26, 2019', '26/04/2019', 'Fri, 26 Apr 2019 10:00 EDT') through dateutil;
relative ones ('yesterday', '3 hours ago') through dateparser, and only when the caller passes the
moment they are relative to (the crawl or ingest time: the `relative_dates` reader option).  A value
that cannot be read gives '' and a `DateProblem`; callers report it once per input and never store the
raw text as a date.
"""

from __future__ import annotations

import logging
import re
from datetime import datetime, timezone

log = logging.getLogger("newsprism.readers")

_EPOCH = re.compile(r"\d{9,10}(?:\.\d+)?|\d{12,13}")
_DATE_ONLY = re.compile(r"\d{4}-\d{2}-\d{2}|\d{4}/\d{2}/\d{2}|\d{8}")
_HAS_TIME = re.compile(r"\d{1,2}:\d{2}|T\d{2}|\d{1,2}\s*[ap]\.?m\b", re.I)
_RELATIVE = re.compile(r"\b(?:ago|yesterday|today|tomorrow|last|this|next|hours?|minutes?|mins?|days?|weeks?)\b", re.I)
# US/Canadian zone abbreviations dateutil does not know on its own (offsets in seconds).
_TZINFOS = {name: off * 3600 for name, off in (("EST", -5), ("EDT", -4), ("CST", -6), ("CDT", -5), ("MST", -7),
                                               ("MDT", -6), ("PST", -8), ("PDT", -7), ("BST", 1), ("CET", 1),
                                               ("CEST", 2), ("IST", 5.5), ("JST", 9), ("AEST", 10), ("AEDT", 11))}
_TZINFOS.update({"GMT": 0, "UTC": 0, "Z": 0})
_REGIONS = {"ET": "America/New_York", "CT": "America/Chicago", "MT": "America/Denver", "PT": "America/Los_Angeles"}


def _tzinfos(name, offset):
    """dateutil hook: fixed offsets for EST/EDT-style names, the region's rules for ET/PT (summer time)."""
    if name in _REGIONS:
        from dateutil import tz

        return tz.gettz(_REGIONS[name])
    return _TZINFOS.get(name, offset)
_MIN_YEAR, _MAX_YEAR = 1800, 2200


class DateProblem(ValueError):
    """A date value that could not be read (what and why)."""


def iso(dt: datetime) -> str:
    """ISO 8601 of a datetime: seconds precision, the offset when the datetime has one."""
    if dt.tzinfo is not None and dt.utcoffset() is not None:
        return dt.isoformat(timespec="seconds")
    return dt.replace(tzinfo=None).isoformat(timespec="seconds")


def normalise(value, relative_to: datetime | None = None) -> str:
    """ISO 8601 form of a date value ('' for an empty one); DateProblem when it cannot be read.

    Date-only inputs give 'YYYY-MM-DD'; inputs with a time give 'YYYY-MM-DDTHH:MM:SS' plus the offset
    when one is stated (epoch values are UTC: '+00:00').  `relative_to` allows 'yesterday'-style values.
    """
    if value is None:
        return ""
    if isinstance(value, bool):
        raise DateProblem(f"a boolean is not a date ({value!r})")
    if isinstance(value, (int, float)):
        return _epoch(float(value), value)
    text = " ".join(str(value).split())
    if not text:
        return ""
    if _EPOCH.fullmatch(text):
        return _epoch(float(text), text)
    from dateutil import parser as du

    try:
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}(?:[T ].*)?", text):
            dt = du.isoparse(text.replace(" ", "T", 1)) if "T" not in text else du.isoparse(text)
        else:
            dt = du.parse(text, tzinfos=_tzinfos, dayfirst=_dayfirst(text))
    except (ValueError, OverflowError, TypeError):
        dt = None
    if dt is None or _RELATIVE.search(text) and not re.search(r"\d{4}", text):
        if relative_to is None:
            if _RELATIVE.search(text):
                raise DateProblem(f"relative date {text!r} (pass relative_dates= to resolve it against the "
                                  "crawl or ingest time)")
            raise DateProblem(f"unreadable date {text!r}")
        dt = _relative(text, relative_to)
    if not _MIN_YEAR <= dt.year <= _MAX_YEAR:
        raise DateProblem(f"date {text!r} is out of range (year {dt.year})")
    if _DATE_ONLY.fullmatch(text) or not _HAS_TIME.search(text) and dt.hour == dt.minute == dt.second == 0 \
            and dt.tzinfo is None:
        return dt.date().isoformat()
    return iso(dt)


def _dayfirst(text: str) -> bool:
    """'26/04/2019' is day-first; '04/26/2019' month-first; ambiguous pairs read month-first (US)."""
    m = re.match(r"(\d{1,2})[/.-](\d{1,2})[/.-]\d{2,4}", text)
    return bool(m) and int(m.group(1)) > 12 >= int(m.group(2))


def _epoch(x: float, raw) -> str:
    if x > 1e11:  # milliseconds
        x /= 1000.0
    try:
        dt = datetime.fromtimestamp(x, tz=timezone.utc)
    except (OverflowError, OSError, ValueError):
        raise DateProblem(f"epoch value {raw!r} is out of range") from None
    if not _MIN_YEAR <= dt.year <= _MAX_YEAR:
        raise DateProblem(f"epoch value {raw!r} is out of range")
    return iso(dt)


def _relative(text: str, base: datetime) -> datetime:
    import dateparser

    naive = base.replace(tzinfo=None) if base.tzinfo else base
    dt = dateparser.parse(text, settings={"RELATIVE_BASE": naive, "PREFER_DATES_FROM": "past"})
    if dt is None:
        raise DateProblem(f"unreadable date {text!r}")
    if base.tzinfo is not None and dt.tzinfo is None:
        dt = dt.replace(tzinfo=base.tzinfo)
    if not _HAS_TIME.search(text) and not re.search(r"\b(?:hours?|minutes?|mins?)\b", text, re.I):
        return datetime(dt.year, dt.month, dt.day)  # 'yesterday': a day, not the crawl's clock time
    return dt


def relative_base(option, record: dict | None = None, fallback: str = "") -> datetime | None:
    """The moment relative dates refer to, from the `relative_dates` option: None (not allowed),
    'ingest' (now), 'crawl' (the input's own crawl time, `fallback`), or a record field naming it."""
    if not option:
        return None
    if option == "ingest":
        return datetime.now(timezone.utc)
    raw = fallback if option == "crawl" else (record or {}).get(option, "") or fallback
    try:
        value = normalise(raw)
    except DateProblem:
        return None
    if not value:
        return None
    dt = datetime.fromisoformat(value)
    return dt


class Reporter:
    """Collects unreadable dates of one input and logs them once: count, first examples, what to do."""

    def __init__(self, source: str):
        self.source = source
        self.problems: list[str] = []

    def read(self, value, relative_to: datetime | None = None) -> str:
        try:
            return normalise(value, relative_to)
        except DateProblem as exc:
            self.problems.append(str(exc))
            return ""

    def flush(self) -> None:
        if self.problems:
            first = "; ".join(self.problems[:2])
            more = f" (+{len(self.problems) - 2} more)" if len(self.problems) > 2 else ""
            log.warning("%s: %d date(s) could not be read and were left empty: %s%s", self.source,
                        len(self.problems), first, more)
            self.problems = []
