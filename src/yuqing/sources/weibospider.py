"""nghuyong/WeiboSpider JSON Lines output (``output/<spider>_<time>.jsonl``): tweets, users and comments.

Based on https://github.com/nghuyong/WeiboSpider ``weibospider/spiders/common.py`` (``parse_tweet_info``,
``parse_user_info``, ``parse_time``), ``spiders/comment.py`` (``parse_comment``), ``spiders/user.py`` and
``pipelines.py`` (adds ``crawl_time``, unix seconds). One importer reads all three record types, told apart
per line.

Fields read
-----------
* tweet (has ``mblogid``): ``_id`` (the mid), ``mblogid``, ``created_at`` (``YYYY-MM-DD HH:MM:SS``, Beijing
  time), ``content``, ``reposts_count``, ``comments_count``, ``attitudes_count``, ``ip_location``, ``source``,
  ``geo``, ``pic_urls``, ``video``, ``url``, ``isLongText``, ``keyword``, ``retweet_id`` / ``is_retweet`` (a
  repost of ``retweet_id``), ``user`` {user fields}.
* comment (has ``comment_user``): ``_id``, ``created_at``, ``content``, ``like_counts``, ``ip_location``,
  ``comment_user`` {user fields}, ``reply_comment`` {``_id``} (the comment it answers) and the tweet it belongs
  to when present (``mblogid``/``tweet_id``/``weibo_id``, or ``--option tweet_id=...``): parent = the
  answered comment else the tweet; root = the tweet. The upstream comment spider does not write the tweet id,
  so without one of those ``parent_id``/``root_id`` stay empty.
* user (has ``nick_name``, no ``content``): ``_id``, ``nick_name``, ``description``, ``followers_count``,
  ``friends_count``, ``statuses_count``, ``verified``, ``verified_reason``, ``location``, ``ip_location``,
  ``gender``, ``created_at``, ``birthday``, ``mbrank``, ``credit_score``, ``crawl_time`` -> primary ``accounts``
  row and a ``follower_snapshots`` row at ``crawl_time``.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any, ClassVar

from yuqing.sources._base import Rec, Reject, register_importer
from yuqing.sources._io import iter_json_lines, jsonl_first_line
from yuqing.sources._parse import ParseError, parse_time
from yuqing.sources._rows import RecordImporter, RowMapper
from yuqing.sources._social import (
    account_recs,
    account_row,
    clean_id,
    count,
    extra_json,
    is_true,
    post_row,
    require,
    text_or_none,
)

PLATFORM = "weibo"


def _user(u: dict[str, Any], observed: Any) -> dict[str, Any]:
    when = u.get("created_at")
    return account_row(
        PLATFORM,
        clean_id(u.get("_id")),
        name=text_or_none(u.get("nick_name")),
        description=text_or_none(u.get("description")),
        followers=count(u.get("followers_count"), "followers_count"),
        following=count(u.get("friends_count"), "friends_count"),
        posts_count=count(u.get("statuses_count"), "statuses_count"),
        verified=is_true(u.get("verified")),
        location=text_or_none(u.get("location") or u.get("ip_location")),
        created_at=parse_time(when, field="created_at") if when else None,
        observed_at=observed,
        extra=extra_json(u, ("gender", "birthday", "verified_type", "verified_reason", "mbrank", "mbtype",
                             "credit_score", "ip_location", "avatar_hd")),
    )


def _crawl_time(r: dict[str, Any]) -> Any:
    v = r.get("crawl_time", r.get("crawl_ts"))
    return parse_time(v, field="crawl_time") if v not in (None, "") else None


def convert(r: dict[str, Any], line: int, raw: str, tweet_opt: str | None) -> Iterator[Rec]:
    if "comment_user" in r:
        author: dict[str, Any] = require(r.get("comment_user"), "comment_user")
        reply = r.get("reply_comment")
        answered = clean_id(reply.get("_id") or reply.get("id")) if isinstance(reply, dict) else None
        tweet = clean_id(r.get("tweet_id") or r.get("weibo_id") or r.get("mid") or r.get("mblogid")) or tweet_opt
        post = post_row(
            PLATFORM, clean_id(r.get("_id")), kind="comment",
            account_id=clean_id(author.get("_id")), account_name=text_or_none(author.get("nick_name")),
            created_at=parse_time(r.get("created_at"), field="created_at"),
            text=text_or_none(r.get("content")),
            parent_id=answered or tweet, root_id=tweet,
            likes=count(r.get("like_counts"), "like_counts"),
            location=text_or_none(r.get("ip_location")),
        )
        yield Rec("posts", post, line, raw)
        yield from account_recs(_user(author, None), line, raw, False)
    elif "mblogid" in r or "content" in r:
        user = r.get("user")
        author = user if isinstance(user, dict) else {}
        parent = clean_id(r.get("retweet_id"))
        if is_true(r.get("is_retweet")) and not parent:
            raise ParseError("is_retweet is true but retweet_id is missing")
        post = post_row(
            PLATFORM, clean_id(r.get("_id")), kind="repost" if parent else "post",
            account_id=clean_id(author.get("_id")), account_name=text_or_none(author.get("nick_name")),
            created_at=parse_time(r.get("created_at"), field="created_at"),
            text=text_or_none(r.get("content")),
            parent_id=parent,
            likes=count(r.get("attitudes_count"), "attitudes_count"),
            comments=count(r.get("comments_count"), "comments_count"),
            reposts=count(r.get("reposts_count"), "reposts_count"),
            topics=r.get("topics"),
            mentions=r.get("at_users"),
            urls=[r["url"]] if r.get("url") else None,
            location=text_or_none(r.get("ip_location")),
            extra=extra_json(r, ("mblogid", "source", "geo", "pic_urls", "pic_num", "video", "isLongText",
                                 "keyword", "crawl_time")),
        )
        yield Rec("posts", post, line, raw)
        yield from account_recs(_user(author, None), line, raw, False)
    elif "nick_name" in r:
        yield from account_recs(_user(r, _crawl_time(r)), line, raw, True)
    else:
        raise ParseError("neither a tweet (mblogid), a comment (comment_user) nor a user (nick_name)")


@register_importer
class WeiboSpider(RecordImporter):
    name = "weibospider"
    version = "1"
    description = "nghuyong/WeiboSpider JSON Lines: tweets, users, comments"
    fields = ("_id, mblogid, created_at, content, reposts_count, comments_count, attitudes_count, ip_location, "
              "retweet_id, user{...}; comment_user, like_counts, reply_comment; nick_name, followers_count, crawl_time")
    suffixes: ClassVar[tuple[str, ...]] = (".jsonl", ".json")

    @classmethod
    def sniff(cls, path: Path, head: str) -> float:
        first = jsonl_first_line(path, head)
        if first is None or '"_id"' not in first:
            return 0.0
        if '"mblogid"' in first or '"comment_user"' in first or ('"nick_name"' in first and '"avatar_hd"' in first):
            return 0.9
        return 0.0

    def rows(self, path: Path) -> Iterator[tuple[int, str, Any] | Reject]:
        return iter_json_lines(path)

    def mapper(self, path: Path) -> RowMapper:
        tweet_opt = self.options.get("tweet_id")
        return lambda ln, raw, obj: convert(require(obj), ln, raw, tweet_opt)


__all__ = ["WeiboSpider"]
