"""dataabc/weibo-crawler exports: the per-user posts CSV, ``users.csv`` and the per-user JSON.

Based on the writer code of https://github.com/dataabc/weibo-crawler ``weibo.py`` (``get_result_headers``,
``write_csv``, ``get_write_info``, ``user_to_csv``, ``write_json``) as of 2024-2025.

Fields read
-----------
* ``weibo_crawler_csv`` (``weibo/<screen_name>/<user_id>.csv``, UTF-8 with BOM): ``id`` (the writer appends a
  tab, stripped), ``bid``, ``正文``, ``头条文章url``, ``原始图片url``, ``视频url``, ``Live Photo视频url``, ``位置``,
  ``日期``, ``工具``, ``点赞数``, ``评论数``, ``转发数``, ``话题`` (comma list), ``@用户`` (comma list),
  ``完整日期`` (preferred over ``日期``), ``是否编辑过``, ``编辑次数``; when reposts were crawled also ``是否原创``,
  ``源用户id``, ``源用户昵称`` and the same columns prefixed ``源微博`` (``源微博id``, ``源微博正文``, ...). A row
  with ``是否原创`` false is a ``repost`` whose ``parent_id``/``root_id`` is ``源微博id``; the source post is stored
  too (secondary row) with its author. The CSV has no author column: the author id is ``--option
  user_id=...`` or the file name (``<digits>.csv``), the author name ``--option screen_name=...`` or the
  folder name. Times are Beijing time (``tz`` +08:00).
* ``weibo_crawler_users`` (``weibo/users.csv``): ``用户id``, ``昵称``, ``性别``, ``生日``, ``所在地``, ``IP属地``,
  ``学习经历``, ``公司``, ``注册时间``, ``阳光信用``, ``微博数``, ``粉丝数``, ``关注数``, ``简介``, ``主页``, ``头像``,
  ``高清头像``, ``微博等级``, ``会员等级``, ``是否认证``, ``认证类型``, ``认证信息``, ``上次记录微博信息``. The file
  carries no crawl time, so a follower snapshot is only written with ``--option observed_at=YYYY-MM-DD[ HH:MM]``.
* ``weibo_crawler_json`` (``<user_id>.json``): ``user`` {``id``, ``screen_name``, ``gender``, ``location``,
  ``statuses_count``, ``followers_count``, ``follow_count``, ``description``, ``verified``, ``verified_reason``,
  ...} (stored as a secondary account, record number 0) and ``weibo`` [{``user_id``, ``screen_name``, ``id``,
  ``bid``, ``text``, ``article_url``, ``pics``, ``video_url``, ``location``, ``created_at``, ``full_created_at``,
  ``source``, ``attitudes_count``, ``comments_count``, ``reposts_count``, ``topics``, ``at_users``, ``edited``,
  ``edit_count``, ``retweet`` {same fields}}] (record number = 1-based position in ``weibo``).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, ClassVar

import orjson

from yuqing.sources._base import Importer, Rec, Reject, register_importer
from yuqing.sources._io import base_suffix, csv_columns_score, csv_header_score
from yuqing.sources._parse import CST_OFFSET, ParseError, parse_time
from yuqing.sources._rows import RecordImporter, RowMapper
from yuqing.sources._social import (
    account_recs,
    account_row,
    author_recs,
    clean_id,
    count,
    extra_json,
    guarded,
    is_true,
    load_json_document,
    observed_option,
    post_row,
    require,
    text_or_none,
)

PLATFORM = "weibo"
_POST_EXTRA = ("bid", "原始图片url", "视频url", "Live Photo视频url", "工具", "是否编辑过", "编辑次数")


def _author_from_path(path: Path, options: dict[str, Any]) -> tuple[str | None, str | None]:
    uid = options.get("user_id") or (path.name.split(".")[0] if path.name.split(".")[0].isdigit() else None)
    name = options.get("screen_name") or (path.parent.name if uid and path.parent.name not in ("", ".") else None)
    return uid, name


def _csv_post(row: dict[str, str], prefix: str, kind: str, author: tuple[str | None, str | None],
              parent: str | None) -> dict[str, Any]:
    g: Callable[[str], str] = lambda k: row.get(prefix + k, "")  # noqa: E731
    pid = clean_id(g("id"))
    if not pid:
        raise ParseError(f"{prefix}id: missing")
    when = g("完整日期") or g("日期")
    return post_row(
        PLATFORM,
        pid,
        kind=kind,
        account_id=author[0],
        account_name=author[1],
        created_at=parse_time(when, field=prefix + "日期"),
        text=text_or_none(g("正文")),
        parent_id=parent,
        likes=count(g("点赞数"), prefix + "点赞数"),
        comments=count(g("评论数"), prefix + "评论数"),
        reposts=count(g("转发数"), prefix + "转发数"),
        topics=g("话题"),
        mentions=g("@用户"),
        urls=g("头条文章url"),
        location=g("位置") or None,
        extra=extra_json({k: g(k) for k in _POST_EXTRA}, _POST_EXTRA),
    )


@register_importer
class WeiboCrawlerCSV(RecordImporter):
    name = "weibo_crawler_csv"
    version = "1"
    description = "dataabc/weibo-crawler posts CSV (Chinese headers; reposts keep the source post)"
    fields = "id, bid, 正文, 日期/完整日期, 点赞数, 评论数, 转发数, 话题, @用户, 位置, 是否原创, 源用户id, 源用户昵称, 源微博*"
    suffixes: ClassVar[tuple[str, ...]] = (".csv",)

    @classmethod
    def sniff(cls, path: Path, head: str) -> float:
        return csv_header_score(path, head, 0.95,
                                lambda h: {"id", "bid", "正文"} <= set(h) and bool({"日期", "完整日期"} & set(h)))

    def mapper(self, path: Path) -> RowMapper:
        author = _author_from_path(path, self.options)

        def convert(line: int, raw: str, row: dict[str, str]) -> Iterator[Rec]:
            original = is_true(row.get("是否原创"))
            src_id = clean_id(row.get("源微博id"))
            if original is False and not src_id:
                raise ParseError("是否原创 is false but 源微博id is empty")
            if original is False:
                post = _csv_post(row, "", "repost", author, src_id)
                src_author = (clean_id(row.get("源用户id")), text_or_none(row.get("源用户昵称")))
                yield Rec("posts", post, line, raw)
                yield Rec("posts", _csv_post(row, "源微博", "post", src_author, None), line, raw, False)
                yield from author_recs(PLATFORM, src_author[0], src_author[1], line, raw)
            else:
                yield Rec("posts", _csv_post(row, "", "post", author, None), line, raw)
            yield from author_recs(PLATFORM, author[0], author[1], line, raw)

        return convert


@register_importer
class WeiboCrawlerUsers(RecordImporter):
    name = "weibo_crawler_users"
    version = "1"
    description = "dataabc/weibo-crawler users.csv (one profile per row)"
    fields = "用户id, 昵称, 性别, 所在地, IP属地, 注册时间, 微博数, 粉丝数, 关注数, 简介, 是否认证, 认证信息, ..."
    suffixes: ClassVar[tuple[str, ...]] = (".csv",)

    @classmethod
    def sniff(cls, path: Path, head: str) -> float:
        return csv_columns_score(path, head, {"用户id", "昵称", "粉丝数"}, 0.95)

    def mapper(self, path: Path) -> RowMapper:
        observed = observed_option(self.options)
        keep = ("性别", "生日", "学习经历", "公司", "阳光信用", "主页", "微博等级", "会员等级", "认证类型", "认证信息",
                "IP属地", "上次记录微博信息")

        def convert(line: int, raw: str, row: dict[str, str]) -> Iterator[Rec]:
            reg = row.get("注册时间", "")
            acc = account_row(
                PLATFORM,
                clean_id(row.get("用户id")),
                name=text_or_none(row.get("昵称")),
                description=text_or_none(row.get("简介")),
                followers=count(row.get("粉丝数"), "粉丝数"),
                following=count(row.get("关注数"), "关注数"),
                posts_count=count(row.get("微博数"), "微博数"),
                verified=is_true(row.get("是否认证")),
                location=row.get("所在地") or row.get("IP属地") or None,
                created_at=parse_time(reg, field="注册时间") if reg else None,
                observed_at=observed,
                extra=extra_json(row, keep),
            )
            yield from account_recs(acc, line, raw, True)

        return convert


def json_post(w: dict[str, Any], kind: str, parent: str | None) -> dict[str, Any]:
    """A weibo-crawler ``weibo`` object (also the ``weibo`` table of its SQLite file) as a posts row."""
    pid = clean_id(w.get("id"))
    if not pid:
        raise ParseError("id: missing")
    when = w.get("full_created_at") or w.get("created_at")
    keys = ("bid", "pics", "video_url", "live_photo_url", "source", "edited", "edit_count")
    return post_row(
        PLATFORM,
        pid,
        kind=kind,
        account_id=clean_id(w.get("user_id")),
        account_name=text_or_none(w.get("screen_name")),
        created_at=parse_time(when, field="created_at"),
        text=text_or_none(w.get("text")),
        parent_id=parent,
        likes=count(w.get("attitudes_count"), "attitudes_count"),
        comments=count(w.get("comments_count"), "comments_count"),
        reposts=count(w.get("reposts_count"), "reposts_count"),
        topics=w.get("topics"),
        mentions=w.get("at_users"),
        urls=w.get("article_url"),
        location=text_or_none(w.get("location")),
        extra=extra_json(w, keys),
    )


def user_account(u: dict[str, Any]) -> dict[str, Any]:
    keep = ("gender", "birthday", "education", "company", "sunshine", "profile_url", "urank", "mbrank",
            "verified_type", "verified_reason", "ip_location")
    reg = u.get("registration_time")
    return account_row(
        PLATFORM,
        clean_id(u.get("id")),
        name=text_or_none(u.get("screen_name")),
        description=text_or_none(u.get("description")),
        followers=count(u.get("followers_count"), "followers_count"),
        following=count(u.get("follow_count"), "follow_count"),
        posts_count=count(u.get("statuses_count"), "statuses_count"),
        verified=is_true(u.get("verified")),
        location=text_or_none(u.get("location")),
        created_at=parse_time(reg, field="registration_time") if reg else None,
        extra=extra_json(u, keep),
    )


@register_importer
class WeiboCrawlerJSON(Importer):
    name = "weibo_crawler_json"
    version = "1"
    description = "dataabc/weibo-crawler per-user JSON ({\"user\": {...}, \"weibo\": [...]})"
    fields = "user.{id, screen_name, followers_count, ...}; weibo[].{id, text, created_at, *_count, retweet, ...}"
    suffixes: ClassVar[tuple[str, ...]] = (".json",)

    @classmethod
    def sniff(cls, path: Path, head: str) -> float:
        if base_suffix(path) != ".json":
            return 0.0
        start = head.lstrip("\ufeff \r\n\t")[:4000]
        if start.startswith("{") and '"user"' in start and '"weibo"' in head and '"screen_name"' in head:
            return 0.95
        return 0.0

    def read(self, path: Path) -> Iterator[Rec | Reject]:
        doc = load_json_document(path)
        if not isinstance(doc, dict) or not isinstance(doc.get("weibo", []), list):
            yield Reject(0, orjson.dumps(doc).decode()[:2000], "expected {\"user\": {...}, \"weibo\": [...]}")
            return
        user = doc.get("user")
        if isinstance(user, dict):
            raw = orjson.dumps(user).decode()
            yield from guarded([(0, raw, user)], lambda ln, r, u: account_recs(user_account(require(u, "user")),
                                                                              ln, r, False))

        def convert(line: int, raw: str, obj: Any) -> Iterator[Rec]:
            w = require(obj, "weibo")
            rt = w.get("retweet")
            if isinstance(rt, dict) and rt:
                src = json_post(rt, "post", None)
                yield Rec("posts", json_post(w, "repost", src["post_id"]), line, raw)
                yield Rec("posts", src, line, raw, False)
                yield from author_recs(PLATFORM, src["account_id"], src["account_name"], line, raw)
            else:
                yield Rec("posts", json_post(w, "post", None), line, raw)

        items = ((i, orjson.dumps(w).decode(), w) for i, w in enumerate(doc.get("weibo", []), start=1))
        yield from guarded(items, convert)


__all__ = ["CST_OFFSET", "WeiboCrawlerCSV", "WeiboCrawlerJSON", "WeiboCrawlerUsers", "json_post", "user_account"]
