"""The dataset description (VoID and DCAT), computed from the graph itself.

Title, description and license come from the ontology header; counts
(triples, entities, classes, properties, per-class and per-property
partitions, asserted and inferred subsets) are counted in the dataset;
distributions name the export files served under ``<base>download/`` with
their media types, and the SPARQL endpoint is ``<base>sparql``.
"""

from __future__ import annotations

import hashlib

from rdflib import RDF, BNode, Dataset, Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCAT, DCTERMS, FOAF, VOID, XSD

from csto_kg.store.exports import FORMATS, selected_quads, sorted_quads
from csto_kg.namespaces import BASE, CSTO, KG, bind_prefixes
from csto_kg.store.statistics import DatasetStatistics, statistics_of_quads

IANA = Namespace("https://www.iana.org/assignments/media-types/")
SD = Namespace("http://www.w3.org/ns/sparql-service-description#")
ONTOLOGY_IRI = URIRef(BASE + "ontology")
TITLE = "csto-kg: a knowledge graph of the Collective Security Treaty Organization"
DESCRIPTION = ("The member and observer states, bodies, treaties, memberships over time, "
               "office holders and interventions of the Collective Security Treaty Organization "
               "(CSTO), each statement with the quoted source passage it comes from; asserted "
               "triples plus their OWL RL inferences.")


def dataset_iri(base: str = BASE) -> URIRef:
    """The IRI of the dataset description under ``base``.

    >>> dataset_iri("https://example.org/kg/")
    rdflib.term.URIRef('https://example.org/kg/dataset')
    """
    return URIRef(base + "dataset")


def download_path(fmt: str, *, scope: str = "all") -> str:
    """Path (under the base) of an export file.

    >>> download_path("turtle")
    'download/csto-kg-all.ttl'
    """
    return f"download/csto-kg-{scope}.{FORMATS[fmt].suffix}"


def describe_dataset(dataset: Dataset | None, *, base: str = BASE, quads: list | None = None,
                     statistics: DatasetStatistics | None = None) -> Graph:
    """VoID + DCAT description of ``dataset`` as a graph; of ``quads`` instead when given (rdflib
    ``(s, p, o, graph name)``, :meth:`csto_kg.api.KnowledgeGraph.quads`: no Dataset is built), or
    from ``statistics`` already counted (:meth:`csto_kg.api.KnowledgeGraph.statistics`).

    >>> from csto_kg.api import _fixture_kg
    >>> g = describe_dataset(_fixture_kg().dataset)
    >>> int(g.value(dataset_iri(), VOID.triples)) == len(_fixture_kg().dataset)
    True
    >>> from rdflib.compare import isomorphic
    >>> isomorphic(describe_dataset(None, quads=_fixture_kg().quads()), g)
    True
    >>> isomorphic(describe_dataset(None, statistics=_fixture_kg().statistics()), g)
    True
    """
    if statistics is None:
        statistics = statistics_of_quads(selected_quads(dataset, scope="all") if quads is None else quads)
    graph = Graph()
    bind_prefixes(graph.namespace_manager)
    for prefix, ns in (("void", VOID), ("dcat", DCAT), ("sd", SD)):
        graph.bind(prefix, ns)
    me = dataset_iri(base)
    endpoint = URIRef(base + "sparql")
    header = statistics.header

    graph.add((me, RDF.type, VOID.Dataset))
    graph.add((me, RDF.type, DCAT.Dataset))
    graph.add((me, DCTERMS.title, Literal(TITLE, lang="en")))
    graph.add((me, DCTERMS.description, Literal(DESCRIPTION, lang="en")))
    for license_iri in header.get("license", []):
        graph.add((me, DCTERMS.license, license_iri))
    for modified in header.get("modified", []):
        graph.add((me, DCTERMS.modified, modified))
    graph.add((me, FOAF.homepage, URIRef(base)))
    graph.add((me, VOID.uriSpace, Literal(str(KG))))
    graph.add((me, VOID.vocabulary, URIRef(str(CSTO))))
    graph.add((me, VOID.sparqlEndpoint, endpoint))
    graph.add((me, VOID.exampleResource, KG.CSTO))

    classes, properties = statistics.classes, statistics.properties
    graph.add((me, VOID.triples, _int(statistics.triples)))
    graph.add((me, VOID.entities, _int(statistics.entities)))
    graph.add((me, VOID.distinctSubjects, _int(statistics.subjects)))
    graph.add((me, VOID.distinctObjects, _int(statistics.objects)))
    graph.add((me, VOID.classes, _int(len(classes))))
    graph.add((me, VOID.properties, _int(len(properties))))
    for cls in sorted(classes):
        part = _partition("class", cls)
        graph.add((me, VOID.classPartition, part))
        graph.add((part, VOID["class"], cls))
        graph.add((part, VOID.entities, _int(classes[cls])))
    for prop in sorted(properties):
        part = _partition("property", prop)
        graph.add((me, VOID.propertyPartition, part))
        graph.add((part, VOID.property, prop))
        graph.add((part, VOID.triples, _int(properties[prop])))
    for scope in ("asserted", "inferred"):
        subset = URIRef(f"{me}/{scope}")
        graph.add((me, VOID.subset, subset))
        graph.add((subset, RDF.type, VOID.Dataset))
        graph.add((subset, VOID.triples, _int(getattr(statistics, scope))))
        graph.add((subset, DCTERMS.title, Literal(f"{scope} triples", lang="en")))

    service = URIRef(base + "sparql#service")
    graph.add((me, DCAT.accessService, service))
    graph.add((service, RDF.type, DCAT.DataService))
    graph.add((service, DCAT.endpointURL, endpoint))
    graph.add((service, DCAT.servesDataset, me))
    graph.add((service, DCTERMS.conformsTo, URIRef("https://www.w3.org/TR/sparql11-protocol/")))
    for name, spec in FORMATS.items():
        dist = URIRef(base + download_path(name))
        graph.add((me, DCAT.distribution, dist))
        graph.add((me, VOID.dataDump, dist))
        graph.add((dist, RDF.type, DCAT.Distribution))
        graph.add((dist, DCAT.downloadURL, dist))
        graph.add((dist, DCAT.mediaType, IANA[spec.media_type]))
        graph.add((dist, DCTERMS.title, Literal(f"all triples ({name})", lang="en")))
        for license_iri in header.get("license", []):
            graph.add((dist, DCTERMS.license, license_iri))
    return graph


def description_turtle(dataset: Dataset | None, *, base: str = BASE, quads: list | None = None,
                       statistics: DatasetStatistics | None = None) -> bytes:
    """The description as deterministic Turtle (what ``build`` writes as ``void.ttl``), of
    ``dataset``, of ``quads`` or from ``statistics`` (see :func:`describe_dataset`).

    Its blank nodes (the partitions) are named after what they partition by, so they need
    no canonical relabelling (which costs seconds on a description of this shape).
    """
    import pyoxigraph as ox

    from csto_kg.inputs.terms import TermConverter

    graph = describe_dataset(dataset, base=base, quads=quads, statistics=statistics)
    to_ox = TermConverter().to_ox
    ordered = sorted(sorted_quads([(*t, None) for t in graph]), key=lambda q: isinstance(q[0], BNode))  # named first
    iris = {str(t) for q in ordered for t in q[:3] if isinstance(t, URIRef)} | {str(q[2].datatype) for q in ordered
                                                                            if isinstance(q[2], Literal) and q[2].datatype}
    used = {prefix: str(ns) for prefix, ns in sorted(graph.namespaces()) if any(i.startswith(str(ns)) for i in iris)}
    return ox.serialize([ox.Triple(to_ox(s), to_ox(p), to_ox(o)) for s, p, o, _ in ordered],
                        format=ox.RdfFormat.TURTLE, prefixes=used)  # Oxigraph's writer: 17 ms here, rdflib's 30-50 ms


def _partition(kind: str, term) -> BNode:
    """The blank node of the class or property partition of ``term``: the same label every time.

    >>> _partition("class", URIRef("http://x/C")) == _partition("class", URIRef("http://x/C"))
    True
    """
    return BNode(f"{kind}{hashlib.sha256(str(term).encode()).hexdigest()[:24]}")


def _int(value: int) -> Literal:
    return Literal(value, datatype=XSD.integer)
