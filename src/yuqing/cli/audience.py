"""``yuqing cadence|silences|followers|trending|bursts``: the numbers journalists count by hand, from the store.

Every command takes ``--format table|json|csv``; ``--evidence`` adds the record references behind each figure
(JSON key ``evidence``, or a table after the results); ``--show-records KEY`` prints the stored records behind one
figure (KEY is an evidence key or its prefix: a period such as ``2025-03-24``, ``burst 2025-03-29``,
``silence 2025-04-01``, ``douyin glitch``); ``--chart out.html|out.png|out.svg`` writes the analysis's chart.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import typer

from yuqing.analyses._common import parse_day
from yuqing.analyses._registry import Result
from yuqing.analyses.bursts import Bursts
from yuqing.analyses.cadence import Cadence
from yuqing.analyses.followers import Followers
from yuqing.analyses.silences import Silences
from yuqing.analyses.trending import Trending
from yuqing.cli._app import get_ctx
from yuqing.cli._output import Format, console, emit
from yuqing.errors import NotFoundError, UsageError
from yuqing.store.base import Store

FMT = typer.Option(Format.table, "--format", "-f", help="table, json (stable) or csv")
EVIDENCE = typer.Option(False, "--evidence", help="Include the record references behind each figure")
SHOW = typer.Option(None, "--show-records", help="Print the stored records behind one figure (evidence key or prefix)")
CHART = typer.Option(None, "--chart", help="Write the chart: .html (ECharts, offline), .png or .svg")
SINCE = typer.Option(None, "--since", help="First local day (YYYY-MM-DD)")
UNTIL = typer.Option(None, "--until", help="Last local day (YYYY-MM-DD)")
PLATFORM = typer.Option(None, "--platform", help="Only this platform (weibo, douyin, twitter, ...)")


def parse_window(text: str) -> int:
    """``30d``, ``4w`` or ``30`` → days."""
    m = re.fullmatch(r"\s*(\d+)\s*([dw]?)\s*", text or "")
    if not m:
        raise UsageError(f"--window {text!r}: use a number of days such as 30d or 4w")
    n = int(m.group(1))
    return n * 7 if m.group(2) == "w" else n


def _records(store: Store, refs: list[str]) -> list[dict[str, Any]]:
    """The stored rows behind record references (posts, follower_snapshots, trending), with their provenance."""
    out: list[dict[str, Any]] = []
    for r in refs:
        table, _, rest = r.partition("/")
        if table == "posts":
            platform, _, pid = rest.partition("/")
            rows = store.fetchall(
                "SELECT platform, post_id, kind, account_name, created_at, tz, text, src_file, src_line FROM posts "
                "WHERE platform = ? AND post_id = ?", [platform, pid])
            cols = ["platform", "post_id", "kind", "account_name", "created_at", "tz", "text", "src_file", "src_line"]
        elif table == "follower_snapshots":
            platform, aid, obs = rest.split("/", 2)
            rows = store.fetchall(
                "SELECT platform, account_id, observed_at, followers, src_file, src_line FROM follower_snapshots "
                "WHERE platform = ? AND account_id = ? AND CAST(observed_at AS VARCHAR) = ?",
                [platform, aid, obs.replace("T", " ")])
            cols = ["platform", "account_id", "observed_at", "followers", "src_file", "src_line"]
        elif table == "trending":
            platform, day, rank, title = rest.split("/", 3)
            rows = store.fetchall(
                "SELECT platform, list_date, rank, title, heat, src_file, src_line FROM trending "
                "WHERE platform = ? AND CAST(list_date AS VARCHAR) = ? AND rank = ? AND title = ?",
                [platform, day, int(rank), title])
            cols = ["platform", "list_date", "rank", "title", "heat", "src_file", "src_line"]
        else:
            continue
        for row in rows:
            d = dict(zip(cols, row, strict=True))
            if isinstance(d.get("text"), str) and len(d["text"]) > 80:
                d["text"] = d["text"][:80] + "…"
            d["ref"] = r
            out.append(d)
    return out


def _finish(ctx: typer.Context, res: Result, fmt: Format, title: str, evidence: bool, show: str | None,
            chart: Path | None, rows: list[dict[str, Any]] | None = None) -> None:
    store = get_ctx(ctx).store(read_only=True)
    if show:
        keys = [k for k in res.evidence if k == show] or [k for k in res.evidence if k.startswith(show)]
        if not keys:
            import difflib

            raise NotFoundError("figure", show, difflib.get_close_matches(show, list(res.evidence), n=8, cutoff=0.3)
                                or list(res.evidence)[:8])
        refs = [r for k in keys for r in res.evidence[k]]
        recs = _records(store, refs)
        emit(recs, fmt, data={"figure": keys, "records": recs}, title=f"records behind {', '.join(keys)}")
    else:
        data = dict(res.data)
        if evidence:
            data["evidence"] = res.evidence
        emit(res.rows if rows is None else rows, fmt, data=data, title=title)
        if evidence and fmt is Format.table:
            emit([{"figure": k, "records": len(v), "refs": " ".join(v[:5]) + (" …" if len(v) > 5 else "")}
                  for k, v in res.evidence.items()], fmt, title="evidence")
    if chart:
        if not res.chart:
            console.print("no chart: the result is empty")
            return
        from yuqing.cli._audience_draw import draw_option
        from yuqing.reports.charts import save_chart

        static = chart.suffix.lower() in (".png", ".svg")
        save_chart(chart, res.chart, title, draw_option(res.chart) if static else None)
        console.print(f"chart written to {chart}")


def cadence(
    ctx: typer.Context,
    account: str = typer.Argument(..., help="Account: id, screen name or platform:id"),
    by: str = typer.Option("day", "--by", help="day, week or month (local time of the account)"),
    since: str = SINCE, until: str = UNTIL, platform: str = PLATFORM,
    evidence: bool = EVIDENCE, show_records: str = SHOW, chart: Path = CHART, fmt: Format = FMT,
) -> None:
    """Posts per period by kind (post, repost, comment) and content class (personal, product, news_repost, ...)."""
    store = get_ctx(ctx).store(read_only=True)
    res = Cadence(account=account, by=by, since=parse_day(since, "--since"), until=parse_day(until, "--until"),
                  platform=platform).run(store)
    _finish(ctx, res, fmt, f"cadence of {account} per {by} (total {res.data['total']})", evidence, show_records, chart)


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
    res = Silences(account=account, since=parse_day(since, "--since"), until=parse_day(until, "--until"),
                   platform=platform, alpha=alpha, window_days=window_days, unit=unit).run(store)
    _finish(ctx, res, fmt, f"unusual silences of {account}", evidence, show_records, chart)
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
    res = Followers(account=account, window_days=parse_window(window), until=parse_day(until, "--until"),
                    platform=platform).run(store)
    _finish(ctx, res, fmt, f"followers of {account}, change over {window}", evidence, show_records, chart)
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
    res = Trending(match=tuple(match), since=parse_day(since, "--since"), until=parse_day(until, "--until"),
                   platform=platform, s=s, gamma=gamma, base=base).run(store)
    rows = res.rows if days else res.data["bursts"]
    title = f"trending {' | '.join(match)}: {res.data['matched_entries']} entries" + ("" if days else ", bursts")
    _finish(ctx, res, fmt, title, evidence, show_records, chart, rows=rows)


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
    res = Bursts(account=account, root=root, match=match, by=by, since=parse_day(since, "--since"),
                 until=parse_day(until, "--until"), platform=platform).run(store)
    _finish(ctx, res, fmt, f"bursts: {res.data['total']} posts per {by}", evidence, show_records, chart)


def register(app: typer.Typer) -> None:
    for fn in (cadence, silences, followers, trending, bursts):
        app.command()(fn)
