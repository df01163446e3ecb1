"""``yuqing serve``: the dashboard (FastAPI + Jinja2 + vendored ECharts) and its JSON API.

The routes live in two routers: :mod:`yuqing.web._pages` (HTML) and :mod:`yuqing.web._api` (``/api``, OpenAPI
schema at ``/openapi.json``); both get the process state through a dependency (``request.app.state.yq``).
Every registered analysis has a generic page, ``/analysis/{name}``, and API route, ``/api/analysis/{name}``,
driven by the registry (:mod:`yuqing.web._analysis`). All text is autoescaped; chart data is JSON with ``</``
escaped. Writes need ``Authorization: Bearer <token>`` when a token is set, and are refused without one when the
store is PostgreSQL (server mode).
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from importlib import resources
from typing import Any

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse
from fastapi.staticfiles import StaticFiles

from yuqing.core import NotFoundError, YuqingError
from yuqing.store.base import Store
from yuqing.web import _api, _pages
from yuqing.web._deps import page
from yuqing.web._state import AppState, Scheduler, WebConfig, check_alerts


async def _yq_error(request: Request, exc: Exception) -> Any:
    """A clear error of the package: 404 for an unknown name (with close matches), else 400; JSON under /api."""
    code = 404 if isinstance(exc, NotFoundError) else 400
    if request.url.path.startswith("/api/"):
        return JSONResponse({"detail": str(exc)}, status_code=code)
    return page("error.html.j2", code, message=str(exc))


def create_app(store: Store, config: WebConfig | None = None) -> FastAPI:
    """The dashboard application over an open store (the process owns it)."""
    state = AppState(store, config or WebConfig())
    scheduler = Scheduler(state, check_alerts)

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
    app.mount("/static", StaticFiles(directory=str(resources.files("yuqing.web").joinpath("static"))),
              name="static")
    app.add_exception_handler(YuqingError, _yq_error)
    app.include_router(_pages.router)
    app.include_router(_api.router)
    return app
