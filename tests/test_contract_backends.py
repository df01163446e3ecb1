"""Every registered analysis gives the same answer on PostgreSQL as on DuckDB (the demo world in both stores).

Analyses read through Ibis, so the same expressions run on both backends; this checks that they also *mean* the
same there (time zones, integer division, NULL ordering, string matching), figure by figure.
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from typing import Any

import orjson
import pytest

from tests._snapshot import DEMO_PARAMS
from yuqing.analyses import analyses
from yuqing.cli._output import dumps_json
from yuqing.demo import simulate
from yuqing.sources import ingest_file
from yuqing.store import Store, open_store

pytestmark = [pytest.mark.postgres, pytest.mark.xdist_group("pg_demo")]

# keys whose values legitimately differ between two runs (ids minted per run, timings)
VOLATILE = {"run_id", "seconds", "elapsed", "created_at", "computed_at", "generated_at"}


@pytest.fixture(scope="module")
def two_stores(tmp_path_factory: pytest.TempPathFactory, pg_server: str) -> Iterator[tuple[Store, Store]]:
    import psycopg

    tmp = tmp_path_factory.mktemp("demo2")
    world = simulate(tmp / "data", seed=7)  # the world DEMO_PARAMS were chosen to hit
    name = f"yq_contract_{abs(hash(str(tmp))) % 10**8}"
    with psycopg.connect(pg_server, autocommit=True) as con:
        con.execute(f'CREATE DATABASE "{name}"')
    duck = open_store(str(tmp / "demo.duckdb"))
    pg = open_store(pg_server.rsplit("/", 1)[0] + "/" + name)
    for f in world.files:
        for s in (duck, pg):
            ingest_file(s, f)
    yield duck, pg
    duck.close()
    pg.close()
    with psycopg.connect(pg_server, autocommit=True) as con:
        con.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _norm(x: Any) -> Any:
    if isinstance(x, dict):
        return {k: _norm(v) for k, v in x.items() if k not in VOLATILE}
    if isinstance(x, list):
        return [_norm(v) for v in x]
    return x


def _diff(a: Any, b: Any, path: str = "$") -> str | None:
    """First difference between two JSON values (floats compared with a relative tolerance)."""
    if isinstance(a, float) or isinstance(b, float):
        both = isinstance(a, int | float) and isinstance(b, int | float)
        if both and (math.isclose(a, b, rel_tol=1e-6, abs_tol=1e-9) or (math.isnan(a) and math.isnan(b))):
            return None
        return f"{path}: {a!r} != {b!r}"
    if isinstance(a, dict) and isinstance(b, dict):
        if a.keys() != b.keys():
            return f"{path}: keys {sorted(a.keys() ^ b.keys())} differ"
        for k in a:
            d = _diff(a[k], b[k], f"{path}.{k}")
            if d:
                return d
        return None
    if isinstance(a, list) and isinstance(b, list):
        if len(a) != len(b):
            return f"{path}: {len(a)} items != {len(b)} items"
        for i, (x, y) in enumerate(zip(a, b, strict=True)):
            d = _diff(x, y, f"{path}[{i}]")
            if d:
                return d
        return None
    return None if a == b else f"{path}: {a!r} != {b!r}"


def test_demo_world_lands_identically(two_stores: tuple[Store, Store]) -> None:
    duck, pg = two_stores
    assert duck.counts() == pg.counts()
    assert duck.counts()["posts"] > 1000


@pytest.mark.parametrize("name", sorted(analyses()))
def test_same_result_on_postgres_and_duckdb(name: str, two_stores: tuple[Store, Store]) -> None:
    duck, pg = two_stores
    cls = analyses()[name]
    ra, rb = cls(**DEMO_PARAMS[name]).run(duck), cls(**DEMO_PARAMS[name]).run(pg)
    assert ra.rows and rb.rows, f"{name}: no rows on the demo world (an empty result proves nothing)"
    a = _norm(orjson.loads(dumps_json(ra.data)))
    b = _norm(orjson.loads(dumps_json(rb.data)))
    d = _diff(a, b)
    assert d is None, f"{name}: DuckDB and PostgreSQL disagree at {d}"
