"""Daily price series: Yahoo Finance / yfinance CSV (plain and the 3-header-line variant) and akshare CSV.

Fields read
-----------
* ``yahoo_csv``: ``Date, Open, High, Low, Close, Adj Close, Volume`` (any order; ``Adj Close`` optional).
  The yfinance variant has three header lines (``Price,...`` / ``Ticker,<symbol>,...`` / ``Date,,,``);
  the symbol is taken from the ``Ticker`` line. Otherwise the symbol comes from ``--option symbol=...`` or
  the file name (``1810.HK_yahoo_daily_....csv`` -> ``1810.HK``).
* ``akshare_csv``: ``date`` (``YYYY/MM/DD`` or ``YYYY-MM-DD``), ``open, high, low, close, volume`` and
  ``Ticker`` (or ``代码``); Chinese headers ``日期, 开盘, 最高, 最低, 收盘, 成交量`` too. Stored with
  ``adjustment = qfq`` unless ``--option adjustment=...`` says otherwise; symbols are made Yahoo-style
  (``01810`` -> ``1810.HK``) so series from both sources line up.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any, ClassVar

from yuqing.sources._base import Rec, Reject, register_importer
from yuqing.sources._io import base_suffix, csv_header
from yuqing.sources._parse import ParseError, parse_date, parse_float
from yuqing.sources._rows import RowImporter, RowMapper

_CURRENCY = {".HK": "HKD", "^HSI": "HKD", ".SS": "CNY", ".SZ": "CNY"}


def hk_symbol(code: str) -> str:
    """``01810`` / ``1810`` -> ``1810.HK``; other symbols unchanged."""
    code = code.strip()
    if re.fullmatch(r"\d{4,5}", code):
        return f"{int(code):04d}.HK"
    return code


def currency_of(symbol: str) -> str | None:
    for suffix, cur in _CURRENCY.items():
        if symbol.endswith(suffix) or symbol == suffix:
            return cur
    return None


def _bar(symbol: str, d: date, row: dict[str, str], columns: tuple[str, str, str, str | None, str],
         close: float | None, currency: str | None, adjustment: Any) -> dict[str, Any]:
    """A ``prices`` row; ``columns``: the open, high, low, adjusted close (None: not in the file) and volume
    columns, parsed in that order."""
    o, h, lo, adj, vol = columns
    return {
        "symbol": symbol,
        "date": d,
        "open": parse_float(row.get(o), o),
        "high": parse_float(row.get(h), h),
        "low": parse_float(row.get(lo), lo),
        "close": close,
        "adj_close": parse_float(row.get(adj), adj) if adj is not None else None,
        "volume": parse_float(row.get(vol), vol),
        "currency": currency,
        "adjustment": adjustment,
    }


def _symbol_from_name(path: Path) -> str:
    return path.name.split("_")[0].removesuffix(".csv")


@register_importer
class YahooCSV(RowImporter):
    name = "yahoo_csv"
    version = "1"
    description = "Yahoo Finance / yfinance daily OHLCV CSV (also the 3-header-line yfinance variant)"
    fields = "Date, Open, High, Low, Close, Adj Close (optional), Volume; yfinance: Price/Ticker/Date header lines"
    suffixes: ClassVar[tuple[str, ...]] = (".csv",)

    @classmethod
    def sniff(cls, path: Path, head: str) -> float:
        if base_suffix(path) != ".csv":
            return 0.0
        header = csv_header(head)
        if header[:1] == ["Price"] and "\nTicker," in head:
            return 0.95
        if header and header[0] == "Date" and {"Close", "Open"} <= set(header):
            return 0.9
        return 0.0

    def mapper(self, path: Path) -> RowMapper:
        symbol = self.options.get("symbol") or _symbol_from_name(path)

        def convert(line: int, raw: str, row: dict[str, str]) -> Iterator[Rec | Reject]:
            nonlocal symbol
            first = next(iter(row.values()), "")
            key0 = next(iter(row), "")
            if key0 == "Price":  # yfinance multi-header: Ticker / Date lines
                if first == "Ticker":
                    ticker = next((v for k, v in row.items() if k != "Price" and v), "")
                    symbol = self.options.get("symbol") or ticker or symbol
                    return
                if first == "Date":
                    return
                row = {("Date" if k == "Price" else k): v for k, v in row.items()}
            d = parse_date(row.get("Date"))
            if d is None:
                raise ParseError("Date: empty")
            close = parse_float(row.get("Close"), "Close")
            rec = _bar(symbol, d, row, ("Open", "High", "Low", "Adj Close", "Volume"), close,
                       self.options.get("currency") or currency_of(symbol), self.options.get("adjustment", "none"))
            if close is None:
                yield Reject(line, raw, "Close: empty")
                return
            yield Rec("prices", rec, line, raw)

        return convert


@register_importer
class AkshareCSV(RowImporter):
    name = "akshare_csv"
    version = "1"
    description = "akshare daily bars CSV (date,open,high,low,close,volume,Ticker; or Chinese headers)"
    fields = "date|日期, open|开盘, high|最高, low|最低, close|收盘, volume|成交量, Ticker|代码"
    suffixes: ClassVar[tuple[str, ...]] = (".csv",)

    _ALIASES: ClassVar[dict[str, str]] = {
        "日期": "date", "开盘": "open", "最高": "high", "最低": "low", "收盘": "close",
        "成交量": "volume", "代码": "ticker", "Ticker": "ticker", "symbol": "ticker",
    }

    @classmethod
    def sniff(cls, path: Path, head: str) -> float:
        if base_suffix(path) != ".csv":
            return 0.0
        header = {cls._ALIASES.get(h, h) for h in csv_header(head)}
        if {"date", "open", "close"} <= header:
            return 0.85 if "ticker" in header else 0.6
        return 0.0

    def mapper(self, path: Path) -> RowMapper:
        default_symbol = self.options.get("symbol")

        def convert(line: int, raw: str, row: dict[str, str]) -> Iterator[Rec]:
            r = {self._ALIASES.get(k, k): v for k, v in row.items()}
            symbol = hk_symbol(r.get("ticker") or default_symbol or _symbol_from_name(path))
            d = parse_date(r.get("date"))
            if d is None:
                raise ParseError("date: empty")
            close = parse_float(r.get("close"), "close")
            if close is None:
                raise ParseError("close: empty")
            rec = _bar(symbol, d, r, ("open", "high", "low", None, "volume"), close, currency_of(symbol),
                       self.options.get("adjustment", "qfq"))
            yield Rec("prices", rec, line, raw)

        return convert
