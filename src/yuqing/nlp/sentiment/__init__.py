"""Sentiment, emotion and stance models for Chinese and English (see docs/sentiment.md).

Tasks: ``zh-polarity``, ``zh-emotion``, ``en-polarity``, ``zh-stance``. Models are small hashed-n-gram linear
classifiers trained by :func:`train_task` and shipped in ``yuqing/nlp/models``.
"""

from yuqing.nlp.sentiment._api import (
    MODELS_DIR,
    classify,
    evaluate_task,
    load_model,
    model_path,
    scores_to_records,
    train_task,
)
from yuqing.nlp.sentiment._data import stance_text, strip_emoticons
from yuqing.nlp.sentiment._posts import PostScorer, polarity_value, route
from yuqing.nlp.sentiment._tasks import ACCURATE_EMBED_WEIGHT, TASKS, get_task

__all__ = [
    "ACCURATE_EMBED_WEIGHT", "MODELS_DIR", "TASKS", "PostScorer", "classify", "evaluate_task", "get_task",
    "load_model", "model_path", "polarity_value", "route", "scores_to_records", "stance_text", "strip_emoticons",
    "train_task",
]
