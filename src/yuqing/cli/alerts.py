"""``yuqing alerts``: evaluate YAML alert rules (each incident fires once) and list what fired."""

from __future__ import annotations

from pathlib import Path

import typer

from yuqing.cli._app import get_ctx
from yuqing.cli._output import Format, emit

alerts_app = typer.Typer(help="Alert rules: silence, follower drop, negative mood, trending burst, new "
                              "coordinated cluster, price move; delivered to stdout, file, webhook, e-mail.")


@alerts_app.command("check")
def check(
    ctx: typer.Context,
    rules: Path = typer.Option(..., "--rules", "-r", help="Rules file (YAML)."),
    dry_run: bool = typer.Option(False, "--dry-run", help="Evaluate only: deliver nothing, record nothing."),
    fmt: Format = typer.Option(Format.table, "--format", "-f"),
) -> None:
    """Evaluate every rule now; deliver the incidents not delivered before to the file's outputs."""
    from yuqing.alerts import check_rules, load_rules

    rs = load_rules(rules)  # a bad file fails before the store is touched
    store = get_ctx(ctx).store(read_only=dry_run)
    # with -f json/csv the alerts are in the printed data; a 'stdout' output would corrupt it
    outs = None if fmt is Format.table else [dict(o) for o in rs.outputs if o["kind"] != "stdout"]
    errors: list[tuple[str, str]] = []
    new = check_rules(store, rs, deliver_to=outs, dry_run=dry_run, errors=errors)
    rows = [{"rule": a.rule, "type": a.type, "incident": a.incident, "message": a.message} for a in new]
    data = {"rules": len(rs.rules), "dry_run": dry_run, "new": [a.as_dict() for a in new],
            "errors": [{"rule": r, "reason": why} for r, why in errors]}
    emit(rows, fmt, data=data, title=f"{len(new)} new alert(s) from {len(rs.rules)} rule(s)")
    for r, why in errors:
        typer.echo(f"error: rule {r!r} could not be evaluated: {why}", err=True)
    if errors:
        raise typer.Exit(1)


@alerts_app.command("list")
def list_fired(ctx: typer.Context, fmt: Format = typer.Option(Format.table, "--format", "-f")) -> None:
    """The incidents already delivered (delete a row of alert_state to re-arm one)."""
    from yuqing.alerts import fired

    rows = fired(get_ctx(ctx).store(read_only=True))
    emit(rows, fmt, data={"fired": rows}, title="alerts delivered")


def register(app: typer.Typer) -> None:
    app.add_typer(alerts_app, name="alerts")
