"""Real Open-EV-Charts monthly sales (../shared/data/ev_sales) -> metrics; SYNTHETIC events list -> events."""

from __future__ import annotations

import hashlib
from datetime import date
from pathlib import Path

from tests.conftest import shared
from yuqing.sources import detect_format, ingest_file
from yuqing.store import Store

EV = "ev_sales/xiaomi_cn_model_sales_open-ev-charts.csv"
FX = Path(__file__).parent / "fixtures" / "real_formats"


def test_ev_sales(any_store: Store) -> None:
    path = shared(EV)
    assert detect_format(path).name == "open_ev_charts_csv"
    r = ingest_file(any_store, path)
    assert (r.read, r.stored, r.quarantined) == (26, 26, 0)
    rows = any_store.fetchall("SELECT series, period, value, unit FROM metrics WHERE entity = 'SU7' "
                              "AND period_start = ?", [date(2024, 10, 1)])
    assert rows == [("ev_retail_sales_cn", "month", 20726.0, "vehicles")]
    per_model = dict(any_store.fetchall("SELECT entity, count(*) FROM metrics GROUP BY entity"))
    assert per_model == {"SU7": 15, "YU7": 11}
    assert ingest_file(any_store, path).duplicate == 26


def test_ev_sales_entity_prefix(duck: Store) -> None:
    ingest_file(duck, shared(EV), options={"entity_prefix": "Xiaomi ", "series": "s"})
    assert duck.fetchall("SELECT DISTINCT entity FROM metrics ORDER BY 1") == [("Xiaomi SU7",), ("Xiaomi YU7",)]


def test_events_csv_fixture(duck: Store) -> None:
    path = FX / "events.csv"
    assert detect_format(path).name == "events_csv"
    r = ingest_file(duck, path)
    assert (r.read, r.stored, r.quarantined) == (4, 3, 1)
    (reason,) = duck.fetchall("SELECT reason FROM quarantine")[0]
    assert "not-a-date" in reason
    rows = duck.fetchall("SELECT event_id, date, precision, label, entity, origin FROM events ORDER BY date, label")
    eid = "manual-" + hashlib.sha1("2025-03-28|发布会|火星科技".encode()).hexdigest()[:12]  # as `events add` does
    assert rows[0] == (eid, date(2025, 3, 28), "day", "发布会", "火星科技", "manual")
    assert [(d, p) for _, d, p, *_ in rows] == [(date(2025, 3, 28), "day"), (date(2025, 4, 1), "day"),
                                               (date(2025, 4, 1), "month")]
    assert ingest_file(duck, path).stored == 0
