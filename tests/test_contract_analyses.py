"""The contract every registered analysis must honour (scikit-learn style), on the demo store and empty stores.

* the constructor only stores parameters: ``get_params()`` gives back what was passed;
* the class tells consumers how to show it: a description, a title, an order, subject fields that exist;
* ``run`` on the (synthetic) demo store, with parameters chosen to hit the demo world (``tests/_snapshot.py``),
  returns rows and evidence; the JSON is serialisable, rows are flat dicts, evidence references name stored
  tables; ``findings`` gives sentences whose evidence keys exist; ``signals`` gives dated detections whose
  evidence keys exist;
* ``run`` on an empty store returns an empty result or raises a :class:`YuqingError` (a clear message), never
  another exception.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path

import orjson
import pytest

from tests._snapshot import DEMO_PARAMS
from yuqing.analyses import SUBJECT_FIELDS, Detection, Finding, Result, analyses
from yuqing.cli._output import dumps_json
from yuqing.core import YuqingError
from yuqing.demo import simulate
from yuqing.sources import ingest_file
from yuqing.store import TABLES, Store, open_store

NAMES = sorted(analyses())


@pytest.fixture(scope="module")
def demo_store(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Store]:
    tmp = tmp_path_factory.mktemp("demo")
    world = simulate(tmp / "data", seed=7)
    store = open_store(str(tmp / "demo.duckdb"))
    for f in world.files:
        ingest_file(store, f)
    yield store
    store.close()


def test_registry_is_not_empty() -> None:
    assert {"impact", "drawdown", "leadlag", "cadence", "mood"} <= set(NAMES)


def test_every_analysis_has_demo_parameters() -> None:
    assert set(NAMES) <= set(DEMO_PARAMS), f"add demo parameters for {sorted(set(NAMES) - set(DEMO_PARAMS))}"


@pytest.mark.parametrize("name", NAMES)
def test_constructor_only_stores_params(name: str) -> None:
    cls = analyses()[name]
    params = DEMO_PARAMS[name]
    got = cls(**params).get_params()
    for k, v in params.items():
        assert got[k] == v, f"{name}.__init__ changed parameter {k}"
    assert cls.name == name and cls.description and cls.section_title()
    assert set(cls.subject_params.values()) <= set(SUBJECT_FIELDS)
    names = {p.name for p in cls.parameters()}
    assert set(cls.subject_params) <= names and set(cls.required) <= names


@pytest.mark.xdist_group("demo_store")
@pytest.mark.parametrize("name", NAMES)
def test_runs_on_demo_store(name: str, demo_store: Store) -> None:
    cls = analyses()[name]
    analysis = cls(**DEMO_PARAMS[name])
    res = analysis.run(demo_store)
    assert isinstance(res, Result) and res.analysis == name
    assert res.rows, f"{name}: no rows on the demo world"
    assert res.evidence and any(res.evidence.values()), f"{name}: figures without the records behind them"
    orjson.loads(dumps_json(res.data))
    assert all(isinstance(r, dict) for r in res.rows)
    for refs in res.evidence.values():
        for r in refs:
            assert r.split("/", 1)[0] in TABLES, f"{name}: evidence {r!r} names no table"
    if res.chart is not None:
        orjson.loads(dumps_json(res.chart))
    found = analysis.findings(res)
    assert found and all(isinstance(f, Finding) and f.text for f in found)
    assert all(f.evidence is None or f.evidence in res.evidence for f in found)
    for d in analysis.signals(res):
        assert isinstance(d, Detection) and d.analysis == name
        assert isinstance(d.start, date) and d.start <= d.end
        assert d.evidence is None or d.evidence in res.evidence


@pytest.mark.parametrize("name", NAMES)
def test_empty_store_gives_empty_result_or_clear_error(name: str, tmp_path: Path) -> None:
    cls = analyses()[name]
    store = open_store(str(tmp_path / "empty.duckdb"))
    try:
        res = cls(**DEMO_PARAMS[name]).run(store)
    except YuqingError as exc:
        assert str(exc)
    else:
        assert isinstance(res, Result)
        orjson.loads(dumps_json(res.data))
    finally:
        store.close()
