"""Terms between pyoxigraph and rdflib, each way, as each library itself writes them.

pyoxigraph parses the inputs and answers the queries; rdflib is the Python face. A
plain literal is ``xsd:string`` in Oxigraph and has no datatype in rdflib.
"""

from __future__ import annotations

from rdflib import BNode, Literal, URIRef
from rdflib.namespace import XSD


class TermConverter:
    """rdflib <-> pyoxigraph terms (memoised one way; plain literals are xsd:string in Oxigraph)."""

    def __init__(self):
        import pyoxigraph

        self.ox = pyoxigraph
        self._memo: dict = {}
        self._iris: dict = {}  # IRIs and blank nodes by their plain string (C-level hashing)
        self._bnodes: dict = {}

    def to_ox(self, term):
        kind = type(term)
        if kind is URIRef or kind is BNode:
            index = self._iris if kind is URIRef else self._bnodes
            key = str.__str__(term)
            found = index.get(key)
            if found is None:
                found = index[key] = (self.ox.NamedNode if kind is URIRef else self.ox.BlankNode)(key)
            return found
        found = self._memo.get(term)
        if found is None:
            ox = self.ox
            if isinstance(term, URIRef):
                found = ox.NamedNode(str(term))
            elif isinstance(term, BNode):
                found = ox.BlankNode(str(term))
            elif term.language:
                found = ox.Literal(str(term), language=term.language)
            elif term.datatype is not None:
                found = ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype)))
            else:
                found = ox.Literal(str(term))
            self._memo[term] = found
        return found


def from_ox(term):
    """A pyoxigraph term as the rdflib term rdflib itself would return.

    >>> import pyoxigraph as ox
    >>> from_ox(ox.Literal("2002", datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#gYear")))
    rdflib.term.Literal('2002', datatype=rdflib.term.URIRef('http://www.w3.org/2001/XMLSchema#gYear'))
    >>> from_ox(ox.Literal("x")), from_ox(ox.Literal("x", language="fr")), from_ox(ox.NamedNode("http://x/a"))
    (rdflib.term.Literal('x'), rdflib.term.Literal('x', lang='fr'), rdflib.term.URIRef('http://x/a'))
    """
    import pyoxigraph as ox

    if term is None:
        return None
    kind = type(term)
    if kind is ox.NamedNode:
        # a pyoxigraph IRI is a valid one: rdflib's check (a warning for <>" {}|\^`) finds nothing
        return _new_str(URIRef, term.value)
    if kind is ox.BlankNode:
        return BNode(term.value)
    if term.language:
        return _plain_literal(term.value, term.language)
    datatype = term.datatype.value
    if datatype == _XSD_STRING:
        return _plain_literal(term.value, None)
    return Literal(term.value, datatype=URIRef(datatype))


_XSD_STRING = str(XSD.string)
_new_str = str.__new__


def _plain_literal(lexical: str, language):
    """``Literal(lexical, lang=language)`` as rdflib 7.6 builds it, without its checks: a string or
    language-tagged literal's value is its lexical form, and pyoxigraph has checked the tag (BCP 47,
    stricter than rdflib's pattern). Six times faster; tests/test_terms.py compares every slot with
    rdflib's own constructor, and another rdflib (other slots) gets that constructor."""
    literal = _new_str(Literal, lexical)
    literal._language = language
    literal._datatype = None
    literal._value = lexical
    literal._ill_typed = None
    return literal


if Literal.__slots__ != ("_language", "_datatype", "_value", "_ill_typed"):  # pragma: no cover - not rdflib 7.6
    def _plain_literal(lexical: str, language):  # noqa: F811
        return Literal(lexical, lang=language)
