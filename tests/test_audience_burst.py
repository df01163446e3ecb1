"""Kleinberg burst automaton on SYNTHETIC streams: planted bursts are found, flat streams give none."""

from __future__ import annotations

import numpy as np
import pytest

from yuqing.analyses._burst import kleinberg_binomial, kleinberg_poisson


def test_poisson_finds_planted_burst_and_nothing_else() -> None:
    rng = np.random.default_rng(0)
    x = rng.poisson(5, 200).astype(float)
    x[120:126] = rng.poisson(40, 6)
    _, bursts = kleinberg_poisson(x, gamma=1.5)
    assert len(bursts) == 1
    b = bursts[0]
    assert b.start <= 120 and b.end >= 125 and b.end - b.start <= 10
    assert b.weight > 0


@pytest.mark.parametrize("seed", range(10))
def test_poisson_flat_stream_has_no_burst_at_the_bursts_default_gamma(seed: int) -> None:
    # gamma=1.5 is the default of the ``bursts`` analysis: at gamma=1 a flat Poisson(5) stream of 300 bins shows a
    # spurious 3-bin "burst" in about 3 of 20 seeds (measured), at 1.5 in none of 20
    x = np.random.default_rng(seed).poisson(5, 300)
    assert kleinberg_poisson(x, gamma=1.5)[1] == []


def test_binomial_uses_the_share_not_the_count() -> None:
    # a day with many more list entries but the same share of matches is not a burst
    d = np.full(100, 50.0)
    r = np.full(100, 1.0)
    d[40] = 500.0
    r[40] = 10.0
    r[70:73] = 12.0
    _, bursts = kleinberg_binomial(r, d)
    assert [(b.start, b.end) for b in bursts] == [(70, 72)]


def test_empty_and_invalid_input() -> None:
    assert kleinberg_poisson([])[1] == []
    assert kleinberg_poisson([0, 0, 0])[1] == []
    assert kleinberg_binomial([], [])[1] == []
    with pytest.raises(ValueError):
        kleinberg_binomial([3], [2])
