"""IRIs and prefixes of csto-kg (fixed conventions shared with the data and queries)."""

from __future__ import annotations

from rdflib import Namespace, URIRef

BASE = "https://w3id.org/csto-kg/"
CSTO = Namespace(BASE + "ontology#")
KG = Namespace(BASE + "id/")
GRAPH = BASE + "graph/"
INFERRED_GRAPH = URIRef(GRAPH + "inferred")

RDF_NS = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
RDFS_NS = "http://www.w3.org/2000/01/rdf-schema#"
OWL_NS = "http://www.w3.org/2002/07/owl#"
XSD_NS = "http://www.w3.org/2001/XMLSchema#"

#: Prefixes known to entity lookup and used in output (CURIEs, Turtle).
PREFIXES: dict[str, str] = {
    "csto": str(CSTO),
    "kg": str(KG),
    "rdf": RDF_NS,
    "rdfs": RDFS_NS,
    "owl": OWL_NS,
    "xsd": XSD_NS,
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "org": "http://www.w3.org/ns/org#",
    "time": "http://www.w3.org/2006/time#",
    "prov": "http://www.w3.org/ns/prov#",
    "dcterms": "http://purl.org/dc/terms/",
    "schema": "https://schema.org/",
    "foaf": "http://xmlns.com/foaf/0.1/",
    "wd": "http://www.wikidata.org/entity/",
}

LABEL_PROPERTIES = (
    URIRef(RDFS_NS + "label"),
    URIRef(PREFIXES["skos"] + "prefLabel"),
    URIRef(PREFIXES["skos"] + "altLabel"),
)


def ontology_graph_name(file_name: str) -> URIRef:
    """Named graph of a bundled ontology file.

    >>> ontology_graph_name("core.ttl")
    rdflib.term.URIRef('https://w3id.org/csto-kg/graph/ontology/core.ttl')
    """
    return URIRef(f"{GRAPH}ontology/{file_name}")


def data_graph_name(relative_path: str) -> URIRef:
    """Named graph of a bundled data file, from its path relative to ``data/``.

    >>> data_graph_name("members/states.ttl")
    rdflib.term.URIRef('https://w3id.org/csto-kg/graph/data/members/states.ttl')
    """
    return URIRef(f"{GRAPH}data/{relative_path}")


def curie(iri: str) -> str | None:
    """The CURIE of ``iri`` with a known prefix (longest namespace wins), else None.

    >>> curie("https://w3id.org/csto-kg/id/CSTO")
    'kg:CSTO'
    >>> curie("http://example.org/x") is None
    True
    """
    best = None
    for prefix, ns in PREFIXES.items():
        if iri.startswith(ns) and (best is None or len(ns) > len(PREFIXES[best])):
            best = prefix
    if best is None:
        return None
    local = iri[len(PREFIXES[best]):]
    if not local or any(c in local for c in " /#?<>\"{}|^`\\"):
        return None
    return f"{best}:{local}"


def bind_prefixes(namespace_manager) -> None:
    """Bind the known prefixes on an rdflib namespace manager (replacing defaults)."""
    for prefix, ns in PREFIXES.items():
        namespace_manager.bind(prefix, ns, override=True, replace=True)
