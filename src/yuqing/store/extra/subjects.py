"""Table of the subjects feature (``yuqing subject``): the people and organisations reports are about."""

from __future__ import annotations

from yuqing.store.schema import Column, Table, register_table

SUBJECTS = register_table(
    Table(
        "subjects",
        (
            Column("name", "str", "the subject's name (its display name and key)"),
            Column("subject", "str", "JSON object of the subject (the fields of docs/subjects.md)"),
            Column("updated_at", "ts", "UTC time the subject was last added or replaced"),
        ),
        key=("name",),
        provenance=False,
        doc="Stored subjects (a person, its names, accounts, organisation, symbols and keyword groups); "
        "`yuqing subject load|add` replaces a subject of the same name.",
    )
)
