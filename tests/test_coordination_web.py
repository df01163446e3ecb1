"""Burst creation of a cluster's accounts on the dashboard's cluster page and in ``coordination show``, for a
cluster computed on request and for one stored by ``yuqing coordination --save`` (SYNTHETIC world)."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pyarrow as pa
from fastapi.testclient import TestClient

from tests.test_coordination_core import T0, load, synthetic_posts
from yuqing.analyses import Subject
from yuqing.analyses._coord._persist import load_cluster, save_run
from yuqing.analyses.coordination import Coordination
from yuqing.store.base import Store
from yuqing.store.schema import ACCOUNTS
from yuqing.web import _queries as q
from yuqing.web._state import WebConfig
from yuqing.web.app import create_app


def _world(store: Store) -> dict[str, Any]:
    """The synthetic campaign plus creation times: bot0..bot7 within 49 minutes, bot8..bot10 months apart."""
    load(store, synthetic_posts())
    made = [T0 - timedelta(days=30, minutes=7 * b) for b in range(8)]
    made += [T0 - timedelta(days=100 * k) for k in (2, 3, 4)]
    rows = [{"platform": "weibo", "account_id": f"bot{b}", "name": f"bot{b}", "created_at": t,
             "src_file": "<synthetic>", "src_line": b + 1, "importer": "test", "importer_version": "1",
             "import_id": "synthetic-accounts", "imported_at": T0, "raw": "{}"} for b, t in enumerate(made)]
    with store.transaction():
        store.insert_new(ACCOUNTS, pa.Table.from_pylist(rows, schema=ACCOUNTS.arrow_schema()))
    data = Coordination().run(store).data
    (ring,) = [c for c in data["clusters"] if any(a["account_id"] == "bot0" for a in c["accounts"])]
    return {"data": data, "ring": ring}


def _page(store: Store, cluster_id: str) -> str:
    app = create_app(store, WebConfig(subject=Subject("bot0"), sections=["coordination"], token="t"))
    r = TestClient(app).get(f"/cluster/{cluster_id}")
    assert r.status_code == 200, r.text
    html: str = r.text
    return html


def test_cluster_page_shows_the_creation_burst_computed_now(duck: Store) -> None:
    ring = _world(duck)["ring"]
    got = q.cluster(duck, ring["cluster_id"], None, None)
    assert got["creation_burst"]["accounts"] == 8 and got["creation_burst"]["known"] == 11
    html = _page(duck, ring["cluster_id"])
    assert "Accounts created together" in html
    assert f"8 of {ring['size']} accounts were created within 24 h" in html
    assert 'href="/account/weibo/bot7"' in html.split("Accounts created together")[1].split("<h2>")[0]
    assert 'href="/account/weibo/bot8"' not in html.split("Accounts created together")[1].split("<h2>")[0]


def test_stored_cluster_reads_creation_times_when_shown(duck: Store) -> None:
    w = _world(duck)
    save_run(duck, w["data"])
    cid = w["ring"]["cluster_id"]
    rec = load_cluster(duck, cid)
    assert rec["creation_burst"] == w["ring"]["creation_burst"]
    assert q.cluster(duck, cid, None, None)["creation_burst"] == w["ring"]["creation_burst"]
    assert "8 of" in _page(duck, cid)
    with duck.transaction():  # creation times learnt after the run count when the cluster is shown again
        duck.execute("UPDATE accounts SET created_at = ? WHERE account_id = 'bot9'", [T0 - timedelta(days=30)])
    assert load_cluster(duck, cid)["creation_burst"]["accounts"] == 9


def test_no_creation_times_no_burst_section(duck: Store) -> None:
    load(duck, synthetic_posts())
    data = Coordination().run(duck).data
    save_run(duck, data)
    cid = data["clusters"][0]["cluster_id"]
    assert load_cluster(duck, cid)["creation_burst"] is None
    assert "Accounts created together" not in _page(duck, cid)


def test_stored_cluster_names_the_same_records_as_the_computed_one(duck: Store) -> None:
    """The page of a stored cluster links each evidence post under its own platform, as a fresh run does."""
    w = _world(duck)
    cid = w["ring"]["cluster_id"]
    computed = q.cluster(duck, cid, None, None)["refs"]
    save_run(duck, w["data"])
    stored = q.cluster(duck, cid, None, None)["refs"]
    assert computed and sorted(stored) == sorted(computed)
