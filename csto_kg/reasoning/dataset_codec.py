"""Compact binary form of a whole rdflib Dataset (all named graphs), for the cache.

A term table (kind, text, datatype, language) plus a flat array of term
indices (s, p, o, graph) is serialised with :mod:`marshal`, which cannot run
code on load. Blank nodes keep their identifiers, so they stay shared across
graphs (asserted and inferred) after a round trip.
"""

from __future__ import annotations

import array
import marshal

from rdflib import BNode, Dataset, Literal, URIRef

URI, BNODE, LITERAL = _URI, _BNODE, _LITERAL = 0, 1, 2  # kinds of term table entries


def encode(quads) -> tuple[bytes, int]:
    """Encode ``(s, p, o, graph_name)`` quads; returns (bytes, number of quads)."""
    index: dict = {}
    table: list = []
    flat = array.array("i")
    count = 0
    for quad in quads:
        for term in quad:
            position = index.get(term)
            if position is None:
                position = index[term] = len(table)
                table.append(_describe(term))
            flat.append(position)
        count += 1
    return marshal.dumps((table, flat.tobytes())), count


def decode_table(payload: bytes) -> tuple[list, array.array]:
    """The term table (``(kind, text, datatype, language)`` entries) and the flat index array.

    Quad ``n`` is ``flat[4n:4n+4]`` (subject, predicate, object, graph name); another
    engine builds its own terms from the table (see :func:`csto_kg.store.oxigraph.quads_from_table`).

    >>> table, flat = decode_table(encode([(URIRef("http://x/s"), URIRef("http://x/p"), Literal("0042"),
    ...                                      URIRef("http://x/g"))])[0])
    >>> table[2], len(flat)
    ((2, '0042', None, None), 4)
    """
    table, raw = marshal.loads(payload)
    flat = array.array("i")
    flat.frombytes(raw)
    return table, flat


def decode_into(payload: bytes, dataset: Dataset) -> int:
    """Add the encoded quads to ``dataset``; returns the number of quads read."""
    return build_into(*decode_table(payload), dataset)


def build_into(table: list, flat: array.array, dataset: Dataset) -> int:
    """Add the quads of a decoded table (:func:`decode_table`) to ``dataset``; returns their number."""
    terms = [_build(entry) for entry in table]
    graphs: dict = {}

    def quads():
        for i in range(0, len(flat), 4):
            name = terms[flat[i + 3]]
            graph = graphs.get(name)
            if graph is None:
                graph = graphs[name] = dataset.graph(name)
            yield terms[flat[i]], terms[flat[i + 1]], terms[flat[i + 2]], graph

    dataset.store.addN(quads())
    return len(flat) // 4


def _describe(term) -> tuple:
    if isinstance(term, Literal):
        datatype = str(term.datatype) if term.datatype is not None else None
        return (_LITERAL, str(term), datatype, term.language)
    if isinstance(term, BNode):
        return (_BNODE, str(term), None, None)
    return (_URI, str(term), None, None)


def _build(entry: tuple):
    kind, text, datatype, language = entry
    if kind == _URI:
        return URIRef(text)
    if kind == _BNODE:
        return BNode(text)
    return Literal(text, datatype=URIRef(datatype) if datatype else None, lang=language)
