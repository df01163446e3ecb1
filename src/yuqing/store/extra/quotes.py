"""Tables of the quote-provenance feature (``yuqing quotes``): the cache of statement embeddings."""

from __future__ import annotations

from yuqing.store.schema import Column, Table, register_table

QUOTE_EMBEDDINGS = register_table(
    Table(
        "quote_embeddings",
        (
            Column("model", "str", "embedding model name and version, e.g. use-multilingual-v3"),
            Column("text_sha", "str", "sha256 of the embedded text (hex, first 32 digits)"),
            Column("dim", "int", "vector length"),
            Column("vector", "str", "little-endian float32 vector, base64"),
            Column("created_at", "ts", "UTC time the vector was computed"),
        ),
        key=("model", "text_sha"),
        provenance=False,
        doc="Cache of sentence embeddings used by quote tracing; derived data, safe to delete.",
    )
)
