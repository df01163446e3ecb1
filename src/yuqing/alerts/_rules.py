"""Alert rules: loading the YAML file (errors name file and line) and evaluating each rule type.

Every rule runs a registered analysis (or, for ``price_move``, reads the ``prices`` table) and turns each
qualifying figure into an :class:`Alert` whose ``incident`` identifies it, so the same incident fires once.
The ``signal`` type works for any registered analysis, plugins included: it runs ``analysis`` with ``params``
and fires on each of its dated detections (:meth:`~yuqing.analyses.Analysis.signals`), optionally only those
of one ``kind`` and with ``abs(magnitude) >= min_magnitude``. The ``incident`` type watches a stored subject's
incidents (:mod:`yuqing.analyses.incidents`): it fires when an incident opens and again when its severity rises.
A rule whose analysis is not installed raises :class:`~yuqing.core.UsageError`: it never passes silently.
"""

from __future__ import annotations

import typing
from collections.abc import Callable
from dataclasses import dataclass, field
from itertools import pairwise
from pathlib import Path
from typing import Any

import yaml

from yuqing.analyses import Result
from yuqing.core import InputError, UsageError, parse_day, ref
from yuqing.store.base import Store


@dataclass(frozen=True)
class Rule:
    name: str
    type: str
    params: dict[str, Any]
    line: int = 0


@dataclass(frozen=True)
class Alert:
    rule: str
    type: str
    incident: str
    message: str
    figures: dict[str, Any] = field(default_factory=dict)
    evidence: tuple[str, ...] = ()

    def as_dict(self) -> dict[str, Any]:
        return {"rule": self.rule, "type": self.type, "incident": self.incident, "message": self.message,
                "figures": self.figures, "evidence": list(self.evidence)}


@dataclass(frozen=True)
class RuleSet:
    rules: tuple[Rule, ...]
    outputs: tuple[dict[str, Any], ...]
    path: str = ""


# rule type -> (analysis it needs or None, required params, optional params)
RULE_TYPES: dict[str, tuple[str | None, tuple[str, ...], tuple[str, ...]]] = {
    "silence": ("silences", ("account",), ("since", "until", "platform", "ongoing_only", "alpha")),
    "follower_drop": ("followers", ("account", "pct", "days"), ("until", "platform")),
    "negative_mood": ("mood", ("target", "share"), ("since", "until", "min_volume", "scope")),
    "trending_burst": ("trending", ("match",), ("since", "until", "platform", "min_level")),
    "new_cluster": ("coordination", (), ("since", "until", "platform", "min_size")),
    "price_move": (None, ("symbol", "pct"), ("since", "until", "adjustment")),
    "signal": ("*", ("analysis",), ("params", "kind", "min_magnitude")),
    "incident": ("incidents", ("subject",), ("since", "until", "min_severity")),
}


class _LineLoader(yaml.SafeLoader):
    """SafeLoader that records the 1-based line of every mapping under the key ``__line__``."""


def _mapping(loader: _LineLoader, node: yaml.MappingNode) -> dict[str, Any]:
    d = loader.construct_mapping(node, deep=True)
    d["__line__"] = node.start_mark.line + 1
    return d  # type: ignore[return-value]


def _timestamp(loader: _LineLoader, node: yaml.ScalarNode) -> str:
    return str(loader.construct_scalar(node))  # dates stay text; validated per rule with its line


_LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _mapping)
_LineLoader.add_constructor("tag:yaml.org,2002:timestamp", _timestamp)


def _strip(d: Any) -> Any:
    if isinstance(d, dict):
        return {k: _strip(v) for k, v in d.items() if k != "__line__"}
    if isinstance(d, list):
        return [_strip(v) for v in d]
    return d


def _number(path: str, line: int, name: str, v: Any) -> float:
    if isinstance(v, bool) or not isinstance(v, int | float) or v < 0:
        raise InputError(path, line, f"{name} must be a non-negative number, got {v!r}")
    return float(v)


def load_rules(path: str | Path) -> RuleSet:
    """Read and validate a rules file; raises InputError naming the file, line and reason."""
    p = str(path)
    try:
        text = Path(path).read_text(encoding="utf-8")
    except OSError as exc:
        raise InputError(p, 0, f"cannot read the rules file ({exc.strerror or exc})") from exc
    try:
        doc = yaml.load(text, Loader=_LineLoader)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        raise InputError(p, mark.line + 1 if mark else 0, f"not valid YAML: {getattr(exc, 'problem', exc)}") from exc
    if not isinstance(doc, dict) or not isinstance(doc.get("rules"), list):
        raise InputError(p, 1, "expected a mapping with a 'rules:' list (and optionally 'outputs:')")
    rules: list[Rule] = []
    names: set[str] = set()
    for i, r in enumerate(doc["rules"]):
        if not isinstance(r, dict):
            raise InputError(p, doc.get("__line__", 1), f"rule {i + 1} is not a mapping")
        line = int(r.get("__line__", 0))
        typ = r.get("type")
        if typ not in RULE_TYPES:
            raise InputError(p, line, f"unknown rule type {typ!r}; known: {', '.join(RULE_TYPES)}")
        name = str(r.get("name") or f"{typ}-{i + 1}")
        if name in names:
            raise InputError(p, line, f"duplicate rule name {name!r}")
        names.add(name)
        _, required, optional = RULE_TYPES[typ]
        params = {k: _strip(v) for k, v in r.items() if k not in ("type", "name", "__line__")}
        missing = [k for k in required if params.get(k) in (None, "", [])]
        if missing:
            raise InputError(p, line, f"rule {name!r} ({typ}) needs {', '.join(missing)}")
        unknown = sorted(set(params) - set(required) - set(optional))
        if unknown:
            raise InputError(p, line, f"rule {name!r} ({typ}): unknown field(s) {', '.join(unknown)}")
        if typ == "signal":
            params = _signal_params(p, line, name, params)
        for k in ("pct", "share", "days", "min_volume", "min_size", "min_level", "min_magnitude", "min_severity"):
            if k in params:
                _number(p, line, k, params[k])
        for k in ("since", "until"):
            if k in params:
                try:
                    params[k] = parse_day(str(params[k]), k)
                except UsageError as exc:
                    raise InputError(p, line, str(exc)) from exc
        if typ == "trending_burst" and isinstance(params["match"], str):
            params["match"] = [params["match"]]
        rules.append(Rule(name, typ, params, line))
    outputs = doc.get("outputs") or ["stdout"]
    if not isinstance(outputs, list):
        raise InputError(p, doc.get("__line__", 1), "'outputs:' must be a list")
    from yuqing.alerts._outputs import check_output

    outs = tuple(check_output(p, o) for o in outputs)
    return RuleSet(tuple(rules), outs, p)


def _run(analysis: str, rule: Rule, store: Store, **params: Any) -> Result:
    from yuqing.analyses import analyses

    cls: Any = analyses().get(analysis)
    if cls is None:
        raise UsageError(f"rule {rule.name!r} ({rule.type}) needs the analysis {analysis!r}, which is not installed "
                         f"in this yuqing (installed: {', '.join(sorted(analyses()))})")
    return cls(**{k: v for k, v in params.items() if v is not None}).run(store)  # type: ignore[no-any-return]


def _iso(v: Any) -> str:
    return v.isoformat() if hasattr(v, "isoformat") else str(v)


def _silence(rule: Rule, store: Store) -> list[Alert]:
    p = rule.params
    res = _run("silences", rule, store, account=p["account"], since=p.get("since"), until=p.get("until"),
               platform=p.get("platform"), alpha=p.get("alpha"))
    who = (res.data.get("account") or {}).get("name") or p["account"]
    out = []
    for s in res.data.get("silences") or []:
        if p.get("ongoing_only") and not s.get("ongoing"):
            continue
        state = "still going on" if s.get("ongoing") else f"ended {s.get('end')}"
        out.append(Alert(rule.name, rule.type, f"{p['account']}:{s['start']}",
                         f"{who} has been silent from {s['start']} ({s['days']} days, {state}); "
                         f"{s['expected_posts']} items were expected at the usual rate "
                         f"(adjusted p = {s['p_adjusted']:.2g}).",
                         {k: s.get(k) for k in ("start", "end", "days", "expected_posts", "p_adjusted", "ongoing")},
                         tuple(res.evidence.get(f"silence {_iso(s['start'])}", []))))
    return out


def _follower_drop(rule: Rule, store: Store) -> list[Alert]:
    p = rule.params
    res = _run("followers", rule, store, account=p["account"], window_days=int(p["days"]), until=p.get("until"),
               platform=p.get("platform"))
    out = []
    for pf in res.data.get("platforms") or []:
        w = pf.get("worst_window") or {}
        if w.get("pct") is None or w["pct"] > -float(p["pct"]):
            continue
        plat = pf.get("platform")
        out.append(Alert(rule.name, rule.type, f"{plat}:{w['from']['date']}",
                         f"On {plat}, followers fell {-w['change']:,} ({w['pct'] * 100:.1f}%) within {p['days']} days, "
                         f"from {w['from']['date']} to {w['to']['date']} (threshold {float(p['pct']) * 100:.1f}%).",
                         {"platform": plat, "change": w["change"], "pct": w["pct"], "from": w["from"], "to": w["to"]},
                         tuple(res.evidence.get(f"{plat} worst window", []))))
    return out


def _negative_mood(rule: Rule, store: Store) -> list[Alert]:
    p = rule.params
    res = _run("mood", rule, store, target=p["target"], since=p.get("since"), until=p.get("until"),
               scope=p.get("scope"))
    minv = int(p.get("min_volume", 20))
    out = []
    for r in res.data.get("periods") or []:
        sh = r.get("share_negative")
        if sh is None or (r.get("volume") or 0) < minv or sh <= float(p["share"]):
            continue
        out.append(Alert(rule.name, rule.type, f"{p['target']}:{r['period']}",
                         f"{sh * 100:.1f}% of {r['volume']} items about {p['target']} on {r['period']} were negative "
                         f"(threshold {float(p['share']) * 100:.1f}%).",
                         {"period": r["period"], "share_negative": sh, "volume": r["volume"]},
                         tuple(res.evidence.get(f"{r['period']}:negative", []))))
    return out


def _trending_burst(rule: Rule, store: Store) -> list[Alert]:
    p = rule.params
    res = _run("trending", rule, store, match=tuple(p["match"]), since=p.get("since"), until=p.get("until"),
               platform=p.get("platform"))
    out = []
    for b in res.data.get("bursts") or []:
        if b.get("level", 1) < int(p.get("min_level", 1)):
            continue
        out.append(Alert(rule.name, rule.type, f"{'|'.join(p['match'])}:{b['start']}",
                         f"Trending burst for {', '.join(p['match'])} from {b['start']} to {b['end']} (level "
                         f"{b['level']}): {b['entries']} entries, best rank {b['best_rank']}, peak heat "
                         f"{b['peak_heat']} on {b['peak_day']}.",
                         {k: b.get(k) for k in ("start", "end", "level", "entries", "best_rank", "peak_heat")},
                         tuple(res.evidence.get(_iso(b.get("peak_day")), []))))
    return out


def _new_cluster(rule: Rule, store: Store) -> list[Alert]:
    p = rule.params
    res = _run("coordination", rule, store, since=p.get("since"), until=p.get("until"), platform=p.get("platform"))
    out = []
    for c in res.data.get("clusters") or []:
        if c.get("size", 0) < int(p.get("min_size", 2)):
            continue
        sig = ", ".join(sorted((c.get("signals") or {}).keys()))
        out.append(Alert(rule.name, rule.type, str(c["cluster_id"]),
                         f"A coordinated cluster of {c['size']} accounts ({c['cluster_id']}) shared {sig} between "
                         f"{c.get('first_at')} and {c.get('last_at')} UTC.",
                         {k: c.get(k) for k in ("cluster_id", "size", "density", "first_at", "last_at")},
                         tuple(res.evidence.get(f"cluster:{c['cluster_id']}", []))))
    return out


def _price_move(rule: Rule, store: Store) -> list[Alert]:
    p = rule.params
    adj = str(p.get("adjustment", "none"))
    sql = "SELECT date, close FROM prices WHERE symbol = ? AND adjustment = ? AND close IS NOT NULL"
    args: list[Any] = [p["symbol"], adj]
    if p.get("since"):
        sql += " AND date >= ?"
        args.append(p["since"])
    if p.get("until"):
        sql += " AND date <= ?"
        args.append(p["until"])
    rows = store.fetchall(sql + " ORDER BY date", args)
    out = []
    for (d0, c0), (d1, c1) in pairwise(rows):
        if not c0:
            continue
        move = c1 / c0 - 1
        if abs(move) < float(p["pct"]):
            continue
        out.append(Alert(rule.name, rule.type, f"{p['symbol']}:{d1}",
                         f"{p['symbol']} closed at {c1:,.2f} on {d1}, {move * 100:+.1f}% from {c0:,.2f} on {d0} "
                         f"(threshold {float(p['pct']) * 100:.1f}%).",
                         {"date": d1, "close": c1, "previous_date": d0, "previous_close": c0, "move": round(move, 6)},
                         (ref("prices", p["symbol"], d0, adj), ref("prices", p["symbol"], d1, adj))))
    return out


def _signal_params(path: str, line: int, name: str, params: dict[str, Any]) -> dict[str, Any]:
    """Check a ``signal`` rule against the registry: the analysis exists and takes the given parameters."""
    from yuqing.analyses import convert, get_analysis
    from yuqing.core import NotFoundError

    try:
        cls = get_analysis(str(params["analysis"]))
    except NotFoundError as exc:
        raise InputError(path, line, f"rule {name!r} (signal): {exc}") from exc
    given = params.get("params") or {}
    if not isinstance(given, dict):
        raise InputError(path, line, f"rule {name!r} (signal): 'params:' must be a mapping")
    known = {q.name: q for q in cls.parameters()}
    unknown = sorted(set(given) - set(known))
    if unknown:
        raise InputError(path, line, f"rule {name!r} (signal): {cls.name} has no parameter(s) {', '.join(unknown)}")
    missing = [q.name for q in known.values() if q.required and given.get(q.name) in (None, "", [])]
    if missing:
        raise InputError(path, line, f"rule {name!r} (signal): {cls.name} needs {', '.join(missing)}")
    typed: dict[str, Any] = {}
    for k, v in given.items():
        text = ",".join(map(str, v)) if isinstance(v, list) else str(v)
        try:
            typed[k] = convert(text, typing.get_type_hints(cls.__init__).get(k, str), f"{cls.name}.{k}")
        except UsageError as exc:
            raise InputError(path, line, f"rule {name!r} (signal): {exc}") from exc
    return {**params, "analysis": cls.name, "params": typed}


def _signal(rule: Rule, store: Store) -> list[Alert]:
    from yuqing.analyses import get_analysis

    p = rule.params
    cls = get_analysis(p["analysis"])
    analysis = cls(**p["params"])
    res = analysis.run(store)
    floor = float(p.get("min_magnitude", 0))
    out = []
    for d in analysis.signals(res):
        if (p.get("kind") and d.kind != p["kind"]) or abs(d.magnitude) < floor:
            continue
        span = d.start.isoformat() if d.start == d.end else f"{d.start.isoformat()} to {d.end.isoformat()}"
        out.append(Alert(rule.name, rule.type, f"{cls.name}:{d.kind}:{d.start.isoformat()}:{d.evidence or d.label}",
                         f"{cls.section_title()}: {d.kind} {span}: {d.label} (magnitude {d.magnitude:g}).",
                         d.as_dict(), tuple(res.evidence.get(d.evidence, []) if d.evidence else ())))
    return out


def _incident(rule: Rule, store: Store) -> list[Alert]:
    """Incidents about a stored subject: one alert when an incident opens and one each time its severity rises.

    The alert key is ``ID:severity N``; an incident already delivered at a lower severity is reported as
    escalated."""
    from yuqing.analyses import get_analysis, get_subject, plan

    p = rule.params
    cls = get_analysis("incidents")
    params, why = plan(cls, get_subject(store, str(p["subject"])), p.get("since"), p.get("until"), store)
    if params is None:
        raise UsageError(f"rule {rule.name!r} (incident): {why}")
    analysis = cls(**params)
    res = analysis.run(store)
    floor = int(p.get("min_severity", 1))
    known: dict[str, int] = {}
    for (key,) in store.fetchall("SELECT incident FROM alert_state WHERE rule = ?", [rule.name]):
        iid, _, level = str(key).partition(":severity ")
        if level.isdigit():
            known[iid] = max(known.get(iid, 0), int(level))
    out = []
    for inc in res.data["incidents"]:
        sev = int(inc["severity"])
        if sev < floor:
            continue
        before = known.get(inc["id"])
        state = "opened" if before is None else f"escalated from severity {before}"
        trig = inc["trigger"]
        out.append(Alert(rule.name, rule.type, f"{inc['id']}:severity {sev}",
                         f"Incident {inc['id']} {state}: {inc['start']} to {inc['end']}, severity {sev} of 6 "
                         f"({', '.join(inc['dimensions'])}); likely trigger {trig['kind']}: {trig['label']}.",
                         {k: inc[k] for k in ("id", "start", "end", "peak", "severity", "dimensions")},
                         tuple(res.evidence.get(trig["evidence"], []) if trig["evidence"] else ())))
    return out


EVALUATORS: dict[str, Callable[[Rule, Store], list[Alert]]] = {
    "silence": _silence, "follower_drop": _follower_drop, "negative_mood": _negative_mood,
    "trending_burst": _trending_burst, "new_cluster": _new_cluster, "price_move": _price_move,
    "signal": _signal, "incident": _incident,
}


def evaluate(rule: Rule, store: Store) -> list[Alert]:
    """All alerts the rule's condition gives on the store now (already-fired ones included)."""
    return EVALUATORS[rule.type](rule, store)
