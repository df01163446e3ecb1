"""The skeleton shared by importers whose file is a sequence of rows (CSV rows, JSON lines, JSON array items).

Such an importer only says where its rows come from (:meth:`RowImporter.rows`, CSV by default) and how one
row becomes records (:meth:`RowImporter.mapper`, called once per file so it can hold per-file state such as
parsed options or occurrence counters). The base class does the iteration, passes the rows the reader
already rejected through, and turns a failing row into a :class:`Reject`:

* :class:`RowImporter` (tables such as trending, metrics, prices, events, follower logs): a
  :class:`~yuqing.sources._parse.ParseError` rejects the row with its message; records the row produced
  before the error are kept (:func:`map_rows`); any other exception aborts the file.
* :class:`RecordImporter` (social-media formats): any of
  :data:`~yuqing.sources._social.RECORD_ERRORS` rejects the record, and none of its rows are kept
  (:func:`~yuqing.sources._social.guarded`).
"""

from __future__ import annotations

import abc
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any, ClassVar

from yuqing.sources._base import Importer, Rec, Reject
from yuqing.sources._io import iter_csv_rows
from yuqing.sources._parse import ParseError
from yuqing.sources._social import guarded

#: ``(line, raw, row) -> records`` for one row (may also yield Rejects of its own).
RowMapper = Callable[[int, str, Any], Iterable[Rec | Reject]]


def map_rows(items: Iterable[tuple[int, str, Any] | Reject], convert: RowMapper,
             errors: tuple[type[BaseException], ...] = (ParseError,)) -> Iterator[Rec | Reject]:
    """``convert`` applied to each row in order; a row whose conversion raises one of ``errors`` ends with
    ``Reject(line, raw, str(exc))`` (records it yielded before are kept); reader Rejects pass through."""
    return guarded(items, convert, errors=errors, reason=str, atomic=False)


class RowImporter(Importer):
    """Template for row formats: :meth:`read` maps each of :meth:`rows` with the per-file :meth:`mapper`."""

    #: The exceptions that reject one row (with their message); anything else aborts the file. An importer
    #: whose mapper makes its own Rejects sets ``()``.
    row_errors: ClassVar[tuple[type[BaseException], ...]] = (ParseError,)

    def rows(self, path: Path) -> Iterable[tuple[int, str, Any] | Reject]:
        """The file's rows as ``(line, raw, row)`` (or reader Rejects); CSV with a header by default."""
        return iter_csv_rows(path)

    @abc.abstractmethod
    def mapper(self, path: Path) -> RowMapper:
        """The converter of one row for this file (options are read here, once, before the first row)."""

    def map(self, items: Iterable[tuple[int, str, Any] | Reject], convert: RowMapper) -> Iterator[Rec | Reject]:
        return map_rows(items, convert, self.row_errors)

    def read(self, path: Path) -> Iterator[Rec | Reject]:
        convert = self.mapper(path)
        yield from self.map(self.rows(path), convert)


class RecordImporter(RowImporter):
    """A :class:`RowImporter` whose records are all-or-nothing: any record error rejects the whole record."""

    def map(self, items: Iterable[tuple[int, str, Any] | Reject], convert: RowMapper) -> Iterator[Rec | Reject]:
        return guarded(items, convert)


__all__ = ["RecordImporter", "RowImporter", "RowMapper", "map_rows"]
