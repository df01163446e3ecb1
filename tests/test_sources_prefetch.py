"""Read-ahead of importer items in a second thread: order, errors and early stop (SYNTHETIC items)."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator

import pytest

from yuqing.errors import InputError
from yuqing.sources._base import Block
from yuqing.sources._prefetch import prefetch


def _mixed(n: int) -> Iterator[object]:
    for i in range(n):
        yield Block("posts", i) if i % 7 == 0 else i


def _threads() -> set[str]:
    return {t.name for t in threading.enumerate() if t.name == "yuqing-prefetch"}


def test_order_is_kept_across_blocks_and_batches() -> None:
    got = list(prefetch(_mixed(5000), depth=2, batch=64))
    want = list(_mixed(5000))
    assert [g.data if isinstance(g, Block) else g for g in got] == [w.data if isinstance(w, Block) else w
                                                                      for w in want]
    assert not _threads()


def test_a_reading_error_is_raised_after_the_items_before_it() -> None:
    def bad() -> Iterator[int]:
        yield from range(10)
        raise InputError("f.jsonl", 11, "broken gzip stream")

    seen: list[int] = []
    with pytest.raises(InputError, match="broken gzip"):
        for x in prefetch(bad(), batch=3):
            seen.append(x)
    assert seen == list(range(10))
    assert not _threads()


def test_the_reader_stops_when_the_consumer_stops() -> None:
    produced = 0

    def endless() -> Iterator[int]:
        nonlocal produced
        while True:
            produced += 1
            yield produced

    it = prefetch(endless(), depth=2, batch=10)
    assert [next(it) for _ in range(5)] == [1, 2, 3, 4, 5]
    it.close()  # what a consumer's exception or early return does
    time.sleep(0.3)
    stopped_at = produced
    time.sleep(0.3)
    assert produced == stopped_at <= 10 * 4  # at most the queue plus one batch were read ahead
    assert not _threads()
