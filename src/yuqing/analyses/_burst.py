"""Kleinberg's burst automaton (Kleinberg 2002, "Bursty and hierarchical structure in streams").

Two variants over a sequence of bins (hours, days):

* :func:`kleinberg_binomial` — the *batched* model: in bin t, ``r[t]`` of ``d[t]`` items are relevant (e.g. watched
  terms among all entries of that day's trending list). State i emits relevant items with probability
  ``p0 * s**i`` where ``p0 = sum(r) / sum(d)``.
* :func:`kleinberg_poisson` — counts ``x[t]`` with no natural total (posts, comments per hour): state i emits a
  Poisson count with mean ``base * s**i``; ``base`` is the stream's mean per bin (or a given per-bin expectation).

Moving up a level costs ``gamma * ln(n)`` (n = number of bins); moving down is free. The cheapest state sequence is
found by Viterbi. A burst is a maximal run of bins in state >= 1; its ``weight`` is Kleinberg's: the total cost saved
by being in the burst state instead of the base state over the run (larger = stronger, comparable within a stream).
No fixed count threshold is involved: the threshold follows from the stream's own base rate.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TypeAlias

import numpy as np
from scipy.special import gammaln

#: a 1-d series of numbers: a sequence or a numpy array (read with ``np.asarray``)
Series1D: TypeAlias = Sequence[float] | np.ndarray


@dataclass(frozen=True)
class Burst:
    start: int  # first bin index (inclusive)
    end: int  # last bin index (inclusive)
    level: int  # highest state reached inside the run
    weight: float  # cost saved versus the base state over the run


def _viterbi(cost: np.ndarray, trans: float) -> np.ndarray:
    """cost: (n, k) emission costs; returns the optimal state per bin."""
    n, k = cost.shape
    up = np.array([[max(j - i, 0) * trans for j in range(k)] for i in range(k)])
    acc = cost[0] + up[0]
    back = np.zeros((n, k), dtype=np.int64)
    for t in range(1, n):
        tot = acc[:, None] + up  # from i (rows) to j (cols)
        back[t] = np.argmin(tot, axis=0)
        acc = tot[back[t], np.arange(k)] + cost[t]
    states = np.zeros(n, dtype=np.int64)
    states[-1] = int(np.argmin(acc))
    for t in range(n - 1, 0, -1):
        states[t - 1] = back[t, states[t]]
    return states


def _runs(states: np.ndarray, cost: np.ndarray) -> list[Burst]:
    out: list[Burst] = []
    t, n = 0, len(states)
    while t < n:
        if states[t] == 0:
            t += 1
            continue
        u = t
        while u + 1 < n and states[u + 1] > 0:
            u += 1
        w = float(sum(cost[i, 0] - cost[i, 1] for i in range(t, u + 1)))
        out.append(Burst(t, u, int(states[t : u + 1].max()), w))
        t = u + 1
    return out


def kleinberg_binomial(
    r: Series1D, d: Series1D, s: float = 2.0, gamma: float = 1.0, levels: int = 2
) -> tuple[np.ndarray, list[Burst]]:
    """States and bursts of ``r[t]`` relevant items out of ``d[t]`` per bin (bins with d=0 stay neutral)."""
    ra = np.asarray(r, dtype=float)
    da = np.asarray(d, dtype=float)
    n = len(ra)
    if n == 0 or da.sum() <= 0 or ra.sum() <= 0:
        return np.zeros(n, dtype=np.int64), []
    if np.any(ra > da) or np.any(ra < 0):
        raise ValueError("kleinberg_binomial: need 0 <= r <= d in every bin")
    p0 = ra.sum() / da.sum()
    ps = np.array([min(p0 * s**i, 0.9999) for i in range(levels)])
    cost = -(ra[:, None] * np.log(ps)[None, :] + (da - ra)[:, None] * np.log1p(-ps)[None, :])
    states = _viterbi(cost, gamma * np.log(max(n, 2)))
    return states, _runs(states, cost)


def kleinberg_poisson(
    x: Series1D, s: float = 2.0, gamma: float = 1.0, levels: int = 2, base: Series1D | None = None
) -> tuple[np.ndarray, list[Burst]]:
    """States and bursts of counts ``x[t]``; ``base`` is the per-bin expected count of the base state."""
    xa = np.asarray(x, dtype=float)
    n = len(xa)
    if n == 0 or xa.sum() <= 0:
        return np.zeros(n, dtype=np.int64), []
    b = np.full(n, xa.mean()) if base is None else np.maximum(np.asarray(base, dtype=float), 1e-9)
    rates = b[:, None] * (s ** np.arange(levels))[None, :]
    cost = rates - xa[:, None] * np.log(rates) + gammaln(xa + 1)[:, None]
    states = _viterbi(cost, gamma * np.log(max(n, 2)))
    return states, _runs(states, cost)
