"""The demo's main job: ingest the simulated files, run every analysis step that exists, write the report."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from yuqing.cli._output import console
from yuqing.demo.simulate import DemoWorld
from yuqing.sources import ingest_file
from yuqing.store.base import Store


def run_demo(store: Store, world: DemoWorld, out: Path) -> dict[str, Any]:
    imports = []
    for f in world.files:
        rep = ingest_file(store, f)
        imports.append(rep.as_dict())
        console.print(f"ingested {f.name}: read {rep.read:,}, stored {rep.stored:,}, quarantined {rep.quarantined}")
    steps: list[dict[str, Any]] = []
    return {
        "synthetic": True,
        "planted": world.planted,
        "imports": [{k: i[k] for k in ("path", "read", "stored", "duplicate", "quarantined")} for i in imports],
        "steps": steps,
        "tables": store.counts(),
        "next": [
            "This store holds SYNTHETIC data about a fictional company; try:",
            f"  yuqing --db {store.url} status",
        ],
    }
