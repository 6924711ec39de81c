"""OWL RL reasoning with owlrl: inferred triples (noise-filtered) and findings.

owlrl is imported lazily, so a warm start served from the cache never loads it.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field

from rdflib import Dataset, Graph

from .findings import Finding, functional_clashes, owlrl_findings, remove_error_reports
from .noise import is_noise


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


def infer(dataset: Dataset) -> Inference:
    """Run the OWL RL closure over a copy of the asserted union.

    Inferred = closure - asserted, minus :func:`~csto_kg.noise.is_noise`.

    >>> from csto_kg.loading import load
    >>> from csto_kg.fixtures import FIXTURE_ONTOLOGY, FIXTURE_DATA
    >>> result = infer(load(ontology=[FIXTURE_ONTOLOGY], data=[FIXTURE_DATA], bundled_data=False))
    >>> len(result.triples) > 0, result.findings
    (True, [])
    """
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
