"""Importers, one module per format, and the ingest pipeline.

Public API: :func:`ingest_file`, :func:`detect_format`, :class:`ImportReport`, :class:`Importer`,
:class:`Rec`, :class:`Reject`, :class:`Block`, :func:`register_importer`, :func:`importers`.
"""

from __future__ import annotations

from yuqing.sources._base import Block, Importer, Rec, Reject, get_importer, importers, register_importer
from yuqing.sources._ingest import ImportReport, detect_format, ingest_file

__all__ = [
    "Block",
    "ImportReport",
    "Importer",
    "Rec",
    "Reject",
    "detect_format",
    "get_importer",
    "importers",
    "ingest_file",
    "register_importer",
]
