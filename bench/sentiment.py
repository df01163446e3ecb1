"""Sentiment/emotion/stance benchmark: the shipped models against a TF-IDF (char 1-3) + logistic regression
baseline trained in the same run on the same training data, on every fixed test set, plus throughput.

    nice .venv/bin/python bench/sentiment.py               # everything (several minutes on 2 busy cores)
    nice .venv/bin/python bench/sentiment.py --sets smp2020_usual,nlpcc2016 --sample 2000

Extra rows:
* ``weibo_stripped_protocol``: the zh model configuration trained on weibo_senti train with emoticons stripped
  and tested on stripped test (the protocol of ../shared/README.md), next to the baseline under the same protocol;
* ``smp2020_virus_test`` for zh-emotion is cross-domain (trained on usual).

Throughput is texts per CPU-second of this process (wall-clock rate printed too), one thread, on the weibo_senti test texts (classification only,
the model already loaded); the ratio compares with the baseline's vectorizer + predict on the same texts.
Needs ../shared/data (or YUQING_SHARED).
"""

from __future__ import annotations

import argparse
import os
import time
from collections.abc import Callable, Sequence

os.environ.setdefault("OMP_NUM_THREADS", "1")
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import Pipeline, make_pipeline

from yuqing.nlp.sentiment import _data as D
from yuqing.nlp.sentiment._api import _metric, load_model, predict_for
from yuqing.nlp.sentiment._tasks import TASKS, EvalSet, _smp_polarity, _zh_model


def baseline() -> Pipeline:
    return make_pipeline(TfidfVectorizer(analyzer="char", ngram_range=(1, 3)), LogisticRegression(max_iter=1000))


def _sample(data: D.Labelled, n: int | None) -> D.Labelled:
    return (data[0][:n], data[1][:n]) if n else data


def _score(ev: EvalSet, gold: Sequence[str], pred: Sequence[str]) -> float:
    return float(_metric(ev, gold, pred)["score"])


def _row(name: str, metric: str, ours: float, base: float, n: int) -> None:
    print(f"{name:34s} {metric:17s} n={n:6d}  ours {ours:.4f}  baseline {base:.4f}  diff {ours - base:+.4f}",
          flush=True)


def run_task(task: str, sets: set[str] | None, sample: int | None) -> None:
    spec = TASKS[task]
    model, version = load_model(task)
    evals = [ev for ev in spec.evals if sets is None or any(s in ev.name for s in sets)]
    if not evals:
        return
    if task == "zh-polarity":  # the baseline is binary on weibo (as in the README) and 3-class on SMP
        t0 = time.perf_counter()
        base_w = baseline().fit(*_sample(D.weibo_senti("train"), sample * 4 if sample else None))
        base_s = baseline().fit(*_sample(_smp_polarity("usual", "train"), sample * 4 if sample else None))
        fit_s = time.perf_counter() - t0
    else:
        t0 = time.perf_counter()
        base_w = base_s = baseline().fit(*_sample(spec.train(), sample * 4 if sample else None))
        fit_s = time.perf_counter() - t0
    print(f"# {task}: model {version}; baseline fitted in {fit_s:.0f} s", flush=True)
    for ev in evals:
        texts, gold = _sample(ev.load(), sample)
        ours = _score(ev, gold, predict_for(model, ev, texts))
        base_model = base_w if ev.binary else base_s
        base = _score(ev, gold, list(base_model.predict(texts)))
        _row(f"{task}/{ev.name}", ev.metric, ours, base, len(texts))


def weibo_protocol(sample: int | None) -> None:
    ev = EvalSet("weibo_stripped_protocol", lambda: D.weibo_senti("test", stripped=True), "accuracy", True)
    tr = _sample(D.weibo_senti("train", stripped=True), sample * 4 if sample else None)
    te = _sample(ev.load(), sample)
    ours = _zh_model().fit(*tr)
    base = baseline().fit(*tr)
    _row("zh/weibo_stripped_protocol", "accuracy", _score(ev, te[1], ours.predict(te[0])),
         _score(ev, te[1], list(base.predict(te[0]))), len(te[0]))


def _rate(fn: Callable[[list[str]], object], texts: list[str], repeat: int = 3) -> float:
    """Texts per CPU-second of this process (best of ``repeat``): on a shared machine wall time mostly measures
    the other users; the wall-clock rate is printed too."""
    best, best_wall = float("inf"), float("inf")
    for _ in range(repeat):
        t0, w0 = time.process_time(), time.perf_counter()
        fn(texts)
        best, best_wall = min(best, time.process_time() - t0), min(best_wall, time.perf_counter() - w0)
    print(f"  ({fn.__qualname__}: {len(texts) / best_wall:,.0f} texts per wall-clock second)", flush=True)
    return len(texts) / best


def throughput(sample: int | None) -> None:
    texts = D.weibo_senti("test")[0][: sample or 10000]
    model, _ = load_model("zh-polarity")
    base = baseline().fit(*_sample(D.weibo_senti("train"), 20000))
    ours = _rate(model.predict_scores, texts)
    theirs = _rate(base.predict_proba, texts)
    print(f"throughput zh-polarity {ours:,.0f} texts/CPU-s; baseline TF-IDF+LR {theirs:,.0f} texts/CPU-s; "
          f"ratio {ours / theirs:.2f} (n={len(texts)}, one thread)", flush=True)
    en, _ = load_model("en-polarity")
    tw = D.tweeteval_sentiment("test")[0]
    print(f"throughput en-polarity {_rate(en.predict_scores, tw):,.0f} texts/CPU-s (n={len(tw)})", flush=True)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sets", help="comma-separated substrings of set names (default: all)")
    ap.add_argument("--sample", type=int, help="only the first N test rows (4N training rows) per set")
    ap.add_argument("--skip", default="", help="comma list: protocol,throughput")
    a = ap.parse_args()
    sets = set(a.sets.split(",")) if a.sets else None
    for task in TASKS:
        run_task(task, sets, a.sample)
    if "protocol" not in a.skip and (sets is None or any("weibo" in s for s in sets)):
        weibo_protocol(a.sample)
    if "throughput" not in a.skip:
        throughput(a.sample)


if __name__ == "__main__":
    main()
