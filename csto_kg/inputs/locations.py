"""Where a resource is defined: a subject -> (file, line, column) index.

rdflib gives no line numbers, so the index is built from the Turtle scans of
the input files (:mod:`csto_kg.inputs.turtle_scan`): a resource's place is its first
occurrence in subject position, in load order (ontology files, then data);
a resource never used as a subject falls back to its first occurrence in any
position. Blank nodes have no stable name across files and are located
through the IRI that points to them (see :meth:`Locator.parent`).
"""

from __future__ import annotations

from typing import Iterable

from rdflib import BNode, Graph, URIRef

Place = tuple[str | None, int | None, int | None]
NOWHERE: Place = (None, None, None)


class Locator:
    """Find the file, line and column where an IRI is described.

    >>> from csto_kg.inputs.turtle_scan import scan
    >>> loc = Locator([("a.ttl", scan("<http://x/s> <http://x/p> <http://x/o> ."))])
    >>> loc.place("http://x/s"), loc.place("http://x/o"), loc.place("http://x/zzz")
    (('a.ttl', 1, 1), ('a.ttl', 1, 27), (None, None, None))
    """

    def __init__(self, scans: Iterable[tuple[str, object]] | None = None, *, lazy=None):
        """``scans``: ``(display, scan)`` pairs; or ``lazy``: a function returning them, called
        on the first look-up (so that no file is scanned when nothing needs a place)."""
        self._pending = lazy
        self.subjects: dict[str, Place] = {}
        self.anywhere: dict[str, Place] = {}
        self.objects: dict[str, Place] = {}
        self.last_subjects: dict[str, Place] = {}  # first place in the last file that describes it
        if lazy is None:
            self._index(scans or ())

    def _ready(self) -> None:
        if self._pending is not None:
            pending, self._pending = self._pending, None
            self._index(pending())

    def _index(self, scans) -> None:
        for display, scanned in scans:
            if scanned is None:
                continue
            for term in scanned.terms:  # type: ignore[attr-defined]
                if term.kind != "iri":
                    continue
                place = (display, term.line, term.column)
                self.anywhere.setdefault(term.value, place)
                if term.role == "subject":
                    self.subjects.setdefault(term.value, place)
                    if self.last_subjects.get(term.value, (None,))[0] != display:
                        self.last_subjects[term.value] = place
                elif term.role == "object":
                    self.objects.setdefault(term.value, place)

    def place(self, iri: str) -> Place:
        """Where ``iri`` is first a subject, else first used; ``(None, None, None)`` if nowhere."""
        self._ready()
        return self.subjects.get(iri) or self.anywhere.get(iri) or NOWHERE

    def latest_place(self, iri: str) -> Place:
        """Where ``iri`` is first a subject in the *last* file that describes it (user data
        comes last), so a statement added to bundled resources is found where it was added."""
        self._ready()
        return self.last_subjects.get(iri) or self.place(iri)

    def parent(self, node: BNode, graph: Graph) -> URIRef | None:
        """The first IRI (sorted) that points to the blank node ``node``, following blank nodes up."""
        seen, todo = {node}, [node]
        while todo:
            current = todo.pop(0)
            for subject in sorted(graph.subjects(None, current), key=str):
                if isinstance(subject, URIRef):
                    return subject
                if subject not in seen:
                    seen.add(subject)
                    todo.append(subject)
        return None


class TriplePlaces:
    """Where the triples of one Turtle file are written: the line and column of each object.

    Built from the file's :class:`~csto_kg.inputs.turtle_scan.Scan` (its statements). A
    triple is looked up with the graph the file was parsed into. Blank nodes have no name
    shared by the text and the graph, so each is matched by its surroundings: the terms it
    is linked to, in both directions, and the surroundings of the blank nodes among them,
    :data:`BLANK_ROUNDS` links deep. A triple the scan does not hold (another syntax, a
    scan that stopped early) is placed in the file with no line.

    >>> from rdflib import Graph
    >>> from csto_kg.inputs.turtle_scan import scan
    >>> text = '<http://x/s> <http://x/p> [ <http://x/q> "v"@en ] ,\\n    <http://x/o> .'
    >>> graph = Graph().parse(data=text, format="turtle")
    >>> places = TriplePlaces("a.ttl", scan(text))
    >>> sorted(places.places(t, graph)[0] for t in graph)
    [('a.ttl', 1, 27), ('a.ttl', 1, 42), ('a.ttl', 2, 5)]
    """

    def __init__(self, display: str, scanned=None):
        self.display = display
        self._index: dict = {}
        statements = getattr(scanned, "statements", None) or []
        incoming: dict = {}
        outgoing: dict = {}
        for st in statements:
            if st.object[0] == "blank":
                incoming.setdefault(st.object, []).append((st.subject, st.predicate))
            if st.subject[0] == "blank":
                outgoing.setdefault(st.subject, []).append((st.predicate, st.object))
        blanks = set(incoming) | set(outgoing)
        keys = {node: _BLANK for node in blanks}
        for _ in range(BLANK_ROUNDS):
            def key(node, keys=keys):
                return keys[node] if node[0] == "blank" else _scanned_key(node)
            keys = {node: _blank_key([(key(s), p) for s, p in incoming.get(node, ())],
                                     [(p, key(o)) for p, o in outgoing.get(node, ())]) for node in blanks}
        for st in statements:
            subject = keys[st.subject] if st.subject[0] == "blank" else _scanned_key(st.subject)
            obj = keys[st.object] if st.object[0] == "blank" else _scanned_key(st.object)
            self._index.setdefault((subject, st.predicate, obj), []).append((display, st.line, st.column))

    def places(self, triple, graph: Graph) -> list[Place]:
        """Every place where ``triple`` (of ``graph``, this file's graph) is written, first first."""
        s, p, o = triple
        memo: dict = {}
        found = self._index.get((_graph_key(s, graph, BLANK_ROUNDS, memo), str(p),
                                 _graph_key(o, graph, BLANK_ROUNDS, memo)))
        return list(found) if found else [(self.display, None, None)]


BLANK_ROUNDS = 8  # how many links deep blank nodes are told apart by their surroundings
_XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
_BLANK = ("blank",)


def _blank_key(incoming: list, outgoing: list) -> tuple:
    return ("blank", hash((frozenset(incoming), frozenset(outgoing))))


def _scanned_key(node: tuple) -> tuple:
    if node[0] == "literal":
        _, lexical, lang, datatype = node
        return ("literal", lexical, lang.lower() if lang else None, None if datatype == _XSD_STRING else datatype)
    return node


def _graph_key(term, graph: Graph, rounds: int, memo: dict) -> tuple:
    """The key of an rdflib term as :class:`TriplePlaces` keys the scanned ones."""
    from rdflib import Literal

    if isinstance(term, BNode):
        if rounds == 0:
            return _BLANK
        found = memo.get((term, rounds))
        if found is None:
            found = memo[(term, rounds)] = _blank_key(
                [(_graph_key(s, graph, rounds - 1, memo), str(p)) for s, p in graph.subject_predicates(term)],
                [(str(p), _graph_key(o, graph, rounds - 1, memo)) for p, o in graph.predicate_objects(term)])
        return found
    if isinstance(term, Literal):
        datatype = str(term.datatype) if term.datatype is not None else None
        return ("literal", str(term), term.language.lower() if term.language else None,
                None if datatype == _XSD_STRING else datatype)
    return ("iri", str(term))
