"""Parse SPARQL and refuse anything that would fetch or change data.

Checks are made on the parsed algebra, not on the text: ``SERVICE`` patterns
anywhere in the algebra and ``FROM``/``FROM NAMED`` dataset clauses are
refused; text that parses as a SPARQL Update (``LOAD``, ``INSERT``...) is
refused too. rdflib's own loading of ``FROM`` graphs is switched off as well.
"""

from __future__ import annotations

import re

from rdflib.plugins import sparql as rdflib_sparql
from rdflib.plugins.sparql import prepareQuery
from rdflib.plugins.sparql.parserutils import CompValue
from rdflib.plugins.sparql.sparql import Query

from csto_kg.errors import QueryError
from csto_kg.namespaces import PREFIXES
from csto_kg.query.limits import QueryLimits, QueryTooComplex, ensure_recursion_limit

rdflib_sparql.SPARQL_LOAD_GRAPHS = False  # never fetch FROM graphs over the network


def prepare(text: str, *, source: str = "query", limits: QueryLimits | None = None) -> Query:
    """Parse ``text`` (known prefixes pre-declared) and check it is a safe read query.

    ``limits`` (default :meth:`QueryLimits.from_options`: environment, else defaults)
    bound the text's size, nesting and pattern count before parsing.

    >>> prepare("SELECT ?s WHERE { ?s a csto:State }").algebra.name
    'SelectQuery'
    >>> prepare("SELECT * WHERE { SERVICE <http://example.org/sparql> { ?s ?p ?o } }")
    Traceback (most recent call last):
    ...
    csto_kg.errors.QueryError: query: SERVICE is not allowed (csto-kg never fetches remote data)
    >>> prepare("SELECT * WHERE { FILTER(" + "(" * 100 + "1" + ")" * 100 + ") }")
    Traceback (most recent call last):
    ...
    csto_kg.query.limits.QueryTooComplex: query: nested 102 levels deep; the limit is 64 (CSTO_KG_MAX_QUERY_DEPTH, serve --max-query-depth)
    """
    limits = limits or QueryLimits.from_options()
    limits.check(text, source=source)
    ensure_recursion_limit(limits)
    try:
        query = prepareQuery(text, initNs=PREFIXES)
    except RecursionError:
        raise QueryTooComplex(f"{source}: too deeply nested for the parser; simplify the query") from None
    except Exception as error:  # pyparsing ParseException and friends
        raise _parse_failure(text, source, error) from None
    refuse_remote_access(query, source=source)
    return query


_IRIREF = re.compile(r'<[^<>"{}|^`\\\x00-\x20]*>')
_STRING = re.compile(r"'''(?:[^'\\]|\\.|'(?!''))*'''"
                     r'|"""(?:[^"\\]|\\.|"(?!""))*"""'
                     r"|'(?:[^'\\\n\r]|\\.)*'"
                     r'|"(?:[^"\\\n\r]|\\.)*"')
_WORD = re.compile(r"[A-Za-z_][A-Za-z0-9_\-]*")
_LOCAL = re.compile(r"[\w\-.%\\:]*")
_CODEPOINT = re.compile(r"\\u([0-9A-Fa-f]{4})|\\U([0-9A-Fa-f]{8})")


def _codepoint(found: re.Match) -> str:
    value = int(found.group(1) or found.group(2), 16)
    return chr(value) if value < 0x110000 else found.group(0)


def check_text(text: str, *, source: str = "query", limits: QueryLimits | None = None) -> None:
    r"""The checks of :func:`prepare` made on the text, without rdflib's parser (for Oxigraph, whose
    own parser then reads the query in microseconds, where rdflib's takes up to a second).

    The limits are checked; then, outside strings, IRIs and comments, a bare ``SERVICE`` or
    ``FROM`` keyword is refused (codepoint escapes undone first, as the SPARQL grammar reads
    them). An update does not parse as a query in Oxigraph (see :func:`syntax_failure`).

    >>> check_text('SELECT ?from WHERE { ?s <http://x/SERVICE> "FROM" . ?s ex:service ?o } # SERVICE')
    >>> check_text("SELECT * WHERE { FILTER(?a < 3) SERVICE <http://x/> { ?s ?p ?o } FILTER(?b > 2) }")
    Traceback (most recent call last):
    ...
    csto_kg.errors.QueryError: query: SERVICE is not allowed (csto-kg never fetches remote data)
    >>> check_text("SELECT * WHERE { SERV\\u0049CE <http://x/> { ?s ?p ?o } }")
    Traceback (most recent call last):
    ...
    csto_kg.errors.QueryError: query: SERVICE is not allowed (csto-kg never fetches remote data)
    >>> check_text("SELECT * from <http://x/> WHERE { ?s ?p ?o }")
    Traceback (most recent call last):
    ...
    csto_kg.errors.QueryError: query: FROM / FROM NAMED is not allowed (queries run over the loaded knowledge graph only; use GRAPH <name> { } to pick a named graph)
    """
    limits = limits or QueryLimits.from_options()
    limits.check(text, source=source)
    text = _CODEPOINT.sub(_codepoint, text)
    position, size = 0, len(text)
    while position < size:
        char = text[position]
        if char in "'\"":
            found = _STRING.match(text, position)
            position = found.end() if found else size
        elif char == "<":
            found = _IRIREF.match(text, position)
            position = found.end() if found else position + 1
        elif char == "#":
            end = text.find("\n", position)
            position = size if end < 0 else end + 1
        elif char == ":":  # a prefixed name's local part (may start with a digit): a name, not a keyword
            found = _LOCAL.match(text, position + 1)
            position = found.end()
        elif char.isalpha() or char == "_":
            found = _WORD.match(text, position)
            if found is None:  # a letter outside ASCII: part of a name
                position += 1
                continue
            word, before = found.group(0), text[position - 1] if position else " "
            after = text[found.end()] if found.end() < size else " "
            if before not in "?$@" and after != ":":
                if word.upper() == "SERVICE":
                    raise QueryError(f"{source}: SERVICE is not allowed (csto-kg never fetches remote data)")
                if word.upper() == "FROM":
                    raise QueryError(f"{source}: FROM / FROM NAMED is not allowed (queries run over the "
                                     "loaded knowledge graph only; use GRAPH <name> { } to pick a named graph)")
            position = found.end()
        else:
            position += 1


def syntax_refusal(text: str, error: QueryError, *, source: str = "query") -> QueryError:
    """For a text Oxigraph did not parse (``error``): rdflib's account of it, which names what was
    expected and where, and says so for an update; ``error`` itself when rdflib parses the text.

    >>> str(syntax_refusal("INSERT DATA { <http://x/a> <http://x/b> 1 }", QueryError("x")))
    'query: SPARQL Update (INSERTDATA) is not allowed; only SELECT, ASK, CONSTRUCT and DESCRIBE queries run'
    >>> str(syntax_refusal("SELECT * WHERE { ?s ?p ?o }", QueryError("kept")))
    'kept'
    """
    try:
        prepare(text, source=source)
    except QueryError as refusal:
        return refusal
    return error


def refuse_remote_access(query: Query, *, source: str = "query") -> None:
    """Raise :class:`QueryError` for SERVICE or FROM / FROM NAMED in the algebra."""
    algebra = query.algebra
    if algebra.get("datasetClause"):
        raise QueryError(f"{source}: FROM / FROM NAMED is not allowed (queries run over the "
                         "loaded knowledge graph only; use GRAPH <name> { } to pick a named graph)")
    if _contains(algebra, "ServiceGraphPattern"):
        raise QueryError(f"{source}: SERVICE is not allowed (csto-kg never fetches remote data)")


def _contains(node, name: str) -> bool:
    if isinstance(node, CompValue):
        if node.name == name:
            return True
        return any(_contains(value, name) for value in node.values())
    if isinstance(node, (list, tuple)):
        return any(_contains(value, name) for value in node)
    return False


def _parse_failure(text: str, source: str, error: Exception) -> QueryError:
    operations = _update_operations(text)
    if operations:
        listed = ", ".join(sorted(set(operations)))
        return QueryError(f"{source}: SPARQL Update ({listed}) is not allowed; only SELECT, ASK, "
                          "CONSTRUCT and DESCRIBE queries run")
    return QueryError(f"{source}: SPARQL syntax error: {error}")


def _update_operations(text: str) -> list[str]:
    try:
        from rdflib.plugins.sparql.parser import parseUpdate

        parsed = parseUpdate(text)
    except Exception:
        return []
    names = []
    for request in parsed.get("request", []):
        name = getattr(request, "name", "")
        names.append(name.upper() if name else "update")
    return names or ["update"]
