"""Tables of the sentiment feature (``yuqing sentiment``, ``yuqing mood``): model scores of stored posts."""

from __future__ import annotations

from yuqing.store.schema import Column, Table, register_table

POST_SENTIMENT = register_table(
    Table(
        "post_sentiment",
        (
            Column("platform", "str"),
            Column("post_id", "str"),
            Column("task", "str", "zh-polarity | en-polarity | zh-emotion"),
            Column("model_version", "str", "<task>@<first 10 hex digits of the model file's sha256>"),
            Column("label", "str", "the top class"),
            Column("score", "float", "polarity tasks: P(positive) - P(negative) in [-1, 1]; emotion: top score"),
            Column("scores", "str", "JSON object class -> score (sums to 1)"),
            Column("computed_at", "ts", "UTC time of the run"),
        ),
        key=("platform", "post_id", "task", "model_version"),
        provenance=False,
        doc="Sentiment/emotion of stored posts by a model version; re-running a version adds nothing.",
        indexes=(("task", "model_version"),),
    )
)
