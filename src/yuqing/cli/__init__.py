"""The ``yuqing`` command line. One module per command group; each defines ``register(app)``.

Modules in this package whose names do not start with ``_`` are discovered automatically, and so are
entry points in the group ``yuqing.cli`` (third-party command groups use the same hook).
"""

from __future__ import annotations

import typer

from yuqing.cli._app import app

__all__ = ["app", "main"]

_registered = False


def _register_all() -> None:
    global _registered
    if _registered:
        return
    _registered = True
    from yuqing.core.plugins import load_builtin, load_entry_points

    for mod in load_builtin("yuqing.cli") + load_entry_points("yuqing.cli"):
        register = getattr(mod, "register", None)
        if register is not None:
            register(app)


def main(argv: list[str] | None = None) -> None:
    """Entry point: run the CLI; every YuqingError becomes one message on stderr and its exit code."""
    import sys

    from yuqing.cli._app import CliError
    from yuqing.core import YuqingError

    _register_all()
    try:
        app(args=argv, prog_name="yuqing")
    except YuqingError as exc:  # raised outside a command (e.g. while opening the store in a callback)
        CliError(exc).show()
        sys.exit(exc.exit_code)


def get_app() -> typer.Typer:
    """The Typer app with all command groups registered (for tests: ``CliRunner().invoke(get_app(), ...)``)."""
    _register_all()
    return app
