"""Save extractions to the store (``news_extractions`` and the ``events`` table) and read articles back."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime
from typing import Any

import pyarrow as pa

from yuqing.core import ref
from yuqing.nlp.extract._pipeline import ArticleExtraction, stable_key
from yuqing.store.base import Store
from yuqing.store.schema import TABLES

EXTRACTOR_VERSION = "0.1"


def stored_articles(store: Store, ids: list[str] | None = None) -> list[dict[str, Any]]:
    """Articles (id, title, outlet, published_at, precision, lang, body) — all, or those in ``ids``."""
    if not store.has_table("articles"):
        return []
    sql = "SELECT article_id, title, outlet, url, published_at, published_precision, lang, body, raw FROM articles"
    params: list[Any] = []
    if ids:
        sql += " WHERE article_id IN (" + ", ".join("?" for _ in ids) + ")"
        params = list(ids)
    cols = [
        "article_id",
        "title",
        "outlet",
        "url",
        "published_at",
        "published_precision",
        "lang",
        "body",
        "raw",
    ]
    out = [dict(zip(cols, r, strict=True)) for r in store.fetchall(sql + " ORDER BY article_id", params)]
    for a in out:
        a["published"] = _local_day(a)
        del a["raw"]
    return out


def _local_day(a: dict[str, Any]) -> date | None:
    """The publication day in the outlet's own zone: the offset of the raw record's timestamp when it has one
    (published_at is stored as naive UTC), else the UTC day."""
    ts = a.get("published_at")
    if ts is None:
        return None
    raw = a.get("raw")
    if isinstance(raw, str) and raw.startswith("{"):
        try:
            rec = json.loads(raw)
        except ValueError:
            rec = {}
        if isinstance(rec, dict) and isinstance(rec.get("row"), dict):  # yuqing_jsonl lines
            rec = rec["row"]
        for k in ("published_at", "published", "date", "time", "pubdate"):
            v = rec.get(k) if isinstance(rec, dict) else None
            if isinstance(v, str):
                try:
                    local = datetime.fromisoformat(v.replace("Z", "+00:00"))
                except ValueError:
                    continue
                if local.tzinfo is not None:
                    return local.date()
    d: date = ts.date()
    return d


def extraction_rows(ex: ArticleExtraction, now: datetime | None = None) -> list[dict[str, Any]]:
    """The ``news_extractions`` rows of one article (also used in memory by the timeline)."""
    now = now or datetime.now(UTC).replace(tzinfo=None)
    rows: list[dict[str, Any]] = []
    for i, e in enumerate(ex.events):
        rows.append(
            _row(
                ex.article,
                "event",
                i,
                e.date,
                e.precision,
                e.start_date,
                e.entities[0] if e.entities else None,
                e.entities,
                None,
                None,
                None,
                None,
                e.text,
                e.source,
                e.start,
                e.end,
                e.to_dict(),
                now,
            )
        )
    for i, f in enumerate(ex.figures):
        sd = _start_of(f.date)
        rows.append(
            _row(
                ex.article,
                "figure",
                i,
                f.date,
                f.date_precision,
                sd,
                f.entity,
                [f.entity] if f.entity else [],
                f.metric,
                f.value,
                f.unit,
                f.kind,
                f.text,
                f.sentence,
                f.start,
                f.end,
                f.to_dict(),
                now,
            )
        )
    for i, q in enumerate(ex.quotes):
        pub = ex.published
        rows.append(
            _row(
                ex.article,
                "quote",
                i,
                pub.isoformat() if pub else None,
                "day" if pub else None,
                pub,
                q.speaker,
                [q.speaker] if q.speaker else [],
                None,
                None,
                None,
                q.kind,
                q.text,
                q.sentence,
                q.start,
                q.end,
                q.to_dict(),
                now,
            )
        )
    return rows


def save_extraction(store: Store, ex: ArticleExtraction) -> dict[str, int]:
    """Replace what was stored for ``ex.article``; events dated to the day also go to ``events``."""
    table = TABLES["news_extractions"]
    now = datetime.now(UTC).replace(tzinfo=None)
    rows = extraction_rows(ex, now)
    events: list[dict[str, Any]] = []
    for i, e in enumerate(ex.events):
        if e.start_date is None or e.precision != "day":
            continue  # the events table is read as event days (market event studies): day precision only
        events.append(
            {
                "event_id": "x" + stable_key(ex.article, e.start, e.date),
                "date": e.start_date,
                "precision": e.precision,
                "label": e.date_text,
                "description": e.text,
                "entity": e.entities[0] if e.entities else None,
                "origin": "extract",
                "evidence": json.dumps(
                    [ref("articles", ex.article), ref("news_extractions", ex.article, "event", i)]
                ),
            }
        )
    with store.transaction():
        store.execute("DELETE FROM news_extractions WHERE article_id = ?", [ex.article])
        store.execute(
            "DELETE FROM events WHERE origin = 'extract' AND src_file = ?", [ref("articles", ex.article)]
        )
        if rows:
            store.insert_new(table, pa.Table.from_pylist(rows, schema=table.arrow_schema()))
        n_events = 0
        if events:
            ev = TABLES["events"]
            full = [{c: r.get(c) for c in ev.column_names} for r in events]
            for r in full:
                r.update(
                    {
                        "src_file": ref("articles", ex.article),
                        "src_line": 0,
                        "importer": "extract",
                        "importer_version": EXTRACTOR_VERSION,
                        "import_id": None,
                        "imported_at": now,
                        "raw": None,
                    }
                )
            n_events = store.insert_new(ev, pa.Table.from_pylist(full, schema=ev.arrow_schema()))
    return {
        "events": len(ex.events),
        "figures": len(ex.figures),
        "quotes": len(ex.quotes),
        "stored_events": n_events,
    }


def _start_of(value: str | None) -> date | None:
    if not value or value.startswith("--"):
        return None
    try:
        if len(value) == 10:
            return date.fromisoformat(value)
        if len(value) == 7 and value[4] == "-" and value[5] != "Q":
            return date(int(value[:4]), int(value[5:]), 1)
        if "-Q" in value:
            return date(int(value[:4]), 3 * int(value[-1]) - 2, 1)
        if "-H" in value:
            return date(int(value[:4]), 6 * int(value[-1]) - 5, 1)
        if len(value) == 4:
            return date(int(value), 1, 1)
    except ValueError:
        return None
    return None


def _row(
    aid: str,
    item: str,
    idx: int,
    dval: str | None,
    prec: str | None,
    sd: date | None,
    entity: str | None,
    entities: list[str],
    metric: str | None,
    value: float | None,
    unit: str | None,
    kind: str | None,
    text: str,
    source: str,
    s: int,
    e: int,
    payload: dict[str, Any],
    now: datetime,
) -> dict[str, Any]:
    return {
        "article_id": aid,
        "item": item,
        "idx": idx,
        "date": dval,
        "precision": prec,
        "start_date": sd,
        "entity": entity,
        "entities": json.dumps(entities, ensure_ascii=False),
        "metric": metric,
        "value": value,
        "unit": unit,
        "kind": kind,
        "text": text,
        "source": source,
        "span_start": s,
        "span_end": e,
        "payload": json.dumps(payload, ensure_ascii=False, default=str),
        "extractor_version": EXTRACTOR_VERSION,
        "extracted_at": now,
    }
