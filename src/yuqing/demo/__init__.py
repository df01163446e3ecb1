"""The demo: a seeded, SYNTHETIC world (fictional entities) ingested through the normal importers."""

from __future__ import annotations

from yuqing.demo.simulate import DemoWorld, simulate

__all__ = ["DemoWorld", "simulate"]
