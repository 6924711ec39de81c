"""Parse SPARQL and refuse anything that would fetch or change data.

Checks are made on the parsed algebra, not on the text: ``SERVICE`` patterns
anywhere in the algebra and ``FROM``/``FROM NAMED`` dataset clauses are
refused; text that parses as a SPARQL Update (``LOAD``, ``INSERT``...) is
refused too. rdflib's own loading of ``FROM`` graphs is switched off as well.
"""

from __future__ import annotations

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
