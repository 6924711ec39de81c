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
    >>> from_ox(ox.Literal("x"))
    rdflib.term.Literal('x')
    """
    import pyoxigraph as ox

    if term is None:
        return None
    kind = type(term)
    if kind is ox.NamedNode:
        return URIRef(term.value)
    if kind is ox.BlankNode:
        return BNode(term.value)
    if term.language:
        return Literal(term.value, lang=term.language)
    datatype = term.datatype.value
    if datatype == _XSD_STRING:
        return Literal(term.value)
    return Literal(term.value, datatype=URIRef(datatype))


_XSD_STRING = str(XSD.string)
