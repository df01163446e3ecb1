"""The analysis contract and registry: everything a consumer (CLI, report, dashboard, API, alerts) needs.

An analysis is one module holding one class. The class has a ``name``; keyword parameters stored by
``__init__`` unchanged (scikit-learn style; :meth:`Analysis.get_params` returns them); :meth:`Analysis.run`,
which reads the store and returns a :class:`Result`; and class attributes that tell consumers how to show it:

* ``title`` and ``order``: the report section's heading and its place in reading order;
* ``subject_params``: which :class:`~yuqing.analyses.Subject` field fills which constructor parameter
  (see :data:`~yuqing.analyses._subject.SUBJECT_FIELDS`), and ``required``: parameters without which the
  analysis means nothing (the report then says "not configured");
* :meth:`Analysis.findings`: plain sentences built only from the result's figures (a result whose shape does
  not fit raises; nothing falls back to a guess);
* :meth:`Analysis.signals`: dated detections (start, end, magnitude, evidence key) that incidents consume.

Built-ins and plugins register with :func:`register_analysis` (a plugin module is named by an entry point in
the group ``yuqing.analyses``). The contract suite (``tests/test_contract_analyses.py``) runs every registered
analysis on the demo store and on empty stores.
"""

from __future__ import annotations

import abc
import contextlib
import contextvars
import inspect
import types
import typing
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any, ClassVar

from yuqing.core import NotFoundError, UsageError, parse_day
from yuqing.store.base import Store


@dataclass
class Result:
    """What an analysis returns.

    ``data`` is the JSON document printed by ``--format json`` (stable, documented per analysis);
    ``rows`` the flat rows printed by ``--format table|csv``; ``evidence`` maps a figure's name to the
    record references behind it (see :func:`yuqing.core.ref`); ``chart`` an ECharts option (or None).
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


@dataclass(frozen=True)
class Finding:
    """One sentence quoting figures of a result; ``evidence`` is a key of ``Result.evidence`` (or None)."""

    text: str
    evidence: str | None = None


@dataclass(frozen=True)
class Detection:
    """A dated detection of an analysis: what incidents are assembled from.

    ``kind`` names what was detected (``burst``, ``silence``, ``follower_drop``, ...; each analysis documents
    its kinds and the unit of ``magnitude``); ``start``/``end`` are local days (inclusive); ``evidence`` is a
    key of the result's evidence, so the records behind the detection can be listed.
    """

    analysis: str
    kind: str
    start: date
    end: date
    magnitude: float
    label: str
    evidence: str | None = None

    def as_dict(self) -> dict[str, Any]:
        return {"analysis": self.analysis, "kind": self.kind, "start": self.start.isoformat(),
                "end": self.end.isoformat(), "magnitude": self.magnitude, "label": self.label,
                "evidence": self.evidence}


@dataclass(frozen=True)
class Param:
    """A constructor parameter as consumers see it (for ``yuqing run --param`` and the API)."""

    name: str
    annotation: str
    default: Any
    required: bool
    subject_field: str | None


class Analysis(abc.ABC):
    name: ClassVar[str]
    description: ClassVar[str] = ""
    title: ClassVar[str] = ""
    order: ClassVar[int] = 1000
    subject_params: ClassVar[Mapping[str, str]] = {}
    required: ClassVar[tuple[str, ...]] = ()

    def __init__(self, **params: Any) -> None:
        """Subclasses declare their parameters as keyword arguments and store each unchanged."""
        for k, v in params.items():
            setattr(self, k, v)

    def get_params(self) -> dict[str, Any]:
        sig = inspect.signature(type(self).__init__)
        return {p: getattr(self, p) for p in sig.parameters if p != "self"}

    @abc.abstractmethod
    def run(self, store: Store) -> Result: ...

    def findings(self, result: Result) -> list[Finding]:
        """Sentences for ``result``; this default states the row count and the figures with evidence."""
        out = [Finding(f"The analysis returned {len(result.rows)} rows.")]
        for key, refs in list(result.evidence.items())[:12]:
            out.append(Finding(f"{key}: {len(refs)} record(s) behind this figure.", key))
        return out

    def signals(self, result: Result) -> list[Detection]:
        """Dated detections in ``result`` (none by default)."""
        return []

    @classmethod
    def section_title(cls) -> str:
        return cls.title or cls.name.replace("_", " ").capitalize()

    @classmethod
    def parameters(cls) -> list[Param]:
        sig = inspect.signature(cls.__init__)
        hints = typing.get_type_hints(cls.__init__)
        out: list[Param] = []
        for name, p in sig.parameters.items():
            if name == "self" or p.kind in (p.VAR_POSITIONAL, p.VAR_KEYWORD):
                continue
            default = None if p.default is inspect.Parameter.empty else p.default
            req = p.default is inspect.Parameter.empty or name in cls.required
            ann = hints.get(name, Any)
            out.append(Param(name, _type_name(ann), default, req, cls.subject_params.get(name)))
        return out

    @classmethod
    def from_strings(cls, raw: Mapping[str, str]) -> Analysis:
        """An instance from ``name=value`` strings (``yuqing run``, the API), converted by the annotations."""
        hints = typing.get_type_hints(cls.__init__)
        known = {p.name for p in cls.parameters()}
        unknown = sorted(set(raw) - known)
        if unknown:
            raise UsageError(f"{cls.name}: unknown parameter(s) {', '.join(unknown)}; "
                             f"known: {', '.join(sorted(known))}")
        return cls(**{k: convert(v, hints.get(k, str), f"{cls.name}.{k}") for k, v in raw.items()})


def _type_name(ann: Any) -> str:
    if isinstance(ann, type) and typing.get_origin(ann) is None:
        return ann.__name__
    return str(ann).replace("typing.", "").replace("datetime.", "")


def _scalar(text: str, tp: Any, what: str) -> Any:
    if tp is str or tp is Any:
        return text
    try:
        if tp is bool:
            low = text.strip().lower()
            if low in ("1", "true", "yes", "on"):
                return True
            if low in ("0", "false", "no", "off"):
                return False
            raise ValueError(text)
        if tp is int:
            return int(text)
        if tp is float:
            return float(text)
        if tp is date:
            return parse_day(text, what)
        if tp is datetime:
            return datetime.fromisoformat(text)
    except ValueError as exc:
        raise UsageError(f"{what}: {text!r} is not a valid {_type_name(tp)}") from exc
    raise UsageError(f"{what}: a {_type_name(tp)} cannot be given as text")


def convert(text: str, ann: Any, what: str) -> Any:
    """Convert ``text`` to the annotated type: str, int, float, bool, date, datetime, tuple/list of str
    (comma-separated), optional forms of these; "none" or "" gives None where None is allowed."""
    origin = typing.get_origin(ann)
    args = typing.get_args(ann)
    if origin in (typing.Union, types.UnionType):
        if type(None) in args and text.strip().lower() in ("", "none"):
            return None
        errors: list[str] = []
        for a in (a for a in args if a is not type(None)):
            try:
                return convert(text, a, what)
            except UsageError as exc:
                errors.append(str(exc))
        raise UsageError(errors[0] if errors else f"{what}: {text!r} not accepted")
    if origin in (tuple, list):
        items = [t.strip() for t in text.split(",") if t.strip()]
        inner = args[0] if args else str
        if inner is Ellipsis or (origin is tuple and len(args) == 2 and args[1] is Ellipsis):
            inner = args[0]
        if typing.get_origin(inner) is not None and typing.get_origin(inner) is not typing.Union:
            raise UsageError(f"{what}: a {_type_name(ann)} cannot be given as text")
        vals = [convert(t, inner, what) for t in items]
        return tuple(vals) if origin is tuple else vals
    return _scalar(text, ann, what)


_REGISTRY: dict[str, type[Analysis]] = {}


def register_analysis(cls: type[Analysis]) -> type[Analysis]:
    if cls.name in _REGISTRY and _REGISTRY[cls.name] is not cls:
        raise ValueError(f"analysis {cls.name!r} registered twice")
    from yuqing.analyses._subject import SUBJECT_FIELDS

    bad = {p: f for p, f in cls.subject_params.items() if f not in SUBJECT_FIELDS}
    if bad:
        raise ValueError(f"analysis {cls.name!r}: unknown subject field(s) {bad}; known: {sorted(SUBJECT_FIELDS)}")
    _REGISTRY[cls.name] = cls
    return cls


def analyses() -> dict[str, type[Analysis]]:
    """Every registered analysis (built-ins and entry-point plugins), by name."""
    from yuqing.core.plugins import load_all

    load_all("analyses")
    return dict(sorted(_REGISTRY.items()))


def ordered() -> list[type[Analysis]]:
    """Every registered analysis in reading order (``order``, then name)."""
    return sorted(analyses().values(), key=lambda c: (c.order, c.name))


def get_analysis(name: str) -> type[Analysis]:
    regs = analyses()
    if name not in regs:
        import difflib

        raise NotFoundError("analysis", name, difflib.get_close_matches(name, list(regs), n=5, cutoff=0.3))
    return regs[name]


# -- one run per analysis and parameters within a report -----------------------------------------------------
_RUNS: contextvars.ContextVar[dict[tuple[Any, ...], Result] | None] = contextvars.ContextVar("yuqing_runs",
                                                                                           default=None)


@contextlib.contextmanager
def shared_runs() -> Iterator[None]:
    """Within the block, :func:`run` computes each analysis once per store and parameters (a report's sections
    and its incidents section, which runs the same analyses, share the results)."""
    token = _RUNS.set({})
    try:
        yield
    finally:
        _RUNS.reset(token)


def run(analysis: Analysis, store: Store) -> Result:
    """``analysis.run(store)``, or the result already computed for the same analysis, parameters and store inside
    :func:`shared_runs`. Results are shared, not copied: consumers must not change them."""
    cache = _RUNS.get()
    if cache is None:
        return analysis.run(store)
    key = (type(analysis), id(store), repr(sorted(analysis.get_params().items())))
    if key not in cache:
        cache[key] = analysis.run(store)
    return cache[key]
