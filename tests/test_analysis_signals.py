"""Dated detections (:meth:`Analysis.signals`) of every analysis on the SYNTHETIC demo world.

The demo store is built once for the module, as ``tests/_snapshot.py`` builds it (simulate, then the demo's own
pipeline: sentiment, coordination, news extraction), and every analysis runs with the snapshot's demo parameters.
Checked: each detection's evidence key is None or a key of the result's evidence, start <= end, its kind is
documented in the analysis module's docstring, and the facts planted in the demo world (``simulate``'s ``planted``)
are detected: the leader's silence of 2025-04-02..04-06, the 80-account campaign ring, the crash of 2025-03-29 in
the bursts, the trending lists, the mood of the comments and the price; the recall of 2025-09-19 in the news.
"""

from __future__ import annotations

import contextlib
import io
import sys
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest

from tests._snapshot import DEMO_PARAMS
from yuqing.analyses import Analysis, Detection, Result, analyses

pytestmark = pytest.mark.xdist_group("demo_signals")

CRASH = date(2025, 3, 29)
RECALL = date(2025, 9, 19)


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Any]]:
    from yuqing.demo import simulate
    from yuqing.demo.pipeline import run_demo
    from yuqing.store import open_store

    tmp = tmp_path_factory.mktemp("demo_signals")
    world = simulate(tmp / "data", seed=7)
    store = open_store(str(tmp / "demo.duckdb"))
    try:
        with contextlib.redirect_stdout(io.StringIO()):
            run_demo(store, world, tmp / "out")
        runs: dict[str, tuple[Analysis, Result, list[Detection]]] = {}
        for name, cls in analyses().items():
            if name in DEMO_PARAMS:
                a = cls(**DEMO_PARAMS[name])
                res = a.run(store)
                runs[name] = (a, res, a.signals(res))
        yield {"planted": world.planted, "runs": runs}
    finally:
        store.close()


def _dets(demo: dict[str, Any], name: str, kind: str | None = None) -> list[Detection]:
    return [d for d in demo["runs"][name][2] if kind is None or d.kind == kind]


def _near(d: Detection, day: date, days: int) -> bool:
    return abs((d.start - day).days) <= days


def test_every_analysis_ran(demo: dict[str, Any]) -> None:
    assert set(demo["runs"]) == set(analyses()) & set(DEMO_PARAMS)


@pytest.mark.parametrize("name", sorted(DEMO_PARAMS))
def test_detections_keep_the_contract(demo: dict[str, Any], name: str) -> None:
    assert name in demo["runs"], f"{name} has demo parameters but is not registered"
    analysis, res, dets = demo["runs"][name]
    doc = sys.modules[type(analysis).__module__].__doc__ or ""
    for d in dets:
        assert isinstance(d, Detection) and d.analysis == name
        assert isinstance(d.start, date) and isinstance(d.end, date) and d.start <= d.end, d
        assert d.evidence is None or d.evidence in res.evidence, f"{name}: evidence {d.evidence!r} is no key"
        assert f"``{d.kind}``" in doc, f"{name}: kind {d.kind!r} is not documented in its module docstring"
        assert d.label and isinstance(d.magnitude, float)
        assert d.as_dict()["start"] == d.start.isoformat()
    assert analysis.signals(res) == dets  # deterministic


@pytest.mark.parametrize("name", ["cadence", "leadlag", "quote_archive"])
def test_analyses_without_dated_detections(demo: dict[str, Any], name: str) -> None:
    assert _dets(demo, name) == []


def test_the_planted_silence_is_detected(demo: dict[str, Any]) -> None:
    lo, hi = (date.fromisoformat(x) for x in demo["planted"]["silence"])
    hits = [d for d in _dets(demo, "silences", "silence") if d.start <= lo and d.end >= hi]
    assert len(hits) == 1, _dets(demo, "silences")
    d = hits[0]
    assert d.magnitude >= (hi - lo).days + 1  # days without a post
    assert (d.end - d.start).days <= 10 and d.evidence and d.evidence.startswith("silence ")


def test_the_content_mix_shift_at_the_crash(demo: dict[str, Any]) -> None:
    shifts = _dets(demo, "silences", "mix_shift")
    assert any(d.start == CRASH and 0 < d.magnitude <= 1 for d in shifts), shifts


def test_the_campaign_ring_is_one_cluster(demo: dict[str, Any]) -> None:
    ring = len(demo["planted"]["campaign_accounts"])
    assert ring == 80
    hits = [d for d in _dets(demo, "coordination", "coordinated_cluster") if d.magnitude >= 70]
    assert len(hits) == 1 and hits[0].magnitude <= ring
    assert _near(hits[0], CRASH, 5) and hits[0].evidence


def test_bursts_and_trending_start_near_the_crash(demo: dict[str, Any]) -> None:
    bursts = _dets(demo, "bursts", "burst")
    assert any(_near(d, CRASH, 7) and d.end >= CRASH and d.magnitude > 0 for d in bursts), bursts
    trending = _dets(demo, "trending", "trending_burst")
    assert any(_near(d, CRASH, 3) and d.magnitude > 0 for d in trending), trending


def test_negative_mood_on_the_event_days(demo: dict[str, Any]) -> None:
    dets = _dets(demo, "mood", "negative_mood")
    res = demo["runs"]["mood"][1]
    overall = res.data["share_negative"]
    assert all(d.magnitude >= overall + 0.15 - 1e-9 and d.start == d.end for d in dets)
    days = {d.start for d in dets}
    for ev in demo["planted"]["events"][:3]:  # the crash, the recall and the second crash
        e = date.fromisoformat(ev)
        assert any(e <= d <= e + timedelta(days=3) for d in days), (ev, sorted(days))
    # every detection meets the findings' volume floor
    vols = {p["period"]: p["volume"] for p in res.data["periods"]}
    floor = max(20, sorted(vols.values())[len(vols) // 2])
    assert all(vols[d.start.isoformat()] >= floor for d in dets)


def test_the_crash_moves_the_price(demo: dict[str, Any]) -> None:
    ar = _dets(demo, "impact", "abnormal_return")
    assert ar and all(d.magnitude < 0 and _near(d, CRASH, 3) for d in ar), ar
    windows = demo["runs"]["impact"][1].data["events"][0]["windows"]
    assert len(ar) == sum(1 for w in windows if w["p"] < 0.05)
    (dd,) = _dets(demo, "drawdown", "drawdown")
    assert dd.magnitude < 0 and dd.start < CRASH <= dd.end


def test_follower_drops_are_losses_and_glitches_are_not_signals(demo: dict[str, Any]) -> None:
    drops = _dets(demo, "followers", "follower_drop")
    assert drops and all(d.magnitude > 0 for d in drops)
    assert all(_near(d, CRASH, 5) for d in drops), drops
    assert {d.kind for d in _dets(demo, "followers")} == {"follower_drop"}


def test_news_entries_are_dated_with_their_sources(demo: dict[str, Any]) -> None:
    dets = _dets(demo, "timeline")
    res = demo["runs"]["timeline"][1]
    assert dets and all(d.kind in ("news_event", "news_figure", "news_quote") for d in dets)
    recall = [d for d in dets if d.kind == "news_event" and d.start == d.end == RECALL]
    assert recall and recall[0].magnitude >= 1
    for d in dets:
        assert d.evidence is not None
        entry = res.data["entries"][int(d.evidence[len("entry[") : -1])]
        assert d.magnitude == len(entry["sources"])


def test_the_altered_quote_is_dated_at_its_origin(demo: dict[str, Any]) -> None:
    res = demo["runs"]["quote_trace"][1]
    assert res.data["verdict"] == "altered"
    (d,) = _dets(demo, "quote_trace")
    assert d.kind == "quote_altered" and d.start == d.end and d.magnitude >= 1 and d.evidence == "verdict"
    origin = next(c for c in res.data["candidates"] if c["record"] in res.data["sources"])
    assert d.start.isoformat() == str(origin["date"])[:10]


def test_leadlag_evidence_names_prices_and_the_series_records(demo: dict[str, Any]) -> None:
    analysis, res, _ = demo["runs"]["leadlag"]
    assert set(res.evidence) == {"returns", "opinion"}
    first, last = res.data["first"], res.data["last"]
    prices = res.evidence["returns"]
    for sym in ("DEMO.HK", "DEMOIDX"):
        mine = sorted(r.split("/")[2] for r in prices if r.split("/")[1] == sym)
        assert mine[0] < first.isoformat() and mine[-1] == last.isoformat()
        assert len(mine) == res.data["n"] + 1  # the compared sessions and the one before
    opinion = res.evidence["opinion"]
    assert opinion and all(r.startswith("trending/") and "火星" in r for r in opinion)
    assert all(r.split("/")[2] <= last.isoformat() for r in opinion)
    found = analysis.findings(res)
    assert [f.evidence for f in found][:2] == ["opinion", "returns"]


def test_signals_of_empty_results_are_empty(tmp_path: Path) -> None:
    from yuqing.core import YuqingError
    from yuqing.store import open_store

    store = open_store(str(tmp_path / "empty.duckdb"))
    try:
        for name, cls in analyses().items():
            if name not in DEMO_PARAMS:
                continue
            a = cls(**DEMO_PARAMS[name])
            try:
                res = a.run(store)
            except YuqingError:  # a clear error on an empty store: the contract suite's business
                continue
            assert a.signals(res) == [], name
    finally:
        store.close()
