"""Which passages an asserted fact derives from: the sourcing rules of the data.

Every claim of the data (a membership, a treaty action, a term of office...) is a resource
``prov:wasDerivedFrom`` the passages it comes from, each a ``csto:Passage`` that quotes the
source verbatim (``csto:quote``). A fact stated on an entity node (a state, an organization,
a person...) is described by an ``rdf:Statement`` with the same ``rdf:subject``,
``rdf:predicate`` and ``rdf:object``, derived from its passages (``data/statements.ttl``).
So the passages behind an asserted triple are:

- those of the ``rdf:Statement`` s that describe it;
- when its subject is a claim (a resource that is not an entity) derived from passages,
  those passages (for every triple of the claim: its type and label too);
- when its subject is a passage, that passage;
- when its subject is a blank node (a claim's interval), those of the triples pointing to it.

A triple is *traced* when a passage is behind it or when it needs none: its predicate is
``rdf:type``, a label, a Wikidata link, an editorial ``rdfs:comment`` or
``prov:wasDerivedFrom`` itself, or its subject is a passage, a source document, an instant,
a conflict or a reification. ``tests/test_sourcing.py`` counts the untraced facts of the
bundled data (zero); ``csto-kg explain`` shows the passages of each asserted triple.
"""

from __future__ import annotations

from typing import Callable, Iterable

from rdflib import RDF, RDFS, BNode, Namespace, URIRef

from csto_kg.namespaces import CSTO, PREFIXES

SKOS = Namespace(PREFIXES["skos"])
PROV = Namespace(PREFIXES["prov"])
TIME = Namespace(PREFIXES["time"])

#: Classes of entities: a fact stated on one needs an ``rdf:Statement`` with its passages.
ENTITY_CLASSES = frozenset({CSTO.State, CSTO.Organization, CSTO.Organ, CSTO.Person, CSTO.Post,
                            CSTO.Instrument, CSTO.Place, CSTO.Language, CSTO.ArmedForces, CSTO.Group,
                            CSTO.Objective, CSTO.Threat})
#: Predicates of triples that state no fact needing a passage.
NOT_FACTS = frozenset({RDF.type, RDFS.label, SKOS.prefLabel, SKOS.altLabel, SKOS.exactMatch,
                       RDFS.comment, PROV.wasDerivedFrom})
#: Classes of resources whose own triples need no passage.
NOT_ENTITIES = frozenset({CSTO.Passage, CSTO.SourceDocument, TIME.Instant, CSTO.Conflict, RDF.Statement})


class Sourcing:
    """The passages behind the asserted triples of ``asserted`` (an rdflib graph).

    ``classes(node)`` gives the classes of a node after reasoning (so sub-classes of
    the entity classes count).

    >>> from rdflib import Graph
    >>> from csto_kg.namespaces import KG
    >>> g = Graph().parse(data='''
    ...     @prefix csto: <https://w3id.org/csto-kg/ontology#> . @prefix kg: <https://w3id.org/csto-kg/id/> .
    ...     @prefix prov: <http://www.w3.org/ns/prov#> .
    ...     kg:p1 a csto:Passage ; csto:quote "Serbie (2013)"@fr .
    ...     kg:m a csto:Membership ; csto:member kg:Serbia ; prov:wasDerivedFrom kg:p1 .
    ...     kg:Serbia a csto:State ; csto:notMemberOf kg:CIS .''', format="turtle")
    >>> sourcing = Sourcing(g, lambda node: set(g.objects(node, RDF.type)))
    >>> sourcing.passages((KG.m, CSTO.member, KG.Serbia))
    [rdflib.term.URIRef('https://w3id.org/csto-kg/id/p1')]
    >>> sourcing.passages((KG.Serbia, CSTO.notMemberOf, KG.CIS)), sourcing.traced((KG.Serbia, CSTO.notMemberOf, KG.CIS))
    ([], False)
    >>> sourcing.quote(KG.p1)
    'Serbie (2013)'
    """

    def __init__(self, asserted, classes: Callable[[object], Iterable]):
        self.asserted = asserted
        self._classes = classes
        self._memo: dict = {}
        self._reified: dict | None = None

    def classes(self, node) -> set:
        found = self._memo.get(node)
        if found is None:
            found = self._memo[node] = set(self._classes(node))
        return found

    def is_passage(self, node) -> bool:
        return CSTO.Passage in self.classes(node)

    def _statements(self) -> dict:
        """(s, p, o) -> the passages of the rdf:Statements describing it, read once."""
        if self._reified is None:
            g, found = self.asserted, {}
            for st in g.subjects(RDF.type, RDF.Statement):
                triple = (g.value(st, RDF.subject), g.value(st, RDF.predicate), g.value(st, RDF.object))
                passages = {p for p in g.objects(st, PROV.wasDerivedFrom) if self.is_passage(p)}
                if passages:
                    found.setdefault(triple, set()).update(passages)
            self._reified = found
        return self._reified

    def derived_from(self, node) -> set:
        """The passages ``node`` is ``prov:wasDerivedFrom``."""
        return {p for p in self.asserted.objects(node, PROV.wasDerivedFrom) if self.is_passage(p)}

    def is_entity(self, node) -> bool:
        return bool(self.classes(node) & ENTITY_CLASSES)

    def passages(self, triple, _seen: frozenset = frozenset()) -> list[URIRef]:
        """The passages behind the asserted ``triple``, sorted (empty when there is none)."""
        s = triple[0]
        found = set(self._statements().get(tuple(triple), ()))
        if isinstance(s, BNode):
            if s not in _seen:
                for owner, p in self.asserted.subject_predicates(s):
                    found.update(self.passages((owner, p, s), _seen | {s}))
        elif self.is_passage(s):
            found.add(s)
        elif not self.is_entity(s):
            found |= self.derived_from(s)
        return sorted(found)

    def traced(self, triple, _seen: frozenset = frozenset()) -> bool:
        """Whether a passage is behind ``triple``, or it needs none (see the module's text)."""
        s, p, _o = triple
        if isinstance(s, BNode):
            if s in _seen:
                return True
            owners = list(self.asserted.subject_predicates(s))
            return not owners or all(self.traced((owner, q, s), _seen | {s}) for owner, q in owners)
        if self.classes(s) & NOT_ENTITIES or p in NOT_FACTS or tuple(triple) in self._statements():
            return True
        return not self.is_entity(s) and bool(self.derived_from(s))

    def quote(self, passage) -> str:
        """The verbatim quote of a passage (the first, when it has several), or ''."""
        quotes = sorted(str(q) for q in self.asserted.objects(passage, CSTO.quote))
        return quotes[0] if quotes else ""


def untraced_facts(asserted, classes: Callable[[object], Iterable]) -> list[tuple]:
    """The triples of ``asserted`` with no passage behind them that need one, sorted.

    >>> from rdflib import Graph
    >>> g = Graph().parse(data='''@prefix csto: <https://w3id.org/csto-kg/ontology#> .
    ...     <https://w3id.org/csto-kg/id/CSTO> a csto:Organization ;
    ...         csto:headquarters <https://w3id.org/csto-kg/id/Moscow> .''', format="turtle")
    >>> [p.n3() for _s, p, _o in untraced_facts(g, lambda node: set(g.objects(node, RDF.type)))]
    ['<https://w3id.org/csto-kg/ontology#headquarters>']
    """
    sourcing = Sourcing(asserted, classes)
    return sorted(triple for triple in asserted if not sourcing.traced(triple))
