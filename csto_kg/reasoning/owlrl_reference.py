"""The reference reasoner: owlrl's ``DeductiveClosure(OWLRL_Semantics)``, filtered like the fast one."""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager

from rdflib import Dataset, Graph
from rdflib.term import _toPythonMapping

from csto_kg.reasoning.findings import functional_clashes, owlrl_findings, remove_error_reports
from csto_kg.reasoning.inference import Inference, asserted_union
from csto_kg.reasoning.noise import is_noise


@contextmanager
def rdflib_conversions_kept() -> Iterator[None]:
    """Run owlrl inside this: afterwards rdflib converts lexical forms exactly as before.

    ``DeductiveClosure.expand`` installs owlrl's own conversions in rdflib's global table and,
    when done, only writes rdflib's back over them: the datatypes rdflib has none for
    (``xsd:gYear``, ``xsd:gYearMonth``, ``xsd:NCName``, ...) keep owlrl's, so every literal made
    later in the process would get a Python value where rdflib gives ``None``.

    >>> from rdflib import Literal, XSD
    >>> with rdflib_conversions_kept():
    ...     _toPythonMapping[XSD.gYearMonth] = str
    >>> Literal("2022-01", datatype=XSD.gYearMonth).value is None
    True
    """
    saved = dict(_toPythonMapping)
    try:
        yield
    finally:
        _toPythonMapping.clear()
        _toPythonMapping.update(saved)


def infer_owlrl(dataset: Dataset) -> Inference:
    """The reference: owlrl's ``DeductiveClosure(OWLRL_Semantics)`` on a copy of the asserted union."""
    from owlrl import DeductiveClosure, OWLRL_Semantics  # lazy: heavy and not needed warm

    started = time.perf_counter()
    asserted = asserted_union(dataset)
    closure = Graph()
    closure += asserted
    with rdflib_conversions_kept():
        DeductiveClosure(OWLRL_Semantics).expand(closure)
    findings = owlrl_findings(closure)
    remove_error_reports(closure)
    findings += functional_clashes(closure, asserted)
    triples = {t for t in set(closure) - set(asserted) if not is_noise(t)}
    return Inference(triples=triples, findings=findings, seconds=time.perf_counter() - started)
