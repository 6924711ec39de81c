"""Counts of a reasoned dataset, as the VoID description gives them: distinct triples, subjects,
objects, entities (``kg:`` IRIs that are subjects), instances per class and triples per property,
the asserted and inferred subsets, and the ontology header's licences and modification dates.

Counted in Python over the parser's pyoxigraph quads (lexical forms as written) or over rdflib
quads, or by Oxigraph's SPARQL engine in a store (a few aggregate queries); each gives a
:class:`DatasetStatistics`.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from rdflib import RDF, URIRef
from rdflib.namespace import DCTERMS, OWL

from csto_kg.namespaces import INFERRED_GRAPH, KG


@dataclass(frozen=True)
class DatasetStatistics:
    """What the description counts; ``classes`` and ``properties`` map an IRI to its count,
    ``header`` maps ``license`` / ``modified`` to the ontologies' values (ontologies in IRI
    order, each one's values sorted)."""

    triples: int
    entities: int
    subjects: int
    objects: int
    asserted: int
    inferred: int
    classes: Counter = field(default_factory=Counter)
    properties: Counter = field(default_factory=Counter)
    header: dict = field(default_factory=dict)


def statistics_of_quads(quads) -> DatasetStatistics:
    """The counts of rdflib ``(s, p, o, graph name)`` quads (a triple in two graphs counts once).

    >>> from rdflib import Literal
    >>> a, p, g = URIRef(str(KG) + "A"), URIRef("http://x/p"), URIRef("http://x/g")
    >>> s = statistics_of_quads([(a, p, Literal(1), g), (a, p, Literal(1), INFERRED_GRAPH)])
    >>> s.triples, s.entities, s.asserted, s.inferred, dict(s.properties)
    (1, 1, 1, 1, {rdflib.term.URIRef('http://x/p'): 1})
    """
    quads = list(quads)
    triples = {q[:3] for q in quads}
    subjects = {s for s, _, _ in triples}
    kg = str(KG)
    return DatasetStatistics(
        triples=len(triples),
        entities=sum(1 for s in subjects if isinstance(s, URIRef) and s.startswith(kg)),
        subjects=len(subjects),
        objects=len({o for _, _, o in triples}),
        asserted=len({q[:3] for q in quads if q[3] != INFERRED_GRAPH}),
        inferred=len({q[:3] for q in quads if q[3] == INFERRED_GRAPH}),
        classes=Counter(o for s, p, o in triples if p == RDF.type and isinstance(o, URIRef)),
        properties=Counter(p for _, p, _ in triples),
        header=_header_of(triples))


def _header_of(triples: set) -> dict[str, list]:
    found: dict[str, list] = {}
    for ontology in sorted({s for s, p, o in triples if p == RDF.type and o == OWL.Ontology}):
        for key, prop in (("license", DCTERMS.license), ("modified", DCTERMS.modified)):
            found.setdefault(key, []).extend(sorted(o for s, p, o in triples if s == ontology and p == prop))
    return {key: found_values for key, found_values in found.items() if found_values}


def statistics_of_oxigraph_quads(quads) -> DatasetStatistics:
    """The counts of pyoxigraph quads (the parser's own, lexical forms as written), the same as
    :func:`statistics_of_quads` of them as rdflib terms; only the counted classes, properties and
    header values are made rdflib terms.

    >>> import pyoxigraph as ox
    >>> a, p, g = ox.NamedNode(str(KG) + "A"), ox.NamedNode("http://x/p"), ox.NamedNode("http://x/g")
    >>> integer = ox.NamedNode("http://www.w3.org/2001/XMLSchema#integer")
    >>> s = statistics_of_oxigraph_quads([ox.Quad(a, p, ox.Literal("01", datatype=integer), g),
    ...                                   ox.Quad(a, p, ox.Literal("1", datatype=integer), g)])
    >>> s.triples, s.objects, s.entities
    (2, 2, 1)
    """
    import pyoxigraph as ox

    from csto_kg.inputs.terms import from_ox

    inferred_graph, kg = ox.NamedNode(str(INFERRED_GRAPH)), str(KG)
    rdf_type, ontology_class = ox.NamedNode(str(RDF.type)), ox.NamedNode(str(OWL.Ontology))
    keys = {ox.NamedNode(str(DCTERMS.license)): "license", ox.NamedNode(str(DCTERMS.modified)): "modified"}
    triples, asserted, inferred = set(), set(), set()
    for quad in quads:
        triple = (quad.subject, quad.predicate, quad.object)
        triples.add(triple)
        (inferred if quad.graph_name == inferred_graph else asserted).add(triple)
    subjects = {s for s, _, _ in triples}
    ontologies = {s for s, p, o in triples if p == rdf_type and o == ontology_class}
    found: dict = {}
    for s, p, o in triples:
        if s in ontologies and p in keys:
            found.setdefault(URIRef(s.value), {}).setdefault(keys[p], []).append(from_ox(o))
    header: dict[str, list] = {}
    for ontology in sorted(found):
        for key in ("license", "modified"):
            header.setdefault(key, []).extend(sorted(found[ontology].get(key, ())))
    return DatasetStatistics(
        triples=len(triples),
        entities=sum(1 for s in subjects if isinstance(s, ox.NamedNode) and s.value.startswith(kg)),
        subjects=len(subjects), objects=len({o for _, _, o in triples}),
        asserted=len(asserted), inferred=len(inferred),
        classes=Counter({URIRef(c.value): n for c, n in
                         Counter(o for s, p, o in triples if p == rdf_type and isinstance(o, ox.NamedNode)).items()}),
        properties=Counter({URIRef(p.value): n for p, n in Counter(p for _, p, _ in triples).items()}),
        header={key: values for key, values in header.items() if values})


# Each query reads the named graphs (GRAPH ?g), whatever the store's default graph holds.
_PER_PROPERTY = "SELECT ?p (COUNT(*) AS ?n) WHERE { SELECT DISTINCT ?s ?p ?o WHERE { GRAPH ?g { ?s ?p ?o } } } GROUP BY ?p"
_PER_CLASS = ("SELECT ?c (COUNT(DISTINCT ?s) AS ?n) WHERE { GRAPH ?g { ?s a ?c } FILTER(isIRI(?c)) } GROUP BY ?c")
_NODES = ("SELECT (COUNT(DISTINCT ?s) AS ?subjects) (COUNT(DISTINCT ?e) AS ?entities) (COUNT(DISTINCT ?o) AS ?objects) "
          "WHERE { GRAPH ?g { ?s ?p ?o } BIND(IF(isIRI(?s) && STRSTARTS(STR(?s), $kg), ?s, ?none) AS ?e) }")
_SUBSETS = ("SELECT ?inferred (COUNT(*) AS ?n) WHERE { SELECT DISTINCT ?inferred ?s ?p ?o WHERE { "
            "GRAPH ?g { ?s ?p ?o } BIND(?g = $inferred_graph AS ?inferred) } } GROUP BY ?inferred")
_HEADER = ("SELECT ?ontology ?key ?value WHERE { GRAPH ?g { ?ontology a <http://www.w3.org/2002/07/owl#Ontology> } "
           "VALUES (?key ?property) { (\"license\" <http://purl.org/dc/terms/license>) "
           "(\"modified\" <http://purl.org/dc/terms/modified>) } GRAPH ?h { ?ontology ?property ?value } }")


def statistics_of_store(store) -> DatasetStatistics:
    """The counts of the named graphs of a pyoxigraph ``store``, by its SPARQL engine (the same as
    :func:`statistics_of_quads` of its quads; as Oxigraph stores some typed literals by value,
    ``"01"^^xsd:integer`` and ``"1"^^xsd:integer`` are one term in a store).

    >>> import pyoxigraph as ox
    >>> from rdflib import Literal
    >>> a, p, g = URIRef(str(KG) + "A"), URIRef("http://x/p"), URIRef("http://x/g")
    >>> store = ox.Store()
    >>> store.extend([ox.Quad(ox.NamedNode(a), ox.NamedNode(p), ox.Literal("1"), ox.NamedNode(name))
    ...               for name in (g, INFERRED_GRAPH)])
    >>> statistics_of_store(store) == statistics_of_quads([(a, p, Literal("1"), g), (a, p, Literal("1"), INFERRED_GRAPH)])
    True
    """
    from rdflib import Literal, Variable

    from csto_kg.inputs.terms import from_ox
    from csto_kg.store.values import substitute

    def ask(text, **bound):  # bound as the helpers' parameters are (a validated term per $name)
        return store.query(substitute(text, {Variable(k): v for k, v in bound.items()}))

    properties = Counter({URIRef(row[0].value): int(row[1].value) for row in ask(_PER_PROPERTY)})
    classes = Counter({URIRef(row[0].value): int(row[1].value) for row in ask(_PER_CLASS)})
    nodes = next(iter(ask(_NODES, kg=Literal(str(KG)))))
    subsets = {row[0].value: int(row[1].value)
               for row in ask(_SUBSETS, inferred_graph=INFERRED_GRAPH)}
    values: dict = {}
    for row in ask(_HEADER):
        values.setdefault(URIRef(row[0].value), {}).setdefault(row[1].value, set()).add(from_ox(row[2]))
    header: dict[str, list] = {}
    for ontology in sorted(values):
        for key in ("license", "modified"):
            header.setdefault(key, []).extend(sorted(values[ontology].get(key, ())))
    header = {key: found for key, found in header.items() if found}
    return DatasetStatistics(
        triples=sum(properties.values()), entities=int(nodes[1].value), subjects=int(nodes[0].value),
        objects=int(nodes[2].value), asserted=subsets.get("false", 0), inferred=subsets.get("true", 0),
        classes=classes, properties=properties, header=header)
