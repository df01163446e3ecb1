"""Read ahead in a second thread: an importer's next blocks are parsed and converted (Arrow work that releases
the GIL) while the store inserts the current one. Items keep their order; an exception raised while reading is
raised again to the consumer, at the point the reading reached; the reader stops when the consumer stops."""

from __future__ import annotations

import queue
import threading
from collections import deque
from collections.abc import Callable, Generator, Iterable
from concurrent.futures import Future, ThreadPoolExecutor
from typing import TypeVar, cast

from yuqing.sources._base import Block

T = TypeVar("T")
R = TypeVar("R")
_DONE = object()


class _Failed:
    def __init__(self, exc: BaseException) -> None:
        self.exc = exc


def prefetch(items: Iterable[T], depth: int = 2, batch: int = 1024) -> Generator[T, None, None]:
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
            yield from cast("list[T]", x)  # a batch put by run()
    finally:
        stop.set()
        t.join()


def ordered_map(
    fn: Callable[[T], R], items: Iterable[T], workers: int = 2, ahead: int = 4
) -> Generator[tuple[T, R], None, None]:
    """``(item, fn(item))`` in the order of ``items``, with ``fn`` run in ``workers`` threads on up to ``ahead``
    items at once (for work that releases the GIL, such as Arrow's JSON parser). An exception raised by
    ``fn`` is raised at its item's turn; one raised by ``items`` after the results of the items before it."""
    pending: deque[tuple[T, Future[R]]] = deque()
    source = iter(items)
    with ThreadPoolExecutor(max(1, workers), thread_name_prefix="yuqing-convert") as pool:
        try:
            while True:
                try:
                    x = next(source)
                except StopIteration:
                    break
                except Exception:  # the items read before the failure first, then the failure
                    while pending:
                        x0, f0 = pending.popleft()
                        yield x0, f0.result()
                    raise
                pending.append((x, pool.submit(fn, x)))
                if len(pending) >= ahead:
                    x0, f0 = pending.popleft()
                    yield x0, f0.result()
            while pending:
                x0, f0 = pending.popleft()
                yield x0, f0.result()
        finally:
            for _, f in pending:
                f.cancel()


__all__ = ["ordered_map", "prefetch"]
