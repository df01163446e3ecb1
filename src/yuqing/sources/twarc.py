"""twarc2 / X (Twitter) API v2 JSON Lines: raw response pages and ``twarc2 flatten`` output.

Based on the X API v2 tweet and user objects and https://github.com/DocNow/twarc ``twarc/expansions.py``
(``flatten``: expansions inlined as ``author``, ``referenced_tweets[].tweet``, ``in_reply_to_user``;
``__twarc`` metadata).

Fields read
-----------
* page lines (``twarc2 search``/``timeline`` output): ``data`` [tweets], ``includes.users`` [users],
  ``includes.tweets`` [referenced tweets], ``__twarc.retrieved_at``. Each tweet in ``data`` is a primary
  record (``src_line`` = the page's line, ``raw`` = the tweet object); included tweets and users are stored
  as secondary rows.
* flattened lines: one tweet per line with ``author`` {user} and ``referenced_tweets[].tweet`` inlined.
* tweet: ``id``, ``text``, ``created_at`` (ISO 8601 UTC), ``author_id``, ``conversation_id``, ``lang``,
  ``referenced_tweets`` [{``type``: ``retweeted`` | ``quoted`` | ``replied_to``, ``id``}],
  ``public_metrics`` {``like_count``, ``retweet_count``, ``reply_count``, ``quote_count``},
  ``entities`` {``hashtags[].tag``, ``mentions[].username``, ``urls[].expanded_url``}, ``geo.place_id``,
  ``possibly_sensitive``, ``source``. Kind: ``retweeted``/``quoted`` -> ``repost`` (parent = that tweet,
  root = its conversation or itself), ``replied_to`` -> ``comment`` (parent = the tweet replied to, root =
  ``conversation_id``); otherwise ``post``.
* user: ``id``, ``username``, ``name``, ``description``, ``location``, ``verified``, ``created_at``,
  ``public_metrics`` {``followers_count``, ``following_count``, ``tweet_count``}. With ``__twarc.retrieved_at``
  the follower count is also kept as a ``follower_snapshots`` row (secondary).

``platform`` is ``twitter``; ``tz`` is ``+00:00``.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from typing import Any, ClassVar

import orjson

from yuqing.sources._base import Rec, Reject, register_importer
from yuqing.sources._io import iter_json_lines, jsonl_first_line
from yuqing.sources._parse import ParseError, parse_time
from yuqing.sources._rows import RowImporter, RowMapper
from yuqing.sources._social import (
    RECORD_ERRORS,
    account_recs,
    account_row,
    clean_id,
    count,
    extra_json,
    guarded,
    is_true,
    post_row,
    require,
    text_or_none,
)

PLATFORM = "twitter"
UTC_OFFSET = "+00:00"


def _metrics(obj: dict[str, Any]) -> dict[str, Any]:
    m = obj.get("public_metrics")
    return m if isinstance(m, dict) else {}


def _entity_list(tweet: dict[str, Any], kind: str, key: str) -> list[str]:
    ents = tweet.get("entities")
    if not isinstance(ents, dict) or not isinstance(ents.get(kind), list):
        return []
    return [str(e[key]) for e in ents[kind] if isinstance(e, dict) and e.get(key)]


def tweet_row(t: dict[str, Any]) -> dict[str, Any]:
    tid = clean_id(t.get("id"))
    if not tid:
        raise ParseError("tweet id: missing")
    kind, parent = "post", None
    refs = t.get("referenced_tweets") or []
    if not isinstance(refs, list):
        raise ParseError("referenced_tweets: not a list")
    for ref in refs:
        ref = require(ref, "referenced tweet")
        rtype, rid = ref.get("type"), clean_id(ref.get("id"))
        if rtype == "replied_to" and rid:
            kind, parent = "comment", rid
        elif rtype in ("retweeted", "quoted") and rid and kind == "post":
            kind, parent = "repost", rid
    conv = clean_id(t.get("conversation_id"))
    root = conv if kind == "comment" and conv else parent
    m = _metrics(t)
    author = t.get("author")
    name = text_or_none(author.get("username")) if isinstance(author, dict) else None
    created = t.get("created_at")
    return post_row(
        PLATFORM, tid, kind=kind,
        account_id=clean_id(t.get("author_id")) or (clean_id(author.get("id")) if isinstance(author, dict) else None),
        account_name=name,
        created_at=parse_time(created, field="created_at") if created else None,
        tz=UTC_OFFSET,
        text=text_or_none(t.get("text")),
        lang=text_or_none(t.get("lang")),
        parent_id=parent, root_id=root,
        likes=count(m.get("like_count"), "like_count"),
        reposts=count(m.get("retweet_count"), "retweet_count"),
        comments=count(m.get("reply_count"), "reply_count"),
        topics=_entity_list(t, "hashtags", "tag"),
        mentions=_entity_list(t, "mentions", "username"),
        urls=_entity_list(t, "urls", "expanded_url"),
        extra=extra_json({**t, "quote_count": m.get("quote_count")},
                         ("quote_count", "source", "possibly_sensitive", "in_reply_to_user_id", "geo")),
    )


def user_row(u: dict[str, Any], observed: datetime | None) -> dict[str, Any]:
    m = _metrics(u)
    created = u.get("created_at")
    return account_row(
        PLATFORM, clean_id(u.get("id")),
        name=text_or_none(u.get("username")),
        description=text_or_none(u.get("description")),
        followers=count(m.get("followers_count"), "followers_count"),
        following=count(m.get("following_count"), "following_count"),
        posts_count=count(m.get("tweet_count"), "tweet_count"),
        verified=is_true(u.get("verified")),
        location=text_or_none(u.get("location")),
        created_at=parse_time(created, field="user.created_at") if created else None,
        observed_at=observed,
        extra=extra_json(u, ("name", "protected", "url", "verified_type")),
    )


def _as_list(value: Any) -> list[Any]:
    """A list field as a list (a lone object becomes a one-element list; absent or scalar: empty)."""
    if isinstance(value, list):
        return value
    return [value] if isinstance(value, dict) else []


def _secondary(obj: Any, line: int, make: Any, where: str) -> Iterator[Rec | Reject]:
    """A secondary row from an expansion; a malformed expansion is quarantined, not fatal."""
    raw = orjson.dumps(obj).decode()
    try:
        yield from list(make(require(obj, "expansion"), raw))
    except RECORD_ERRORS as exc:
        yield Reject(line, raw, f"{where}: {type(exc).__name__}: {exc}")


def _user_recs(u: dict[str, Any], raw: str, line: int, observed: datetime | None) -> Iterator[Rec]:
    yield from account_recs(user_row(u, observed), line, raw, False, UTC_OFFSET, snapshot=True)


@register_importer
class Twarc2JSONL(RowImporter):
    name = "twarc2_jsonl"
    version = "1"
    description = "twarc2 / X API v2 JSON Lines (response pages with includes, or twarc2 flatten output)"
    fields = ("data[].{id, text, created_at, author_id, conversation_id, lang, referenced_tweets, public_metrics, "
              "entities}, includes.{users, tweets}, author, __twarc.retrieved_at")
    suffixes: ClassVar[tuple[str, ...]] = (".jsonl", ".json")

    @classmethod
    def sniff(cls, path: Path, head: str) -> float:
        first = jsonl_first_line(path, head)
        if first is None:
            return 0.0
        if first.startswith('{"data"') or ('"data"' in first and ('"includes"' in first or '"__twarc"' in first)):
            return 0.95
        if '"conversation_id"' in first and ('"author_id"' in first or '"__twarc"' in first):
            return 0.9
        return 0.0

    row_errors = ()  # each tweet and expansion is guarded on its own

    def rows(self, path: Path) -> Iterator[tuple[int, str, Any] | Reject]:
        return iter_json_lines(path)

    def mapper(self, path: Path) -> RowMapper:
        return self._line

    def _line(self, line: int, raw: str, obj: Any) -> Iterator[Rec | Reject]:
        if not isinstance(obj, dict):
            yield Reject(line, raw, "expected a JSON object")
            return
        meta = obj.get("__twarc")
        observed = None
        if isinstance(meta, dict) and meta.get("retrieved_at"):
            try:
                observed = parse_time(meta["retrieved_at"], field="__twarc.retrieved_at")
            except ParseError:
                observed = None
        if "data" in obj:
            yield from self._page(obj, line, raw, observed)
        else:
            yield from self._flat(obj, line, raw, observed)

    def _page(self, page: dict[str, Any], line: int, raw: str, observed: datetime | None) -> Iterator[Rec | Reject]:
        data = page.get("data")
        tweets = data if isinstance(data, list) else [data]  # a scalar ``data`` is a rejected record
        inc = page.get("includes")
        if not isinstance(inc, dict):
            inc = {}
        names = {str(u.get("id")): u.get("username") for u in _as_list(inc.get("users")) if isinstance(u, dict)}

        def convert(ln: int, r: str, t: Any) -> Iterator[Rec]:
            row = tweet_row(require(t, "tweet"))
            if row["account_name"] is None and row["account_id"] in names:
                row["account_name"] = text_or_none(names[row["account_id"]])
            yield Rec("posts", row, ln, r)

        for i, t in enumerate(tweets):
            for out in guarded([(line, orjson.dumps(t).decode(), t)], convert):
                yield Reject(out.line, out.raw, f"data[{i}]: {out.reason}") if isinstance(out, Reject) else out
        for i, u in enumerate(_as_list(inc.get("users"))):
            yield from _secondary(u, line, lambda o, r: _user_recs(o, r, line, observed), f"includes.users[{i}]")
        for i, t in enumerate(_as_list(inc.get("tweets"))):
            yield from _secondary(t, line, lambda o, r: [Rec("posts", tweet_row(o), line, r, False)],
                                  f"includes.tweets[{i}]")

    def _flat(self, t: dict[str, Any], line: int, raw: str, observed: datetime | None) -> Iterator[Rec | Reject]:
        def convert(ln: int, r: str, obj: Any) -> Iterator[Rec]:
            yield Rec("posts", tweet_row(obj), ln, r)

        yield from guarded([(line, raw, t)], convert)
        author = t.get("author")
        if isinstance(author, dict):
            yield from _secondary(author, line, lambda o, r: _user_recs(o, r, line, observed), "author")
        for i, ref in enumerate(_as_list(t.get("referenced_tweets"))):
            if isinstance(ref, dict) and isinstance(ref.get("tweet"), dict):
                yield from _secondary(ref["tweet"], line, lambda o, r: [Rec("posts", tweet_row(o), line, r, False)],
                                      f"referenced_tweets[{i}].tweet")


__all__ = ["Twarc2JSONL", "tweet_row", "user_row"]
