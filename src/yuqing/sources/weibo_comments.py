"""Weibo comments exported as CSV with no ids (``username, content, likecount, date``), e.g. the comments on
one post collected by YitongPeng/XiaomiSu7_Comments_Analysis (``Data/raw/xiaomi.csv``).

Fields read
-----------
``username`` -> ``account_name`` (no user ids in the data: ``account_id`` stays null), ``content`` -> ``text``,
``likecount`` -> ``likes``, ``date`` (``2024/3/30 12:22``, China Standard Time, ``tz = +08:00``) -> ``created_at``.
Every row is ``kind = comment`` with ``parent_id = root_id =`` the commented post: ``--option post_id=...``, else
the digits after ``post`` in the file name (``weibo_comments_post5017599890950579_....csv``); a file with neither
is an error.

Ids: the data has none, so ``post_id`` is ``c`` + a stable hash of (post, username, date, content, occurrence),
where occurrence numbers repeats of the same (username, date, content) in file order. Re-importing the file
therefore stores nothing new, while a user posting the same text twice in a minute keeps two comments.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import datetime
from functools import lru_cache
from pathlib import Path
from typing import ClassVar

from yuqing.core import InputError
from yuqing.sources._base import Rec, register_importer
from yuqing.sources._io import csv_header_score
from yuqing.sources._parse import ParseError, parse_count, parse_time, stable_id
from yuqing.sources._rows import RowImporter, RowMapper
from yuqing.sources._social import post_row, text_or_none

PLATFORM = "weibo"
_POST_IN_NAME = re.compile(r"post(\d{6,20})")


@lru_cache(maxsize=65536)
def _cst(value: str) -> datetime | None:
    return parse_time(value, field="date")


def post_id_from_name(path: Path) -> str | None:
    m = _POST_IN_NAME.search(path.name)
    return m.group(1) if m else None


@register_importer
class WeiboCommentsCSV(RowImporter):
    name = "weibo_comments_csv"
    version = "1"
    description = "Weibo comments CSV without ids (username,content,likecount,date), one commented post per file"
    fields = "username, content, likecount, date (CST); the post id from --option post_id or the file name"
    suffixes: ClassVar[tuple[str, ...]] = (".csv",)

    @classmethod
    def sniff(cls, path: Path, head: str) -> float:
        return csv_header_score(path, head, 0.95,
                                lambda h: {"username", "content", "likecount", "date"} <= set(h) and len(h) <= 6)

    def mapper(self, path: Path) -> RowMapper:
        parent = str(self.options.get("post_id") or post_id_from_name(path) or "")
        if not parent:
            raise InputError(str(path), 0, "which post are these comments on? pass --option post_id=ID "
                             "(or name the file ..._post<ID>_...)")
        seen: dict[tuple[str, str, str], int] = {}

        def convert(line: int, raw: str, row: dict[str, str]) -> Iterator[Rec]:
            user = (row.get("username") or "").strip()
            text = row.get("content") or ""
            when = (row.get("date") or "").strip()
            created = _cst(when)
            if created is None:
                raise ParseError("date: empty")
            likes = parse_count(row.get("likecount"), "likecount")
            key = (user, when, text)
            occurrence = seen[key] = seen.get(key, 0) + 1
            pid = "c" + stable_id(parent, user, when, text, occurrence)
            rec = post_row(PLATFORM, pid, kind="comment", account_name=user or None, created_at=created,
                           text=text_or_none(text), parent_id=parent, root_id=parent, likes=likes)
            yield Rec("posts", rec, line, raw)

        return convert
