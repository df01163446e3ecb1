"""Content classifier on the 467 hand-labelled real CED posts: hand rule weights vs a logistic regression that
re-weights the same rule hits (5-fold stratified CV, seed 0). Prints accuracy, macro-F1 and per-class F1.

    nice .venv/bin/python bench/audience_content_class.py
"""

from __future__ import annotations

import csv
import gzip
import json
from pathlib import Path

import numpy as np
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import StratifiedKFold, cross_val_predict

from yuqing.nlp.content_class import CLASSES, RULES, ContentClassifier

ROOT = Path(__file__).resolve().parents[1]
CED = ROOT.parent / "shared" / "data" / "weibo" / "ced_rumor" / "ced_microblogs_with_reposts.jsonl.gz"


def scores(pred: np.ndarray, gold: np.ndarray) -> tuple[float, float, list[float]]:
    f1 = []
    for c in CLASSES:
        tp = float(((pred == c) & (gold == c)).sum())
        p = tp / max(float((pred == c).sum()), 1.0)
        r = tp / max(float((gold == c).sum()), 1.0)
        f1.append(2 * p * r / (p + r) if p + r else 0.0)
    return float((pred == gold).mean()), float(np.mean(f1)), f1


def per_class(f1: list[float]) -> str:
    return ", ".join(f"{c} {v:.2f}" for c, v in zip(CLASSES, f1, strict=True))


def main() -> None:
    with open(ROOT / "tests" / "data" / "content_class_labels.csv", encoding="utf-8") as fh:
        labels = list(csv.DictReader(fh))
    want = {r["id"] for r in labels}
    texts: dict[str, str] = {}
    with gzip.open(CED, "rt", encoding="utf-8") as fh:
        for line in fh:
            d = json.loads(line)
            if d["file"] in want:
                texts[d["file"]] = d["original"]["text"]
    gold = np.array([r["label"] for r in labels])
    rules = np.array([ContentClassifier().predict_one(texts[r["id"]]) for r in labels])
    acc, mf1, f1 = scores(rules, gold)
    print(f"hand rule weights: accuracy {acc:.3f} macro-F1 {mf1:.3f} per class {per_class(f1)}")
    x = np.array([[1.0 if rule.pattern.search(texts[r["id"]]) else 0.0 for rule in RULES] for r in labels])
    for cw in (None, "balanced"):
        lr = LogisticRegression(C=1.0, max_iter=2000, class_weight=cw)
        pred = cross_val_predict(lr, x, gold, cv=StratifiedKFold(5, shuffle=True, random_state=0))
        acc, mf1, f1 = scores(np.asarray(pred), gold)
        print(f"LR on rule hits (class_weight={cw}), 5-fold CV: accuracy {acc:.3f} macro-F1 {mf1:.3f} "
              f"per class {per_class(f1)}")


if __name__ == "__main__":
    main()
