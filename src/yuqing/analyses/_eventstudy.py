"""Market-model event study, in pure NumPy/SciPy (MacKinlay 1997, "Event Studies in Economics and Finance").

For an event at trading day τ=0 (a non-trading event date maps to the next session), the market model
``R_i = α + β R_m + ε`` is fitted by OLS on the estimation window (default τ ∈ [−250, −30]). Abnormal returns
``AR_τ = R_i,τ − α − β R_m,τ``; the cumulative abnormal return over an event window [a, b] is
``CAR = Σ AR_τ``. Its variance accounts for the estimation error of α and β:
``Var(CAR) = γ' (σ² I + X* (X'X)⁻¹ X*' σ²) γ`` with X* the event-window design matrix and γ a vector of ones,
and ``t = CAR / sqrt(Var(CAR))`` is compared with Student's t with n − 2 degrees of freedom.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

import numpy as np


@dataclass(frozen=True)
class MarketModel:
    alpha: float
    beta: float
    sigma: float  # residual standard deviation
    n: int  # observations in the estimation window
    r2: float
    xtx_inv: np.ndarray = field(repr=False)

    def expected(self, rm: np.ndarray) -> np.ndarray:
        return self.alpha + self.beta * rm


def fit_market_model(ri: np.ndarray, rm: np.ndarray) -> MarketModel:
    """OLS of ``ri`` on a constant and ``rm``; raises ValueError on too few or degenerate observations."""
    ri = np.asarray(ri, dtype=float)
    rm = np.asarray(rm, dtype=float)
    n = len(ri)
    if n < 3 or n != len(rm):
        raise ValueError(f"estimation window needs ≥3 paired returns, got {n}")
    x = np.column_stack([np.ones(n), rm])
    xtx = x.T @ x
    if abs(np.linalg.det(xtx)) < 1e-18:
        raise ValueError("market returns are constant in the estimation window")
    xtx_inv = np.linalg.inv(xtx)
    coef = xtx_inv @ x.T @ ri
    resid = ri - x @ coef
    ssr = float(resid @ resid)
    sst = float(((ri - ri.mean()) ** 2).sum())
    sigma = float(np.sqrt(ssr / (n - 2)))
    return MarketModel(float(coef[0]), float(coef[1]), sigma, n, 1 - ssr / sst if sst else 0.0, xtx_inv)


@dataclass(frozen=True)
class WindowStat:
    start: int
    end: int
    car: float
    se: float
    t: float
    p: float
    days: int


def car_stat(model: MarketModel, ri: np.ndarray, rm: np.ndarray, start: int, end: int) -> WindowStat:
    """CAR over event-window returns ``ri``/``rm`` (already cut to [start, end]) with its t and p."""
    ri = np.asarray(ri, dtype=float)
    rm = np.asarray(rm, dtype=float)
    ar = ri - model.expected(rm)
    xs = np.column_stack([np.ones(len(rm)), rm])
    v = model.sigma**2 * (np.eye(len(rm)) + xs @ model.xtx_inv @ xs.T)
    g = np.ones(len(rm))
    var = float(g @ v @ g)
    car = float(ar.sum())
    se = float(np.sqrt(var)) if var > 0 else float("nan")
    t = car / se if se and se == se else float("nan")
    from scipy import stats

    p = float(2 * stats.t.sf(abs(t), df=model.n - 2)) if t == t else float("nan")
    return WindowStat(start, end, car, se, t, p, len(ar))


def map_to_session(day: date, sessions: list[date]) -> int | None:
    """Index of the first trading session on or after ``day`` (None if after the last session)."""
    import bisect

    i = bisect.bisect_left(sessions, day)
    return i if i < len(sessions) else None


def simple_returns(close: np.ndarray) -> np.ndarray:
    """r_t = close_t / close_{t-1} − 1 (first element NaN)."""
    close = np.asarray(close, dtype=float)
    out = np.full(len(close), np.nan)
    out[1:] = close[1:] / close[:-1] - 1
    return out
