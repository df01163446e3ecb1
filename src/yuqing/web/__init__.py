"""The dashboard: a FastAPI app (:mod:`yuqing.web.app`) over the store, configured by :class:`WebConfig`."""

from __future__ import annotations

from yuqing.web._state import WebConfig

__all__ = ["WebConfig"]
