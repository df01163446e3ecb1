"""NanmiCoder/MediaCrawler exports for Weibo, Douyin and Xiaohongshu: contents, comments and creators, as
JSON Lines (``.jsonl``), JSON arrays (``.json``) or CSV (``.csv``), e.g.
``data/weibo/jsonl/search_contents_2025-06-01.jsonl``.

Based on the store code of https://github.com/NanmiCoder/MediaCrawler: ``store/weibo/__init__.py``
(``update_weibo_note``, ``update_weibo_note_comment``, ``save_creator``), ``store/douyin/__init__.py``
(``update_douyin_aweme``, ``update_dy_aweme_comment``, ``save_creator``) and ``store/xhs/__init__.py``
(``update_xhs_note``, ``update_xhs_note_comment``, ``save_creator``). Every value may arrive as a string;
counts like ``"1.2万"`` / ``"10万+"`` are parsed.

Fields read
-----------
* contents: ``note_id`` (weibo, xhs) / ``aweme_id`` (douyin); ``content`` (weibo) or ``title`` + ``desc``
  (douyin, xhs); ``create_time`` (unix s) / ``time`` (xhs, unix ms) / ``create_date_time``; ``liked_count``,
  ``comments_count`` / ``comment_count``, ``shared_count`` / ``share_count``, ``collected_count``;
  ``ip_location``; ``note_url`` / ``aweme_url``; ``tag_list`` (xhs topics); ``source_keyword``; author
  ``user_id`` (or ``creator_hash``), ``nickname``.
* comments: ``comment_id``, ``note_id`` / ``aweme_id``, ``content``, ``create_time``, ``like_count`` /
  ``comment_like_count``, ``sub_comment_count``, ``parent_comment_id`` (``0``/empty/own id = top level),
  ``ip_location``, author ``user_id`` / ``creator_hash``, ``nickname``. Stored as kind ``comment`` with
  parent = the parent comment (or the content) and root = the content.
* creators: ``user_id`` / ``creator_hash``, ``nickname``, ``desc``, ``ip_location``, ``follows``, ``fans``,
  ``interaction``, ``videos_count``, ``tag_list``, ``gender``, ``last_modify_ts`` (ms; the crawl time) ->
  primary ``accounts`` rows and a ``follower_snapshots`` row when ``fans`` and ``last_modify_ts`` are set.

Schema generations: before mid-2026 authors are ``user_id`` with plain ``nickname``; the later generation
has ``creator_hash`` (a per-crawl hash instead of the platform id) and masked nicknames (``张**``). Both are
read; a hashed author is stored with ``account_id`` = the hash and ``{"account_id_kind": "creator_hash"}`` in
``extra`` so it is never mistaken for a platform id.

The platform comes from ``--option platform=weibo|douyin|xhs``, else from the path (a ``weibo``/``wb``,
``douyin``/``dy``, ``xhs``/``xiaohongshu`` folder or file-name part), else from the record's fields.
Times are Beijing time (``tz`` +08:00).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any, ClassVar

from yuqing.core import UsageError
from yuqing.sources._base import Rec, Reject, register_importer
from yuqing.sources._io import base_suffix, csv_header, iter_csv_rows, iter_json_lines
from yuqing.sources._parse import ParseError, parse_time
from yuqing.sources._rows import RecordImporter, RowMapper
from yuqing.sources._social import (
    account_recs,
    account_row,
    author_recs,
    clean_id,
    count,
    extra_json,
    json_array_items,
    load_json_document,
    post_row,
    require,
    text_or_none,
)

_PLATFORM_WORDS = {"weibo": "weibo", "wb": "weibo", "douyin": "douyin", "dy": "douyin", "xhs": "xhs",
                   "xiaohongshu": "xhs"}
_CONTENT_EXTRA = ("note_url", "aweme_url", "source_keyword", "collected_count", "aweme_type", "type",
                  "video_url", "gender", "sec_uid", "xsec_token", "last_modify_ts")
_MARKERS = ("note_id", "aweme_id", "comment_id", "creator_hash", "fans")


def platform_from_path(path: Path) -> str | None:
    for part in reversed(path.parts):
        for word in re.split(r"[^a-z]+", part.lower()):
            if word in _PLATFORM_WORDS:
                return _PLATFORM_WORDS[word]
    return None


def _platform_from_record(r: dict[str, Any]) -> str:
    if "aweme_id" in r or "sec_uid" in r:
        return "douyin"
    url = str(r.get("note_url") or "")
    if "xsec_token" in r or "xiaohongshu" in url or "time" in r or "pictures" in r or "image_list" in r:
        return "xhs"
    return "weibo"


def _author(r: dict[str, Any]) -> tuple[str | None, str | None, bool]:
    uid = clean_id(r.get("user_id"))
    if uid:
        return uid, text_or_none(r.get("nickname")), False
    return clean_id(r.get("creator_hash")), text_or_none(r.get("nickname")), True


def _time(r: dict[str, Any], *keys: str) -> Any:
    for k in keys:
        v = r.get(k)
        if v not in (None, "", 0, "0"):
            return parse_time(v, field=k)
    return None


def _extra(r: dict[str, Any], keys: Iterable[str], hashed: bool) -> str | None:
    src = dict(r)
    if hashed:
        src["account_id_kind"] = "creator_hash"
    return extra_json(src, (*keys, "account_id_kind"))


def convert_record(r: dict[str, Any], platform: str | None, line: int, raw: str) -> Iterator[Rec]:
    """One MediaCrawler record (content, comment or creator) as Recs."""
    plat = platform or _platform_from_record(r)
    uid, nick, hashed = _author(r)
    if "comment_id" in r:
        cid = clean_id(r.get("comment_id"))
        target = clean_id(r.get("note_id") or r.get("aweme_id"))
        if not cid or not target:
            raise ParseError("comment_id and note_id/aweme_id are required")
        parent = clean_id(r.get("parent_comment_id"))
        post = post_row(
            plat, cid, kind="comment", account_id=uid, account_name=nick,
            created_at=_time(r, "create_time", "create_date_time"),
            text=text_or_none(r.get("content")),
            parent_id=parent if parent and parent not in ("0", cid) else target,
            root_id=target,
            likes=count(r.get("like_count", r.get("comment_like_count")), "like_count"),
            comments=count(r.get("sub_comment_count"), "sub_comment_count"),
            location=text_or_none(r.get("ip_location")),
            extra=_extra(r, ("pictures", "last_modify_ts"), hashed),
        )
        yield Rec("posts", post, line, raw)
        yield from author_recs(plat, uid, nick, line, raw, _extra({}, (), hashed))
        return
    pid = clean_id(r.get("note_id") or r.get("aweme_id"))
    if pid:
        title, desc = text_or_none(r.get("title")), text_or_none(r.get("desc"))
        text = text_or_none(r.get("content"))
        if text is None:
            text = desc if not title or (desc and desc.startswith(title)) else f"{title}\n{desc}" if desc else title
        post = post_row(
            plat, pid, kind="post", account_id=uid, account_name=nick,
            created_at=_time(r, "create_time", "time", "create_date_time"),
            text=text,
            likes=count(r.get("liked_count"), "liked_count"),
            comments=count(r.get("comments_count", r.get("comment_count")), "comment_count"),
            reposts=count(r.get("shared_count", r.get("share_count")), "share_count"),
            topics=r.get("tag_list") if plat == "xhs" else None,
            urls=r.get("note_url") or r.get("aweme_url"),
            location=text_or_none(r.get("ip_location")),
            extra=_extra(r, _CONTENT_EXTRA, hashed),
        )
        yield Rec("posts", post, line, raw)
        yield from author_recs(plat, uid, nick, line, raw, _extra({}, (), hashed))
        return
    if uid is None:
        raise ParseError("record has no note_id, aweme_id, comment_id, user_id or creator_hash")
    acc = account_row(
        plat, uid, name=nick,
        description=text_or_none(r.get("desc")),
        followers=count(r.get("fans"), "fans"),
        following=count(r.get("follows"), "follows"),
        posts_count=count(r.get("videos_count"), "videos_count"),
        location=text_or_none(r.get("ip_location")),
        observed_at=_time(r, "last_modify_ts"),
        extra=_extra(r, ("gender", "interaction", "tag_list"), hashed),
    )
    yield from account_recs(acc, line, raw, True)


@register_importer
class MediaCrawler(RecordImporter):
    name = "mediacrawler"
    version = "1"
    description = "NanmiCoder/MediaCrawler weibo/douyin/xhs contents, comments, creators (JSONL, JSON, CSV)"
    fields = ("note_id/aweme_id, comment_id, content/title/desc, create_time/time, liked_count, comment(s)_count, "
              "share(d)_count, parent_comment_id, ip_location, user_id/creator_hash, nickname, fans, follows")
    suffixes: ClassVar[tuple[str, ...]] = (".jsonl", ".json", ".csv")

    @classmethod
    def sniff(cls, path: Path, head: str) -> float:
        suffix = base_suffix(path)
        if suffix == ".csv":
            keys = set(csv_header(head))
        elif suffix in (".jsonl", ".json", ".ndjson"):
            keys = set(re.findall(r'"([a-z_]+)"\s*:', head[:8000]))
        else:
            return 0.0
        if not keys & set(_MARKERS):
            return 0.0
        if "last_modify_ts" in keys or "source_keyword" in keys or "creator_hash" in keys:
            return 0.9
        if ({"note_id", "aweme_id"} & keys) and ("liked_count" in keys or "ip_location" in keys):
            return 0.8
        if {"fans", "follows", "nickname"} <= keys:
            return 0.8
        return 0.0

    def mapper(self, path: Path) -> RowMapper:
        platform = self.options.get("platform") or platform_from_path(path)
        if platform is not None and platform not in ("weibo", "douyin", "xhs"):
            raise UsageError(f"--option platform must be weibo, douyin or xhs, not {platform!r}")

        def convert(line: int, raw: str, obj: Any) -> Iterator[Rec]:
            yield from convert_record(require(obj), platform, line, raw)

        return convert

    def rows(self, path: Path) -> Iterable[tuple[int, str, Any] | Reject]:
        suffix = base_suffix(path)
        if suffix == ".csv":
            return iter_csv_rows(path)
        if suffix == ".json":
            doc = load_json_document(path)
            if not isinstance(doc, list):
                return [Reject(0, "", "expected a JSON array of records")]
            return json_array_items(doc, "")
        return iter_json_lines(path)


__all__ = ["MediaCrawler", "convert_record", "platform_from_path"]
