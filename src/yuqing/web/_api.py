"""The JSON API under ``/api`` (OpenAPI schema at ``/openapi.json``).

Writes (``POST /api/ingest``, ``POST /api/alerts/check``) need ``Authorization: Bearer <token>`` when a token is
set, and are refused without one when the store is PostgreSQL (server mode).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from fastapi import APIRouter, Depends, Query, Request
from pydantic import BaseModel

from yuqing.analyses import analyses
from yuqing.core import UsageError
from yuqing.reports import resolve_refs
from yuqing.web import _analysis as ga
from yuqing.web import _queries as q
from yuqing.web._deps import State, day_range, report_for, require_write
from yuqing.web._state import check_alerts

router = APIRouter(prefix="/api", tags=["api"])

_PARAMS_DOC = ("Query parameters: the analysis's own (see `/api/analyses`), as text: dates YYYY-MM-DD, tuples "
               "comma-separated, empty = not given. `entity` (or `subject`) names a subject whose fields fill the "
               "parameters not given, as in the report.")


class IngestRequest(BaseModel):
    path: str


@router.get("/health")
def health(state: State) -> dict[str, Any]:
    cfg = state.config
    return {"ok": True, "store": state.store.dialect, "generation": state.generation,
            "watching": [str(p) for p in cfg.watch], "writes_need_token": bool(cfg.token) or state.server_mode}


@router.get("/analyses")
def list_analyses() -> list[dict[str, Any]]:
    """Every registered analysis: name, title, order, description and parameters."""
    return [ga.describe(c) for c in analyses().values()]


@router.get("/analysis/{name}", description="Run one registered analysis. " + _PARAMS_DOC)
def api_analysis(state: State, name: str, request: Request) -> dict[str, Any]:
    prep = ga.prepare(state, name, request.query_params)
    return ga.as_json(ga.execute(state, prep))


@router.get("/analysis/{name}/evidence",
            description="The records behind one evidence key of an analysis result. " + _PARAMS_DOC)
def api_analysis_evidence(state: State, name: str, key: str, request: Request,
                          limit: int = Query(100, ge=1, le=1000)) -> dict[str, Any]:
    prep = ga.prepare(state, name, request.query_params, reserved=("key", "limit"))
    refs = ga.evidence_refs(ga.execute(state, prep), key)
    with state.lock:
        recs = resolve_refs(state.store, refs[:limit])
    return {"analysis": prep.cls.name, "key": key, "total": len(refs), "records": [q.record_json(r) for r in recs]}


@router.get("/report/{entity}")
def api_report(state: State, entity: str, since: str | None = None, until: str | None = None) -> dict[str, Any]:
    return q.jsonable_dict(report_for(state, entity, *day_range(since, until)).as_dict())


@router.get("/evidence")
def api_evidence(state: State, entity: str, analysis: str, key: str, since: str | None = None,
                 until: str | None = None, limit: int = Query(100, ge=1, le=1000)) -> dict[str, Any]:
    refs = q.evidence_refs(report_for(state, entity, *day_range(since, until)), analysis, key)
    with state.lock:
        recs = resolve_refs(state.store, refs[:limit])
    return {"analysis": analysis, "key": key, "total": len(refs), "records": [q.record_json(r) for r in recs]}


@router.get("/posts/{platform}/{post_id}")
def api_post(state: State, platform: str, post_id: str) -> dict[str, Any]:
    with state.lock:
        return q.jsonable_dict(q.post(state.store, platform, post_id))


@router.get("/accounts/{platform}/{account_id}")
def api_account(state: State, platform: str, account_id: str, since: str | None = None,
                until: str | None = None) -> dict[str, Any]:
    with state.lock:
        acc = q.account(state.store, platform, account_id, *day_range(since, until))
    acc.pop("chart", None)
    return q.jsonable_dict(acc)


@router.get("/records")
def api_record(state: State, ref: str) -> dict[str, Any]:
    with state.lock:
        return q.jsonable_dict(q.record(state.store, ref))


@router.post("/ingest", dependencies=[Depends(require_write)])
def api_ingest(state: State, req: IngestRequest) -> dict[str, Any]:
    from yuqing.sources import ingest_file

    p = Path(req.path)
    if not p.is_file():
        raise UsageError(f"{req.path}: no such file")
    with state.lock:
        rep = ingest_file(state.store, p).as_dict()
    if rep.get("stored"):
        state.invalidate()
        check_alerts(state)
    return q.jsonable_dict(rep)


@router.post("/alerts/check", dependencies=[Depends(require_write)])
def api_alerts(state: State) -> dict[str, Any]:
    from yuqing.alerts import check_rules

    if state.config.rules is None:
        raise UsageError("no alert rules configured (yuqing serve --rules rules.yaml)")
    with state.lock:
        fired = check_rules(state.store, state.config.rules)
    return {"fired": [a.as_dict() for a in fired]}
