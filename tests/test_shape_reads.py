"""Which predicates the SHACL shapes read (csto_kg.validation.shape_reads), issue 12: the engine
is handed only those triples, and every case where that cannot be told hands it all of them."""

from __future__ import annotations

import shutil

import pytest
from rdflib import Graph, URIRef
from rdflib.namespace import RDF, RDFS, SH

from csto_kg import validate
from csto_kg.validation import shapes_file, shapes_graph
from csto_kg.validation.shape_reads import read_predicates, sparql_predicates

PREFIXES = "@prefix sh: <http://www.w3.org/ns/shacl#> . @prefix ex: <http://x/> . "
EX = {"ex": {"http://x/"}}
ALWAYS = {str(RDF.type), str(RDFS.subClassOf)}


def test_the_bundled_shapes_read_their_paths_targets_and_query_terms_and_no_label():
    shapes = shapes_graph(shapes_file(None))
    paths = {str(o) for o in shapes.objects(None, SH.path) if isinstance(o, URIRef)}
    targets = {str(o) for o in shapes.objects(None, SH.targetSubjectsOf)}
    time = "http://www.w3.org/2006/time#"
    queried = {time + name for name in ("Instant", "inXSDDate", "inXSDgYearMonth", "inXSDgYear")}
    assert read_predicates(shapes) == frozenset(paths | targets | queried | ALWAYS)
    assert paths and str(RDFS.label) not in read_predicates(shapes)


@pytest.mark.parametrize("shape, expected", [
    ("sh:targetClass ex:C ; sh:property [ sh:path ex:p ; sh:class ex:D ]", {"http://x/p"}),
    ("sh:property [ sh:path [ sh:inversePath ex:p ] ; sh:minCount 1 ]", {"http://x/p"}),
    ("sh:property [ sh:path [ sh:alternativePath ( ex:p [ sh:zeroOrMorePath ex:q ] ) ] ]",
     {"http://x/p", "http://x/q", str(RDF.nil)}),
    ("sh:property [ sh:path ( ex:p ex:q ) ; sh:node ex:T ]", {"http://x/p", "http://x/q", str(RDF.nil)}),
    ("sh:targetObjectsOf ex:t ; sh:property [ sh:path ex:p ; sh:lessThan ex:q ; sh:disjoint ex:r ]",
     {"http://x/t", "http://x/p", "http://x/q", "http://x/r"}),
    ("sh:closed false ; sh:property [ sh:path ex:p ; sh:in ( ex:a ex:b ) ]", {"http://x/p"}),
])
def test_a_shape_reads_what_its_paths_targets_and_pair_constraints_name(shape, expected):
    shapes = Graph().parse(data=PREFIXES + f"ex:S a sh:NodeShape ; {shape} .", format="turtle")
    assert read_predicates(shapes) == frozenset(expected | ALWAYS)


@pytest.mark.parametrize("shape", [
    "sh:closed true ; sh:property [ sh:path ex:p ]",  # reads every property of its focus nodes
    "sh:rule [ a sh:TripleRule ; sh:subject sh:this ; sh:predicate ex:p ; sh:object ex:o ]",
    "sh:property [ sh:path ex:p ; ex:parameterised ex:x ; sh:someFutureTerm 1 ]",
    "sh:sparql [ sh:select \"SELECT $this WHERE { $this ?p ?o }\" ]",
])
def test_what_cannot_be_told_hands_the_engine_every_triple(shape):
    shapes = Graph().parse(data=PREFIXES + f"ex:S a sh:NodeShape ; {shape} .", format="turtle")
    assert read_predicates(shapes) is None


@pytest.mark.parametrize("text, expected", [
    ("SELECT $this ?a ?b WHERE { $this ex:p ?a ; ex:q/ex:r ?b . FILTER(?a != ?b) }",
     {"http://x/p", "http://x/q", "http://x/r"}),
    ("SELECT $this WHERE { $this ^ex:p ?a . ?a a ex:C } GROUP BY $this ?a ORDER BY ?a ?b",
     {"http://x/p", "http://x/C"}),
    ("SELECT ?this WHERE { VALUES (?x ?y) { (1 2) (ex:a ex:b) } ?this ex:p ?x }",
     {"http://x/p"}),  # the VALUES block is not read (its terms are values, not predicates)
    ("PREFIX own: <http://own/> SELECT $this { $this own:p \"?p ?o # }\" . } # ?s ?p ?o",
     {"http://own/p"}),
    ("ASK { $this <http://x/p> ?v . { SELECT ?v ?w WHERE { ?v ex:q ?w } } FILTER(?v < ?w) }",
     {"http://x/p", "http://x/q"}),
    ("SELECT $this WHERE { $this ex:p \"1\"^^ex:t ; ex:q true }", {"http://x/p", "http://x/t", "http://x/q"}),
])
def test_a_query_names_its_predicates(text, expected):
    assert sparql_predicates(text, EX) == expected


@pytest.mark.parametrize("text", [
    "SELECT $this WHERE { $this ?p ?o }",
    "SELECT $this WHERE { $this ex:p ?a ; ?q ?b }",
    "SELECT $this WHERE { $this ex:p [ ?q ?b ] }",
    "SELECT $this WHERE { <http://x/a> ?p \"x\" }",
    "SELECT $this WHERE { $this ?p true }",
    "SELECT $this WHERE { $this ?p [ ex:q 1 ] }",
    "SELECT $this WHERE { FILTER NOT EXISTS { $this ?p ?o } }",
    "SELECT $this WHERE { $this !ex:p ?o }",
    "SELECT $this WHERE { $this !(ex:p|ex:q) ?o }",
    "SELECT $this WHERE { $this ex:p ?o . FILTER(?a<?b&&?c>?d) }",  # read as an IRI: not told
    "SELECT $this WHERE { $this unknown:p ?o }",
    "SELECT $this WHERE { $this <p> ?o }",
    "SELECT $this WHERE { SERVICE <http://x/sparql> { $this ex:p ?o } }",
    "DESCRIBE $this",
    # found by review: each gave other findings filtered than on the whole graph
    "SELECT $this WHERE { $this a ex:C } GROUP BY $this HAVING (NOT EXISTS { $this ex:q ?l })",
    "SELECT $this WHERE { $this ex:p\\.q ?o }",
    "SELECT $this WHERE { ex:a\\.b ?pred ?o }",
    "SELECT $this WHERE { ex:a\u00d7b ?pred ?o }",  # a character no name holds
    "SELECT $this WHERE { $this ex:a ?x FILTER(COALESCE(1<ex:c,true))[]ex:p[]FILTER(COALESCE(3>1,true)) }",
])
def test_a_query_whose_predicates_cannot_be_told(text):
    assert sparql_predicates(text, EX) is None


def test_a_prefix_the_query_does_not_declare_is_read_as_the_shapes_graph_binds_it():
    """The engine resolves such a prefix by the shapes graph's bindings (rdflib's defaults among
    them), not by another query's sh:declare."""
    shapes = Graph().parse(data=PREFIXES + """
        ex:A a sh:NodeShape ; sh:prefixes ex:D ; sh:targetNode ex:a ;
            sh:sparql [ sh:select "SELECT $this WHERE { $this schema:email ?e }" ] .
        ex:D sh:declare [ sh:prefix "schema" ; sh:namespace "http://schema.org/"^^<http://www.w3.org/2001/XMLSchema#anyURI> ] .
        ex:B a sh:NodeShape ; sh:targetNode ex:a ;
            sh:sparql [ sh:select "SELECT $this WHERE { $this schema:name ?n }" ] .""", format="turtle")
    reads = read_predicates(shapes)
    bound = dict(shapes.namespaces())["schema"]  # https://schema.org/, rdflib's default binding
    assert {"http://schema.org/email", "http://schema.org/name", f"{bound}name", f"{bound}email"} <= reads


CLOSED_SHAPES = """@prefix sh: <http://www.w3.org/ns/shacl#> .
@prefix csto: <https://w3id.org/csto-kg/ontology#> .
@prefix rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
csto:MembershipShape a sh:NodeShape ; sh:targetClass csto:Membership ; sh:closed true ;
    sh:ignoredProperties ( rdf:type ) ;
    sh:property [ sh:path csto:member ] , [ sh:path csto:organization ] , [ sh:path csto:memberDuring ] ,
        [ sh:path csto:membershipRole ] , [ sh:path rdfs:label ] .
"""


def test_a_closed_shape_sees_the_properties_no_shape_names(tmp_path):
    """End to end: a closed shape reads every property of a membership, so the engine is handed every
    triple and reports the ones no shape names; the same shape not closed reports nothing."""
    from conftest import DATA, ONTOLOGY, QUERIES

    ontology = tmp_path / "ontology"
    ontology.mkdir()
    shutil.copy(ONTOLOGY / "core.ttl", ontology / "core.ttl")
    (ontology / "shapes.ttl").write_text(CLOSED_SHAPES, encoding="utf-8")
    options = dict(ontology=[ontology], data=[DATA], bundled_data=False, queries=QUERIES, cache=False)
    closed = {(f.focus, f.rule.rsplit(" ", 1)[-1], f.line) for f in validate(**options).findings if f.code == "shacl"}
    # the fixture's memberships carry csto:start, csto:end and csto:role, which no shape names
    assert closed == {("kg:membership-armenia", "csto:start", 25), ("kg:membership-armenia", "csto:role", 25),
                      ("kg:membership-russia", "csto:start", 27), ("kg:membership-russia", "csto:role", 27),
                      ("kg:membership-uzbekistan", "csto:start", 29), ("kg:membership-uzbekistan", "csto:end", 29),
                      ("kg:membership-uzbekistan", "csto:role", 29)}
    (ontology / "shapes.ttl").write_text(CLOSED_SHAPES.replace("sh:closed true", "sh:closed false"), encoding="utf-8")
    assert [f for f in validate(**options).findings if f.code == "shacl"] == []
