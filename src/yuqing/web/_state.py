"""The dashboard's process state: one store (one owner of the DuckDB file), a lock, a cache, the scheduler.

DuckDB allows one writing process per file, so ``yuqing serve`` opens the store once and every request and the
scheduled ingestion share it under :attr:`AppState.lock`. The :class:`Scheduler` ingests new or changed files
of the watched paths every ``interval`` seconds and, when alert rules are configured, evaluates them after
each ingest that stored something.
"""

from __future__ import annotations

import logging
import threading
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from yuqing.analyses import Subject
from yuqing.store.base import Store

log = logging.getLogger(__name__)


@dataclass
class WebConfig:
    """Settings of ``yuqing serve``. ``token`` guards every write (required with PostgreSQL)."""

    entity: str | None = None
    subject: Subject | None = None
    sections: list[str] | None = None
    token: str | None = None
    watch: list[Path] = field(default_factory=list)
    interval: float = 300.0
    rules: Path | None = None
    cache_size: int = 16


class AppState:
    def __init__(self, store: Store, config: WebConfig) -> None:
        self.store = store
        self.config = config
        self.lock = threading.RLock()
        self._cache: OrderedDict[tuple[Any, ...], Any] = OrderedDict()
        self.generation = 0  # bumped after each ingest that stored records; keys the cache
        self.ingest_log: list[dict[str, Any]] = []

    @property
    def server_mode(self) -> bool:
        return self.store.dialect == "postgres"

    def cached(self, key: tuple[Any, ...], make: Callable[[], Any]) -> Any:
        k = (self.generation, *key)
        with self.lock:
            if k in self._cache:
                self._cache.move_to_end(k)
                return self._cache[k]
            val = make()
            self._cache[k] = val
            while len(self._cache) > self.config.cache_size:
                self._cache.popitem(last=False)
            return val

    def subject(self, entity: str) -> Subject:
        s = self.config.subject
        if s is not None and entity in (s.entity, s.account):
            return s
        return Subject(entity)

    def default_subject(self) -> Subject | None:
        """The subject the dashboard was started with (``--entity`` and the subject options), if any."""
        if self.config.subject is not None:
            return self.config.subject
        return Subject(self.config.entity) if self.config.entity else None

    def invalidate(self) -> None:
        with self.lock:
            self.generation += 1
            self._cache.clear()


def check_alerts(state: AppState) -> None:
    """Evaluate the configured alert rules (after an ingest that stored records); failing rules are logged."""
    if state.config.rules is None:
        return
    from yuqing.alerts import check_rules

    errors: list[tuple[str, str]] = []
    check_rules(state.store, state.config.rules, errors=errors)
    for rule, why in errors:
        log.warning("alert rule %s could not be evaluated: %s", rule, why)


def _files(paths: list[Path]) -> list[Path]:
    out: list[Path] = []
    for p in paths:
        if p.is_dir():
            out += sorted(f for f in p.rglob("*") if f.is_file() and not f.name.startswith("."))
        elif p.is_file():
            out.append(p)
    return out


class Scheduler:
    """Ingest new/changed files under ``state.config.watch`` every ``interval`` seconds (daemon thread)."""

    def __init__(self, state: AppState, after_ingest: Callable[[AppState], None] | None = None) -> None:
        self.state = state
        self.after_ingest = after_ingest
        self._seen: dict[Path, tuple[float, int]] = {}
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def tick(self) -> list[dict[str, Any]]:
        """One pass: ingest every watched file not seen with this size and mtime. Returns the import reports."""
        from yuqing.sources import ingest_file

        done: list[dict[str, Any]] = []
        for f in _files(self.state.config.watch):
            st = f.stat()
            sig = (st.st_mtime, st.st_size)
            if self._seen.get(f) == sig:
                continue
            self._seen[f] = sig
            with self.state.lock:
                try:
                    rep = ingest_file(self.state.store, f).as_dict()
                except Exception as exc:  # a bad file must not stop the schedule; it is logged and reported
                    log.warning("ingest of %s failed: %s", f, exc)
                    rep = {"path": str(f), "error": str(exc), "stored": 0}
            done.append(rep)
        if done:
            self.state.ingest_log = (self.state.ingest_log + done)[-200:]
        if any(r.get("stored") for r in done):
            self.state.invalidate()
            if self.after_ingest is not None:
                try:
                    self.after_ingest(self.state)
                except Exception as exc:  # alert delivery failures are logged, the dashboard keeps running
                    log.warning("alerts after ingest failed: %s", exc)
        return done

    def _run(self) -> None:
        while not self._stop.is_set():
            self.tick()
            self._stop.wait(self.state.config.interval)

    def start(self) -> None:
        if self._thread is None and self.state.config.watch:
            self._thread = threading.Thread(target=self._run, name="yuqing-ingest", daemon=True)
            self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=5)
            self._thread = None


def day_or_none(v: str | date | None) -> date | None:
    if v is None or isinstance(v, date):
        return v
    return date.fromisoformat(v) if v else None
