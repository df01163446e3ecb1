"""Each package's public API is pinned: ``__all__`` equals the list below, every name in it imports, and
nothing private is exported (the model is httpx's ``tests/test_exported_members.py``).

Changing a package's exports is a deliberate act: update the list here in the same change. Other packages
import only these names (or public modules); ``lint-imports`` enforces that and the layering.
"""

from __future__ import annotations

import importlib
import pkgutil
import subprocess
import sys
from pathlib import Path

import grimp
import pytest

import yuqing
from tests._import_contracts import illegal_imports

ROOT = Path(__file__).resolve().parents[1]

EXPECTED: dict[str, list[str]] = {
    "yuqing": ["InputError", "NotFoundError", "StoreError", "StoreLockedError", "YuqingError", "__version__", "open_store"],
    "yuqing.alerts": ["RULE_TYPES", "Alert", "Rule", "RuleSet", "check_rules", "evaluate", "fired", "load_rules"],
    "yuqing.analyses": [
        "SUBJECT_FIELDS", "Analysis", "CoLink", "CoShare", "Detection", "Finding", "KeywordGroup", "Param", "Result",
        "Signal", "SimilarText", "Subject", "SyncTiming", "analyses", "convert", "creator_hash", "delete_subject",
        "get_analysis", "get_subject", "list_subjects", "load_cluster", "load_subjects", "ordered", "plan", "ref",
        "register_analysis", "run", "save_run", "save_subjects", "shared_runs", "subject_times", "timeline_day",
        "timeline_label",
    ],
    "yuqing.cli": ["app", "main"],
    "yuqing.core": [
        "AccountRef", "InputError", "NotFoundError", "Queryable", "StoreError", "StoreLockedError", "UnknownFormatError",
        "UsageError", "YuqingError", "creator_hash", "parse_day", "ref", "ref_table", "resolve_account", "split_ref", "utc_bounds",
    ],
    "yuqing.core.errors": [
        "InputError", "NotFoundError", "StoreError", "StoreLockedError", "UnknownFormatError", "UsageError", "YuqingError",
    ],
    "yuqing.core.plugins": ["load_all", "load_builtin", "load_entry_points"],
    "yuqing.demo": ["DemoWorld", "simulate"],
    "yuqing.nlp": [],
    "yuqing.nlp.extract": ["DEFAULT_KNOWN", "EntityIndex", "Quote", "entity_index", "extract_quotes"],
    "yuqing.nlp.provenance": [
        "VERDICTS", "Alignment", "CachedEmbedder", "Candidate", "Change", "E5Embedder", "Embedder", "Hit", "QuoteIndex",
        "QuoteTracer", "Statement", "Trace", "USEEmbedder", "VerdictParams", "align", "get_embedder", "load_archive",
        "quotes_in_text",
    ],
    "yuqing.nlp.sentiment": [
        "ACCURATE_EMBED_WEIGHT", "MODELS_DIR", "TASKS", "PostScorer", "classify", "evaluate_task", "get_task",
        "load_model", "model_path", "polarity_value", "route", "scores_to_records", "stance_text", "strip_emoticons",
        "train_task",
    ],
    "yuqing.reports": [
        "EvidenceRecord", "Report", "Section", "build_report", "data_coverage", "render_html", "resolve_refs", "run_section",
        "run_sections", "split_ref", "write_pdf", "write_report",
    ],
    "yuqing.sources": [
        "Block", "ImportReport", "Importer", "Rec", "Reject", "detect_format", "get_importer", "importers",
        "ingest_file", "register_importer",
    ],
    "yuqing.store": ["DEFAULT_DB", "TABLES", "Column", "Store", "Table", "default_url", "open_store", "register_table"],
    "yuqing.store.extra": [],
    "yuqing.web": ["WebConfig"],
}


def _public_packages() -> list[str]:
    found = ["yuqing"] + [
        m.name for m in pkgutil.walk_packages(yuqing.__path__, "yuqing.")
        if m.ispkg and not any(part.startswith("_") for part in m.name.split("."))
    ]
    return sorted(found)


def test_every_public_package_is_pinned() -> None:
    assert sorted(set(_public_packages()) - set(EXPECTED)) == []


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_exported_members(name: str) -> None:
    mod = importlib.import_module(name)
    exported = getattr(mod, "__all__", None)
    assert exported is not None, f"{name} has no __all__"
    assert sorted(exported) == sorted(EXPECTED[name])
    assert len(set(exported)) == len(exported), f"{name}.__all__ lists a name twice"
    for member in exported:
        assert hasattr(mod, member), f"{name}.__all__ lists {member!r}, which it does not define"
        assert not (member.startswith("_") and not member.startswith("__")), f"{name} exports private {member!r}"


def test_star_import_gives_exactly_all() -> None:
    for name, names in EXPECTED.items():
        ns: dict[str, object] = {}
        exec(f"from {name} import *", ns)
        assert sorted(k for k in ns if k != "__builtins__") == sorted(names), name


def test_py_typed_marker() -> None:
    assert (Path(yuqing.__file__).parent / "py.typed").is_file()


def test_package_private_contract_flags_outside_imports() -> None:
    graph = grimp.build_graph("yuqing", cache_dir=None)
    assert illegal_imports(graph, "yuqing.analyses") == []
    graph.add_import(importer="yuqing.cli.report", imported="yuqing.analyses._coord._persist", line_number=1,
                     line_contents="from yuqing.analyses._coord._persist import save_run")
    graph.add_import(importer="yuqing.analyses.mood", imported="yuqing.analyses._coord._persist", line_number=1,
                     line_contents="from yuqing.analyses._coord._persist import save_run")
    got = illegal_imports(graph, "yuqing.analyses")
    assert [(a, b) for a, b, _ in got] == [("yuqing.cli.report", "yuqing.analyses._coord._persist")]


def test_lint_imports_contracts_kept() -> None:
    exe = Path(sys.executable).with_name("lint-imports")
    assert exe.exists(), "lint-imports (import-linter, a dev dependency) is not installed: run make setup"
    r = subprocess.run([str(exe), "--no-cache"], cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert r.returncode == 0, r.stdout[-4000:] + r.stderr[-2000:]
