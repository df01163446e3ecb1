"""A plain ``pytest`` (no ``python -m``, which would put the working directory on sys.path) collects every test."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_plain_pytest_collects_every_file() -> None:
    # -P: do not prepend the working directory to sys.path, as the `pytest` console script does not
    r = subprocess.run([sys.executable, "-P", "-m", "pytest", "--collect-only", "-q", "-p", "no:cacheprovider",
                        "tests"], cwd=ROOT, capture_output=True, text=True, timeout=600)
    assert r.returncode == 0, r.stdout[-3000:] + r.stderr[-3000:]
    assert "error" not in r.stdout.splitlines()[-1].lower(), r.stdout[-2000:]
