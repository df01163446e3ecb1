"""Every analysis and every report section gives the same figures as before the architecture change.

The digests in ``tests/data/behaviour_snapshot.json`` were taken from the code before it (see
``tests/_snapshot.py`` for what runs and how to regenerate after an intended change).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import orjson
import pytest

from tests._snapshot import GOLDEN, SHARED, snapshot


def _flat(d: dict[str, Any], prefix: str = "") -> dict[str, Any]:
    out: dict[str, Any] = {}
    for k, v in d.items():
        if isinstance(v, dict) and "sha" not in v:
            out.update(_flat(v, f"{prefix}{k}/"))
        else:
            out[f"{prefix}{k}"] = v
    return out


@pytest.mark.xdist_group("snapshot")
def test_every_analysis_and_report_section_is_unchanged(tmp_path: Path) -> None:
    golden = orjson.loads(GOLDEN.read_bytes())
    got, _ = snapshot(tmp_path)
    if "real" not in got:
        pytest.fail(f"the real data under {SHARED} is needed for the comparison")
    want, have = _flat(golden), _flat(got)
    # an analysis added later has no digest from before: it is not compared (its own tests cover it)
    assert not set(want) - set(have), f"parts that no longer exist: {sorted(set(want) - set(have))}"
    changed = {k: (want[k], have[k]) for k in want if want[k] != have[k]}
    assert not changed, "changed (run `python -m tests._snapshot --dump DIR` on both versions to diff):\n" + \
        "\n".join(f"{k}: {a} -> {b}" for k, (a, b) in changed.items())
