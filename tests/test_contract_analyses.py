"""The contract every registered analysis must honour (scikit-learn style), on the demo store and empty stores.

* the constructor only stores parameters: ``get_params()`` gives back what was passed;
* ``run`` on the (synthetic) demo store returns a :class:`Result` whose JSON is serialisable, whose rows are
  flat dicts, and whose evidence references name stored tables;
* ``run`` on an empty store returns an empty result or raises a :class:`YuqingError` (a clear message), never
  another exception.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import orjson
import pytest

from yuqing.analyses import Result, analyses
from yuqing.cli._output import dumps_json
from yuqing.demo import simulate
from yuqing.errors import YuqingError
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
    assert {"impact", "drawdown", "leadlag"} <= set(NAMES)


@pytest.mark.parametrize("name", NAMES)
def test_constructor_only_stores_params(name: str) -> None:
    cls = analyses()[name]
    params = cls.contract_params()
    obj = cls(**params)
    got = obj.get_params()
    for k, v in params.items():
        assert got[k] == v, f"{name}.__init__ changed parameter {k}"
    assert cls.name == name and cls.description


@pytest.mark.xdist_group("demo_store")
@pytest.mark.parametrize("name", NAMES)
def test_runs_on_demo_store(name: str, demo_store: Store) -> None:
    cls = analyses()[name]
    res = cls(**cls.contract_params()).run(demo_store)
    assert isinstance(res, Result) and res.analysis == name
    orjson.loads(dumps_json(res.data))
    assert all(isinstance(r, dict) for r in res.rows)
    for refs in res.evidence.values():
        for r in refs:
            assert r.split("/", 1)[0] in TABLES, f"{name}: evidence {r!r} names no table"
    if res.chart is not None:
        orjson.loads(dumps_json(res.chart))


@pytest.mark.parametrize("name", NAMES)
def test_empty_store_gives_empty_result_or_clear_error(name: str, tmp_path: Path) -> None:
    cls = analyses()[name]
    store = open_store(str(tmp_path / "empty.duckdb"))
    try:
        res = cls(**cls.contract_params()).run(store)
    except YuqingError as exc:
        assert str(exc)
    else:
        assert isinstance(res, Result)
        orjson.loads(dumps_json(res.data))
    finally:
        store.close()
