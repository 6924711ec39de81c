"""Inference with the fast OWL 2 RL engine: the same result as owlrl, much sooner.

:func:`infer_rl` loads the asserted union into :class:`~csto_kg.reasoning.rules.RuleEngine`,
adds owlrl's one-time triples (:mod:`csto_kg.reasoning.datatype_rules`), runs to the
fixpoint, collects owlrl's error messages (:mod:`csto_kg.reasoning.inconsistency_rules`) and the
project's functional-property check (:func:`csto_kg.reasoning.findings.functional_clashes`,
reading the closure through :class:`ClosureView`), then keeps the inferred
triples that :func:`csto_kg.reasoning.noise.is_noise` does not drop.
"""

from __future__ import annotations

import gc
import time

from rdflib import BNode, URIRef
from rdflib.namespace import OWL

from csto_kg.reasoning import noise
from csto_kg.reasoning.budgets import Budget
from csto_kg.reasoning.findings import from_owlrl_message, functional_clashes
from csto_kg.reasoning.inconsistency_rules import error_messages
from csto_kg.reasoning.inference import ReasonedIds
from csto_kg.reasoning.datatype_rules import one_time_triples
from csto_kg.reasoning.rules import RuleEngine


class ClosureView:
    """Read-only rdflib-like view of the engine's store (what ``functional_clashes`` reads).

    ``only`` restricts the view to given id triples keyed ``{s: {o}}`` per predicate
    (used for the asserted ``owl:sameAs`` links). With ``several_values``,
    :meth:`subject_objects` leaves out subjects with a single object, which
    ``functional_clashes`` has nothing to compare with (and converting and
    sorting them is most of its time).
    """

    def __init__(self, engine: RuleEngine, *, only=None, several_values=False):
        self._table = engine.table
        self._fwd = only if only is not None else engine.store.fwd
        self._bwd = _invert(only) if only is not None else engine.store.bwd
        self._several = several_values

    def _id(self, term):
        return self._table.lookup(term)

    def subjects(self, predicate, obj):
        p, o = self._id(predicate), self._id(obj)
        return [self._table.term(s) for s in self._bwd.get(p, {}).get(o, ())]

    def objects(self, subject, predicate):
        s, p = self._id(subject), self._id(predicate)
        return [self._table.term(o) for o in self._fwd.get(p, {}).get(s, ())]

    def subject_objects(self, predicate):
        term = self._table.term
        forward = self._fwd.get(self._id(predicate), {})
        least = 2 if self._several else 1
        return [(term(s), term(o)) for s, objects in forward.items() if len(objects) >= least
                for o in objects]


def _invert(fwd: dict) -> dict:
    bwd: dict = {}
    for p, forward in fwd.items():
        backward = bwd[p] = {}
        for s, objects in forward.items():
            for o in objects:
                backward.setdefault(o, set()).add(s)
    return bwd


def infer_rl(triples, *, budget: Budget | None = None, progress=None, stats: dict | None = None):
    """Reason over rdflib ``triples``; returns ``(inferred triples, findings, seconds)``.

    ``stats``, when given, receives ``asserted``: the number of distinct asserted triples, and
    ``ids``: the reasoned graph as integer ids (:class:`~csto_kg.reasoning.inference.ReasonedIds`:
    the engine's term table, the distinct asserted triples and the kept inferred ones), which
    the SHACL engine reads without a term being converted or written out again.

    >>> from rdflib import URIRef
    >>> from rdflib.namespace import OWL, RDF
    >>> K = "https://w3id.org/csto-kg/id/"
    >>> P = URIRef("https://w3id.org/csto-kg/ontology#p")
    >>> triples, findings, _ = infer_rl([(P, OWL.inverseOf, P), (URIRef(K + "a"), P, URIRef(K + "b"))])
    >>> (URIRef(K + "b"), P, URIRef(K + "a")) in triples, findings
    (True, [])
    """
    started = time.perf_counter()
    collecting = gc.isenabled()
    gc.disable()  # millions of small sets and tuples, no cycles: the collector only slows this down
    try:
        return _infer(triples, budget=budget, progress=progress, started=started, stats=stats)
    finally:
        if collecting:
            gc.enable()


def _infer(triples, *, budget, progress, started, stats=None):
    engine = RuleEngine(budget=budget, progress=progress)
    by_subject = getattr(triples, "by_subject", None)  # reasoning.AssertedTriples
    if by_subject is None:
        engine.load(triples)
    elif engine.load_by_subject(by_subject) != len(triples):  # quoted triples: read the plain way
        engine = RuleEngine(budget=budget, progress=progress)
        engine.load(triples)
    asserted_ids = None
    if stats is not None:
        stats["asserted"] = engine.asserted_count
        asserted_ids = list(engine.store.triples())  # before the rules add to the store
    same = engine.table.id(OWL.sameAs)
    asserted_same = {same: {s: set(objects) for s, objects in engine.store.fwd.get(same, {}).items()}}
    extra, messages = one_time_triples(engine)
    engine.run(one_time=extra)
    for message in error_messages(engine):
        if message not in messages:
            messages.append(message)
    engine.remove_blank_predicates()
    findings = [from_owlrl_message(m) for m in sorted(messages)]
    findings += functional_clashes(ClosureView(engine, several_values=True), ClosureView(engine, only=asserted_same))
    if stats is None:
        return kept_triples(engine), findings, time.perf_counter() - started
    inferred_ids: list = []
    inferred = kept_triples(engine, id_triples=inferred_ids)
    stats["ids"] = ReasonedIds(engine.table, asserted_ids, inferred_ids)
    return inferred, findings, time.perf_counter() - started


def kept_triples(engine: RuleEngine, *, id_triples: list | None = None) -> set:
    """The engine's inferred triples that :func:`~csto_kg.reasoning.noise.is_noise` keeps, as rdflib terms
    (and appended to ``id_triples`` as ``(s, p, o)`` ids, when given).

    :func:`is_noise` restated on integer ids, predicate by predicate (no rdflib
    term is built for a dropped triple): a triple is dropped when its subject
    is a literal or an IRI of the RDF/RDFS/OWL/XSD namespaces, when its
    predicate is reflexive noise and s = o, and by the object tests of
    ``rdf:type``, ``rdfs:subClassOf``, ``rdfs:domain`` and ``rdfs:range``.
    Ids stand for rdflib-equal terms, so id equality is rdflib's ``==``.
    ``tests/test_rl_differential.py`` checks it against :func:`is_noise` triple by triple.
    """
    table = engine.table
    term, lookup = table.term, table.lookup

    def ids(terms):
        return {i for i in map(lookup, terms) if i is not None}

    reflexive, top = ids(noise.REFLEXIVE_PREDICATES), ids(noise.TOP_CLASSES)
    rdf_type, subclass, nothing = lookup(noise.RDF_TYPE), lookup(noise.SUBCLASS), lookup(noise.NOTHING)
    domain_range = ids((noise.DOMAIN, noise.RANGE))
    dropped_subject: dict = {}
    dropped_object: dict = {}  # for rdf:type: a top class or a blank node
    vocabularies = noise.VOCABULARIES
    kept: set = set()
    add = kept.add
    for delta in engine.inferred_ids():
        for p, pairs in delta.items():
            predicate = term(p)
            same_dropped = p in reflexive
            for s, o in pairs:
                drop = dropped_subject.get(s)
                if drop is None:
                    subject = term(s)
                    drop = dropped_subject[s] = s < 0 or (
                        isinstance(subject, URIRef) and str(subject).startswith(vocabularies))
                if drop or (same_dropped and s == o):
                    continue
                if p == rdf_type:
                    drop = dropped_object.get(o)
                    if drop is None:
                        drop = dropped_object[o] = o in top or isinstance(term(o), BNode)
                    if drop:
                        continue
                elif p == subclass:
                    if o in top or s == nothing:
                        continue
                elif p in domain_range and o in top:
                    continue
                add((term(s), predicate, term(o)))
                if id_triples is not None:
                    id_triples.append((s, p, o))
    return kept
