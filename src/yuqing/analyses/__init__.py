"""Analyses: one module per analysis, registered by name. See :mod:`yuqing.analyses._registry`."""

from __future__ import annotations

from yuqing.analyses._registry import Analysis, Result, analyses, get_analysis, ref, register_analysis

__all__ = ["Analysis", "Result", "analyses", "get_analysis", "ref", "register_analysis"]
