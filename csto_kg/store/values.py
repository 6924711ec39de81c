"""Helper parameters for Oxigraph and remote SPARQL endpoints: validated terms in place of ``$name``.

Neither a remote server nor Oxigraph can take rdflib's ``initBindings`` (pyoxigraph's
``substitutions`` only replace variables the outer ``SELECT`` projects, and join them
there: a ``FILTER($flag)`` in a nested group would not see them), so the parameter
values travel in the query text, but never formatted in as user text: each value is
an RDF term (an IRI that :func:`term_text` checks against the SPARQL ``IRIREF``
grammar, or a literal whose lexical form is escaped and whose datatype/language tag
are checked). :func:`substitute` writes that term wherever the helper says
``$name`` (strings, IRIs and comments left alone), which is what ``initBindings``
means: the variable is bound everywhere. Where a constant cannot stand (the ``SELECT``
projection, ``AS $name``, ``VALUES``, ``GROUP BY``/``ORDER BY``) the variable stays and
is bound by a ``VALUES`` block at the start of every ``WHERE {`` group (:func:`inject_values`);
``BOUND($name)`` of a bound parameter becomes ``true``.
"""

from __future__ import annotations

import bisect
import functools
import re

from rdflib import BNode, Literal, URIRef, Variable

from csto_kg.errors import QueryError

_IRI_FORBIDDEN = re.compile(r'[\x00-\x20<>"{}|^`\\]')
_LANGUAGE = re.compile(r"^[A-Za-z]{1,8}(-[A-Za-z0-9]{1,8})*$")
_WHERE = re.compile(r"\bWHERE\s*\{", re.IGNORECASE)
_SKIP = re.compile(r'"""[\s\S]*?"""|\'\'\'[\s\S]*?\'\'\'|"(?:[^"\\\n]|\\.)*"|'
                   r"'(?:[^'\\\n]|\\.)*'|<[^\s<>]*>|#[^\n]*")
_ESCAPES = {"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r", "\t": "\\t", "\b": "\\b", "\f": "\\f"}


def term_text(term) -> str:
    """The SPARQL text of a validated RDF term.

    >>> term_text(URIRef("https://w3id.org/csto-kg/id/CSTO"))
    '<https://w3id.org/csto-kg/id/CSTO>'
    >>> term_text(Literal('say "hi"\\n', lang="en"))
    '"say \\\\"hi\\\\"\\\\n"@en'
    >>> term_text(URIRef("http://x/> } ; DROP ALL #"))
    Traceback (most recent call last):
    ...
    csto_kg.errors.QueryError: parameter value is not a valid IRI: 'http://x/> } ; DROP ALL #'
    """
    if isinstance(term, URIRef):
        if _IRI_FORBIDDEN.search(str(term)):
            raise QueryError(f"parameter value is not a valid IRI: {str(term)!r}")
        return f"<{term}>"
    if isinstance(term, Literal):
        text = '"' + "".join(_ESCAPES.get(c, c) for c in str(term)) + '"'
        if term.language:
            if not _LANGUAGE.match(term.language):
                raise QueryError(f"parameter value has an invalid language tag: {term.language!r}")
            return f"{text}@{term.language}"
        if term.datatype is not None:
            return f"{text}^^{term_text(URIRef(term.datatype))}"
        return text
    if isinstance(term, BNode):
        raise QueryError("a blank node cannot be sent to a remote endpoint as a parameter")
    raise QueryError(f"parameter value is not an RDF term: {term!r}")


def values_block(bindings) -> str:
    """``VALUES (?a ?b) { (t1 t2) }`` for a mapping variable -> term (sorted by name).

    >>> from rdflib import Variable
    >>> values_block({Variable("date"): Literal("2004", datatype=URIRef("http://www.w3.org/2001/XMLSchema#gYear"))})
    'VALUES (?date) { ("2004"^^<http://www.w3.org/2001/XMLSchema#gYear>) }'
    """
    names = sorted(str(v) for v in bindings)
    for name in names:
        if not re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", name):
            raise QueryError(f"invalid parameter name {name!r}")
    by_name = {str(v): t for v, t in bindings.items()}
    row = " ".join(term_text(by_name[name]) for name in names)
    return f"VALUES ({' '.join('?' + n for n in names)}) {{ ({row}) }}"


def inject_values(text: str, bindings) -> str:
    """The query with the VALUES block at the start of every ``WHERE {`` group.

    >>> from rdflib import Variable
    >>> inject_values("SELECT * WHERE { { SELECT * WHERE { ?s ?p $o } } } # WHERE {",
    ...               {Variable("o"): URIRef("http://x/o")})
    'SELECT * WHERE { VALUES (?o) { (<http://x/o>) } { SELECT * WHERE { VALUES (?o) { (<http://x/o>) } ?s ?p $o } } } # WHERE {'
    """
    if not bindings:
        return text
    block = values_block(bindings)
    out, position = [], 0
    protected = [(m.start(), m.end()) for m in _SKIP.finditer(text)]
    for match in _WHERE.finditer(text):
        if any(start <= match.start() < end for start, end in protected):
            continue
        out.append(text[position:match.end()])
        out.append(f" {block}")
        position = match.end()
    if not out:
        raise QueryError("cannot pass parameters to a remote endpoint: the query has no 'WHERE {'")
    out.append(text[position:])
    return "".join(out)


_PARAMETER = re.compile(r"\bBOUND\s*\(\s*\$([A-Za-z_][A-Za-z0-9_]*)\s*\)|\$([A-Za-z_][A-Za-z0-9_]*)", re.IGNORECASE)
_CLAUSE = re.compile(r"\b(SELECT|WHERE|GROUP\s+BY|ORDER\s+BY|HAVING|VALUES)\b|[{}]", re.IGNORECASE)
_ASSIGNED = re.compile(r"\bAS\s*$", re.IGNORECASE)


def substitute(text: str, bindings) -> str:
    """The query with each bound ``$name`` replaced by its validated term (see the module).

    >>> from rdflib import Variable
    >>> xsd = "http://www.w3.org/2001/XMLSchema#"
    >>> substitute("SELECT ?l WHERE { { $e ?p ?l FILTER($alt) } FILTER(!BOUND($max) || ?l) } # $e",
    ...            {Variable("e"): URIRef("http://x/e"), Variable("alt"): Literal("true", datatype=URIRef(xsd + "boolean"))})
    'SELECT ?l WHERE { { <http://x/e> ?p ?l FILTER("true"^^<http://www.w3.org/2001/XMLSchema#boolean>) } FILTER(!BOUND($max) || ?l) } # $e'
    >>> substitute("SELECT $e ?n WHERE { $e ?p ?n FILTER(BOUND($e)) }", {Variable("e"): URIRef("http://x/e")})
    'SELECT $e ?n WHERE { VALUES (?e) { (<http://x/e>) } <http://x/e> ?p ?n FILTER(true) }'
    """
    if not bindings:
        return text
    return _substituted(text, tuple(sorted((str(v), t) for v, t in bindings.items())))


@functools.lru_cache(maxsize=1024)
def _substituted(text: str, pairs: tuple) -> str:
    """:func:`substitute` of one text and ``(name, term)`` pairs, made once (a helper run again
    with the same values is not rewritten again; a refused term is refused at each call)."""
    by_name = dict(pairs)
    terms = {name: term_text(term) for name, term in by_name.items()}
    out, position, kept = [], 0, set()
    for start, end, name, is_bound_test, needs_variable in _parameters(text):
        if name not in terms:
            continue
        if is_bound_test:
            out += [text[position:start], "true"]
        elif needs_variable:
            kept.add(name)
            continue
        else:
            out += [text[position:start], terms[name]]
        position = end
    out.append(text[position:])
    result = "".join(out)
    if kept:
        result = inject_values(result, {Variable(name): by_name[name] for name in sorted(kept)})
    return result


@functools.lru_cache(maxsize=256)
def _parameters(text: str) -> tuple[tuple[int, int, str, bool, bool], ...]:
    """Each ``$name`` of a query (strings, IRIs, comments left out), once per text:
    ``(start, end, name, is BOUND($name), only a variable may stand there)``."""
    protected = _Spans(m.span() for m in _SKIP.finditer(text))
    clauses = [(m.start(), m.group(1)) for m in _CLAUSE.finditer(text) if not protected.covers(m.start())]
    found = []
    for match in _PARAMETER.finditer(text):
        if protected.covers(match.start()):
            continue
        bound_name, name = match.group(1), match.group(2)
        if bound_name is not None:
            found.append((match.start(), match.end(), bound_name, True, False))
        else:
            needs = bool(_ASSIGNED.search(text, 0, match.start())) or _needs_variable(clauses, match.start())
            found.append((match.start(), match.end(), name, False, needs))
    return tuple(found)


class _Spans:
    """Sorted, non-overlapping ``(start, end)`` spans; :meth:`covers` by bisection."""

    def __init__(self, spans):
        self._spans = sorted(spans)
        self._starts = [start for start, _end in self._spans]

    def covers(self, offset: int) -> bool:
        i = bisect.bisect_right(self._starts, offset) - 1
        return i >= 0 and offset < self._spans[i][1]


def _needs_variable(clauses: list[tuple[int, str | None]], at: int) -> bool:
    """Whether the clause around ``at`` takes only a variable there (projection, VALUES, GROUP/ORDER BY)."""
    i = bisect.bisect_left(clauses, (at,)) - 1
    last = clauses[i][1] if i >= 0 else None
    return last is not None and last.split()[0].upper() in ("SELECT", "VALUES", "GROUP", "ORDER")
