"""Limits on SPARQL query text, checked before the query is parsed.

rdflib's SPARQL parser is recursive: a query nested a few dozen levels deep or
holding a few hundred triple patterns exhausts Python's recursion limit, and
parsing time grows with the square of the number of patterns. So every query
(CLI, Python API, HTTP endpoint, helper files) is measured first by a cheap
scan of its text, with three limits:

- ``max_bytes``: size of the text in UTF-8 (the endpoint answers 413);
- ``max_depth``: nesting of ``( { [`` (strings, IRIs and comments skipped);
- ``max_patterns``: triple patterns as written (each ``.``, ``;`` or ``,``
  between patterns, plus one per ``{ }`` group; an upper bound).

A query within the limits is parsed with a recursion limit raised to fit
them. Defaults come from ``$CSTO_KG_MAX_QUERY_BYTES``,
``$CSTO_KG_MAX_QUERY_DEPTH`` and ``$CSTO_KG_MAX_QUERY_PATTERNS`` when set.
String sizes and regular-expression work are not bounded here: the hard
timeout and memory cap stop them (the endpoint's workers, the CLI's
``--timeout`` / ``--max-memory`` and the API's ``timeout=`` / ``max_memory=``;
see ``query_pool``).
"""

from __future__ import annotations

import os
import re
import sys
from dataclasses import dataclass

from csto_kg.errors import QueryError, UsageError

DEFAULT_MAX_BYTES = 64 * 1024
DEFAULT_MAX_DEPTH = 64
DEFAULT_MAX_PATTERNS = 500

_TOKEN = re.compile(
    r'"""[\s\S]*?(?:"""|$)|\'\'\'[\s\S]*?(?:\'\'\'|$)|"(?:[^"\\\n]|\\.)*"?|\'(?:[^\'\\\n]|\\.)*\'?'
    r"|<[^\s<>\"{}|^`\\]*>|#[^\n]*"
    r"|[-+]?(?:\d+\.\d*(?:[eE][-+]?\d+)?|\.\d+(?:[eE][-+]?\d+)?|\d+(?:[eE][-+]?\d+)?)"
    r"|[(){}\[\].;,]|[^\s(){}\[\].;,\"'<#]+|\S")


class QueryTooLarge(QueryError):
    """The query text is longer than ``max_bytes`` (HTTP 413)."""


class QueryTooComplex(QueryError):
    """The query nests too deeply or holds too many triple patterns (HTTP 400)."""


@dataclass(frozen=True)
class QueryLimits:
    """Limits on one query's text.

    >>> QueryLimits(max_depth=3).check("SELECT * WHERE { FILTER((1)) }")
    QueryShape(size=30, depth=3, patterns=1)
    >>> QueryLimits(max_depth=3).check("SELECT * WHERE { FILTER(((1))) }")
    Traceback (most recent call last):
    ...
    csto_kg.query.limits.QueryTooComplex: query: nested 4 levels deep; the limit is 3 (CSTO_KG_MAX_QUERY_DEPTH, serve --max-query-depth)
    """

    max_bytes: int = DEFAULT_MAX_BYTES
    max_depth: int = DEFAULT_MAX_DEPTH
    max_patterns: int = DEFAULT_MAX_PATTERNS

    @classmethod
    def from_options(cls, *, max_bytes=None, max_depth=None, max_patterns=None) -> "QueryLimits":
        """Limits from option values, else the environment, else the defaults.

        >>> QueryLimits.from_options(max_bytes="1000").max_bytes
        1000
        """
        return cls(max_bytes=_limit(max_bytes, "CSTO_KG_MAX_QUERY_BYTES", DEFAULT_MAX_BYTES),
                   max_depth=_limit(max_depth, "CSTO_KG_MAX_QUERY_DEPTH", DEFAULT_MAX_DEPTH),
                   max_patterns=_limit(max_patterns, "CSTO_KG_MAX_QUERY_PATTERNS", DEFAULT_MAX_PATTERNS))

    def check(self, text: str, *, source: str = "query") -> "QueryShape":
        """The shape of ``text``; :class:`QueryTooLarge` / :class:`QueryTooComplex` past a limit."""
        size = len(text.encode("utf-8", "surrogatepass"))
        if size > self.max_bytes:
            raise QueryTooLarge(f"{source}: {size} bytes; the limit is {self.max_bytes} "
                                "(CSTO_KG_MAX_QUERY_BYTES, serve --max-query-bytes)")
        shape = measure(text)
        if shape.depth > self.max_depth:
            raise QueryTooComplex(f"{source}: nested {shape.depth} levels deep; the limit is "
                                  f"{self.max_depth} (CSTO_KG_MAX_QUERY_DEPTH, serve --max-query-depth)")
        if shape.patterns > self.max_patterns:
            raise QueryTooComplex(f"{source}: about {shape.patterns} triple patterns; the limit is "
                                  f"{self.max_patterns} (CSTO_KG_MAX_QUERY_PATTERNS, serve --max-query-patterns)")
        return shape

    def recursion_needed(self) -> int:
        """A Python recursion limit under which rdflib parses any query within these limits."""
        return 3000 + 60 * self.max_depth + 25 * self.max_patterns

    def as_tuple(self) -> tuple[int, int, int]:
        return (self.max_bytes, self.max_depth, self.max_patterns)


@dataclass(frozen=True)
class QueryShape:
    """What :func:`measure` found: bytes, deepest nesting, triple patterns (upper bound)."""

    size: int
    depth: int
    patterns: int


def measure(text: str) -> QueryShape:
    """Nesting depth and pattern count of a query's text (one regex pass).

    >>> measure('SELECT * WHERE { ?s ?p "a . b", 1.5 ; ?q ?o . FILTER(CONCAT(?o, "x")) }')
    QueryShape(size=71, depth=3, patterns=4)
    """
    stack: list[str] = []
    depth = patterns = 0
    for match in _TOKEN.finditer(text):
        token = match.group()
        if token in ("(", "{", "["):
            stack.append(token)
            depth = max(depth, len(stack))
            if token == "{":
                patterns += 1
        elif token in (")", "}", "]"):
            if stack:
                stack.pop()
        elif token in (".", ";", ",") and (not stack or stack[-1] != "("):
            patterns += 1
    return QueryShape(size=len(text.encode("utf-8", "surrogatepass")), depth=depth, patterns=patterns)


def ensure_recursion_limit(limits: QueryLimits) -> None:
    """Raise (never lower) the interpreter's recursion limit to what ``limits`` need."""
    needed = limits.recursion_needed()
    if sys.getrecursionlimit() < needed:
        sys.setrecursionlimit(needed)


def _limit(value, variable: str, default: int) -> int:
    if value is None or value == "":
        value = os.environ.get(variable)
    if value is None or value == "":
        return default
    try:
        number = int(float(value))
    except (TypeError, ValueError):
        raise UsageError(f"{variable}: expected a positive whole number, got {value!r}") from None
    if number <= 0:
        raise UsageError(f"{variable}: expected a positive whole number, got {value!r}")
    return number
