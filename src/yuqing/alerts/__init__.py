"""Alerts: YAML rules evaluated on the store, each incident delivered once (state in ``alert_state``).

``check_rules(store, "rules.yaml")`` evaluates every rule, keeps the incidents not yet in ``alert_state``,
delivers them to the file's outputs and records them. ``yuqing alerts check`` and the dashboard's scheduler
(after each ingest that stored records) call it.
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import orjson
import pyarrow as pa

from yuqing.alerts._outputs import deliver
from yuqing.alerts._rules import RULE_TYPES, Alert, Rule, RuleSet, evaluate, load_rules
from yuqing.core import YuqingError
from yuqing.store.base import Store
from yuqing.store.extra.alerts import ALERT_STATE

__all__ = ["RULE_TYPES", "Alert", "Rule", "RuleSet", "check_rules", "evaluate", "fired", "load_rules"]


def fired(store: Store) -> list[dict[str, object]]:
    """The incidents already delivered, newest first."""
    rows = store.fetchall("SELECT rule, incident, rule_type, first_fired_at, message FROM alert_state "
                          "ORDER BY first_fired_at DESC, rule, incident")
    return [{"rule": r[0], "incident": r[1], "type": r[2], "first_fired_at": r[3], "message": r[4]} for r in rows]


def check_rules(
    store: Store,
    rules: RuleSet | str | Path,
    deliver_to: list[dict[str, object]] | None = None,
    dry_run: bool = False,
    errors: list[tuple[str, str]] | None = None,
) -> list[Alert]:
    """Evaluate the rules; deliver and record the new incidents (not with ``dry_run``). Returns the new alerts.

    A rule that cannot be evaluated (its analysis is missing, its account unknown, ...) raises its
    YuqingError, or, when ``errors`` is a list, is appended to it as (rule, reason) and the others go on.
    """
    rs = rules if isinstance(rules, RuleSet) else load_rules(rules)
    new: list[Alert] = []
    for rule in rs.rules:
        done = {r[0] for r in store.fetchall("SELECT incident FROM alert_state WHERE rule = ?", [rule.name])}
        seen: set[str] = set()
        try:
            got = evaluate(rule, store)
        except YuqingError as exc:
            if errors is None:
                raise
            errors.append((rule.name, str(exc)))
            continue
        for a in got:
            if a.incident not in done and a.incident not in seen:
                seen.add(a.incident)
                new.append(a)
    if dry_run or not new:
        return new
    payload = [a.as_dict() for a in new]
    for out in deliver_to if deliver_to is not None else list(rs.outputs):
        deliver(dict(out), payload)
    now = datetime.now(UTC).replace(tzinfo=None)
    rows = [{"rule": a.rule, "incident": a.incident, "rule_type": a.type, "first_fired_at": now,
             "message": a.message, "payload": orjson.dumps(a.as_dict(), default=str).decode()} for a in new]
    with store.transaction():
        store.insert_new(ALERT_STATE, pa.Table.from_pylist(rows, schema=ALERT_STATE.arrow_schema()))
    return new
