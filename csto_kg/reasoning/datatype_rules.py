"""owlrl's one-time rules: cls-thing, cls-nothing1, prp-ap and its datatype rules.

owlrl runs these once, over the input graph, before its cycles
(``OWLRL_Semantics.one_time_rules``): every literal of an OWL RL datatype is
typed with its datatype (dt-type2) and with the datatypes above it, a literal
whose lexical form does not fit its datatype is an error (dt-not-type, with
owlrl's own lexical converters), datatypes are typed ``rdfs:Datatype``
(dt-type1) and the used ones are declared disjoint. The tables come from
owlrl itself, so this stays in step with the installed owlrl.
"""

from __future__ import annotations

from collections import defaultdict

from rdflib import Literal
from rdflib.namespace import OWL, RDF, RDFS


def one_time_triples(engine) -> tuple[list, list[str]]:
    """(id triples to add before the fixpoint, error messages), from the input in ``engine``.

    >>> from rdflib import URIRef, Literal
    >>> from rdflib.namespace import XSD
    >>> from csto_kg.reasoning.rules import RuleEngine
    >>> engine = RuleEngine()
    >>> engine.load([(URIRef("http://example.org/x"), URIRef("http://example.org/n"),
    ...               Literal("x1", datatype=XSD.integer))])
    >>> triples, errors = one_time_triples(engine)
    >>> errors
    ["Lexical value of the literal 'x1' does not match its datatype (http://www.w3.org/2001/XMLSchema#integer)"]
    """
    from owlrl.AxiomaticTriples import OWLRL_Datatypes_Disjointness
    from owlrl.DatatypeHandling import AltXSDToPYTHON
    from owlrl.OWLRL import OWLRL_Annotation_properties
    from owlrl.XsdDatatypes import OWL_Datatype_Subsumptions, OWL_RL_Datatypes

    table, store = engine.table, engine.store
    term, ident = table.term, table.id
    out: list = []
    errors: list[str] = []

    def add(s, p, o):
        out.append((ident(s), ident(p), ident(o)))

    # cls-thing, cls-nothing1, prp-ap
    add(OWL.Thing, RDF.type, OWL.Class)
    add(OWL.Nothing, RDF.type, OWL.Class)
    for annotation in OWLRL_Annotation_properties:
        add(annotation, RDF.type, OWL.AnnotationProperty)

    rl_datatypes = set(OWL_RL_Datatypes)
    implicit = {}
    if engine.literals_only_objects and not engine.inferred_count():
        # every literal of the table is the object of an asserted triple
        objects = (literal for literal in table._literals[1:])
    else:
        objects = (term(o) for backward in store.bwd.values() for o in backward if o < 0)
    for literal in objects:
        if literal.datatype in rl_datatypes:
            implicit[literal] = literal.datatype
    used = set(implicit.values())
    for literal in implicit:  # dt-type2 and dt-not-type
        add(literal, RDF.type, literal.datatype)
        converter = AltXSDToPYTHON.get(literal.datatype, lambda value: value)
        try:
            converter(str(literal))
        except (ValueError, ArithmeticError, IndexError):  # owlrl's converters: IndexError on "", InvalidOperation
            message = ("Lexical value of the literal '%s' does not match its datatype (%s)"
                       % (literal, literal.datatype))
            if message not in errors:
                errors.append(message)

    explicit: dict = defaultdict(set)
    type_id = ident(RDF.type)
    for s, classes in store.fwd.get(type_id, {}).items():
        for o in classes:
            datatype = term(o)
            if datatype in rl_datatypes:
                used.add(datatype)
                if term(s) not in implicit:
                    explicit[term(s)].add(datatype)
    for s_id, objects in store.fwd.get(ident(OWL.sameAs), {}).items():
        for o_id in sorted(objects):
            s, o = term(s_id), term(o_id)
            if o in implicit:
                explicit[s].add(implicit[o])
            if o in explicit:
                explicit[s].add(o)
            if s in explicit:
                explicit[o].add(s)

    for datatype in OWL_RL_Datatypes:  # dt-type1
        add(datatype, RDF.type, RDFS.Datatype)
    for datatypes in explicit.values():
        for datatype in datatypes:
            add(datatype, RDF.type, RDFS.Datatype)

    def subsumptions(resource, datatype):
        for wider in OWL_Datatype_Subsumptions.get(datatype, ()):
            add(resource, RDF.type, wider)
            add(wider, RDF.type, RDFS.Datatype)
            used.add(wider)

    for resource, datatypes in list(explicit.items()):
        for datatype in list(datatypes):
            subsumptions(resource, datatype)
    for literal, datatype in implicit.items():
        subsumptions(literal, datatype)
    for left, predicate, right in OWLRL_Datatypes_Disjointness:
        if left in used and right in used:
            add(left, predicate, right)
    return out, errors
