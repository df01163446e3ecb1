"""Read ahead in a second thread: an importer's next blocks are parsed and converted (Arrow work that releases
the GIL) while the store inserts the current one. Items keep their order; an exception raised while reading is
raised again to the consumer, at the point the reading reached; the reader stops when the consumer stops."""

from __future__ import annotations

import queue
import threading
from collections.abc import Iterable, Iterator
from typing import TypeVar

from yuqing.sources._base import Block

T = TypeVar("T")
_DONE = object()


class _Failed:
    def __init__(self, exc: BaseException) -> None:
        self.exc = exc


def prefetch(items: Iterable[T], depth: int = 2, batch: int = 1024) -> Iterator[T]:
    """Yield ``items`` in order while a thread reads up to ``depth`` batches ahead (a Block ends a batch;
    so do ``batch`` single records, which keeps the per-item queue cost small on the per-record path)."""
    q: queue.Queue[object] = queue.Queue(maxsize=depth)
    stop = threading.Event()

    def put(x: object) -> bool:
        while not stop.is_set():
            try:
                q.put(x, timeout=0.1)
                return True
            except queue.Full:
                continue
        return False

    def run() -> None:
        buf: list[T] = []
        try:
            for it in items:
                buf.append(it)
                if isinstance(it, Block) or len(buf) >= batch:
                    if not put(buf):
                        return
                    buf = []
            if (not buf or put(buf)) and put(_DONE):
                return
        except BaseException as exc:  # raised again in the consumer's thread, after the items read before it
            if not buf or put(buf):
                put(_Failed(exc))

    t = threading.Thread(target=run, name="yuqing-prefetch", daemon=True)
    t.start()
    try:
        while True:
            x = q.get()
            if x is _DONE:
                return
            if isinstance(x, _Failed):
                raise x.exc
            yield from x  # type: ignore[misc]
    finally:
        stop.set()
        t.join()


__all__ = ["prefetch"]
