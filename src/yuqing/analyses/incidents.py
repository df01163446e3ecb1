"""``incidents``: the analyses joined around one subject — what happened, and how each side of the story moved.

Every other registered analysis that publishes dated detections (:meth:`Analysis.signals`) is run for the subject,
with its parameters filled from the subject as that analysis declares (``subject_params``); detections merge into
incidents by the rule of :mod:`yuqing.analyses._incident_model` (read it: dimensions, merging, severity). A burst of
the subject's own posts (``bursts`` run on the subject's account) is a ``leader`` detection, kind ``own_burst``;
``bursts`` runs a second time, per day, on every post whose text names one of the subject's terms (analysis
``bursts (terms)``, kind ``burst``: attention).
When a share symbol and an index are known, an event study is run with each incident's start as its event date.

Each incident's dossier has one part per dimension (attention, leader, audience, organic, quotes, market) listing
its detections with their evidence keys, and says for an empty part whether nothing was detected or which analyses
could not run and why (``coverage``). Nothing is estimated beyond what the analyses computed.

JSON: ``{"subject":{"account","organisation","symbol","index","terms"},"since","until","gap_days","max_span_days",
"incidents":[{"id","start","end","peak","severity","dimensions","trigger":DETECTION,
"parts":{DIMENSION:{"detections":[DETECTION],"missing":[{"analysis","reason"}]}} (the audience part also has "mood":{"before","during","after","evidence"}, each window
{"from","to","days_with_items","volume","share_negative"}, see :mod:`yuqing.analyses._incident_mood`; the organic part also has
"share":{"posts","by_clustered_accounts","share","clusters","evidence"} when coordination ran: see
:mod:`yuqing.analyses._incident_organic`),
"market":{"event_date","windows":[{"window","car","t","p","evidence"}]}|null}],
"coverage":[{"analysis","status","reason","detections"}]}``; DETECTION is ``{"analysis","kind","start","end",
"magnitude","label","evidence"}`` with ``evidence`` a key of this result's evidence.

Signals: ``incident`` — one per incident; magnitude = severity (1-6); evidence = the trigger's key.
"""

from __future__ import annotations

import logging
from dataclasses import replace
from datetime import date
from typing import Any, ClassVar

import numpy as np

from yuqing.analyses._incident_model import DIMENSIONS, Draft, dimension, merge
from yuqing.analyses._incident_mood import mood_windows
from yuqing.analyses._incident_organic import clustered_share
from yuqing.analyses._registry import Analysis, Detection, Finding, Result, analyses, register_analysis, run
from yuqing.analyses._sentences import evidence_key, pct
from yuqing.analyses._subject import Subject, plan
from yuqing.core import YuqingError
from yuqing.store.base import Store

log = logging.getLogger(__name__)

#: the dimension each built-in analysis feeds, to say which part an analysis that could not run leaves empty
FEEDS: dict[str, str] = {
    "trending": "attention", "timeline": "attention", "bursts": "leader", "silences": "leader",
    "followers": "audience", "mood": "audience", "coordination": "organic", "quote_trace": "quotes",
    "impact": "market", "drawdown": "market",
}


#: incidents (most severe first) whose dossier the findings spell out; the rest get their headline sentence
DOSSIERS_IN_FINDINGS = 5


def _fmt_day(d: date) -> str:
    return d.isoformat()


@register_analysis
class Incidents(Analysis):
    name = "incidents"
    title = "Incidents"
    order = 0
    description = "Detections of every analysis joined into incidents about the subject, each with its dossier."
    subject_params: ClassVar[dict[str, str]] = {
        "account": "account", "organisation": "organisation", "symbol": "symbol", "index": "index",
        "series": "series", "terms": "terms", "platform": "platform", "aliases": "aliases",
        "organisation_aliases": "organisation_aliases",
    }
    required = ("account",)

    def __init__(
        self,
        account: str = "",
        organisation: str | None = None,
        symbol: str | None = None,
        index: str | None = None,
        series: str | None = None,
        terms: tuple[str, ...] = (),
        platform: str | None = None,
        aliases: tuple[str, ...] = (),
        organisation_aliases: tuple[str, ...] = (),
        since: date | None = None,
        until: date | None = None,
        gap_days: int = 2,
        max_span_days: int = 14,
    ) -> None:
        self.account = account
        self.organisation = organisation
        self.symbol = symbol
        self.index = index
        self.series = series
        self.terms = terms
        self.platform = platform
        self.aliases = aliases
        self.organisation_aliases = organisation_aliases
        self.since = since
        self.until = until
        self.gap_days = gap_days
        self.max_span_days = max_span_days

    def subject(self) -> Subject:
        return Subject(self.account, company=self.organisation, symbol=self.symbol, index=self.index,
                       series=self.series, platform=self.platform, terms=tuple(self.terms),
                       aliases=tuple(self.aliases), organisation_aliases=tuple(self.organisation_aliases))

    # -- gathering ---------------------------------------------------------------------------------
    def _gather(self, store: Store) -> tuple[list[Detection], dict[str, Result], list[dict[str, Any]]]:
        subject = self.subject()
        found: list[Detection] = []
        results: dict[str, Result] = {}
        coverage: list[dict[str, Any]] = []
        for name, cls in analyses().items():
            if name == self.name or cls.signals is Analysis.signals:
                continue
            params, why = plan(cls, subject, self.since, self.until, store)
            if params is None:
                coverage.append({"analysis": name, "status": "not_configured", "reason": why, "detections": 0})
                continue
            try:
                analysis = cls(**params)
                res = run(analysis, store)
                dets = analysis.signals(res)
            except YuqingError as exc:
                coverage.append({"analysis": name, "status": "no_data", "reason": str(exc), "detections": 0})
                continue
            if name == "bursts" and params.get("account"):
                dets = [replace(d, kind="own_burst") for d in dets]
            results[name] = res
            status = "ok" if not res.empty else "no_data"
            coverage.append({"analysis": name, "status": status,
                             "reason": "" if status == "ok" else "no records in the range", "detections": len(dets)})
            found += dets
        found += self._attention_bursts(store, subject, results, coverage)
        return found, results, coverage

    def _attention_bursts(self, store: Store, subject: Subject, results: dict[str, Result],
                          coverage: list[dict[str, Any]]) -> list[Detection]:
        """Bursts of all posts whose text names the subject (its terms), per day: attention, kind ``burst``."""
        cls = analyses().get("bursts")
        terms = subject.match_terms()
        if cls is None or not terms:
            return []
        analysis = cls(terms=terms, by="day", since=self.since, until=self.until, platform=self.platform)
        try:
            res = run(analysis, store)
        except YuqingError as exc:
            coverage.append({"analysis": "bursts (terms)", "status": "no_data", "reason": str(exc), "detections": 0})
            return []
        dets = [replace(d, analysis="bursts (terms)") for d in analysis.signals(res)]
        results["bursts (terms)"] = res
        coverage.append({"analysis": "bursts (terms)", "status": "ok" if not res.empty else "no_data",
                         "reason": "" if not res.empty else "no records in the range", "detections": len(dets)})
        return dets

    def _market(self, store: Store, draft: Draft) -> tuple[Result | None, str]:
        """An event study with the incident's start as event date; windows [0,0], [-1,1], [0,5] and the whole
        incident ([0,k], k = weekdays from start to end)."""
        if not self.symbol or not self.index:
            return None, "needs a share symbol and an index"
        k = int(np.busday_count(draft.start, draft.end))
        windows = tuple(dict.fromkeys(((0, 0), (-1, 1), (0, 5), (0, max(k, 0)))))
        try:
            res = analyses()["impact"](symbol=self.symbol, index=self.index, events=((draft.start, draft.incident_id()),),
                                       windows=windows).run(store)
        except (YuqingError, KeyError) as exc:
            return None, str(exc)
        return res, ""

    # -- the result --------------------------------------------------------------------------------
    def run(self, store: Store) -> Result:
        found, results, coverage = self._gather(store)
        drafts = merge(found, self.gap_days, self.max_span_days)
        evidence: dict[str, list[str]] = {}
        incidents: list[dict[str, Any]] = []
        not_run = {c["analysis"]: c["reason"] for c in coverage if c["status"] != "ok"}
        for draft in drafts:
            iid = draft.incident_id()

            def det(d: Detection, iid: str = iid) -> dict[str, Any]:
                key = None
                src = results.get(d.analysis)
                if d.evidence and src is not None and d.evidence in src.evidence:
                    key = f"{iid} {d.analysis}: {d.evidence}"
                    evidence[key] = list(src.evidence[d.evidence])
                return {**d.as_dict(), "evidence": key}

            parts: dict[str, Any] = {}
            for dim in DIMENSIONS:
                dets = [det(d) for d in draft.detections if dimension(d.kind) == dim]
                missing = [{"analysis": a, "reason": r} for a, r in not_run.items() if FEEDS.get(a) == dim
                           and not (a == "impact" and self.symbol and self.index)]  # rerun per incident below
                parts[dim] = {"detections": dets, "missing": missing}
            if "mood" in results:
                got = mood_windows(results["mood"], draft.start, draft.end)
                if got is not None:
                    windows, refs = got
                    key = f"{iid} audience: most-liked negative items" if refs else None
                    if key:
                        evidence[key] = refs
                    parts["audience"]["mood"] = {**windows, "evidence": key}
            if "coordination" in results:
                parts["organic"]["share"] = self._organic(store, iid, draft, results["coordination"], evidence)
            incidents.append({
                "id": iid, "start": _fmt_day(draft.start), "end": _fmt_day(draft.end), "peak": _fmt_day(draft.peak()),
                "severity": len(draft.dimensions()), "dimensions": draft.dimensions(), "trigger": det(draft.trigger()),
                "parts": parts, "market": self._market_part(iid, draft, *self._market(store, draft), evidence),
            })
        incidents.sort(key=lambda i: (-i["severity"], i["start"]))
        rows = [{"id": i["id"], "start": i["start"], "end": i["end"], "peak": i["peak"], "severity": i["severity"],
                 "dimensions": ", ".join(i["dimensions"]), "trigger": i["trigger"]["label"],
                 "detections": sum(len(p["detections"]) for p in i["parts"].values())} for i in incidents]
        data = {
            "subject": {"account": self.account, "organisation": self.organisation, "symbol": self.symbol,
                        "index": self.index, "terms": list(self.terms), "aliases": list(self.aliases),
                        "organisation_aliases": list(self.organisation_aliases)},
            "since": self.since, "until": self.until, "gap_days": self.gap_days, "max_span_days": self.max_span_days,
            "incidents": incidents, "coverage": coverage,
        }
        return Result(self.name, self.get_params(), data, rows, evidence, _chart(incidents) if incidents else None)

    def _organic(self, store: Store, iid: str, draft: Draft, coordination: Result,
                 evidence: dict[str, list[str]]) -> dict[str, Any]:
        got = clustered_share(store, coordination, draft.start, draft.end, self.subject().match_terms(), self.account)
        refs = got.pop("refs")
        key = None
        if refs:
            key = f"{iid} organic: posts by clustered accounts"
            evidence[key] = refs
        return {**got, "evidence": key}

    def _market_part(self, iid: str, draft: Draft, market: Result | None, why: str,
                     evidence: dict[str, list[str]]) -> dict[str, Any] | None:
        if market is None:
            return {"event_date": _fmt_day(draft.start), "windows": [], "missing": why} if why else None
        for ev in market.data.get("events") or []:
            if ev.get("label") != iid:
                continue
            windows = []
            for w in ev.get("windows") or []:
                src = f"{iid} CAR{w['window']}"
                key = None
                if src in market.evidence:
                    key = f"{iid} impact: CAR{w['window']}"
                    evidence[key] = list(market.evidence[src])
                windows.append({"window": w["window"], "car": w.get("car"), "t": w.get("t"), "p": w.get("p"),
                                "evidence": key})
            return {"event_date": _fmt_day(draft.start), "windows": windows, "missing": ""}
        return {"event_date": _fmt_day(draft.start), "windows": [], "missing": "no trading session near the start"}

    # -- consumers ---------------------------------------------------------------------------------
    def findings(self, res: Result) -> list[Finding]:
        incs = res.data["incidents"]
        out = [Finding(f"{len(incs)} incident(s) about {res.data['subject']['account']} in the range; severity counts "
                       "the sides of the story that moved (attention, leader, audience, organic, quotes, market).")]
        gaps = [c for c in res.data["coverage"] if c["status"] != "ok"
                and not (c["analysis"] == "impact" and res.data["subject"]["symbol"] and res.data["subject"]["index"])]
        if gaps:
            out.append(Finding("Not known in any incident, because these analyses could not run: " + "; ".join(
                f"{c['analysis']} ({FEEDS.get(c['analysis'], 'attention')}): {c['reason']}" for c in gaps) + "."))
        for rank, inc in enumerate(incs):
            trig = inc["trigger"]
            out.append(Finding(
                f"Incident {inc['id']} ({inc['start']} to {inc['end']}, severity {inc['severity']} of 6: "
                f"{', '.join(inc['dimensions'])}): likely trigger {trig['kind']} — {trig['label']}.",
                evidence_key(res, trig["evidence"] or "")))
            if rank >= DOSSIERS_IN_FINDINGS:  # the others: their headline only (the JSON has every dossier)
                continue
            for dim in DIMENSIONS[1:]:
                dets = inc["parts"][dim]["detections"]
                if dets:
                    more = f" (+{len(dets) - 3} more)" if len(dets) > 3 else ""
                    out.append(Finding(f"{inc['id']} {dim}: " + "; ".join(d["label"] for d in dets[:3]) + f"{more}.",
                                       evidence_key(res, dets[0]["evidence"] or "")))
            mood = inc["parts"]["audience"].get("mood")
            if mood and mood["during"]["share_negative"] is not None:
                def neg(w: dict[str, Any]) -> str:
                    return "no items" if w["share_negative"] is None else \
                        f"{w['share_negative'] * 100:.1f}% negative of {w['volume']:,}"
                out.append(Finding(f"{inc['id']} audience mood: before {neg(mood['before'])}; during "
                                   f"{neg(mood['during'])}; after {neg(mood['after'])} (7 days each side).",
                                   evidence_key(res, mood["evidence"] or "")))
            share = inc["parts"]["organic"].get("share")
            if share and share["posts"]:
                out.append(Finding(
                    f"{inc['id']} organic: {share['by_clustered_accounts']:,} of {share['posts']:,} posts about the "
                    f"subject in the incident ({share['share'] * 100:.1f}%) were written by accounts of coordinated "
                    f"clusters" + (f" ({', '.join(share['clusters'])})." if share["clusters"] else "."),
                    evidence_key(res, share["evidence"] or "")))
            m = inc.get("market") or {}
            wins = [w for w in m.get("windows") or [] if w.get("car") is not None and w.get("p") is not None]
            if wins:
                whole = wins[-1]
                out.append(Finding(f"{inc['id']} market: with the incident's start {m['event_date']} as event date, "
                                   f"the abnormal return over CAR{whole['window']} was {pct(whole['car'])} "
                                   f"(p = {whole['p']:.2g}).", evidence_key(res, whole["evidence"] or "")))
        return out

    def signals(self, res: Result) -> list[Detection]:
        return [Detection(self.name, "incident", date.fromisoformat(i["start"]), date.fromisoformat(i["end"]),
                          float(i["severity"]), f"severity {i['severity']}/6 ({', '.join(i['dimensions'])}): "
                          f"{i['trigger']['label']}", i["trigger"]["evidence"])
                for i in res.data["incidents"]]


def _chart(incidents: list[dict[str, Any]]) -> dict[str, Any]:
    return {
        "title": {"text": "Incidents: span and severity"},
        "tooltip": {"trigger": "item"},
        "xAxis": {"type": "time"},
        "yAxis": {"type": "value", "name": "severity", "min": 0, "max": 6},
        "series": [{"type": "line", "name": i["id"], "symbolSize": 10, "lineStyle": {"width": 6},
                    "data": [[i["start"], i["severity"]], [i["end"], i["severity"]]]} for i in incidents],
    }
