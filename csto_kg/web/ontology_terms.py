"""The classes and properties the loaded ontology declares, with their labels: the query UI's autocompletion.

Only the ontology's named graphs (``<graph>ontology/...``) are read, so the list is what
the ontology files declare (csto terms and the W3C ORG, OWL-Time, PROV terms they
declare), not every type the data happens to use. The browser gets it inside the page,
so YASQE never asks a remote vocabulary service (LOV) for suggestions.
"""

from __future__ import annotations

from rdflib import Dataset, URIRef
from rdflib.namespace import OWL, RDF, RDFS

from csto_kg.namespaces import GRAPH
from csto_kg.query.render import Labeler

CLASS_TYPES = (OWL.Class, RDFS.Class)
PROPERTY_TYPES = (RDF.Property, OWL.ObjectProperty, OWL.DatatypeProperty, OWL.AnnotationProperty)


def ontology_terms(dataset: Dataset, *, lang: str = "en") -> dict[str, list[dict[str, str]]]:
    """``{"classes": [{"iri", "label"}...], "properties": [...]}``, each sorted by IRI, labels in ``lang``.

    >>> from csto_kg.inputs.fixtures import FIXTURE_ONTOLOGY
    >>> from csto_kg.namespaces import ontology_graph_name
    >>> ds = Dataset(default_union=True)
    >>> _ = ds.graph(ontology_graph_name("core.ttl")).parse(FIXTURE_ONTOLOGY / "core.ttl")
    >>> _ = ds.graph(URIRef("urn:data")).parse(data="<urn:x> a <urn:NotInTheOntology> .", format="turtle")
    >>> terms = ontology_terms(ds, lang="fr")
    >>> [t for t in terms["classes"] if t["iri"].endswith("#State")]
    [{'iri': 'https://w3id.org/csto-kg/ontology#State', 'label': 'État'}]
    >>> [t for t in terms["properties"] if t["iri"].endswith("#member")]  # no label: the CURIE
    [{'iri': 'https://w3id.org/csto-kg/ontology#member', 'label': 'csto:member'}]
    >>> len(terms["classes"]), len(terms["properties"])
    (6, 8)
    >>> [t for t in terms["classes"] if not t["iri"].startswith("https://w3id.org/csto-kg/ontology#")]
    []
    """
    ontology = [dataset.graph(c.identifier) for c in dataset.graphs()
                if str(c.identifier).startswith(GRAPH + "ontology/")]
    label = Labeler(dataset, lang=lang)

    def declared(types) -> list[dict[str, str]]:
        found = {s for graph in ontology for kind in types for s in graph.subjects(RDF.type, kind)
                 if isinstance(s, URIRef)}
        return [{"iri": str(iri), "label": label(iri)} for iri in sorted(found)]

    return {"classes": declared(CLASS_TYPES), "properties": declared(PROPERTY_TYPES)}
