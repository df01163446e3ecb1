"""Analyses: one module per analysis, registered by name. See :mod:`yuqing.analyses._registry`.

Besides the analysis contract, the registry and the report subject (with its keyword groups and the stored
subjects: ``load_subjects`` reads a subjects file, ``save_subjects``/``get_subject``/``list_subjects``/
``delete_subject`` keep them in the table ``subjects``), the package exports what the CLI, the dashboard and the demo use from the
coordination and timeline internals (signals, stored clusters, timeline chart helpers).
"""

from __future__ import annotations

from yuqing.analyses._coord._persist import load_cluster, save_run
from yuqing.analyses._coord._signals import CoLink, CoShare, Signal, SimilarText, SyncTiming
from yuqing.analyses._registry import (
    Analysis,
    Detection,
    Finding,
    Param,
    Result,
    analyses,
    convert,
    get_analysis,
    ordered,
    register_analysis,
    run,
    shared_runs,
)
from yuqing.analyses._subject import SUBJECT_FIELDS, KeywordGroup, Subject, plan
from yuqing.analyses._subject_file import load_subjects
from yuqing.analyses._subject_store import (
    delete_subject,
    get_subject,
    list_subjects,
    save_subjects,
    subject_times,
)
from yuqing.analyses._timeline_render import chart_day as timeline_day
from yuqing.analyses._timeline_render import label as timeline_label
from yuqing.core import creator_hash, ref

__all__ = [
    "SUBJECT_FIELDS",
    "Analysis",
    "CoLink",
    "CoShare",
    "Detection",
    "Finding",
    "KeywordGroup",
    "Param",
    "Result",
    "Signal",
    "SimilarText",
    "Subject",
    "SyncTiming",
    "analyses",
    "convert",
    "creator_hash",
    "delete_subject",
    "get_analysis",
    "get_subject",
    "list_subjects",
    "load_cluster",
    "load_subjects",
    "ordered",
    "plan",
    "ref",
    "register_analysis",
    "run",
    "save_run",
    "save_subjects",
    "shared_runs",
    "subject_times",
    "timeline_day",
    "timeline_label",
]
