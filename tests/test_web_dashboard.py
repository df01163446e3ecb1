"""The dashboard on a SYNTHETIC store (tests/_web_data.py): pages, escaping, JSON API, writes need a token,
scheduled ingestion, the OpenAPI schema fuzzed with schemathesis, and headless Chromium end to end."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import schemathesis
from fastapi import FastAPI
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, settings
from schemathesis.core.result import Err

from tests._browser import CHROMIUM_ARGS, chromium_path, live_server
from tests._web_data import HOSTILE, HOSTILE2, build
from yuqing.analyses import Subject
from yuqing.store import Store, open_store
from yuqing.web._state import Scheduler, WebConfig
from yuqing.web.app import create_app

pytestmark = pytest.mark.xdist_group("web")
ENTITY = "合成领袖"
SECTIONS = ["cadence", "silences", "followers", "trending", "coordination", "drawdown"]


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Store:
    s = open_store(str(tmp_path_factory.mktemp("web") / "w.duckdb"))
    build(s)
    return s


@pytest.fixture(scope="module")
def app(store: Store) -> FastAPI:
    cfg = WebConfig(subject=Subject(ENTITY, symbol="DEMO.HK"), sections=SECTIONS, token="s3cret")
    return create_app(store, cfg)


@pytest.fixture(scope="module")
def client(app: FastAPI) -> TestClient:
    return TestClient(app)


def _body(html: str) -> str:
    return html.split("<body>", 1)[1]


def test_overview_has_sections_and_evidence_links(client: TestClient) -> None:
    r = client.get(f"/entity/{ENTITY}")
    assert r.status_code == 200
    for name in SECTIONS:
        assert f'id="sec-{name}"' in r.text
    assert 'data-status="no_data"' in r.text  # trending: no lists in the synthetic store, stated
    links = [x.replace("&amp;", "&") for x in re.findall(r'href="(/evidence\?[^"]+)"', r.text)]
    assert any("analysis=silences" in x for x in links)
    ev = client.get(next(x for x in links if "analysis=silences" in x))
    assert ev.status_code == 200 and "synthetic/posts.jsonl:" in ev.text and "/post/weibo/p" in ev.text
    assert client.get(f"/entity/{ENTITY}?since=&until=").status_code == 200  # empty filter fields = open range
    bad = client.get(f"/entity/{ENTITY}?since=2025-13-01")
    assert bad.status_code == 400 and "not a date" in bad.text


def test_hostile_text_is_escaped_on_every_page(client: TestClient) -> None:
    pages = ["/post/weibo/p0005", "/post/weibo/p0009", "/account/weibo/L1", "/record?ref=posts/weibo/p0005",
             f"/entity/{ENTITY}", "/evidence?entity=x&analysis=<script>&key=</script>"]
    for u in pages:
        r = client.get(u)
        assert r.status_code in (200, 404), u
        body = _body(r.text)
        for payload in (HOSTILE, HOSTILE2):
            assert payload not in body, u
        assert "<img" not in body and "<script>window" not in body, u
    post = client.get("/post/weibo/p0005").text
    assert "&lt;script&gt;window.__pwned=1&lt;/script&gt;" in post
    assert "合成评论 1 支持" in post  # the post's comments are listed


def test_hostile_text_in_chart_data_stays_inside_json(store: Store) -> None:
    # the account's name is the account page's chart title: make it a script-closing payload
    with store.transaction():
        store.execute("UPDATE accounts SET name = ? WHERE account_id = 'L1'", [HOSTILE2])
    try:
        r2 = TestClient(create_app(store, WebConfig())).get("/account/weibo/L1")
    finally:
        with store.transaction():
            store.execute("UPDATE accounts SET name = ? WHERE account_id = 'L1'", [ENTITY])
    assert r2.status_code == 200
    assert HOSTILE2 not in r2.text and "<\\/script><script>window.__pwned=3<\\/script>" in r2.text


def test_api_json_and_errors(client: TestClient) -> None:
    rep = client.get(f"/api/report/{ENTITY}").json()
    assert [s["analysis"] for s in rep["sections"]] == SECTIONS
    sil = next(s for s in rep["sections"] if s["analysis"] == "silences")
    key = next(f["evidence"] for f in sil["findings"] if f["evidence"])
    ev = client.get("/api/evidence", params={"entity": ENTITY, "analysis": "silences", "key": key}).json()
    assert ev["total"] >= 1 and all(r["found"] for r in ev["records"])
    assert ev["records"][0]["source"].startswith("synthetic/posts.jsonl:")
    post = client.get("/api/posts/weibo/p0005").json()
    assert post["post"]["text"] == HOSTILE and post["n_replies"] == 2
    assert client.get("/api/posts/weibo/none").status_code == 404
    assert client.get("/api/records", params={"ref": "nope"}).status_code == 400
    acc = client.get("/api/accounts/weibo/L1", params={"since": "2025-01-01", "until": "2025-01-10"}).json()
    assert acc["total"] == 30
    schema = client.get("/openapi.json").json()
    assert "/api/report/{entity}" in schema["paths"] and "/api/ingest" in schema["paths"]


def test_writes_need_the_token(client: TestClient, tmp_path: Path) -> None:
    f = tmp_path / "p.csv"
    f.write_text("date,open,high,low,close,volume,Ticker\n2025-01-02,1,1,1,1.5,100,TOK.HK\n", encoding="utf-8")
    assert client.post("/api/ingest", json={"path": str(f)}).status_code == 401
    assert client.post("/api/ingest", json={"path": str(f)},
                       headers={"Authorization": "Bearer wrong"}).status_code == 401
    ok = client.post("/api/ingest", json={"path": str(f)}, headers={"Authorization": "Bearer s3cret"})
    assert ok.status_code == 200 and ok.json()["stored"] == 1, ok.text
    assert client.post("/api/alerts/check", headers={"Authorization": "Bearer s3cret"}).status_code == 400


def test_server_mode_refuses_writes_without_token(store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    app = create_app(store, WebConfig())
    monkeypatch.setattr(type(app.state.yq), "server_mode", property(lambda self: True))
    r = TestClient(app).post("/api/ingest", json={"path": "/x"})
    assert r.status_code == 403 and "YUQING_TOKEN" in r.text


def test_scheduler_ingests_watched_folder_once(tmp_path: Path) -> None:
    s = open_store(str(tmp_path / "sched.duckdb"))
    watch = tmp_path / "in"
    watch.mkdir()
    (watch / "p.csv").write_text(("date,open,high,low,close,volume,Ticker\n"
                                "2025-01-02,1,1,1,1.5,100,SCH.HK\n2025-01-03,1,1,1,1.6,100,SCH.HK\n"), "utf-8")
    rules = tmp_path / "rules.yaml"
    out = tmp_path / "alerts.jsonl"
    rules.write_text(f"outputs:\n  - file: {out}\nrules:\n  - {{name: m, type: price_move, symbol: SCH.HK, pct: 0.05, adjustment: qfq}}\n"
                     "  - {name: missing, type: silence, account: nobody}\n", "utf-8")
    app = create_app(s, WebConfig(watch=[watch], interval=3600, rules=rules))
    sched: Scheduler = app.state.scheduler
    gen = app.state.yq.generation
    first = sched.tick()
    assert len(first) == 1 and first[0].get("stored") == 2, first
    assert app.state.yq.generation == gen + 1  # caches invalidated after new records
    assert sched.tick() == []  # unchanged file: not read again
    assert s.fetchall("SELECT count(*) FROM prices WHERE symbol = 'SCH.HK'")[0][0] == 2
    # the rules ran after the ingest: the price move fired once; the failing rule did not stop it
    assert [x["incident"] for x in map(json.loads, out.read_text("utf-8").splitlines())] == ["SCH.HK:2025-01-03"]


def test_openapi_fuzzed(store: Store) -> None:
    """schemathesis: every API operation, generated inputs, must answer without a server error."""
    # sections that resolve the account first, so generated entity names fail fast (NotFound) instead of
    # running the store-wide coordination analysis for each of them
    app = create_app(store, WebConfig(sections=["cadence", "silences"], token="s3cret"))
    schema = schemathesis.openapi.from_asgi("/openapi.json", app)
    ops = []
    for r in schema.get_all_operations():
        if isinstance(r, Err):  # an operation schemathesis cannot read fails the test with its error
            raise r.err()
        ops.append(r.ok())
    assert len(ops) >= 6
    for op in ops:
        strat = op.as_strategy()

        @settings(max_examples=8, deadline=None, suppress_health_check=list(HealthCheck), database=None)
        def run(case: Any) -> None:
            resp = case.call()
            assert resp.status_code < 500, (case.path, case.query, resp.text[:300])

        from hypothesis import given

        given(strat)(run)()


# ------------------------------------------------------------------------- headless Chromium end to end
@pytest.fixture(scope="module")
def live(app: FastAPI) -> Iterator[str]:
    with live_server(app) as url:
        yield url


def test_browser_overview_charts_evidence_and_report_pdf(live: str, store: Store, tmp_path: Path) -> None:
    from playwright.sync_api import Dialog, sync_playwright

    from yuqing.reports import write_report

    shots = Path(__file__).resolve().parents[1] / "build" / "screenshots"
    shots.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(viewport={"width": 1200, "height": 900})
            dialogs: list[str] = []

            def on_dialog(d: Dialog) -> None:
                dialogs.append(d.message)
                d.dismiss()

            page.on("dialog", on_dialog)
            page.goto(f"{live}/entity/{ENTITY}", timeout=120_000)
            page.wait_for_function("document.querySelectorAll('.yq-chart[data-rendered=\"1\"]').length >= 3",
                                   timeout=60_000)
            assert page.locator(".yq-chart svg").count() >= 3  # ECharts drew SVG
            assert page.evaluate("window.__pwned === undefined")
            page.screenshot(path=str(shots / "overview.png"), full_page=False)
            page.locator("#sec-silences a.evidence-link").first.click()
            page.wait_for_url(re.compile(r".*/evidence\?.*analysis=silences.*"))
            assert page.locator("table.records tbody tr").count() >= 1
            assert "synthetic/posts.jsonl:" in page.inner_text("table.records")
            page.screenshot(path=str(shots / "evidence.png"))
            page.locator("table.records tbody tr a").first.click()
            page.wait_for_url(re.compile(r".*/post/weibo/.*"))
            assert page.locator("blockquote.post-text").count() == 1
            page.goto(f"{live}/post/weibo/p0005")
            assert HOSTILE in page.inner_text("blockquote.post-text")  # shown as text, not run
            assert page.evaluate("window.__pwned === undefined") and not dialogs
            page.screenshot(path=str(shots / "post.png"))
        finally:
            browser.close()
    html, pdf = tmp_path / "r.html", tmp_path / "r.pdf"
    write_report(store, ENTITY, None, None, html, pdf, subject=Subject(ENTITY, symbol="DEMO.HK"),
                 names=["silences", "drawdown"])
    data = pdf.read_bytes()
    assert data.startswith(b"%PDF") and len(data) > 5000
