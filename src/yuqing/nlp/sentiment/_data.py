"""Loaders for the labelled sentiment sets under ``../shared/data/sentiment`` and for user training files.

Each loader returns ``(texts, labels)`` lists. The fixed splits are those the project documents: weibo_senti_100k
subset with ``split_seed0.csv``, SMP2020-EWECT train CSV / official labelled test, NLPCC 2016 task A train / gold
test, TweetEval sentiment pooled val+test re-split.
"""

from __future__ import annotations

import csv
import json
import os
import re
from pathlib import Path

from yuqing.core import InputError, UsageError

Labelled = tuple[list[str], list[str]]

EMOTICON = re.compile(r"\[[^\[\]]{1,6}\]")

# NLPCC 2016 spells two targets differently in train and test.
_TARGET_ALIASES = {"iphonese": "iPhone SE", "iphone se": "iPhone SE", "俄罗斯在叙利亚的反恐行动": "俄罗斯叙利亚反恐行动"}


def strip_emoticons(text: str) -> str:
    """Remove Weibo bracket emoticons such as ``[泪]`` (the pattern the data README prescribes)."""
    return EMOTICON.sub("", text)


def normalise_target(target: str) -> str:
    t = target.strip()
    return _TARGET_ALIASES.get(t.lower(), _TARGET_ALIASES.get(t, t))


def stance_text(target: str, text: str) -> str:
    """How a (target, text) pair is presented to the stance model: the target, a separator, the text."""
    return f"{normalise_target(target)}\u241e{text}"


def data_root() -> Path:
    env = os.environ.get("YUQING_SHARED")
    if env:
        return Path(env) / "sentiment"
    here = Path(__file__).resolve()
    for parent in here.parents:
        cand = parent.parent / "shared" / "data" / "sentiment"
        if cand.is_dir():
            return cand
    return Path.cwd().parent / "shared" / "data" / "sentiment"


def _need(path: Path) -> Path:
    if not path.exists():
        raise UsageError(f"data set file {path} not found (set YUQING_SHARED to the shared data folder)")
    return path


def weibo_senti(split: str, *, stripped: bool = False, root: Path | None = None) -> Labelled:
    """weibo_senti_100k subset, fixed split; labels ``negative``/``positive``."""
    d = (root or data_root()) / "weibo_senti_100k_subset"
    with open(_need(d / "split_seed0.csv"), encoding="utf-8") as fh:
        splits = {int(r["row"]): r["split"] for r in csv.DictReader(fh)}
    texts: list[str] = []
    labels: list[str] = []
    with open(_need(d / "weibo_senti_subset.csv"), encoding="utf-8") as fh:
        for i, r in enumerate(csv.DictReader(fh)):
            if splits.get(i) != split:
                continue
            t = r["review"] or ""
            texts.append(strip_emoticons(t) if stripped else t)
            labels.append("positive" if r["label"].strip() == "1" else "negative")
    return texts, labels


def smp2020(domain: str, split: str, *, root: Path | None = None) -> Labelled:
    """SMP2020-EWECT ``usual``/``virus``; ``train`` (CSV) or ``test``/``eval`` (official labelled JSON)."""
    d = (root or data_root()) / "smp2020_ewect"
    if split == "train":
        with open(_need(d / f"{domain}_train.csv"), encoding="utf-8") as fh:
            rows = [(r["content"] or "", r["label"]) for r in csv.DictReader(fh)]
    else:
        with open(_need(d / "official_raw" / f"{domain}_{split}_labeled.txt"), encoding="utf-8") as fh:
            rows = [(r["content"] or "", r["label"]) for r in json.load(fh)]
    return [t for t, _ in rows], [lab for _, lab in rows]


def nlpcc_stance(split: str, *, root: Path | None = None) -> Labelled:
    """NLPCC 2016 task A; texts are ``stance_text(target, text)``; labels FAVOR/AGAINST/NONE (blank rows dropped)."""
    d = (root or data_root()) / "nlpcc2016_stance"
    name = "taskA_train_3000.csv" if split == "train" else "taskA_test_gold_1000.csv"
    texts: list[str] = []
    labels: list[str] = []
    with open(_need(d / name), encoding="utf-8") as fh:
        for r in csv.DictReader(fh):
            lab = (r.get("stance") or "").strip().upper()
            if lab not in ("FAVOR", "AGAINST", "NONE"):
                continue
            texts.append(stance_text(r["target"], r["text"] or ""))
            labels.append(lab)
    return texts, labels


_TWEET_LABELS = {"0": "negative", "1": "neutral", "2": "positive"}


def tweeteval_sentiment(split: str, *, root: Path | None = None) -> Labelled:
    """TweetEval sentiment, pooled val+test re-split (seed 0); labels negative/neutral/positive."""
    p = (root or data_root()) / "tweeteval" / "sentiment" / "pooled_val_test_split_seed0.csv"
    texts: list[str] = []
    labels: list[str] = []
    with open(_need(p), encoding="utf-8") as fh:
        for r in csv.DictReader(fh):
            if r["split"] == split:
                texts.append(r["text"] or "")
                labels.append(_TWEET_LABELS[r["label"].strip()])
    return texts, labels


def read_labelled_file(path: str | Path) -> Labelled:
    """A user training file: CSV/TSV with columns ``text,label`` (optional ``target`` for stance), or JSONL
    with the same keys. Bad rows raise :class:`InputError` naming file, line and reason."""
    p = Path(path)
    if not p.exists():
        raise InputError(str(p), 0, "file not found")
    texts: list[str] = []
    labels: list[str] = []
    if p.suffix.lower() in (".jsonl", ".json"):
        with open(p, encoding="utf-8") as fh:
            for n, line in enumerate(fh, 1):
                if not line.strip():
                    continue
                try:
                    obj = json.loads(line)
                except json.JSONDecodeError as exc:
                    raise InputError(str(p), n, f"invalid JSON: {exc.msg}") from exc
                _add(p, n, obj, texts, labels)
        return texts, labels
    delim = "\t" if p.suffix.lower() == ".tsv" else ","
    with open(p, encoding="utf-8-sig", newline="") as fh:
        reader = csv.DictReader(fh, delimiter=delim)
        fields = [f.strip().lower() for f in reader.fieldnames or []]
        if "text" not in fields or "label" not in fields:
            raise InputError(str(p), 1, f"header must name columns 'text' and 'label', found {fields}")
        for n, row in enumerate(reader, 2):
            _add(p, n, {(k or "").strip().lower(): v for k, v in row.items()}, texts, labels)
    return texts, labels


def _add(p: Path, n: int, obj: object, texts: list[str], labels: list[str]) -> None:
    if not isinstance(obj, dict):
        raise InputError(str(p), n, "expected an object with 'text' and 'label'")
    text, label = obj.get("text"), obj.get("label")
    if not isinstance(text, str) or label is None or str(label).strip() == "":
        raise InputError(str(p), n, "missing 'text' or 'label'")
    target = obj.get("target")
    texts.append(stance_text(str(target), text) if target else text)
    labels.append(str(label).strip())
