"""Tables of the news-intelligence feature (``yuqing extract``, ``yuqing timeline``)."""

from __future__ import annotations

from yuqing.store.schema import Column, Table, register_table

NEWS_EXTRACTIONS = register_table(
    Table(
        "news_extractions",
        (
            Column("article_id", "str", "the article (table articles) the item was extracted from"),
            Column("item", "str", "event | figure | quote"),
            Column("idx", "int", "position of the item among the article's items of that kind"),
            Column(
                "date", "str", "normalised date: 2025-03-29 | 2025-03 | 2025-Q1 | 2025 | --11-16 (no year)"
            ),
            Column("precision", "str", "day | week | month | quarter | year"),
            Column("start_date", "date", "first day of the date (null when the year is unknown)"),
            Column("entity", "str", "event: first entity; figure: its entity; quote: the resolved speaker"),
            Column("entities", "str", "JSON list of the entities in the sentence"),
            Column("metric", "str", "figure: what is measured (stock price, followers, ...)"),
            Column("value", "float", "figure: the number with its scale applied"),
            Column("unit", "str", "figure: currency code, %, or counted noun"),
            Column("kind", "str", "quote: direct | reported; figure: money | percent | count | quantity"),
            Column("text", "str", "event description / figure text / quote text"),
            Column("source", "str", "the sentence the item came from"),
            Column("span_start", "int", "character offset of the item in the article body"),
            Column("span_end", "int"),
            Column("payload", "str", "the item's full JSON (as printed by yuqing extract)"),
            Column("extractor_version", "str"),
            Column("extracted_at", "ts", "UTC"),
        ),
        key=("article_id", "item", "idx"),
        provenance=False,
        doc="Events, figures and quotes extracted from stored articles (derived; rebuilt by `yuqing extract "
        "--stored`). Each row points at its article and character span.",
        indexes=(("entity",), ("start_date",)),
    )
)
