"""The ontology's HTML documentation, generated with pyLODE from the loaded ontology graph.

pyLODE (3.3.4) is given the parsed graph, never a path or URL, so it reads
and fetches nothing; its output for the same graph is identical each time.
"""

from __future__ import annotations

import logging

from rdflib import Graph, Literal
from rdflib.namespace import DCTERMS, OWL, RDF


def ontology_html(ontology: Graph) -> str:
    """HTML documentation of an ontology graph (pyLODE's OntPub profile).

    >>> from csto_kg.inputs.fixtures import FIXTURE_ONTOLOGY
    >>> g = Graph().parse(FIXTURE_ONTOLOGY / "core.ttl")
    >>> "<html" in ontology_html(g)
    True
    """
    from pylode import OntPub

    graph = Graph()
    for prefix, namespace in ontology.namespace_manager.namespaces():
        graph.bind(prefix, namespace, override=True)
    for triple in sorted(ontology):
        graph.add(triple)
    for ontology_iri in set(graph.subjects(RDF.type, OWL.Ontology)):
        if graph.value(ontology_iri, DCTERMS.title) is None:  # pyLODE needs a title
            graph.add((ontology_iri, DCTERMS.title, Literal(str(ontology_iri))))
    previous = logging.root.level
    try:
        return OntPub(graph, sort_subjects=True).make_html()
    finally:
        logging.root.setLevel(previous)
