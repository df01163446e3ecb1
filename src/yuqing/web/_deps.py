"""What the routes share: the app state as a FastAPI dependency, the templates, date filters, the write guard.

Every route gets the process state through :func:`get_state` (``request.app.state.yq``), so the routers hold no
closure over one app and several apps (tests) can live in one process.
"""

from __future__ import annotations

import functools
import hmac
from datetime import date
from typing import Annotated, Any

from fastapi import Depends, Header, HTTPException, Request
from fastapi.responses import HTMLResponse
from jinja2 import ChoiceLoader, Environment, PackageLoader, select_autoescape
from markupsafe import Markup

from yuqing.core import UsageError, parse_day
from yuqing.reports import build_report
from yuqing.reports.charts import echarts_div
from yuqing.web import _queries as q
from yuqing.web._state import AppState


def get_state(request: Request) -> AppState:
    """The dashboard's process state (one store, its lock and cache), set by :func:`yuqing.web.app.create_app`."""
    state: AppState = request.app.state.yq
    return state


State = Annotated[AppState, Depends(get_state)]


@functools.cache
def templates() -> Environment:
    env = Environment(
        loader=ChoiceLoader([PackageLoader("yuqing.web", "templates"), PackageLoader("yuqing.reports", "templates")]),
        autoescape=select_autoescape(default=True, default_for_string=True),
    )
    env.globals["chart_div"] = lambda option, cid, height=380: Markup(echarts_div(option, cid, height))
    env.globals["record_href"] = q.record_href
    return env


def page(template: str, status: int = 200, /, **ctx: Any) -> HTMLResponse:
    return HTMLResponse(templates().get_template(template).render(**ctx), status_code=status)


def day_range(since: str | None, until: str | None) -> tuple[date | None, date | None]:
    """The date filters (empty = open); a malformed date is a clear 400 error."""
    lo, hi = parse_day(since or None, "since"), parse_day(until or None, "until")
    if lo and hi and lo > hi:
        raise UsageError(f"since {lo} is after until {hi}")
    return lo, hi


def require_write(state: State, authorization: str | None = Header(default=None)) -> None:
    """Writes need ``Authorization: Bearer <token>`` when a token is set; server mode refuses them without one."""
    token = state.config.token
    if token:
        given = (authorization or "").removeprefix("Bearer ").strip()
        if not authorization or not authorization.startswith("Bearer ") or not hmac.compare_digest(given, token):
            raise HTTPException(401, "a valid 'Authorization: Bearer <token>' header is required",
                                headers={"WWW-Authenticate": "Bearer"})
    elif state.server_mode:
        raise HTTPException(403, "writes are disabled: server mode (PostgreSQL) needs YUQING_TOKEN")


def report_for(state: AppState, entity: str, since: date | None, until: date | None) -> Any:
    """The situation report of ``entity`` over the range (cached until the next ingest)."""
    with state.lock:
        return state.cached(("report", entity, since, until),
                            lambda: build_report(state.store, state.subject(entity), since, until,
                                                 state.config.sections))
