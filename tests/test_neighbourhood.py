"""The graph view's data (csto_kg.web.neighbourhood): which terms are nodes, how links are folded and how
neighbours are ranked and cut, on a small hand-made dataset (asserted and inferred named graphs) and on
a small entity of the bundled graph."""

from __future__ import annotations

import pytest
from rdflib import RDF, BNode, Dataset, Literal, Namespace, URIRef
from rdflib.namespace import DCTERMS, OWL, PROV, RDFS, TIME

from csto_kg.namespaces import BASE, CSTO, INFERRED_GRAPH, KG
from csto_kg.web.neighbourhood import asked_limit, neighbourhood

SCHEMA = Namespace("https://schema.org/")
ASSERTED = URIRef(BASE + "graph/asserted")


@pytest.fixture(scope="module")
def small():
    """An organization with two member states, a treaty, a seat, two passages of one document, a date,
    a blank node, a literal and an external IRI; the inferred graph restates some links."""
    ds = Dataset(default_union=True)  # as the loader makes it: the default graph is the union
    asserted, inferred = ds.graph(ASSERTED), ds.graph(INFERRED_GRAPH)
    for triple in [(CSTO.headquarters, RDFS.subPropertyOf, SCHEMA.location),
                   (CSTO.mentions, RDFS.subPropertyOf, DCTERMS.references),
                   (CSTO.hasMember, OWL.inverseOf, CSTO.memberOf)]:
        asserted.add(triple)
    for node, cls, name in [(KG.Org, CSTO.Organization, "Org"), (KG.A, CSTO.State, "Alpha"),
                            (KG.B, CSTO.State, "Beta"), (KG.T, CSTO.Instrument, "Treaty"),
                            (KG.P1, CSTO.Passage, "passage 1"), (KG.P2, CSTO.Passage, "passage 2"),
                            (KG.Doc, CSTO.SourceDocument, "the document"), (KG.t2002, TIME.Instant, "2002")]:
        asserted.add((node, RDF.type, cls))
        asserted.add((node, RDFS.label, Literal(name, lang="en")))
    asserted.add((KG.City, RDFS.label, Literal("City", lang="en")))
    note = BNode()
    for triple in [(KG.Org, CSTO.headquarters, KG.City), (KG.Org, CSTO.hasMember, KG.A),
                   (KG.Org, CSTO.hasMember, KG.B), (KG.Org, CSTO.establishedBy, KG.T),
                   (KG.T, CSTO.party, KG.A), (KG.A, CSTO.borders, KG.B),
                   (KG.Org, PROV.wasDerivedFrom, KG.P1), (KG.P2, CSTO.mentions, KG.Org),
                   (KG.P2, CSTO.mentions, KG.A), (KG.P1, DCTERMS.isPartOf, KG.Doc),
                   (KG.P2, DCTERMS.isPartOf, KG.Doc), (KG.Org, CSTO.foundedOn, KG.t2002),
                   (KG.Org, CSTO.note, note), (note, RDFS.comment, Literal("a note")),
                   (KG.Org, CSTO.budget, Literal(12)),
                   (KG.Org, OWL.sameAs, URIRef("http://www.wikidata.org/entity/Q1"))]:
        asserted.add(triple)
    for triple in [(KG.Org, SCHEMA.location, KG.City), (KG.A, CSTO.memberOf, KG.Org),
                   (KG.B, CSTO.memberOf, KG.Org), (KG.P2, DCTERMS.references, KG.Org)]:
        inferred.add(triple)
    return ds


def short(view: dict) -> tuple[list, set]:
    """The view's nodes (local names, in order) and edges (source, property, target, inferred) in short."""
    name = lambda iri: iri.rsplit("/", 1)[1].rsplit("#", 1)[-1]  # noqa: E731
    return ([name(n["id"]) for n in view["nodes"]],
            {(name(e["source"]), name(e["property"]), name(e["target"]), e["inferred"]) for e in view["edges"]})


def test_only_entities_are_nodes_and_links_are_folded(small):
    view = neighbourhood(small, KG.Org)
    nodes, edges = short(view)
    # no passage, document, date, blank node, literal or external IRI; ranked by links with Org, then others
    assert nodes == ["Org", "A", "B", "T", "City"]
    assert edges == {("Org", "hasMember", "A", False), ("Org", "hasMember", "B", False),  # memberOf: its inverse
                     ("Org", "headquarters", "City", False),  # schema:location, its super-property, folded
                     ("Org", "establishedBy", "T", False), ("T", "party", "A", False), ("A", "borders", "B", False)}
    assert (view["total"], view["neighbours"], view["limit"], view["truncated"]) == (5, 4, 25, False)
    by_id = {n["id"].rsplit("/", 1)[1]: n for n in view["nodes"]}
    assert by_id["Org"] == {"id": str(KG.Org), "label": "Org", "href": "/id/Org", "center": True,
                            "kind": "organization", "links": 4, "passages": 2, "documents": 1}
    assert {k: (n["kind"], n["links"], n["passages"], n["documents"]) for k, n in by_id.items()} == {
        "Org": ("organization", 4, 2, 1), "A": ("state", 3, 1, 1), "B": ("state", 2, 0, 0),
        "T": ("treaty", 2, 0, 0), "City": ("other", 1, 0, 0)}


def test_a_smaller_limit_keeps_the_first_ranked_and_the_links_among_them(small):
    view = neighbourhood(small, KG.Org, limit=3)
    assert short(view) == (["Org", "A", "B"], {("Org", "hasMember", "A", False), ("Org", "hasMember", "B", False),
                                               ("A", "borders", "B", False)})
    assert (view["total"], view["limit"], view["truncated"]) == (5, 3, True)


def test_a_neighbour_page_sees_the_inverse_it_lacks_and_no_passage(small):
    # from Alpha: the asserted hasMember is kept rather than its inferred inverse memberOf
    view = neighbourhood(small, KG.A)
    assert short(view) == (["A", "Org", "B", "T"], {("Org", "hasMember", "A", False), ("A", "borders", "B", False),
                                                    ("T", "party", "A", False), ("Org", "hasMember", "B", False),
                                                    ("Org", "establishedBy", "T", False)})
    assert view["total"] == 4  # Org, B, T: the passage that mentions Alpha is counted, not drawn
    assert view["nodes"][0]["passages"] == 1


def test_a_passage_page_has_its_entities_but_not_its_document(small):
    assert short(neighbourhood(small, KG.P2)) == (["P2", "A", "Org"], {
        ("P2", "mentions", "A", False), ("P2", "mentions", "Org", False),  # dcterms:references folded
        ("Org", "hasMember", "A", False)})


def test_the_limit_asked_in_a_request():
    assert asked_limit(["1"]) == 1 and asked_limit(["500"]) == 500 and asked_limit([]) == 25
    for bad in ("501", "-3", "2.5", "ten", ""):
        with pytest.raises(ValueError, match="^limit must be a whole number from 1 to 500$"):
            asked_limit([bad])


def test_a_small_entity_of_the_bundled_graph(bundled_kg):
    view = neighbourhood(bundled_kg.dataset, KG.Khachaturov)
    nodes, edges = short(view)
    assert nodes == ["Khachaturov", "CSTO-SecretaryGeneral", "term-Khachaturov", "Armenia"]
    assert edges == {("Khachaturov", "heldPost", "CSTO-SecretaryGeneral", True),
                     ("term-Khachaturov", "holder", "Khachaturov", False),
                     ("Khachaturov", "nationality", "Armenia", False),
                     ("term-Khachaturov", "post", "CSTO-SecretaryGeneral", False)}
    assert [n["kind"] for n in view["nodes"]] == ["person", "other", "other", "state"]
    assert (view["total"], view["truncated"]) == (4, False)


def test_the_organization_is_cut_at_25_ranked_entities(bundled_kg):
    view = neighbourhood(bundled_kg.dataset, KG.CSTO)
    wider = neighbourhood(bundled_kg.dataset, KG.CSTO, limit=50)
    assert len(view["nodes"]) == 25 and view["truncated"] and view["total"] == wider["total"] > 50
    assert [n["id"] for n in wider["nodes"][:25]] == [n["id"] for n in view["nodes"]]  # "show more" adds, keeps
    types = {(URIRef(n["id"]), RDF.type, cls) for n in wider["nodes"] for cls in (CSTO.Passage, CSTO.SourceDocument)}
    assert not any(t in bundled_kg.dataset for t in types)
    assert len({(e["source"], e["property"], e["target"]) for e in wider["edges"]}) == len(wider["edges"])
