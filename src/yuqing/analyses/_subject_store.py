"""The table ``subjects``: saving, listing, finding and removing stored subjects (DuckDB and PostgreSQL)."""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Sequence
from datetime import UTC, datetime

import orjson
import pyarrow as pa

from yuqing.analyses._subject import Subject, normalise
from yuqing.core import NotFoundError, UsageError
from yuqing.store.base import Store
from yuqing.store.extra.subjects import SUBJECTS


def save_subjects(store: Store, subjects: Iterable[Subject]) -> dict[str, str]:
    """Store the subjects (one transaction), replacing stored ones of the same name; returns name → ``added`` or
    ``replaced``."""
    subs = list(subjects)
    if not subs:
        return {}
    names = [s.name for s in subs]
    if len(set(names)) != len(names):
        dup = next(n for n in names if names.count(n) > 1)
        raise UsageError(f"subject {dup!r} given twice")
    now = datetime.now(UTC).replace(tzinfo=None)
    rows = [{"name": s.name, "subject": orjson.dumps(s.to_dict()).decode(), "updated_at": now} for s in subs]
    out: dict[str, str] = {}
    with store.transaction():
        marks = ", ".join("?" for _ in names)
        stored = {str(r[0]) for r in store.fetchall(f"SELECT name FROM subjects WHERE name IN ({marks})", names)}
        store.execute(f"DELETE FROM subjects WHERE name IN ({marks})", names)
        store.append(SUBJECTS, pa.Table.from_pylist(rows, schema=SUBJECTS.arrow_schema()))
    for n in names:
        out[n] = "replaced" if n in stored else "added"
    return out


def _rows(store: Store) -> list[tuple[str, str, datetime | None]]:
    if not store.has_table("subjects"):
        return []
    return [(str(r[0]), str(r[1]), r[2]) for r in
            store.fetchall("SELECT name, subject, updated_at FROM subjects ORDER BY name")]


def _decode(name: str, text: str) -> Subject:
    return Subject.from_dict(orjson.loads(text), f"stored subject {name!r}")


def list_subjects(store: Store) -> list[Subject]:
    """Every stored subject, by name."""
    return [_decode(n, t) for n, t, _ in _rows(store)]


def subject_times(store: Store) -> dict[str, datetime | None]:
    """name → UTC time each stored subject was last added or replaced."""
    return {n: at for n, _, at in _rows(store)}


def _close(name: str, subjects: Sequence[Subject]) -> list[str]:
    candidates = {s.name: s.name for s in subjects}
    for s in subjects:
        for a in (s.entity, *s.aliases):
            candidates.setdefault(a, s.name)
    close = difflib.get_close_matches(name, list(candidates), n=8, cutoff=0.4)
    return list(dict.fromkeys(candidates[c] for c in close)) or [s.name for s in subjects][:8]


def get_subject(store: Store, name: str) -> Subject:
    """The stored subject of this name (else the one subject with this entity or alias, ignoring case);
    raises NotFoundError listing close names."""
    subjects = list_subjects(store)
    for s in subjects:
        if s.name == name:
            return s
    key = normalise(name)
    hits = [s for s in subjects if key in {normalise(a) for a in (s.name, s.entity, *s.aliases)}]
    if len(hits) == 1:
        return hits[0]
    raise NotFoundError("subject", name, [s.name for s in hits] or _close(name, subjects))


def delete_subject(store: Store, name: str) -> None:
    """Remove the stored subject of exactly this name; raises NotFoundError listing close names."""
    with store.transaction():
        found = store.has_table("subjects") and store.fetchall("SELECT count(*) FROM subjects WHERE name = ?",
                                                                [name])[0][0]
        if not found:
            raise NotFoundError("subject", name, _close(name, list_subjects(store)))
        store.execute("DELETE FROM subjects WHERE name = ?", [name])
