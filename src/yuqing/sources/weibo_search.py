"""dataabc/weibo-search keyword-search CSV (``结果文件/<keyword>/<keyword>.csv``).

Based on ``CsvPipeline`` in https://github.com/dataabc/weibo-search ``weibo/pipelines.py`` (all its header
generations: the 17-column original, later ``ip``, ``user_authentication``, ``会员类型``, ``会员等级`` and
``retweet_user_id``/``retweet_mid`` columns).

Fields read
-----------
``id``, ``bid``, ``user_id``, ``用户昵称``, ``微博正文``, ``头条文章url``, ``发布位置``, ``艾特用户`` (comma list),
``话题`` (comma list), ``转发数``, ``评论数``, ``点赞数``, ``发布时间`` (Beijing time), ``发布工具``, ``微博图片url``,
``微博视频url``, ``retweet_id`` (non-empty: the row is a ``repost`` of that post), ``ip`` (IP location),
``user_authentication``, ``会员类型``, ``会员等级``. The search keyword (folder name) goes to ``extra``.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import ClassVar

from yuqing.sources._base import Rec, register_importer
from yuqing.sources._io import csv_columns_score
from yuqing.sources._parse import parse_time
from yuqing.sources._rows import RecordImporter, RowMapper
from yuqing.sources._social import (
    author_recs,
    clean_id,
    count,
    extra_json,
    post_row,
    text_or_none,
)

PLATFORM = "weibo"
_EXTRA = ("bid", "发布工具", "微博图片url", "微博视频url", "user_authentication", "会员类型", "会员等级",
          "retweet_user_id", "retweet_mid", "keyword")


@register_importer
class WeiboSearchCSV(RecordImporter):
    name = "weibo_search_csv"
    version = "1"
    description = "dataabc/weibo-search keyword search results CSV"
    fields = "id, bid, user_id, 用户昵称, 微博正文, 发布位置, 艾特用户, 话题, 转发数, 评论数, 点赞数, 发布时间, retweet_id, ip"
    suffixes: ClassVar[tuple[str, ...]] = (".csv",)

    @classmethod
    def sniff(cls, path: Path, head: str) -> float:
        return csv_columns_score(path, head, {"用户昵称", "微博正文", "发布时间"}, 0.95)

    def mapper(self, path: Path) -> RowMapper:
        keyword = self.options.get("keyword") or path.parent.name or None

        def convert(line: int, raw: str, row: dict[str, str]) -> Iterator[Rec]:
            parent = clean_id(row.get("retweet_id"))
            post = post_row(
                PLATFORM, clean_id(row.get("id")), kind="repost" if parent else "post",
                account_id=clean_id(row.get("user_id")), account_name=text_or_none(row.get("用户昵称")),
                created_at=parse_time(row.get("发布时间"), field="发布时间"),
                text=text_or_none(row.get("微博正文")),
                parent_id=parent,
                likes=count(row.get("点赞数"), "点赞数"),
                comments=count(row.get("评论数"), "评论数"),
                reposts=count(row.get("转发数"), "转发数"),
                topics=row.get("话题"),
                mentions=row.get("艾特用户"),
                urls=row.get("头条文章url"),
                location=text_or_none(row.get("ip") or row.get("发布位置")),
                extra=extra_json({**row, "keyword": keyword}, (*_EXTRA, "发布位置")),
            )
            yield Rec("posts", post, line, raw)
            yield from author_recs(PLATFORM, post["account_id"], post["account_name"], line, raw)

        return convert


__all__ = ["WeiboSearchCSV"]
