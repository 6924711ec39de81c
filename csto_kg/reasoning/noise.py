"""The noise filter: which triples of the OWL RL closure are not worth keeping.

owlrl's ``DeductiveClosure(OWLRL_Semantics)`` materialises, besides the useful
consequences, a large number of triples that only restate the RDF, RDFS, OWL
and XSD vocabularies or are true of everything. :func:`is_noise` is the single
place deciding what is dropped from the inferred graph; bump
:data:`FILTER_VERSION` whenever it changes (it is part of the cache key).
"""

from __future__ import annotations

from rdflib import BNode, Literal, URIRef

from csto_kg.namespaces import OWL_NS, RDF_NS, RDFS_NS, XSD_NS

FILTER_VERSION = 1

_VOCABULARIES = (RDF_NS, RDFS_NS, OWL_NS, XSD_NS)
_RDF_TYPE = URIRef(RDF_NS + "type")
_SAME_AS = URIRef(OWL_NS + "sameAs")
_THING = URIRef(OWL_NS + "Thing")
_NOTHING = URIRef(OWL_NS + "Nothing")
_RESOURCE = URIRef(RDFS_NS + "Resource")
_SUBCLASS = URIRef(RDFS_NS + "subClassOf")
_DOMAIN = URIRef(RDFS_NS + "domain")
_RANGE = URIRef(RDFS_NS + "range")
_REFLEXIVE_PREDICATES = frozenset(
    {
        _SAME_AS,
        _SUBCLASS,
        URIRef(RDFS_NS + "subPropertyOf"),
        URIRef(OWL_NS + "equivalentClass"),
        URIRef(OWL_NS + "equivalentProperty"),
    }
)
_TOP_CLASSES = frozenset({_THING, _RESOURCE})

# what is_noise tests, for the fast reasoner's id-level copy of it (csto_kg.reasoning.fast.kept_triples)
VOCABULARIES, RDF_TYPE, SUBCLASS, DOMAIN, RANGE = _VOCABULARIES, _RDF_TYPE, _SUBCLASS, _DOMAIN, _RANGE
NOTHING, REFLEXIVE_PREDICATES, TOP_CLASSES = _NOTHING, _REFLEXIVE_PREDICATES, _TOP_CLASSES


def is_noise(triple) -> bool:
    """True when an inferred ``(s, p, o)`` triple says nothing about the CSTO domain.

    Dropped, with the reason:

    1. **Reflexive** ``owl:sameAs``, ``rdfs:subClassOf``, ``rdfs:subPropertyOf``,
       ``owl:equivalentClass``, ``owl:equivalentProperty`` (rules eq-ref,
       scm-cls, scm-op, scm-dp): every resource/class/property is trivially
       the same as / a subclass of / equivalent to itself.
    2. **Literal subjects** (e.g. ``"2002"^^xsd:gYear rdf:type xsd:gYear`` or
       ``"a" owl:sameAs "b"`` from a functional property): not RDF that can
       be stored or queried sensibly; functional-property clashes between
       literals are reported as findings instead.
    3. **Subjects in the RDF, RDFS, OWL or XSD namespaces**: axiomatic
       restatements of the vocabularies themselves (``owl:Thing rdfs:subClassOf
       owl:Thing``, ``xsd:date rdf:type rdfs:Datatype``, ...), never about the data.
    4. ``?c rdfs:subClassOf owl:Thing`` / ``rdfs:Resource`` (scm-cls): every
       class is one.
    5. ``owl:Nothing rdfs:subClassOf ?c`` (scm-cls): the empty class is below
       every class. (Also covered by 3, kept explicit.)
    6. ``?x rdf:type owl:Thing`` / ``rdfs:Resource``: every individual is one.
    7. ``?p rdfs:domain owl:Thing`` / ``rdfs:range owl:Thing`` (and
       ``rdfs:Resource``) (scm-dom1/scm-rng1 with the top class): vacuous.
    8. ``?x rdf:type _:b`` with a blank-node class: membership in an anonymous
       class expression (restriction, union...) restates the class axiom; the
       named classes it implies are inferred as their own triples.
    9. owlrl's own error report triples (``?m rdf:type err:ErrorMessage``,
       ``?m err:error "..."``) are not filtered here: the reasoner removes
       them and turns them into findings.

    >>> from rdflib import URIRef, Literal
    >>> K = "https://w3id.org/csto-kg/id/"
    >>> O = "http://www.w3.org/2002/07/owl#"
    >>> RDF_TYPE = URIRef("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
    >>> is_noise((URIRef(K + "CSTO"), URIRef(O + "sameAs"), URIRef(K + "CSTO")))
    True
    >>> is_noise((URIRef(K + "CSTO"), RDF_TYPE, URIRef(O + "Thing")))
    True
    >>> is_noise((URIRef(K + "CSTO"), RDF_TYPE, URIRef("https://w3id.org/csto-kg/ontology#Organization")))
    False
    """
    s, p, o = triple
    if isinstance(s, Literal):
        return True
    if isinstance(s, URIRef) and str(s).startswith(_VOCABULARIES):
        return True
    if p in _REFLEXIVE_PREDICATES and s == o:
        return True
    if p == _RDF_TYPE:
        return o in _TOP_CLASSES or isinstance(o, BNode)
    if p == _SUBCLASS:
        return o in _TOP_CLASSES or s == _NOTHING
    if p in (_DOMAIN, _RANGE):
        return o in _TOP_CLASSES
    return False
