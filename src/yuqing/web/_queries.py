"""Read-side helpers of the dashboard: accounts, posts with comments, clusters, records (all via the store)."""

from __future__ import annotations

import urllib.parse
from datetime import date, datetime
from typing import Any, cast

import orjson

from yuqing.analyses import Subject
from yuqing.core import NotFoundError, UsageError, utc_bounds
from yuqing.reports import EvidenceRecord, split_ref
from yuqing.store.base import Store
from yuqing.store.schema import TABLES

_POST_COLS = ["platform", "post_id", "kind", "account_id", "account_name", "created_at", "tz", "text", "parent_id",
              "root_id", "likes", "reposts", "comments", "src_file", "src_line"]


def quote(s: str) -> str:
    return urllib.parse.quote(s, safe="")


def jsonable(obj: Any) -> Any:
    """Plain JSON types (dates as ISO strings) for API responses."""
    return orjson.loads(orjson.dumps(obj, default=str, option=orjson.OPT_NON_STR_KEYS))


def jsonable_dict(obj: dict[Any, Any]) -> dict[str, Any]:
    """:func:`jsonable` of a dict: a JSON object (non-string keys become strings)."""
    return cast(dict[str, Any], jsonable(obj))


def record_href(ref: str) -> str:
    if ref.startswith("posts/"):
        try:
            _, (platform, post_id) = split_ref(ref)
            return f"/post/{quote(platform)}/{quote(post_id)}"
        except ValueError:
            pass
    return "/record?ref=" + quote(ref)


def record_json(r: EvidenceRecord) -> dict[str, Any]:
    return {"ref": r.ref, "table": r.table, "found": r.found, "time": r.time, "author": r.author,
            "excerpt": r.excerpt, "source": r.source}


def top_accounts(store: Store, n: int = 30) -> list[dict[str, Any]]:
    rows = store.fetchall(
        "SELECT platform, account_id, max(account_name), count(*) AS n FROM posts WHERE account_id IS NOT NULL "
        "GROUP BY 1, 2 ORDER BY n DESC, 2 LIMIT ?", [n])
    return [{"platform": r[0], "account_id": r[1], "name": r[2], "posts": r[3]} for r in rows]


def _posts(store: Store, where: str, args: list[Any], limit: int = 200) -> list[dict[str, Any]]:
    rows = store.fetchall(f"SELECT {', '.join(_POST_COLS)} FROM posts WHERE {where} "
                          "ORDER BY created_at, post_id LIMIT ?", [*args, limit])
    return [dict(zip(_POST_COLS, r, strict=True)) for r in rows]


def post(store: Store, platform: str, post_id: str) -> dict[str, Any]:
    found = _posts(store, "platform = ? AND post_id = ?", [platform, post_id], 1)
    if not found:
        raise NotFoundError("post", f"{platform}/{post_id}", [])
    p = found[0]
    n = store.fetchall("SELECT count(*) FROM posts WHERE platform = ? AND parent_id = ?", [platform, post_id])[0][0]
    replies = _posts(store, "platform = ? AND parent_id = ?", [platform, post_id], 500)
    parent = None
    if p.get("parent_id"):
        got = _posts(store, "platform = ? AND post_id = ?", [platform, p["parent_id"]], 1)
        parent = got[0] if got else None
    return {"post": p, "parent": parent, "n_replies": n, "replies": replies}


def account(store: Store, platform: str, account_id: str, since: date | None, until: date | None) -> dict[str, Any]:
    prof = store.fetchall(
        "SELECT name, description, followers, following, posts_count, verified, location, observed_at "
        "FROM accounts WHERE platform = ? AND account_id = ? ORDER BY observed_at DESC NULLS LAST LIMIT 1",
        [platform, account_id])
    lo, hi = utc_bounds(since, until)
    cond = "platform = ? AND account_id = ?"
    args: list[Any] = [platform, account_id]
    if lo is not None:
        cond += " AND created_at >= ?"
        args.append(lo)
    if hi is not None:
        cond += " AND created_at < ?"
        args.append(hi)
    total = store.fetchall(f"SELECT count(*) FROM posts WHERE {cond}", args)[0][0]
    if not prof and not total and not store.fetchall(
            "SELECT 1 FROM posts WHERE platform = ? AND account_id = ? LIMIT 1", [platform, account_id]):
        raise NotFoundError("account", f"{platform}/{account_id}", [])
    days = store.fetchall(f"SELECT CAST(created_at AS DATE) AS d, count(*) FROM posts WHERE {cond} "
                          "GROUP BY 1 ORDER BY 1", args)
    recent = store.fetchall(f"SELECT {', '.join(_POST_COLS)} FROM posts WHERE {cond} "
                            "ORDER BY created_at DESC, post_id LIMIT 100", args)
    cols = ["name", "description", "followers", "following", "posts_count", "verified", "location", "observed_at"]
    profile = dict(zip(cols, prof[0], strict=True)) if prof else {}
    name = profile.get("name") or (recent[0][4] if recent else account_id)
    chart = {
        "title": {"text": f"{name}: items per day (UTC)"},
        "tooltip": {"trigger": "axis"},
        "xAxis": {"type": "category", "data": [str(d[0]) for d in days]},
        "yAxis": {"type": "value"},
        "series": [{"type": "bar", "name": "items", "data": [d[1] for d in days]}],
    } if days else None
    return {"platform": platform, "account_id": account_id, "name": name, "profile": profile, "total": total,
            "posts": [dict(zip(_POST_COLS, r, strict=True)) for r in recent], "chart": chart}


def cluster(store: Store, cluster_id: str, since: date | None, until: date | None) -> dict[str, Any]:
    """A coordination cluster: from the stored runs (``yuqing coordination --save``) or computed now."""
    from yuqing.analyses import load_cluster

    try:
        c = load_cluster(store, cluster_id)
    except NotFoundError:
        pass
    else:  # each evidence post names its account as platform:account_id, as the computed run's refs do
        refs = [f"posts/{p['account'].partition(':')[0]}/{p['post_id']}"
                for g in c.get("evidence") or [] for p in g.get("posts", [])]
        return {**c, "refs": list(dict.fromkeys(refs))}
    from yuqing.analyses import get_analysis

    cls: Any = get_analysis("coordination")
    res = cls(since=since, until=until).run(store)
    for c in res.data.get("clusters", []):
        if c.get("cluster_id") == cluster_id:
            # the posts behind it (the evidence also names the burst's accounts, shown in their own section)
            refs = [r for r in res.evidence.get(f"cluster:{cluster_id}", []) if r.startswith("posts/")]
            return {**c, "refs": refs}
    raise NotFoundError("cluster", cluster_id, [c["cluster_id"] for c in res.data.get("clusters", [])][:8])


def timeline(store: Store, subject: Subject, since: date | None, until: date | None) -> dict[str, Any]:
    from yuqing.analyses import get_analysis

    cls: Any = get_analysis("timeline")
    res = cls(entity=subject.company or subject.entity, since=since, until=until).run(store)
    return {"data": res.data, "rows": res.rows, "chart": res.chart, "evidence": res.evidence}


def evidence_refs(report: Any, analysis: str, key: str) -> list[str]:
    for sv in report.sections:
        if sv.section.name == analysis:
            res = sv.section.result
            if res is None or key not in res.evidence:
                raise NotFoundError("evidence", f"{analysis}: {key}", [] if res is None else list(res.evidence)[:8])
            return list(res.evidence[key])
    raise NotFoundError("section", analysis, [sv.section.name for sv in report.sections])


def record(store: Store, ref: str) -> dict[str, Any]:
    try:
        table, key = split_ref(ref)
    except ValueError as exc:
        raise UsageError(str(exc)) from exc
    t = TABLES[table]
    types = {c.name: c.type for c in t.all_columns}
    where = " AND ".join((k if types[k] == "str" else f"CAST({k} AS VARCHAR)") + " = ?" for k in t.key)
    rows = store.fetchall(f"SELECT {', '.join(t.column_names)} FROM {table} WHERE {where} LIMIT 1", key)
    if not rows:
        raise NotFoundError("record", ref, [])
    fields = {c: (v.isoformat() if isinstance(v, datetime | date) else v)
              for c, v in zip(t.column_names, rows[0], strict=True)}
    return {"ref": ref, "table": table, "fields": fields}
