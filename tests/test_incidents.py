"""Incidents: the analyses' detections joined around a subject (``yuqing.analyses.incidents``).

On the synthetic demo world the four planted incidents are found on their days, the crash incident holds the
planted silence, the campaign ring and a negative abnormal return; the merging rule is checked on hand-made
detections; on the real data, the SU7-crash attention burst of late March 2025 comes with a negative CAR.
"""

from __future__ import annotations

import contextlib
import glob
import io
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from tests._snapshot import DEMO_PARAMS, REAL_FILES, REAL_PARAMS, SHARED
from yuqing.analyses import Detection, Result, get_analysis
from yuqing.analyses._incident_model import merge
from yuqing.demo import simulate
from yuqing.demo.pipeline import run_demo
from yuqing.sources import ingest_file
from yuqing.store import Store, open_store

pytestmark = pytest.mark.xdist_group("incidents")


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory: pytest.TempPathFactory) -> str:
    tmp = tmp_path_factory.mktemp("incidents")
    world = simulate(tmp / "data", seed=7)
    db = str(tmp / "demo.duckdb")
    store = open_store(db)
    with contextlib.redirect_stdout(io.StringIO()):
        run_demo(store, world, tmp / "out")
    store.close()
    return db


@pytest.fixture(scope="module")
def demo(demo_db: str) -> Iterator[tuple[Result, Any]]:
    store = open_store(demo_db, read_only=True)
    analysis = get_analysis("incidents")(**DEMO_PARAMS["incidents"])
    yield analysis.run(store), analysis
    store.close()


def _covering(res: Result, day: str) -> dict[str, Any]:
    found: list[dict[str, Any]] = [i for i in res.data["incidents"] if i["start"] <= day <= i["end"]]
    assert found, f"no incident covers {day}: {[(i['start'], i['end']) for i in res.data['incidents']]}"
    return found[0]


@pytest.mark.parametrize("planted", ["2025-03-29", "2025-09-19", "2025-10-13", "2025-11-18"])
def test_each_planted_incident_starts_within_a_day(demo: tuple[Result, Any], planted: str) -> None:
    res, _ = demo
    inc = _covering(res, planted)
    assert abs((date.fromisoformat(inc["start"]) - date.fromisoformat(planted)).days) <= 1


def test_the_crash_incident_holds_the_silence_the_ring_and_the_car(demo: tuple[Result, Any]) -> None:
    res, _ = demo
    crash = _covering(res, "2025-03-29")
    assert crash["severity"] >= 4 and crash is res.data["incidents"][0]  # the most severe comes first
    assert crash["trigger"]["kind"] == "trending_burst"
    named = [d for d in crash["parts"]["attention"]["detections"] if d["analysis"] == "bursts (terms)"]
    assert named and named[0]["start"] <= "2025-03-29" <= named[0]["end"]  # posts naming the subject surged
    silences = [d for d in crash["parts"]["leader"]["detections"] if d["kind"] == "silence"]
    assert any(d["start"] <= "2025-04-02" and d["end"] >= "2025-04-06" for d in silences), silences
    ring = [d for d in crash["parts"]["organic"]["detections"] if d["kind"] == "coordinated_cluster"]
    assert ring and ring[0]["magnitude"] >= 70
    share = crash["parts"]["organic"]["share"]  # the planted ring wrote a large part of what was said
    assert share["share"] > 0.3 and share["clusters"] and len(res.evidence[share["evidence"]]) == \
        share["by_clustered_accounts"]
    mood = crash["parts"]["audience"]["mood"]  # the comments turned negative with the crash
    assert mood["before"]["share_negative"] < 0.4 < mood["during"]["share_negative"]
    assert mood["during"]["volume"] > 0 and res.evidence[mood["evidence"]]
    recall = _covering(res, "2025-09-19")["parts"]["organic"]["share"]
    assert recall["posts"] > 0 and recall["by_clustered_accounts"] == 0  # organic: no clustered account in it
    windows = crash["market"]["windows"]
    assert crash["market"]["event_date"] == crash["start"]
    assert any(w["car"] < 0 and w["p"] < 0.05 for w in windows), windows


def test_every_detection_links_to_the_records_behind_it(demo: tuple[Result, Any]) -> None:
    res, analysis = demo
    for inc in res.data["incidents"]:
        for part in inc["parts"].values():
            for d in part["detections"]:
                assert d["evidence"] is None or res.evidence[d["evidence"]]
    for f in analysis.findings(res):
        assert f.evidence is None or f.evidence in res.evidence
    sig = analysis.signals(res)
    assert [s.kind for s in sig] == ["incident"] * len(res.data["incidents"])


def test_a_part_that_could_not_be_computed_says_why(demo: tuple[Result, Any]) -> None:
    res, analysis = demo
    quotes = res.data["incidents"][0]["parts"]["quotes"]
    assert quotes["detections"] == [] and quotes["missing"] == [
        {"analysis": "quote_trace", "reason": "not configured: needs claim"}]
    assert any("quote_trace (quotes): not configured: needs claim" in f.text for f in analysis.findings(res))


def _d(kind: str, a: str, b: str, label: str = "") -> Detection:
    return Detection("t", kind, date.fromisoformat(a), date.fromisoformat(b), 1.0, label or f"{kind} {a}")


def test_merging_rule() -> None:
    drafts = merge([
        _d("trending_burst", "2025-03-29", "2025-04-02"),
        _d("negative_mood", "2025-04-04", "2025-04-04"),  # within 2 days of the end: joins
        _d("negative_mood", "2025-04-08", "2025-04-08"),  # 4 days after: a new incident
        _d("silence", "2025-04-01", "2025-04-06"),  # attaches, does not stretch
        _d("drawdown", "2024-01-01", "2025-12-31"),  # long: attaches to both, opens nothing
        _d("follower_drop", "2025-05-01", "2025-05-30"),  # overlaps nothing: not in any incident
    ])
    assert [(str(d.start), str(d.end)) for d in drafts] == [("2025-03-29", "2025-04-04"), ("2025-04-08", "2025-04-08")]
    assert {d.kind for d in drafts[0].attached} == {"silence", "drawdown"}
    assert {d.kind for d in drafts[1].attached} == {"drawdown"}
    assert drafts[0].dimensions() == ["attention", "leader", "audience", "market"]


@pytest.fixture(scope="module")
def real_store(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Store]:
    paths = [(sorted(glob.glob(str(SHARED / rel))), opts) for rel, opts in REAL_FILES]
    if not all(p for p, _ in paths):
        pytest.fail(f"the real data under {SHARED} is needed")
    store = open_store(str(tmp_path_factory.mktemp("real") / "real.duckdb"))
    for found, opts in paths:
        ingest_file(store, found[0], options=opts)
    yield store
    store.close()


def test_real_su7_crash_attention_comes_with_a_negative_car(real_store: Store) -> None:
    res = get_analysis("incidents")(**REAL_PARAMS["incidents"]).run(real_store)
    crash = [i for i in res.data["incidents"] if "2025-03-24" <= i["start"] <= "2025-03-31"]
    assert crash, [(i["start"], i["end"]) for i in res.data["incidents"]]
    inc = crash[0]
    assert inc["trigger"]["kind"] == "trending_burst" and inc["end"] >= "2025-04-01"
    whole = inc["market"]["windows"][-1]
    assert whole["car"] < -0.05 and whole["p"] < 0.05, inc["market"]


def test_cli_incidents_run(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from yuqing.cli import get_app

    r = CliRunner().invoke(get_app(), ["--db", str(tmp_path / "e.duckdb"), "run", "incidents"])
    assert r.exit_code != 0 and "incidents needs --param account=..." in r.output


def test_cli_incidents_list_and_show(demo_db: str, demo: tuple[Result, Any]) -> None:
    import json

    from typer.testing import CliRunner

    from yuqing.cli import get_app

    flags = ["--account", "周明", "--company", "火星科技", "--symbol", "DEMO.HK", "--index", "DEMOIDX",
             "--series", "trending:火星", "--match", "周明", "--match", "火星"]
    r = CliRunner().invoke(get_app(), ["--db", demo_db, "incidents", *flags, "-f", "json"])
    assert r.exit_code == 0, r.output
    assert json.loads(r.stdout)["incidents"] == json.loads(json.dumps(demo[0].data["incidents"], default=str))
    top = demo[0].data["incidents"][0]
    r = CliRunner().invoke(get_app(), ["--db", demo_db, "incidents", "show", top["id"][:6], *flags, "-f", "json"])
    assert r.exit_code == 0, r.output
    assert json.loads(r.stdout)["id"] == top["id"]
    key = top["parts"]["leader"]["detections"][0]["evidence"]
    r = CliRunner().invoke(get_app(), ["--db", demo_db, "incidents", "show", top["id"], *flags,
                                       "--show-records", key, "-f", "json"])
    assert r.exit_code == 0, r.output
    assert json.loads(r.stdout)["records"]
    r = CliRunner().invoke(get_app(), ["--db", demo_db, "incidents", "show", "zzzz", *flags])
    assert r.exit_code != 0 and "unknown incident 'zzzz'" in r.output


def test_incident_alerts_fire_when_opened_and_when_escalated(demo_db: str, tmp_path: Path) -> None:
    import shutil

    from yuqing.alerts import check_rules

    db = str(tmp_path / "alerts.duckdb")
    shutil.copy(demo_db, db)
    store = open_store(db)
    try:
        rules = tmp_path / "rules.yaml"
        rules.write_text("rules:\n  - {name: inc, type: incident, subject: 周明, min_severity: 2}\n", encoding="utf-8")
        first = check_rules(store, rules)
        assert first and all(a.figures["severity"] >= 2 for a in first)
        assert all("opened" in a.message for a in first) and all(a.evidence for a in first)
        assert check_rules(store, rules) == []  # delivered once
        # the crash incident was delivered at severity 5; pretend it was delivered at 3: now it is an escalation
        crash = next(a for a in first if a.figures["severity"] == 5)
        store.execute("UPDATE alert_state SET incident = ? WHERE incident = ?",
                      [f"{crash.figures['id']}:severity 3", crash.incident])
        again = check_rules(store, rules)
        assert [a.incident for a in again] == [crash.incident]
        assert "escalated from severity 3" in again[0].message
    finally:
        store.close()


def test_show_records_lists_price_rows_behind_the_event_study(demo_db: str, demo: tuple[Result, Any]) -> None:
    """Market evidence is price rows: the CLI lists them (it once dropped every table but three silently)."""
    import json

    from typer.testing import CliRunner

    from yuqing.cli import get_app

    top = demo[0].data["incidents"][0]
    key = top["market"]["windows"][0]["evidence"]
    flags = ["--account", "周明", "--company", "火星科技", "--symbol", "DEMO.HK", "--index", "DEMOIDX",
             "--series", "trending:火星", "--match", "周明", "--match", "火星"]
    r = CliRunner().invoke(get_app(), ["--db", demo_db, "incidents", "show", top["id"], *flags,
                                       "--show-records", key, "-f", "json"])
    assert r.exit_code == 0, r.output
    recs = json.loads(r.stdout)["records"]
    assert recs and all(x["table"] == "prices" and x["found"] for x in recs)
