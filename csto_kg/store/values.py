"""Helper parameters for a remote SPARQL endpoint: a ``VALUES`` block of validated terms.

A remote server cannot take rdflib ``initBindings`` or pyoxigraph
``substitutions``, so the parameter values travel in the query text — but
never formatted in as user text: each value is an RDF term (an IRI that
:func:`term_text` checks against the SPARQL ``IRIREF`` grammar, or a literal
whose lexical form is escaped and whose datatype/language tag are checked),
written as one row of a ``VALUES (?a ?b) { (...) }`` block. The block is put
at the start of every ``WHERE {`` group of the query (the outer query and each
sub-SELECT), so the variables are bound wherever the helper uses them, as
with ``initBindings``.
"""

from __future__ import annotations

import re

from rdflib import BNode, Literal, URIRef

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
