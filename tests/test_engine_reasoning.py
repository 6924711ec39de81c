"""Reasoning: the noise filter and inconsistency findings."""

from __future__ import annotations

import pytest
from rdflib import BNode, Literal, URIRef
from rdflib.namespace import OWL, RDF, RDFS, XSD

from csto_kg import KnowledgeGraph
from csto_kg.reasoning.findings import from_owlrl_message
from csto_kg.reasoning.noise import is_noise

from conftest import DATA, INCONSISTENT, ONTOLOGY

KG = "https://w3id.org/csto-kg/id/"
CSTO = "https://w3id.org/csto-kg/ontology#"
A, B = URIRef(KG + "A"), URIRef(KG + "B")
STATE = URIRef(CSTO + "State")


@pytest.mark.parametrize("triple", [
    (A, OWL.sameAs, A),
    (STATE, RDFS.subClassOf, STATE),
    (STATE, OWL.equivalentClass, STATE),
    (URIRef(CSTO + "member"), RDFS.subPropertyOf, URIRef(CSTO + "member")),
    (URIRef(CSTO + "member"), OWL.equivalentProperty, URIRef(CSTO + "member")),
    (STATE, RDFS.subClassOf, OWL.Thing),
    (OWL.Nothing, RDFS.subClassOf, STATE),
    (A, RDF.type, OWL.Thing),
    (A, RDF.type, RDFS.Resource),
    (A, RDF.type, BNode()),
    (URIRef(CSTO + "member"), RDFS.domain, OWL.Thing),
    (URIRef(CSTO + "member"), RDFS.range, OWL.Thing),
    (Literal("2002", datatype=XSD.gYear), RDF.type, XSD.gYear),
    (Literal("a"), OWL.sameAs, Literal("b")),
    (XSD.date, RDF.type, RDFS.Datatype),
    (OWL.Thing, RDFS.subClassOf, OWL.Thing),
    (RDF.type, RDFS.domain, RDFS.Resource),
])
def test_noise_is_dropped(triple):
    assert is_noise(triple)


@pytest.mark.parametrize("triple", [
    (A, OWL.sameAs, B),
    (A, RDF.type, STATE),
    (STATE, RDFS.subClassOf, URIRef(CSTO + "Agent")),
    (A, URIRef(CSTO + "hasMembership"), B),
    (A, RDFS.label, Literal("A")),
    (URIRef(CSTO + "member"), RDFS.range, URIRef(CSTO + "Agent")),
])
def test_domain_inferences_are_kept(triple):
    assert not is_noise(triple)


def test_inferred_graph_holds_useful_triples_and_no_noise(fixture_kg):
    inferred = set(fixture_kg.inferred())
    assert (URIRef(KG + "Armenia"), RDF.type, URIRef(CSTO + "MemberState")) in inferred
    assert (URIRef(KG + "Armenia"), URIRef(CSTO + "hasMembership"), URIRef(KG + "membership-armenia")) in inferred
    assert (URIRef(KG + "Armenia"), RDF.type, URIRef(CSTO + "Agent")) in inferred
    assert not [t for t in inferred if is_noise(t)]
    report = fixture_kg.reason()
    assert report.inferred == len(inferred) and report.findings == []


def _load_with(extra):
    return KnowledgeGraph.load(ontology=[ONTOLOGY], data=[DATA, INCONSISTENT / extra],
                               bundled_data=False, cache=False)


def test_disjointness_violation_is_a_finding():
    findings = _load_with("disjoint.ttl").reason().findings
    assert len(findings) == 1
    finding = findings[0]
    assert finding.severity == "error"
    assert finding.axiom == "csto:State owl:disjointWith csto:Organization"
    assert KG + "Armenia" in finding.resources
    assert "kg:Armenia is an instance of the disjoint classes" in finding.message


def test_functional_property_with_two_values_is_a_finding():
    findings = _load_with("functional.ttl").reason().findings
    assert [f.axiom for f in findings] == ["csto:foundingDate a owl:FunctionalProperty"]
    assert findings[0].resources == (KG + "CSTO", CSTO + "foundingDate")
    assert '"2002"' in findings[0].message and '"2003"' in findings[0].message


def test_functional_object_property_with_two_iris(tmp_path):
    extra = tmp_path / "hq.ttl"
    extra.write_text("@prefix csto: <https://w3id.org/csto-kg/ontology#> .\n"
                     "@prefix kg: <https://w3id.org/csto-kg/id/> .\nkg:CSTO csto:headquarters kg:Minsk .\n")
    kg = KnowledgeGraph.load(ontology=[ONTOLOGY], data=[DATA, extra], bundled_data=False, cache=False)
    (finding,) = kg.reason().findings
    assert set(finding.resources) >= {KG + "Moscow", KG + "Minsk"}


def test_asserted_same_as_is_not_a_clash(tmp_path):
    extra = tmp_path / "hq.ttl"
    extra.write_text("@prefix csto: <https://w3id.org/csto-kg/ontology#> .\n"
                     "@prefix owl: <http://www.w3.org/2002/07/owl#> .\n"
                     "@prefix kg: <https://w3id.org/csto-kg/id/> .\n"
                     "kg:CSTO csto:headquarters kg:Moskva . kg:Moskva owl:sameAs kg:Moscow .\n")
    kg = KnowledgeGraph.load(ontology=[ONTOLOGY], data=[DATA, extra], bundled_data=False, cache=False)
    assert kg.reason().findings == []


def test_unknown_owlrl_message_keeps_resources():
    finding = from_owlrl_message("Something odd about https://w3id.org/csto-kg/id/X")
    assert finding.resources == (KG + "X",) and "kg:X" in finding.message


def test_the_owlrl_reference_leaves_rdflibs_literal_conversions_as_they_were():
    # owlrl's expand leaves its own conversion for xsd:gYearMonth, xsd:gYear, ... installed in
    # rdflib's global table; a literal made afterwards anywhere in the process got a str value.
    from rdflib import Dataset
    from rdflib.term import _toPythonMapping

    from csto_kg.reasoning.owlrl_reference import infer_owlrl

    before = dict(_toPythonMapping)
    month = Literal("2022-01", datatype=XSD.gYearMonth)
    dataset = Dataset()
    graph = dataset.graph(URIRef("urn:g"))
    graph.add((URIRef("urn:x"), URIRef("urn:on"), month))
    graph.add((URIRef("urn:on"), RDFS.subPropertyOf, URIRef("urn:when")))
    inference = infer_owlrl(dataset)
    assert (URIRef("urn:x"), URIRef("urn:when"), month) in inference.triples
    assert dict(_toPythonMapping) == before
    made = Literal("2022-01", datatype=XSD.gYearMonth)
    assert (made.value, made.ill_typed) == (None, None)
