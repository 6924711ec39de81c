"""The generated csto: namespace module (csto_kg/vocab.py) matches the ontology."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Graph, URIRef
from rdflib.namespace import OWL, RDF

from csto_kg import vocab
from csto_kg.inputs import vocabgen
from csto_kg.vocab import CSTO

ROOT = Path(__file__).resolve().parent.parent
ONTOLOGY = ROOT / "ontology" / "csto.ttl"
NS = "https://w3id.org/csto-kg/ontology#"


def test_generated_module_has_no_drift():
    """csto_kg/vocab.py is exactly what `python -m csto_kg.inputs.vocabgen` writes now."""
    current = Path(vocab.__file__).read_text(encoding="utf-8")
    assert current == vocabgen.generate(ONTOLOGY), (
        "csto_kg/vocab.py is out of date: run `python -m csto_kg.inputs.vocabgen`")


def test_every_declared_csto_term_is_an_attribute():
    graph = Graph().parse(ONTOLOGY, format="turtle")
    kinds = (OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty, OWL.AnnotationProperty,
             OWL.NamedIndividual)
    declared = {str(s)[len(NS):] for k in kinds for s in graph.subjects(RDF.type, k)
                if isinstance(s, URIRef) and str(s).startswith(NS)}
    assert declared, "no csto: term found in the ontology"
    annotated = set(CSTO.__annotations__)
    assert annotated == declared
    for name in declared:
        assert getattr(CSTO, name) == URIRef(NS + name)


def test_misspelt_term_raises():
    with pytest.raises(AttributeError):
        CSTO.memberof  # noqa: B018 - the attribute access is the test
    assert CSTO.memberOf == URIRef(NS + "memberOf")


def test_generator_writes_atomically(tmp_path):
    target = tmp_path / "vocab.py"
    assert vocabgen.main([str(target)]) == 0
    assert target.read_text(encoding="utf-8") == vocabgen.generate(ONTOLOGY)
