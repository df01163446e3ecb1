"""Read-ahead of importer items in a second thread: order, errors and early stop (SYNTHETIC items)."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from typing import Any

import pytest

from yuqing.core import InputError
from yuqing.sources._base import Block
from yuqing.sources._prefetch import ordered_map, prefetch


def _mixed(n: int) -> Iterator[object]:
    for i in range(n):
        yield Block("posts", i) if i % 7 == 0 else i


def _threads() -> set[str]:
    return {t.name for t in threading.enumerate() if t.name == "yuqing-prefetch"}


def _then_fail(n: int, error: Exception) -> Iterator[int]:
    """0 .. n-1, then ``error`` (a reader that breaks half way, e.g. a truncated gzip stream)."""
    yield from range(n)
    raise error


def _until_error(items: Iterator[Any], match: str) -> list[Any]:
    """What a consumer got from ``items`` before the InputError matching ``match`` was raised."""
    seen: list[Any] = []
    with pytest.raises(InputError, match=match):
        for x in items:
            seen.append(x)
    return seen


def test_order_is_kept_across_blocks_and_batches() -> None:
    got = list(prefetch(_mixed(5000), depth=2, batch=64))
    want = list(_mixed(5000))
    assert [g.data if isinstance(g, Block) else g for g in got] == [w.data if isinstance(w, Block) else w
                                                                      for w in want]
    assert not _threads()


def test_a_reading_error_is_raised_after_the_items_before_it() -> None:
    seen = _until_error(prefetch(_then_fail(10, InputError("f.jsonl", 11, "broken gzip stream")), batch=3),
                        "broken gzip")
    assert seen == list(range(10))
    assert not _threads()


class _Endless:
    """1, 2, 3, ... for ever; ``produced`` says how far a reader got."""

    def __init__(self) -> None:
        self.produced = 0

    def __iter__(self) -> Iterator[int]:
        while True:
            self.produced += 1
            yield self.produced


def test_the_reader_stops_when_the_consumer_stops() -> None:
    source = _Endless()
    it = prefetch(source, depth=2, batch=10)
    assert [next(it) for _ in range(5)] == [1, 2, 3, 4, 5]
    it.close()  # what a consumer's exception or early return does
    time.sleep(0.3)
    stopped_at = source.produced
    time.sleep(0.3)
    assert source.produced == stopped_at <= 10 * 4  # at most the queue plus one batch were read ahead
    assert not _threads()


def _slow_square(x: int) -> int:
    time.sleep(0.002 * ((x * 7) % 5))  # later items often finish first
    return x * x


def test_ordered_map_keeps_input_order() -> None:
    assert list(ordered_map(_slow_square, range(50), workers=3, ahead=5)) == [(x, x * x) for x in range(50)]


def test_ordered_map_raises_a_worker_error_at_its_turn() -> None:
    def f(x: int) -> int:
        if x == 6:
            raise ValueError("bad block 6")
        return x

    seen: list[int] = []
    with pytest.raises(ValueError, match="bad block 6"):
        for x, _ in ordered_map(f, range(20), workers=2, ahead=4):
            seen.append(x)
    assert seen == list(range(6))


def test_ordered_map_raises_a_reading_error_after_earlier_results() -> None:
    items = _then_fail(7, InputError("f.jsonl.gz", 8, "truncated"))
    seen = _until_error(ordered_map(_slow_square, items, workers=2, ahead=3), "truncated")
    assert [y for _x, y in seen] == [x * x for x in range(7)]


def test_ordered_map_stops_reading_when_the_consumer_stops() -> None:
    source = _Endless()
    it = ordered_map(lambda x: x, source, workers=2, ahead=4)
    assert [next(it)[0] for _ in range(3)] == [1, 2, 3]
    it.close()
    assert source.produced <= 3 + 4
