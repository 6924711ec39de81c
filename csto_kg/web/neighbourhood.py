"""One entity's neighbourhood as graph data (nodes and edges), for the graph view of its page.

The neighbourhood of an entity is the entity, the entities one triple away from it
(either direction), and the links among them. Only entities are nodes: literals, blank
nodes, ``rdf:type`` links, terms outside the data namespace (classes, roles, external IRIs
such as Wikidata's), dates (``time:Instant``, ``time:Interval``), reified statements, and
the passages and source documents facts are derived from are left out, so every node is
an entity with a page here. Passages and documents are folded into counts on the node they
support (``passages``: the passages it is ``prov:wasDerivedFrom`` or that mention it;
``documents``: the source documents of those).

Links are folded as on the entity pages (:func:`csto_kg.web.resource_pages.fold_facts`):
one edge per pair of nodes and property, an inferred ORG, PROV or W3C property that
restates a csto property being folded into it; of a link and its inverse (``owl:inverseOf``)
only one is drawn. Each edge says whether its triple is only in the inferred named graph.

Neighbours are ranked by relevance to the entity: most links with the entity first, then
most links with the other neighbours, then by label. The first ``limit`` nodes are kept
(the entity first), so a larger limit adds the next ones and keeps the first; ``total``
says how many there are in all, ``truncated`` whether some were cut. At most ``4 * limit``
edges are kept (those of the entity first).
"""

from __future__ import annotations

from rdflib import RDF, Dataset, URIRef
from rdflib.namespace import DCTERMS, ORG, OWL, PROV, TIME

from csto_kg.namespaces import BASE, CSTO, INFERRED_GRAPH
from csto_kg.query.render import Labeler
from csto_kg.web.resource_pages import fold_facts, super_properties

DEFAULT_LIMIT = 25  # nodes shown at first; the page's "show more" asks for the next ones
MAX_LIMIT = 500
#: terms under the data namespace that are not nodes: sources (counted instead), dates, reifications
NOT_NODES = (CSTO.Passage, CSTO.SourceDocument, TIME.Instant, TIME.Interval, RDF.Statement)
#: a node's kind (its colour in the view): the first whose class it has, else "other"
KINDS = (("intervention", (CSTO.Intervention,)), ("person", (CSTO.Person,)), ("state", (CSTO.State,)),
         ("treaty", (CSTO.Instrument,)),
         ("organization", (CSTO.Organization, CSTO.Organ, ORG.Organization, ORG.OrganizationalUnit)))
OTHER_KIND = "other"


def is_inferred(dataset: Dataset, triple: tuple) -> bool:
    """True when the triple is in the inferred named graph and in no other graph.

    >>> from csto_kg.api import _fixture_kg
    >>> from csto_kg.namespaces import KG
    >>> from csto_kg.namespaces import CSTO
    >>> ds = _fixture_kg().dataset
    >>> m = KG["membership-armenia"]
    >>> is_inferred(ds, (m, CSTO.member, KG.Armenia)), is_inferred(ds, (KG.Armenia, CSTO.hasMembership, m))
    (False, True)
    """
    contexts = {c.identifier for c in dataset.store.contexts(triple)}
    return INFERRED_GRAPH in contexts and contexts == {INFERRED_GRAPH}


def asked_limit(values: list[str] | None) -> int:
    """The ``limit`` of a request (its ``limit=`` values, as ``parse_qs`` gives them), else the default.

    >>> asked_limit(None), asked_limit(["50"])
    (25, 50)
    >>> asked_limit(["0"])
    Traceback (most recent call last):
    ...
    ValueError: limit must be a whole number from 1 to 500
    """
    if not values:
        return DEFAULT_LIMIT
    if not values[0].isdigit() or not 1 <= int(values[0]) <= MAX_LIMIT:
        raise ValueError(f"limit must be a whole number from 1 to {MAX_LIMIT}")
    return int(values[0])


def kind(dataset: Dataset, node: URIRef) -> str:
    """The kind of a node: intervention, person, state, treaty (any instrument), organization or other.

    >>> from csto_kg.api import _fixture_kg
    >>> from csto_kg.namespaces import KG
    >>> ds = _fixture_kg().dataset
    >>> kind(ds, KG.Armenia), kind(ds, KG.CSTO), kind(ds, KG["membership-armenia"])
    ('state', 'organization', 'other')
    """
    types = set(dataset.objects(node, RDF.type))
    return next((name for name, classes in KINDS if types.intersection(classes)), OTHER_KIND)


def sources(dataset: Dataset, node: URIRef) -> tuple[int, int]:
    """How many passages support ``node`` (it is derived from them, or they mention it) and in how many
    source documents they are (with the documents it is derived from directly)."""
    passages, documents = set(), set()
    for source in set(dataset.objects(node, PROV.wasDerivedFrom)) | set(dataset.subjects(CSTO.mentions, node)):
        if (source, RDF.type, CSTO.Passage) in dataset:
            passages.add(source)
            documents.update(dataset.objects(source, DCTERMS.isPartOf))
        elif (source, RDF.type, CSTO.SourceDocument) in dataset:
            documents.add(source)
    return len(passages), len(documents)


def inverses(dataset: Dataset) -> dict[URIRef, set[URIRef]]:
    """Each property's inverses (``owl:inverseOf``, read both ways)."""
    found: dict[URIRef, set[URIRef]] = {}
    for p, q in dataset.subject_objects(OWL.inverseOf):
        if isinstance(p, URIRef) and isinstance(q, URIRef):
            found.setdefault(p, set()).add(q)
            found.setdefault(q, set()).add(p)
    return found


def folded_edges(dataset: Dataset, nodes: set, supers: dict, inverse: dict) -> set[tuple]:
    """The triples among ``nodes`` (no ``rdf:type``, no loops), one per pair and property: a property
    restated by a more specific one between the same two nodes is folded into it, and of a triple
    and its inverse (``owl:inverseOf``) one is kept: the asserted one, else the one whose property
    comes first by IRI."""
    edges = set()
    for s in nodes:
        facts = {(p, o) for p, o in dataset.predicate_objects(s) if o in nodes and o != s and p != RDF.type}
        edges.update((s, p, o) for p, values in fold_facts(facts, supers).items() for o in values)

    def rank(t):
        return is_inferred(dataset, t), str(t[1])

    return {t for t in edges
            if not any((t[2], q, t[0]) in edges and rank((t[2], q, t[0])) < rank(t) for q in inverse.get(t[1], ()))}


def neighbourhood(dataset: Dataset, iri: URIRef, *, lang: str = "en", base: str = BASE,
                  limit: int = DEFAULT_LIMIT, supers: dict | None = None, inverse: dict | None = None) -> dict:
    """Nodes and edges around ``iri``, the most relevant ``limit`` nodes, with the counts of the whole.

    A node has ``id``, ``label`` (in ``lang``, fallback English), ``href`` (its local path under
    ``base``), ``center``, ``kind``, ``links`` (its edges in the whole neighbourhood), ``passages``
    and ``documents``; an edge ``source``, ``target``, ``property``, ``label`` and ``inferred``.
    ``supers``, ``inverse``: each property's super-properties and inverses (:func:`super_properties`,
    :func:`inverses`; read from the dataset when not given).

    >>> from csto_kg.api import _fixture_kg
    >>> from csto_kg.namespaces import KG
    >>> view = neighbourhood(_fixture_kg().dataset, KG.Armenia)
    >>> view["nodes"][0] == {"id": str(KG.Armenia), "label": "Armenia", "href": "/id/Armenia", "center": True,
    ...                      "kind": "state", "links": 1, "passages": 0, "documents": 0}
    True
    >>> [(e["label"], e["inferred"]) for e in view["edges"]]
    [('csto:member', False)]
    >>> view["total"], len(view["nodes"]) <= view["limit"], view["truncated"]
    (2, True, False)
    """
    entities = str(base) + "id/"
    label = Labeler(dataset, lang=lang)
    supers = super_properties(dataset) if supers is None else supers
    inverse = inverses(dataset) if inverse is None else inverse

    def is_node(term) -> bool:
        return (isinstance(term, URIRef) and str(term).startswith(entities)
                and not any((term, RDF.type, cls) in dataset for cls in NOT_NODES))

    neighbours = {o for p, o in dataset.predicate_objects(iri) if p != RDF.type}
    neighbours |= {s for s, p in dataset.subject_predicates(iri) if p != RDF.type}
    neighbours = {n for n in neighbours if n != iri and is_node(n)}
    edges = folded_edges(dataset, neighbours | {iri}, supers, inverse)
    with_center: dict = {n: 0 for n in neighbours}
    links: dict = {n: 0 for n in neighbours | {iri}}
    for s, _, o in edges:
        links[s] += 1
        links[o] += 1
        if iri in (s, o):
            with_center[o if s == iri else s] += 1
    ranked = sorted(neighbours, key=lambda n: (-with_center[n], -(links[n] - with_center[n]),
                                               label(n).lower(), str(n)))
    kept = [iri] + ranked[:max(limit - 1, 0)]
    members = set(kept)
    ordered = sorted((t for t in edges if t[0] in members and t[2] in members),
                     key=lambda t: (iri not in (t[0], t[2]), label(t[1]).lower(), str(t[0]), str(t[2])))
    shown = ordered[:4 * limit]
    nodes = []
    for n in kept:
        passages, documents = sources(dataset, n)
        nodes.append({"id": str(n), "label": label(n), "href": "/" + str(n)[len(str(base)):], "center": n == iri,
                      "kind": kind(dataset, n), "links": links[n], "passages": passages, "documents": documents})
    return {"center": str(iri), "lang": lang, "limit": limit, "neighbours": len(ranked), "total": len(ranked) + 1,
            "truncated": len(ranked) > len(kept) - 1 or len(ordered) > len(shown), "nodes": nodes,
            "edges": [{"source": str(s), "target": str(o), "property": str(p), "label": label(p),
                       "inferred": is_inferred(dataset, (s, p, o))} for s, p, o in shown]}
