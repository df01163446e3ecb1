"""The four tasks: their model settings, built-in training data and fixed evaluation sets.

``zh-polarity`` (negative/neutral/positive) is trained on weibo_senti_100k (binary; each text both as is and
with emoticons stripped, so the model learns the words and not only ``[泪]``) plus SMP2020-EWECT usual mapped to
polarity (happy → positive; angry, sad, fear → negative; neutral → neutral; surprise dropped as ambiguous). The
neutral class therefore comes from SMP2020's neutral texts; it is measured on the SMP2020 test sets.
``zh-emotion`` is SMP2020 usual (6 classes); ``en-polarity`` TweetEval sentiment (pooled split);
``zh-stance`` NLPCC 2016 task A (the input is ``target\\u241etext``, see :func:`stance_text`).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from yuqing.core import NotFoundError, UsageError
from yuqing.nlp.sentiment import _data as D
from yuqing.nlp.sentiment._features import HashedNgrams
from yuqing.nlp.sentiment._linear import HashedLinearModel

SMP_POLARITY = {"happy": "positive", "angry": "negative", "sad": "negative", "fear": "negative",
                "neutral": "neutral"}


def _smp_polarity(domain: str, split: str) -> D.Labelled:
    texts, labels = D.smp2020(domain, split)
    keep = [(t, SMP_POLARITY[lab]) for t, lab in zip(texts, labels, strict=True) if lab in SMP_POLARITY]
    return [t for t, _ in keep], [lab for _, lab in keep]


def _zh_polarity_train() -> D.Labelled:
    raw_t, raw_l = D.weibo_senti("train")
    st_t, st_l = D.weibo_senti("train", stripped=True)
    smp_t, smp_l = _smp_polarity("usual", "train")
    return raw_t + st_t + smp_t, raw_l + st_l + smp_l


@dataclass(frozen=True)
class EvalSet:
    """A fixed test set. ``metric``: ``accuracy``, ``macro_f1`` or ``f1_favor_against`` (NLPCC's official
    score). ``binary`` means the gold labels are negative/positive only: the prediction is the larger of the
    two (neutral is not allowed to abstain), so accuracy compares with binary baselines."""

    name: str
    load: Callable[[], D.Labelled]
    metric: str
    binary: bool = False
    note: str = ""


@dataclass(frozen=True)
class TaskSpec:
    name: str
    description: str
    make_model: Callable[[], HashedLinearModel]
    train: Callable[[], D.Labelled]
    evals: tuple[EvalSet, ...] = field(default_factory=tuple)
    lang: str = "zh"


def _zh_model(C: float = 0.3, loss: str = "svm", balanced: bool = False) -> HashedLinearModel:
    return HashedLinearModel(HashedNgrams(n_features=2**20, char=(1, 3)), C=C, loss=loss, balanced=balanced)


def _en_model() -> HashedLinearModel:
    # + VADER/AFINN lexicon scores (``_lexicon.py``); head, C and weight chosen on a 15% hold-out of the
    # training set (docs/sentiment.md)
    return HashedLinearModel(HashedNgrams(n_features=2**20, char=(1, 5), char_wb=True, word=(1, 2)), C=3.0,
                             loss="lr", balanced=True, lexicon="en-vader", lexicon_weight=2.0)


TASKS: dict[str, TaskSpec] = {
    "zh-polarity": TaskSpec(
        "zh-polarity", "Chinese polarity negative/neutral/positive (weibo_senti_100k + SMP2020 usual mapped)",
        lambda: _zh_model(C=0.3, balanced=True), _zh_polarity_train,
        (
            EvalSet("weibo_senti_test", lambda: D.weibo_senti("test"), "accuracy", True,
                    "labels come from emoticons"),
            EvalSet("weibo_senti_test_stripped", lambda: D.weibo_senti("test", stripped=True), "accuracy", True,
                    "emoticons stripped from the test texts"),
            EvalSet("smp2020_usual_test_polarity", lambda: _smp_polarity("usual", "test"), "macro_f1"),
            EvalSet("smp2020_virus_test_polarity", lambda: _smp_polarity("virus", "test"), "macro_f1",
                    note="cross-domain"),
        ),
    ),
    "zh-emotion": TaskSpec(
        "zh-emotion", "Chinese emotion, SMP2020-EWECT's 6 classes (trained on usual)",
        lambda: _zh_model(C=0.3, balanced=True), lambda: D.smp2020("usual", "train"),
        (
            EvalSet("smp2020_usual_test", lambda: D.smp2020("usual", "test"), "macro_f1"),
            EvalSet("smp2020_virus_test", lambda: D.smp2020("virus", "test"), "macro_f1", note="cross-domain"),
        ),
    ),
    "en-polarity": TaskSpec(
        "en-polarity", "English polarity negative/neutral/positive (TweetEval sentiment, pooled split)",
        _en_model, lambda: D.tweeteval_sentiment("train"),
        (EvalSet("tweeteval_sentiment_test", lambda: D.tweeteval_sentiment("test"), "macro_f1"),),
        lang="en",
    ),
    "zh-stance": TaskSpec(
        "zh-stance", "Stance FAVOR/AGAINST/NONE toward a named target (NLPCC 2016 task A)",
        lambda: _zh_model(C=0.3), lambda: D.nlpcc_stance("train"),
        (EvalSet("nlpcc2016_test", lambda: D.nlpcc_stance("test"), "f1_favor_against"),),
    ),
}


MODES = ("fast", "accurate")

# Accurate mode (slower, optional): the task's n-gram model with a USE multilingual sentence embedding (×weight)
# concatenated to its features (``HashedLinearModel(embedder="use")``). Only tasks where it measured better on
# the fixed test split have one; the weight was chosen on a 15% hold-out of the training set (docs/sentiment.md).
ACCURATE_EMBED_WEIGHT: dict[str, float] = {"en-polarity": 0.35, "zh-emotion": 0.25}
#: other settings of the accurate model where they differ from the fast model's (same hold-out protocol)
ACCURATE_SETTINGS: dict[str, dict[str, Any]] = {"en-polarity": {"lexicon_weight": 0.5, "loss": "svm", "C": 0.4}}


def make_model(spec: TaskSpec, mode: str = "fast") -> HashedLinearModel:
    """A fresh (unfitted) model for ``spec`` in ``mode`` (``fast`` n-grams only, ``accurate`` + embeddings)."""
    model = spec.make_model()
    if mode == "accurate":
        model.embedder, model.embed_weight = "use", ACCURATE_EMBED_WEIGHT[check_mode(spec.name, mode)]
        for key, value in ACCURATE_SETTINGS.get(spec.name, {}).items():
            setattr(model, key, value)
    return model


def check_mode(task: str, mode: str) -> str:
    """``task`` if it has a model for ``mode``; otherwise a :class:`UsageError` naming what exists."""
    if mode not in MODES:
        raise UsageError(f"mode must be one of {', '.join(MODES)}, not {mode!r}")
    if mode == "accurate" and task not in ACCURATE_EMBED_WEIGHT:
        raise UsageError(f"{task} has no accurate mode (tasks with one: {', '.join(ACCURATE_EMBED_WEIGHT)})")
    return task


def get_task(name: str) -> TaskSpec:
    if name not in TASKS:
        import difflib

        raise NotFoundError("task", name, difflib.get_close_matches(name, list(TASKS), n=4, cutoff=0.3))
    return TASKS[name]
