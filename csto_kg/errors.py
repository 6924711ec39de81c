"""Typed errors raised by the engine; the CLI maps each to an exit code."""

from __future__ import annotations

from dataclasses import dataclass
from enum import IntEnum


class ExitCode(IntEnum):
    """Process exit codes of the ``csto-kg`` command."""

    OK = 0
    FINDINGS = 1  # inconsistency or a violation check returned rows
    USAGE = 2  # bad command line, bad input file, bad query
    INTERNAL = 3  # unexpected failure (a bug); rerun with --traceback


class CstoKgError(Exception):
    """Base class of every error the engine raises on purpose."""

    exit_code: ExitCode = ExitCode.USAGE


class UsageError(CstoKgError):
    """The caller asked for something invalid (bad option value, unknown entity...)."""


class QueryError(CstoKgError):
    """A SPARQL query could not be parsed or is refused."""


class QueryEngineError(QueryError):
    """The query engine failed on a query it had accepted: a bug (in the engine or in csto-kg),
    not a mistake in the query, so the exit code is 3. ``details`` holds the traceback
    of a failure in another process (shown with ``--traceback``).

    >>> error = QueryEngineError("the query engine failed: Exception: Cannot eval thing: None")
    >>> int(error.exit_code), error.details
    (3, None)
    """

    exit_code = ExitCode.INTERNAL

    def __init__(self, message: str, *, details: str | None = None):
        super().__init__(message)
        self.details = details


@dataclass
class LoadError(CstoKgError):
    """An input file could not be read or parsed.

    >>> str(LoadError(file="data/x.ttl", line=12, column=5, message="objectList expected"))
    'data/x.ttl:12:5: objectList expected'
    """

    file: str
    message: str
    line: int | None = None
    column: int | None = None
    context: str | None = None

    def __post_init__(self) -> None:
        super().__init__(str(self))

    def __str__(self) -> str:
        where = self.file
        if self.line is not None:
            where += f":{self.line}"
            if self.column is not None:
                where += f":{self.column}"
        text = f"{where}: {self.message}"
        if self.context:
            text += f"\n  near: {self.context}"
        return text
