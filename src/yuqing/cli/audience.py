"""``yuqing cadence|silences|followers|trending|bursts``: the numbers journalists count by hand, from the store.

Every command takes ``--format table|json|csv``; ``--evidence`` adds the record references behind each figure
(JSON key ``evidence``, or a table after the results); ``--show-records KEY`` prints the stored records behind one
figure (KEY is an evidence key or its prefix: a period such as ``2025-03-24``, ``burst 2025-03-29``,
``silence 2025-04-01``, ``douyin glitch``); ``--chart out.html|out.png|out.svg`` writes the analysis's chart.
"""

from __future__ import annotations

import re
from pathlib import Path

import typer

from yuqing.analyses import get_analysis
from yuqing.cli._app import get_ctx
from yuqing.cli._options import CHART, EVIDENCE, FMT, PLATFORM, SHOW, SINCE, UNTIL
from yuqing.cli._output import Format, console, emit
from yuqing.cli._results import finish
from yuqing.core import UsageError, parse_day


def parse_window(text: str) -> int:
    """``30d``, ``4w`` or ``30`` → days."""
    m = re.fullmatch(r"\s*(\d+)\s*([dw]?)\s*", text or "")
    if not m:
        raise UsageError(f"--window {text!r}: use a number of days such as 30d or 4w")
    n = int(m.group(1))
    return n * 7 if m.group(2) == "w" else n


def cadence(
    ctx: typer.Context,
    account: str = typer.Argument(..., help="Account: id, screen name or platform:id"),
    by: str = typer.Option("day", "--by", help="day, week or month (local time of the account)"),
    since: str = SINCE, until: str = UNTIL, platform: str = PLATFORM,
    evidence: bool = EVIDENCE, show_records: str = SHOW, chart: Path = CHART, fmt: Format = FMT,
) -> None:
    """Posts per period by kind (post, repost, comment) and content class (personal, product, news_repost, ...)."""
    store = get_ctx(ctx).store(read_only=True)
    res = get_analysis("cadence")(account=account, by=by, since=parse_day(since, "--since"), until=parse_day(until, "--until"),
                  platform=platform).run(store)
    finish(ctx, res, fmt, f"cadence of {account} per {by} (total {res.data['total']})", evidence, show_records, chart)


def silences(
    ctx: typer.Context,
    account: str = typer.Argument(..., help="Account: id, screen name or platform:id"),
    since: str = SINCE, until: str = UNTIL, platform: str = PLATFORM,
    alpha: float = typer.Option(0.01, "--alpha", help="Family-wise level: Bonferroni-adjusted p below it is a silence"),
    window_days: int = typer.Option(28, "--window-days", help="Days before a gap that set the account's recent rate"),
    unit: str = typer.Option("hour", "--unit", help="Poisson events: hour (active hours; default) or post"),
    evidence: bool = EVIDENCE, show_records: str = SHOW, chart: Path = CHART, fmt: Format = FMT,
) -> None:
    """Gaps unusual for the account's own rhythm (diurnal + weekly Poisson model), returns, content-mix shifts."""
    store = get_ctx(ctx).store(read_only=True)
    res = get_analysis("silences")(account=account, since=parse_day(since, "--since"), until=parse_day(until, "--until"),
                   platform=platform, alpha=alpha, window_days=window_days, unit=unit).run(store)
    finish(ctx, res, fmt, f"unusual silences of {account}", evidence, show_records, chart)
    if fmt is Format.table and not show_records:
        for sh in res.data["mix_shifts"]:
            what = "; ".join(filter(None, [f"stopped: {', '.join(sh['stopped'])}" if sh["stopped"] else "",
                                           f"started: {', '.join(sh['started'])}" if sh["started"] else ""]))
            console.print(f"content-mix shift at {sh['at']}: {what or 'shares changed'}  after={sh['after']}")


def followers(
    ctx: typer.Context,
    account: str = typer.Argument(..., help="Account: id, screen name or platform:id"),
    window: str = typer.Option("30d", "--window", help="Change window, e.g. 30d or 4w"),
    until: str = UNTIL, platform: str = PLATFORM,
    evidence: bool = EVIDENCE, show_records: str = SHOW, chart: Path = CHART, fmt: Format = FMT,
) -> None:
    """Follower series per platform, change over the window, glitches flagged (Hampel filter) and excluded."""
    store = get_ctx(ctx).store(read_only=True)
    res = get_analysis("followers")(account=account, window_days=parse_window(window), until=parse_day(until, "--until"),
                    platform=platform).run(store)
    finish(ctx, res, fmt, f"followers of {account}, change over {window}", evidence, show_records, chart)
    if fmt is Format.table and not show_records:
        gl = [{"platform": p["platform"], **g} for p in res.data["platforms"] for g in p["glitches"]]
        if gl:
            emit(gl, fmt, title="glitches (excluded)")


def trending(
    ctx: typer.Context,
    match: list[str] = typer.Option(..., "--match", help="Watched term (repeatable): a title containing any matches"),
    since: str = SINCE, until: str = UNTIL, platform: str = PLATFORM,
    s: float = typer.Option(3.0, "--s", help="Burst automaton: rate ratio between levels"),
    gamma: float = typer.Option(1.0, "--gamma", help="Burst automaton: cost of moving up a level (x ln n)"),
    base: str = typer.Option("all", "--base", help="Burst base rate from all list days (all) or the range only (range)"),
    days: bool = typer.Option(False, "--days", help="Table/CSV: print every day instead of the bursts"),
    evidence: bool = EVIDENCE, show_records: str = SHOW, chart: Path = CHART, fmt: Format = FMT,
) -> None:
    """Watched terms in trending lists: per day count, best rank, total heat; bursts (Kleinberg)."""
    store = get_ctx(ctx).store(read_only=True)
    res = get_analysis("trending")(match=tuple(match), since=parse_day(since, "--since"), until=parse_day(until, "--until"),
                   platform=platform, s=s, gamma=gamma, base=base).run(store)
    rows = res.rows if days else res.data["bursts"]
    title = f"trending {' | '.join(match)}: {res.data['matched_entries']} entries" + ("" if days else ", bursts")
    finish(ctx, res, fmt, title, evidence, show_records, chart, rows=rows)


def bursts(
    ctx: typer.Context,
    account: str = typer.Option(None, "--account", help="Posts written by this account"),
    root: str = typer.Option(None, "--root", help="A post and every comment/repost under it"),
    match: str = typer.Option(None, "--match", help="Posts whose text contains this"),
    by: str = typer.Option("hour", "--by", help="hour or day (local time)"),
    since: str = SINCE, until: str = UNTIL, platform: str = PLATFORM,
    evidence: bool = EVIDENCE, show_records: str = SHOW, chart: Path = CHART, fmt: Format = FMT,
) -> None:
    """Volume bursts on a post/comment stream (Kleinberg's burst automaton on counts per hour or day)."""
    store = get_ctx(ctx).store(read_only=True)
    res = get_analysis("bursts")(account=account, root=root, match=match, by=by, since=parse_day(since, "--since"),
                 until=parse_day(until, "--until"), platform=platform).run(store)
    finish(ctx, res, fmt, f"bursts: {res.data['total']} posts per {by}", evidence, show_records, chart)


def register(app: typer.Typer) -> None:
    for fn in (cadence, silences, followers, trending, bursts):
        app.command()(fn)
