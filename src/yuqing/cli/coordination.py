"""``yuqing coordination``: find coordinated account clusters; ``yuqing coordination show CLUSTER``: evidence."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from typing import Any

import typer

from yuqing.analyses import (
    CoLink,
    CoShare,
    Signal,
    SimilarText,
    SyncTiming,
    get_analysis,
    load_cluster,
    save_run,
)
from yuqing.analyses.coordination import DEFAULT_SIGNALS
from yuqing.cli._app import get_ctx
from yuqing.cli._output import Format, emit, stdout_console
from yuqing.core import UsageError, parse_day

coord_app = typer.Typer(help="Coordinated campaigns: clusters of accounts acting together, with evidence.")

_UNITS = {"s": 1, "m": 60, "h": 3600, "d": 86400}


def parse_window(text: str) -> int:
    """``60``, ``60s``, ``5m``, ``1h``, ``1d`` -> seconds."""
    m = re.fullmatch(r"\s*(\d+)\s*([smhd]?)\s*", text)
    if not m or int(m.group(1)) <= 0:
        raise UsageError(f"--window: {text!r} is not a duration such as 60s, 5m, 1h")
    return int(m.group(1)) * _UNITS[m.group(2) or "s"]


def build_signals(names: str, min_items: int, max_group: int, threshold: float) -> list[Signal]:
    out: list[Signal] = []
    for n in [x.strip() for x in names.split(",") if x.strip()]:
        if n == "text":
            out.append(SimilarText(threshold=threshold, min_items=min_items, max_group=max_group))
        elif n == "repost":
            out.append(CoShare("repost", min_items=min_items, max_group=max_group))
        elif n == "reply":
            out.append(CoShare("comment", min_items=min_items, max_group=max_group))
        elif n == "link":
            out.append(CoLink("urls", min_items=min_items, max_group=max_group))
        elif n == "hashtag":
            out.append(CoLink("topics", min_items=min_items, max_group=max_group))
        elif n == "timing":
            out.append(SyncTiming())
        else:
            raise UsageError(f"--signals: unknown signal {n!r}; use text, repost, reply, link, hashtag, timing")
    if not out:
        raise UsageError("--signals: name at least one signal")
    return out


@coord_app.callback(invoke_without_command=True)
def coordination(
    ctx: typer.Context,
    since: str = typer.Option(None, "--since", help="first local day, YYYY-MM-DD"),
    until: str = typer.Option(None, "--until", help="last local day, YYYY-MM-DD"),
    window: str = typer.Option("60s", "--window", help="co-action window: 60s, 5m, 1h"),
    signals: str = typer.Option(",".join(DEFAULT_SIGNALS), "--signals",
                                help="comma list of text, repost, reply, link, hashtag, timing"),
    min_items: int = typer.Option(2, "--min-items", help="distinct shared items a pair needs (repetition)"),
    max_group: int = typer.Option(500, "--max-group", help="skip item-window groups with more accounts"),
    threshold: float = typer.Option(0.8, "--threshold", help="Jaccard threshold of template families"),
    min_size: int = typer.Option(2, "--min-size", help="smallest cluster reported"),
    min_score: float = typer.Option(0.0, "--min-score",
                                    help="weakest cluster reported (score = internal edge weight per member)"),
    platform: str = typer.Option(None, "--platform"),
    offset_hours: float = typer.Option(8.0, "--offset-hours", help="zone of --since/--until days (UTC+8)"),
    save: bool = typer.Option(True, "--save/--no-save", help="store the clusters for `show` and the dashboard"),
    fmt: Format = typer.Option(Format.table, "--format", "-f"),
) -> None:
    """Find clusters of accounts that act together repeatedly (JSON: see docs/coordination.md)."""
    if ctx.invoked_subcommand is not None:
        return
    if min_items < 1 or max_group < 2 or min_size < 2 or min_score < 0 or not 0 < threshold <= 1:
        raise UsageError("need --min-items >= 1, --max-group >= 2, --min-size >= 2, --min-score >= 0, "
                         "0 < --threshold <= 1")
    analysis = get_analysis("coordination")(
        since=parse_day(since, "--since"), until=parse_day(until, "--until"), window=parse_window(window),
        detectors=build_signals(signals, min_items, max_group, threshold), min_size=min_size, platform=platform,
        offset_hours=offset_hours, min_score=min_score,
    )
    store = get_ctx(ctx).store()
    res = analysis.run(store)
    if save:
        save_run(store, res.data)
    emit(res.rows, fmt, data=res.data, title=f"coordination run {res.data['run_id']}")


@coord_app.command("show")
def show(
    ctx: typer.Context,
    cluster: str = typer.Argument(..., help="cluster id (or a unique prefix) from `yuqing coordination`"),
    fmt: Format = typer.Option(Format.table, "--format", "-f"),
) -> None:
    """Print a stored cluster: its accounts, signals and the post groups that tie them."""
    rec = load_cluster(get_ctx(ctx).store(read_only=True), cluster)
    rows: list[dict[str, Any]] = []
    for g in rec["evidence"] or []:
        for p in g["posts"]:
            rows.append({"signal": g["signal"], "item": g["item"], "post_id": p["post_id"], "account": p["account"],
                         "time_utc": datetime.fromtimestamp(p["t"], UTC).replace(tzinfo=None)})
    if fmt is Format.table:
        stdout_console.print(
            f"cluster {rec['cluster_id']} (run {rec['run_id']}): {rec['size']} accounts, score {rec['score']}, "
            f"{rec['first_at']} .. {rec['last_at']}\nsignals: {rec['signals']}\naccounts: "
            + ", ".join(a["account_id"] for a in rec["accounts"][:30])
        )
    emit(rows, fmt, data=rec, title=f"evidence of {rec['cluster_id']}")


def register(app: typer.Typer) -> None:
    app.add_typer(coord_app, name="coordination")
