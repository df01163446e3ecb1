"""How detections of separate analyses become incidents: dimensions, the merging rule, severity.

Every :class:`~yuqing.analyses.Detection` belongs to one *dimension* of the story, by its kind:

* ``attention`` — trending bursts, news events, volume bursts of others' posts;
* ``leader`` — silences, content-mix shifts, bursts of the subject's own posting;
* ``audience`` — follower drops, days of negative mood;
* ``organic`` — coordinated clusters;
* ``quotes`` — quotes in circulation that differ from what was said;
* ``market`` — significant abnormal returns, drawdowns.

**Merging rule.** Detections of *opening* kinds (trending and volume bursts, news events, negative-mood days,
abnormal returns) whose day span is at most ``max_span`` days are sorted by start; one joins the current incident
when it starts no later than ``gap`` days after the incident's end, else it opens the next incident. Every other
detection (silences, mix shifts, follower drops, clusters, drawdowns, altered quotes, figures and quotes in news,
and opening kinds longer than ``max_span``) never opens or stretches an incident: it is *attached* to every
incident whose span it overlaps, widened by ``gap`` days after the end (a reaction comes after the trigger).

The same detection (analysis, kind, span and magnitude) counts once: an event study run on several stored events
of one day reports one abnormal return, not one per event label.

**Severity** is the number of dimensions with at least one detection in the incident (1 to 6): it says how many
separate sides of the story moved, and is never a weighted score of incomparable magnitudes.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import date, timedelta

from yuqing.analyses._registry import Detection

DIMENSIONS = ("attention", "leader", "audience", "organic", "quotes", "market")

KIND_DIMENSION: dict[str, str] = {
    "trending_burst": "attention", "burst": "attention", "news_event": "attention", "news_figure": "attention",
    "news_quote": "attention", "own_burst": "leader", "silence": "leader", "mix_shift": "leader",
    "follower_drop": "audience", "negative_mood": "audience", "coordinated_cluster": "organic",
    "quote_altered": "quotes", "quote_spliced": "quotes", "abnormal_return": "market", "drawdown": "market",
}
OPENING = frozenset({"trending_burst", "burst", "news_event", "negative_mood", "abnormal_return"})
TRIGGERS = ("news_event", "trending_burst")  # the likely trigger: the earliest of these, else the earliest opener


def dimension(kind: str) -> str:
    """The dimension of a detection kind; a kind no built-in knows (a plugin's) counts as attention."""
    return KIND_DIMENSION.get(kind, "attention")


@dataclass
class Draft:
    """An incident being assembled: its opening detections and the ones attached to it."""

    start: date
    end: date
    opening: list[Detection] = field(default_factory=list)
    attached: list[Detection] = field(default_factory=list)

    @property
    def detections(self) -> list[Detection]:
        return sorted(self.opening + self.attached, key=lambda d: (d.start, d.end, d.analysis, d.kind, d.label))

    def dimensions(self) -> list[str]:
        hit = {dimension(d.kind) for d in self.detections}
        return [d for d in DIMENSIONS if d in hit]

    def trigger(self) -> Detection:
        for kind in TRIGGERS:
            found = [d for d in self.opening if d.kind == kind]
            if found:
                return min(found, key=lambda d: (d.start, -abs(d.magnitude)))
        return min(self.opening, key=lambda d: (d.start, -abs(d.magnitude)))

    def peak(self) -> date:
        """The day of the largest attention detection (its start), else the trigger's start."""
        att = [d for d in self.opening if dimension(d.kind) == "attention"]
        if att:
            return max(att, key=lambda d: (d.magnitude, -d.start.toordinal())).start
        return self.trigger().start

    def incident_id(self) -> str:
        """Stable while data arrive: the start day and the trigger's analysis and kind (two incidents never start
        on the same day), not the trigger's figures, which grow."""
        t = self.trigger()
        return hashlib.sha1(f"{self.start}|{t.analysis}|{t.kind}".encode()).hexdigest()[:10]


def _days(d: Detection) -> int:
    return (d.end - d.start).days + 1


def merge(detections: list[Detection], gap: int = 2, max_span: int = 14) -> list[Draft]:
    """Incidents from detections by the merging rule of this module (see the module docstring)."""
    # the same detection counts once, also when an analysis reports it for several stored events of one day
    seen: dict[tuple[str, str, date, date, float], Detection] = {}
    for d in detections:
        seen.setdefault((d.analysis, d.kind, d.start, d.end, d.magnitude), d)
    unique = list(seen.values())
    opening = sorted((d for d in unique if d.kind in OPENING and _days(d) <= max_span),
                     key=lambda d: (d.start, d.end, d.analysis, d.kind, d.label))
    rest = [d for d in unique if not (d.kind in OPENING and _days(d) <= max_span)]
    drafts: list[Draft] = []
    for d in opening:
        cur = drafts[-1] if drafts else None
        if cur is not None and d.start <= cur.end + timedelta(days=gap):
            cur.opening.append(d)
            cur.end = max(cur.end, d.end)
        else:
            drafts.append(Draft(d.start, d.end, [d]))
    for d in rest:
        for inc in drafts:
            if d.start <= inc.end + timedelta(days=gap) and d.end >= inc.start:
                inc.attached.append(d)
    return drafts
