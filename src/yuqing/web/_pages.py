"""The dashboard's HTML pages.

``/`` (pick an entity), ``/entity/{entity}`` (overview: every analysis section, date filters), ``/analysis/{name}``
(any registered analysis: its parameters, findings, chart, signals, rows and evidence keys) and
``/analysis/{name}/evidence?key=``, ``/evidence`` (the records behind a report figure), ``/account/...``,
``/post/...`` (with its comments and reposts), ``/cluster/{cluster_id}``, ``/timeline/{entity}``, ``/record``.
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse

from yuqing.analyses import ordered
from yuqing.core import NotFoundError, YuqingError
from yuqing.reports import resolve_refs
from yuqing.web import _analysis as ga
from yuqing.web import _queries as q
from yuqing.web._deps import State, day_range, page, report_for

router = APIRouter(include_in_schema=False, default_response_class=HTMLResponse)


@router.get("/")
def index(state: State) -> Any:
    if state.config.entity:
        return RedirectResponse(f"/entity/{q.quote(state.config.entity)}")
    with state.lock:
        accounts = q.top_accounts(state.store)
    return page("index.html.j2", accounts=accounts, analyses=[(c.name, c.section_title(), ga.href(c.name))
                                                               for c in ordered()])


@router.get("/entity/{entity}")
def overview(state: State, entity: str, since: str | None = None, until: str | None = None) -> Any:
    rep = report_for(state, entity, *day_range(since, until))
    links = {sv.section.name: ga.section_href(sv.section.name, sv.section.params, entity) for sv in rep.sections}
    return page("overview.html.j2", report=rep, entity=entity, since=since, until=until, links=links)


@router.get("/evidence")
def evidence_page(state: State, entity: str, analysis: str, key: str, since: str | None = None,
                  until: str | None = None) -> Any:
    refs = q.evidence_refs(report_for(state, entity, *day_range(since, until)), analysis, key)
    with state.lock:
        recs = resolve_refs(state.store, refs[:500])
    return page("evidence.html.j2", entity=entity, analysis=analysis, key=key, records=recs, total=len(refs))


@router.get("/analysis/{name}")
def analysis_page(state: State, name: str, request: Request) -> Any:
    """Any registered analysis; the query string holds its parameters (see :mod:`yuqing.web._analysis`)."""
    try:
        prep = ga.prepare(state, name, request.query_params)
    except NotFoundError as exc:
        if exc.what != "analysis":
            raise
        return page("error.html.j2", 404, message=str(exc), links=[(ga.href(c), c) for c in exc.close])
    if prep.analysis is None:
        return page("analysis.html.j2", 400, **ga.page_context(prep, None))
    try:
        run = ga.execute(state, prep)
    except YuqingError as exc:  # shown with the form, so the parameters can be corrected
        return page("analysis.html.j2", 404 if isinstance(exc, NotFoundError) else 400,
                    **ga.page_context(prep, None, str(exc)))
    return page("analysis.html.j2", **ga.page_context(prep, run))


@router.get("/analysis/{name}/evidence")
def analysis_evidence_page(state: State, name: str, key: str, request: Request) -> Any:
    """The records behind one evidence key of a generic analysis result (same parameters as its page)."""
    prep = ga.prepare(state, name, request.query_params, reserved=("key",))
    refs = ga.evidence_refs(ga.execute(state, prep), key)
    with state.lock:
        recs = resolve_refs(state.store, refs[:500])
    return page("evidence.html.j2", analysis=prep.cls.name, key=key, records=recs, total=len(refs),
                back=ga.href(prep.cls.name, prep.query), back_label=prep.cls.section_title())


@router.get("/account/{platform}/{account_id}")
def account_page(state: State, platform: str, account_id: str, since: str | None = None,
                 until: str | None = None) -> Any:
    with state.lock:
        acc = q.account(state.store, platform, account_id, *day_range(since, until))
    return page("account.html.j2", acc=acc, since=since, until=until)


@router.get("/post/{platform}/{post_id}")
def post_page(state: State, platform: str, post_id: str) -> Any:
    with state.lock:
        post = q.post(state.store, platform, post_id)
    return page("post.html.j2", post=post)


@router.get("/cluster/{cluster_id}")
def cluster_page(state: State, cluster_id: str, since: str | None = None, until: str | None = None) -> Any:
    with state.lock:
        lo, hi = day_range(since, until)
        cl = state.cached(("cluster", cluster_id, lo, hi), lambda: q.cluster(state.store, cluster_id, lo, hi))
        posts = resolve_refs(state.store, cl["refs"][:300])
    return page("cluster.html.j2", cl=cl, posts=posts)


@router.get("/timeline/{entity}")
def timeline_page(state: State, entity: str, since: str | None = None, until: str | None = None) -> Any:
    with state.lock:
        lo, hi = day_range(since, until)
        tl = state.cached(("timeline", entity, lo, hi),
                          lambda: q.timeline(state.store, state.subject(entity), lo, hi))
    return page("timeline.html.j2", tl=tl, entity=entity, since=since, until=until)


@router.get("/record")
def record_page(state: State, ref: str) -> Any:
    with state.lock:
        rec = q.record(state.store, ref)
    return page("record.html.j2", rec=rec)
