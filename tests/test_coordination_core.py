"""Coordination detection on a SYNTHETIC world: a planted templated campaign, organic viral reposting, noise."""

from __future__ import annotations

import itertools
import random
from datetime import datetime, timedelta
from typing import Any

import orjson
import pyarrow as pa
import pytest
from typer.testing import CliRunner

from yuqing.analyses._coord._signals import CoShare, SimilarText, SyncTiming
from yuqing.analyses._coord._text import TemplateFamilies, tokens
from yuqing.analyses.coordination import Coordination
from yuqing.store.base import Store
from yuqing.store.schema import ACCOUNTS, POSTS

T0 = datetime(2025, 3, 1)
WORDS = ["今天", "天气", "不错", "我们", "一起", "去", "公园", "散步", "然后", "吃饭", "看", "电影", "工作", "很", "忙", "周末", "休息", "学习", "新", "技能", "读书", "跑步", "音乐", "朋友", "聚会", "旅行", "计划", "咖啡", "早餐", "晚上", "地铁", "城市", "夜景"]
TEMPLATE = "{brand}{model}真的太坑了，刹车失灵{n}次，售后还不管，大家千万别买！@{who} {url}"


def synthetic_posts(seed: int = 0) -> list[dict[str, Any]]:
    """A synthetic world (no real data): organic users, a viral repost burst, a 12-account campaign."""
    rnd = random.Random(seed)
    rows: list[dict[str, Any]] = []

    def add(pid: str, kind: str, acc: str, t: datetime, text: str, parent: str | None = None,
            urls: list[str] | None = None) -> None:
        rows.append({"platform": "weibo", "post_id": pid, "kind": kind, "account_id": acc, "account_name": acc,
                     "created_at": t, "tz": "+08:00", "text": text, "lang": "zh", "parent_id": parent,
                     "root_id": parent, "urls": orjson.dumps(urls or []).decode(), "topics": "[]",
                     "src_file": "<synthetic>", "src_line": len(rows) + 1, "importer": "test",
                     "importer_version": "1", "import_id": "synthetic", "imported_at": T0, "raw": "{}"})

    for u in range(40):  # organic authors: distinct free text at random times
        for k in range(10):
            text = "".join(rnd.sample(WORDS, 8))
            add(f"o{u}_{k}", "post", f"user{u}", T0 + timedelta(seconds=rnd.randrange(10 * 86400)), text)
    add("viral", "post", "star", T0 + timedelta(days=2), "发布会今晚八点见，新品惊喜多多，欢迎大家来看直播")
    for r in range(300):  # organic viral burst: each reposts the viral post once, all within 10 minutes
        t = T0 + timedelta(days=2, seconds=rnd.randrange(600))
        add(f"rv{r}", "repost", f"fan{r}", t, "转发微博", parent="viral")
        for k in range(2):  # and a couple of unrelated reposts each
            add(f"rx{r}_{k}", "repost", f"fan{r}", T0 + timedelta(seconds=rnd.randrange(10 * 86400)), "转发微博",
                parent=f"o{rnd.randrange(40)}_{rnd.randrange(10)}")
    bots = [f"bot{b}" for b in range(12)]
    for wave in range(8):  # campaign: 8 waves, templated posts with filled slots plus a co-repost, within 60 s
        start = T0 + timedelta(days=wave, hours=3 + wave)
        for b, acc in enumerate(bots):
            t = start + timedelta(seconds=rnd.randrange(50))
            text = TEMPLATE.format(brand=rnd.choice(["某米", "某牌"]), model=rnd.choice(["SU7", "S7", "X9"]),
                                   n=rnd.randrange(2, 9), who=f"记者{rnd.randrange(99)}",
                                   url=f"https://t.cn/{rnd.randrange(10**6)}")
            add(f"b{wave}_{b}", "post", acc, t, text, urls=[f"https://t.cn/{rnd.randrange(10**6)}"])
            add(f"br{wave}_{b}", "repost", acc, t + timedelta(seconds=5), "转发微博",
                parent=f"o{wave}_{wave % 10}")
    return rows


def load(store: Store, rows: list[dict[str, Any]]) -> None:
    tab = pa.Table.from_pylist(rows, schema=POSTS.arrow_schema())
    with store.transaction():
        store.insert_new(POSTS, tab)


def flagged(data: dict[str, Any]) -> set[str]:
    return {a["account_id"] for c in data["clusters"] for a in c["accounts"]}


def test_tokens_mask_template_slots() -> None:
    a = tokens(TEMPLATE.format(brand="某米", model="SU7", n=3, who="张三", url="https://t.cn/abc"))
    b = tokens(TEMPLATE.format(brand="某米", model="SU7", n=7, who="李四", url="https://t.cn/xyz"))
    assert a == b and len(a) > 10
    assert tokens("RT @someone: a plain retweet of somebody else") == set()
    assert tokens("我的看法//@别人:被转发的原文很长很长") == tokens("我的看法")


def test_template_families_group_filled_templates_not_unrelated() -> None:
    rnd = random.Random(1)
    texts: list[str | None] = [
        TEMPLATE.format(brand=rnd.choice(["某米", "某牌"]), model=rnd.choice(["SU7", "X9"]), n=i, who=f"w{i}",
                        url=f"https://x/{i}") for i in range(20)]
    texts += ["".join(rnd.sample(WORDS, 8)) for _ in range(20)] + ["短", None]
    fam = TemplateFamilies().fit_predict(texts)
    assert len({int(f) for f in fam[:20]}) == 1 and fam[0] >= 0
    assert (fam[20:] == -1).all()


def test_planted_campaign_found_and_viral_reposting_not_flagged(duck: Store) -> None:
    rows = synthetic_posts()
    load(duck, rows)
    res = Coordination().run(duck)
    got = flagged(res.data)
    bots = {f"bot{b}" for b in range(12)}
    assert bots <= got, f"missed {bots - got}"
    assert got == bots, f"organic accounts flagged: {sorted(got - bots)[:10]}"
    top = res.data["clusters"][0]
    assert {"text", "repost"} <= set(top["signals"])
    assert top["signals"]["text"]["items"] == 1  # one template family ...
    waves = [g for g in top["evidence"] if g["signal"] == "text"]
    assert len(waves) >= 2 and all(g["accounts"] >= 2 for g in waves)  # ... posted together in several waves
    ids = {r["post_id"] for r in rows}
    ev_ids = [p["post_id"] for c in res.data["clusters"] for g in c["evidence"] for p in g["posts"]]
    assert ev_ids and set(ev_ids) <= ids
    by_id = {r["post_id"]: r["account_id"] for r in rows}
    assert all(by_id[p["post_id"]] == p["account"].split(":", 1)[1]
               for c in res.data["clusters"] for g in c["evidence"] for p in g["posts"])
    # the same run parameters give the same run and cluster ids
    again = Coordination().run(duck)
    assert [c["cluster_id"] for c in again.data["clusters"]] == [c["cluster_id"] for c in res.data["clusters"]]


def test_one_shared_viral_repost_is_not_coordination_but_min_items_1_would_be(duck: Store) -> None:
    load(duck, synthetic_posts())
    strict = Coordination(detectors=[CoShare("repost")]).run(duck)
    assert not {a for a in flagged(strict.data) if a.startswith("fan")}
    loose = Coordination(detectors=[CoShare("repost", min_items=1, max_group=1000)]).run(duck)
    assert len({a for a in flagged(loose.data) if a.startswith("fan")}) > 100


def test_min_score_drops_only_the_weaker_clusters(duck: Store) -> None:
    load(duck, synthetic_posts())
    loose = Coordination(detectors=[CoShare("repost", min_items=1, max_group=1000)]).run(duck).data["clusters"]
    scores = sorted({c["score"] for c in loose})
    assert len(scores) >= 2
    cut = scores[len(scores) // 2]
    kept = Coordination(detectors=[CoShare("repost", min_items=1, max_group=1000)], min_score=cut).run(duck)
    assert kept.data["clusters"] and all(c["score"] >= cut for c in kept.data["clusters"])
    assert sorted(c["size"] for c in kept.data["clusters"]) == sorted(c["size"] for c in loose if c["score"] >= cut)


def test_creation_burst_of_cluster_members_when_creation_times_are_known(duck: Store) -> None:
    load(duck, synthetic_posts())
    assert all(c["creation_burst"] is None for c in Coordination().run(duck).data["clusters"])  # nothing known
    made = [T0 - timedelta(days=30, minutes=7 * b) for b in range(9)]  # 9 of 12 bots within one hour
    made += [T0 - timedelta(days=400), T0 - timedelta(days=200)]  # two long before; bot11 unknown
    rows = [{"platform": "weibo", "account_id": f"bot{b}", "name": f"bot{b}", "created_at": t,
             "src_file": "<synthetic>", "src_line": b + 1, "importer": "test", "importer_version": "1",
             "import_id": "synthetic-accounts", "imported_at": T0, "raw": "{}"} for b, t in enumerate(made)]
    rows.append({**rows[0], "account_id": "user1", "created_at": made[0]})  # an organic account, same hour
    with duck.transaction():
        duck.insert_new(ACCOUNTS, pa.Table.from_pylist(rows, schema=ACCOUNTS.arrow_schema()))
    res = Coordination().run(duck)
    (ring,) = [c for c in res.data["clusters"] if any(a["account_id"] == "bot0" for a in c["accounts"])]
    burst = ring["creation_burst"]
    assert (burst["known"], burst["accounts"], burst["share"]) == (11, 9, 0.75)
    assert burst["members"] == sorted(f"weibo:bot{b}" for b in range(9))
    assert burst["first_at"] == (T0 - timedelta(days=30, minutes=56)).isoformat()
    assert "accounts/weibo/bot0" in res.evidence[f"cluster:{ring['cluster_id']}"]
    hourly = Coordination(creation_window=1800).run(duck).data["clusters"]
    (ring30,) = [c for c in hourly if any(a["account_id"] == "bot0" for a in c["accounts"])]
    assert ring30["creation_burst"]["accounts"] == 5  # created at 0, 7, ..., 28 minutes


def test_empty_store_and_empty_range_give_empty_typed_result(duck: Store) -> None:
    res = Coordination().run(duck)
    assert res.data["clusters"] == [] and res.data["n_accounts"] == 0 and res.rows == []
    load(duck, synthetic_posts())
    res = Coordination(since=datetime(2030, 1, 1), detectors=[SimilarText(), CoShare("repost"), SyncTiming()]).run(duck)
    assert res.data["clusters"] == [] and res.empty


def test_cli_run_and_show(tmp_path: Any) -> None:
    from yuqing.cli import get_app
    from yuqing.store import open_store

    app = get_app()
    db = str(tmp_path / "c.duckdb")
    with open_store(db) as s:
        load(s, synthetic_posts())
    r = CliRunner().invoke(app, ["--db", db, "coordination", "--window", "60s", "-f", "json"])
    assert r.exit_code == 0, r.output
    data = orjson.loads(r.stdout)
    cid = data["clusters"][0]["cluster_id"]
    r2 = CliRunner().invoke(app, ["--db", db, "coordination", "show", cid, "-f", "json"])
    assert r2.exit_code == 0, r2.output
    shown = orjson.loads(r2.stdout)
    assert shown["cluster_id"] == cid and shown["evidence"] == data["clusters"][0]["evidence"]
    r3 = CliRunner().invoke(app, ["--db", db, "coordination", "show", "nosuchcluster"])
    assert r3.exit_code != 0 and "nosuchcluster" in r3.output
    r4 = CliRunner().invoke(app, ["--db", db, "coordination", "--window", "soon"])
    assert r4.exit_code != 0 and "--window" in r4.output


@pytest.mark.parametrize("window", [30, 3600])
def test_window_is_respected(duck: Store, window: int) -> None:
    load(duck, synthetic_posts())
    res = Coordination(window=window, detectors=[SimilarText()]).run(duck)
    for c in res.data["clusters"]:
        for g in c["evidence"]:
            ts = sorted(p["t"] for p in g["posts"])
            assert all(b - a <= window for a, b in itertools.pairwise(ts)) or len(ts) == 1


def test_one_dense_ring_is_one_cluster() -> None:
    """SYNTHETIC: 60 accounts, each pair linked with probability 0.5 (a ring acting in random subsets)."""
    from yuqing.analyses._coord._network import build_clusters

    rnd = random.Random(3)
    accs = [f"weibo:r{i:02d}" for i in range(60)]
    edges = [(a, b) for a, b in itertools.combinations(accs, 2) if rnd.random() < 0.5]
    n = len(edges)
    tab = pa.table({"a": [e[0] for e in edges], "b": [e[1] for e in edges], "occasions": [3] * n,
                    "events": [3] * n, "first_t": [0] * n, "last_t": [1] * n})
    merged = build_clusters({"text": (1.0, tab)})
    assert [len(c.members) for c in merged] == [60]
    assert merged[0].density == pytest.approx(n / (60 * 59 / 2), abs=1e-3)
