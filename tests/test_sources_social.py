"""The social-media importers on small SYNTHETIC fixtures (tests/fixtures/, see its README) that follow the
documented upstream schemas: detection, field mapping, cascades (parent/root), accounts and snapshots."""

from __future__ import annotations

import contextlib
import shutil
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest

from yuqing.core import UsageError
from yuqing.sources import detect_format, ingest_file
from yuqing.store import Store

FX = Path(__file__).parent / "fixtures"

IRA_MAP = ("account_id:author_id,text:content,created_at:publish_date,lang:language,location:region,"
           "followers:followers,following:following,posts_count:updates,is_repost:retweet,observed_at:harvested_date")

DETECT = {
    "weibo_crawler/测试用户/1000000001.csv": "weibo_crawler_csv",
    "weibo_crawler/users.csv": "weibo_crawler_users",
    "weibo_crawler/1000000001.json": "weibo_crawler_json",
    "weibo_crawler/weibodata.db": "weibo_crawler_sqlite",
    "mediacrawler/weibo/jsonl/search_contents_2026-03-28.jsonl": "mediacrawler",
    "mediacrawler/weibo/jsonl/search_comments_2026-03-28.jsonl": "mediacrawler",
    "mediacrawler/weibo/jsonl/creator_creators_2026-03-28.jsonl": "mediacrawler",
    "mediacrawler/douyin/json/search_contents_2026-03-28.json": "mediacrawler",
    "mediacrawler/xhs/csv/search_contents_2026-03-28.csv": "mediacrawler",
    "mediacrawler/douyin/csv/search_comments_2026-03-28.csv": "mediacrawler",
    "mediacrawler/xhs/jsonl/creator_creators_2026-03-28.jsonl": "mediacrawler",
    "weibospider/tweet_spider_20260328.jsonl": "weibospider",
    "weibo_search/测试/测试.csv": "weibo_search_csv",
    "twarc/search_pages.jsonl": "twarc2_jsonl",
    "twarc/flattened.jsonl": "twarc2_jsonl",
}


def _posts(store: Store) -> dict[str, dict[str, Any]]:
    cols = ["platform", "post_id", "kind", "account_id", "account_name", "created_at", "tz", "text", "parent_id",
            "root_id", "likes", "reposts", "comments", "topics", "mentions", "location", "extra", "src_line"]
    rows = store.fetchall(f"SELECT {', '.join(cols)} FROM posts")
    return {r[1]: dict(zip(cols, r, strict=True)) for r in rows}


@pytest.mark.parametrize(("rel", "name"), sorted(DETECT.items()))
def test_detect_picks_the_right_importer(rel: str, name: str) -> None:
    assert detect_format(FX / rel).name == name


def test_mapped_formats_are_never_auto_detected(tmp_path: Path) -> None:
    from yuqing.core import UnknownFormatError
    from yuqing.sources import importers

    # the IRA-shaped fixture may be claimed by a dedicated importer, never by a mapping format
    with contextlib.suppress(UnknownFormatError):
        assert detect_format(FX / "mapped" / "ira_like.csv").name not in ("csv_posts", "jsonl_posts")
    for name in ("csv_posts", "jsonl_posts"):
        assert importers()[name].sniff(FX / "mapped" / "ira_like.csv", "author_id,content,publish_date\n") == 0.0


def test_weibo_crawler_csv_reposts_keep_the_source(duck: Store) -> None:
    r = ingest_file(duck, FX / "weibo_crawler/测试用户/1000000001.csv")
    assert (r.read, r.stored, r.duplicate, r.quarantined) == (3, 3, 0, 0)
    p = _posts(duck)
    orig = p["5000000000000001"]  # the writer's trailing tab is stripped from ids
    assert orig["kind"] == "post" and orig["account_id"] == "1000000001" and orig["account_name"] == "测试用户"
    assert orig["likes"] == 12000 and orig["comments"] == 3456 and orig["reposts"] == 789
    assert orig["created_at"] == datetime(2026, 3, 28, 12, 0) and orig["tz"] == "+08:00"
    assert orig["topics"] == '["新品发布会","合成话题"]' and orig["mentions"] == '["小测试","另一个测试"]'
    rt = p["5000000000000002"]
    assert rt["kind"] == "repost" and rt["parent_id"] == rt["root_id"] == "5000000000000099"
    src = p["5000000000000099"]  # the source post is stored too, with its own author and counts
    assert src["account_id"] == "1000000002" and src["likes"] == 100000 and src["kind"] == "post"
    assert src["src_line"] == rt["src_line"] == 3
    names = dict(duck.fetchall("SELECT account_id, name FROM accounts"))
    assert names == {"1000000001": "测试用户", "1000000002": "合成源作者"}


def test_weibo_crawler_users_and_snapshot_only_with_crawl_time(duck: Store) -> None:
    r = ingest_file(duck, FX / "weibo_crawler/users.csv")
    assert (r.read, r.stored) == (2, 2)
    row = duck.fetchall("SELECT followers, following, posts_count, verified, created_at FROM accounts "
                        "WHERE account_id = '1000000001'")[0]
    assert row == (26712000, 1200, 14923, True, datetime(2010, 7, 1, 16, 0))
    assert duck.fetchall("SELECT count(*) FROM follower_snapshots") == [(0,)]
    ingest_file(duck, FX / "weibo_crawler/users.csv", options={"observed_at": "2026-03-30 08:00"})
    assert duck.fetchall("SELECT account_id, followers, observed_at FROM follower_snapshots ORDER BY 1") == [
        ("1000000001", 26712000, datetime(2026, 3, 30, 0, 0)), ("1000000002", 3456, datetime(2026, 3, 30, 0, 0))]


def test_weibo_crawler_json(duck: Store) -> None:
    r = ingest_file(duck, FX / "weibo_crawler/1000000001.json")
    assert (r.read, r.stored, r.quarantined) == (2, 2, 0)
    p = _posts(duck)
    assert p["5000000000000002"]["parent_id"] == "5000000000000099"
    assert p["5000000000000099"]["likes"] == 100000 and p["5000000000000099"]["account_name"] == "合成源作者"
    assert p["5000000000000001"]["created_at"] == datetime(2026, 3, 28, 12, 0)
    assert duck.fetchall("SELECT followers FROM accounts WHERE account_id = '1000000001'") == [(26712000,)]


def test_weibo_crawler_sqlite_comments_and_reposts(duck: Store) -> None:
    r = ingest_file(duck, FX / "weibo_crawler/weibodata.db")
    assert (r.read, r.stored, r.quarantined) == (6, 6, 0)
    p = _posts(duck)
    assert p["5000000000000002"]["kind"] == "repost" and p["5000000000000002"]["parent_id"] == "5000000000000099"
    top, reply = p["6000000000000001"], p["6000000000000002"]
    assert top["kind"] == reply["kind"] == "comment"
    assert (top["parent_id"], top["root_id"]) == ("5000000000000001", "5000000000000001")
    assert (reply["parent_id"], reply["root_id"]) == ("6000000000000001", "5000000000000001")
    rp = p["7000000000000001"]
    assert (rp["kind"], rp["parent_id"], rp["account_name"]) == ("repost", "5000000000000001", "合成网友丙")
    assert duck.fetchall("SELECT followers FROM accounts WHERE account_id = '1000000001'") == [(26712000,)]


def test_mediacrawler_weibo_both_generations(duck: Store) -> None:
    d = FX / "mediacrawler/weibo/jsonl"
    # creators first: the first row stored for an account key wins (see docs/ingest.md)
    for f in ("creator_creators_2026-03-28.jsonl", "search_contents_2026-03-28.jsonl",
              "search_comments_2026-03-28.jsonl"):
        r = ingest_file(duck, d / f)
        assert r.read == r.stored == 2 and r.quarantined == 0
    p = _posts(duck)
    old = p["5100000000000001"]
    assert (old["platform"], old["account_id"], old["likes"], old["reposts"], old["comments"]) == (
        "weibo", "1000000001", 12000, 78, 356)
    assert old["created_at"] == datetime(2025, 3, 28, 12, 0) and old["location"] == "北京"
    new = p["5100000000000002"]
    assert new["account_id"] == "c0ffee00deadbeef" and new["account_name"] == "测**"
    assert '"account_id_kind":"creator_hash"' in new["extra"]
    c1, c2 = p["5200000000000001"], p["5200000000000002"]
    assert (c1["parent_id"], c1["root_id"]) == ("5100000000000001", "5100000000000001")  # rootid == own id
    assert (c2["parent_id"], c2["root_id"]) == ("5200000000000001", "5100000000000001")
    snaps = dict(duck.fetchall("SELECT account_id, followers FROM follower_snapshots"))
    assert snaps == {"1000000001": 26712000, "c0ffee00deadbeef": 15000}


def test_mediacrawler_douyin_json_and_xhs_csv(duck: Store) -> None:
    r = ingest_file(duck, FX / "mediacrawler/douyin/json/search_contents_2026-03-28.json")
    assert (r.read, r.stored, r.quarantined) == (3, 3, 0)
    r = ingest_file(duck, FX / "mediacrawler/xhs/csv/search_contents_2026-03-28.csv")
    assert (r.read, r.stored) == (1, 1)
    p = _posts(duck)
    dy = p["7300000000000000001"]
    assert (dy["platform"], dy["likes"], dy["reposts"], dy["comments"]) == ("douyin", 105000, 11000, 3500)
    assert dy["text"] == "[合成数据] 试驾视频 #合成汽车"  # desc starts with the title: not repeated
    assert p["7400000000000000001"]["parent_id"] == "7300000000000000001"  # parent_comment_id "0" = top level
    xhs = p["66000000000000000000aaaa"]
    assert xhs["platform"] == "xhs" and xhs["comments"] == 100000 and xhs["topics"] == '["提车","合成标签"]'
    assert xhs["created_at"] == datetime(2025, 3, 28, 12, 0)  # "time" is in milliseconds
    assert xhs["text"] == "[合成数据] 提车日记\n[合成数据] 今天提车啦\n第二行"
    assert duck.fetchall("SELECT followers, posts_count FROM accounts WHERE account_id = '880000001'") == [
        (12345000, 321)]


def test_mediacrawler_platform_option_is_checked(duck: Store) -> None:
    from yuqing.core import InputError

    with pytest.raises((UsageError, InputError)):
        ingest_file(duck, FX / "mediacrawler/xhs/csv/search_contents_2026-03-28.csv", options={"platform": "tiktok"})
    assert duck.fetchall("SELECT count(*) FROM posts") == [(0,)]


def test_weibospider_tweets_comments_users(duck: Store) -> None:
    r = ingest_file(duck, FX / "weibospider/tweet_spider_20260328.jsonl")
    assert (r.read, r.stored, r.quarantined) == (4, 4, 0)
    p = _posts(duck)
    assert p["5300000000000001"]["location"] == "北京"  # "发布于 北京"
    assert p["5300000000000002"]["kind"] == "repost" and p["5300000000000002"]["parent_id"] == "5300000000000001"
    c = p["5400000000000001"]
    assert (c["kind"], c["parent_id"], c["likes"], c["location"]) == ("comment", "5300000000000001", 5, "上海")
    # the user line is the primary row: it wins over the copy embedded in the tweet, and has a snapshot
    assert duck.fetchall("SELECT src_line FROM accounts WHERE account_id = '1000000001'") == [(4,)]
    assert duck.fetchall("SELECT followers, observed_at FROM follower_snapshots") == [
        (26712000, datetime(2026, 3, 28, 12, 0))]


def test_weibo_search_csv(duck: Store) -> None:
    r = ingest_file(duck, FX / "weibo_search/测试/测试.csv")
    assert (r.read, r.stored) == (2, 2)
    p = _posts(duck)
    assert p["5500000000000001"]["likes"] == 15000 and p["5500000000000001"]["location"] == "北京"
    assert p["5500000000000002"]["kind"] == "repost" and p["5500000000000002"]["parent_id"] == "5500000000000001"
    assert '"keyword":"测试"' in p["5500000000000001"]["extra"]


def test_twarc_pages_and_flattened(duck: Store) -> None:
    r = ingest_file(duck, FX / "twarc/search_pages.jsonl")
    assert (r.read, r.stored, r.quarantined) == (3, 3, 0)
    assert r.tables["posts (secondary)"] == {"stored": 0, "duplicate": 1}  # includes.tweets repeats data[0]
    r = ingest_file(duck, FX / "twarc/flattened.jsonl")
    assert (r.read, r.stored) == (1, 1)
    p = _posts(duck)
    first = p["1600000000000000001"]
    assert (first["kind"], first["account_name"], first["likes"], first["tz"]) == ("post", "synth_a", 40, "+00:00")
    assert first["topics"] == '["SynthCo"]'
    reply = p["1600000000000000002"]
    assert (reply["kind"], reply["parent_id"], reply["root_id"]) == (
        "comment", "1600000000000000001", "1600000000000000001")
    assert p["1600000000000000003"]["kind"] == "repost"
    quote = p["1600000000000000004"]
    assert (quote["kind"], quote["parent_id"], quote["account_name"]) == ("repost", "1600000000000000001", "synth_d")
    snaps = dict(duck.fetchall("SELECT account_id, followers FROM follower_snapshots"))
    assert snaps == {"900001": 1000, "900004": 7}


def test_csv_posts_mapping_loads_ira_like_rows(duck: Store, tmp_path: Path) -> None:
    opts = {"map": IRA_MAP, "platform": "twitter", "tz": "+00:00"}
    r = ingest_file(duck, FX / "mapped/ira_like.csv", "csv_posts", opts)
    # two identical rows (a repeated retweet) are both kept: ids hash the row and its occurrence
    assert (r.read, r.stored, r.duplicate) == (3, 3, 0)
    kinds = sorted(k for (k,) in duck.fetchall("SELECT kind FROM posts"))
    assert kinds == ["post", "repost", "repost"]
    assert duck.fetchall("SELECT DISTINCT created_at, tz FROM posts WHERE kind = 'post'") == [
        (datetime(2017, 1, 2, 14, 39), "+00:00")]
    assert duck.fetchall("SELECT followers FROM follower_snapshots ORDER BY observed_at") == [(200,), (201,)]
    again = ingest_file(duck, FX / "mapped/ira_like.csv", "csv_posts", opts)
    assert (again.stored, again.duplicate) == (0, 3)
    # the same file compressed reads the same
    gz = tmp_path / "ira_like.csv.gz"
    import gzip

    gz.write_bytes(gzip.compress((FX / "mapped/ira_like.csv").read_bytes()))
    assert ingest_file(duck, gz, "csv_posts", opts).duplicate == 3


def test_jsonl_posts_dotted_paths_and_kinds(duck: Store) -> None:
    opts = {"map": "post_id:tid,text:body,created_at:ts,account_id:user.id,account_name:user.name,likes:likes,"
                   "kind:kind,parent_id:parent", "platform": "demo"}
    r = ingest_file(duck, FX / "mapped/posts.jsonl", "jsonl_posts", opts)
    assert (r.read, r.stored) == (2, 2)
    p = _posts(duck)
    assert (p["a1"]["account_id"], p["a1"]["account_name"], p["a1"]["likes"]) == ("u1", "Synth", 1200)
    assert (p["a2"]["kind"], p["a2"]["parent_id"]) == ("comment", "a1")
    assert p["a1"]["created_at"] == datetime(2026, 3, 28, 12, 0)  # Z = UTC whatever tz says


@pytest.mark.parametrize("bad", ["text", "text:content,nosuch:x", "content"])
def test_mapping_errors_are_usage_errors(duck: Store, bad: str) -> None:
    from yuqing.core import InputError

    with pytest.raises((UsageError, InputError), match="map"):
        ingest_file(duck, FX / "mapped/ira_like.csv", "csv_posts", {"map": bad})


def test_weibo_crawler_author_from_options(duck: Store, tmp_path: Path) -> None:
    f = tmp_path / "export.csv"
    shutil.copy(FX / "weibo_crawler/测试用户/1000000001.csv", f)
    ingest_file(duck, f, options={"user_id": "42", "screen_name": "选项作者"})
    assert duck.fetchall("SELECT DISTINCT account_id, account_name FROM posts WHERE kind = 'repost'") == [
        ("42", "选项作者")]


def test_mediacrawler_douyin_comments_csv_both_generations_and_xhs_creators(duck: Store) -> None:
    r = ingest_file(duck, FX / "mediacrawler/douyin/csv/search_comments_2026-03-28.csv")
    assert (r.importer, r.read, r.stored, r.quarantined) == ("mediacrawler", 2, 2, 0)
    p = _posts(duck)
    old, new = p["7410000000000000001"], p["7410000000000000002"]
    assert (old["platform"], old["kind"], old["account_id"], old["likes"]) == ("douyin", "comment", "3000000001", 23000)
    assert (old["parent_id"], old["root_id"]) == ("7300000000000000001", "7300000000000000001")  # "0": top level
    assert (new["parent_id"], new["root_id"]) == ("7410000000000000001", "7300000000000000001")
    assert (new["account_id"], new["account_name"]) == ("feedface00000001", "合**")
    assert '"account_id_kind":"creator_hash"' in new["extra"]
    assert old["created_at"] == datetime(2025, 3, 28, 12, 5) and old["location"] == "广东"
    r = ingest_file(duck, FX / "mediacrawler/xhs/jsonl/creator_creators_2026-03-28.jsonl")
    assert (r.read, r.stored, r.tables["follower_snapshots (secondary)"]["stored"]) == (1, 1, 1)
    assert duck.fetchall("SELECT followers, following, location FROM accounts WHERE platform = 'xhs'") == [
        (100000, 35, "上海")]
    assert duck.fetchall("SELECT observed_at, followers FROM follower_snapshots WHERE platform = 'xhs'") == [
        (datetime(2025, 3, 28, 22, 13, 20), 100000)]
