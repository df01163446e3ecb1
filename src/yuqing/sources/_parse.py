"""Value parsers shared by importers: engagement counts, times with zones, JSON lists, hashes."""

from __future__ import annotations

import hashlib
import re
from datetime import UTC, date, datetime, timedelta, timezone
from typing import Any

import orjson

CST = timezone(timedelta(hours=8))
CST_OFFSET = "+08:00"

_COUNT_RE = re.compile(r"^\s*([+-]?\d+(?:[.,]\d+)*)\s*(万|w|W|亿|k|K|m|M|千|百万)?\+?\s*$")
_MULT = {"万": 1e4, "w": 1e4, "W": 1e4, "亿": 1e8, "k": 1e3, "K": 1e3, "千": 1e3, "m": 1e6, "M": 1e6, "百万": 1e6}


class ParseError(ValueError):
    """A field value that cannot be parsed; the message becomes the quarantine reason."""


def parse_count(value: Any, field: str = "count") -> int | None:
    """Engagement counts as crawlers write them: ``123``, ``"1,234"``, ``"1.2万"``, ``"3亿"``, ``"10w+"``.

    Empty, ``None`` and placeholder words (``"赞"``, ``"转发"``, ``"评论"``) give ``None``.
    """
    if value is None:
        return None
    if isinstance(value, bool):
        raise ParseError(f"{field}: boolean is not a count")
    if isinstance(value, int):
        return value
    if isinstance(value, float):
        if value != value:  # NaN
            return None
        return round(value)
    s = str(value).strip()
    if s in ("", "赞", "转发", "评论", "null", "None", "-", "nan"):
        return None
    m = _COUNT_RE.match(s)
    if not m:
        raise ParseError(f"{field}: {s!r} is not a count")
    num = float(m.group(1).replace(",", ""))
    return round(num * _MULT.get(m.group(2) or "", 1))


def parse_float(value: Any, field: str = "value") -> float | None:
    if value is None:
        return None
    if isinstance(value, int | float) and not isinstance(value, bool):
        return float(value)
    s = str(value).strip().replace(",", "")
    if s in ("", "null", "None", "nan", "NaN", "-"):
        return None
    try:
        return float(s)
    except ValueError as exc:
        raise ParseError(f"{field}: {s!r} is not a number") from exc


_TS_FORMATS = (
    "%Y-%m-%d %H:%M:%S",
    "%Y-%m-%d %H:%M",
    "%Y-%m-%dT%H:%M:%S",
    "%Y-%m-%dT%H:%M",
    "%Y/%m/%d %H:%M:%S",
    "%Y/%m/%d %H:%M",
    "%Y-%m-%d",
    "%Y/%m/%d",
    "%a %b %d %H:%M:%S %z %Y",  # Weibo API: "Tue Mar 31 10:00:00 +0800 2025"
    "%Y-%m-%d %I:%M %p",
)


def to_utc(dt: datetime, tz: timezone = CST) -> datetime:
    """Naive local time in ``tz`` (or an aware time) -> naive UTC."""
    if dt.tzinfo is None:
        dt = dt.replace(tzinfo=tz)
    return dt.astimezone(UTC).replace(tzinfo=None)


def parse_time(value: Any, tz: timezone = CST, field: str = "time", ref: datetime | None = None) -> datetime | None:
    """Parse a timestamp into naive UTC. Accepts unix seconds/milliseconds, ISO 8601 (with ``Z`` or an
    offset), the common crawler layouts, and Weibo's relative forms (``刚刚``, ``5分钟前``, ``3小时前``,
    ``昨天 12:00``, ``03-29``, ``03月29日 18:46``) resolved against ``ref`` (required for those)."""
    if value is None:
        return None
    if isinstance(value, datetime):
        return to_utc(value, tz)
    if isinstance(value, int | float) and not isinstance(value, bool):
        ts = float(value)
        if ts > 1e11:
            ts /= 1000.0
        return datetime.fromtimestamp(ts, UTC).replace(tzinfo=None)
    s = str(value).strip()
    if not s or s.lower() in ("null", "none", "nan"):
        return None
    if re.fullmatch(r"\d{9,13}(\.\d+)?", s):
        return parse_time(float(s), tz, field)
    iso = s.replace("Z", "+00:00") if s.endswith("Z") else s
    try:
        return to_utc(datetime.fromisoformat(iso), tz)
    except ValueError:
        pass
    for fmt in _TS_FORMATS:
        try:
            return to_utc(datetime.strptime(s, fmt), tz)
        except ValueError:
            continue
    rel = _relative(s, tz, ref)
    if rel is not None:
        return rel
    raise ParseError(f"{field}: {s!r} is not a date/time")


def _relative(s: str, tz: timezone, ref: datetime | None) -> datetime | None:
    if ref is None:
        return None
    local_ref = ref.replace(tzinfo=UTC).astimezone(tz).replace(tzinfo=None) if ref.tzinfo is None else ref
    if s == "刚刚":
        return to_utc(local_ref, tz)
    m = re.fullmatch(r"(\d+)\s*(秒|分钟|小时|天)前", s)
    if m:
        unit = {"秒": "seconds", "分钟": "minutes", "小时": "hours", "天": "days"}[m.group(2)]
        return to_utc(local_ref - timedelta(**{unit: int(m.group(1))}), tz)
    m = re.fullmatch(r"(今天|昨天)\s*(\d{1,2}):(\d{2})", s)
    if m:
        d = local_ref.date() - timedelta(days=1 if m.group(1) == "昨天" else 0)
        return to_utc(datetime(d.year, d.month, d.day, int(m.group(2)), int(m.group(3))), tz)
    m = re.fullmatch(r"(\d{1,2})[-月](\d{1,2})日?(?:\s+(\d{1,2}):(\d{2}))?", s)
    if m:
        hh, mm = int(m.group(3) or 0), int(m.group(4) or 0)
        cand = datetime(local_ref.year, int(m.group(1)), int(m.group(2)), hh, mm)
        if cand > local_ref + timedelta(days=1):
            cand = cand.replace(year=cand.year - 1)
        return to_utc(cand, tz)
    return None


def parse_date(value: Any, field: str = "date") -> date | None:
    if value is None:
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    s = str(value).strip()
    if not s:
        return None
    day = s.split()[0].split("T")[0]
    for fmt in ("%Y-%m-%d", "%Y/%m/%d", "%Y%m%d"):
        try:
            return datetime.strptime(day, fmt).date()
        except ValueError:
            continue
    try:
        return datetime.fromisoformat(s.replace("Z", "+00:00")).date()
    except ValueError as exc:
        raise ParseError(f"{field}: {s!r} is not a date") from exc


def json_list(value: Any, sep: str = ",") -> str | None:
    """A list, or a separated string (``"a,b"``), as a JSON list text; empty gives None."""
    if value is None:
        return None
    if isinstance(value, list | tuple):
        items = [str(v).strip() for v in value if str(v).strip()]
    else:
        s = str(value).strip()
        if not s:
            return None
        if s.startswith("["):
            try:
                parsed = orjson.loads(s)
                if isinstance(parsed, list):
                    return json_list(parsed)
            except orjson.JSONDecodeError:
                pass
        items = [p.strip() for p in s.split(sep) if p.strip()]
    return orjson.dumps(items).decode() if items else None


def json_obj(value: dict[str, Any]) -> str | None:
    clean = {k: v for k, v in value.items() if v not in (None, "")}
    return orjson.dumps(clean, default=str).decode() if clean else None


def stable_id(*parts: Any) -> str:
    """A deterministic id for records whose source has none (sha1 of the parts, 16 hex digits)."""
    h = hashlib.sha1("\x1f".join("" if p is None else str(p) for p in parts).encode("utf-8"))
    return h.hexdigest()[:16]


def parse_bool(value: Any) -> bool | None:
    if value is None:
        return None
    if isinstance(value, bool):
        return value
    s = str(value).strip().lower()
    if s in ("1", "true", "t", "yes", "y", "是", "true.0"):
        return True
    if s in ("0", "false", "f", "no", "n", "否", "", "0.0"):
        return False if s else None
    raise ParseError(f"{value!r} is not a boolean")
