"""``silences``: gaps that are unusual for an account's own rhythm, the returns after them, and content-mix shifts.

Model (an inhomogeneous Poisson process, fitted per account): the rate of *events* at local time t is
``level(t) * profile(weekday, hour)``. An event is an *active hour* (a clock hour with at least one post) by default
(``unit="hour"``): accounts post in sessions, and counting each post of a session would make ordinary pauses between
sessions look impossible under a Poisson model (on IRA accounts, counting posts flagged 90 gaps of one account, many
of them a few hours long); ``unit="post"`` counts every post. ``profile`` is the account's hour-of-day weight times
its day-of-week weight (each estimated from all of its events with add-one smoothing, mean 1); ``level`` is the
account's recent rate: the events of the ``window_days`` before the gap divided by the profile mass of that window.
The expected number of events in a gap (``expected_events``) is the integral of the rate over it, and the
probability of seeing none is ``exp(-expected_events)``; ``expected_posts`` is the same integral with the window's
post count (what the account would usually have posted in the gap). A gap is a silence when that probability, Bonferroni-adjusted over all gaps of the account, is
below ``alpha``: the threshold follows the account's own rhythm (a night without posts is normal, a weekday
afternoon is not), never a fixed length. Gaps with less than half a week of history before them are not judged.

Content-mix shifts: optimal partitioning of the daily class counts (multinomial likelihood, BIC penalty
``K/2 * ln N`` per segment, segments of at least ``min_segment_days``), reporting each segment's class shares and, at each
change point, the classes whose share fell to zero or rose from zero.

JSON: ``{"account","tz","posts","model":{"alpha","window_days","unit","n_gaps","hour_weights","weekday_weights"},
"silences":[{"start","end","hours","days","expected_posts","expected_events","p_value","p_adjusted","surprise","last_before",
"return":{"post","at","kind","class"}|null,"ongoing"}], "mix_segments":[{"start","end","posts","shares"}],
"mix_shifts":[{"at","before","after","stopped","started"}]}``. Times are local (the account's zone).

Signals (:meth:`Silences.signals`), one line per kind:

* ``silence``: each unusual gap; start = local day of the last post before it, end = local day of the return (the
  range's last day when ongoing), magnitude = length in days (``days``), expected posts in the label; evidence
  ``silence <start>``.
* ``mix_shift``: each change point of the content mix; start = end = the first day of the new segment (``at``),
  magnitude = total variation distance between the class shares before and after (half the sum of the absolute share
  differences, 0..1), stopped/started classes in the label; evidence ``mix segment <at>``.
"""

from __future__ import annotations

import itertools
import math
from datetime import date, datetime, timedelta
from typing import Any, ClassVar

import numpy as np
import pandas as pd

from yuqing.analyses._audience import account_posts, clip_local, post_ref, resolve, tz_label
from yuqing.analyses._registry import Analysis, Detection, Finding, Result, register_analysis
from yuqing.analyses._sentences import evidence_key, iso, who
from yuqing.analyses.cadence import classify_posts
from yuqing.core import UsageError
from yuqing.nlp.content_class import CLASSES, ContentClassifier
from yuqing.store.base import Store

_MONDAY = pd.Timestamp("1970-01-05")


class RateModel:
    """The weekly profile of an account (168 hourly weights with mean 1) and its cumulative mass."""

    def __init__(self, local: pd.Series) -> None:
        self.local = local

    def fit(self) -> RateModel:
        hours = self.local.dt.hour.to_numpy()
        wdays = self.local.dt.weekday.to_numpy()
        h = np.bincount(hours, minlength=24).astype(float) + 1.0
        w = np.bincount(wdays, minlength=7).astype(float) + 1.0
        self.hour_weights_ = h / h.mean()
        self.weekday_weights_ = w / w.mean()
        prof = np.outer(self.weekday_weights_, self.hour_weights_).ravel()
        self.profile_ = prof / prof.mean()
        self.cum_ = np.concatenate([[0.0], np.cumsum(self.profile_)])
        return self

    def mass(self, t: np.ndarray) -> np.ndarray:
        """Cumulative profile mass (in hour units) from the reference Monday to local times ``t`` (hours)."""
        week = np.floor(t / 168.0)
        r = t - week * 168.0
        i = np.minimum(np.floor(r).astype(int), 167)
        out: np.ndarray = week * self.cum_[-1] + self.cum_[i] + (r - i) * self.profile_[i]
        return out


def _hours(ts: pd.Series | pd.DatetimeIndex) -> np.ndarray:
    return np.asarray((pd.to_datetime(ts) - _MONDAY) / pd.Timedelta(hours=1), dtype=float)


def mix_segments(days: list[date], counts: np.ndarray, min_days: int = 7, min_posts: int = 5) -> list[tuple[int, int]]:
    """Optimal partitioning of daily class counts (rows: days, cols: classes) into segments with different class
    shares: minimises the multinomial negative log-likelihood plus the BIC term ``K/2 * ln N`` per extra segment, by dynamic
    programming over day boundaries (exact, O(days^2)). Returns [start, end) index pairs."""
    n_days, k = counts.shape
    n_total = float(counts.sum())
    if n_total == 0 or n_days == 0:
        return []
    penalty = 0.5 * k * math.log(max(n_total, 2.0))  # BIC: (K-1) share parameters + 1 change point
    cum = np.vstack([np.zeros(k), np.cumsum(counts, axis=0)])

    def cost(a: np.ndarray, b: int) -> np.ndarray:
        c = cum[b][None, :] - cum[a]
        n = c.sum(axis=1, keepdims=True)
        with np.errstate(divide="ignore", invalid="ignore"):
            term = np.where(c > 0, c * np.log(c / np.where(n > 0, n, 1.0)), 0.0)
        return np.asarray(-term.sum(axis=1))

    best = np.full(n_days + 1, np.inf)
    best[0] = -penalty
    prev = np.zeros(n_days + 1, dtype=int)
    posts = cum.sum(axis=1)
    for b in range(1, n_days + 1):
        a = np.arange(0, b)
        ok = ((b - a >= min_days) & (posts[b] - posts[a] >= min_posts)) | ((a == 0) & (b == n_days))
        ok &= np.isfinite(best[a])
        if not ok.any():
            continue
        tot = np.where(ok, best[a] + cost(a, b) + penalty, np.inf)
        j = int(np.argmin(tot))
        best[b], prev[b] = tot[j], j
    if not np.isfinite(best[n_days]):
        return [(0, n_days)]
    out: list[tuple[int, int]] = []
    end = n_days
    while end > 0:
        beg = int(prev[end])
        out.append((beg, end))
        end = beg
    return out[::-1]


@register_analysis
class Silences(Analysis):
    name = "silences"
    description = "Unusual gaps under the account's own posting-rate model (diurnal + weekly), returns, mix shifts."
    title = "Silences and returns"
    order = 20
    subject_params: ClassVar[dict[str, str]] = {"account": "account", "platform": "platform"}
    required = ("account",)

    def __init__(
        self,
        account: str = "",
        since: date | None = None,
        until: date | None = None,
        platform: str | None = None,
        alpha: float = 0.01,
        window_days: int = 28,
        min_segment_days: int = 7,
        unit: str = "hour",
        classifier: ContentClassifier | None = None,
    ) -> None:
        self.account = account
        self.since = since
        self.until = until
        self.platform = platform
        self.alpha = alpha
        self.window_days = window_days
        self.min_segment_days = min_segment_days
        self.unit = unit
        self.classifier = classifier

    def findings(self, res: Result) -> list[Finding]:
        d = res.data
        out: list[Finding] = []
        sil = d.get("silences") or []
        if not sil:
            return [Finding(f"No gap in {who(d)}'s posting was unusual for its own rhythm "
                            f"({d.get('posts', 0)} items examined).")]
        for s in sil:
            ret = s.get("return") or {}
            tail = (" The silence is still going on at the end of the range." if s.get("ongoing") else
                    f" It ended at {ret.get('at')} with a {ret.get('kind')} ({ret.get('class')}).")
            out.append(Finding(
                f"{who(d)} posted nothing from {s['start']} to {s['end']} ({s['days']} days) although "
                f"{s['expected_posts']} items were expected at the account's usual rate "
                f"(adjusted p = {s['p_adjusted']:.2g})." + (tail if ret or s.get("ongoing") else ""),
                evidence_key(res, f"silence {iso(s['start'])}")))
        for sh in d.get("mix_shifts") or []:
            stopped = ", ".join(sh.get("stopped") or []) or "none"
            started = ", ".join(sh.get("started") or []) or "none"
            out.append(Finding(f"The content mix changed on {sh.get('at')}: stopped {stopped}; started {started}.",
                               evidence_key(res, f"mix segment {iso(sh.get('at'))}")))
        return out

    def signals(self, res: Result) -> list[Detection]:
        d = res.data
        out: list[Detection] = []
        for sil in d.get("silences") or []:
            start, end = _local(sil["start"]), _local(sil["end"])
            # an ongoing silence ends at 00:00 after the range's last day: that day is the last one silent
            last = (end - timedelta(microseconds=1)).date() if sil.get("ongoing") else end.date()
            out.append(Detection(self.name, "silence", start.date(), max(last, start.date()), float(sil["days"]),
                                 f"{who(d)} silent for {sil['days']} days, {sil['expected_posts']} posts expected "
                                 f"(adjusted p = {sil['p_adjusted']:.2g})" + (", ongoing" if sil.get("ongoing") else ""),
                                 evidence_key(res, f"silence {iso(sil['start'])}")))
        for sh in d.get("mix_shifts") or []:
            at = sh["at"] if isinstance(sh["at"], date) else date.fromisoformat(sh["at"])
            before, after = sh.get("before") or {}, sh.get("after") or {}
            tv = 0.5 * sum(abs((after.get(k) or 0.0) - (before.get(k) or 0.0)) for k in set(before) | set(after))
            stopped = ", ".join(sh.get("stopped") or []) or "none"
            started = ", ".join(sh.get("started") or []) or "none"
            out.append(Detection(self.name, "mix_shift", at, at, round(tv, 4),
                                 f"{who(d)}'s content mix changed: stopped {stopped}; started {started}",
                                 evidence_key(res, f"mix segment {at.isoformat()}")))
        return out

    def run(self, store: Store) -> Result:
        acc = resolve(store, self.account, self.platform)
        df = clip_local(account_posts(store, acc), self.since, self.until)
        who: dict[str, Any] = {"platform": acc.platform, "account_id": acc.account_id, "name": acc.name}
        if len(df) < 2:
            data: dict[str, Any] = {"account": who, "model": None, "silences": [], "mix_segments": [], "mix_shifts": [], "posts": len(df)}
            return Result(self.name, self.get_params(), data, [], {}, None)
        df = df.assign(cls=classify_posts(df, self.classifier))
        if self.unit not in ("hour", "post"):
            raise UsageError(f"unit {self.unit!r}: use hour or post")
        t = _hours(df["local"])
        # the events of the Poisson model: active hours (bursts of posts count once) or single posts
        ev = np.unique(np.floor(t)) if self.unit == "hour" else t
        model = RateModel(pd.Series(_MONDAY + pd.to_timedelta(ev, unit="h"))).fit()
        # gaps between consecutive posts, plus the gap from the last post to --until when given
        starts, ends = t[:-1], t[1:]
        ongoing = False
        if self.until is not None:
            end_t = _hours(pd.Series([pd.Timestamp(self.until) + pd.Timedelta(days=1)]))[0]
            if end_t > t[-1]:
                starts, ends, ongoing = np.append(starts, t[-1]), np.append(ends, end_t), True
        m0, m1 = model.mass(starts), model.mass(ends)
        first_t = t[0]
        win = self.window_days * 24.0
        lo = np.maximum(starts - win, first_t)
        n_win = np.searchsorted(ev, starts, side="right") - np.searchsorted(ev, lo, side="left")
        n_posts = np.searchsorted(t, starts, side="right") - np.searchsorted(t, lo, side="left")
        mass_win = m0 - model.mass(lo)
        # too little history before the gap to know the rhythm: no judgement
        level = np.where(mass_win >= 24 * 7 * 0.5, n_win / np.maximum(mass_win, 1e-9), np.nan)
        expected = level * (m1 - m0)
        # the same window's posts at the same profile: how many posts the account would usually have made
        expected_posts = np.where(np.isfinite(level), n_posts / np.maximum(mass_win, 1e-9), np.nan) * (m1 - m0)
        with np.errstate(invalid="ignore"):
            logp = -expected  # natural log of P(no post)
        n_gaps = int(np.isfinite(logp).sum())
        silences: list[dict[str, Any]] = []
        evidence: dict[str, list[str]] = {}
        for i in np.argsort(np.nan_to_num(logp, nan=0.0)):
            if not np.isfinite(logp[i]):
                continue
            p = math.exp(float(logp[i]))
            p_adj = min(1.0, p * n_gaps)
            if p_adj >= self.alpha:
                break
            is_ongoing = ongoing and i == len(starts) - 1
            before = df.iloc[i]
            start = before["local"].to_pydatetime()
            ret = None if is_ongoing else df.iloc[i + 1]
            end = (ret["local"] if ret is not None else pd.Timestamp(self.until) + pd.Timedelta(days=1)).to_pydatetime()
            row = {
                "start": start, "end": end, "hours": round(float(ends[i] - starts[i]), 2),
                "days": round(float(ends[i] - starts[i]) / 24.0, 2), "expected_posts": round(float(expected_posts[i]), 1),
                "expected_events": round(float(expected[i]), 2),
                "p_value": p, "p_adjusted": p_adj, "surprise": round(-float(logp[i]) / math.log(10), 2),
                "last_before": post_ref(before["platform"], before["post_id"]),
                "return": None if ret is None else {"post": post_ref(ret["platform"], ret["post_id"]),
                                                    "at": ret["local"].to_pydatetime(), "kind": ret["kind"],
                                                    "class": ret["cls"]},
                "ongoing": is_ongoing,
            }
            silences.append(row)
            evidence[f"silence {start.isoformat()}"] = [row["last_before"]] + ([row["return"]["post"]] if ret is not None else [])
        silences.sort(key=lambda r: r["start"])
        segs, shifts = self._mix(df, evidence)
        data = {
            "account": who,
            "tz": tz_label(float(df["offset_h"].mode().iloc[0])),
            "posts": len(df),
            "model": {"alpha": self.alpha, "window_days": self.window_days, "unit": self.unit, "n_gaps": n_gaps,
                      "hour_weights": [round(float(x), 3) for x in model.hour_weights_],
                      "weekday_weights": [round(float(x), 3) for x in model.weekday_weights_]},
            "silences": silences,
            "mix_segments": segs,
            "mix_shifts": shifts,
        }
        rows = [{"start": r["start"], "end": r["end"], "days": r["days"], "expected_posts": r["expected_posts"], "expected_events": r["expected_events"],
                 "p_adjusted": r["p_adjusted"], "surprise": r["surprise"],
                 "return_at": r["return"]["at"] if r["return"] else None,
                 "return_class": r["return"]["class"] if r["return"] else None} for r in silences]
        return Result(self.name, self.get_params(), data, rows, evidence, self._chart(df, silences, acc.label()))

    def _mix(self, df: pd.DataFrame, evidence: dict[str, list[str]]) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
        day = df["local"].dt.date
        first, last = day.iloc[0], day.iloc[-1]
        days = [first + timedelta(days=i) for i in range((last - first).days + 1)]
        idx = {d: i for i, d in enumerate(days)}
        counts = np.zeros((len(days), len(CLASSES)))
        for d, c in zip(day, df["cls"], strict=True):
            counts[idx[d], CLASSES.index(c)] += 1
        segs = mix_segments(days, counts, self.min_segment_days)
        out: list[dict[str, Any]] = []
        for a, b in segs:
            c = counts[a:b].sum(axis=0)
            n = int(c.sum())
            out.append({"start": days[a], "end": days[b - 1], "posts": n,
                        "shares": {k: (round(float(c[j] / n), 4) if n else None) for j, k in enumerate(CLASSES)}})
        shifts: list[dict[str, Any]] = []
        for prev, nxt in itertools.pairwise(out):
            stopped = [k for k in CLASSES if (prev["shares"][k] or 0) >= 0.1 and (nxt["shares"][k] or 0) == 0]
            started = [k for k in CLASSES if (prev["shares"][k] or 0) == 0 and (nxt["shares"][k] or 0) >= 0.1]
            shifts.append({"at": nxt["start"], "before": prev["shares"], "after": nxt["shares"],
                           "stopped": stopped, "started": started})
            in_seg = df[(day >= nxt["start"]) & (day <= nxt["end"])]
            evidence[f"mix segment {nxt['start'].isoformat()}"] = [
                post_ref(a, b) for a, b in zip(in_seg["platform"], in_seg["post_id"], strict=True)]
        return out, shifts

    @staticmethod
    def _chart(df: pd.DataFrame, silences: list[dict[str, Any]], who: str) -> dict[str, Any]:
        day = df["local"].dt.date
        first, last = day.iloc[0], day.iloc[-1]
        days = [first + timedelta(days=i) for i in range((last - first).days + 1)]
        vc = day.value_counts()
        areas = [[{"name": f"silence {s['days']}d", "xAxis": s["start"].date().isoformat()},
                  {"xAxis": min(s["end"].date(), last).isoformat()}] for s in silences]
        return {
            "title": {"text": f"{who}: posts per day, unusual silences shaded"},
            "tooltip": {"trigger": "axis"},
            "xAxis": {"type": "category", "data": [d.isoformat() for d in days]},
            "yAxis": {"type": "value"},
            "dataZoom": [{"type": "inside"}, {"type": "slider"}],
            "series": [{"name": "posts", "type": "bar", "data": [int(vc.get(d, 0)) for d in days],
                        "markArea": {"itemStyle": {"color": "rgba(200,0,0,0.15)"}, "data": areas}}],
        }


def _local(v: datetime | str) -> datetime:
    return v if isinstance(v, datetime) else datetime.fromisoformat(v)
