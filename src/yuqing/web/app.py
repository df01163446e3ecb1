"""``yuqing serve``: the dashboard (FastAPI + Jinja2 + vendored ECharts) and its JSON API.

Pages: ``/`` (pick an entity), ``/entity/{entity}`` (overview: every analysis section, date filters),
``/account/{platform}/{account_id}``, ``/cluster/{cluster_id}``, ``/post/{platform}/{post_id}`` (with its
comments and reposts), ``/timeline/{entity}``, ``/evidence`` (the records behind a figure), ``/record``.
API under ``/api`` (OpenAPI schema at ``/openapi.json``). All text is autoescaped; chart data is JSON with ``</`` escaped.
Writes (``POST /api/ingest``, ``POST /api/alerts/check``) need ``Authorization: Bearer <token>`` when a token is
set, and are refused without one when the store is PostgreSQL (server mode).
"""

from __future__ import annotations

import hmac
import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import date
from importlib import resources
from pathlib import Path
from typing import Any

from fastapi import Depends, FastAPI, Header, HTTPException, Query, Request
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse
from fastapi.staticfiles import StaticFiles
from jinja2 import ChoiceLoader, Environment, PackageLoader, select_autoescape
from markupsafe import Markup
from pydantic import BaseModel

from yuqing.analyses._common import parse_day
from yuqing.errors import NotFoundError, UsageError, YuqingError
from yuqing.reports import build_report, resolve_refs, split_ref
from yuqing.reports.charts import echarts_div
from yuqing.store.base import Store
from yuqing.web import _queries as q
from yuqing.web._state import AppState, Scheduler, WebConfig

log = logging.getLogger(__name__)


def _range(since: str | None, until: str | None) -> tuple[date | None, date | None]:
    """The date filters (empty = open); a malformed date is a clear 400 error."""
    lo, hi = parse_day(since or None, "since"), parse_day(until or None, "until")
    if lo and hi and lo > hi:
        raise UsageError(f"since {lo} is after until {hi}")
    return lo, hi


class IngestRequest(BaseModel):
    path: str


def _env() -> Environment:
    env = Environment(
        loader=ChoiceLoader([PackageLoader("yuqing.web", "templates"), PackageLoader("yuqing.reports", "templates")]),
        autoescape=select_autoescape(default=True, default_for_string=True),
    )
    env.globals["chart_div"] = lambda option, cid, height=380: Markup(echarts_div(option, cid, height))
    env.globals["record_href"] = q.record_href
    return env


def create_app(store: Store, config: WebConfig | None = None) -> FastAPI:
    """The dashboard application over an open store (the process owns it)."""
    cfg = config or WebConfig()
    state = AppState(store, cfg)
    env = _env()

    def after_ingest(st: AppState) -> None:
        if st.config.rules is not None:
            from yuqing.alerts import check_rules

            errors: list[tuple[str, str]] = []
            check_rules(st.store, st.config.rules, errors=errors)
            for rule, why in errors:
                log.warning("alert rule %s could not be evaluated: %s", rule, why)

    scheduler = Scheduler(state, after_ingest)

    @asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        scheduler.start()
        yield
        scheduler.stop()

    # no /docs: Swagger UI would load its assets from a CDN, and the dashboard works offline
    app = FastAPI(title="yuqing", version="1", lifespan=lifespan, docs_url=None, redoc_url=None,
                  description="Public-opinion intelligence dashboard and JSON API (every figure links to records).")
    app.state.yq = state
    app.state.scheduler = scheduler
    static = resources.files("yuqing.web").joinpath("static")
    app.mount("/static", StaticFiles(directory=str(static)), name="static")

    def page(name: str, status: int = 200, **ctx: Any) -> HTMLResponse:
        return HTMLResponse(env.get_template(name).render(**ctx), status_code=status)

    @app.exception_handler(YuqingError)
    async def _yq_error(request: Request, exc: YuqingError) -> Any:
        code = 404 if isinstance(exc, NotFoundError) else 400
        if request.url.path.startswith("/api/"):
            return JSONResponse({"detail": str(exc)}, status_code=code)
        return page("error.html.j2", code, message=str(exc))

    def require_write(authorization: str | None = Header(default=None)) -> None:
        token = cfg.token
        if token:
            given = (authorization or "").removeprefix("Bearer ").strip()
            if not authorization or not authorization.startswith("Bearer ") or not hmac.compare_digest(given, token):
                raise HTTPException(401, "a valid 'Authorization: Bearer <token>' header is required",
                                    headers={"WWW-Authenticate": "Bearer"})
        elif state.server_mode:
            raise HTTPException(403, "writes are disabled: server mode (PostgreSQL) needs YUQING_TOKEN")

    def report_for(entity: str, since: date | None, until: date | None) -> Any:
        with state.lock:
            return state.cached(("report", entity, since, until),
                                lambda: build_report(store, state.subject(entity), since, until, cfg.sections))

    # ---------------------------------------------------------------- pages
    @app.get("/", response_class=HTMLResponse, include_in_schema=False)
    def index() -> Any:
        if cfg.entity:
            return RedirectResponse(f"/entity/{q.quote(cfg.entity)}")
        with state.lock:
            accounts = q.top_accounts(store)
        return page("index.html.j2", accounts=accounts)

    @app.get("/entity/{entity}", response_class=HTMLResponse, include_in_schema=False)
    def overview(entity: str, since: str | None = None, until: str | None = None) -> Any:
        rep = report_for(entity, *_range(since, until))
        return page("overview.html.j2", report=rep, entity=entity, since=since, until=until)

    @app.get("/evidence", response_class=HTMLResponse, include_in_schema=False)
    def evidence_page(entity: str, analysis: str, key: str, since: str | None = None,
                      until: str | None = None) -> Any:
        refs = q.evidence_refs(report_for(entity, *_range(since, until)), analysis, key)
        with state.lock:
            recs = resolve_refs(store, refs[:500])
        return page("evidence.html.j2", entity=entity, analysis=analysis, key=key, records=recs, total=len(refs))

    @app.get("/account/{platform}/{account_id}", response_class=HTMLResponse, include_in_schema=False)
    def account_page(platform: str, account_id: str, since: str | None = None, until: str | None = None) -> Any:
        with state.lock:
            acc = q.account(store, platform, account_id, *_range(since, until))
        return page("account.html.j2", acc=acc, since=since, until=until)

    @app.get("/post/{platform}/{post_id}", response_class=HTMLResponse, include_in_schema=False)
    def post_page(platform: str, post_id: str) -> Any:
        with state.lock:
            post = q.post(store, platform, post_id)
        return page("post.html.j2", post=post)

    @app.get("/cluster/{cluster_id}", response_class=HTMLResponse, include_in_schema=False)
    def cluster_page(cluster_id: str, since: str | None = None, until: str | None = None) -> Any:
        with state.lock:
            lo, hi = _range(since, until)
            cl = state.cached(("cluster", cluster_id, lo, hi), lambda: q.cluster(store, cluster_id, lo, hi))
            posts = resolve_refs(store, cl["refs"][:300])
        return page("cluster.html.j2", cl=cl, posts=posts)

    @app.get("/timeline/{entity}", response_class=HTMLResponse, include_in_schema=False)
    def timeline_page(entity: str, since: str | None = None, until: str | None = None) -> Any:
        with state.lock:
            lo, hi = _range(since, until)
            tl = state.cached(("timeline", entity, lo, hi), lambda: q.timeline(store, state.subject(entity), lo, hi))
        return page("timeline.html.j2", tl=tl, entity=entity, since=since, until=until)

    @app.get("/record", response_class=HTMLResponse, include_in_schema=False)
    def record_page(ref: str) -> Any:
        with state.lock:
            rec = q.record(store, ref)
        return page("record.html.j2", rec=rec)

    # ---------------------------------------------------------------- API
    @app.get("/api/health", tags=["api"])
    def health() -> dict[str, Any]:
        return {"ok": True, "store": store.dialect, "generation": state.generation,
                "watching": [str(p) for p in cfg.watch], "writes_need_token": bool(cfg.token) or state.server_mode}

    @app.get("/api/analyses", tags=["api"])
    def list_analyses() -> list[dict[str, str]]:
        from yuqing.analyses import analyses

        return [{"name": n, "description": c.description} for n, c in analyses().items()]

    @app.get("/api/report/{entity}", tags=["api"])
    def api_report(entity: str, since: str | None = None, until: str | None = None) -> dict[str, Any]:
        return q.jsonable(report_for(entity, *_range(since, until)).as_dict())

    @app.get("/api/evidence", tags=["api"])
    def api_evidence(entity: str, analysis: str, key: str, since: str | None = None,
                     until: str | None = None, limit: int = Query(100, ge=1, le=1000)) -> dict[str, Any]:
        refs = q.evidence_refs(report_for(entity, *_range(since, until)), analysis, key)
        with state.lock:
            recs = resolve_refs(store, refs[:limit])
        return {"analysis": analysis, "key": key, "total": len(refs),
                "records": [q.record_json(r) for r in recs]}

    @app.get("/api/posts/{platform}/{post_id}", tags=["api"])
    def api_post(platform: str, post_id: str) -> dict[str, Any]:
        with state.lock:
            return q.jsonable(q.post(store, platform, post_id))

    @app.get("/api/accounts/{platform}/{account_id}", tags=["api"])
    def api_account(platform: str, account_id: str, since: str | None = None,
                    until: str | None = None) -> dict[str, Any]:
        with state.lock:
            acc = q.account(store, platform, account_id, *_range(since, until))
        acc.pop("chart", None)
        return q.jsonable(acc)

    @app.get("/api/records", tags=["api"])
    def api_record(ref: str) -> dict[str, Any]:
        with state.lock:
            return q.jsonable(q.record(store, ref))

    @app.post("/api/ingest", tags=["api"], dependencies=[Depends(require_write)])
    def api_ingest(req: IngestRequest) -> dict[str, Any]:
        from yuqing.sources import ingest_file

        p = Path(req.path)
        if not p.is_file():
            raise UsageError(f"{req.path}: no such file")
        with state.lock:
            rep = ingest_file(store, p).as_dict()
        if rep.get("stored"):
            state.invalidate()
            after_ingest(state)
        return q.jsonable(rep)

    @app.post("/api/alerts/check", tags=["api"], dependencies=[Depends(require_write)])
    def api_alerts() -> dict[str, Any]:
        from yuqing.alerts import check_rules

        if cfg.rules is None:
            raise UsageError("no alert rules configured (yuqing serve --rules rules.yaml)")
        with state.lock:
            fired = check_rules(store, cfg.rules)
        return {"fired": [a.as_dict() for a in fired]}

    _ = split_ref  # re-exported for templates' helpers
    return app
