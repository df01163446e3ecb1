"""Plain CSV or JSON Lines posts with a column mapping given on the command line: ``csv_posts``, ``jsonl_posts``.

Never auto-detected (any CSV could be one): name the format and map the columns, e.g. the IRA tweets::

    yuqing ingest ira_tweets.csv.zst --format csv_posts \\
        -o map=account_id:author_id,text:content,created_at:publish_date,lang:language,location:region,\\
followers:followers,following:following,posts_count:updates,is_repost:retweet,observed_at:harvested_date \\
        -o platform=twitter -o tz=+00:00

Options
-------
* ``map`` (required): comma-separated ``target:source`` pairs. Targets: ``post_id``, ``text``, ``created_at``,
  ``account_id``, ``account_name``, ``kind`` (values post/repost/comment; also ``retweet``/``reply``/
  ``quote``), ``is_repost`` (truthy -> kind repost), ``parent_id``, ``root_id``, ``likes``, ``reposts``,
  ``comments``, ``topics``, ``mentions``, ``urls``, ``location``, ``lang``, and for the author's ``accounts``
  row ``followers``, ``following``, ``posts_count``, ``observed_at`` (with ``followers`` it also gives a
  ``follower_snapshots`` row). JSONL sources may use dotted paths (``user.id``). ``text`` is required.
* ``platform`` (default ``unknown``), ``tz`` (the offset of naive times, default ``+08:00``; ``+00:00`` for
  UTC sources), ``extra`` (comma list of source columns kept in ``extra``; default: every unmapped column).
* Without a ``post_id`` mapping the id is a stable hash of the raw record and its occurrence number among
  identical records in the file, so re-importing the same file stores nothing twice while identical
  records (e.g. repeated retweets) are all kept.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

from yuqing.core import UsageError
from yuqing.sources._base import Block, Importer, Rec, Reject, register_importer
from yuqing.sources._io import (
    BlockReadError,
    block_json_lines,
    file_encoding,
    iter_blocks,
    iter_csv_rows,
    iter_json_lines,
)
from yuqing.sources._parse import ParseError, parse_time, stable_id
from yuqing.sources._prefetch import ordered_map
from yuqing.sources._social import (
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

if TYPE_CHECKING:
    import numpy as np

POST_TARGETS = ("post_id", "text", "created_at", "account_id", "account_name", "kind", "is_repost", "parent_id",
                "root_id", "likes", "reposts", "comments", "topics", "mentions", "urls", "location", "lang")
ACCOUNT_TARGETS = ("followers", "following", "posts_count", "observed_at")
_KINDS = {"post": "post", "original": "post", "tweet": "post", "repost": "repost", "retweet": "repost",
          "quote": "repost", "quote_tweet": "repost", "comment": "comment", "reply": "comment"}


def parse_mapping(spec: str) -> dict[str, str]:
    """``"text:content,created_at:publish_date"`` -> ``{"text": "content", "created_at": "publish_date"}``."""
    out: dict[str, str] = {}
    for pair in (p.strip() for p in spec.split(",") if p.strip()):
        if ":" not in pair:
            raise UsageError(f"map: {pair!r} is not TARGET:SOURCE")
        target, source = (s.strip() for s in pair.split(":", 1))
        if target not in POST_TARGETS + ACCOUNT_TARGETS:
            raise UsageError(f"map: unknown target {target!r} (known: {', '.join(POST_TARGETS + ACCOUNT_TARGETS)})")
        out[target] = source
    if "text" not in out:
        raise UsageError("map must name the text column, e.g. -o map=text:content,...")
    return out


def parse_tz(spec: str) -> tuple[timezone, str]:
    m = re.fullmatch(r"([+-])(\d{2}):?(\d{2})", spec.strip())
    if not m:
        raise UsageError(f"tz: {spec!r} is not an offset like +08:00")
    delta = timedelta(hours=int(m.group(2)), minutes=int(m.group(3)))
    tz = timezone(-delta if m.group(1) == "-" else delta)
    return tz, f"{m.group(1)}{m.group(2)}:{m.group(3)}"


def _get(rec: dict[str, Any], path: str) -> Any:
    if path in rec:
        return rec[path]
    cur: Any = rec
    for part in path.split("."):
        if not isinstance(cur, dict) or part not in cur:
            return None
        cur = cur[part]
    return cur


class _Mapped(Importer):
    """Shared logic of ``csv_posts`` and ``jsonl_posts``."""

    suffixes: ClassVar[tuple[str, ...]] = ()

    @classmethod
    def sniff(cls, path: Path, head: str) -> float:
        return 0.0  # only by name: a mapping is always needed

    def _records(self, path: Path) -> Iterable[tuple[int, str, Any] | Reject]:
        raise NotImplementedError

    def _config(self) -> tuple[dict[str, str], str, timezone, str]:
        if not self.options.get("map"):
            raise UsageError(f"format {self.name} needs -o map=TARGET:SOURCE,... (see `yuqing formats`)")
        mapping = parse_mapping(str(self.options["map"]))
        platform = str(self.options.get("platform") or "unknown")
        tz, tz_text = parse_tz(str(self.options.get("tz") or "+08:00"))
        return mapping, platform, tz, tz_text

    def read(self, path: Path) -> Iterator[Rec | Reject]:
        yield from guarded(self._records(path), self._converter())

    def _converter(self) -> Callable[[int, str, Any], Iterator[Rec]]:
        """The per-record converter (the reference behaviour; the Arrow fast path must match it)."""
        mapping, platform, tz, tz_text = self._config()
        extra_opt = self.options.get("extra")
        seen: dict[str, int] = {}
        mapped_sources = set(mapping.values())
        now = datetime.now(UTC).replace(tzinfo=None)  # relative times ("5分钟前") resolve against the import start

        def when(rec: dict[str, Any], target: str) -> datetime | None:
            v = _get(rec, mapping[target]) if target in mapping else None
            if v in (None, ""):
                return None
            return parse_time(v, tz=tz, field=mapping[target], ref=now)

        def val(rec: dict[str, Any], target: str) -> Any:
            return _get(rec, mapping[target]) if target in mapping else None

        def convert(line: int, raw: str, obj: Any) -> Iterator[Rec]:
            rec = require(obj)
            pid = clean_id(val(rec, "post_id"))
            if "post_id" in mapping and not pid:
                raise ParseError(f"{mapping['post_id']}: missing post id")
            if pid is None:
                h = stable_id(platform, raw)
                n = seen.get(h, 0) + 1
                seen[h] = n
                pid = h if n == 1 else stable_id(h, n)
            kind = "post"
            if "kind" in mapping and val(rec, "kind") not in (None, ""):
                k = str(val(rec, "kind")).strip().lower()
                if k not in _KINDS:
                    raise ParseError(f"{mapping['kind']}: {k!r} is not a known kind")
                kind = _KINDS[k]
            elif is_true(val(rec, "is_repost")):
                kind = "repost"
            keys = extra_opt.split(",") if isinstance(extra_opt, str) else [k for k in rec if k not in mapped_sources]
            created = when(rec, "created_at")
            post = post_row(
                platform, pid, kind=kind,
                account_id=clean_id(val(rec, "account_id")),
                account_name=text_or_none(val(rec, "account_name")),
                created_at=created, tz=tz_text,
                text=text_or_none(val(rec, "text")),
                lang=text_or_none(val(rec, "lang")),
                parent_id=clean_id(val(rec, "parent_id")),
                root_id=clean_id(val(rec, "root_id")),
                likes=count(val(rec, "likes"), "likes"),
                reposts=count(val(rec, "reposts"), "reposts"),
                comments=count(val(rec, "comments"), "comments"),
                topics=val(rec, "topics"), mentions=val(rec, "mentions"), urls=val(rec, "urls"),
                location=text_or_none(val(rec, "location")),
                extra=extra_json(rec, keys),
            )
            yield Rec("posts", post, line, raw)
            acc = account_row(
                platform, post["account_id"], name=post["account_name"],
                followers=count(val(rec, "followers"), "followers"),
                following=count(val(rec, "following"), "following"),
                posts_count=count(val(rec, "posts_count"), "posts_count"),
                observed_at=when(rec, "observed_at"),
            )
            yield from account_recs(acc, line, raw, False, tz_text, snapshot=True)

        return convert


@register_importer
class CSVPosts(_Mapped):
    name = "csv_posts"
    version = "1"
    description = "any CSV of posts, columns mapped with -o map=text:COL,created_at:COL,... (never auto-detected)"
    fields = "the columns named in -o map=TARGET:SOURCE,... (targets: " + ", ".join(POST_TARGETS + ACCOUNT_TARGETS) + ")"
    suffixes: ClassVar[tuple[str, ...]] = (".csv", ".tsv")

    def _records(self, path: Path) -> Iterable[tuple[int, str, Any] | Reject]:
        delim = str(self.options.get("delimiter") or ("\t" if path.name.lower().split(".")[-1] == "tsv" else ","))
        return iter_csv_rows(path, self.options.get("encoding"), delimiter=delim)


@register_importer
class JSONLPosts(_Mapped):
    name = "jsonl_posts"
    version = "1"
    description = "any JSON Lines of posts, fields mapped with -o map=text:FIELD,... (dotted paths allowed)"
    fields = CSVPosts.fields
    suffixes: ClassVar[tuple[str, ...]] = (".jsonl", ".ndjson")

    def _records(self, path: Path) -> Iterable[tuple[int, str, Any] | Reject]:
        return iter_json_lines(path)

    def read_blocks(self, path: Path) -> Iterator[Rec | Reject | Block]:
        """What :meth:`read` gives, as Arrow Blocks where a block of lines allows (see ``_mapped_arrow``)."""
        from yuqing.sources import _mapped_arrow as fast

        mapping, platform, tz, tz_text = self._config()
        if not fast.supported(mapping, self.options) or file_encoding(path) != "utf-8":
            yield from self.read(path)
            return
        convert = self._converter()
        offset = tz.utcoffset(None)
        offset_s = int(offset.total_seconds()) if offset is not None else 0
        def arrow(item: tuple[int, bytearray, np.ndarray]) -> list[Block] | None:
            try:
                return fast.convert_block(item[1], item[0], mapping, platform, tz_text, offset_s, _KINDS, item[2])
            except fast.Fallback:
                return None

        workers = int(self.options.get("workers") or 2)
        # block_lines: set by ingest_file to the store's storage unit (rows), so blocks fill whole units
        blocks_in = iter_blocks(path, int(self.options.get("block_bytes") or 1 << 25),
                                int(self.options.get("block_lines") or 0))
        try:
            # blocks are parsed by Arrow in worker threads (it releases the GIL), results taken in file order
            for (first, block, _nl), blocks in ordered_map(arrow, blocks_in, workers):
                if blocks is None:
                    yield from guarded(block_json_lines(first, block), convert)
                    continue
                yield from blocks
        except BlockReadError as exc:  # truncated/corrupt compressed file: the rest exactly as read() does
            rest = (it for it in iter_json_lines(path) if (it.line if isinstance(it, Reject) else it[0]) >= exc.next_line)
            yield from guarded(rest, convert)


__all__ = ["CSVPosts", "JSONLPosts", "parse_mapping", "parse_tz"]
