"""Which analyses a report shows, and with which parameters: all of it comes from the analysis registry.

A report is about a :class:`~yuqing.analyses.Subject`. Every registered analysis becomes a section, in the
analyses' reading order (``order``), titled by its ``title``; its parameters are filled from the subject as the
analysis declares (``subject_params``). A section whose required parameter is unknown says so ("not configured");
one whose analysis raises a clear error or returns nothing says "no data" with the reason. Nothing is guessed.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from yuqing.analyses import Analysis, Finding, Result, Subject, get_analysis, ordered, plan, run, shared_runs
from yuqing.core import YuqingError
from yuqing.store.base import Store

log = logging.getLogger(__name__)


@dataclass
class Section:
    name: str
    title: str
    description: str
    status: str  # ok | no_data | not_configured | error
    reason: str = ""
    params: dict[str, Any] = field(default_factory=dict)
    result: Result | None = None
    analysis: Analysis | None = None
    findings: list[Finding] = field(default_factory=list)


def ordered_names(names: list[str] | None = None) -> list[str]:
    regs = [c.name for c in ordered()]
    if names is None:
        return regs
    wanted = {get_analysis(n).name for n in names}  # an unknown name is a clear error with suggestions
    return [n for n in regs if n in wanted]


def run_section(
    store: Store,
    name: str,
    subject: Subject,
    since: date | None,
    until: date | None,
    overrides: dict[str, Any] | None = None,
) -> Section:
    cls = get_analysis(name)
    sec = Section(name, cls.section_title(), cls.description, "ok")
    params, why = plan(cls, subject, since, until, store, overrides)
    if params is None:
        sec.status, sec.reason = "not_configured", why
        return sec
    sec.params = params
    try:
        sec.analysis = cls(**params)
        res = run(sec.analysis, store)
        sec.findings = sec.analysis.findings(res) if not res.empty else []
    except YuqingError as exc:
        sec.status, sec.reason = "no_data", str(exc)
        return sec
    except Exception as exc:  # an analysis bug must not take the whole report down; it is shown as an error
        log.exception("analysis %s failed", name)
        sec.status, sec.reason = "error", f"{type(exc).__name__}: {exc}"
        return sec
    sec.result = res
    if res.empty:
        sec.status, sec.reason = "no_data", "no records in the range"
    return sec


def run_sections(
    store: Store,
    subject: Subject,
    since: date | None,
    until: date | None,
    names: list[str] | None = None,
    overrides: dict[str, dict[str, Any]] | None = None,
) -> list[Section]:
    """Run every (or the named) registered analysis for the subject and range, in reading order; an analysis that
    another section already ran with the same parameters (the incidents section runs them all) runs once."""
    with shared_runs():
        return [run_section(store, n, subject, since, until, (overrides or {}).get(n)) for n in ordered_names(names)]
