"""The ``yuqing`` command line. One module per command group; each defines ``register(app)``.

Modules in this package whose names do not start with ``_`` are discovered automatically, and so are
entry points in the group ``yuqing.cli`` (third-party command groups use the same hook).
"""

from __future__ import annotations

import sys

from yuqing.cli._app import app

__all__ = ["app", "main"]

_registered = False


def _register_all() -> None:
    global _registered
    if _registered:
        return
    _registered = True
    from yuqing._plugins import load_builtin, load_entry_points

    for mod in load_builtin("yuqing.cli") + load_entry_points("yuqing.cli"):
        register = getattr(mod, "register", None)
        if register is not None:
            register(app)


def main(argv: list[str] | None = None) -> None:
    """Entry point: run the CLI, turning every YuqingError into a message and an exit code."""
    from yuqing.cli._output import console
    from yuqing.errors import YuqingError

    _register_all()
    from rich.text import Text

    try:
        result = app(args=argv, standalone_mode=False)
        if isinstance(result, int) and result:
            sys.exit(result)
    except YuqingError as exc:
        console.print(Text.assemble(("error: ", "bold red"), str(exc)), soft_wrap=True)
        sys.exit(exc.exit_code)
    except KeyboardInterrupt:
        console.print("interrupted")
        sys.exit(130)
    except SystemExit:
        raise
    except Exception as exc:
        import click

        if isinstance(exc, click.exceptions.ClickException):
            exc.show()
            sys.exit(exc.exit_code)
        if isinstance(exc, click.exceptions.Abort):
            sys.exit(1)
        raise


def get_app() -> object:
    """The Typer app with all command groups registered (for tests: ``CliRunner().invoke(get_app(), ...)``)."""
    _register_all()
    return app
