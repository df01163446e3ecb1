"""The situation report: one section per registered analysis, a sentence per finding, evidence appendix.

``build_report`` runs the analyses for a :class:`~yuqing.reports._plan.Subject` and a date range;
``render_html`` renders it with Jinja2 (autoescape on; post text is hostile input) and the vendored ECharts
inlined, so the file opens offline; ``write_pdf`` prints that HTML with headless Chromium (charts are SVG, so
they print as vector images). ``write_report`` does all three and is what ``yuqing report`` and the demo call.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from jinja2 import Environment, PackageLoader, select_autoescape
from markupsafe import Markup

from yuqing.analyses import Finding, Subject
from yuqing.reports._coverage import data_coverage
from yuqing.reports._evidence import EvidenceRecord, resolve_refs
from yuqing.reports._plan import Section, run_sections
from yuqing.reports.charts import display_option, echarts_div, echarts_js
from yuqing.store.base import Store

MAX_ROWS = 15
MAX_RECORDS = 25


@dataclass
class FindingView:
    finding: Finding
    anchor: str | None
    n_records: int


@dataclass
class SectionView:
    section: Section
    findings: list[FindingView] = field(default_factory=list)
    columns: list[str] = field(default_factory=list)
    rows: list[list[str]] = field(default_factory=list)
    n_rows: int = 0

    @property
    def chart(self) -> dict[str, Any] | None:
        res = self.section.result
        if res is None or res.chart is None or self.section.status != "ok":
            return None
        return display_option(res.chart)


@dataclass
class AppendixItem:
    anchor: str
    title: str
    records: list[EvidenceRecord]
    total: int


@dataclass
class Report:
    subject: Subject
    since: date | None
    until: date | None
    generated_at: datetime
    store_url: str
    sections: list[SectionView]
    appendix: list[AppendixItem]
    coverage: list[dict[str, Any]] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        """The report as JSON-able data (what ``yuqing report -f json`` prints)."""
        return {
            "entity": self.subject.entity,
            "since": self.since, "until": self.until,
            "generated_at": self.generated_at,
            "coverage": self.coverage,
            "sections": [
                {
                    "analysis": sv.section.name, "title": sv.section.title, "status": sv.section.status,
                    "reason": sv.section.reason,
                    "findings": [{"text": f.finding.text, "evidence": f.finding.evidence, "records": f.n_records}
                                 for f in sv.findings],
                }
                for sv in self.sections
            ],
        }


def _anchor(*parts: str) -> str:
    return "ev-" + re.sub(r"[^A-Za-z0-9_-]+", "-", "-".join(parts)).strip("-")


def _cell(v: Any) -> str:
    if v is None:
        return ""
    if isinstance(v, float):
        return f"{v:.4g}"
    return str(v)


def build_report(
    store: Store,
    subject: Subject | str,
    since: date | None = None,
    until: date | None = None,
    names: list[str] | None = None,
    overrides: dict[str, dict[str, Any]] | None = None,
    max_records: int = MAX_RECORDS,
) -> Report:
    subj = Subject(subject) if isinstance(subject, str) else subject
    sections = run_sections(store, subj, since, until, names, overrides)
    views: list[SectionView] = []
    appendix: list[AppendixItem] = []
    for sec in sections:
        sv = SectionView(sec)
        res = sec.result
        if res is not None and sec.status == "ok":
            for i, f in enumerate(sec.findings):
                refs = res.evidence.get(f.evidence, []) if f.evidence else []
                anchor = _anchor(sec.name, str(i)) if refs else None
                sv.findings.append(FindingView(f, anchor, len(refs)))
                if anchor:
                    appendix.append(AppendixItem(anchor, f"{sec.title}: {f.evidence}",
                                                 resolve_refs(store, refs[:max_records]), len(refs)))
            cols: list[str] = []
            for r in res.rows:
                cols += [c for c in r if c not in cols]
            sv.columns = cols
            sv.rows = [[_cell(r.get(c)) for c in cols] for r in res.rows[:MAX_ROWS]]
            sv.n_rows = len(res.rows)
        views.append(sv)
    return Report(subj, since, until, datetime.now(UTC).replace(tzinfo=None, microsecond=0), store.url,
                  views, appendix, data_coverage(store))


def environment() -> Environment:
    """The Jinja2 environment of the report templates (autoescape on for every template)."""
    env = Environment(loader=PackageLoader("yuqing.reports", "templates"),
                      autoescape=select_autoescape(default=True, default_for_string=True))
    env.globals["chart_div"] = lambda option, cid, height=380: Markup(echarts_div(option, cid, height))
    return env


def render_html(report: Report, echarts_inline: bool = True) -> str:
    tpl = environment().get_template("report.html.j2")
    return tpl.render(report=report, echarts=Markup(echarts_js()) if echarts_inline else None)


def write_pdf(html_path: str | Path, pdf_path: str | Path, chromium: str = "/usr/bin/chromium") -> Path:
    """Print an HTML file to PDF with headless Chromium (via Playwright; nothing is downloaded)."""
    from playwright.sync_api import sync_playwright

    from yuqing.core import UsageError

    if not Path(chromium).exists():
        raise UsageError(f"--pdf needs Chromium at {chromium} (apt-get install -y chromium)")
    args = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
            "--disable-component-update", "--disable-sync"]
    out = Path(pdf_path)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium, args=args)
        try:
            page = browser.new_page()
            page.goto(Path(html_path).resolve().as_uri())
            page.wait_for_function(
                "Array.from(document.querySelectorAll('.yq-chart')).every(e => e.dataset.rendered === '1')",
                timeout=30000)
            page.emulate_media(media="print")
            page.pdf(path=str(out), format="A4", print_background=True,
                     margin={"top": "12mm", "bottom": "12mm", "left": "10mm", "right": "10mm"})
        finally:
            browser.close()
    return out


def write_report(
    store: Store,
    entity: str | Subject,
    since: date | None,
    until: date | None,
    out_html: str | Path,
    pdf: str | Path | None = None,
    *,
    subject: Subject | None = None,
    names: list[str] | None = None,
    overrides: dict[str, dict[str, Any]] | None = None,
) -> Report:
    """Build the report for ``entity`` (or the fuller ``subject``), write ``out_html`` and, if asked, ``pdf``."""
    subj = subject or (entity if isinstance(entity, Subject) else Subject(entity))
    report = build_report(store, subj, since, until, names, overrides)
    out = Path(out_html)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(render_html(report), encoding="utf-8")
    if pdf is not None:
        write_pdf(out, pdf)
    return report
