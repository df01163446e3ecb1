"""``yuqing subject load|add|show|list|remove``: the stored subjects that reports, runs and the dashboard are about.

A subject (``docs/subjects.md``) is a person with its names in any script, its accounts per platform, its
organisation and that organisation's names, symbols and watched keyword groups. ``--subject NAME`` on
``yuqing report``, ``yuqing run`` and ``yuqing serve`` fills their options from it.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import Any

import typer

from yuqing.analyses import (
    KeywordGroup,
    Subject,
    delete_subject,
    get_subject,
    list_subjects,
    load_subjects,
    save_subjects,
    subject_times,
)
from yuqing.cli._app import get_ctx
from yuqing.cli._output import Format, console, emit
from yuqing.core import InputError, UsageError
from yuqing.store import Store

subject_app = typer.Typer(help="Store, list and show the subjects reports are about.", no_args_is_help=True)


def _summary(s: Subject) -> dict[str, Any]:
    return {"name": s.name, "entity": s.entity, "aliases": ", ".join(s.aliases),
            "accounts": ", ".join(f"{p}:{i}" for p, i in s.accounts), "organisation": s.company,
            "symbol": s.symbol, "keywords": ", ".join(g.name for g in s.keywords),
            "competitors": ", ".join(s.competitors)}


def _note_unknown_competitors(store: Store, subjects: list[Subject]) -> None:
    known = {s.name for s in list_subjects(store)}
    for s in subjects:
        for c in s.competitors:
            if c not in known:
                console.print(f"note: competitor {c!r} of {s.name!r} is not a stored subject (yet)")


@subject_app.command("load")
def load(
    ctx: typer.Context,
    file: Path = typer.Argument(..., help="Subjects file (YAML with a 'subjects:' list; see docs/subjects.md)."),
    fmt: Format = typer.Option(Format.table, "--format", "-f"),
) -> None:
    """Add or replace every subject of the file, in one transaction (a bad file changes nothing)."""
    subjects = load_subjects(file)  # the whole file is checked before the store is touched
    store = get_ctx(ctx).store()
    done = save_subjects(store, subjects)
    rows = [{**_summary(s), "stored": done[s.name]} for s in subjects]
    emit(rows, fmt, title=f"subjects from {file}")
    _note_unknown_competitors(store, subjects)


def _parse_accounts(items: list[str]) -> tuple[tuple[str, str], ...]:
    out: list[tuple[str, str]] = []
    for item in items:
        try:
            out += Subject.from_dict({"name": "-", "accounts": [item]}, "--account").accounts
        except InputError as exc:
            raise UsageError(f"--account {item!r}: write PLATFORM:ID, e.g. weibo:1749127163 (platform in lower "
                             "case)") from exc
    return tuple(dict.fromkeys(out))


def _parse_keywords(items: list[str]) -> tuple[KeywordGroup, ...]:
    groups = [KeywordGroup.parse(k) for k in items]
    names = [g.name for g in groups]
    dup = next((n for n in names if names.count(n) > 1), None)
    if dup is not None:
        raise UsageError(f"--keywords: group {dup!r} given twice")
    return tuple(groups)


@subject_app.command("add")
def add(
    ctx: typer.Context,
    name: str = typer.Argument(..., help="The subject's name (its key and display name)."),
    entity: str = typer.Option(None, "--entity", help="What the analyses look up (account id, platform:id or "
                                                      "name); default NAME."),
    account: str = typer.Option(None, "--leader-account",
                                help="The account the audience analyses follow; default the entity."),
    alias: list[str] = typer.Option([], "--alias", help="Another name of the person, any script (repeatable)."),
    accounts: list[str] = typer.Option([], "--account", help="A known account PLATFORM:ID, e.g. weibo:1749127163 "
                                                             "(repeatable)."),
    organisation: str = typer.Option(None, "--organisation", help="The organisation (company) name."),
    org_alias: list[str] = typer.Option([], "--org-alias", help="Another name of the organisation (repeatable)."),
    symbol: str = typer.Option(None, "--symbol", help="Share symbol, e.g. 1810.HK."),
    index: str = typer.Option(None, "--index", help="Market index symbol, e.g. ^HSI."),
    series: str = typer.Option(None, "--series", help="Opinion series, e.g. trending:雷军|小米."),
    platform: str = typer.Option(None, "--platform", help="Restrict the analyses to one platform."),
    term: list[str] = typer.Option([], "--term", help="A term for trending lists (repeatable; default the names)."),
    keywords: list[str] = typer.Option([], "--keywords", help="A keyword group GROUP=TERM,... (+required, "
                                                              "!excluded, /regex/; repeatable)."),
    competitor: list[str] = typer.Option([], "--competitor", help="Name of another stored subject (repeatable)."),
    fmt: Format = typer.Option(Format.table, "--format", "-f"),
) -> None:
    """Add a subject, or replace the stored subject of the same name."""
    if not name.strip():
        raise UsageError("NAME must not be empty")
    subject = Subject(
        (entity or name).strip(), account=account, company=organisation, symbol=symbol, index=index, series=series,
        platform=platform, terms=tuple(dict.fromkeys(term)), name=name.strip(), aliases=tuple(dict.fromkeys(alias)),
        accounts=_parse_accounts(accounts), organisation_aliases=tuple(dict.fromkeys(org_alias)),
        keywords=_parse_keywords(keywords), competitors=tuple(dict.fromkeys(competitor)),
    )
    store = get_ctx(ctx).store()
    done = save_subjects(store, [subject])
    emit([{**_summary(subject), "stored": done[subject.name]}], fmt, data=subject.to_dict() | {
        "stored": done[subject.name]}, title="subject add")
    _note_unknown_competitors(store, [subject])


@subject_app.command("show")
def show(
    ctx: typer.Context,
    name: str = typer.Argument(..., help="Subject name (or one of its aliases)."),
    fmt: Format = typer.Option(Format.table, "--format", "-f"),
) -> None:
    """Show a stored subject (``-f json`` prints it as stored) and the keys its accounts are matched by."""
    store = get_ctx(ctx).store(read_only=True)
    s = get_subject(store, name)
    data = s.to_dict()
    rows: list[dict[str, Any]] = []
    for k, v in data.items():
        if isinstance(v, dict):
            rows += [{"field": f"{k}.{g}", "value": ", ".join(terms)} for g, terms in v.items()]
        else:
            rows.append({"field": k, "value": ", ".join(v) if isinstance(v, list) else v})
    rows.append({"field": "account keys", "value": ", ".join(f"{p}:{key}" for p, key in s.account_keys())})
    rows.append({"field": "trending terms", "value": ", ".join(s.match_terms())})
    emit(rows, fmt, data=data, title=f"subject {s.name}")


@subject_app.command("list")
def list_(
    ctx: typer.Context,
    fmt: Format = typer.Option(Format.table, "--format", "-f"),
) -> None:
    """The stored subjects, by name."""
    store = get_ctx(ctx).store(read_only=True)
    times = subject_times(store)
    subjects = list_subjects(store)
    rows = [{**_summary(s), "updated_at": times.get(s.name)} for s in subjects]
    emit(rows, fmt, data=[{**s.to_dict(), "updated_at": times.get(s.name)} for s in subjects], title="subjects")


@subject_app.command("remove")
def remove(
    ctx: typer.Context,
    name: str = typer.Argument(..., help="Subject name (exactly as stored)."),
    fmt: Format = typer.Option(Format.table, "--format", "-f"),
) -> None:
    """Remove a stored subject."""
    delete_subject(get_ctx(ctx).store(), name)
    emit([{"name": name, "removed": 1}], fmt, title="subject remove")


def with_flags(subject: Subject, **flags: Any) -> Subject:
    """The subject with the flags that were given (not None, not empty) in place of its fields."""
    given: dict[str, Any] = {k: (tuple(v) if isinstance(v, list) else v) for k, v in flags.items()
                             if v not in (None, [], ())}
    return dataclasses.replace(subject, **given) if given else subject


def subject_for(store: Store, entity: str | None, subject_name: str | None, *,
                missing: str = "give ENTITY or --subject NAME", **flags: Any) -> Subject:
    """What a command is about: the stored subject ``subject_name`` with the given flags in place of its fields,
    or a subject built from ``entity`` and the flags; neither given is a usage error."""
    if subject_name:
        return with_flags(get_subject(store, subject_name), entity=entity, **flags)
    if not entity:
        raise UsageError(missing)
    return with_flags(Subject(entity), **flags)


def register(app: typer.Typer) -> None:
    app.add_typer(subject_app, name="subject")
