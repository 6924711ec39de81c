"""Lexical forms of literals are kept from input to every output, never normalised.

rdflib normalises typed literals when it builds them (``"0042"^^xsd:integer``
becomes ``"42"``, the ill-typed ``"maybe"^^xsd:boolean`` becomes ``"false"``),
and its Turtle writer prints numbers and booleans in a "pretty" form that
changes them again (``"1"^^xsd:decimal`` as ``1.0``, ``"1E0"^^xsd:double`` as
``1e+00``, ``"01"^^xsd:boolean`` as the integer ``01``). Importing csto_kg
therefore switches rdflib's literal normalisation off (``rdflib.NORMALIZE_LITERALS``),
and csto-kg's Turtle and TriG writers (the ``csto-turtle`` and ``csto-trig``
rdflib serializer plugins) write a literal in the short form only when that
form reads back as the same lexical form and datatype (rdflib's Turtle reader
itself turns a bare ``0042`` into ``"42"``, so only canonical integers are bare). The JSON-LD export
writes every typed value as a string with its ``@type``
(:func:`csto_kg.store.exports.serialize`), never as a JSON number or boolean.
Ill-typed literals are validation errors (:mod:`csto_kg.validation.literal_checks`), not
coerced.
"""

from __future__ import annotations

import re
from contextlib import contextmanager

import rdflib
from rdflib import Literal
from rdflib.namespace import XSD
from rdflib.plugin import register
from rdflib.plugins.serializers.trig import TrigSerializer
from rdflib.plugins.serializers.turtle import TurtleSerializer
from rdflib.serializer import Serializer

rdflib.NORMALIZE_LITERALS = False  # keep "0042"^^xsd:integer as the user wrote it


@contextmanager
def keep_lexical_forms():
    """Run a block that may turn rdflib's literal normalisation on (pyshacl does), then turn it off again.

    >>> with keep_lexical_forms():
    ...     rdflib.NORMALIZE_LITERALS = True
    >>> rdflib.NORMALIZE_LITERALS
    False
    """
    try:
        yield
    finally:
        rdflib.NORMALIZE_LITERALS = False

#: Turtle's short forms, by datatype: a lexical form matching one reads back unchanged.
_SHORT_FORMS = {
    XSD.integer: re.compile(r"0|-?[1-9][0-9]*"),  # rdflib reads 0042 or +5 as 42 or 5
    XSD.decimal: re.compile(r"-?[0-9]+\.[0-9]+"),  # +1.5 and .5 are read as 1.5 and 0.5
    XSD.double: re.compile(r"[+-]?(?:[0-9]+\.[0-9]*[eE][+-]?[0-9]+|\.[0-9]+[eE][+-]?[0-9]+|[0-9]+[eE][+-]?[0-9]+)"),
    XSD.boolean: re.compile(r"true|false"),
}


def turtle_literal(literal: Literal, qname=None) -> str:
    """The Turtle text of ``literal``, keeping its lexical form exactly.

    >>> from rdflib.namespace import XSD
    >>> turtle_literal(Literal("42", datatype=XSD.integer))
    '42'
    >>> turtle_literal(Literal("0042", datatype=XSD.integer))
    '"0042"^^<http://www.w3.org/2001/XMLSchema#integer>'
    >>> turtle_literal(Literal("1", datatype=XSD.decimal))
    '"1"^^<http://www.w3.org/2001/XMLSchema#decimal>'
    >>> turtle_literal(Literal("maybe", datatype=XSD.boolean), lambda iri: "xsd:boolean")
    '"maybe"^^xsd:boolean'
    """
    pattern = _SHORT_FORMS.get(literal.datatype)
    if pattern is not None and pattern.fullmatch(str(literal)):
        return str(literal)
    return literal._literal_n3(use_plain=False, qname_callback=qname)


class LexicalTurtleSerializer(TurtleSerializer):
    """rdflib's Turtle writer, with literals written by :func:`turtle_literal`."""

    def label(self, node, position):
        if isinstance(node, Literal):
            return turtle_literal(node, lambda datatype: self.get_pname(datatype, False))
        return super().label(node, position)


class LexicalTrigSerializer(TrigSerializer):
    """rdflib's TriG writer, with literals written by :func:`turtle_literal`."""

    def label(self, node, position):
        if isinstance(node, Literal):
            return turtle_literal(node, lambda datatype: self.get_pname(datatype, False))
        return super().label(node, position)


def jsonld_document(graph, *, context=None):
    """JSON-LD of ``graph`` (compacted with ``context`` when given), typed values kept as strings.

    rdflib's JSON-LD writer always turns integers, doubles and booleans into
    JSON numbers and booleans (its ``use_native_types`` option is ignored),
    which rewrites ``"0042"`` as ``42``; this converts with native types off.

    >>> from rdflib import Graph, URIRef
    >>> g = Graph()
    >>> _ = g.add((URIRef("http://x/a"), URIRef("http://x/p"), Literal("0042", datatype=XSD.integer)))
    >>> jsonld_document(g)[0]["http://x/p"]
    [{'@type': 'http://www.w3.org/2001/XMLSchema#integer', '@value': '0042'}]
    """
    from rdflib.plugins.serializers.jsonld import Converter
    from rdflib.plugins.shared.jsonld.context import Context

    converter = Converter(Context(context), use_native_types=False, use_rdf_type=False)
    converter.use_native_types = False  # rdflib turns it on whenever a context is active
    result = converter.convert(graph)
    if converter.context.active:
        if isinstance(result, list):
            result = {converter.context.get_key("@graph"): result}
        result["@context"] = context
    return result


register("csto-turtle", Serializer, __name__, "LexicalTurtleSerializer")
register("csto-trig", Serializer, __name__, "LexicalTrigSerializer")
