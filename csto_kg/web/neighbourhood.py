"""One entity's neighbourhood as graph data (nodes and edges), for the graph view of its page.

The neighbourhood of an entity is the entity, the entities one triple away from it
(either direction), and every triple among them. It is bounded: literals, blank nodes,
``rdf:type`` links and terms outside the data namespace (classes, roles, external IRIs
such as Wikidata's) are left out, so every node has a page here; at most ``limit`` nodes
are kept (the entity first, then neighbours reached by an asserted triple, then by an
inferred one, each by label) and at most ``4 * limit`` edges (those of the entity first).
Each edge says whether its triple is only in the inferred named graph.
"""

from __future__ import annotations

from rdflib import RDF, Dataset, URIRef

from csto_kg.namespaces import BASE, INFERRED_GRAPH
from csto_kg.query.render import Labeler

DEFAULT_LIMIT = 60


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


def neighbourhood(dataset: Dataset, iri: URIRef, *, lang: str = "en", base: str = BASE,
                  limit: int = DEFAULT_LIMIT) -> dict:
    """Nodes (id, label, href, center) and edges (source, target, property, label, inferred) around ``iri``.

    Labels are in ``lang`` (fallback English); ``href`` is the node's local path under ``base``.

    >>> from csto_kg.api import _fixture_kg
    >>> from csto_kg.namespaces import KG
    >>> view = neighbourhood(_fixture_kg().dataset, KG.Armenia)
    >>> view["nodes"][0] == {"id": str(KG.Armenia), "label": "Armenia", "href": "/id/Armenia", "center": True}
    True
    >>> [(e["label"], e["inferred"]) for e in view["edges"]]
    [('csto:hasMembership', True), ('csto:member', False)]
    >>> len(view["nodes"]) <= view["limit"], view["truncated"]
    (True, False)
    """
    entities = str(base) + "id/"
    label = Labeler(dataset, lang=lang)

    def keep(term) -> bool:
        return isinstance(term, URIRef) and str(term).startswith(entities)

    reached: dict[URIRef, bool] = {}  # neighbour -> reached by an asserted triple
    for s, p, o in set(dataset.triples((iri, None, None))) | set(dataset.triples((None, None, iri))):
        other = o if s == iri else s
        if p == RDF.type or other == iri or not keep(other):
            continue
        reached[other] = reached.get(other, False) or not is_inferred(dataset, (s, p, o))
    ranked = sorted(reached, key=lambda n: (not reached[n], label(n).lower(), str(n)))
    kept = [iri] + ranked[:max(limit - 1, 0)]
    members = set(kept)
    triples = set()
    for node in kept:
        for s, p, o in dataset.triples((node, None, None)):
            if p != RDF.type and o in members and s != o:
                triples.add((s, p, o))
    ordered = sorted(triples, key=lambda t: (iri not in (t[0], t[2]), label(t[1]).lower(), str(t[0]), str(t[2])))
    edges = [{"source": str(s), "target": str(o), "property": str(p), "label": label(p),
              "inferred": is_inferred(dataset, (s, p, o))} for s, p, o in ordered[:4 * limit]]
    nodes = [{"id": str(n), "label": label(n), "href": "/" + str(n)[len(str(base)):], "center": n == iri}
             for n in kept]
    return {"center": str(iri), "lang": lang, "limit": limit, "neighbours": len(reached),
            "truncated": len(ranked) > len(kept) - 1 or len(ordered) > len(edges), "nodes": nodes, "edges": edges}
