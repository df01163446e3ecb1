"""``mood``: polarity of the posts or comments about a target, per local day (or week/month).

TARGET forms (``kind="auto"`` tries them in this order):

* ``post:ID`` (or a stored post id) — the comments and reposts of that root post (``root_id`` or ``parent_id``);
* ``account:SPEC`` (or an account id/name, see ``resolve_account``) — with ``scope="replies"`` (default) the
  comments/reposts on the account's posts, with ``scope="own"`` the account's own posts;
* ``text:STRING`` (or anything else) — every stored post or comment whose text contains STRING.

Scores come from ``post_sentiment`` (written by ``yuqing sentiment``); selected posts without a stored score
for the current model are scored in memory (counted in ``scored_now``, nothing is written). Per bucket:
``volume``, ``mean`` (mean of P(pos) − P(neg)), ``share_negative/neutral/positive`` (top label), and with
``weight="likes"`` a like-weighted mean with weight 1 + ln(1 + likes). Evidence: the most-liked texts of each
class (overall and per bucket) as record references ``posts/<platform>/<post_id>``.

Signals (:meth:`Mood.signals`), one line per kind:

* ``negative_mood``: each bucket with at least the findings' floor of items (``max(20, median volume)``) whose share
  negative is at least the overall share plus ``NEGATIVE_MARGIN`` (0.15); start/end = the bucket's first and last
  day, magnitude = the bucket's share negative (0..1), volume and overall share in the label; evidence
  ``<period>:negative``.
"""

from __future__ import annotations

import json
import math
from datetime import date, datetime, timedelta
from typing import Any, ClassVar

from yuqing.analyses._registry import Analysis, Detection, Finding, Result, register_analysis
from yuqing.analyses._sentences import evidence_key, iso
from yuqing.core import NotFoundError, UsageError, parse_day, ref, resolve_account, utc_bounds
from yuqing.store.base import Store

CLASSES = ("negative", "neutral", "positive")
#: a bucket is a ``negative_mood`` detection when its share negative is at least the overall share plus this
NEGATIVE_MARGIN = 0.15


def _bucket(ts: datetime, by: str, offset_hours: float) -> date:
    d = (ts + timedelta(hours=offset_hours)).date()
    if by == "week":
        return d - timedelta(days=d.weekday())
    if by == "month":
        return d.replace(day=1)
    return d


def _above_floor(d: dict[str, Any]) -> tuple[int, list[dict[str, Any]]]:
    """(floor, buckets with at least ``floor`` items): ``floor = max(20, median volume)``, so that a day of 2 items
    at 100% negative is neither a finding nor a signal."""
    periods = [p for p in d.get("periods") or [] if p.get("share_negative") is not None and p.get("volume")]
    vols = sorted(p["volume"] for p in periods)
    floor = max(20, vols[len(vols) // 2]) if vols else 0
    return floor, [p for p in periods if p["volume"] >= floor]


def _bucket_end(start: date, by: str) -> date:
    if by == "week":
        return start + timedelta(days=6)
    if by == "month":
        nxt = (start.replace(day=28) + timedelta(days=4)).replace(day=1)
        return nxt - timedelta(days=1)
    return start


@register_analysis
class Mood(Analysis):
    name = "mood"
    description = "Daily polarity (mean, share negative, volume) of a target's comments, a post's replies or a text match"
    title = "Mood of the comments"
    order = 40
    subject_params: ClassVar[dict[str, str]] = {"target": "account_target"}
    required = ("target",)

    def __init__(
        self,
        *,
        target: str = "",
        kind: str = "auto",
        scope: str = "replies",
        by: str = "day",
        since: str | date | None = None,
        until: str | date | None = None,
        weight: str = "none",
        top: int = 3,
        offset_hours: float = 8.0,
    ) -> None:
        self.target = target
        self.kind = kind
        self.scope = scope
        self.by = by
        self.since = since
        self.until = until
        self.weight = weight
        self.top = top
        self.offset_hours = offset_hours

    # -- target resolution -------------------------------------------------------------------------
    def _selection(self, store: Store) -> tuple[str, str, list[Any], str]:
        """(what, SQL condition on posts p, args, description)."""
        if self.kind not in ("auto", "post", "account", "text"):
            raise UsageError(f"kind must be auto, post, account or text, not {self.kind!r}")
        if self.scope not in ("replies", "own"):
            raise UsageError(f"scope must be replies or own, not {self.scope!r}")
        kind, spec = self.kind, self.target.strip()
        if not spec:
            raise UsageError("mood needs a TARGET (post:ID, account:NAME or text:STRING)")
        for k in ("post", "account", "text"):
            if kind == "auto" and spec.startswith(k + ":"):
                kind, spec = k, spec[len(k) + 1 :]
        if kind in ("auto", "post"):
            hit = store.fetchall("SELECT platform, post_id FROM posts WHERE post_id = ? LIMIT 1", [spec])
            if hit:
                return ("post", "p.platform = ? AND (p.root_id = ? OR p.parent_id = ?) AND p.post_id <> ?",
                        [hit[0][0], spec, spec, spec], f"replies to post {hit[0][0]}/{spec}")
            if kind == "post":
                raise NotFoundError("post", spec, [])
        if kind in ("auto", "account"):
            try:
                acc = resolve_account(store, spec)
            except NotFoundError:
                if kind == "account":
                    raise
            else:
                col, val = ("account_id", acc.account_id) if acc.account_id else ("account_name", acc.name)
                if self.scope == "own":
                    return ("account", f"p.platform = ? AND p.{col} = ?", [acc.platform, val],
                            f"posts of {acc.label()}")
                return ("account",
                        f"p.platform = ? AND p.kind IN ('comment', 'repost') AND EXISTS (SELECT 1 FROM posts o "
                        f"WHERE o.platform = p.platform AND o.{col} = ? AND o.post_id IN (p.root_id, p.parent_id))",
                        [acc.platform, val], f"comments and reposts on posts of {acc.label()}")
        return ("text", "p.text LIKE ?", [f"%{spec}%"], f"posts and comments containing {spec!r}")

    def findings(self, res: Result) -> list[Finding]:
        d = res.data
        n = d.get("volume") or 0
        out = [Finding(f"{n:,} items were scored for {d.get('selection') or d.get('target')}: mean polarity "
                       f"{d['mean']:+.2f} (from -1 to +1), {d['share_negative'] * 100:.1f}% negative.")]
        for c in ("negative", "positive"):
            top = (d.get("top") or {}).get(c) or []
            if top:
                out.append(Finding(f"The most-liked {c} item had {top[0].get('likes') or 0} likes "
                                   f"({len(top)} most-liked {c} items listed).", evidence_key(res, f"top:{c}")))
        floor, periods = _above_floor(d)
        if periods:
            worst = max(periods, key=lambda p: (p["share_negative"], p["volume"]))
            day = iso(worst.get("period") or worst.get("day") or worst.get("date"))
            out.append(Finding(f"Among {d.get('by', 'day')}s with at least {floor} items, the most negative was {day}: "
                               f"{worst['share_negative'] * 100:.1f}% negative of {worst['volume']} items.",
                               evidence_key(res, f"{day}:negative")))
        return out

    def signals(self, res: Result) -> list[Detection]:
        d = res.data
        overall = d.get("share_negative")
        if overall is None:
            return []
        floor, periods = _above_floor(d)
        cut = round(overall + NEGATIVE_MARGIN, 4)
        out: list[Detection] = []
        for p in periods:
            if p["share_negative"] < cut:
                continue
            day = iso(p.get("period"))
            start = date.fromisoformat(day)
            out.append(Detection(self.name, "negative_mood", start, _bucket_end(start, d.get("by", "day")),
                                 float(p["share_negative"]),
                                 f"{p['share_negative'] * 100:.1f}% negative of {p['volume']} items "
                                 f"(overall {overall * 100:.1f}%, buckets of at least {floor} items)",
                                 evidence_key(res, f"{day}:negative")))
        return out

    def run(self, store: Store) -> Result:
        if self.by not in ("day", "week", "month"):
            raise UsageError(f"by must be day, week or month, not {self.by!r}")
        if self.weight not in ("none", "likes"):
            raise UsageError(f"weight must be none or likes, not {self.weight!r}")
        what, cond, args, desc = self._selection(store)
        lo, hi = utc_bounds(parse_day(self.since, "since"), parse_day(self.until, "until"), self.offset_hours)
        if lo is not None:
            cond += " AND p.created_at >= ?"
            args.append(lo)
        if hi is not None:
            cond += " AND p.created_at < ?"
            args.append(hi)
        posts = store.fetchall(
            "SELECT p.platform, p.post_id, p.created_at, p.text, p.lang, p.likes FROM posts p WHERE "
            f"p.text IS NOT NULL AND p.created_at IS NOT NULL AND {cond} ORDER BY p.created_at, p.post_id", args)
        scored, versions, now_n = self._scores(store, posts)
        return self._aggregate(what, desc, posts, scored, versions, now_n)

    def _scores(self, store: Store, posts: list[tuple[Any, ...]]) -> tuple[dict[tuple[str, str], tuple[str, float]],
                                                                           dict[str, str], int]:
        from yuqing.nlp.sentiment import load_model, polarity_value, route, scores_to_records

        out: dict[tuple[str, str], tuple[str, float]] = {}
        if not posts:
            return out, {}, 0
        versions = {t: load_model(t)[1] for t in ("zh-polarity", "en-polarity")}
        if store.has_table("post_sentiment"):
            ids = {(r[0], r[1]) for r in posts}
            for i in range(0, len(posts), 500):
                chunk = posts[i : i + 500]
                rows = store.fetchall(
                    "SELECT platform, post_id, label, score FROM post_sentiment WHERE model_version IN (?, ?) "
                    f"AND post_id IN ({', '.join('?' for _ in chunk)})",
                    [*versions.values(), *(r[1] for r in chunk)])
                out.update({(r[0], r[1]): (r[2], float(r[3])) for r in rows if (r[0], r[1]) in ids})
        missing = [r for r in posts if (r[0], r[1]) not in out]
        for task in versions:
            sel = [r for r in missing if route(r[3], r[4]) == task]
            if sel:
                model, _ = load_model(task)
                for r, rec in zip(sel, scores_to_records(model, [r[3] for r in sel]), strict=True):
                    out[(r[0], r[1])] = (rec["label"], polarity_value(rec["scores"]))
        return out, versions, len(missing)

    def _aggregate(self, what: str, desc: str, posts: list[tuple[Any, ...]],
                   scored: dict[tuple[str, str], tuple[str, float]], versions: dict[str, str], now_n: int) -> Result:
        buckets: dict[date, list[tuple[Any, ...]]] = {}
        for r in posts:
            buckets.setdefault(_bucket(r[2], self.by, self.offset_hours), []).append(r)
        rows: list[dict[str, Any]] = []
        evidence: dict[str, list[str]] = {}
        for day in sorted(buckets):
            items = buckets[day]
            labels = [scored[(r[0], r[1])][0] for r in items]
            vals = [scored[(r[0], r[1])][1] for r in items]
            row: dict[str, Any] = {"period": day.isoformat(), "volume": len(items),
                                   "mean": round(sum(vals) / len(vals), 4)}
            for c in CLASSES:
                row[f"share_{c}"] = round(labels.count(c) / len(items), 4)
            if self.weight == "likes":
                w = [1.0 + math.log1p(max(int(r[5] or 0), 0)) for r in items]
                row["weighted_mean"] = round(sum(a * b for a, b in zip(w, vals, strict=True)) / sum(w), 4)
            rows.append(row)
            for c in CLASSES:
                evidence[f"{day.isoformat()}:{c}"] = [ref("posts", r[0], r[1]) for r in
                                                      self._top([r for r in items if scored[(r[0], r[1])][0] == c])]
        top: dict[str, list[dict[str, Any]]] = {}
        for c in CLASSES:
            best = self._top([r for r in posts if scored[(r[0], r[1])][0] == c])
            top[c] = [{"ref": ref("posts", r[0], r[1]), "likes": r[5], "score": scored[(r[0], r[1])][1],
                       "created_at": r[2].isoformat(), "text": (r[3] or "")[:140]} for r in best]
            evidence[f"top:{c}"] = [t["ref"] for t in top[c]]
        n = len(posts)
        labels_all = [scored[(r[0], r[1])][0] for r in posts]
        data = {
            "target": self.target, "kind": what, "selection": desc, "by": self.by, "offset_hours": self.offset_hours,
            "weight": self.weight, "models": versions, "scored_now": now_n, "volume": n,
            "mean": round(sum(scored[(r[0], r[1])][1] for r in posts) / n, 4) if n else None,
            "share_negative": round(labels_all.count("negative") / n, 4) if n else None,
            "periods": rows, "top": top,
        }
        chart = {
            "title": {"text": f"Mood: {desc}"}, "tooltip": {"trigger": "axis"},
            "legend": {"data": ["mean", "share negative", "volume"]},
            "xAxis": {"type": "category", "data": [r["period"] for r in rows]},
            "yAxis": [{"type": "value", "min": -1, "max": 1}, {"type": "value", "name": "volume"}],
            "series": [
                {"name": "mean", "type": "line", "data": [r["mean"] for r in rows]},
                {"name": "share negative", "type": "line", "data": [r["share_negative"] for r in rows]},
                {"name": "volume", "type": "bar", "yAxisIndex": 1, "data": [r["volume"] for r in rows]},
            ],
        } if rows else None
        return Result(self.name, self.get_params(), json.loads(json.dumps(data, default=str)), rows, evidence, chart)

    def _top(self, items: list[tuple[Any, ...]]) -> list[tuple[Any, ...]]:
        return sorted(items, key=lambda r: (-(r[5] or 0), r[2], r[1]))[: self.top]
