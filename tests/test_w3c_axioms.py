"""Consistency with the published axioms of PROV-O, OWL-Time, ORG (and the SKOS axioms the
ontology repeats): tests/fixtures/w3c/published-axioms.ttl holds their domain, range,
sub-class, sub-property, inverse and disjointness axioms. Loaded next to the bundled
ontology and data, the closure must be consistent (no reasoning finding), and the csto
ontology must not redefine a W3C term: every axiom it states with a W3C term as subject
(labels, comments and the bare declarations aside) is one of the published ones.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import OWL, RDF, RDFS, Graph

ROOT = Path(__file__).resolve().parent.parent
W3C = ROOT / "tests" / "fixtures" / "w3c" / "published-axioms.ttl"
ONTOLOGY = ROOT / "ontology" / "csto.ttl"
NAMESPACES = ("http://www.w3.org/ns/prov#", "http://www.w3.org/2006/time#", "http://www.w3.org/ns/org#",
              "http://www.w3.org/2004/02/skos/core#")
DECLARATIONS = {OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty, OWL.AnnotationProperty}


def _load(*extra):
    from csto_kg import KnowledgeGraph

    return KnowledgeGraph.load(ontology=[ONTOLOGY, W3C, *extra], cache=False)


@pytest.fixture(scope="module")
def with_w3c():
    return _load()


def test_closure_with_the_published_axioms_is_consistent(with_w3c):
    findings = [f for f in with_w3c.reason().findings if f.severity == "error"]
    assert findings == [], "\n".join(f.message for f in findings[:5])


def test_events_are_entities_and_never_activities(with_w3c):
    assert with_w3c.sparql("ASK { ?e a csto:Event }").answer
    assert not with_w3c.sparql("ASK { ?x a prov:Activity }").answer
    assert not with_w3c.sparql("ASK { ?x prov:wasAssociatedWith ?y }").answer


def test_suspensions_stay_outside_org_membership_under_orgs_axioms(with_w3c):
    """ORG's domains (org:member, org:organization ... on org:Membership) do not make a
    suspension or a withdrawal a membership."""
    assert with_w3c.sparql("ASK { ?s a csto:SuspensionPeriod }").answer
    assert not with_w3c.sparql("ASK { ?s a org:Membership . { ?s a csto:SuspensionPeriod } UNION "
                               "{ ?s a csto:FormerMembership } }").answer


def test_the_old_prov_alignment_would_be_inconsistent(tmp_path):
    """The check has teeth: csto:actor under prov:wasAssociatedWith (domain prov:Activity)
    while events are prov:Entity makes the closure inconsistent."""
    extra = tmp_path / "old-alignment.ttl"
    extra.write_text("@prefix csto: <https://w3id.org/csto-kg/ontology#> .\n"
                     "@prefix prov: <http://www.w3.org/ns/prov#> .\n"
                     "@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .\n"
                     "csto:actor rdfs:subPropertyOf prov:wasAssociatedWith .\n", encoding="utf-8")
    findings = [f for f in _load(extra).reason().findings if f.severity == "error"]
    assert findings and any("Activity" in f.message or "Activity" in str(f.axiom) for f in findings)


def _axioms(graph: Graph) -> set:
    found = set()
    for s, p, o in graph:
        if not str(s).startswith(NAMESPACES) or p in (RDFS.label, RDFS.comment):
            continue
        if p == RDF.type and o in DECLARATIONS:
            continue
        found.add((s, p, o))
        if p == OWL.inverseOf:
            found.add((o, p, s))
    return found


def test_no_w3c_term_is_redefined():
    local = _axioms(Graph().parse(ONTOLOGY))
    published = _axioms(Graph().parse(W3C))
    extra = {(s, p, o) for s, p, o in local if (s, p, o) not in published
             and not (p == OWL.inverseOf and (o, p, s) in published)}
    assert extra == set(), sorted(extra)
    time = "http://www.w3.org/2006/time#"
    assert (RDFS.Resource, RDF.type, OWL.FunctionalProperty) not in local
    assert not any(str(s).startswith(time) and o == OWL.FunctionalProperty for s, _, o in local)
