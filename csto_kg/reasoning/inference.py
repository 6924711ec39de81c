"""What a reasoner reads (every asserted triple, without a copy) and what it returns (:class:`Inference`)."""

from __future__ import annotations

from dataclasses import dataclass, field

from rdflib import Dataset, Graph

from csto_kg.reasoning.findings import Finding


@dataclass
class Inference:
    """What reasoning produced over an asserted dataset."""

    triples: set = field(default_factory=set)
    findings: list[Finding] = field(default_factory=list)
    seconds: float = 0.0
    asserted: int = 0  # distinct asserted triples reasoned over
    ids: ReasonedIds | None = None  # the same graph as integer ids (the fast reasoner over parsed files)


class ReasonedIds:
    """The reasoned graph as the fast reasoner holds it: ``asserted`` and ``inferred`` are lists of
    ``(s, p, o)`` integer ids (the distinct asserted triples; the inferred ones kept), and
    ``table`` (:class:`~csto_kg.reasoning.triple_index.TermTable`) gives each id's rdflib term.
    A reader of the whole graph (the SHACL engine) takes it as it is, without a term converted.

    >>> from rdflib import URIRef
    >>> from csto_kg.reasoning.triple_index import TermTable
    >>> table = TermTable()
    >>> a = table.id(URIRef("http://x/a"))
    >>> ids = ReasonedIds(table, [(a, a, a)], [])
    >>> [tuple(map(ids.table.term, t)) for t in ids.asserted]
    [(rdflib.term.URIRef('http://x/a'), rdflib.term.URIRef('http://x/a'), rdflib.term.URIRef('http://x/a'))]
    """

    __slots__ = ("table", "asserted", "inferred")

    def __init__(self, table, asserted: list, inferred: list):
        self.table, self.asserted, self.inferred = table, asserted, inferred


def asserted_union(dataset: Dataset) -> Graph:
    """A plain Graph holding a copy of every asserted triple (all named graphs)."""
    union = Graph()
    for graph in dataset.graphs():
        union += graph
    return union


def every_asserted_triple(dataset: Dataset):
    """Every triple of every named graph of ``dataset``, each once, without a copy.

    rdflib's in-memory store keeps the set of all its (non-quoted) triples under
    the ``None`` context, which is what ``store.triples((None, None, None), None)``
    walks, but that generator also builds a contexts generator per triple (a
    sixth of the fast reasoner's time at 10k triples): for that store this is
    an :class:`AssertedTriples`. Other stores go through ``store.triples``.
    """
    store = dataset.store
    every = getattr(store, "_Memory__contextTriples", None)
    by_subject = getattr(store, "_Memory__spo", None)
    if isinstance(every, dict) and isinstance(every.get(None), set) and isinstance(by_subject, dict):
        return AssertedTriples(every[None], by_subject)
    return (t for t, _contexts in store.triples((None, None, None), None))


class AssertedTriples:
    """The triples of an rdflib memory store: iterable, and ``by_subject`` as ``{s: {p: {o: 1}}}``.

    ``by_subject`` (the store's own index) lets the fast reasoner intern each
    subject and predicate once instead of once per triple; it may also hold
    quoted (N3 formula) triples, so a reader compares the number of triples it
    read with ``len()`` and falls back on iterating when they differ.
    """

    def __init__(self, triples: set, by_subject: dict):
        self._triples, self.by_subject = triples, by_subject

    def __iter__(self):
        return iter(self._triples)

    def __len__(self) -> int:
        return len(self._triples)
