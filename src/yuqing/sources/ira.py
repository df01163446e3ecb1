"""Internet Research Agency (IRA) tweets and accounts as published by FiveThirtyEight (Linvill & Warren), in the
per-author re-split ``ira_tweets.csv[.zst]`` + ``ira_authors.csv``.

Fields read
-----------
* ``ira_tweets_csv``: ``author_id`` (the handle: ``account_id`` and ``account_name``), ``content`` (``text``),
  ``region`` (``location`` unless ``Unknown``), ``language`` (``lang`` as an ISO 639-1 code where known; the
  name stays in ``extra``), ``publish_date`` (minute resolution; the source states no zone: read as UTC,
  ``tz = +00:00``, or ``--option tz=+HH:MM``), ``harvested_date``, ``following``, ``followers``, ``updates``,
  ``post_type`` (``R`` retweet, ``Q`` quote, empty) and ``retweet`` (``1``/``0``) to ``extra``.
  ``kind`` is ``repost`` when ``retweet`` is 1 or ``post_type`` is ``R``/``RETWEET`` (quote tweets have
  ``retweet = 1`` in this data), else ``post``. The data has no tweet ids and no retweet links, so
  ``post_id`` is ``t`` + a stable hash of (author, publish_date, content, occurrence) and ``parent_id`` stays
  null. ``--option snapshots=1`` also writes the author's follower count at each tweet to
  ``follower_snapshots`` (secondary rows). Accounts come from ``ira_authors.csv``, not from the tweets.
* ``ira_authors_csv``: ``author_id`` (``account_id``), ``author`` (``name``); ``external_author_id``,
  ``account_type``, ``account_category`` (RightTroll, LeftTroll, NewsFeed, ...), ``new_june_2018``,
  ``congress_2017_id``, ``in_congress_2017``, ``in_congress_2018`` -> ``extra``.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any, ClassVar

from yuqing.sources._base import Rec, register_importer
from yuqing.sources._io import csv_columns_score
from yuqing.sources._parse import ParseError, json_obj, parse_count, stable_id
from yuqing.sources._rows import RowImporter, RowMapper
from yuqing.sources._social import account_row, post_row

PLATFORM = "twitter"
_LANG = {
    "English": "en", "Russian": "ru", "German": "de", "Ukrainian": "uk", "Italian": "it", "Serbian": "sr",
    "Uzbek": "uz", "Bulgarian": "bg", "Arabic": "ar", "Macedonian": "mk", "French": "fr", "Spanish": "es",
    "Romanian": "ro", "Dutch": "nl", "Norwegian": "no", "Swedish": "sv", "Farsi (Persian)": "fa", "Polish": "pl",
    "Japanese": "ja", "Croatian": "hr", "Lithuanian": "lt", "Estonian": "et", "Finnish": "fi", "Turkish": "tr",
    "Portuguese": "pt", "Vietnamese": "vi", "Czech": "cs", "Slovak": "sk", "Slovenian": "sl", "Hungarian": "hu",
    "Hebrew": "he", "Catalan": "ca", "Albanian": "sq", "Latvian": "lv", "Danish": "da", "Icelandic": "is",
    "Indonesian": "id", "Tagalog (Filipino)": "tl", "Greek": "el", "Korean": "ko", "Hindi": "hi", "Somali": "so",
    "Kurdish": "ku", "Pushto": "ps", "Urdu": "ur", "Malay": "ms", "Thai": "th", "Tamil": "ta", "Welsh": "cy",
    "Simplified Chinese": "zh", "Traditional Chinese": "zh", "Belarusian": "be", "Kazakh": "kk",
}
_EXTRA = ("region", "language", "harvested_date", "following", "followers", "updates", "post_type", "retweet")
_AUTHOR_EXTRA = ("external_author_id", "account_type", "account_category", "new_june_2018", "congress_2017_id",
                 "in_congress_2017", "in_congress_2018")


def _parse_tz(text: str) -> tuple[timedelta, str]:
    s = text.strip()
    sign = -1 if s.startswith("-") else 1
    hh, _, mm = s.lstrip("+-").partition(":")
    try:
        off = timedelta(hours=int(hh), minutes=int(mm or 0)) * sign
    except ValueError as exc:
        raise ParseError(f"tz option {text!r} is not +HH:MM") from exc
    return off, str(timezone(off)).removeprefix("UTC") or "+00:00"


@register_importer
class IRATweetsCSV(RowImporter):
    name = "ira_tweets_csv"
    version = "1"
    description = "FiveThirtyEight IRA tweets CSV (author_id,content,region,language,publish_date,...)"
    fields = ("author_id, content, region, language, publish_date, harvested_date, following, followers, updates, "
              "post_type, retweet")
    suffixes: ClassVar[tuple[str, ...]] = (".csv",)

    @classmethod
    def sniff(cls, path: Path, head: str) -> float:
        return csv_columns_score(path, head, {"author_id", "content", "publish_date", "post_type", "retweet"}, 0.96)

    def mapper(self, path: Path) -> RowMapper:
        offset, tz_text = _parse_tz(str(self.options.get("tz") or "+00:00"))
        snapshots = str(self.options.get("snapshots", "0")).lower() in ("1", "true", "yes")
        seen: dict[str, int] = {}

        def convert(line: int, raw: str, row: dict[str, str]) -> Iterator[Rec]:
            author = (row.get("author_id") or "").strip()
            when_text = (row.get("publish_date") or "").strip()
            content = row.get("content") or ""
            if not author:
                raise ParseError("author_id: empty")
            try:
                created = datetime.fromisoformat(when_text) - offset
            except ValueError as exc:
                raise ParseError(f"publish_date: {when_text!r} is not a date/time") from exc
            followers = parse_count(row.get("followers"), "followers")
            base = stable_id(author, when_text, content)
            occurrence = seen[base] = seen.get(base, 0) + 1
            post_type = (row.get("post_type") or "").strip()
            repost = (row.get("retweet") or "").strip() == "1" or post_type in ("R", "RETWEET")
            region = (row.get("region") or "").strip()
            rec = post_row(
                PLATFORM, "t" + (base if occurrence == 1 else stable_id(base, occurrence)),
                kind="repost" if repost else "post", account_id=author, account_name=author, created_at=created,
                tz=tz_text, text=content if content.strip() else None, lang=_LANG.get(row.get("language") or ""),
                location=region if region and region != "Unknown" else None,
                extra=json_obj({k: row.get(k) for k in _EXTRA}),
            )
            yield Rec("posts", rec, line, raw)
            if snapshots and followers is not None:
                yield Rec("follower_snapshots", {"platform": PLATFORM, "account_id": author, "account_name": author,
                                                 "observed_at": created, "tz": tz_text, "followers": followers},
                          line, raw, primary=False)

        return convert


@register_importer
class IRAAuthorsCSV(RowImporter):
    name = "ira_authors_csv"
    version = "1"
    description = "FiveThirtyEight IRA account list (author_id,author,external_author_id,account_category,...)"
    fields = "author_id, author, " + ", ".join(_AUTHOR_EXTRA)
    suffixes: ClassVar[tuple[str, ...]] = (".csv",)

    @classmethod
    def sniff(cls, path: Path, head: str) -> float:
        return csv_columns_score(path, head, {"author_id", "author", "account_category"}, 0.95)

    def mapper(self, path: Path) -> RowMapper:
        return self._convert

    @staticmethod
    def _convert(line: int, raw: str, row: dict[str, str]) -> Iterator[Rec]:
        aid = (row.get("author_id") or "").strip()
        if not aid:
            raise ParseError("author_id: empty")
        extra: dict[str, Any] = {k: row.get(k) for k in _AUTHOR_EXTRA}
        yield Rec("accounts", account_row(PLATFORM, aid, name=(row.get("author") or "").strip() or aid,
                                          extra=json_obj(extra)), line, raw)
