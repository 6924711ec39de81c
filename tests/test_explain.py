"""Issue 14: csto-kg explain, why the graph says so, from an inferred triple down to the line
of the source article.

The proofs of tests/fixtures/explain (one axiom per OWL 2 RL rule family) and of one
membership of the bundled data are checked against answers worked out by hand: the rule
of each step, its premises, the file, line and column of each asserted triple (the column
of its object) and the passages with their quotes.
"""

from __future__ import annotations

import json
import re
import time

import pytest
from rdflib import BNode, Graph, Literal, Namespace, URIRef
from rdflib.namespace import OWL, RDF, RDFS, XSD

from conftest import FIXTURE_ARGS, INCONSISTENT, ROOT
from csto_kg.cli import main
from csto_kg.namespaces import CSTO, KG
from csto_kg.query.explain import NotEntailed, triple_text
from csto_kg.query.explain_render import TermNames, render_text
from csto_kg.query.proof_search import RULES, Closure, ProofSearch, SearchTimeout

X = Namespace("http://example.org/")
PROV = Namespace("http://www.w3.org/ns/prov#")
EXPLAIN = ROOT / "tests" / "fixtures" / "explain"


@pytest.fixture(scope="module")
def explain_kg():
    from csto_kg import KnowledgeGraph

    return KnowledgeGraph.load(ontology=[EXPLAIN / "ontology.ttl"], data=[EXPLAIN / "data.ttl"],
                               bundled_data=False, cache=False)


def outline(proof, depth: int = 0) -> list[str]:
    """A proof as indented lines: the triple (``:name`` for example.org, ``_:b`` for blank
    nodes), then the rule, or ``asserted`` and where (file name:line:column)."""
    how = proof.rule or "asserted " + ", ".join(str(place).rsplit("/", 1)[-1] for place in proof.located)
    text = re.sub(r"<http://example\.org/([^>]*)>", r":\1", triple_text(proof.triple))
    lines = ["  " * depth + f"{re.sub(r'_:[A-Za-z0-9]+', '_:b', text)}  [{how}]"]
    for premise in proof.premises:
        lines += outline(premise, depth + 1)
    return lines


# -- each rule family, against the hand-worked answer ------------------------------------

ANSWERS = {
    "prp-dom": ((X.m1, RDF.type, X.Membership), """
:m1 rdf:type :Membership  [prp-dom]
  :member rdfs:domain :Membership  [asserted ontology.ttl:6:21]
  :m1 :member :Armenia  [asserted data.ttl:5:13]"""),
    "prp-rng": ((X.Armenia, RDF.type, X.State), """
:Armenia rdf:type :State  [prp-rng]
  :member rdfs:range :State  [asserted ontology.ttl:6:46]
  :m1 :member :Armenia  [asserted data.ttl:5:13]"""),
    "prp-inv1": ((X.m3, X.member, X.Turkey), """
:m3 :member :Turkey  [prp-inv1]
  :hasMembership owl:inverseOf :member  [asserted ontology.ttl:7:30]
  :Turkey :hasMembership :m3  [asserted data.ttl:7:24]"""),
    "prp-inv2": ((X.Armenia, X.hasMembership, X.m1), """
:Armenia :hasMembership :m1  [prp-inv2]
  :hasMembership owl:inverseOf :member  [asserted ontology.ttl:7:30]
  :m1 :member :Armenia  [asserted data.ttl:5:13]"""),
    "prp-spo1": ((X.m2, X.member, X.Russia), """
:m2 :member :Russia  [prp-spo1]
  :founder rdfs:subPropertyOf :member  [asserted ontology.ttl:8:29]
  :m2 :founder :Russia  [asserted data.ttl:6:14]"""),
    "prp-spo2": ((X.Armenia, X.memberOf, X.CSTO), """
:Armenia :memberOf :CSTO  [prp-spo2]
  :memberOf owl:propertyChainAxiom _:b  [asserted ontology.ttl:9:34]
  :Armenia :hasMembership :m1  [prp-inv2]
    :hasMembership owl:inverseOf :member  [asserted ontology.ttl:7:30]
    :m1 :member :Armenia  [asserted data.ttl:5:13]
  :m1 :organization :CSTO  [asserted data.ttl:5:38]"""),
    "prp-trp": ((X.Yerevan, X.partOf, X.Caucasus), """
:Yerevan :partOf :Caucasus  [prp-trp]
  :partOf rdf:type owl:TransitiveProperty  [asserted ontology.ttl:10:11]
  :Yerevan :partOf :Armenia  [asserted data.ttl:8:18]
  :Armenia :partOf :Caucasus  [asserted data.ttl:9:18]"""),
    "prp-symp": ((X.Georgia, X.neighbour, X.Armenia), """
:Georgia :neighbour :Armenia  [prp-symp]
  :neighbour rdf:type owl:SymmetricProperty  [asserted ontology.ttl:11:14]
  :Armenia :neighbour :Georgia  [asserted data.ttl:9:41]"""),
    "prp-eqp1": ((X.x, X.partner, X.y), """
:x :partner :y  [prp-eqp1]
  :ally owl:equivalentProperty :partner  [asserted ontology.ttl:12:30]
  :x :ally :y  [asserted data.ttl:10:10]"""),
    "prp-eqp2": ((X.p, X.ally, X.q), """
:p :ally :q  [prp-eqp2]
  :ally owl:equivalentProperty :partner  [asserted ontology.ttl:12:30]
  :p :partner :q  [asserted data.ttl:11:13]"""),
    "prp-fp": ((X.Kyiv, OWL.sameAs, X.Kiev), """
:Kyiv owl:sameAs :Kiev  [prp-fp]
  :headquarters rdf:type owl:FunctionalProperty  [asserted ontology.ttl:13:17]
  :GUAM :headquarters :Kyiv  [asserted data.ttl:19:21]
  :GUAM :headquarters :Kiev  [asserted data.ttl:19:29]"""),
    "cax-sco": ((X.Council, RDF.type, X.Unit), """
:Council rdf:type :Unit  [cax-sco]
  :Organ rdfs:subClassOf :Unit  [asserted ontology.ttl:16:24]
  :Council rdf:type :Organ  [asserted data.ttl:14:12]"""),
    "cax-eqc1": ((X.Kazakhstan, RDF.type, X.State), """
:Kazakhstan rdf:type :State  [cax-eqc1]
  :Country owl:equivalentClass :State  [asserted ontology.ttl:18:30]
  :Kazakhstan rdf:type :Country  [asserted data.ttl:18:15]"""),
    "cax-eqc2": ((X.Armenia, RDF.type, X.Country), """
:Armenia rdf:type :Country  [cax-eqc2]
  :Country owl:equivalentClass :State  [asserted ontology.ttl:18:30]
  :Armenia rdf:type :State  [prp-rng]
    :member rdfs:range :State  [asserted ontology.ttl:6:46]
    :m1 :member :Armenia  [asserted data.ttl:5:13]"""),
    "cls-int1": ((X.CSTO, RDF.type, X.Alliance), """
:CSTO rdf:type :Alliance  [cls-int1]
  :Alliance owl:intersectionOf _:b  [asserted ontology.ttl:19:30]
  :CSTO rdf:type :Organization  [asserted data.ttl:12:9]
  :CSTO rdf:type :Military  [asserted data.ttl:12:25]"""),
    "cls-int2": ((X.NATO, RDF.type, X.Organization), """
:NATO rdf:type :Organization  [cls-int2]
  :Alliance owl:intersectionOf _:b  [asserted ontology.ttl:19:30]
  :NATO rdf:type :Alliance  [asserted data.ttl:13:9]"""),
    "cls-uni": ((X.Council, RDF.type, X.Body), """
:Council rdf:type :Body  [cls-uni]
  :Body owl:unionOf _:b  [asserted ontology.ttl:20:19]
  :Council rdf:type :Organ  [asserted data.ttl:14:12]"""),
    "cls-hv1": ((X.Iran, X.role, X.observer), """
:Iran :role :observer  [cls-hv1]
  _:b owl:hasValue :observer  [asserted ontology.ttl:21:69]
  _:b owl:onProperty :role  [asserted ontology.ttl:21:48]
  :Iran rdf:type _:b  [cax-eqc1]
    :Observer owl:equivalentClass _:b  [asserted ontology.ttl:21:31]
    :Iran rdf:type :Observer  [asserted data.ttl:16:9]"""),
    "cls-hv2": ((X.Serbia, RDF.type, X.Observer), """
:Serbia rdf:type :Observer  [cax-eqc2]
  :Observer owl:equivalentClass _:b  [asserted ontology.ttl:21:31]
  :Serbia rdf:type _:b  [cls-hv2]
    _:b owl:hasValue :observer  [asserted ontology.ttl:21:69]
    _:b owl:onProperty :role  [asserted ontology.ttl:21:48]
    :Serbia :role :observer  [asserted data.ttl:15:15]"""),
    "cls-svf1": ((X.Armenia, RDF.type, X.MemberState), """
:Armenia rdf:type :MemberState  [cax-eqc2]
  :MemberState owl:equivalentClass _:b  [asserted ontology.ttl:22:34]
  :Armenia rdf:type _:b  [cls-svf1]
    _:b owl:someValuesFrom :Membership  [asserted ontology.ttl:22:87]
    _:b owl:onProperty :hasMembership  [asserted ontology.ttl:22:51]
    :Armenia :hasMembership :m1  [prp-inv2]
      :hasMembership owl:inverseOf :member  [asserted ontology.ttl:7:30]
      :m1 :member :Armenia  [asserted data.ttl:5:13]
    :m1 rdf:type :Membership  [prp-dom]
      :member rdfs:domain :Membership  [asserted ontology.ttl:6:21]
      :m1 :member :Armenia  [asserted data.ttl:5:13]"""),
    "cls-avf": ((X.Belarus, RDF.type, X.State), """
:Belarus rdf:type :State  [cls-avf]
  _:b owl:allValuesFrom :State  [asserted ontology.ttl:23:69]
  _:b owl:onProperty :party  [asserted ontology.ttl:23:42]
  :T1 rdf:type _:b  [cax-sco]
    :Treaty rdfs:subClassOf _:b  [asserted ontology.ttl:23:25]
    :T1 rdf:type :Treaty  [asserted data.ttl:17:7]
  :T1 :party :Belarus  [asserted data.ttl:17:24]"""),
    "scm-sco": ((X.State, RDFS.subClassOf, X.Actor), """
:State rdfs:subClassOf :Actor  [scm-sco]
  :State rdfs:subClassOf :Agent  [asserted ontology.ttl:14:24]
  :Agent rdfs:subClassOf :Actor  [asserted ontology.ttl:15:24]"""),
    "scm-dom1": ((X.member, RDFS.domain, X.Status), """
:member rdfs:domain :Status  [scm-dom1]
  :member rdfs:domain :Membership  [asserted ontology.ttl:6:21]
  :Membership rdfs:subClassOf :Status  [asserted ontology.ttl:17:29]"""),
    "eq-sym": ((X.NurSultan, OWL.sameAs, X.Astana), """
:NurSultan owl:sameAs :Astana  [eq-sym]
  :Astana owl:sameAs :NurSultan  [asserted data.ttl:20:20]"""),
    "eq-trans": ((X.Astana, OWL.sameAs, X.Akmola), """
:Astana owl:sameAs :Akmola  [eq-trans]
  :Astana owl:sameAs :NurSultan  [asserted data.ttl:20:20]
  :NurSultan owl:sameAs :Akmola  [asserted data.ttl:21:23]"""),
    "eq-rep-s": ((X.NurSultan, X.population, Literal(1)), """
:NurSultan :population "1"^^xsd:integer  [eq-rep-s]
  :Astana owl:sameAs :NurSultan  [asserted data.ttl:20:20]
  :Astana :population "1"^^xsd:integer  [asserted data.ttl:20:45]"""),
    "eq-rep-o": ((X.Kazakhstan, X.capital, X.NurSultan), """
:Kazakhstan :capital :NurSultan  [eq-rep-o]
  :Astana owl:sameAs :NurSultan  [asserted data.ttl:20:20]
  :Kazakhstan :capital :Astana  [asserted data.ttl:18:35]"""),
    "dt-type2": ((Literal(1), RDF.type, XSD.integer), """
"1"^^xsd:integer rdf:type xsd:integer  [dt-type2]"""),
    "owlrl-datatype-subsumption": ((Literal(1), RDF.type, XSD.decimal), """
"1"^^xsd:integer rdf:type xsd:decimal  [owlrl-datatype-subsumption]"""),
}


@pytest.mark.parametrize("family", sorted(ANSWERS))
def test_proof_of_each_rule_family(explain_kg, family):
    triple, answer = ANSWERS[family]
    assert "\n".join(outline(explain_kg.explain(*triple))) == answer.strip()


def test_every_rule_id_named_is_a_w3c_or_owlrl_rule():
    assert {rule for _triple, answer in ANSWERS.values() for rule in re.findall(r"\[([a-z0-9-]+)\]", answer)} \
        <= set(RULES)


def test_a_triple_the_graph_does_not_hold_is_not_entailed(explain_kg):
    with pytest.raises(NotEntailed, match=r"^<http://example.org/Armenia> rdf:type <http://example.org/Organ> "
                                          r"is not entailed by the graph$"):
        explain_kg.explain(X.Armenia, RDF.type, X.Organ)
    with pytest.raises(NotEntailed, match=r"is in the graph, but no proof of at most 2 levels was found"):
        explain_kg.explain(X.Armenia, RDF.type, X.MemberState, max_depth=2)


def test_alternatives_are_other_rule_instances_and_never_use_their_own_conclusion(explain_kg):
    proofs = explain_kg.explain_all(X.Armenia, RDF.type, X.Agent)
    assert [(p.rule, p.height) for p in proofs] == [("prp-rng", 2), ("cax-sco", 2), ("cax-sco", 3)]
    assert ["\n".join(outline(p)) for p in proofs][:2] == ["""
:Armenia rdf:type :Agent  [prp-rng]
  :member rdfs:range :Agent  [scm-rng1]
    :member rdfs:range :State  [asserted ontology.ttl:6:46]
    :State rdfs:subClassOf :Agent  [asserted ontology.ttl:14:24]
  :m1 :member :Armenia  [asserted data.ttl:5:13]""".strip(), """
:Armenia rdf:type :Agent  [cax-sco]
  :State rdfs:subClassOf :Agent  [asserted ontology.ttl:14:24]
  :Armenia rdf:type :State  [prp-rng]
    :member rdfs:range :State  [asserted ontology.ttl:6:46]
    :m1 :member :Armenia  [asserted data.ttl:5:13]""".strip()]
    goal = (X.Armenia, RDF.type, X.Agent)
    assert all(node.triple != goal for p in proofs for premise in p.premises for node in premise.walk())
    assert len(explain_kg.explain_all(*goal, limit=1)) == 1


def test_the_search_stops_at_its_deadline(explain_kg):
    search = ProofSearch(Closure(explain_kg.dataset), deadline=time.monotonic() - 1, timeout=0.5)
    with pytest.raises(SearchTimeout) as stopped:
        search.shortest((X.Armenia, RDF.type, X.MemberState))
    assert stopped.value.seconds == 0.5


# -- the bundled data: a membership, down to the passages -----------------------------------

SERBIA = """
kg:Serbia csto:memberOf kg:CSTO-ParliamentaryAssembly  [prp-spo2]
  csto:memberOf owl:propertyChainAxiom _:b  [asserted csto.ttl:471:28]
  kg:Serbia csto:hasMembership kg:m-PA-Serbia  [prp-inv1]
    csto:member owl:inverseOf csto:hasMembership  [asserted csto.ttl:445:19]
    kg:m-PA-Serbia csto:member kg:Serbia  [asserted memberships.ttl:84:48]
  kg:m-PA-Serbia csto:organization kg:CSTO-ParliamentaryAssembly  [asserted memberships.ttl:84:78]"""
OBS_SERBIA = "États observateurs à l'assemblée parlementaire - Serbie (hors CEI) (2013)"
X_PA = ("Observers in the CSTO Parliamentary Assembly | the parliaments of Serbia and Afghanistan, from 2013 | "
        "tass.com/politics/1545551")


def test_a_membership_inference_down_to_the_lines_and_passages(bundled_kg):
    proof = bundled_kg.explain("Serbie", "csto:memberOf", "kg:CSTO-ParliamentaryAssembly")
    assert "\n".join(outline(proof)) == SERBIA.strip()
    leaves = [node for node in proof.walk() if node.asserted]
    assert [str(place) for node in leaves for place in node.located] == [
        "ontology/csto.ttl:471:28", "ontology/csto.ttl:445:19", "data/memberships.ttl:84:48",
        "data/memberships.ttl:84:78"]
    assert [[(p.iri.rsplit("/", 1)[-1], p.quote) for p in node.passages] for node in leaves] == [
        [], [], [("obs-Serbia", OBS_SERBIA), ("x-pa-observers", X_PA)],
        [("obs-Serbia", OBS_SERBIA), ("x-pa-observers", X_PA)]]


def test_a_fact_on_an_entity_has_the_passages_of_its_rdf_statement(bundled_kg):
    proof = bundled_kg.explain("kg:Serbia", "csto:notMemberOf", "kg:CIS")
    assert proof.asserted and [str(p) for p in proof.located] == ["data/states.ttl:35:22"]
    assert [(p.iri.rsplit("/", 1)[-1], p.quote) for p in proof.passages] == [("obs-Serbia", OBS_SERBIA)]


def test_the_text_tree_in_french_fits_in_100_columns(bundled_kg):
    proof = bundled_kg.explain("kg:Serbia", "csto:memberOf", "kg:CSTO-ParliamentaryAssembly")
    text = render_text(proof, TermNames(bundled_kg.labeler(lang="fr"), bundled_kg.dataset))
    lines = text.splitlines()
    assert max(len(line) for line in lines) <= 100
    assert lines[:8] == [
        "Serbie · membre de (à un moment) · Assemblée parlementaire de l'OTSC",
        "│  = kg:Serbia csto:memberOf kg:CSTO-ParliamentaryAssembly",
        "│  par prp-spo2 : chaîne de propriétés",
        "├─ membre de (à un moment) · owl:propertyChainAxiom · (a pour adhésion organisation)",
        "│     affirmé en ontology/csto.ttl:471:28",
        "├─ Serbie · a pour adhésion · Serbie dans l'Assemblée parlementaire de l'OTSC : observateur (depuis",
        "│  │    2013)",
        "│  │  par prp-inv1 : propriété inverse"]
    assert "│        passage kg:obs-Serbia : « États observateurs à l'assemblée parlementaire - Serbie (hors" \
        in lines


def test_every_inferred_triple_of_the_bundled_graph_has_a_proof(bundled_kg):
    search = ProofSearch(Closure(bundled_kg.dataset))
    inferred = list(bundled_kg.inferred())
    proofs = [search.shortest(triple) for triple in inferred]
    assert len(inferred) > 2000 and all(proofs)
    leaves = {node.triple for proof in proofs for node in _derivation_nodes(proof) if node.asserted}
    closure = Closure(bundled_kg.dataset)
    assert all(closure.asserted(triple) for triple in leaves)
    assert {node.rule for proof in proofs for node in _derivation_nodes(proof) if not node.asserted} <= set(RULES)


def _derivation_nodes(derivation):
    yield derivation
    for premise in derivation.premises:
        yield from _derivation_nodes(premise)


def test_every_inferred_triple_of_every_owlrl_rule_case_has_a_proof():
    """The small graphs on which tests/test_rl_rules.py checks each rule against owlrl."""
    from test_rl_rules import CASES

    from csto_kg.inputs.loading import new_dataset
    from csto_kg.namespaces import INFERRED_GRAPH
    from csto_kg.reasoning.fast import infer_rl
    from rl_oracle import parse

    unproved = {}
    for name, text in CASES.items():
        asserted = parse(text)
        inferred, _findings, _seconds = infer_rl(asserted)
        dataset = new_dataset()
        for triple in asserted:
            dataset.graph(URIRef("urn:x-test:asserted")).add(triple)
        for triple in inferred:
            dataset.graph(INFERRED_GRAPH).add(triple)
        search = ProofSearch(Closure(dataset))
        missing = [t for t in inferred if search.shortest(t) is None]
        if missing:
            unproved[name] = missing
    assert unproved == {}


# -- output formats -------------------------------------------------------------------

def test_json_has_the_shape_of_the_issue(bundled_kg):
    data = bundled_kg.explain("kg:Serbia", "csto:memberOf", "kg:CSTO-ParliamentaryAssembly").to_json()
    assert list(data) == ["triple", "asserted", "rule", "premises", "located", "passages"]
    assert data["triple"] == {"subject": str(KG.Serbia), "predicate": str(CSTO.memberOf),
                              "object": str(KG["CSTO-ParliamentaryAssembly"])}
    assert (data["asserted"], data["rule"], data["located"], data["passages"]) == (False, "prp-spo2", [], [])
    membership = data["premises"][1]["premises"][1]
    assert membership["located"] == [{"file": "data/memberships.ttl", "line": 84, "column": 48}]
    assert membership["passages"][0] == {"iri": str(KG["obs-Serbia"]), "quote": OBS_SERBIA}
    assert data["premises"][0]["triple"]["object"].startswith("_:")


def test_turtle_is_the_proof_in_prov(bundled_kg):
    from csto_kg.query.explain_render import render_turtle

    proof = bundled_kg.explain("kg:Serbia", "csto:memberOf", "kg:CSTO-ParliamentaryAssembly")
    graph = Graph().parse(data=render_turtle(proof, bundled_kg.dataset), format="turtle")
    activities = {str(graph.value(a, RDFS.label)): a for a in graph.subjects(RDF.type, PROV.Activity)}
    assert sorted(activities) == ["prp-inv1", "prp-spo2"]

    def triple_of(statement):
        return tuple(graph.value(statement, p) for p in (RDF.subject, RDF.predicate, RDF.object))

    chain = activities["prp-spo2"]
    (conclusion,) = graph.objects(chain, PROV.generated)
    assert triple_of(conclusion) == (KG.Serbia, CSTO.memberOf, KG["CSTO-ParliamentaryAssembly"])
    assert graph.value(conclusion, PROV.wasGeneratedBy) == chain
    used = sorted(str(triple_of(s)[1]).rsplit("#", 1)[-1] for s in graph.objects(chain, PROV.used))
    assert used == ["hasMembership", "organization", "propertyChainAxiom"]
    membership = next(s for s in graph.subjects(RDF.predicate, CSTO.member))
    assert set(graph.objects(membership, PROV.wasDerivedFrom)) == {KG["obs-Serbia"], KG["x-pa-observers"]}
    assert [str(graph.value(place, RDFS.label)) for place in graph.objects(membership, PROV.atLocation)] == [
        "data/memberships.ttl:84:48"]
    head = graph.value(next(s for s in graph.subjects(RDF.predicate, OWL.propertyChainAxiom)), RDF.object)
    assert isinstance(head, BNode) and graph.value(head, RDF.first) == CSTO.hasMembership


# -- the command line (in process, on the engine fixture) --------------------------------

def run(capsys, *args: str) -> tuple[int, str, str]:
    code = main([*FIXTURE_ARGS, *args])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_cli_not_entailed_is_exit_1(capsys):
    assert run(capsys, "explain", "Arménie", "a", "csto:Organization") == (
        1, "", "Error: kg:Armenia rdf:type csto:Organization is not entailed by the graph\n")


def test_cli_unknown_term_is_exit_2(capsys):
    code, out, err = run(capsys, "explain", "Atlantis", "a", "csto:State")
    assert (code, out, err) == (2, "", "Error: unknown entity 'Atlantis' for subject\n")
    code, out, err = run(capsys, "explain", "kg:Armenia", "csto:nope", "csto:State")
    assert (code, err) == (2, "Error: unknown entity 'csto:nope' for predicate\n")
    assert run(capsys, "explain", "kg:Armenia", "a") == (
        2, "", "Error: explain needs SUBJECT PREDICATE OBJECT (or --finding N), got 2 term(s); quote a label "
               "or literal that has spaces\n")
    assert run(capsys, "explain", "kg:Armenia", "a", "csto:State", "--format", "xml")[2] == \
        "Error: explain --format xml: use one of text, json, turtle\n"


def test_cli_formats_and_a_literal_object(capsys):
    code, out, err = run(capsys, "explain", "kg:CSTO", "csto:foundingDate", '"2002"^^xsd:gYear', "--format", "json")
    assert (code, err) == (0, "")
    data = json.loads(out)
    assert (data["asserted"], data["triple"]["object"]) == (True, '"2002"^^<http://www.w3.org/2001/XMLSchema#gYear>')
    assert data["located"][0]["file"].endswith("tests/fixtures/engine/data/members.ttl")
    assert data["located"][0]["line"] == 12
    code, out, err = run(capsys, "explain", "Arménie", "a", "csto:MemberState", "--lang", "fr")
    assert (code, err) == (0, "") and out.startswith("Arménie · rdf:type · csto:MemberState\n")
    assert "par cls-svf1 : restriction someValuesFrom" in out
    code, out, _err = run(capsys, "explain", "Arménie", "a", "csto:Agent", "--all")
    assert code == 0 and re.findall(r"^Proof \d of \d:$", out, re.M) == ["Proof 1 of 2:", "Proof 2 of 2:"]
    code, out, _err = run(capsys, "explain", "Arménie", "a", "csto:Agent", "--format", "turtle")
    assert code == 0 and len(list(Graph().parse(data=out, format="turtle").subjects(RDF.type, PROV.Activity))) == 1


def test_cli_explains_a_finding(capsys):
    code, _out, err = run(capsys, "--data", str(INCONSISTENT / "disjoint.ttl"), "check")
    assert code == 1 and "[axiom: csto:State owl:disjointWith csto:Organization] (why: csto-kg explain --finding 1)" \
        in err
    code, out, err = run(capsys, "--data", str(INCONSISTENT / "disjoint.ttl"), "explain", "--finding", "1")
    assert (code, err) == (0, "")
    assert re.sub(r"at \S*tests/fixtures/engine/", "at ", out) == """\
Finding 1: kg:Armenia is an instance of the disjoint classes csto:State and csto:Organization
axiom: csto:State owl:disjointWith csto:Organization
the axiom:
└─ State · owl:disjointWith · Organization
      asserted at ontology/core.ttl:12:22
the triples that clash:
├─ Armenia · rdf:type · State
│     asserted at data/members.ttl:17:14
└─ Armenia · rdf:type · Organization
      asserted at inconsistent/disjoint.ttl:4:14
"""
    code, out, err = run(capsys, "--data", str(INCONSISTENT / "disjoint.ttl"), "explain", "--finding", "2")
    assert (code, err) == (2, "Error: no finding 2: the graph has 1 finding (1 to 1); csto-kg check lists them\n")


def test_a_functional_clash_names_both_values(explain_kg):
    explanation = explain_kg.explain_finding(1)
    assert explanation.axiom == "http://example.org/headquarters a owl:FunctionalProperty"
    assert ["\n".join(outline(p)) for p in (*explanation.axiom_proofs, *explanation.clash)] == [
        ":headquarters rdf:type owl:FunctionalProperty  [asserted ontology.ttl:13:17]",
        ":GUAM :headquarters :Kiev  [asserted data.ttl:19:29]",
        ":GUAM :headquarters :Kyiv  [asserted data.ttl:19:21]"]
    assert explanation.to_json()["finding"] == 1


# -- the server's pages --------------------------------------------------------------

def test_an_inferred_fact_on_a_page_links_to_its_explanation(bundled_kg):
    from html import unescape
    from urllib.parse import urlsplit

    from csto_kg.web.explain_page import explain_answer
    from csto_kg.web.resource_pages import PageMaker

    pages = PageMaker(bundled_kg.dataset)
    html = pages.resource(KG.Serbia)
    links = [unescape(href) for href in re.findall(r'<a class="inferred" href="([^"]+)"', html)]
    member_of = [href for href in links if "memberOf" in href]
    assert len(member_of) == 1 and len(links) == html.count(">inferred</a>")
    answer = explain_answer(bundled_kg, urlsplit(member_of[0]).query, "text/html", pages=pages, timeout=10)
    assert answer.status == 200 and answer.media_type == "text/html; charset=utf-8"
    assert "<h1>Why: Serbia member of (at some time) CSTO Parliamentary Assembly</h1>" in answer.body
    assert "inferred by <code>prp-spo2</code>" in answer.body
    assert "<code>data/memberships.ttl:84:48</code>" in answer.body
    assert "<blockquote>États observateurs à l&#x27;assemblée parlementaire - Serbie (hors CEI) (2013)</blockquote>" \
        in answer.body
    data = json.loads(explain_answer(bundled_kg, urlsplit(member_of[0]).query, "application/json", pages=pages,
                                     timeout=10).body)
    assert data["rule"] == "prp-spo2"


def test_explain_route_errors(bundled_kg):
    from csto_kg.web.explain_page import explain_answer
    from csto_kg.web.resource_pages import PageMaker

    pages = PageMaker(bundled_kg.dataset)

    def ask(query, accept=None):
        answer = explain_answer(bundled_kg, query, accept, pages=pages, timeout=10)
        return answer.status, answer.body

    assert ask("s=kg:Serbia&p=csto:memberOf&o=kg:CSTO") == (
        404, "Error: kg:Serbia csto:memberOf kg:CSTO is not entailed by the graph\n")
    assert ask("s=Xyzzy&p=a&o=csto:State") == (404, "Error: unknown entity 'Xyzzy' for subject\n")
    assert ask("s=kg:Serbia&p=a")[0] == 400
    assert ask("s=kg:Serbia&p=a&o=csto:State", "image/png")[0] == 406
    assert ask("s=kg:Serbia&p=a&o=csto:State&format=xml")[0] == 400
