"""Core CLI behaviour: status/quarantine JSON, stdin ingest, exit codes, the DuckDB lock message, demo."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner, Result

from yuqing.cli import get_app
from yuqing.core import StoreLockedError
from yuqing.store import open_store

runner = CliRunner()

CSV = "Date,Open,High,Low,Close,Volume\n2025-01-02,1,2,0.5,1.5,100\n2025-01-03,1,2,0.5,oops,100\n2025-01-06,1,2,0.5,1.7,100\n"


def _invoke(*args: str, input: str | None = None) -> Result:
    return runner.invoke(get_app(), list(args), input=input)


def test_ingest_status_and_quarantine_json(tmp_path: Path) -> None:
    db = str(tmp_path / "s.duckdb")
    f = tmp_path / "TEST.HK_prices.csv"
    f.write_text(CSV)
    r = _invoke("--db", db, "ingest", str(f), "-f", "json")
    assert r.exit_code == 0, r.output
    out = json.loads(r.stdout)
    assert out["total"] == {"read": 3, "stored": 2, "duplicate": 0, "quarantined": 1}
    r = _invoke("--db", db, "status", "-f", "json")
    st = json.loads(r.stdout)
    assert st["backend"] == "duckdb" and st["tables"]["prices"] == 2 and st["tables"]["quarantine"] == 1
    r = _invoke("--db", db, "quarantine", "-f", "json")
    q = json.loads(r.stdout)
    assert q[0]["src_line"] == 3 and "oops" in q[0]["raw"] and "Close" in q[0]["reason"]
    assert q[0]["src_file"] == str(f)


def test_ingest_stdin_needs_format_and_works_with_it(tmp_path: Path) -> None:
    db = str(tmp_path / "s.duckdb")
    r = _invoke("--db", db, "ingest", "-", input=CSV)
    assert r.exit_code == 2 and "needs --format" in r.output
    r = _invoke("--db", db, "ingest", "-", "--format", "yahoo_csv", "-o", "symbol=TEST.HK", "-f", "json", input=CSV)
    assert r.exit_code == 0, r.output
    assert json.loads(r.stdout)["total"]["stored"] == 2


def test_exit_codes_unknown_format_and_nothing_read(tmp_path: Path) -> None:
    db = str(tmp_path / "s.duckdb")
    junk = tmp_path / "junk.bin"
    junk.write_bytes(b"\x00\x01\x02")
    r = subprocess.run([sys.executable, "-m", "yuqing", "--db", db, "ingest", str(junk)],
                       capture_output=True, text=True)
    assert r.returncode == 2 and "cannot tell the format" in r.stderr and "Traceback" not in r.stderr
    empty = tmp_path / "X.HK_empty.csv"
    empty.write_text("Date,Open,High,Low,Close,Volume\n")
    r = subprocess.run([sys.executable, "-m", "yuqing", "--db", db, "ingest", str(empty), "--format", "yahoo_csv"],
                       capture_output=True, text=True)
    assert r.returncode == 1 and "nothing could be read" in r.stderr


def test_locked_duckdb_file_is_explained(tmp_path: Path) -> None:
    db = tmp_path / "locked.duckdb"
    open_store(str(db)).close()
    holder = subprocess.Popen(
        [sys.executable, "-c", textwrap.dedent(f"""
            import duckdb, sys, time
            con = duckdb.connect({str(db)!r})
            print("ready", flush=True)
            time.sleep(3600)  # until killed: a loaded machine may take long to start the CLI
        """)],
        stdout=subprocess.PIPE, text=True,
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "ready"
        with pytest.raises(StoreLockedError) as e:
            open_store(str(db))
        msg = str(e.value)
        assert f"PID {holder.pid}" in msg or str(holder.pid) in msg
        assert "one writing process" in msg and "PostgreSQL" in msg
        r = subprocess.run([sys.executable, "-m", "yuqing", "--db", str(db), "status"], capture_output=True, text=True)
        assert r.returncode == 3 and "locked" in r.stderr
    finally:
        holder.kill()
        holder.wait()
    time.sleep(0.1)
    open_store(str(db)).close()  # free again


def test_demo_builds_a_store_and_refuses_non_demo_stores(tmp_path: Path) -> None:
    db = str(tmp_path / "demo.duckdb")
    r = _invoke("--db", db, "demo", "--out", str(tmp_path / "demo"), "-f", "json")
    assert r.exit_code == 0, r.output
    summary = json.loads(r.stdout.strip().split("\n", 1)[-1] if not r.stdout.startswith("{") else r.stdout)
    assert summary["synthetic"] is True and summary["tables"]["posts"] > 5000
    assert all(i["quarantined"] == 0 for i in summary["imports"])
    # the main job ran every step, and what it found matches what the simulator planted
    steps = {s["step"]: s for s in summary["steps"]}
    assert list(steps) == ["subject", "sentiment", "coordination", "news", "charts", "report"]
    assert steps["subject"]["subjects"] == {"周明": "added"}
    assert steps["sentiment"]["scored"]["zh-polarity"] == summary["tables"]["posts"]
    assert steps["news"]["articles"] == 4 and steps["news"]["quotes"] > 0
    report = Path(steps["report"]["report"])
    assert report.is_file() and "周明" in report.read_text(encoding="utf-8")
    assert steps["report"]["sections"].get("error", 0) == 0
    ring = set(summary["planted"]["campaign_accounts"])
    s = open_store(db, read_only=True)
    found = {r[0] for r in s.fetchall("SELECT DISTINCT account_id FROM coordination_accounts")}
    s.close()
    assert found and found <= ring, f"organic accounts flagged: {sorted(found - ring)[:5]}"
    assert len(found) >= 0.9 * len(ring)
    other = str(tmp_path / "real.duckdb")
    f = tmp_path / "TEST.HK_prices.csv"
    f.write_text(CSV)
    assert _invoke("--db", other, "ingest", str(f)).exit_code == 0
    r = _invoke("--db", other, "demo", "--out", str(tmp_path / "d2"))
    assert r.exit_code != 0 and "non-demo" in r.output


def test_ingest_folder_takes_known_files_and_lists_the_rest(tmp_path: Path) -> None:
    db = str(tmp_path / "s.duckdb")
    folder = tmp_path / "export"
    (folder / "sub").mkdir(parents=True)
    (folder / "sub" / "TEST.HK_prices.csv").write_text(CSV)
    (folder / "notes.bin").write_bytes(b"\x00\x01 not a known format")
    (folder / ".hidden.csv").write_text(CSV)
    r = _invoke("--db", db, "ingest", str(folder), "-f", "json")
    assert r.exit_code == 0, r.output
    out = json.loads(r.stdout.split("\nskipped")[0])
    assert [Path(f["path"]).name for f in out["files"]] == ["TEST.HK_prices.csv"]
    assert [Path(p).name for p in out["skipped"]] == ["notes.bin"]
    assert out["total"]["stored"] == 2
    # a file named explicitly that no importer knows is an error (exit 2), not a silent skip
    r = _invoke("--db", db, "ingest", str(folder / "notes.bin"))
    assert r.exit_code == 2
