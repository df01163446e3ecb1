"""One plain sentence per finding, built only from the figures an analysis computed.

Each finder reads a :class:`~yuqing.analyses.Result` and returns :class:`Finding` objects whose text quotes
figures from ``result.data``/``result.rows`` and whose ``evidence`` names a key of ``result.evidence`` (the
records behind the figure). Analyses without a dedicated finder get a generic one that states the number of
rows and the figures that carry evidence. A finder never fills a gap with a guess: missing figures are omitted.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from yuqing.analyses._registry import Result


@dataclass(frozen=True)
class Finding:
    text: str
    evidence: str | None = None  # a key of Result.evidence


Finder = Callable[[Result], list[Finding]]
_FINDERS: dict[str, Finder] = {}


def finder(name: str) -> Callable[[Finder], Finder]:
    def deco(fn: Finder) -> Finder:
        _FINDERS[name] = fn
        return fn

    return deco


def _pct(x: float) -> str:
    return f"{x * 100:+.1f}%"


def _num(x: Any) -> str:
    """A price-like figure, readable: 2 decimals (thousands separated); other values unchanged."""
    return f"{x:,.2f}" if isinstance(x, float) else str(x)


def _iso(v: Any) -> str:
    return v.isoformat() if hasattr(v, "isoformat") else str(v)


def _ev(res: Result, key: str) -> str | None:
    return key if key in res.evidence else None


def _who(d: dict[str, Any]) -> str:
    acc = d.get("account") or {}
    return str(acc.get("name") or acc.get("account_id") or "the account") if isinstance(acc, dict) else str(acc)


@finder("cadence")
def _cadence(res: Result) -> list[Finding]:
    d = res.data
    out: list[Finding] = []
    kinds = d.get("by_kind") or {}
    parts = ", ".join(f"{v} {k}s" for k, v in kinds.items() if v)
    out.append(Finding(f"{_who(d)} wrote {d.get('total', 0)} items in the range ({parts or 'none'})."))
    periods = [p for p in d.get("periods", []) if isinstance(p, dict)]
    if periods:
        top = max(periods, key=lambda p: p.get("total", 0))
        out.append(Finding(f"The busiest {d.get('by', 'period')} began {top['period']} with {top['total']} items.",
                           _ev(res, _iso(top["period"]))))
        zero = [p["period"] for p in periods if not p.get("total")]
        if zero:
            out.append(Finding(f"{len(zero)} of {len(periods)} {d.get('by', 'period')}s had no items "
                               f"(first: {zero[0]}, last: {zero[-1]})."))
    classes = {k: v for k, v in (d.get("by_class") or {}).items() if v}
    if classes:
        out.append(Finding("By content class: " + ", ".join(f"{k} {v}" for k, v in classes.items()) + "."))
    return out


@finder("silences")
def _silences(res: Result) -> list[Finding]:
    d = res.data
    out: list[Finding] = []
    sil = d.get("silences") or []
    if not sil:
        return [Finding(f"No gap in {_who(d)}'s posting was unusual for its own rhythm "
                        f"({d.get('posts', 0)} items examined).")]
    for s in sil:
        ret = s.get("return") or {}
        tail = (" The silence is still going on at the end of the range." if s.get("ongoing") else
                f" It ended at {ret.get('at')} with a {ret.get('kind')} ({ret.get('class')}).")
        out.append(Finding(
            f"{_who(d)} posted nothing from {s['start']} to {s['end']} ({s['days']} days) although "
            f"{s['expected_posts']} items were expected at the account's usual rate "
            f"(adjusted p = {s['p_adjusted']:.2g})." + (tail if ret or s.get("ongoing") else ""),
            _ev(res, f"silence {_iso(s['start'])}")))
    for sh in d.get("mix_shifts") or []:
        stopped = ", ".join(sh.get("stopped") or []) or "none"
        started = ", ".join(sh.get("started") or []) or "none"
        out.append(Finding(f"The content mix changed on {sh.get('at')}: stopped {stopped}; started {started}.",
                           _ev(res, f"mix segment {_iso(sh.get('at'))}")))
    return out


@finder("coordination")
def _coordination(res: Result) -> list[Finding]:
    d = res.data
    clusters = d.get("clusters") or []
    out = [Finding(f"{d.get('n_clusters', len(clusters))} clusters of accounts acted together, "
                   f"{d.get('n_accounts', 0)} accounts in all.")]
    for c in clusters[:10]:
        sig = ", ".join(sorted((c.get("signals") or {}).keys()))
        out.append(Finding(
            f"Cluster {c['cluster_id']}: {c['size']} accounts (density {c.get('density', 0):.2f}) shared {sig} "
            f"between {c.get('first_at')} and {c.get('last_at')} UTC.",
            _ev(res, f"cluster:{c['cluster_id']}")))
        burst = c.get("creation_burst")
        if burst and burst["accounts"] >= 3:
            out.append(Finding(
                f"Cluster {c['cluster_id']}: {burst['accounts']} of its {c['size']} accounts were created within "
                f"{burst['window_s'] / 3600:g} h of each other ({burst['first_at']} .. {burst['last_at']} UTC; "
                f"creation time known for {burst['known']}).",
                _ev(res, f"cluster:{c['cluster_id']}")))
    return out


@finder("timeline")
def _timeline(res: Result) -> list[Finding]:
    d = res.data
    entries = d.get("entries") or []
    out = [Finding(f"{d.get('n_articles', 0)} stored articles about {d.get('entity')} give {len(entries)} dated "
                   "entries.")]
    for i, e in enumerate(entries[:12]):
        srcs = e.get("sources") or []
        outlets = ", ".join(sorted({str(s.get("outlet")) for s in srcs if s.get("outlet")}))
        flag = " Sources disagree on the figures." if e.get("conflict") else ""
        out.append(Finding(f"{e.get('date')}: {e.get('text')} ({len(srcs)} source(s): {outlets}).{flag}",
                           _ev(res, f"entry[{i}]")))
    return out


@finder("drawdown")
def _drawdown(res: Result) -> list[Finding]:
    d = res.data
    out: list[Finding] = []
    a, h = d.get("as_of") or {}, d.get("high_close") or {}
    if a and h:
        out.append(Finding(f"{d['symbol']} closed at {_num(a['close'])} on {a['date']}, "
                           f"{_pct(d['change_from_high_close'])} from its highest close {_num(h['close'])} on "
                           f"{h['date']}.", _ev(res, "close as of")))
    m = d.get("max_drawdown") or {}
    if m:
        out.append(Finding(f"The largest fall was {_pct(m['change'])}, from {_num(m['peak'])} on {m['peak_date']} "
                           f"to {_num(m['trough'])} on {m['trough_date']}.", _ev(res, "max drawdown")))
    mv = d.get("market_value") or {}
    if mv.get("change_from_high_close") is not None:
        out.append(Finding(f"At {d.get('shares'):,.0f} shares, market value changed by "
                           f"{mv['change_from_high_close']:,.0f} since the highest close."))
    return out


@finder("impact")
def _impact(res: Result) -> list[Finding]:
    out: list[Finding] = []
    for r in res.rows:
        sig = "significant" if (r.get("p") is not None and r["p"] < 0.05) else "not significant"
        out.append(Finding(
            f"Around '{r['event']}' ({r['date']}), the abnormal return over {r['window']} was {_pct(r['car'])} "
            f"(t = {r['t']:.2f}, p = {r['p']:.2g}, {sig} at 5%).",
            _ev(res, f"{r['event']} CAR{r['window']}")))
    return out


@finder("leadlag")
def _leadlag(res: Result) -> list[Finding]:
    d = res.data
    out = [Finding(f"{d.get('n')} days of {d.get('series')} and {d.get('symbol')} returns were compared "
                   f"({d.get('first')} to {d.get('last')}).")]
    for c in (d.get("crosscorr") or [])[:3]:
        o = c.get("opinion_leads") or {}
        if o.get("r") is not None:
            out.append(Finding(f"At lag {c['lag']} days, opinion leading returns: r = {o['r']:.2f} "
                               f"(p = {o['p']:.2g}, n = {o['n']})."))
    return out


def _generic(res: Result) -> list[Finding]:
    out = [Finding(f"The analysis returned {len(res.rows)} rows.")]
    for key, refs in list(res.evidence.items())[:12]:
        out.append(Finding(f"{key}: {len(refs)} record(s) behind this figure.", key))
    return out


def findings(res: Result) -> list[Finding]:
    """The sentences for a result (a dedicated finder when one exists, else the generic one)."""
    fn = _FINDERS.get(res.analysis, _generic)
    try:
        return fn(res)
    except (KeyError, TypeError, ValueError, AttributeError):  # data shape changed: fall back, never guess
        return _generic(res)


@finder("followers")
def _followers(res: Result) -> list[Finding]:
    out: list[Finding] = []
    for p in res.data.get("platforms") or []:
        pf = p.get("platform")
        ch = p.get("change")
        if ch:
            out.append(Finding(f"On {pf}, followers went from {ch['from']['followers']:,} ({ch['from']['date']}) to "
                               f"{ch['to']['followers']:,} ({ch['to']['date']}): {ch['change']:+,} "
                               f"({_pct(ch['pct'])}).", _ev(res, f"{pf} change")))
        w = p.get("worst_window")
        if w and w.get("change", 0) < 0:
            out.append(Finding(f"The worst {res.data.get('window_days')}-day window on {pf} lost "
                               f"{-w['change']:,} followers ({_pct(w['pct'])}), {w['from']['date']} to "
                               f"{w['to']['date']}.", _ev(res, f"{pf} worst window")))
        for g in p.get("glitches") or []:
            out.append(Finding(f"On {pf}, the count of {g['followers']:,} on {g['date']} is a data glitch "
                               f"({g['type']}, {g['ratio']}x the neighbouring median {g['expected']:,}) and was "
                               "excluded.", _ev(res, f"{pf} glitch {g['date']}")))
    return out


@finder("trending")
def _trending(res: Result) -> list[Finding]:
    d = res.data
    terms = ", ".join(d.get("match") or [])
    out = [Finding(f"{d.get('matched_entries', 0)} of {d.get('total_entries', 0)} trending entries on "
                   f"{d.get('days_listed', 0)} list days matched {terms}.")]
    for b in d.get("bursts") or []:
        out.append(Finding(f"Burst (level {b['level']}) from {b['start']} to {b['end']}: {b['entries']} entries, "
                           f"best rank {b['best_rank']}, peak heat {b['peak_heat']} on {b['peak_day']}.",
                           _ev(res, _iso(b.get("peak_day")))))
    return out


@finder("bursts")
def _bursts(res: Result) -> list[Finding]:
    d = res.data
    out = [Finding(f"{d.get('total', 0)} items over {d.get('bins', 0)} {d.get('by')}s "
                   f"(mean {d.get('mean_per_bin')} per {d.get('by')}).")]
    for b in d.get("bursts") or []:
        out.append(Finding(f"Burst (level {b['level']}) from {b['start']} to {b['end']}: {b['count']} items "
                           f"({_pct(b['share']).lstrip('+')} of all), peak {b['peak_count']} on {b['peak_bin']}.",
                           _ev(res, f"burst {_iso(b['start'])}")))
    return out


@finder("mood")
def _mood(res: Result) -> list[Finding]:
    d = res.data
    n = d.get("volume") or 0
    out = [Finding(f"{n:,} items were scored for {d.get('selection') or d.get('target')}: mean polarity "
                   f"{d['mean']:+.2f} (from -1 to +1), {d['share_negative'] * 100:.1f}% negative.")]
    for c in ("negative", "positive"):
        top = (d.get("top") or {}).get(c) or []
        if top:
            out.append(Finding(f"The most-liked {c} item had {top[0].get('likes') or 0} likes "
                               f"({len(top)} most-liked {c} items listed).", _ev(res, f"top:{c}")))
    periods = [p for p in d.get("periods") or [] if p.get("share_negative") is not None and p.get("volume")]
    vols = sorted(p["volume"] for p in periods)
    floor = max(20, vols[len(vols) // 2]) if vols else 0  # a day of 2 items at 100% is not a finding
    periods = [p for p in periods if p["volume"] >= floor]
    if periods:
        worst = max(periods, key=lambda p: (p["share_negative"], p["volume"]))
        day = _iso(worst.get("period") or worst.get("day") or worst.get("date"))
        out.append(Finding(f"Among {d.get('by', 'day')}s with at least {floor} items, the most negative was {day}: "
                           f"{worst['share_negative'] * 100:.1f}% negative of {worst['volume']} items.",
                           _ev(res, f"{day}:negative")))
    return out


@finder("quote_archive")
def _quote_archive(res: Result) -> list[Finding]:
    d = res.data
    kinds = ", ".join(f"{v} {k}" for k, v in (d.get("by_kind") or {}).items() if v)
    return [Finding(f"{d.get('count', 0)} statements by {d.get('speaker')} are stored ({kinds or 'none'}).",
                    _ev(res, "statements"))]
