"""Reading price series from the store through Ibis (so the same reads run on every backend)."""

from __future__ import annotations

from datetime import date
from typing import Any

import numpy as np
import pandas as pd

from yuqing.core import NotFoundError
from yuqing.store.base import Store


def load_prices(store: Store, symbol: str, adjustment: str = "none") -> pd.DataFrame:
    """Daily rows (date, open, high, low, close, volume) of ``symbol``, ordered by date.

    Raises NotFoundError with the stored symbols close to ``symbol`` when there is none.
    """
    t = store.table("prices")
    expr = (
        t.filter((t.symbol == symbol) & (t.adjustment == adjustment))
        .select("date", "open", "high", "low", "close", "volume")
        .order_by("date")
    )
    df: pd.DataFrame = expr.execute()
    if df.empty:
        import difflib

        known = [f"{r[0]} ({r[1]})" for r in store.fetchall("SELECT DISTINCT symbol, adjustment FROM prices")]
        names = [k.split(" (")[0] for k in known]
        close = difflib.get_close_matches(symbol, names, n=5, cutoff=0.3)
        hint = [k for k in known if k.split(" (")[0] in close] or known[:8]
        raise NotFoundError(f"price series (adjustment={adjustment})", symbol, hint)
    df["date"] = pd.to_datetime(df["date"]).dt.date
    return df.dropna(subset=["close"]).reset_index(drop=True)


def paired_returns(store: Store, symbol: str, index: str, adjustment: str = "none") -> pd.DataFrame:
    """Sessions both series traded: date, close, index_close, ret, mret (simple returns)."""
    a = load_prices(store, symbol, adjustment)[["date", "close"]]
    b = load_prices(store, index, "none" if adjustment == "qfq" else adjustment)[["date", "close"]]
    df = a.merge(b.rename(columns={"close": "index_close"}), on="date", how="inner").sort_values("date")
    df["ret"] = df["close"] / df["close"].shift(1) - 1
    df["mret"] = df["index_close"] / df["index_close"].shift(1) - 1
    return df.reset_index(drop=True)


def sessions(df: pd.DataFrame) -> list[date]:
    return list(df["date"])


def as_float(x: Any) -> float | None:
    if x is None:
        return None
    f = float(x)
    return None if np.isnan(f) else f
