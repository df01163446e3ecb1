"""dataabc/weibo-crawler SQLite database (``weibo/weibodata.db``, ``write_mode`` ``sqlite``).

Based on ``get_sqlite_create_sql`` and ``weibo_to_sqlite`` / ``sqlite_insert_comments`` in
https://github.com/dataabc/weibo-crawler ``weibo.py``.

Fields read
-----------
* ``user``: ``id``, ``nick_name``, ``gender``, ``follower_count``, ``follow_count``, ``birthday``, ``location``,
  ``edu``, ``company``, ``reg_date``, ``main_page_url``, ``avatar_url``, ``bio`` -> primary ``accounts`` rows
  (no crawl time is stored, so no follower snapshot unless ``--option observed_at=...``).
* ``weibo``: ``id``, ``bid``, ``user_id``, ``screen_name``, ``text``, ``article_url``, ``topics``, ``at_users``,
  ``pics``, ``video_url``, ``location``, ``created_at``, ``source``, ``attitudes_count``, ``comments_count``,
  ``reposts_count``, ``retweet_id`` -> ``posts`` (``repost`` with parent/root ``retweet_id`` when set).
* ``comments``: ``id``, ``bid``, ``weibo_id``, ``root_id``, ``user_id``, ``created_at``, ``user_screen_name``,
  ``text``, ``pic_url``, ``like_count`` -> ``posts`` kind ``comment``; parent = ``root_id`` (the comment it
  answers) when it differs from the comment's own id, else ``weibo_id``; root = ``weibo_id``.
* ``reposts``: ``id``, ``bid``, ``weibo_id``, ``user_id``, ``created_at``, ``user_screen_name``, ``text``,
  ``like_count`` -> ``posts`` kind ``repost`` with parent/root ``weibo_id``.

Record numbers (``src_line``) run over the tables in that order, 1-based; ``raw`` is the row as JSON with its
table name in ``_table``. Missing tables are skipped; a file that is not a readable SQLite database is an
input error naming the file.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import Any, ClassVar

import orjson

from yuqing.core import InputError
from yuqing.sources._base import Importer, Rec, Reject, register_importer
from yuqing.sources._io import base_suffix
from yuqing.sources._parse import ParseError, parse_time
from yuqing.sources._social import (
    account_recs,
    account_row,
    author_recs,
    clean_id,
    count,
    extra_json,
    guarded,
    observed_option,
    post_row,
    text_or_none,
)
from yuqing.sources.weibo_crawler import PLATFORM, json_post

_TABLES = ("user", "weibo", "comments", "reposts")


def _tables(con: sqlite3.Connection) -> set[str]:
    return {r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}


def _decoded(row: dict[str, Any]) -> tuple[dict[str, Any], str | None]:
    """Text columns (read as bytes) decoded as UTF-8; the first column that is not valid UTF-8 is named."""
    bad = None
    out: dict[str, Any] = {}
    for k, v in row.items():
        if isinstance(v, bytes):
            try:
                v = v.decode("utf-8")
            except UnicodeDecodeError:
                bad = bad or k
                v = v.decode("utf-8", errors="replace")
        out[k] = v
    return out, bad


@register_importer
class WeiboCrawlerSQLite(Importer):
    name = "weibo_crawler_sqlite"
    version = "1"
    description = "dataabc/weibo-crawler SQLite database (tables user, weibo, comments, reposts)"
    fields = "user.*, weibo.*, comments.{id, weibo_id, root_id, user_id, text, like_count}, reposts.*"
    suffixes: ClassVar[tuple[str, ...]] = (".db", ".sqlite", ".sqlite3")

    @classmethod
    def sniff(cls, path: Path, head: str) -> float:
        if not head.startswith("SQLite format 3") or base_suffix(path) in (".gz", ".zst"):
            return 0.0
        try:
            con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
            try:
                names = _tables(con)
            finally:
                con.close()
        except (sqlite3.Error, UnicodeDecodeError):
            return 0.0
        return 0.95 if {"weibo", "user"} <= names or {"weibo", "comments"} <= names else 0.0

    def read(self, path: Path) -> Iterator[Rec | Reject]:
        observed = observed_option(self.options)
        try:
            con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
            con.row_factory = sqlite3.Row
            present = _tables(con)
            con.text_factory = bytes  # decoded per value below: one corrupt text is one rejected row
        except (sqlite3.Error, UnicodeDecodeError) as exc:
            raise InputError(str(path), 0, f"not a readable SQLite database: {exc}") from exc
        n = 0
        try:
            for table in _TABLES:
                if table not in present:
                    continue
                try:
                    rows = con.execute(f'SELECT * FROM "{table}"')
                    for r in rows:
                        n += 1
                        row, bad = _decoded(dict(r))
                        raw = orjson.dumps({"_table": table, **row}, default=str).decode()
                        if bad:
                            yield Reject(n, raw, f"{table}.{bad}: not valid UTF-8 text")
                            continue
                        yield from guarded([(n, raw, row)], self._converter(table, observed))
                except (sqlite3.Error, UnicodeDecodeError) as exc:
                    raise InputError(str(path), n + 1, f"SQLite table {table}: {exc}") from exc
        finally:
            con.close()

    @staticmethod
    def _converter(table: str, observed: Any) -> Any:
        def user(line: int, raw: str, u: dict[str, Any]) -> Iterator[Rec]:
            reg = u.get("reg_date")
            acc = account_row(
                PLATFORM,
                clean_id(u.get("id")),
                name=text_or_none(u.get("nick_name")),
                description=text_or_none(u.get("bio")),
                followers=count(u.get("follower_count"), "follower_count"),
                following=count(u.get("follow_count"), "follow_count"),
                location=text_or_none(u.get("location")),
                created_at=parse_time(reg, field="reg_date") if reg else None,
                observed_at=observed,
                extra=extra_json(u, ("gender", "birthday", "edu", "company", "main_page_url")),
            )
            yield from account_recs(acc, line, raw, True)

        def weibo(line: int, raw: str, w: dict[str, Any]) -> Iterator[Rec]:
            parent = clean_id(w.get("retweet_id"))
            yield Rec("posts", json_post(w, "repost" if parent else "post", parent), line, raw)
            yield from author_recs(PLATFORM, clean_id(w.get("user_id")), text_or_none(w.get("screen_name")), line, raw)

        def reply(line: int, raw: str, c: dict[str, Any]) -> Iterator[Rec]:
            cid = clean_id(c.get("id"))
            weibo_id = clean_id(c.get("weibo_id"))
            if not cid or not weibo_id:
                raise ParseError("id and weibo_id are required")
            answered = clean_id(c.get("root_id")) if table == "comments" else None
            parent = answered if answered and answered != cid else weibo_id
            when = c.get("created_at")
            post = post_row(
                PLATFORM,
                cid,
                kind="comment" if table == "comments" else "repost",
                account_id=clean_id(c.get("user_id")),
                account_name=text_or_none(c.get("user_screen_name")),
                created_at=parse_time(when, field="created_at") if when else None,
                text=text_or_none(c.get("text")),
                parent_id=parent,
                root_id=weibo_id,
                likes=count(c.get("like_count"), "like_count"),
                extra=extra_json(c, ("bid", "pic_url")),
            )
            yield Rec("posts", post, line, raw)
            yield from author_recs(PLATFORM, post["account_id"], post["account_name"], line, raw)

        return {"user": user, "weibo": weibo, "comments": reply, "reposts": reply}[table]


__all__ = ["WeiboCrawlerSQLite"]
