"""The analysis registry: small objects whose constructor only stores parameters.

An analysis is a class with a ``name``, keyword-only parameters stored by ``__init__`` unchanged
(scikit-learn style; :meth:`Analysis.get_params` returns them), and :meth:`Analysis.run` which reads the store
through Ibis and returns a :class:`Result`. Built-ins and plugins register with :func:`register_analysis`.
A contract test runs every registered analysis on an empty store and on the demo store.
"""

from __future__ import annotations

import abc
import inspect
from dataclasses import dataclass, field
from typing import Any, ClassVar

from yuqing.errors import NotFoundError
from yuqing.store.base import Store


@dataclass
class Result:
    """What an analysis returns.

    ``data`` is the JSON document printed by ``--format json`` (stable, documented per analysis);
    ``rows`` the flat rows printed by ``--format table|csv``; ``evidence`` maps a figure's name to the
    record references behind it (see :func:`ref`); ``chart`` an ECharts option (or None).
    """

    analysis: str
    params: dict[str, Any]
    data: dict[str, Any]
    rows: list[dict[str, Any]] = field(default_factory=list)
    evidence: dict[str, list[str]] = field(default_factory=dict)
    chart: dict[str, Any] | None = None

    @property
    def empty(self) -> bool:
        return not self.rows


class Analysis(abc.ABC):
    name: ClassVar[str]
    description: ClassVar[str] = ""

    def get_params(self) -> dict[str, Any]:
        sig = inspect.signature(type(self).__init__)
        return {p: getattr(self, p) for p in sig.parameters if p != "self"}

    @abc.abstractmethod
    def run(self, store: Store) -> Result: ...

    @classmethod
    def contract_params(cls) -> dict[str, Any]:
        """Parameters for the contract test on the demo store (override when some are required)."""
        return {}


_REGISTRY: dict[str, type[Analysis]] = {}


def register_analysis(cls: type[Analysis]) -> type[Analysis]:
    if cls.name in _REGISTRY and _REGISTRY[cls.name] is not cls:
        raise ValueError(f"analysis {cls.name!r} registered twice")
    _REGISTRY[cls.name] = cls
    return cls


def analyses() -> dict[str, type[Analysis]]:
    from yuqing._plugins import load_all

    load_all("analyses")
    return dict(sorted(_REGISTRY.items()))


def get_analysis(name: str) -> type[Analysis]:
    regs = analyses()
    if name not in regs:
        import difflib

        raise NotFoundError("analysis", name, difflib.get_close_matches(name, list(regs), n=5, cutoff=0.3))
    return regs[name]


def ref(table: str, *key: Any) -> str:
    """A record reference, e.g. ``posts/weibo/5017599890950579`` (table, then the key values)."""
    return "/".join([table, *(str(k) for k in key)])
