"""One exception tree for everything yuqing raises on purpose.

The CLI translates every :class:`YuqingError` into a one-paragraph message and a non-zero exit code,
never a traceback. Library users can catch :class:`YuqingError` to handle them all.
"""

from __future__ import annotations

from collections.abc import Sequence

__all__ = [
    "InputError", "NotFoundError", "StoreError", "StoreLockedError", "UnknownFormatError", "UsageError",
    "YuqingError",
]


class YuqingError(Exception):
    """Base class of all errors yuqing raises deliberately."""

    exit_code = 1


class InputError(YuqingError):
    """Bad input that names the file, the line (1-based, 0 = whole file) and the reason."""

    exit_code = 2

    def __init__(self, path: str, line: int, reason: str) -> None:
        self.path = path
        self.line = line
        self.reason = reason
        where = f"{path}:{line}" if line else path
        super().__init__(f"{where}: {reason}")


class UnknownFormatError(YuqingError):
    exit_code = 2


class StoreError(YuqingError):
    """The store cannot be opened or written."""


class StoreLockedError(StoreError):
    exit_code = 3


class NotFoundError(YuqingError):
    """A named thing (account, entity, cluster, record) is not in the store; lists close matches."""

    exit_code = 4

    def __init__(self, what: str, name: str, close: Sequence[str] = ()) -> None:
        self.what = what
        self.name = name
        self.close = list(close)
        msg = f"unknown {what} {name!r}"
        if self.close:
            msg += "; did you mean: " + ", ".join(repr(c) for c in self.close[:8]) + "?"
        super().__init__(msg)


class UsageError(YuqingError):
    exit_code = 2
