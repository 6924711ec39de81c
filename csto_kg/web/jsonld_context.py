"""The JSON-LD context of csto-kg, generated from the ontology.

Terms are the local names of the classes and properties the ontology
declares (csto first, then the other vocabularies in prefix order; a local
name already taken keeps its CURIE). Object properties are typed ``@id``;
labels, comments, titles and descriptions are language maps. The shipped
``csto_kg/web/context.jsonld`` is this function's output for the bundled
ontology (a test checks it); regenerate it with
``python -m csto_kg.web.jsonld_context``, never by hand.
"""

from __future__ import annotations

import json
import sys

from rdflib import OWL, RDF, RDFS, Graph, URIRef

from csto_kg.namespaces import PREFIXES, curie

LANGUAGE_MAPS = ("rdfs:label", "rdfs:comment", "skos:prefLabel", "skos:altLabel",
                 "skos:definition", "dcterms:title", "dcterms:description")
_PROPERTY_TYPES = (OWL.ObjectProperty, OWL.DatatypeProperty, OWL.AnnotationProperty,
                   RDF.Property, OWL.FunctionalProperty, OWL.SymmetricProperty,
                   OWL.TransitiveProperty, OWL.InverseFunctionalProperty)


def build_context(ontology: Graph) -> dict:
    """The context document (``{"@context": {...}}``) for an ontology graph.

    >>> from csto_kg.inputs.fixtures import FIXTURE_ONTOLOGY
    >>> g = Graph().parse(FIXTURE_ONTOLOGY / "core.ttl")
    >>> context = build_context(g)["@context"]
    >>> context["kg"], context["label"]
    ('https://w3id.org/csto-kg/id/', {'@id': 'rdfs:label', '@container': '@language'})
    """
    context: dict = dict(PREFIXES)
    context["id"] = "@id"
    context["type"] = "@type"
    order = list(PREFIXES)
    terms: list[tuple[int, str, str, dict | str]] = []
    for name in LANGUAGE_MAPS:
        terms.append((-1, name.split(":")[1], name, {"@id": name, "@container": "@language"}))
    classes = set(ontology.subjects(RDF.type, OWL.Class)) | set(ontology.subjects(RDF.type, RDFS.Class))
    properties = {s for t in _PROPERTY_TYPES for s in ontology.subjects(RDF.type, t)}
    for iri in sorted(classes | properties):
        if not isinstance(iri, URIRef):
            continue
        short = curie(str(iri))
        if short is None:
            continue
        prefix, local = short.split(":", 1)
        terms.append((order.index(prefix), local, short, short))
    taken = set(context)
    for _, local, short, definition in sorted(terms, key=lambda t: (t[0], t[1], t[2])):
        if local in taken:
            continue
        taken.add(local)
        context[local] = definition
    return {"@context": context}


def context_text(ontology: Graph) -> str:
    """The context as the text of ``context.jsonld`` (sorted keys order kept, 2-space indent)."""
    return json.dumps(build_context(ontology), ensure_ascii=False, indent=2) + "\n"


def bundled_ontology_graph() -> Graph:
    """The bundled ontology files parsed into one graph."""
    from csto_kg.inputs.files import discover
    from csto_kg.inputs.loading import parse_into

    graph = Graph()
    for input_file in discover(data=(), bundled_data=False):
        parse_into(graph, input_file)
    return graph


def main() -> int:  # pragma: no cover - maintenance entry point
    from csto_kg.atomicio import atomic_write
    from csto_kg.inputs.safety import CONTEXT_FILE

    atomic_write(CONTEXT_FILE, context_text(bundled_ontology_graph()))
    print(f"wrote {CONTEXT_FILE}", file=sys.stderr)
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
