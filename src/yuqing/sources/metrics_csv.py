"""Small CSV series and lists: Open-EV-Charts monthly model sales -> ``metrics``; user event lists -> ``events``.

Fields read
-----------
* ``open_ev_charts_csv``: ``month`` (``YYYY-MM``), ``dataset_type`` (e.g. ``ElectricCarsByModel``), ``model``
  (the ``entity``, as written, e.g. ``SU7``; ``--option entity_prefix="Xiaomi "`` prepends a brand), ``units``
  (``value``, unit ``vehicles``), ``source_url`` (kept in ``raw``). Series ``ev_retail_sales_cn`` (China retail
  sales from CleanTechnica's top-N lists: a model is absent in months it fell off the list; these are not official
  deliveries), or ``--option series=...``; ``period = month``, ``period_start`` the first of the month.
* ``events_csv``: ``date`` (``YYYY-MM-DD`` -> precision ``day``; ``YYYY-MM`` -> ``month``; ``YYYY`` -> ``year``),
  ``label`` (required), ``description``, ``entity``; optional ``precision`` column overrides. ``origin`` is
  ``manual``. ``event_id`` is ``manual-`` + sha1 of ``date|label|entity`` (the id ``yuqing events add`` gives, so
  the same event added both ways is stored once; ``|precision`` is appended for month/year events).
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import ClassVar

from yuqing.sources._base import Rec, register_importer
from yuqing.sources._io import csv_columns_score, csv_header_score
from yuqing.sources._parse import ParseError, parse_float
from yuqing.sources._rows import RowImporter, RowMapper

_MONTH = re.compile(r"^(\d{4})-(\d{1,2})$")
_YEAR = re.compile(r"^(\d{4})$")
_DAY = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")


def parse_period(text: str, field: str = "date") -> tuple[date, str]:
    """``YYYY-MM-DD`` / ``YYYY-MM`` / ``YYYY`` -> (first day, precision day | month | year)."""
    s = (text or "").strip()
    try:
        if m := _DAY.match(s):
            return date(int(m.group(1)), int(m.group(2)), int(m.group(3))), "day"
        if m := _MONTH.match(s):
            return date(int(m.group(1)), int(m.group(2)), 1), "month"
        if m := _YEAR.match(s):
            return date(int(m.group(1)), 1, 1), "year"
    except ValueError as exc:
        raise ParseError(f"{field}: {s!r} is not a valid date ({exc})") from exc
    raise ParseError(f"{field}: {s!r} is not YYYY-MM-DD, YYYY-MM or YYYY")


@register_importer
class OpenEVChartsCSV(RowImporter):
    name = "open_ev_charts_csv"
    version = "1"
    description = "Open-EV-Charts monthly sales per model (month,dataset_type,model,units,source_url)"
    fields = "month, dataset_type, model, units, source_url"
    suffixes: ClassVar[tuple[str, ...]] = (".csv",)

    @classmethod
    def sniff(cls, path: Path, head: str) -> float:
        return csv_columns_score(path, head, {"month", "model", "units"}, 0.95)

    def mapper(self, path: Path) -> RowMapper:
        series = str(self.options.get("series") or "ev_retail_sales_cn")
        prefix = str(self.options.get("entity_prefix") or "")

        def convert(line: int, raw: str, row: dict[str, str]) -> Iterator[Rec]:
            start, precision = parse_period(row.get("month") or "", "month")
            if precision != "month":
                raise ParseError(f"month: {row.get('month')!r} is not YYYY-MM")
            model = (row.get("model") or "").strip()
            if not model:
                raise ParseError("model: empty")
            value = parse_float(row.get("units"), "units")
            if value is None:
                raise ParseError("units: empty")
            yield Rec("metrics", {"series": series, "entity": prefix + model, "period_start": start,
                                  "period": "month", "value": value, "unit": "vehicles"}, line, raw)

        return convert


@register_importer
class EventsCSV(RowImporter):
    name = "events_csv"
    version = "1"
    description = "User-maintained event list (date,label,description,entity)"
    fields = "date (YYYY-MM-DD | YYYY-MM | YYYY), label, description, entity, precision (optional)"
    suffixes: ClassVar[tuple[str, ...]] = (".csv",)

    @classmethod
    def sniff(cls, path: Path, head: str) -> float:
        return csv_header_score(path, head, 0.9, lambda h: {"date", "label"} <= set(h) and len(h) <= 6)

    def mapper(self, path: Path) -> RowMapper:
        return self._convert

    @staticmethod
    def _convert(line: int, raw: str, row: dict[str, str]) -> Iterator[Rec]:
        label = (row.get("label") or "").strip()
        if not label:
            raise ParseError("label: empty")
        d, precision = parse_period(row.get("date") or "")
        given = (row.get("precision") or "").strip()
        if given:
            if given not in ("day", "month", "quarter", "year"):
                raise ParseError(f"precision: {given!r} is not day, month, quarter or year")
            precision = given
        entity = (row.get("entity") or "").strip()
        key = f"{d}|{label}|{entity}" + ("" if precision == "day" else f"|{precision}")
        yield Rec("events", {
            "event_id": "manual-" + hashlib.sha1(key.encode()).hexdigest()[:12], "date": d,
            "precision": precision, "label": label, "description": (row.get("description") or "").strip() or None,
            "entity": entity or None, "origin": "manual", "evidence": None,
        }, line, raw)
