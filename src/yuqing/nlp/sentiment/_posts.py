"""Scoring stored posts into the ``post_sentiment`` table (``yuqing sentiment``).

``polarity`` routes each text by script: texts with at least one CJK character (or ``lang`` starting with
``zh``) go to ``zh-polarity``, the rest to ``en-polarity``. ``zh-emotion`` scores every selected text with the
Chinese emotion model. A post already scored by the same model version is skipped, so re-running adds nothing.
"""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime
from typing import Any

import pyarrow as pa

from yuqing.core import UsageError
from yuqing.nlp.sentiment._api import load_model, scores_to_records
from yuqing.store.base import Store

_CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
SCORE_TASKS = ("polarity", "zh-emotion")


def route(text: str, lang: str | None) -> str:
    if (lang or "").lower().startswith("zh") or _CJK.search(text or ""):
        return "zh-polarity"
    return "en-polarity"


def polarity_value(scores: dict[str, float]) -> float:
    return round(scores.get("positive", 0.0) - scores.get("negative", 0.0), 4)


class PostScorer:
    """Score stored posts. Constructor only stores parameters; :meth:`run` writes ``post_sentiment``.

    ``account_id``/``platform``/``since``/``until`` (naive UTC)/``kinds``/``limit`` filter the posts."""

    def __init__(
        self,
        task: str = "polarity",
        platform: str | None = None,
        account_id: str | None = None,
        root_id: str | None = None,
        since: datetime | None = None,
        until: datetime | None = None,
        kinds: tuple[str, ...] = (),
        limit: int | None = None,
        batch: int = 5000,
    ) -> None:
        self.task = task
        self.platform = platform
        self.account_id = account_id
        self.root_id = root_id
        self.since = since
        self.until = until
        self.kinds = kinds
        self.limit = limit
        self.batch = batch

    def _tasks(self) -> list[str]:
        if self.task not in SCORE_TASKS:
            raise UsageError(f"task must be one of {', '.join(SCORE_TASKS)}, not {self.task!r}")
        return ["zh-polarity", "en-polarity"] if self.task == "polarity" else [self.task]

    def run(self, store: Store) -> dict[str, Any]:
        from yuqing.store.extra.nlp import POST_SENTIMENT

        tasks = self._tasks()
        versions = {t: load_model(t)[1] for t in tasks}
        where: list[str] = ["p.text IS NOT NULL"]
        args: list[Any] = []
        for col, val in (("platform", self.platform), ("account_id", self.account_id), ("root_id", self.root_id)):
            if val is not None:
                where.append(f"p.{col} = ?")
                args.append(val)
        if self.since is not None:
            where.append("p.created_at >= ?")
            args.append(self.since)
        if self.until is not None:
            where.append("p.created_at < ?")
            args.append(self.until)
        if self.kinds:
            where.append(f"p.kind IN ({', '.join('?' for _ in self.kinds)})")
            args.extend(self.kinds)
        # posts that already have a score from every model version the task may route to are skipped
        vlist = list(versions.values())
        sql = (
            "SELECT p.platform, p.post_id, p.text, p.lang FROM posts p WHERE " + " AND ".join(where)
            + " AND NOT EXISTS (SELECT 1 FROM post_sentiment s WHERE s.platform = p.platform AND "
            f"s.post_id = p.post_id AND s.model_version IN ({', '.join('?' for _ in vlist)}))"
            " ORDER BY p.platform, p.post_id"
        )
        if self.limit:
            sql += f" LIMIT {int(self.limit)}"
        rows = store.fetchall(sql, [*args, *vlist])
        now = datetime.now(UTC).replace(tzinfo=None, microsecond=0)
        counts = {t: 0 for t in tasks}
        for i in range(0, len(rows), self.batch):
            chunk = rows[i : i + self.batch]
            out: list[dict[str, Any]] = []
            for task in tasks:
                sel = [r for r in chunk if self.task != "polarity" or route(r[2], r[3]) == task]
                if not sel:
                    continue
                model, version = load_model(task)
                for r, rec in zip(sel, scores_to_records(model, [r[2] for r in sel]), strict=True):
                    sc = rec["scores"]
                    value = polarity_value(sc) if task.endswith("polarity") else float(max(sc.values()))
                    out.append({"platform": r[0], "post_id": r[1], "task": task, "model_version": version,
                                "label": rec["label"], "score": value, "scores": json.dumps(sc),
                                "computed_at": now})
            with store.transaction():
                store.insert_new(POST_SENTIMENT, pa.Table.from_pylist(out, schema=POST_SENTIMENT.arrow_schema()))
            for rec2 in out:
                counts[rec2["task"]] += 1
        return {"task": self.task, "models": versions, "selected": len(rows), "scored": counts,
                "computed_at": now.isoformat()}
