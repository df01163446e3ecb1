"""``bench/incidents.py`` keeps running (a small store; the figures themselves are timings and not checked)."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_incidents_bench_runs_and_prints_its_ratio() -> None:
    out = subprocess.run([sys.executable, str(ROOT / "bench" / "incidents.py"), "--rows", "2000", "--repeat", "1"],
                         capture_output=True, text=True, check=True, timeout=600).stdout
    assert re.search(r"^store: [\d,]+ posts \(demo world \+ 2,000 background\)", out, re.M), out
    assert re.search(r"^incidents \(median\): [\d.]+ CPU-s, 9 incidents$", out, re.M), out
    ratio = re.search(r"^ratio incidents / analyses: ([\d.]+)$", out, re.M)
    assert ratio and float(ratio.group(1)) > 0, out
