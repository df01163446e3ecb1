"""The shipped sentiment/emotion/stance models: they load, are small, hold no training text, and beat the
baselines on the real fixed test splits (inference only; no training on the real data here).

Baselines: the figures documented in ../shared/README.md (TF-IDF char 1-3 + logistic regression, measured on
this kind of machine) for weibo_senti_100k, SMP2020 usual and TweetEval; for NLPCC stance the TF-IDF+LR baseline
is cheap (3,000 texts) and is trained here, in the test. ``bench/sentiment.py`` re-measures all baselines.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import pytest

from tests.conftest import shared
from yuqing.nlp.sentiment import MODELS_DIR, TASKS, evaluate_task, load_model

# documented in ../shared/README.md ("Benchmarks baselines")
BASELINE_SMP_USUAL_MACRO_F1 = 0.703
BASELINE_WEIBO_STRIPPED_ACC = 0.754
BASELINE_TWEETEVAL_MACRO_F1 = 0.655


def test_shipped_models_exist_and_are_small() -> None:
    total = 0
    for task in TASKS:
        p = MODELS_DIR / f"{task}.npz"
        assert p.exists(), f"missing shipped model {p}"
        total += p.stat().st_size
    assert total < 12 * 2**20, f"shipped models take {total} bytes"
    assert (MODELS_DIR / "MODEL_CARD.md").exists()


def test_model_files_hold_no_vocabulary_or_text() -> None:
    for task in TASKS:
        z = np.load(MODELS_DIR / f"{task}.npz")
        assert {"header", "row_delta", "coef_q", "scale", "intercept", "idf_q"} <= set(z.files)
        assert set(z.files) <= {"header", "row_delta", "coef_q", "scale", "intercept", "idf_q", "dense_q", "lexicon_coef",
                                "dense_scale"}
        for name in z.files:
            if name != "header":
                assert z[name].dtype.kind in "uif", f"{task}:{name} is not numeric"
        assert len(bytes(z["header"])) < 4000


@pytest.mark.parametrize("task", sorted(TASKS))
def test_models_load_and_score_in_order(task: str) -> None:
    model, version = load_model(task)
    assert version.startswith(task + "@")
    texts = ["小米汽车太棒了，非常满意", "质量太差了，再也不买了", "今天天气一般", "great phone, love it",
             "worst service ever", ""]
    scores = model.predict_scores(texts)
    assert scores.shape == (len(texts), len(model.classes_))
    assert np.allclose(scores.sum(axis=1), 1.0, atol=1e-5)
    # scoring one at a time gives the same as a batch (order kept, no cross-talk)
    one = np.vstack([model.predict_scores([t]) for t in texts])
    assert np.allclose(one, scores, atol=1e-5)


def _eval(task: str) -> dict[str, Any]:
    shared("sentiment")
    sets: dict[str, Any] = evaluate_task(task)["sets"]
    return sets


@pytest.mark.xdist_group("nlp_real")
def test_zh_emotion_beats_baseline_on_smp2020_usual() -> None:
    sets = _eval("zh-emotion")
    assert sets["smp2020_usual_test"]["n"] == 5000
    assert sets["smp2020_usual_test"]["macro_f1"] > BASELINE_SMP_USUAL_MACRO_F1
    assert sets["smp2020_virus_test"]["macro_f1"] > 0.4  # cross-domain, far above the 1/6 of chance


@pytest.mark.xdist_group("nlp_real")
def test_zh_polarity_on_weibo_and_smp() -> None:
    sets = _eval("zh-polarity")
    assert sets["weibo_senti_test_stripped"]["n"] == 10958
    assert sets["weibo_senti_test_stripped"]["accuracy"] > BASELINE_WEIBO_STRIPPED_ACC
    assert sets["weibo_senti_test"]["accuracy"] > 0.95
    smp = sets["smp2020_usual_test_polarity"]
    assert smp["macro_f1"] > 0.6 and smp["f1"]["neutral"] > 0.4


@pytest.mark.xdist_group("nlp_real")
def test_en_polarity_beats_baseline_on_tweeteval() -> None:
    sets = _eval("en-polarity")
    assert sets["tweeteval_sentiment_test"]["macro_f1"] > BASELINE_TWEETEVAL_MACRO_F1
    assert sets["tweeteval_sentiment_test"]["macro_f1"] >= 0.69  # issue 4's goal, default (fast) model


@pytest.mark.xdist_group("nlp_real")
def test_en_polarity_accurate_reaches_the_issue_goal_on_tweeteval() -> None:
    """Accurate mode (n-grams + USE + VADER/AFINN): issue 4's goal is macro-F1 >= 0.69 (scores the 2,857 test
    tweets through USE, ~15 s)."""
    shared("sentiment")
    sets = evaluate_task("en-polarity", mode="accurate")["sets"]
    assert sets["tweeteval_sentiment_test"]["macro_f1"] >= 0.69


@pytest.mark.xdist_group("nlp_real")
def test_zh_stance_beats_tfidf_lr_trained_here() -> None:
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression
    from sklearn.metrics import f1_score

    from yuqing.nlp.sentiment import _data

    shared("sentiment/nlpcc2016_stance")
    tr, trl = _data.nlpcc_stance("train")
    te, tel = _data.nlpcc_stance("test")
    vec = TfidfVectorizer(analyzer="char", ngram_range=(1, 3))
    base = LogisticRegression(max_iter=1000).fit(vec.fit_transform(tr), trl).predict(vec.transform(te))
    baseline = float(np.mean(f1_score(tel, base, labels=["FAVOR", "AGAINST"], average=None)))
    ours = evaluate_task("zh-stance")["sets"]["nlpcc2016_test"]["f1_favor_against"]
    assert ours > baseline, (ours, baseline)


def test_models_dir_is_inside_package() -> None:
    assert Path(MODELS_DIR).parts[-3:] == ("yuqing", "nlp", "models")
