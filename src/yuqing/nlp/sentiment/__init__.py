"""Sentiment, emotion and stance models for Chinese and English (see docs/sentiment.md).

Tasks: ``zh-polarity``, ``zh-emotion``, ``en-polarity``, ``zh-stance``. Models are small hashed-n-gram linear
classifiers trained by :func:`train_task` and shipped in ``yuqing/nlp/models``.
"""

from yuqing.nlp.sentiment._api import MODELS_DIR, classify, evaluate_task, load_model, model_path, train_task
from yuqing.nlp.sentiment._data import stance_text, strip_emoticons
from yuqing.nlp.sentiment._tasks import TASKS, get_task

__all__ = [
    "MODELS_DIR", "TASKS", "classify", "evaluate_task", "get_task", "load_model", "model_path", "stance_text",
    "strip_emoticons", "train_task",
]
