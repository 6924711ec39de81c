"""The reference reasoner: owlrl's ``DeductiveClosure(OWLRL_Semantics)``, filtered like the fast one."""

from __future__ import annotations

import time

from rdflib import Dataset, Graph

from csto_kg.reasoning.findings import functional_clashes, owlrl_findings, remove_error_reports
from csto_kg.reasoning.inference import Inference, asserted_union
from csto_kg.reasoning.noise import is_noise


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
