"""Market impact: event-study statistics against hand-computed values, real 1810.HK checks, lead-lag."""

from __future__ import annotations

import json
from datetime import date, timedelta

import numpy as np
import pyarrow as pa
import pytest
from typer.testing import CliRunner

from tests.conftest import shared
from yuqing.analyses._eventstudy import car_stat, fit_market_model, map_to_session
from yuqing.analyses.drawdown import Drawdown
from yuqing.analyses.impact import EventStudy
from yuqing.analyses.leadlag import LeadLag
from yuqing.cli import get_app
from yuqing.core import NotFoundError
from yuqing.sources import ingest_file
from yuqing.store import Store
from yuqing.store.schema import PRICES, TRENDING


def test_market_model_matches_hand_computation() -> None:
    rm = np.array([0.01, -0.02, 0.015, 0.0, 0.005, -0.01])
    ri = np.array([0.012, -0.018, 0.02, 0.001, 0.004, -0.015])
    m = fit_market_model(ri, rm)
    beta = np.sum((rm - rm.mean()) * (ri - ri.mean())) / np.sum((rm - rm.mean()) ** 2)
    alpha = ri.mean() - beta * rm.mean()
    resid = ri - alpha - beta * rm
    sigma = np.sqrt(np.sum(resid**2) / (len(ri) - 2))
    assert m.beta == pytest.approx(beta) and m.alpha == pytest.approx(alpha) and m.sigma == pytest.approx(sigma)
    # one-day window: Var(AR) = s^2 (1 + 1/n + (rm0 - mean)^2 / Sxx)
    rm0, ri0 = np.array([0.02]), np.array([-0.03])
    st = car_stat(m, ri0, rm0, 0, 0)
    ar = -0.03 - (alpha + beta * 0.02)
    var = sigma**2 * (1 + 1 / 6 + (0.02 - rm.mean()) ** 2 / np.sum((rm - rm.mean()) ** 2))
    assert st.car == pytest.approx(ar)
    assert st.se == pytest.approx(np.sqrt(var))
    assert st.t == pytest.approx(ar / np.sqrt(var))
    from scipy import stats

    assert st.p == pytest.approx(2 * stats.t.sf(abs(ar / np.sqrt(var)), 4))


def test_non_trading_day_maps_to_next_session() -> None:
    sessions = [date(2025, 3, 27), date(2025, 3, 28), date(2025, 3, 31)]
    assert map_to_session(date(2025, 3, 29), sessions) == 2  # Saturday -> Monday
    assert map_to_session(date(2025, 3, 28), sessions) == 1
    assert map_to_session(date(2025, 4, 1), sessions) is None


def _synthetic_prices(store: Store, shock_day: date, shock: float, seed: int = 1) -> list[date]:
    rng = np.random.default_rng(seed)
    days: list[date] = []
    d = date(2024, 1, 1)
    while len(days) < 400:
        if d.weekday() < 5:
            days.append(d)
        d += timedelta(days=1)
    rm = rng.normal(0, 0.01, len(days))
    ri = 0.0005 + 1.1 * rm + rng.normal(0, 0.005, len(days))
    ri[days.index(shock_day)] += shock
    rows = []
    for sym, r in (("X", ri), ("IDX", rm)):
        price = 100 * np.cumprod(1 + r)
        for i, (dd, p) in enumerate(zip(days, price, strict=True)):
            rows.append({"symbol": sym, "date": dd, "close": float(p), "adjustment": "none", "src_file": "syn",
                         "src_line": i + 1, "raw": ""})
    t = pa.Table.from_pylist(rows)
    for f in PRICES.arrow_schema():
        if f.name not in t.column_names:
            t = t.append_column(f.name, pa.nulls(t.num_rows, f.type))
    with store.transaction():
        store.insert_new(PRICES, t)
    return days


def test_event_study_finds_planted_shock_and_flags_overlap(any_store: Store) -> None:
    days = _synthetic_prices(any_store, date(2025, 3, 3), -0.08)
    sat = date(2025, 3, 1)  # a Saturday: maps to Monday 3 March
    res = EventStudy(symbol="X", index="IDX", events=((sat, "shock"), (date(2025, 3, 5), "later"))).run(any_store)
    ev = {e["label"]: e for e in res.data["events"]}
    assert ev["shock"]["session"] == "2025-03-03" and "not a trading day" in ev["shock"]["warnings"][0]
    w00 = next(w for w in ev["shock"]["windows"] if w["window"] == "[0,0]")
    assert w00["car"] < -0.07 and w00["p"] < 0.001
    assert ev["shock"]["model"]["beta"] == pytest.approx(1.1, abs=0.1)
    assert ev["shock"]["overlaps"] == ["later"] and ev["later"]["overlaps"] == ["shock"]
    assert days[0] < date(2025, 3, 3)
    assert any(r.startswith("prices/X/2025-03-03") for r in res.evidence["shock CAR[0,0]"])


def test_unknown_symbol_lists_close_matches(duck: Store) -> None:
    _synthetic_prices(duck, date(2025, 3, 3), 0.0)
    with pytest.raises(NotFoundError) as e:
        EventStudy(symbol="XX", index="IDX", events=((date(2025, 3, 3), "a"),)).run(duck)
    assert "X (none)" in str(e.value)


def test_real_xiaomi_drawdown_and_event_study(duck: Store) -> None:
    ingest_file(duck, shared("market/1810.HK_yahoo_daily_*.csv"))
    ingest_file(duck, shared("market/HSI_yahoo_daily_*.csv"))
    dd = Drawdown(symbol="1810.HK", since=date(2025, 1, 1), until=date(2025, 11, 18), shares=25.9e9).run(duck)
    assert round(dd.data["as_of"]["close"], 2) == 40.78
    assert round(dd.data["high_intraday"]["high"], 2) == 61.45
    assert dd.data["change_from_high_intraday"] < -0.30  # "down over 30% from the year's high"
    assert dd.data["market_value"]["change_from_high_intraday"] < -500e9  # "over HK$500 billion"
    res = EventStudy(symbol="1810.HK", index="^HSI",
                     events=((date(2025, 3, 31), "crash news"), (date(2025, 11, 18), "Q3"))).run(duck)
    crash = res.data["events"][0]
    assert crash["model"]["n"] >= 200
    w = next(x for x in crash["windows"] if x["window"] == "[-1,1]")
    assert w["car"] < 0 and w["p"] < 0.05


def test_leadlag_detects_opinion_leading_returns(duck: Store) -> None:
    days = _synthetic_prices(duck, date(2025, 3, 3), 0.0)
    rng = np.random.default_rng(5)
    heat = rng.normal(0, 1, len(days))
    # returns of X react to yesterday's heat: rebuild X's closes from r_t = 0.02 * heat_{t-1} + noise
    r = np.concatenate([[0.0], 0.02 * heat[:-1]]) + rng.normal(0, 0.005, len(days))
    duck.execute("DELETE FROM prices WHERE symbol = 'X'")
    rows = [{"symbol": "X", "date": d, "close": float(p), "adjustment": "none", "src_file": "syn",
             "src_line": i + 1, "raw": ""} for i, (d, p) in enumerate(zip(days, 100 * np.cumprod(1 + r), strict=True))]
    t = pa.Table.from_pylist(rows)
    for f in PRICES.arrow_schema():
        if f.name not in t.column_names:
            t = t.append_column(f.name, pa.nulls(t.num_rows, f.type))
    trows = [{"platform": "weibo", "list_date": d, "rank": 1, "title": "watched topic",
              "heat": int(1_000_000 + 100_000 * h), "src_file": "syn", "src_line": i + 1, "raw": ""}
             for i, (d, h) in enumerate(zip(days, heat, strict=True))]
    tt = pa.Table.from_pylist(trows)
    for f in TRENDING.arrow_schema():
        if f.name not in tt.column_names:
            tt = tt.append_column(f.name, pa.nulls(tt.num_rows, f.type))
    with duck.transaction():
        duck.insert_new(PRICES, t)
        duck.insert_new(TRENDING, tt)
    res = LeadLag(symbol="X", series="trending:watched", maxlag=3).run(duck)
    cc = {c["lag"]: c for c in res.data["crosscorr"]}
    assert cc[1]["opinion_leads"]["r"] > 0.6 and cc[1]["opinion_leads"]["p"] < 1e-6
    assert abs(cc[1]["returns_lead"]["r"]) < 0.2
    g = {x["lag"]: x for x in res.data["granger"]["opinion_causes_returns"]}
    assert g[1]["p"] < 1e-6
    assert res.data["caveats"]


def test_cli_impact_json_and_events(tmp_path) -> None:  # type: ignore[no-untyped-def]
    db = str(tmp_path / "m.duckdb")
    runner = CliRunner()
    app = get_app()
    from yuqing.store import open_store

    s = open_store(db)
    _synthetic_prices(s, date(2025, 3, 3), -0.08)
    s.close()
    r = runner.invoke(app, ["--db", db, "events", "add", "2025-03-03", "shock", "--entity", "X"])
    assert r.exit_code == 0, r.output
    r = runner.invoke(app, ["--db", db, "impact", "X", "--index", "IDX", "--events-from", "store",
                            "--window", "0:0", "-f", "json"])
    assert r.exit_code == 0, r.output
    data = json.loads(r.stdout)
    assert data["events"][0]["label"] == "shock" and data["events"][0]["windows"][0]["window"] == "[0,0]"
    assert data["events"][0]["windows"][0]["car"] < -0.07


def test_opinion_series_kinds_on_trending(duck: Store) -> None:
    """trending sums heat per list day, trending-count counts matching entries; other titles are ignored."""
    from yuqing.analyses._opinion_series import build_series

    rows = [
        {"platform": "weibo", "list_date": date(2025, 4, 1), "rank": 1, "title": "雷军回应", "heat": 100},
        {"platform": "weibo", "list_date": date(2025, 4, 1), "rank": 2, "title": "小米SU7", "heat": 50},
        {"platform": "weibo", "list_date": date(2025, 4, 1), "rank": 3, "title": "别的", "heat": 999},
        {"platform": "weibo", "list_date": date(2025, 4, 3), "rank": 9, "title": "雷军", "heat": 7},
    ]
    for i, r in enumerate(rows):
        r.update(src_file="syn", src_line=i + 1, raw="")
    tt = pa.Table.from_pylist(rows)
    for f in TRENDING.arrow_schema():
        if f.name not in tt.column_names:
            tt = tt.append_column(f.name, pa.nulls(tt.num_rows, f.type))
    duck.insert_new(TRENDING, tt)
    heat = build_series(duck, "trending:雷军|小米")
    count = build_series(duck, "trending-count:雷军|小米")
    assert heat[date(2025, 4, 1)] == 150 and heat[date(2025, 4, 3)] == 7
    assert count[date(2025, 4, 1)] == 2 and count[date(2025, 4, 3)] == 1
    assert count.get(date(2025, 4, 2), 0) == 0
