"""One error hierarchy for lodemap.

Every error says what happened, why, and how to fix it, and carries the fields
(document, path, reason) that tests and callers inspect instead of parsing text.
A `DocumentError` skips one document; every other `LodemapError` stops the run.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager


class LodemapError(Exception):
    """Base class: a failure lodemap understands and can explain."""

    exit_code = 1

    def __init__(self, message: str, *, hint: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint

    def __str__(self) -> str:
        return f"{self.message} ({self.hint})" if self.hint else self.message


class UsageError(LodemapError):
    """A command-line argument is malformed (a date that is not a date)."""

    exit_code = 2


class SchemaError(LodemapError):
    """The domain schema (YAML) or a data file that uses it is invalid."""

    exit_code = 3

    def __init__(self, message: str, *, path: str, where: str | None = None) -> None:
        super().__init__(f"{path}: {where + ': ' if where else ''}{message}")
        self.path = path
        self.where = where
        self.reason = message


class DocumentError(LodemapError):
    """One input document could not be read; the batch goes on with the rest."""

    exit_code = 4

    def __init__(self, source: str, reason: str, *, hint: str | None = None) -> None:
        super().__init__(f"{source}: {reason}", hint=hint)
        self.source = source
        self.reason = reason


class StoreError(LodemapError):
    """The knowledge store cannot be opened, migrated or written."""

    exit_code = 5


class NotFoundError(LodemapError):
    """A name given on the command line matches no entity."""

    exit_code = 6

    def __init__(self, name: str, *, suggestions: list[str] | None = None) -> None:
        hint = f"did you mean: {', '.join(suggestions)}" if suggestions else (
            "run `lodemap entities` to list known names"
        )
        super().__init__(f"no entity matches {name!r}", hint=hint)
        self.name = name
        self.suggestions = suggestions or []


@contextmanager
def located(path: str, where: str) -> Iterator[None]:
    """Re-raise a vocabulary error so that it names the data file and entry that used the
    unknown name, rather than the schema file."""
    try:
        yield
    except SchemaError as exc:
        raise SchemaError(exc.reason, path=path, where=where) from exc
