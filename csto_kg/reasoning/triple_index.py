"""Integer triple store of the fast OWL 2 RL reasoner: interned terms, hash indexes.

Every RDF term gets an integer id: IRIs and blank nodes count up from 1,
literals count down from -1 (so "is this a literal?" is ``id < 0``). Triples
are kept per predicate in two hash indexes, ``fwd[p][s] = {o}`` and
``bwd[p][o] = {s}``. Term equality is rdflib's (the ids come from a dict
keyed by rdflib terms), exactly as in owlrl's rdflib graph.
"""

from __future__ import annotations

from rdflib import BNode, Literal, URIRef


class TermTable:
    """Two-way map between rdflib terms and integer ids.

    IRIs and blank nodes are looked up by their plain string (C-level hashing;
    rdflib's own ``__hash__``/``__eq__`` run in Python), literals by the rdflib
    Literal itself, so literal equality stays rdflib's.

    >>> from rdflib import URIRef, Literal
    >>> table = TermTable()
    >>> table.id(URIRef("http://example.org/a")), table.id(Literal("x")), table.id(URIRef("http://example.org/a"))
    (1, -1, 1)
    >>> table.term(-1), table.lookup(URIRef("http://example.org/b"))
    (rdflib.term.Literal('x'), None)
    """

    def __init__(self) -> None:
        self._iris: dict[str, int] = {}
        self._bnodes: dict[str, int] = {}
        self._literal_ids: dict = {}
        self._nodes: list = [None]
        self._literals: list = [None]

    def id(self, term) -> int:
        """The id of ``term``, assigned on first sight."""
        kind = type(term)
        if kind is URIRef or kind is BNode:
            index = self._iris if kind is URIRef else self._bnodes
            key = str.__str__(term)
            found = index.get(key)
            if found is None:
                found = index[key] = len(self._nodes)
                self._nodes.append(term)
            return found
        if isinstance(term, Literal):
            found = self._literal_ids.get(term)
            if found is None:
                found = self._literal_ids[term] = -len(self._literals)
                self._literals.append(term)
            return found
        if isinstance(term, (URIRef, BNode)):  # subclasses
            return self.id(URIRef(term) if isinstance(term, URIRef) else BNode(term))
        raise TypeError(f"not an RDF term: {term!r}")

    def lookup(self, term):
        """The id of ``term`` if it was seen, else None (never assigns)."""
        kind = type(term)
        if kind is URIRef:
            return self._iris.get(str.__str__(term))
        if kind is BNode:
            return self._bnodes.get(str.__str__(term))
        if isinstance(term, Literal):
            return self._literal_ids.get(term)
        return None

    def term(self, ident: int):
        """The rdflib term of an id."""
        return self._nodes[ident] if ident >= 0 else self._literals[-ident]

    def is_bnode(self, ident: int) -> bool:
        return ident > 0 and isinstance(self._nodes[ident], BNode)

    def literals(self):
        """``(id, literal)`` for every literal seen."""
        return [(ident, term) for term, ident in self._literal_ids.items()]

    def in_order(self) -> tuple[list, list]:
        """``(nodes, literals)``: node id ``i`` is ``nodes[i - 1]``, literal id ``-j`` is ``literals[j - 1]``.

        >>> table = TermTable()
        >>> table.id(Literal("x")), table.id(URIRef("http://example.org/a"))
        (-1, 1)
        >>> table.in_order()
        ([rdflib.term.URIRef('http://example.org/a')], [rdflib.term.Literal('x')])
        """
        return self._nodes[1:], self._literals[1:]

    def __len__(self) -> int:
        return len(self._nodes) + len(self._literals) - 2


class TripleIndex:
    """Per-predicate forward and backward indexes of integer triples.

    >>> index = TripleIndex()
    >>> index.add(1, 2, 3), index.add(1, 2, 3), (1, 2, 3) in index, len(index)
    (True, False, True, 1)
    >>> sorted(index.objects(1, 2)), sorted(index.subjects(2, 3))
    ([3], [1])
    """

    def __init__(self) -> None:
        self.fwd: dict[int, dict[int, set]] = {}
        self.bwd: dict[int, dict[int, set]] = {}
        self.size = 0
        self.first_inserted: dict = {}  # (s, p) -> first object, for rdf:first / rdf:rest
        self._ordered: frozenset = frozenset()

    def add(self, s: int, p: int, o: int) -> bool:
        """Insert; False when already there."""
        forward = self.fwd.get(p)
        if forward is None:
            forward = self.fwd[p] = {}
            self.bwd[p] = {}
        objects = forward.get(s)
        if objects is None:
            forward[s] = {o}
            if p in self._ordered:
                self.first_inserted[(s, p)] = o
        elif o in objects:
            return False
        else:
            objects.add(o)
        backward = self.bwd[p]
        subjects = backward.get(o)
        if subjects is None:
            backward[o] = {s}
        else:
            subjects.add(s)
        self.size += 1
        return True

    def objects(self, s: int, p: int):
        return self.fwd.get(p, {}).get(s, ())

    def subjects(self, p: int, o: int):
        return self.bwd.get(p, {}).get(o, ())

    def has(self, s: int, p: int, o: int) -> bool:
        return o in self.fwd.get(p, {}).get(s, ())

    def __contains__(self, triple) -> bool:
        s, p, o = triple
        return self.has(s, p, o)

    def __len__(self) -> int:
        return self.size

    def triples(self):
        """Every triple as ``(s, p, o)`` ids."""
        for p, forward in self.fwd.items():
            for s, objects in forward.items():
                for o in objects:
                    yield s, p, o

    def first_value(self, s: int, p: int):
        """The first-inserted object of ``(s, p, ?)`` (rdf:first / rdf:rest only), or None.

        rdflib's ``Graph.value`` returns the first object its memory store
        holds, which is the first one added: the asserted list member.
        """
        return self.first_inserted.get((s, p))

    def items(self, head: int) -> list[int]:
        """Members of the rdf:List at ``head`` (as rdflib ``Graph.items`` walks it).

        Needs the ids of rdf:first / rdf:rest set with :meth:`set_list_vocabulary`.
        A list whose rdf:rest loops back stops at the loop.
        """
        members, seen, node = [], {head}, head
        first, rest, nil = self._list_ids
        while node and node != nil:
            item = self.first_value(node, first)
            if item is not None:
                members.append(item)
            node = self.first_value(node, rest)
            if node is None or node in seen:
                break
            seen.add(node)
        return members

    def set_list_vocabulary(self, first: int, rest: int, nil: int) -> None:
        """Say which ids are rdf:first, rdf:rest and rdf:nil (before adding triples)."""
        self._list_ids = (first, rest, nil)
        self._ordered = frozenset((first, rest))
