"""The hashed linear model on SYNTHETIC data: fit/save/load round trip, quantisation, the stance target
conjunction, the optional dense (embedding) block with precomputed vectors, and clear errors."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import pytest

from yuqing.core import UsageError
from yuqing.nlp.sentiment._data import stance_text
from yuqing.nlp.sentiment._features import HashedNgrams
from yuqing.nlp.sentiment._linear import HashedLinearModel

# SYNTHETIC
POS = ["好开心好喜欢", "非常好用喜欢", "太棒了开心", "喜欢这个好"]
NEG = ["太差了难过", "垃圾很差生气", "难过又坏了", "很差不喜欢生气"]


def _fit(**kw: Any) -> HashedLinearModel:
    return HashedLinearModel(HashedNgrams(n_features=2**16), min_df=1, **kw).fit(
        POS * 2 + NEG * 2, ["positive"] * 8 + ["negative"] * 8)


def test_save_load_round_trip(tmp_path: Path) -> None:
    m = _fit()
    p = m.save(tmp_path / "m.npz", task="t")
    m2 = HashedLinearModel.load(p)
    probe = ["好开心", "太差了", "无关的句子"]
    assert m2.classes_ == ["negative", "positive"] and m2.meta_["task"] == "t"
    assert m2.predict(probe[:2]) == ["positive", "negative"]
    # int8 weights and idf in 1/16 steps: scores move by little
    assert np.abs(m.predict_scores(probe) - m2.predict_scores(probe)).max() < 0.05


def test_fast_scoring_matches_reference_weighting() -> None:
    m = _fit(loss="lr", C=5.0)
    texts = [*POS, *NEG, "", "x"]
    ref = np.asarray(m._weight(m._feat().transform(texts))[:, m.rows_] @ m.coef_) + m.intercept_
    assert np.allclose(m.decision_function(texts), ref, atol=1e-5)


def test_target_conjunction_separates_targets() -> None:
    feats = HashedNgrams(n_features=2**16)
    a = feats.transform([stance_text("目标甲", "支持")])
    b = feats.transform([stance_text("目标乙", "支持")])
    plain = feats.transform(["支持"])
    assert a.nnz == 2 * plain.nnz and b.nnz == 2 * plain.nnz
    shared = set(a.indices) & set(b.indices)
    assert shared == set(plain.indices)  # the plain n-grams are shared, the conjoined ones differ


def test_dense_block_with_precomputed_vectors(tmp_path: Path) -> None:
    rng = np.random.default_rng(0)
    texts = POS * 2 + NEG * 2
    labels = ["positive"] * 8 + ["negative"] * 8
    # SYNTHETIC "embeddings": one informative dimension
    emb = rng.normal(size=(16, 8)).astype(np.float32)
    emb[:, 0] = [1.0] * 8 + [-1.0] * 8
    m = HashedLinearModel(HashedNgrams(n_features=2**16), min_df=1, embedder="use").fit(texts, labels, emb)
    assert m.dense_coef_ is not None and m.dense_coef_.shape == (8, 2)
    p = m.save(tmp_path / "d.npz")
    m2 = HashedLinearModel.load(p)
    assert m2.embedder == "use" and m2.dense_coef_ is not None
    np.testing.assert_allclose(m2.decision_function(texts, emb), m.decision_function(texts, emb), atol=0.05)


def test_errors() -> None:
    with pytest.raises(UsageError):
        HashedLinearModel().fit(["a", "b"], ["x", "x"])
    with pytest.raises(UsageError):
        HashedLinearModel(loss="hinge").fit(["a", "b"], ["x", "y"])
    with pytest.raises(UsageError):
        HashedLinearModel.load(__file__)


# SYNTHETIC English texts for the lexicon block (the n-grams alone cannot tell "great" from "awful": each
# appears once in training, below min_df)
EN_TRAIN = ["the phone is good", "the phone is bad", "a nice day", "a terrible day", "love it", "hate it",
            "so happy with the car", "so sad about the car"]
EN_LABELS = ["positive", "negative"] * 4


def test_lexicon_features_follow_the_texts() -> None:
    from yuqing.nlp.sentiment._lexicon import lexicon_features

    f = lexicon_features("en-vader", ["I love this, it is great :)", "This is awful and I hate it", "", "a table"])
    assert f.shape == (4, 5) and f.dtype == np.float32
    assert f[0, 3] > 0.5 and f[1, 3] < -0.5  # VADER compound
    assert f[0, 4] > 0 > f[1, 4]  # AFINN, squashed
    assert f[2].tolist() == [0.0, 0.0, 0.0, 0.0, 0.0] and f[3, 1] == 1.0  # empty: zeros; no sentiment: neutral 1
    with pytest.raises(UsageError, match="unknown lexicon"):
        lexicon_features("zh-none", ["x"])


def test_lexicon_block_is_learnt_saved_and_loaded(tmp_path: Path) -> None:
    kw: dict[str, Any] = {"features": HashedNgrams(n_features=2**16, char=(1, 3), char_wb=True), "min_df": 2, "C": 1.0}
    plain = HashedLinearModel(**kw).fit(EN_TRAIN, EN_LABELS)
    lex = HashedLinearModel(**kw, lexicon="en-vader", lexicon_weight=2.0).fit(EN_TRAIN, EN_LABELS)
    assert plain.dense_coef_ is None and lex.dense_coef_ is not None and lex.dense_coef_.shape == (5, 2)
    probe = ["what a great wonderful thing", "what an awful horrible thing"]
    assert lex.predict(probe) == ["positive", "negative"]
    m2 = HashedLinearModel.load(lex.save(tmp_path / "lex.npz"))
    assert (m2.lexicon, m2.lexicon_weight) == ("en-vader", 2.0)
    assert m2.dense_coef_ is not None
    np.testing.assert_allclose(m2.dense_coef_, lex.dense_coef_)  # float32, stored as learnt
    np.testing.assert_allclose(m2.decision_function(probe), lex.decision_function(probe), atol=0.05)


def test_embedding_and_lexicon_blocks_together(tmp_path: Path) -> None:
    rng = np.random.default_rng(1)
    emb = rng.normal(size=(len(EN_TRAIN), 6)).astype(np.float32)  # SYNTHETIC vectors
    m = HashedLinearModel(HashedNgrams(n_features=2**16), min_df=1, embedder="use", embed_weight=0.5,
                          lexicon="en-vader", lexicon_weight=0.5).fit(EN_TRAIN, EN_LABELS, emb)
    assert m.dense_coef_ is not None and m.dense_coef_.shape == (6 + 5, 2)
    m2 = HashedLinearModel.load(m.save(tmp_path / "both.npz"))
    assert m2.dense_coef_ is not None
    np.testing.assert_allclose(m2.dense_coef_[6:], m.dense_coef_[6:])  # the lexicon rows are not quantised
    np.testing.assert_allclose(m2.decision_function(EN_TRAIN, emb), m.decision_function(EN_TRAIN, emb), atol=0.05)
