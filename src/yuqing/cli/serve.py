"""``yuqing serve``: the dashboard and JSON API; this process owns the store and runs scheduled ingestion."""

from __future__ import annotations

import os
from pathlib import Path

import typer

from yuqing.cli._app import get_ctx
from yuqing.cli._output import console


def serve(
    ctx: typer.Context,
    host: str = typer.Option("127.0.0.1", "--host"),
    port: int = typer.Option(8000, "--port"),
    subject_name: str = typer.Option(None, "--subject", help="The dashboard's default subject: a stored subject "
                                                             "(yuqing subject add|load); the options below "
                                                             "override its fields."),
    entity: str = typer.Option(None, "--entity", help="Open the dashboard on this account's overview."),
    company: str = typer.Option(None, "--company", help="Entity name for news (timeline) of --entity."),
    symbol: str = typer.Option(None, "--symbol", help="Share symbol for the market sections of --entity."),
    index: str = typer.Option(None, "--index", help="Market index symbol."),
    watch: list[Path] = typer.Option(None, "--watch", help="Folder or file to ingest on a schedule (repeatable)."),
    interval: float = typer.Option(300.0, "--interval", help="Seconds between scheduled ingestion passes."),
    rules: Path = typer.Option(None, "--rules", help="Alert rules (YAML) evaluated after each ingest."),
    token: str = typer.Option(None, "--token", envvar="YUQING_TOKEN",
                              help="Bearer token for writes (required with PostgreSQL)."),
) -> None:
    """Serve the dashboard (pages + JSON API, OpenAPI schema at /openapi.json). One process owns the store."""
    import uvicorn

    from yuqing.analyses import Subject
    from yuqing.web import WebConfig
    from yuqing.web.app import create_app

    c = get_ctx(ctx)
    store = c.store()
    if rules is not None:
        from yuqing.alerts import load_rules

        load_rules(rules)  # fail now, clearly, on a bad rules file
    if subject_name:
        from yuqing.analyses import get_subject
        from yuqing.cli.subject import with_flags

        subject: Subject | None = with_flags(get_subject(store, subject_name), entity=entity, company=company,
                                             symbol=symbol, index=index)
        assert subject is not None
        entity = subject.entity
    else:
        subject = Subject(entity, company=company, symbol=symbol, index=index) if entity else None
    cfg = WebConfig(entity=entity, subject=subject, token=token or None, watch=list(watch or []),
                    interval=interval, rules=rules)
    if store.dialect == "postgres" and not cfg.token:
        console.print("server mode (PostgreSQL) without YUQING_TOKEN: writes through the API are disabled")
    console.print(f"yuqing dashboard on http://{host}:{port}/ (store {c.db}, pid {os.getpid()})")
    uvicorn.run(create_app(store, cfg), host=host, port=port, log_level="warning")


def register(app: typer.Typer) -> None:
    app.command("serve")(serve)
