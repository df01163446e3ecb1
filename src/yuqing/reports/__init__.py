"""Reports: the situation report (HTML with inline ECharts, PDF via headless Chromium) and chart helpers."""

from __future__ import annotations

from yuqing.reports._coverage import data_coverage
from yuqing.reports._evidence import EvidenceRecord, resolve_refs, split_ref
from yuqing.reports._plan import Section, run_section, run_sections
from yuqing.reports.report import Report, build_report, render_html, write_pdf, write_report

__all__ = [
    "EvidenceRecord", "Report", "Section", "build_report", "data_coverage", "render_html",
    "resolve_refs", "run_section", "run_sections", "split_ref", "write_pdf", "write_report",
]
