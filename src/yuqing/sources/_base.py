"""What an importer is: a small object that turns one file into records or rejects.

An importer never writes to the store itself. It yields :class:`Rec` (a row for one table, with the line
number and the raw text it came from) and :class:`Reject` (a line that could not be read, with the
reason). :func:`yuqing.sources.ingest` does the accounting, de-duplication, quarantine and the atomic write.
"""

from __future__ import annotations

import abc
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, ClassVar

from yuqing.core import UnknownFormatError


@dataclass(slots=True)
class Rec:
    """One row for ``table``. ``primary`` rows are the records the file is about (counted as read);
    secondary rows (e.g. the author account of a post) are stored too but counted separately."""

    table: str
    row: dict[str, Any]
    line: int
    raw: str
    primary: bool = True


@dataclass(slots=True)
class Reject:
    line: int
    raw: str
    reason: str


@dataclass(slots=True)
class Block:
    """Many rows for ``table`` at once, as an Arrow table of that table's data columns plus ``src_line`` and
    ``raw`` (an importer's optional fast path, ``read_blocks``). Rows are validated and de-duplicated exactly
    like :class:`Rec` rows; ``primary`` as in :class:`Rec`. ``dropped``: rows the importer already left out
    of ``data`` because an earlier row of the same block has the same key (counted as duplicates, as if they
    had been inserted and refused); only for secondary Blocks, whose rows carry nothing of their own."""

    table: str
    data: Any  # pyarrow.Table (kept untyped so that importing this module stays light)
    primary: bool = True
    dropped: int = 0


class Importer(abc.ABC):
    """Base class of importers. Subclasses set the class attributes and implement ``sniff``/``read``.

    The constructor only stores options (``Importer(**options)``); all work happens in :meth:`read`.
    """

    name: ClassVar[str]
    version: ClassVar[str] = "1"
    description: ClassVar[str] = ""
    #: Human-readable list of the exact source fields this importer reads (rendered into docs).
    fields: ClassVar[str] = ""
    #: File name suffixes this importer may read (lower case, without compression suffix).
    suffixes: ClassVar[tuple[str, ...]] = ()

    def __init__(self, **options: Any) -> None:
        self.options = options

    @classmethod
    @abc.abstractmethod
    def sniff(cls, path: Path, head: str) -> float:
        """Confidence in [0, 1] that this importer reads ``path`` whose first ~64 KiB decode to ``head``."""

    @abc.abstractmethod
    def read(self, path: Path) -> Iterator[Rec | Reject]:
        """Yield records and rejects in file order."""


_REGISTRY: dict[str, type[Importer]] = {}


def register_importer(cls: type[Importer]) -> type[Importer]:
    """Class decorator: make an importer available by its ``name`` (built-ins and plugins alike)."""
    if cls.name in _REGISTRY and _REGISTRY[cls.name] is not cls:
        raise ValueError(f"importer {cls.name!r} registered twice")
    _REGISTRY[cls.name] = cls
    return cls


def importers() -> dict[str, type[Importer]]:
    from yuqing.core.plugins import load_all

    load_all("sources")
    return dict(sorted(_REGISTRY.items()))


def get_importer(name: str) -> type[Importer]:
    regs = importers()
    if name not in regs:
        import difflib

        close = difflib.get_close_matches(name, list(regs), n=5, cutoff=0.4)
        hint = f"; did you mean {', '.join(close)}?" if close else ""
        raise UnknownFormatError(f"unknown format {name!r}{hint} (known: {', '.join(regs)})")
    return regs[name]
