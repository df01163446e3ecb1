"""Days and time ranges: ISO day parsing and local-day bounds as naive UTC datetimes."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from yuqing.core.errors import UsageError

__all__ = ["parse_day", "utc_bounds"]


def parse_day(value: str | date | None, name: str) -> date | None:
    """``value`` as a date (``YYYY-MM-DD``); None stays None. Raises UsageError naming ``name`` if bad."""
    if value is None or isinstance(value, date):
        return value
    try:
        return date.fromisoformat(value)
    except ValueError as exc:
        raise UsageError(f"{name}: {value!r} is not a date (YYYY-MM-DD)") from exc


def utc_bounds(since: date | None, until: date | None, offset_hours: float = 8.0) -> tuple[datetime | None, datetime | None]:
    """Local-day bounds [since 00:00, until+1 00:00) in a zone, as naive UTC datetimes."""
    lo = datetime.combine(since, time()) - timedelta(hours=offset_hours) if since else None
    hi = datetime.combine(until + timedelta(days=1), time()) - timedelta(hours=offset_hours) if until else None
    return lo, hi
