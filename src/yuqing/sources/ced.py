"""CED (Chinese Rumor Dataset, thunlp/Chinese_Rumor_Dataset ``CED_Dataset/``) merged to JSON Lines: one line
per Weibo source post labelled rumour / non-rumour, with all its reposts and comments.

Fields read
-----------
* ``file`` (``<n>_<mid>_<uid>.json``: the source post's mid and its author's uid), ``label`` (``rumor`` /
  ``non-rumor``, kept in ``extra.label``).
* ``original``: ``text``, ``time`` (unix seconds, or ``Sat Jun 29 12:40:09 +0800 2013``), ``likes``, ``reposts``,
  ``comments``; ``source``, ``pics``, ``has_url``, ``multi``, ``multi_type`` go to ``extra``. ``original.user``
  (an object, or the string ``"empty"``): ``followers``, ``friends`` (following), ``messages`` (posts),
  ``verified``, ``location``, ``time`` (account creation) -> a secondary ``accounts`` row of the uid;
  ``gender``, ``verified_type``, ``description`` (a boolean in this data) -> its ``extra``.
* ``reposts[]``: ``mid``, ``uid``, ``parent`` (the mid it reposts; empty = the source post), ``text``, ``date``
  (``YYYY-MM-DD HH:MM:SS``, China Standard Time). ``kids`` is not read (it repeats ``parent``). Each becomes a
  ``posts`` row ``kind = repost`` with ``parent_id`` and ``root_id`` = the source post, and its uid a secondary
  ``accounts`` row (id only).

Ids are the base62 mids as written (``yBmepBtUB``), for the source post and the reposts alike.

Dates without a year (``01月01日 18:46``, 74 reposts in the data): Weibo wrote them for posts of "this year"
at crawl time, which the data does not state. A Weibo mid encodes its numeric id, and the id its creation
time (``(id >> 22) + 515483463`` unix seconds; on the dated reposts of this file it agrees with ``date`` to
the second or two). Such a date is placed at the mid's time when that time, in CST, shows the same month, day,
hour and minute as the text (all 74 do: they are 2016 reposts); it is stored with ``extra.date_raw`` and
``extra.time_from = "mid"``. Otherwise the repost is quarantined with the reason. ``--option
undated=quarantine`` quarantines all of them.

Provenance: ``src_line`` is the JSON line; ``raw`` is the source post's line without its ``reposts`` list for
the source post, and the repost's own JSON object for a repost (a line holds up to thousands of reposts).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any, ClassVar

import orjson

from yuqing.sources._base import Importer, Rec, Reject, register_importer
from yuqing.sources._io import base_suffix, iter_json_lines
from yuqing.sources._parse import ParseError, json_obj, parse_count, parse_time
from yuqing.sources._social import RECORD_ERRORS, account_row, is_true, post_row, text_or_none

PLATFORM = "weibo"
_FILE = re.compile(r"^(?:.*/)?\d+_([0-9A-Za-z]+)_(\d+)\.json$")
_FULL = re.compile(r"^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$")
_NO_YEAR = re.compile(r"^(\d{1,2})月(\d{1,2})日\s+(\d{1,2}):(\d{2})$")
_CST = timedelta(hours=8)


def _cst(text: str) -> datetime:
    return datetime.fromisoformat(text) - _CST


_B62 = {c: i for i, c in enumerate("0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ")}
#: Weibo numeric ids carry their creation time: unix seconds = (id >> 22) + this offset.
_ID_EPOCH = 515483463


def mid_to_id(mid: str) -> int:
    """Weibo's base62 mid (``yBmepBtUB``) as its numeric id: 4-character groups from the right, each a base62
    number written as 7 decimal digits (the leading group unpadded)."""
    groups = [mid[max(0, i - 4):i] for i in range(len(mid), 0, -4)][::-1]
    digits = ""
    for k, g in enumerate(groups):
        n = 0
        for c in g:
            n = n * 62 + _B62[c]
        digits += str(n) if k == 0 else str(n).zfill(7)
    return int(digits)


def time_from_mid(mid: str) -> datetime | None:
    """The creation time (UTC) embedded in a Weibo mid, or None when the mid cannot be decoded."""
    try:
        ts = (mid_to_id(mid) >> 22) + _ID_EPOCH
        return datetime(1970, 1, 1) + timedelta(seconds=ts)
    except (KeyError, ValueError, OverflowError):
        return None


def resolve_no_year(text: str, mid: str) -> tuple[datetime | None, str]:
    """A ``MM月DD日 HH:MM`` (CST) date without a year, placed by the time embedded in the repost's mid when that
    time shows the same month, day, hour and minute; else None and the reason."""
    m = _NO_YEAR.match(text)
    if m is None:
        return None, f"date {text!r} is not a date"
    t = time_from_mid(mid)
    if t is None:
        return None, f"date {text!r} has no year and the mid {mid!r} cannot be decoded: cannot be placed"
    local = t + _CST
    if (local.month, local.day, local.hour, local.minute) != tuple(int(g) for g in m.groups()):
        return None, (f"date {text!r} has no year and the time in the mid ({local:%Y-%m-%d %H:%M} CST) does not "
                      "match it: cannot be placed")
    return t, ""


@register_importer
class CEDJsonl(Importer):
    name = "ced_jsonl"
    version = "1"
    description = "CED rumour cascades: one JSON line per Weibo source post with its reposts"
    fields = ("file, label, original{text,time,likes,reposts,comments,source,pics,has_url,multi,user{...}}, "
              "reposts[]{mid,uid,parent,text,date}")
    suffixes: ClassVar[tuple[str, ...]] = (".jsonl", ".json")

    @classmethod
    def sniff(cls, path: Path, head: str) -> float:
        if base_suffix(path) not in (".jsonl", ".json"):
            return 0.0
        first = head.lstrip()[:4096]
        if first.startswith('{"file"') and '"original"' in head and '"reposts"' in head and '"label"' in head:
            return 0.97
        return 0.0

    def read(self, path: Path) -> Iterator[Rec | Reject]:
        infer = str(self.options.get("undated", "infer")) != "quarantine"
        for item in iter_json_lines(path):
            if isinstance(item, Reject):
                yield item
                continue
            line, raw, obj = item
            try:
                src, recs = self._source(line, obj)
            except RECORD_ERRORS as exc:
                yield Reject(line, raw, f"source post: {exc}" if isinstance(exc, ParseError)
                             else f"source post: {type(exc).__name__}: {exc}")
                continue
            yield from recs
            yield from self._reposts(line, obj.get("reposts") or [], src, infer)

    def _source(self, line: int, obj: Any) -> tuple[dict[str, Any], list[Rec]]:
        if not isinstance(obj, dict) or not isinstance(obj.get("original"), dict):
            raise ParseError("expected an object with 'file' and 'original'")
        m = _FILE.match(str(obj.get("file") or ""))
        if m is None:
            raise ParseError(f"file {obj.get('file')!r} is not '<n>_<mid>_<uid>.json'")
        mid, uid = m.groups()
        o = obj["original"]
        created = parse_time(o.get("time"), field="original.time")
        head = {k: v for k, v in obj.items() if k != "reposts"}
        raw = orjson.dumps(head).decode()
        extra = json_obj({"label": obj.get("label"), "file": obj.get("file"), "source": o.get("source"),
                          "pics": o.get("pics"), "has_url": o.get("has_url"), "multi": o.get("multi"),
                          "multi_type": o.get("multi_type")})
        post = post_row(PLATFORM, mid, kind="post", account_id=uid, created_at=created,
                        text=text_or_none(o.get("text")), likes=parse_count(o.get("likes"), "likes"),
                        reposts=parse_count(o.get("reposts"), "reposts"),
                        comments=parse_count(o.get("comments"), "comments"), extra=extra)
        recs = [Rec("posts", post, line, raw)]
        u = o.get("user")
        if isinstance(u, dict):
            acc = account_row(
                PLATFORM, uid, followers=parse_count(u.get("followers"), "user.followers"),
                following=parse_count(u.get("friends"), "user.friends"),
                posts_count=parse_count(u.get("messages"), "user.messages"), verified=is_true(u.get("verified")),
                location=text_or_none(u.get("location")),
                created_at=parse_time(u.get("time"), field="user.time"),
                extra=json_obj({"gender": u.get("gender"), "verified_type": u.get("verified_type"),
                                "has_description": u.get("description")}))
            recs.append(Rec("accounts", acc, line, raw, primary=False))
        return {"mid": mid, "created": created}, recs

    def _reposts(self, line: int, reposts: list[Any], src: dict[str, Any], infer: bool) -> Iterator[Rec | Reject]:
        mid: str = src["mid"]
        for r in reposts:
            raw = orjson.dumps(r).decode()
            rmid = ""
            try:
                if not isinstance(r, dict):
                    raise ParseError("repost is not an object")
                rmid = str(r.get("mid") or "").strip()
                if not rmid:
                    raise ParseError("repost without mid")
                date_text = str(r.get("date") or "").strip()
                extra = None
                if _FULL.match(date_text):
                    when: datetime | None = _cst(date_text)
                elif not date_text:
                    when = None
                else:
                    if not infer:
                        raise ParseError(f"date {date_text!r} has no year: cannot be placed")
                    when, why = resolve_no_year(date_text, rmid)
                    if when is None:
                        raise ParseError(why)
                    extra = json_obj({"date_raw": date_text, "time_from": "mid"})
                uid = str(r.get("uid") or "").strip() or None
                post = post_row(PLATFORM, rmid, kind="repost", account_id=uid, created_at=when,
                                text=text_or_none(r.get("text")), parent_id=str(r.get("parent") or "") or mid,
                                root_id=mid, extra=extra)
            except RECORD_ERRORS as exc:
                yield Reject(line, raw, f"repost {rmid or '?'}: {exc}")
                continue
            yield Rec("posts", post, line, raw)
            if uid:
                yield Rec("accounts", account_row(PLATFORM, uid), line, raw, primary=False)
