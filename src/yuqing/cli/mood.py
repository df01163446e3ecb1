"""``yuqing sentiment`` (score stored posts into ``post_sentiment``) and ``yuqing mood TARGET``."""

from __future__ import annotations

import typer

from yuqing.cli._app import get_ctx
from yuqing.cli._output import Format, emit


def sentiment(
    ctx: typer.Context,
    task: str = typer.Option("polarity", "--task", help="polarity (zh-polarity for Chinese text, en-polarity "
                             "otherwise) or zh-emotion."),
    account: str = typer.Option(None, "--account", "-a", help="Only posts by this account (id or name)."),
    root: str = typer.Option(None, "--root", help="Only the comments/reposts of this root post id."),
    platform: str = typer.Option(None, "--platform", help="Only this platform."),
    kind: list[str] = typer.Option([], "--kind", "-k", help="post | repost | comment (repeatable)."),
    since: str = typer.Option(None, "--since", help="First local day (YYYY-MM-DD, UTC+8)."),
    until: str = typer.Option(None, "--until", help="Last local day (YYYY-MM-DD, UTC+8)."),
    limit: int = typer.Option(None, "--limit", min=1, help="At most this many posts."),
    fmt: Format = typer.Option(Format.table, "--format", "-f"),
) -> None:
    """Score stored posts (all, or filtered) and store the results in post_sentiment, keyed by platform,
    post id, task and model version: re-running scores only posts not yet scored by that version."""
    from yuqing.core import parse_day, resolve_account, utc_bounds
    from yuqing.nlp.sentiment import PostScorer

    store = get_ctx(ctx).store()
    store.migrate()
    acc = resolve_account(store, account) if account else None
    lo, hi = utc_bounds(parse_day(since, "since"), parse_day(until, "until"))
    res = PostScorer(
        task=task, platform=platform or (acc.platform if acc else None), account_id=acc.account_id if acc else None,
        root_id=root, since=lo, until=hi, kinds=tuple(kind), limit=limit,
    ).run(store)
    rows = [{"task": t, "model": res["models"][t], "scored": n} for t, n in res["scored"].items()]
    emit(rows, fmt, data=res, title=f"{res['selected']} posts selected")


def mood(
    ctx: typer.Context,
    target: str = typer.Argument(..., help="post:ID, account:NAME_OR_ID, text:STRING, or a bare value tried in "
                                 "that order."),
    by: str = typer.Option("day", "--by", help="day | week | month (local, UTC+8 by default)."),
    scope: str = typer.Option("replies", "--scope", help="For an account: replies (comments/reposts on its "
                              "posts) or own (its own posts)."),
    since: str = typer.Option(None, "--since", help="First local day (YYYY-MM-DD)."),
    until: str = typer.Option(None, "--until", help="Last local day (YYYY-MM-DD)."),
    weight: str = typer.Option("none", "--weight", help="none | likes (weight 1 + ln(1 + likes))."),
    top: int = typer.Option(3, "--top", min=0, max=50, help="Most-liked texts kept as evidence per class."),
    fmt: Format = typer.Option(Format.table, "--format", "-f"),
) -> None:
    """Mood per period: volume, mean polarity (P(pos) - P(neg)), shares of negative/neutral/positive, with the
    most-liked comments of each class as evidence (record refs)."""
    from yuqing.analyses import get_analysis

    store = get_ctx(ctx).store(read_only=True)
    res = get_analysis("mood")(target=target, scope=scope, by=by, since=since, until=until, weight=weight, top=top).run(store)
    data = dict(res.data)
    data["evidence"] = res.evidence
    emit(res.rows, fmt, data=data, title=f"mood: {res.data['selection']} ({res.data['volume']} texts, "
         f"mean {res.data['mean']})")


def register(app: typer.Typer) -> None:
    app.command("sentiment")(sentiment)
    app.command("mood")(mood)
