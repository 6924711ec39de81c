"""Exports: six syntaxes, scopes, determinism, round trips, the shipped context, VoID/DCAT."""

from __future__ import annotations

import json
import os
from collections import Counter
from dataclasses import replace
import subprocess
import sys

import pytest
from rdflib import Graph
from rdflib.compare import isomorphic
from rdflib.namespace import DCAT, VOID

from csto_kg.web.dataset_description import describe_dataset, dataset_iri
from csto_kg.store.exports import FORMATS, SCOPES, export, parse_export, selected_quads
from csto_kg.web.jsonld_context import bundled_ontology_graph, context_text
from csto_kg.inputs.safety import CONTEXT_FILE
from csto_kg.namespaces import INFERRED_GRAPH

from conftest import FIXTURE_ARGS, ROOT, run_cli


def _graphs(quads):
    by_name = {}
    for s, p, o, g in quads:
        by_name.setdefault(g, Graph()).add((s, p, o))
    return by_name


@pytest.mark.parametrize("fmt", sorted(FORMATS))
@pytest.mark.parametrize("scope", SCOPES)
def test_every_export_parses_back_isomorphic(fixture_kg, fmt, scope):
    quads = selected_quads(fixture_kg.dataset, scope=scope)
    back = parse_export(export(fixture_kg.dataset, fmt=fmt, scope=scope), fmt=fmt)
    expected_union = Graph()
    for s, p, o, _ in quads:
        expected_union.add((s, p, o))
    got_union = Graph()
    for s, p, o, _ in back.quads((None, None, None, None)):
        got_union.add((s, p, o))
    assert isomorphic(got_union, expected_union)
    if FORMATS[fmt].quads:  # named graphs kept, each isomorphic
        expected = _graphs(quads)
        got = {g.identifier: g for g in back.graphs() if len(g)}
        assert set(got) == set(expected)
        for name, graph in expected.items():
            assert isomorphic(got[name], graph), name


def test_bundled_export_round_trips_with_named_graphs(bundled_kg):
    data = export(bundled_kg.dataset, fmt="trig", scope="all")
    back = parse_export(data, fmt="trig")
    names = {g.identifier for g in back.graphs() if len(g)}
    assert INFERRED_GRAPH in names and any("/graph/ontology/" in n for n in names)
    assert len(back) == len(bundled_kg.dataset)


def test_scopes_split_asserted_and_inferred(fixture_kg):
    asserted = selected_quads(fixture_kg.dataset, scope="asserted")
    inferred = selected_quads(fixture_kg.dataset, scope="inferred")
    assert inferred and all(q[3] == INFERRED_GRAPH for q in inferred)
    assert not any(q[3] == INFERRED_GRAPH for q in asserted)
    assert len(asserted) + len(inferred) == len(selected_quads(fixture_kg.dataset, scope="all"))


def test_exports_are_byte_identical_across_processes(tmp_path):
    """Fresh processes (other hash seeds, fresh blank-node ids, no cache) write the same bytes."""
    outputs = []
    for seed in ("1", "2"):
        env = dict(os.environ, PYTHONHASHSEED=seed, PYTHONPATH=str(ROOT))
        script = ("import sys, hashlib\n"
                  "from csto_kg import KnowledgeGraph\nfrom csto_kg.store.exports import export, FORMATS\n"
                  f"kg = KnowledgeGraph.load(ontology=[{str(FIXTURE_ARGS[1])!r}], data=[{str(FIXTURE_ARGS[3])!r}],"
                  " bundled_data=False, cache=False)\n"
                  "print(' '.join(hashlib.sha256(export(kg.dataset, fmt=f)).hexdigest() for f in FORMATS))\n")
        done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, env=env,
                              timeout=120)
        assert done.returncode == 0, done.stderr
        outputs.append(done.stdout)
    assert outputs[0] == outputs[1]


def test_cli_export_writes_atomically_and_deterministically(tmp_path):
    target = tmp_path / "out" / "kg.nq"
    first = run_cli("export", "--format", "nquads", "--asserted", "-o", str(target), *FIXTURE_ARGS)
    assert first.returncode == 0, first.stderr
    data = target.read_bytes()
    assert data and not list(target.parent.glob(".*.tmp"))
    again = run_cli("export", "--format", "nquads", "--asserted", *FIXTURE_ARGS)
    assert again.stdout.encode() == data
    bad = run_cli("export", "--format", "yaml", *FIXTURE_ARGS)
    assert bad.returncode == 2 and bad.stderr.startswith("Error: unknown export format 'yaml'")


def test_jsonld_uses_the_shipped_context(fixture_kg):
    document = json.loads(export(fixture_kg.dataset, fmt="jsonld"))
    shipped = json.loads(CONTEXT_FILE.read_text(encoding="utf-8"))["@context"]
    assert document["@context"] == shipped
    armenia = next(n for n in document["@graph"] if n.get("id") == "kg:Armenia")
    assert armenia["label"]["fr"] == "Arménie"


def test_shipped_context_is_generated_from_the_ontology():
    """csto_kg/web/context.jsonld is never edited by hand: it equals the generator's output."""
    assert CONTEXT_FILE.read_text(encoding="utf-8") == context_text(bundled_ontology_graph()), \
        "the ontology changed: regenerate with python -m csto_kg.web.jsonld_context"


def test_dataset_description_counts_come_from_the_graph(fixture_kg):
    graph = describe_dataset(fixture_kg.dataset, base="http://example.org/kg/")
    me = dataset_iri("http://example.org/kg/")
    assert int(graph.value(me, VOID.triples)) == len({q[:3] for q in fixture_kg.dataset.quads()})
    assert str(graph.value(me, VOID.sparqlEndpoint)) == "http://example.org/kg/sparql"
    types = {str(graph.value(d, DCAT.mediaType)).rsplit("media-types/", 1)[1]
             for d in graph.objects(me, DCAT.distribution)}
    assert types == {f.media_type for f in FORMATS.values()}


def test_oxigraph_counts_the_description_as_python_does():
    """Parsed quads, rdflib quads and a store give the same statistics: a triple in two graphs counted once (but in both
    subsets), blank nodes, a non-canonical lexical form, a literal as a type (no class), two
    ontologies with licences and dates, a kg: subject and a foreign one."""
    import pyoxigraph as ox
    from rdflib import RDF, BNode, Literal, URIRef
    from rdflib.namespace import DCTERMS, OWL, XSD

    from csto_kg.inputs.terms import TermConverter
    from csto_kg.namespaces import KG
    from csto_kg.store.statistics import statistics_of_oxigraph_quads, statistics_of_quads, statistics_of_store

    g1, g2, b = URIRef("http://x/g1"), URIRef("http://x/g2"), BNode("b")
    p, c = URIRef("http://x/p"), URIRef("http://x/C")
    quads = [(KG.A, RDF.type, c, g1), (KG.A, RDF.type, c, INFERRED_GRAPH), (KG.B, RDF.type, c, g2),
             (b, p, Literal("01", datatype=XSD.integer), g1), (b, p, Literal("1", datatype=XSD.integer), g2),
             (URIRef("http://x/other"), RDF.type, Literal("C"), g1), (KG.A, p, b, INFERRED_GRAPH)]
    for ontology, year in ((URIRef("http://x/o2"), "2024"), (URIRef("http://x/o1"), "2023")):
        quads += [(ontology, RDF.type, OWL.Ontology, g1), (ontology, DCTERMS.modified, Literal(year, datatype=XSD.gYear), g1),
                  (ontology, DCTERMS.license, URIRef(f"http://x/licence{year}"), g2)]
    store = ox.Store()
    to_ox = TermConverter().to_ox
    store.extend([ox.Quad(*(to_ox(t) for t in q)) for q in quads])
    in_python = statistics_of_quads(quads)
    assert statistics_of_oxigraph_quads([ox.Quad(*(to_ox(t) for t in q)) for q in quads]) == in_python
    assert (in_python.triples, in_python.entities, in_python.subjects, in_python.asserted, in_python.inferred) == (12, 2, 6, 11, 2)
    # a store keeps one "1"^^xsd:integer for "01" and "1": one triple and one object fewer
    assert statistics_of_store(store) == replace(in_python, triples=11, objects=in_python.objects - 1, asserted=10,
                                                 properties=in_python.properties - Counter({p: 1}))
    assert dict(in_python.classes) == {c: 2, OWL.Ontology: 2}
    assert in_python.header == {"license": [URIRef("http://x/licence2023"), URIRef("http://x/licence2024")],
                                "modified": [Literal("2023", datatype=XSD.gYear), Literal("2024", datatype=XSD.gYear)]}


def test_build_writes_void(tmp_path):
    done = run_cli("build", "--out", str(tmp_path), *FIXTURE_ARGS)
    assert (tmp_path / "void.ttl").is_file(), done.stderr
    graph = Graph().parse(tmp_path / "void.ttl")
    assert (dataset_iri(), None, None) in graph


def test_a_long_blank_node_chain_exports_the_same_bytes_whatever_its_labels():
    """3,000 links (rdflib's canonicalisation alone: minutes); two labellings, one set of bytes."""
    import random

    from rdflib import BNode, Dataset, Literal, URIRef

    def chain(seed: int) -> Dataset:
        nodes = [BNode() for _ in range(3000)]
        triples = ([(URIRef("http://x/head"), URIRef("http://x/next"), nodes[0])]
                   + [(a, URIRef("http://x/next"), b) for a, b in zip(nodes, nodes[1:])]
                   + [(nodes[-1], URIRef("http://x/value"), Literal("end"))])
        random.Random(seed).shuffle(triples)
        dataset = Dataset()
        graph = dataset.graph(URIRef("https://w3id.org/csto-kg/graph/data/chain.ttl"))
        for triple in triples:
            graph.add(triple)
        return dataset

    one, two = export(chain(1), fmt="nquads"), export(chain(2), fmt="nquads")
    assert one == two and one.count(b"\n") == 3001
    back = Dataset()
    back.parse(data=one, format="nquads")
    assert export(back, fmt="nquads") == one  # parsed back, the same graph (rdflib's isomorphic: minutes)


def test_the_sorted_closure_is_the_same_written_a_chunk_of_triples_at_a_time(monkeypatch, bundled_kg):
    """The closure's triples are written a chunk at a time: a triple repeated in two chunks (the
    same triple in several named graphs) is one line, and the bytes do not depend on the chunk size."""
    import pyoxigraph as ox

    from csto_kg.store import exports

    quads = bundled_kg._assembled.oxigraph_quads()
    whole = exports.sorted_ntriples_of_quads(quads, encoding="utf-8")
    g, h = ox.NamedNode("http://x/g"), ox.NamedNode("http://x/h")
    a, p = ox.NamedNode("http://x/a"), ox.NamedNode("http://x/p")
    repeated = [ox.Quad(a, p, ox.Literal("1"), g), ox.Quad(a, p, a, g), ox.Quad(a, p, ox.Literal("1"), h)]
    monkeypatch.setattr(exports, "_CHUNK", 2)
    assert exports.sorted_ntriples_of_quads(quads, encoding="utf-8") == whole
    assert exports.sorted_ntriples_of_quads(repeated) == '<http://x/a> <http://x/p> "1" .\n<http://x/a> <http://x/p> <http://x/a> .\n'
    assert exports.sorted_ntriples_of_quads([]) == ""
