"""Plugin discovery: built-in modules and third-party entry points use the same hooks.

Built-ins live as modules of a package (``yuqing.sources``, ``yuqing.analyses``, ``yuqing.cli``); a
module whose name starts with ``_`` is private and skipped. Third parties publish an entry point in the
group ``yuqing.<kind>`` that points at a module; importing it registers its components with the same
decorators the built-ins use.
"""

from __future__ import annotations

import importlib
import pkgutil
from importlib.metadata import entry_points
from types import ModuleType

__all__ = ["load_all", "load_builtin", "load_entry_points"]

_loaded: set[str] = set()


def load_builtin(package: str) -> list[ModuleType]:
    pkg = importlib.import_module(package)
    mods = []
    for info in sorted(pkgutil.iter_modules(pkg.__path__), key=lambda i: i.name):
        if info.name.startswith("_"):
            continue
        mods.append(importlib.import_module(f"{package}.{info.name}"))
    return mods


def load_entry_points(group: str) -> list[ModuleType]:
    mods = []
    for ep in entry_points(group=group):
        mods.append(ep.load())
    return mods


def load_all(kind: str) -> None:
    """Import built-ins of ``yuqing.<kind>`` and entry points of group ``yuqing.<kind>`` once."""
    if kind in _loaded:
        return
    _loaded.add(kind)
    load_builtin(f"yuqing.{kind}")
    load_entry_points("yuqing.tables" if kind == "store.extra" else f"yuqing.{kind}")
