"""Shared fixtures: stores on DuckDB and on a throwaway PostgreSQL cluster, and the real data folder."""

from __future__ import annotations

import glob
import os
import shutil
import socket
import subprocess
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from yuqing.store import Store, open_store

ROOT = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("YUQING_SHARED", ROOT.parent / "shared" / "data"))


def shared(rel: str) -> Path:
    """A real data file under ../shared/data; skips the test when the data set is absent."""
    p = SHARED / rel
    matches = sorted(glob.glob(str(p))) if any(c in rel for c in "*?[") else ([str(p)] if p.exists() else [])
    if not matches:
        pytest.skip(f"real data {rel} not available under {SHARED}")
    return Path(matches[0])


@pytest.fixture
def shared_data() -> Path:
    if not SHARED.exists():
        pytest.skip("../shared/data not available")
    return SHARED


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _pg_bin(name: str) -> str:
    found = sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"))
    if found:
        return found[-1]
    path = shutil.which(name)
    if path:
        return path
    pytest.fail(f"PostgreSQL's {name} not found: install the Debian package postgresql (make test does)")
    raise AssertionError


@pytest.fixture(scope="session")
def pg_server() -> Iterator[str]:
    """A throwaway PostgreSQL cluster on 127.0.0.1 (initdb + pg_ctl), for this test session only."""
    tmp = tempfile.mkdtemp(prefix="yuqing-pg-")
    data = os.path.join(tmp, "data")
    port = _free_port()
    as_root = os.geteuid() == 0
    prefix = ["runuser", "-u", "postgres", "--"] if as_root else []
    if as_root:
        shutil.chown(tmp, "postgres")
    subprocess.run(
        [*prefix, _pg_bin("initdb"), "-D", data, "-U", "postgres", "--auth=trust", "-E", "UTF8", "--no-locale"],
        check=True, capture_output=True,
    )
    log = os.path.join(tmp, "pg.log")
    subprocess.run(
        [*prefix, _pg_bin("pg_ctl"), "-D", data, "-l", log, "-w", "-t", "60", "start",
         "-o", f"-p {port} -h 127.0.0.1 -k {tmp} -c fsync=off -c synchronous_commit=off -c full_page_writes=off"],
        check=True, capture_output=True,
    )
    try:
        yield f"postgresql://postgres@127.0.0.1:{port}/postgres"
    finally:
        subprocess.run([*prefix, _pg_bin("pg_ctl"), "-D", data, "-m", "immediate", "stop"], capture_output=True)
        shutil.rmtree(tmp, ignore_errors=True)


_db_counter = [0]


@pytest.fixture
def pg_url(pg_server: str) -> Iterator[str]:
    """A fresh, empty database on the throwaway cluster."""
    import psycopg

    _db_counter[0] += 1
    name = f"yq_{os.getpid()}_{_db_counter[0]}_{int(time.time() * 1000) % 100000}"
    with psycopg.connect(pg_server, autocommit=True) as con:
        con.execute(f'CREATE DATABASE "{name}"')
    yield pg_server.rsplit("/", 1)[0] + "/" + name
    with psycopg.connect(pg_server, autocommit=True) as con:
        con.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture(params=["duckdb", "postgres"])
def any_store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Store]:
    """The same test on both backends."""
    if request.param == "duckdb":
        s = open_store(str(tmp_path / "t.duckdb"))
    else:
        s = open_store(request.getfixturevalue("pg_url"))
    try:
        yield s
    finally:
        s.close()


@pytest.fixture
def duck(tmp_path: Path) -> Iterator[Store]:
    s = open_store(str(tmp_path / "t.duckdb"))
    try:
        yield s
    finally:
        s.close()
