"""Typed errors raised by the engine; the CLI maps each to an exit code."""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import IntEnum

EXCERPT_CHARS = 60  # the most characters of an input that a message quotes


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


class QuerySyntaxError(QueryError):
    """The query engine could not parse the text (the message says where)."""


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



class InputRefused(LoadError):
    """An input file csto-kg will not process: unsafe (an XML document type declaration, a remote
    JSON-LD context), in a syntax it does not read, behind a symbolic link that leaves its folder,
    or over an input budget. Exit 2 in every command, ``validate`` included: this is not a finding
    about the data, and nothing is parsed past it.

    >>> str(InputRefused(file="data/x.ttl", line=3, column=12, message="a literal of 2,000,000 bytes is over --max-literal-bytes"))
    'data/x.ttl:3:12: a literal of 2,000,000 bytes is over --max-literal-bytes'
    """

_UNPRINTABLE = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff\ufeff\ufff0-\uffff]")


def excerpt(text: str, limit: int = EXCERPT_CHARS) -> str:
    r"""A short, escaped excerpt of input text, as messages quote it.

    Control characters (a terminal's escape sequences among them) are written as ``\xNN`` /
    ``\uNNNN`` escapes, and past ``limit`` characters the text is cut, saying how long it was.

    >>> excerpt('kg:a kg:p "x" .')
    'kg:a kg:p "x" .'
    >>> print(excerpt("bell\x07 and esc\x1b[2J"))
    bell\x07 and esc\x1b[2J
    >>> excerpt("a" * 200, limit=10)
    'aaaaaaaaaa... (200 characters)'
    """
    text = str(text)
    cut = text[:limit]
    shown = _UNPRINTABLE.sub(_escaped, cut)
    if len(text) > limit:
        shown += f"... ({len(text):,} characters)"
    return shown


def _escaped(match: re.Match) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"
