"""Helpers shared by the social-media importers (weibo-crawler, MediaCrawler, WeiboSpider, weibo-search,
twarc, mapped CSV/JSONL): building ``posts`` / ``accounts`` / ``follower_snapshots`` rows and turning any
per-record failure into a :class:`Reject` so one bad record never aborts a file.
"""

from __future__ import annotations

import re
import zlib
from collections.abc import Callable, Iterable, Iterator
from datetime import datetime
from pathlib import Path
from typing import Any

import orjson

from yuqing.core import InputError
from yuqing.sources._base import Rec, Reject
from yuqing.sources._io import open_binary
from yuqing.sources._parse import CST_OFFSET, ParseError, json_list, parse_count, parse_time

#: Exceptions that mean "this record is malformed" (never "the file is unreadable").
RECORD_ERRORS: tuple[type[BaseException], ...] = (
    ParseError,
    ValueError,
    TypeError,
    KeyError,
    AttributeError,
    IndexError,
    OverflowError,
    OSError,
)

_TAG_RE = re.compile(r"<[^>]*>")
_LOC_PREFIX = re.compile(r"^\s*(?:发布于|来自|IP属地[:：]?)\s*")


def clean_location(value: Any) -> str | None:
    """``"发布于 北京"``, ``"来自上海"``, ``"IP属地：广东"`` -> the place name."""
    s = text_or_none(value)
    if s is None:
        return None
    return _LOC_PREFIX.sub("", s).strip() or None


def clean_id(value: Any) -> str | None:
    """An id as text: ``"123\\t"`` (weibo-crawler pads ids with a tab), ``123``, ``123.0`` -> ``"123"``."""
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, float):
        if value != value:
            return None
        value = int(value) if value.is_integer() else value
    s = str(value).strip()
    if s.endswith(".0") and s[:-2].isdigit():
        s = s[:-2]
    return s or None


def text_or_none(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, dict | list):
        return orjson.dumps(value).decode()
    s = str(value)
    return s if s.strip() else None


def strip_html(value: Any) -> str | None:
    s = text_or_none(value)
    return _TAG_RE.sub("", s) if s is not None else None


def count(value: Any, field: str) -> int | None:
    return parse_count(value, field)


def extra_json(src: dict[str, Any], keys: Iterable[str]) -> str | None:
    """JSON object of the listed source fields that are present and non-empty."""
    out = {k: src[k] for k in keys if k in src and src[k] not in (None, "", [], {})}
    return orjson.dumps(out, default=str).decode() if out else None


def post_row(
    platform: str,
    post_id: str | None,
    *,
    kind: str = "post",
    account_id: str | None = None,
    account_name: str | None = None,
    created_at: datetime | None = None,
    tz: str | None = CST_OFFSET,
    text: str | None = None,
    lang: str | None = None,
    parent_id: str | None = None,
    root_id: str | None = None,
    likes: int | None = None,
    reposts: int | None = None,
    comments: int | None = None,
    topics: Any = None,
    mentions: Any = None,
    urls: Any = None,
    location: str | None = None,
    extra: str | None = None,
) -> dict[str, Any]:
    if kind not in ("post", "repost", "comment"):
        raise ParseError(f"kind: {kind!r} is not post, repost or comment")
    return {
        "platform": platform,
        "post_id": post_id,
        "kind": kind,
        "account_id": account_id,
        "account_name": account_name,
        "created_at": created_at,
        "tz": tz if created_at is not None else None,
        "text": text,
        "lang": lang,
        "parent_id": parent_id,
        "root_id": root_id if root_id is not None else parent_id,
        "likes": likes,
        "reposts": reposts,
        "comments": comments,
        "topics": json_list(topics),
        "mentions": json_list(mentions),
        "urls": json_list(urls),
        "location": clean_location(location),
        "extra": extra,
    }


def account_row(
    platform: str,
    account_id: str | None,
    *,
    name: str | None = None,
    description: str | None = None,
    followers: int | None = None,
    following: int | None = None,
    posts_count: int | None = None,
    verified: bool | None = None,
    location: str | None = None,
    created_at: datetime | None = None,
    observed_at: datetime | None = None,
    extra: str | None = None,
) -> dict[str, Any]:
    return {
        "platform": platform,
        "account_id": account_id,
        "name": name,
        "description": description,
        "followers": followers,
        "following": following,
        "posts_count": posts_count,
        "verified": verified,
        "location": clean_location(location),
        "created_at": created_at,
        "observed_at": observed_at,
        "extra": extra,
    }


def account_recs(acc: dict[str, Any], line: int, raw: str, primary: bool, tz: str | None = CST_OFFSET,
                 snapshot: bool | None = None) -> Iterator[Rec]:
    """The ``accounts`` Rec (skipped when a secondary row has no id) and, when the row has a follower count
    and an observation time, a secondary ``follower_snapshots`` Rec (by default only for primary rows)."""
    if not acc.get("account_id"):
        if primary:
            raise ParseError("missing account id")
        return
    yield Rec("accounts", acc, line, raw, primary)
    if snapshot is None:
        snapshot = primary
    if snapshot and acc.get("followers") is not None and acc.get("observed_at") is not None:
        yield Rec(
            "follower_snapshots",
            {
                "platform": acc["platform"],
                "account_id": acc["account_id"],
                "account_name": acc.get("name"),
                "observed_at": acc["observed_at"],
                "tz": tz,
                "followers": acc["followers"],
            },
            line,
            raw,
            False,
        )


def observed_option(options: dict[str, Any]) -> datetime | None:
    """``--option observed_at=...`` (the crawl time of a file that does not record one), parsed; else None."""
    return parse_time(options["observed_at"]) if options.get("observed_at") else None


def author_recs(platform: str, account_id: str | None, name: str | None, line: int, raw: str,
                extra: str | None = None) -> Iterator[Rec]:
    """The secondary ``accounts`` Rec of a record's author (id and name only; nothing without an id)."""
    return account_recs(account_row(platform, account_id, name=name, extra=extra), line, raw, False)


def guarded(
    items: Iterable[tuple[int, str, Any] | Reject],
    convert: Callable[[int, str, Any], Iterable[Rec | Reject]],
    *,
    errors: tuple[type[BaseException], ...] = RECORD_ERRORS,
    reason: Callable[[BaseException], str] | None = None,
    atomic: bool = True,
) -> Iterator[Rec | Reject]:
    """Apply ``convert`` to each record (Rejects in ``items`` pass through); a record whose conversion raises
    one of ``errors`` becomes one Reject with ``reason(exc)`` (by default the message, naming a missing field
    or the exception type). ``atomic``: none of the rows it produced so far are kept, so a record is
    all-or-nothing; otherwise rows are passed on as they come and those before the error are kept."""
    why = _reason if reason is None else reason
    for item in items:
        if isinstance(item, Reject):
            yield item
            continue
        line, raw, obj = item
        try:
            if atomic:
                out = list(convert(line, raw, obj))
            else:
                yield from convert(line, raw, obj)
                continue
        except errors as exc:
            yield Reject(line, raw, why(exc))
            continue
        yield from out


def _reason(exc: BaseException) -> str:
    if isinstance(exc, ParseError):
        return str(exc)
    if isinstance(exc, KeyError):
        return f"missing field {exc}"
    return f"{type(exc).__name__}: {exc}"


def require(obj: Any, what: str = "record") -> dict[str, Any]:
    if not isinstance(obj, dict):
        raise ParseError(f"expected a JSON object for the {what}, got {type(obj).__name__}")
    return obj


def is_true(value: Any) -> bool | None:
    """Booleans as crawlers write them: True/False, 'True'/'False', 1/0, '是'/'否'."""
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        return value
    s = str(value).strip().lower()
    if s in ("true", "1", "是", "yes", "t"):
        return True
    if s in ("false", "0", "否", "no", "f"):
        return False
    raise ParseError(f"{value!r} is not a boolean")


def json_array_items(obj: Any, raw_text: str) -> Iterator[tuple[int, str, Any]]:
    """The elements of a JSON array document as ``(record_no, raw_json, element)`` (1-based record number)."""
    del raw_text
    if not isinstance(obj, list):
        raise ParseError("expected a JSON array")
    for i, el in enumerate(obj, start=1):
        yield i, orjson.dumps(el).decode(), el


def load_json_document(path: Path) -> Any:
    """A whole JSON document (weibo-crawler / MediaCrawler ``.json`` files). An unreadable document is an
    :class:`InputError` naming the line, since no record in it can be trusted."""
    try:
        with open_binary(path) as fh:
            data = fh.read()
    except (EOFError, zlib.error, OSError) as exc:
        if isinstance(exc, FileNotFoundError | IsADirectoryError | PermissionError):
            raise
        raise InputError(str(path), 0, f"file truncated or corrupt: {exc}") from exc
    try:
        return orjson.loads(data.removeprefix(b"\xef\xbb\xbf"))
    except orjson.JSONDecodeError as exc:
        raise InputError(str(path), exc.lineno, f"broken JSON document: {exc.msg}") from exc
