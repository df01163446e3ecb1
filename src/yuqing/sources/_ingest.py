"""The ingest pipeline: sniff, read, validate, de-duplicate, quarantine, and write atomically."""

from __future__ import annotations

import contextlib
import hashlib
import os
import uuid
from collections.abc import Callable, Iterable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pyarrow as pa

from yuqing.core import InputError, UnknownFormatError
from yuqing.sources._base import Block, Importer, Rec, Reject, get_importer, importers
from yuqing.sources._io import read_head
from yuqing.sources._prefetch import prefetch
from yuqing.store.base import Store
from yuqing.store.schema import IMPORTS, QUARANTINE, TABLES, Table

FLUSH_ROWS = 100_000
#: consecutive fast-path Blocks are inserted together until their primary rows reach this many; each insert
#: takes a multiple of the store's ``insert_granule`` (DuckDB's row group: an insert ending in a partial group
#: has it rewritten at the checkpoint, ~3 CPU-s more per 1M posts at 8 inserts) and leaves the rest for the next.
#: Every INSERT checks its keys against the whole table, so smaller groups cost more; larger ones hold more
#: Arrow data (~0.5 GB per 245,760 JSON posts) and start the first insert later (docs/ingest.md)
BLOCK_GROUP_ROWS = 245_760


@dataclass
class ImportReport:
    """What one file's import did. ``read == stored + duplicate + quarantined`` always holds."""

    path: str
    importer: str
    import_id: str
    read: int = 0
    stored: int = 0
    duplicate: int = 0
    quarantined: int = 0
    #: per table: {"stored": n, "duplicate": n} for primary and secondary rows
    tables: dict[str, dict[str, int]] = field(default_factory=dict)
    error: str | None = None

    def as_dict(self) -> dict[str, Any]:
        return {
            "path": self.path,
            "importer": self.importer,
            "import_id": self.import_id,
            "read": self.read,
            "stored": self.stored,
            "duplicate": self.duplicate,
            "quarantined": self.quarantined,
            "tables": self.tables,
            "error": self.error,
        }


def detect_format(path: Path) -> type[Importer]:
    """The importer most confident it can read ``path``; raises if none is."""
    head = read_head(path)
    scored = sorted(((cls.sniff(path, head), name, cls) for name, cls in importers().items()), reverse=True)
    if not scored or scored[0][0] <= 0:
        raise UnknownFormatError(
            f"{path}: cannot tell the format of this file; pass --format NAME (see `yuqing formats`)"
        )
    return scored[0][2]


def file_sha256(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def _prefer_jemalloc() -> None:
    """Arrow allocates from jemalloc where pyarrow has it and nobody chose a pool (``ARROW_DEFAULT_MEMORY_POOL``).

    pyarrow's default, mimalloc, hands freed pages back to the OS at once; an import allocates and frees tens of
    MB per block, and faulting those pages in again cost ~1.5 CPU-s per 1M posts (docs/ingest.md)."""
    if os.environ.get("ARROW_DEFAULT_MEMORY_POOL") or pa.default_memory_pool().backend_name == "jemalloc":
        return
    with contextlib.suppress(NotImplementedError):  # a pyarrow built without jemalloc
        pa.set_memory_pool(pa.jemalloc_memory_pool())


def _sha256_meanwhile(path: Path) -> Future[str]:
    """The file's sha256, computed in a thread of its own while the import runs (hashlib releases the GIL);
    hashing a 250 MB file at the end took ~0.25 s of the import's time."""
    pool = ThreadPoolExecutor(1, thread_name_prefix="yuqing-sha256")
    try:
        return pool.submit(file_sha256, path)
    finally:
        pool.shutdown(wait=False)


class _Batch:
    """Column buffers for one (table, primary) pair."""

    __slots__ = ("cols", "fill", "line", "n", "raw", "table")

    def __init__(self, table: Table, prov: dict[str, Any]) -> None:
        self.table = table
        self.cols: dict[str, list[Any]] = {c: [] for c in table.column_names}
        self.n = 0
        # (column, its buffer, value when the row lacks it); src_line and raw come from the Rec itself
        self.fill = [(c, self.cols[c], prov.get(c)) for c in table.column_names if c not in ("src_line", "raw")]
        self.line = self.cols.get("src_line")
        self.raw = self.cols.get("raw")


def ingest_file(
    store: Store,
    path: str | Path,
    fmt: str | None = None,
    options: dict[str, Any] | None = None,
    progress: Callable[[int], None] | None = None,
) -> ImportReport:
    """Import one file into ``store`` in one transaction and return the accounting."""
    p = Path(path)
    if not p.exists():
        raise InputError(str(p), 0, "no such file")
    if p.is_dir():
        raise InputError(str(p), 0, "is a directory (pass the files, e.g. DIR/*.csv)")
    cls = get_importer(fmt) if fmt else detect_format(p)
    options = dict(options or {})
    if store.insert_granule and callable(getattr(cls, "read_blocks", None)):
        options.setdefault("block_lines", store.insert_granule)  # blocks of whole storage units (no copying)
    importer = cls(**options)
    import_id = uuid.uuid4().hex[:16]
    now = datetime.now(UTC).replace(tzinfo=None)
    report = ImportReport(str(p), cls.name, import_id)
    prov = {
        "src_file": str(p),
        "importer": cls.name,
        "importer_version": cls.version,
        "import_id": import_id,
        "imported_at": now,
    }
    batches: dict[tuple[str, bool], _Batch] = {}
    grouped: dict[tuple[str, bool], list[pa.Table]] = {}
    dropped: dict[tuple[str, bool], int] = {}  # rows the importer left out of grouped Blocks as duplicates
    rejects: list[Reject] = []

    def flush_blocks(whole: bool = True) -> None:
        """Insert the grouped Blocks; unless ``whole``, the primary rows beyond the last full storage unit
        (``store.insert_granule``) stay grouped for the next insert, which they precede in file order."""
        for (tname, primary), parts in sorted(grouped.items(), key=lambda kv: not kv[0][1]):
            # DuckDB's parallel scan writes a partial row group at the end of every chunk, which its checkpoint
            # then rewrites (~1.4 s per 300k posts): chunks not cut at whole units are copied into one first
            data = pa.concat_tables(parts) if len(parts) > 1 else parts[0]
            if len(parts) > 1 and not _whole_units(data, store.insert_granule):
                data = data.combine_chunks()
            rest = None
            if not whole and primary and store.insert_granule:
                keep = data.num_rows - data.num_rows % store.insert_granule
                data, rest = data.slice(0, keep), data.slice(keep)
            extra = dropped.pop((tname, primary), 0)
            if data.num_rows or extra:  # as on the per-record path, a table with no rows gets no line
                count(tname, primary, data.num_rows + extra, store.insert_new(TABLES[tname], data))
            if rest is not None and rest.num_rows:
                grouped[(tname, primary)] = [rest]
            else:
                del grouped[(tname, primary)]

    def flush() -> None:
        flush_blocks()  # Blocks read before these records go first: earlier rows win the de-duplication
        # primary rows first: a record's own row wins over the same key seen second-hand in another record
        for (tname, primary), b in sorted(batches.items(), key=lambda kv: not kv[0][1]):
            if not b.n:
                continue
            data = _to_arrow(b, rejects, prov)
            count(tname, primary, data.num_rows, store.insert_new(b.table, data))
            batches[(tname, primary)] = _Batch(b.table, prov)

    def count(tname: str, primary: bool, n: int, inserted: int) -> None:
        slot = report.tables.setdefault(tname if primary else f"{tname} (secondary)", {"stored": 0, "duplicate": 0})
        slot["stored"] += inserted
        slot["duplicate"] += n - inserted
        if primary:
            report.stored += inserted
            report.duplicate += n - inserted

    # an importer's optional Arrow fast path (same rows, same accounting; see Block)
    _prefer_jemalloc()
    sha256 = _sha256_meanwhile(p)
    read_blocks = getattr(importer, "read_blocks", None)
    items = prefetch(read_blocks(p)) if callable(read_blocks) else importer.read(p)
    with store.transaction():
        pending = 0
        for item in _guard(items, p):
            if isinstance(item, Reject):
                rejects.append(item)
                continue
            if isinstance(item, Block):
                if pending:  # keep file order: earlier rows win the de-duplication
                    flush()
                    if progress:
                        progress(pending)
                    pending = 0
                data = _block_table(item, rejects, prov)
                grouped.setdefault((item.table, item.primary), []).append(data)
                if item.dropped:
                    dropped[(item.table, item.primary)] = dropped.get((item.table, item.primary), 0) + item.dropped
                if sum(t.num_rows for (_, primary), parts in grouped.items() if primary for t in parts) \
                        >= BLOCK_GROUP_ROWS:
                    flush_blocks(whole=False)
                if progress:
                    progress(data.num_rows)
                continue
            if grouped:
                flush_blocks()
            key = (item.table, item.primary)
            b = batches.get(key)
            if b is None:
                b = batches[key] = _Batch(TABLES[item.table], prov)
            row = item.row
            missing = [k for k in b.table.key if row.get(k) in (None, "")]
            if missing:
                rejects.append(Reject(item.line, item.raw, f"missing {', '.join(missing)}"))
                continue
            for c, buf, default in b.fill:
                buf.append(row.get(c, default))
            if b.line is not None:
                b.line.append(row.get("src_line", item.line))
            if b.raw is not None:
                b.raw.append(row.get("raw", item.raw))
            b.n += 1
            pending += 1
            if pending >= FLUSH_ROWS:
                flush()
                if progress:
                    progress(pending)
                pending = 0
        flush()
        if progress and pending:
            progress(pending)
        report.quarantined = len(rejects)
        report.read = report.stored + report.duplicate + report.quarantined
        if rejects:
            # keyed by (file, line, importer, reason): re-importing a file does not quarantine its rejects twice
            store.insert_new(QUARANTINE, _rejects_table(rejects, p, cls.name, import_id, now))
        store.append(
            IMPORTS,
            pa.Table.from_pylist(
                [
                    {
                        "import_id": import_id,
                        "src_file": str(p),
                        "sha256": sha256.result(),
                        "importer": cls.name,
                        "importer_version": cls.version,
                        "started_at": now,
                        "finished_at": datetime.now(UTC).replace(tzinfo=None),
                        "n_read": report.read,
                        "n_stored": report.stored,
                        "n_duplicate": report.duplicate,
                        "n_quarantined": report.quarantined,
                    }
                ],
                schema=IMPORTS.arrow_schema(),
            ),
        )
    return report


def _whole_units(data: pa.Table, granule: int) -> bool:
    """Every chunk of every column but the last holds a multiple of ``granule`` rows."""
    return bool(granule) and all(len(c) % granule == 0 for col in data.columns for c in col.chunks[:-1])


def _block_table(block: Block, rejects: list[Reject], prov: dict[str, Any]) -> pa.Table:
    """A Block's rows with the provenance columns; rows missing a key column are quarantined."""
    import pyarrow.compute as pc

    table = TABLES[block.table]
    data: pa.Table = block.data
    for k in table.key:
        col = data.column(k)
        bad = pc.is_null(col)
        if pa.types.is_string(col.type):
            bad = pc.or_(bad, pc.equal(col, ""))
        bad = pc.fill_null(bad, True)
        if pc.any(bad).as_py():
            lines, raws = data.column("src_line"), data.column("raw")
            for i in pc.indices_nonzero(bad).to_pylist():
                rejects.append(Reject(lines[i].as_py(), raws[i].as_py(), f"missing {k}"))
            data = data.filter(pc.invert(bad))
    n = data.num_rows
    cols: dict[str, Any] = {}
    for f in table.arrow_schema():
        if f.name in data.column_names:
            cols[f.name] = data.column(f.name).cast(f.type)
        elif f.name in prov:
            cols[f.name] = pa.repeat(pa.scalar(prov[f.name], type=f.type), n)
        else:
            cols[f.name] = pa.nulls(n, type=f.type)
    return pa.table(cols, schema=table.arrow_schema())


def _guard(items: Iterable[Rec | Reject | Block], path: Path) -> Iterable[Rec | Reject | Block]:
    """Turn an importer's unexpected exception into an InputError that names the file (rolls back)."""
    last = 0
    try:
        for it in items:
            if not isinstance(it, Block):
                last = it.line
            elif it.data.num_rows:
                last = it.data.column("src_line")[-1].as_py()
            yield it
    except InputError:
        raise
    except Exception as exc:
        raise InputError(str(path), last + 1, f"{type(exc).__name__}: {exc}") from exc


def _to_arrow(b: _Batch, rejects: list[Reject], prov: dict[str, Any]) -> pa.Table:
    """Build the Arrow table; rows whose values do not fit the column types are quarantined."""
    schema = b.table.arrow_schema()
    try:
        return pa.table({f.name: pa.array(b.cols[f.name], type=f.type) for f in schema}, schema=schema)
    except (pa.ArrowInvalid, pa.ArrowTypeError, TypeError, OverflowError):
        pass
    good: dict[str, list[Any]] = {f.name: [] for f in schema}
    for i in range(b.n):
        bad = None
        for f in schema:
            try:
                pa.array([b.cols[f.name][i]], type=f.type)
            except (pa.ArrowInvalid, pa.ArrowTypeError, TypeError, OverflowError) as exc:
                bad = f"{f.name}: {exc}"
                break
        if bad:
            rejects.append(Reject(b.cols["src_line"][i], b.cols["raw"][i], bad))
            continue
        for f in schema:
            good[f.name].append(b.cols[f.name][i])
    return pa.table({f.name: pa.array(good[f.name], type=f.type) for f in schema}, schema=schema)


def _rejects_table(rejects: list[Reject], p: Path, importer: str, import_id: str, now: datetime) -> pa.Table:
    return pa.table(
        {
            "import_id": [import_id] * len(rejects),
            "src_file": [str(p)] * len(rejects),
            "src_line": [r.line for r in rejects],
            "importer": [importer] * len(rejects),
            "reason": [r.reason for r in rejects],
            "raw": [r.raw for r in rejects],
            "imported_at": [now] * len(rejects),
        },
        schema=QUARANTINE.arrow_schema(),
    )


__all__ = ["FLUSH_ROWS", "ImportReport", "UnknownFormatError", "detect_format", "ingest_file"]
