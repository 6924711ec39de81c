"""OWL RL reasoning: inferred triples (noise-filtered) and findings.

Two engines give the same result: ``rl`` (the default, :mod:`csto_kg.fast_reasoner`,
owlrl's rules evaluated semi-naively, with budgets) and ``owlrl`` (owlrl's
``DeductiveClosure``, the reference). Both are imported lazily, so a warm
start served from the cache loads neither.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field

from rdflib import Dataset, Graph

from .errors import UsageError
from .findings import Finding, functional_clashes, owlrl_findings, remove_error_reports
from .noise import is_noise

REASONERS = ("rl", "owlrl")
#: Part of the cache key: bump the rl version whenever the fast reasoner's output could change.
REASONER_VERSIONS = {"rl": "rl-1", "owlrl": "owlrl"}


@dataclass
class Inference:
    """What reasoning produced over an asserted dataset."""

    triples: set = field(default_factory=set)
    findings: list[Finding] = field(default_factory=list)
    seconds: float = 0.0


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


def check_reasoner(name: str) -> str:
    """``name`` if it is a known reasoner, else :class:`UsageError`.

    >>> check_reasoner("owlrl")
    'owlrl'
    """
    if name not in REASONERS:
        raise UsageError(f"unknown reasoner {name!r}; use one of: {', '.join(REASONERS)}")
    return name


def infer(dataset: Dataset, *, reasoner: str = "rl", budget=None, progress=None) -> Inference:
    """Run the OWL RL closure over the asserted union.

    Inferred = closure - asserted, minus :func:`~csto_kg.noise.is_noise`.
    ``reasoner`` is ``rl`` (fast, checks ``budget``, a :class:`~csto_kg.budgets.Budget`,
    as it goes) or ``owlrl`` (run in a child process that ``budget`` stops, see
    :mod:`csto_kg.bounded_owlrl`); both give the same triples and findings.

    >>> from csto_kg.loading import load
    >>> from csto_kg.fixtures import FIXTURE_ONTOLOGY, FIXTURE_DATA
    >>> dataset = load(ontology=[FIXTURE_ONTOLOGY], data=[FIXTURE_DATA], bundled_data=False)
    >>> fast, reference = infer(dataset), infer(dataset, reasoner="owlrl")
    >>> len(fast.triples) > 0, fast.triples == reference.triples, fast.findings
    (True, True, [])
    """
    if check_reasoner(reasoner) == "rl":
        from .fast_reasoner import infer_rl

        triples, findings, seconds = infer_rl(every_asserted_triple(dataset),
                                              budget=budget, progress=progress)
        return Inference(triples=triples, findings=findings, seconds=seconds)
    from .bounded_owlrl import run_bounded

    triples, findings, seconds = run_bounded(dataset, budget=budget)
    return Inference(triples=triples, findings=findings, seconds=seconds)


def infer_owlrl(dataset: Dataset) -> Inference:
    """The reference: owlrl's ``DeductiveClosure(OWLRL_Semantics)`` on a copy of the asserted union."""
    from owlrl import DeductiveClosure, OWLRL_Semantics  # lazy: heavy and not needed warm

    started = time.perf_counter()
    asserted = asserted_union(dataset)
    closure = Graph()
    closure += asserted
    DeductiveClosure(OWLRL_Semantics).expand(closure)
    findings = owlrl_findings(closure)
    remove_error_reports(closure)
    findings += functional_clashes(closure, asserted)
    triples = {t for t in set(closure) - set(asserted) if not is_noise(t)}
    return Inference(triples=triples, findings=findings, seconds=time.perf_counter() - started)
