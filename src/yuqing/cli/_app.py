"""The Typer application, global options, and the translation of errors into clear messages."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from typing import Any

import click
import typer
from typer.core import TyperGroup

try:  # typer >= 0.20 vendors click; its exceptions are the ones its main loop handles
    from typer._click.exceptions import ClickException as _ClickException
except ImportError:  # pragma: no cover - older typer uses click itself
    _ClickException = click.ClickException  # type: ignore[misc,assignment]

from yuqing.core import YuqingError
from yuqing.store import Store, default_url, open_store


class CliError(_ClickException):
    """A YuqingError on its way to the terminal: one clear line on stderr, the error's exit code."""

    def __init__(self, exc: YuqingError) -> None:
        super().__init__(str(exc))
        self.exit_code = exc.exit_code

    def show(self, file: Any = None) -> None:
        click.echo(f"error: {self.message}", err=True)


class _Group(TyperGroup):
    def invoke(self, ctx: Any) -> Any:
        try:
            return super().invoke(ctx)
        except YuqingError as exc:
            raise CliError(exc) from exc


app = typer.Typer(
    cls=_Group,
    name="yuqing",
    help="yuqing (舆情): public-opinion intelligence. Ingest crawler exports, analyse, report.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
    rich_markup_mode=None,  # errors as one plain line on stderr (CliError.show), not a rich box
)


@dataclass
class Ctx:
    db: str
    _stores: dict[bool, Store] = field(default_factory=dict)

    def store(self, read_only: bool = False) -> Store:
        """Open the store once per process (a writer also serves reads)."""
        if True in self._stores or False in self._stores:
            return self._stores.get(False) or self._stores[True]
        s = open_store(self.db, read_only=read_only and os.path.exists(self.db) and "://" not in self.db)
        self._stores[read_only] = s
        return s

    def close(self) -> None:
        for s in self._stores.values():
            s.close()
        self._stores.clear()


@app.callback()
def _main(
    ctx: typer.Context,
    db: str = typer.Option(
        None,
        "--db",
        envvar="YUQING_DB",
        help="Store: a DuckDB file path (default ./yuqing.duckdb) or a postgresql:// URL.",
    ),
) -> None:
    ctx.obj = Ctx(db or default_url())
    ctx.call_on_close(ctx.obj.close)


def get_ctx(ctx: typer.Context) -> Ctx:
    obj: Any = ctx.find_root().obj
    if isinstance(obj, Ctx):
        return obj
    made = Ctx(default_url())  # invoked programmatically without the callback
    ctx.find_root().obj = made
    return made
