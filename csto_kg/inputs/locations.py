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
