"""Loading, training, classifying and evaluating the sentiment/emotion/stance models.

Shipped models live in ``yuqing/nlp/models/<task>.npz`` and are built by :func:`train_task` (the code path of
``yuqing nlp train``). A model's version is ``<task>@<first 10 hex digits of the file's sha256>``.
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np

from yuqing.core import UsageError
from yuqing.nlp.sentiment._data import read_labelled_file
from yuqing.nlp.sentiment._linear import HashedLinearModel
from yuqing.nlp.sentiment._tasks import EvalSet, check_mode, get_task, make_model

MODELS_DIR = Path(__file__).resolve().parent.parent / "models"


def model_path(task: str, models_dir: Path | None = None, mode: str = "fast") -> Path:
    """The model file of ``task``: ``<task>.npz`` (fast, the default) or ``<task>-accurate.npz``."""
    get_task(task)
    check_mode(task, mode)
    suffix = "-accurate" if mode == "accurate" else ""
    return (models_dir or MODELS_DIR) / f"{task}{suffix}.npz"


@lru_cache(maxsize=8)
def _load_cached(path: str) -> tuple[HashedLinearModel, str]:
    p = Path(path)
    if not p.exists():
        raise UsageError(f"no model file {p}: train it with `yuqing nlp train TASK --out {p.parent}`")
    digest = hashlib.sha256(p.read_bytes()).hexdigest()[:10]
    model = HashedLinearModel.load(p)
    name = str(model.meta_.get("task", p.stem)) + ("-accurate" if model.embedder else "")
    return model, f"{name}@{digest}"


def load_model(task: str, path: str | Path | None = None, mode: str = "fast") -> tuple[HashedLinearModel, str]:
    """The model for ``task`` (the shipped one of ``mode`` unless ``path`` is given) and its version string."""
    p = Path(path) if path else model_path(task, mode=mode)
    return _load_cached(str(p.resolve()))


def scores_to_records(model: HashedLinearModel, texts: Sequence[str]) -> list[dict[str, Any]]:
    """``{"label", "scores": {class: score}}`` per text, in input order; scores sum to 1 (4 decimals)."""
    if not texts:
        return []
    probs = model.predict_scores(list(texts))
    out = []
    for row in probs:
        i = int(np.argmax(row))
        out.append({"label": model.classes_[i],
                    "scores": {c: round(float(v), 4) for c, v in zip(model.classes_, row, strict=True)}})
    return out


def classify(task: str, texts: Sequence[str], path: str | Path | None = None,
             mode: str = "fast") -> list[dict[str, Any]]:
    model, _ = load_model(task, path, mode)
    return scores_to_records(model, texts)


def train_task(task: str, data: str | Path | None = None, out: str | Path | None = None, mode: str = "fast",
               embeddings: np.ndarray | None = None) -> dict[str, Any]:
    """Train ``task``'s model on ``data`` (a labelled CSV/TSV/JSONL, see ``read_labelled_file``) or, when
    omitted, on the task's built-in training set; save it to ``out`` (a folder or a ``.npz`` path).
    ``mode="accurate"`` adds sentence embeddings (computed here unless ``embeddings`` gives them, one row per
    training text in order)."""
    spec = get_task(task)
    check_mode(task, mode)
    texts, labels = read_labelled_file(data) if data else spec.train()
    if not texts:
        raise UsageError(f"no training rows for {task}")
    t0 = time.perf_counter()
    model = make_model(spec, mode).fit(texts, labels, embeddings if mode == "accurate" else None)
    seconds = time.perf_counter() - t0
    dest = Path(out) if out else MODELS_DIR
    if dest.suffix != ".npz":
        dest = model_path(task, dest, mode)
    source = str(data) if data else "built-in"
    model.save(dest, task=task, data=source)
    _load_cached.cache_clear()
    return {"task": task, "mode": mode, "path": str(dest), "data": source, "n_train": len(texts),
            "labels": model.meta_["labels"], "features": int(model.rows_.size), "bytes": dest.stat().st_size,
            "train_seconds": round(seconds, 1)}


def _metric(ev: EvalSet, gold: Sequence[str], pred: Sequence[str]) -> dict[str, Any]:
    from sklearn.metrics import accuracy_score, f1_score

    labels = sorted(set(gold))
    per = f1_score(gold, pred, labels=labels, average=None, zero_division=0)
    out: dict[str, Any] = {
        "n": len(gold), "accuracy": round(float(accuracy_score(gold, pred)), 4),
        "macro_f1": round(float(f1_score(gold, pred, labels=labels, average="macro", zero_division=0)), 4),
        "f1": {lab: round(float(v), 4) for lab, v in zip(labels, per, strict=True)},
    }
    if ev.metric == "f1_favor_against":
        out["f1_favor_against"] = round(float(np.mean([out["f1"]["FAVOR"], out["f1"]["AGAINST"]])), 4)
    out["metric"] = ev.metric
    out["score"] = out[ev.metric]
    return out


def predict_for(model: HashedLinearModel, ev: EvalSet, texts: Sequence[str]) -> list[str]:
    """Predictions for an evaluation set; on a binary set neutral may not abstain (larger of pos/neg)."""
    if not ev.binary or "neutral" not in model.classes_:
        return model.predict(texts)
    d = model.decision_function(texts)
    ineg, ipos = model.classes_.index("negative"), model.classes_.index("positive")
    return ["positive" if r[ipos] > r[ineg] else "negative" for r in d]


def evaluate_task(task: str, path: str | Path | None = None, limit: int | None = None,
                  mode: str = "fast") -> dict[str, Any]:
    """Scores of the model on the task's fixed test sets (``limit``: only the first N rows of each)."""
    spec = get_task(task)
    model, version = load_model(task, path, mode)
    sets: dict[str, Any] = {}
    for ev in spec.evals:
        texts, gold = ev.load()
        if limit:
            texts, gold = texts[:limit], gold[:limit]
        t0 = time.perf_counter()
        pred = predict_for(model, ev, texts)
        secs = time.perf_counter() - t0
        res = _metric(ev, gold, pred)
        res["texts_per_s"] = round(len(texts) / secs) if secs > 0 else None
        if ev.note:
            res["note"] = ev.note
        sets[ev.name] = res
    return {"task": task, "model": version, "sets": sets}
