"""The generic analysis page and API (``/analysis/{name}``, ``/api/analysis/{name}``, ``/api/analyses``) on the
SYNTHETIC demo store: every registered analysis is reachable by name with text parameters, gives the same data
as running it directly, and says clearly what is wrong with a bad or missing parameter."""

from __future__ import annotations

import contextlib
import io
import re
from collections.abc import Iterator
from datetime import date
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from markupsafe import escape

from tests._browser import CHROMIUM_ARGS, chromium_path, live_server
from tests._snapshot import DEMO_PARAMS
from yuqing.analyses import Subject, analyses, plan
from yuqing.store import Store, open_store
from yuqing.web._queries import jsonable
from yuqing.web._state import WebConfig
from yuqing.web.app import create_app

pytestmark = pytest.mark.xdist_group("web_analysis")
NAMES = sorted(analyses())
LEADER = "周明"


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Store]:
    from yuqing.demo import simulate
    from yuqing.demo.pipeline import run_demo

    tmp = tmp_path_factory.mktemp("web_analysis")
    world = simulate(tmp / "data", seed=7)
    store = open_store(str(tmp / "demo.duckdb"))
    with contextlib.redirect_stdout(io.StringIO()):
        run_demo(store, world, tmp / "out")
    yield store
    store.close()


@pytest.fixture(scope="module")
def app(demo: Store) -> FastAPI:
    return create_app(demo, WebConfig(cache_size=64))


@pytest.fixture(scope="module")
def client(app: FastAPI) -> TestClient:
    return TestClient(app)


def _text(v: Any) -> str | None:
    """A parameter value as query text, or None when it cannot be written as text (tuples of tuples)."""
    if isinstance(v, tuple | list):
        if any(isinstance(x, tuple | list) for x in v):
            return None
        return ",".join(str(x) for x in v)
    if isinstance(v, date):
        return v.isoformat()
    return str(v)


def _query(name: str) -> tuple[dict[str, str], list[str]]:
    """The demo parameters of ``name`` as query text, and the names left out (not expressible as text)."""
    assert name in DEMO_PARAMS, f"{name}: add its demo parameters to tests/_snapshot.py DEMO_PARAMS"
    query: dict[str, str] = {}
    skipped: list[str] = []
    for k, v in DEMO_PARAMS[name].items():
        t = _text(v)
        if t is None:
            skipped.append(k)
        else:
            query[k] = t
    if skipped:  # let the subject fill them (impact: the dated events stored by the demo)
        query["entity"] = LEADER
    return query, skipped


def _direct(store: Store, name: str, skipped: list[str]) -> Any:
    cls = analyses()[name]
    params = dict(DEMO_PARAMS[name])
    if skipped:
        planned, why = plan(cls, Subject(LEADER), None, None, store,
                            {k: v for k, v in params.items() if k not in skipped})
        assert planned is not None, why
        params.update({k: planned[k] for k in skipped})
    return cls(**params).run(store)


def test_api_lists_every_analysis(client: TestClient) -> None:
    got = client.get("/api/analyses")
    assert got.status_code == 200
    docs = {d["name"]: d for d in got.json()}
    assert sorted(docs) == NAMES
    for name, cls in analyses().items():
        d = docs[name]
        assert d["title"] == cls.section_title() and d["order"] == cls.order and d["description"] == cls.description
        assert [p["name"] for p in d["parameters"]] == [p.name for p in cls.parameters()]
        for p in d["parameters"]:
            assert set(p) >= {"name", "annotation", "default", "required", "subject_field"}
    cad = {p["name"]: p for p in docs["cadence"]["parameters"]}
    assert cad["account"] == {**cad["account"], "required": True, "subject_field": "account", "annotation": "str"}
    assert cad["by"]["default"] == "day" and cad["by"]["required"] is False
    imp = {p["name"]: p for p in docs["impact"]["parameters"]}
    assert imp["windows"]["default"] == [[0, 0], [-1, 1], [0, 5]]  # tuples as JSON lists
    assert imp["events"]["subject_field"] == "events" and imp["events"]["as_text"] is False


@pytest.mark.parametrize("name", NAMES)
def test_every_analysis_by_name(name: str, client: TestClient, demo: Store) -> None:
    query, skipped = _query(name)
    r = client.get(f"/api/analysis/{name}", params=query)
    assert r.status_code == 200, r.text
    doc = r.json()
    assert set(doc) == {"analysis", "params", "data", "rows", "evidence", "chart", "findings", "signals"}
    assert doc["analysis"] == name and doc["rows"], f"{name}: no rows"
    res = _direct(demo, name, skipped)
    assert doc["data"] == jsonable(res.data)
    assert doc["rows"] == jsonable(res.rows)
    assert doc["evidence"] == jsonable(res.evidence)
    assert all(set(f) == {"text", "evidence"} for f in doc["findings"]) and doc["findings"]
    assert all(f["evidence"] is None or f["evidence"] in doc["evidence"] for f in doc["findings"])
    page = client.get(f"/analysis/{name}", params=query)
    assert page.status_code == 200, page.text
    cls = analyses()[name]
    assert cls.section_title() in page.text and 'class="rows"' in page.text
    for k, v in query.items():  # the form is prefilled with what was given
        if k != "entity":
            assert f'name="{k}" value="{escape(v)}"' in page.text, k
    if res.chart:
        assert 'class="yq-chart"' in page.text


def test_unknown_analysis_is_404_with_suggestions(client: TestClient) -> None:
    r = client.get("/api/analysis/cadense")
    assert r.status_code == 404 and "'cadence'" in r.json()["detail"]
    p = client.get("/analysis/cadense")
    assert p.status_code == 404 and 'href="/analysis/cadence"' in p.text
    assert client.get("/api/analysis/cadense/evidence", params={"key": "x"}).status_code == 404


def test_bad_parameter_values_are_400(client: TestClient) -> None:
    bad = client.get("/api/analysis/cadence", params={"account": LEADER, "by": "fortnight"})
    assert bad.status_code == 400 and "fortnight" in bad.json()["detail"]
    bad = client.get("/api/analysis/followers", params={"account": LEADER, "window_days": "abc"})
    assert bad.status_code == 400
    assert bad.json()["detail"] == "followers.window_days: 'abc' is not a valid int"
    bad = client.get("/api/analysis/cadence", params={"account": LEADER, "bogus": "1"})
    assert bad.status_code == 400 and "unknown parameter(s) bogus" in bad.json()["detail"]
    bad = client.get("/api/analysis/cadence", params={"account": LEADER, "since": "2025-13-01"})
    assert bad.status_code == 400 and "2025-13-01" in bad.json()["detail"]
    page = client.get("/analysis/followers", params={"account": LEADER, "window_days": "abc"})
    assert page.status_code == 400 and "is not a valid int" in page.text and 'name="window_days"' in page.text
    page = client.get("/analysis/cadence", params={"account": LEADER, "by": "fortnight"})
    assert page.status_code == 400 and "fortnight" in page.text


def test_missing_required_parameter_is_named(client: TestClient) -> None:
    r = client.get("/api/analysis/cadence", params={"by": "week"})
    assert r.status_code == 400 and "needs the parameter(s) account" in r.json()["detail"]
    p = client.get("/analysis/cadence", params={"by": "week", "account": ""})  # an empty field is "not given"
    assert p.status_code == 400 and "needs the parameter(s) account" in p.text
    assert 'name="by" value="week"' in p.text  # the form is there, to fill in
    p = client.get("/analysis/quote_trace", params={"entity": LEADER})  # the subject has no claim
    assert p.status_code == 400 and "claim" in p.text


def test_subject_fills_the_parameters_not_given(client: TestClient, demo: Store) -> None:
    r = client.get("/api/analysis/cadence", params={"entity": LEADER, "by": "week"})
    assert r.status_code == 200, r.text
    assert r.json()["params"]["account"] == LEADER
    direct = analyses()["cadence"](account=LEADER, by="week").run(demo)
    assert r.json()["data"] == jsonable(direct.data)
    page = client.get("/analysis/cadence", params={"entity": LEADER, "by": "week"})
    assert page.status_code == 200 and f'name="account" value="{LEADER}"' in page.text
    assert f'name="entity" value="{LEADER}"' in page.text  # the subject travels with the form
    # a dashboard started for an entity fills the parameters from it without entity= in the query
    own = TestClient(create_app(demo, WebConfig(entity=LEADER))).get("/api/analysis/cadence", params={"by": "week"})
    assert own.status_code == 200 and own.json()["data"] == r.json()["data"]
    # timeline has a parameter called entity: there, entity is that parameter and subject names the subject
    t = client.get("/api/analysis/timeline", params={"entity": "火星科技"})
    assert t.status_code == 200 and t.json()["params"]["entity"] == "火星科技"
    t2 = client.get("/api/analysis/timeline", params={"subject": "火星科技"})
    assert t2.status_code == 200 and t2.json()["data"] == t.json()["data"]


def test_evidence_of_a_generic_result(client: TestClient) -> None:
    query, _ = _query("silences")
    doc = client.get("/api/analysis/silences", params=query).json()
    key = next(k for k, v in doc["evidence"].items() if v)
    page = client.get("/analysis/silences", params=query)
    links = [x.replace("&amp;", "&") for x in re.findall(r'href="(/analysis/silences/evidence\?[^"]+)"', page.text)]
    assert links and any("key=" in x for x in links)
    ev = client.get("/analysis/silences/evidence", params={**query, "key": key})
    assert ev.status_code == 200 and 'table class="records"' in ev.text
    assert ev.text.count("<tr") - 1 == min(len(doc["evidence"][key]), 500)
    assert 'href="/analysis/silences?' in ev.text  # back to the analysis, same parameters
    api = client.get("/api/analysis/silences/evidence", params={**query, "key": key, "limit": 5}).json()
    assert api["total"] == len(doc["evidence"][key]) and len(api["records"]) == min(5, api["total"])
    assert all(r["found"] for r in api["records"])
    assert client.get("/analysis/silences/evidence", params={**query, "key": "nope"}).status_code == 404
    assert client.get(links[0]).status_code == 200


def test_overview_links_every_analysis(demo: Store) -> None:
    from yuqing.demo.pipeline import COMPANY, INDEX, SYMBOL, TERMS

    subject = Subject(LEADER, company=COMPANY, symbol=SYMBOL, index=INDEX, series="trending:火星", terms=TERMS)
    c = TestClient(create_app(demo, WebConfig(subject=subject)))
    page = c.get(f"/entity/{LEADER}")
    assert page.status_code == 200
    links = [x.replace("&amp;", "&") for x in re.findall(r'href="(/analysis/[^"/?]+\?[^"]*)"', page.text)]
    assert sorted({re.match(r"/analysis/([^?]+)", x).group(1) for x in links}) == NAMES  # type: ignore[union-attr]
    cad = next(x for x in links if x.startswith("/analysis/cadence?"))
    assert "account=" in cad and "entity=" in cad
    assert c.get(cad).status_code == 200
    imp = next(x for x in links if x.startswith("/analysis/impact?"))
    got = c.get(imp.replace("/analysis/", "/api/analysis/", 1))
    assert got.status_code == 200 and got.json()["params"]["events"]  # events filled from the store
    index = TestClient(create_app(demo, WebConfig())).get("/")
    assert all(f'href="/analysis/{n}"' in index.text for n in NAMES)


# ------------------------------------------------------------------------- headless Chromium
@pytest.fixture(scope="module")
def live(app: FastAPI) -> Iterator[str]:
    with live_server(app) as url:
        yield url


def test_browser_generic_page_renders_its_chart(live: str) -> None:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(viewport={"width": 1200, "height": 900})
            errors: list[str] = []
            page.on("pageerror", lambda e: errors.append(str(e)))
            page.goto(f"{live}/analysis/cadence?account={LEADER}&by=week", timeout=120_000)
            page.wait_for_function("document.querySelectorAll('.yq-chart[data-rendered=\"1\"]').length >= 1",
                                   timeout=60_000)
            assert page.locator(".yq-chart svg").count() >= 1  # ECharts drew SVG
            assert page.locator("table.rows tbody tr").count() >= 1
            assert not errors, errors
            page.locator("#p-by").fill("month")  # the form reruns the analysis with the new parameter
            page.locator("form.params button[type=submit]").click()
            page.wait_for_url(re.compile(r".*/analysis/cadence\?.*by=month.*"))
            page.wait_for_function("document.querySelectorAll('.yq-chart[data-rendered=\"1\"]').length >= 1",
                                   timeout=60_000)
            page.locator("a.evidence-key").first.click()
            page.wait_for_url(re.compile(r".*/analysis/cadence/evidence\?.*"))
            assert page.locator("table.records tbody tr").count() >= 1
        finally:
            browser.close()
