"""``coordination``: coordinated campaigns ("black PR") as clusters of accounts, with evidence.

Signals (injected, each with its own parameters; see :mod:`yuqing.analyses._coord._signals`): templated
text (MinHash template families), co-repost, co-reply, co-link, co-hashtag and, on request, synchronised
timing. Each yields account pairs that acted on the same item within ``window`` seconds on at least
``min_items`` distinct items: one shared viral repost is not coordination, repetition is. The pairs form a
weighted network; Leiden communities of at least ``min_size`` accounts are the clusters.

JSON: ``{"run_id","since","until","window","params","signals":{name:{"pairs","skipped_groups"}},
"n_clusters","n_accounts","clusters":[{"cluster_id","rank","size","score","density","cohesion","first_at",
"last_at","accounts":[{"platform","account_id","score"}],"signals":{name:{"pairs","co_actions","strength",
"items"}},"evidence":[{"signal","item","accounts","posts":[{"post_id","account","t"}]}],
"creation_burst":null|{"window_s","known","accounts","share","first_at","last_at","members"}}]}``
(``creation_burst``: members registered within ``creation_window`` seconds of each other, when the store
knows account creation times).

Signals (:meth:`Coordination.signals`), one line per kind:

* ``coordinated_cluster``: each cluster; start/end = local days (``offset_hours``) of its first and last coordinated
  action (``first_at``/``last_at``, UTC in the JSON), magnitude = accounts in the cluster (``size``), signals and
  density in the label; evidence ``cluster:<cluster_id>``.
"""

from __future__ import annotations

import hashlib
from datetime import UTC, date, datetime, timedelta
from typing import Any, ClassVar

import orjson

from yuqing.analyses._coord._creation import creation_burst, creation_times
from yuqing.analyses._coord._evidence import evidence_groups, member_actions
from yuqing.analyses._coord._network import build_clusters
from yuqing.analyses._coord._signals import CoLink, CoShare, Signal, SimilarText
from yuqing.analyses._registry import Analysis, Detection, Finding, Result, register_analysis
from yuqing.analyses._sentences import evidence_key
from yuqing.core import ref, utc_bounds
from yuqing.store.base import Store

DEFAULT_SIGNALS = ("text", "repost", "reply", "link", "hashtag")


def default_signals() -> list[Signal]:
    return [SimilarText(), CoShare("repost"), CoShare("comment"), CoLink("urls"), CoLink("topics")]


def _ts(t: int | None) -> datetime | None:
    return None if t is None else datetime.fromtimestamp(t, UTC).replace(tzinfo=None)


def _utc(v: datetime | str) -> datetime:
    return v if isinstance(v, datetime) else datetime.fromisoformat(v)


def _split(account: str) -> tuple[str, str]:
    platform, _, aid = account.partition(":")
    return platform, aid


def prepare_posts(p: Any, lo: datetime | None = None, hi: datetime | None = None,
                  platform: str | None = None) -> Any:
    """Posts with an author and a time in [lo, hi), plus ``account`` = ``platform:account_id`` and ``t`` =
    epoch seconds (UTC): the Ibis expression every signal starts from, on any backend."""
    p = p.filter(p.account_id.notnull(), p.created_at.notnull())
    if lo is not None:
        p = p.filter(p.created_at >= lo)
    if hi is not None:
        p = p.filter(p.created_at < hi)
    if platform:
        p = p.filter(p.platform == platform)
    return p.mutate(account=p.platform + ":" + p.account_id, t=p.created_at.epoch_seconds().cast("int64"))


@register_analysis
class Coordination(Analysis):
    name = "coordination"
    description = "Clusters of coordinated accounts (templated text, co-repost/reply/link/hashtag, timing)."
    title = "Coordinated accounts"
    order = 90
    subject_params: ClassVar[dict[str, str]] = {"platform": "platform"}
    required = ()

    def __init__(
        self,
        since: date | datetime | None = None,
        until: date | datetime | None = None,
        window: int = 60,
        detectors: list[Signal] | None = None,
        min_size: int = 2,
        resolution: float = 1.0,
        seed: int = 0,
        platform: str | None = None,
        max_evidence: int = 20,
        offset_hours: float = 8.0,
        merge_density: float = 0.3,
        min_score: float = 0.0,
        creation_window: int = 86_400,
    ) -> None:
        self.since = since
        self.until = until
        self.window = window
        self.detectors = detectors
        self.min_size = min_size
        self.resolution = resolution
        self.seed = seed
        self.platform = platform
        self.max_evidence = max_evidence
        self.offset_hours = offset_hours
        self.merge_density = merge_density
        self.min_score = min_score
        self.creation_window = creation_window

    def _signals(self) -> list[Signal]:
        return list(self.detectors) if self.detectors is not None else default_signals()

    def describe_params(self) -> dict[str, Any]:
        """The run parameters as plain JSON (signals with their own parameters)."""
        described = [
            {"name": s.name, **{k: v for k, v in s.get_params().items() if k != "families"}} for s in self._signals()
        ]  # named "signals" in the JSON (the co-action signals), as the parameter was called before
        p = {("signals" if k == "detectors" else k): (described if k == "detectors" else v)
             for k, v in self.get_params().items()}
        return orjson.loads(orjson.dumps(p, default=str))  # type: ignore[no-any-return]

    def run_id(self) -> str:
        return hashlib.sha1(orjson.dumps(self.describe_params(), option=orjson.OPT_SORT_KEYS)).hexdigest()[:12]

    def _bounds(self) -> tuple[datetime | None, datetime | None]:
        lo = self.since if isinstance(self.since, datetime) else None
        hi = self.until if isinstance(self.until, datetime) else None
        dlo = self.since if isinstance(self.since, date) and not isinstance(self.since, datetime) else None
        dhi = self.until if isinstance(self.until, date) and not isinstance(self.until, datetime) else None
        blo, bhi = utc_bounds(dlo, dhi, self.offset_hours)
        return lo or blo, hi or bhi

    def posts(self, store: Store) -> Any:
        """The posts expression every signal reads (see :func:`prepare_posts`)."""
        lo, hi = self._bounds()
        return prepare_posts(store.table("posts"), lo, hi, self.platform)

    def findings(self, res: Result) -> list[Finding]:
        d = res.data
        clusters = d.get("clusters") or []
        out = [Finding(f"{d.get('n_clusters', len(clusters))} clusters of accounts acted together, "
                       f"{d.get('n_accounts', 0)} accounts in all.")]
        for c in clusters[:10]:
            sig = ", ".join(sorted((c.get("signals") or {}).keys()))
            out.append(Finding(
                f"Cluster {c['cluster_id']}: {c['size']} accounts (density {c.get('density', 0):.2f}) shared {sig} "
                f"between {c.get('first_at')} and {c.get('last_at')} UTC.",
                evidence_key(res, f"cluster:{c['cluster_id']}")))
            burst = c.get("creation_burst")
            if burst and burst["accounts"] >= 3:
                out.append(Finding(
                    f"Cluster {c['cluster_id']}: {burst['accounts']} of its {c['size']} accounts were created within "
                    f"{burst['window_s'] / 3600:g} h of each other ({burst['first_at']} .. {burst['last_at']} UTC; "
                    f"creation time known for {burst['known']}).",
                    evidence_key(res, f"cluster:{c['cluster_id']}")))
        return out

    def signals(self, res: Result) -> list[Detection]:
        shift = timedelta(hours=float(res.params.get("offset_hours", self.offset_hours)))
        out: list[Detection] = []
        for c in res.data.get("clusters") or []:
            if c.get("first_at") is None or c.get("last_at") is None:
                continue
            first, last = (_utc(c[k]) + shift for k in ("first_at", "last_at"))
            sig = ", ".join(sorted((c.get("signals") or {}).keys()))
            out.append(Detection(self.name, "coordinated_cluster", first.date(), last.date(), float(c["size"]),
                                 f"cluster {c['cluster_id']}: {c['size']} accounts shared {sig} "
                                 f"(density {c.get('density', 0):.2f})",
                                 evidence_key(res, f"cluster:{c['cluster_id']}")))
        return out

    def run(self, store: Store) -> Result:
        run_id = self.run_id()
        posts = self.posts(store)
        pairs: dict[str, tuple[float, Any]] = {}
        actions: dict[str, Any] = {}
        sig_summary: dict[str, dict[str, int]] = {}
        windows: dict[str, int] = {}
        for s in self._signals():
            act = s.actions(posts)
            tab = s.pairs(act, self.window)
            pairs[s.name] = (s.weight, tab)
            actions[s.name] = act
            windows[s.name] = s.effective_window(self.window)
            sig_summary[s.name] = {"pairs": tab.num_rows, "skipped_groups": s.skipped(act, self.window)}
        clusters = build_clusters(pairs, self.min_size, self.resolution, self.seed, self.merge_density)
        clusters = [c for c in clusters if c.score >= self.min_score]
        everyone = sorted({m for c in clusters for m in c.members})
        created = creation_times(store, set(everyone))
        by_account: dict[str, dict[str, list[tuple[Any, int, str, str]]]] = {}
        for name, act in actions.items():
            if everyone and pairs[name][1].num_rows:
                by_account[name] = member_actions(act.filter(act.account.isin(everyone)).to_pyarrow())
        out: list[dict[str, Any]] = []
        evidence: dict[str, list[str]] = {}
        for rank, c in enumerate(clusters, 1):
            cid = "c" + hashlib.sha1((run_id + "\n" + "\n".join(c.members)).encode()).hexdigest()[:12]
            groups: list[dict[str, Any]] = []
            for name, d in c.signals.items():
                mine = [r for m in c.members for r in by_account.get(name, {}).get(m, [])]
                if mine:
                    g, n_items = evidence_groups(mine, windows[name], name, self.max_evidence)
                    d["items"] = n_items
                    groups += g
            groups.sort(key=lambda x: (-x["accounts"], -len(x["posts"]), x["signal"], x["item"]))
            groups = groups[: self.max_evidence]
            accounts = [
                {"platform": _split(m)[0], "account_id": _split(m)[1], "score": c.account_score[m]}
                for m in sorted(c.members, key=lambda m: (-c.account_score[m], m))
            ]
            burst = creation_burst(c.members, created, self.creation_window)
            out.append({
                "cluster_id": cid, "rank": rank, "size": len(c.members), "score": c.score, "density": c.density,
                "cohesion": c.cohesion, "first_at": _ts(c.first_t), "last_at": _ts(c.last_t),
                "accounts": accounts, "signals": c.signals, "evidence": groups,
                "creation_burst": burst,
            })
            evidence[f"cluster:{cid}"] = [
                ref("posts", _split(p["account"])[0], p["post_id"]) for g in groups for p in g["posts"]
            ] + [ref("accounts", *_split(m)) for m in (burst["members"] if burst else [])]
        params = self.describe_params()
        data = {
            "run_id": run_id, "since": self.since, "until": self.until, "window": self.window, "params": params,
            "signals": sig_summary, "n_clusters": len(out), "n_accounts": len(everyone), "clusters": out,
        }
        rows = [
            {"cluster_id": c["cluster_id"], "rank": c["rank"], "size": c["size"], "score": c["score"],
             "density": c["density"], "signals": ",".join(c["signals"]), "first_at": c["first_at"],
             "last_at": c["last_at"], "evidence_groups": len(c["evidence"]),
             "top_accounts": ",".join(a["account_id"] for a in c["accounts"][:5])}
            for c in out
        ]
        chart = None
        if out:
            chart = {
                "title": {"text": "coordination clusters"},
                "xAxis": {"type": "category", "data": [c["cluster_id"] for c in out[:30]]},
                "yAxis": {"type": "value", "name": "accounts"},
                "series": [{"type": "bar", "data": [c["size"] for c in out[:30]]}],
            }
        return Result(self.name, params, data, rows, evidence, chart)
