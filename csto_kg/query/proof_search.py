"""Why a triple is in the closure: a backward search with the OWL 2 RL rules, on demand.

Reasoning (:mod:`csto_kg.reasoning.rules`) records no derivations, so that it stays as
fast as it is. A proof is found afterwards, from the conclusion: for a triple of the
closure, :func:`instances` lists every way one rule of the OWL 2 RL rule tables
(https://www.w3.org/TR/owl2-profiles/#Reasoning_in_OWL_2_RL_and_RDF_Graphs_using_Rules)
concludes it from premises that hold, named by the table's ids (``prp-inv1``,
``prp-spo2``, ``cax-sco``, ``cls-hv1``, ``eq-rep-s``...), and each premise is proved in
turn, down to asserted triples. owlrl's one-time triples (``cls-thing``, ``prp-ap``,
``dt-type1``, ``dt-type2`` and owlrl's own datatype subsumption and disjointness) are
proofs without premises.

The closure the search reads is the reasoned dataset: the asserted named graphs and the
inferred graph. That graph lacks the triples the noise filter dropped
(:func:`csto_kg.reasoning.noise.is_noise`): a membership of a restriction
(``x rdf:type _:r``), a literal's ``owl:sameAs``... Such a premise is proved by the rules
like any other, and any other premise that is not in the closure does not hold.

:class:`ProofSearch` returns the shortest proof: fewest levels (iterative deepening up
to ``max_depth``), then fewest steps, ties broken by rule and premises in a fixed order;
a shortest proof never uses its own conclusion, so it has no cycle. :meth:`ProofSearch.
alternatives` lists the other ways to conclude the triple (each with the shortest proofs
of its premises, none using the triple itself), bounded by ``limit``. The search stops
at ``deadline`` (:class:`SearchTimeout`); a rule tries at most :data:`FAN_IN` data triples
per axiom (any of them proves the conclusion).
"""

from __future__ import annotations

import itertools
import time
from dataclasses import dataclass, field

from rdflib import BNode, Literal, URIRef
from rdflib.namespace import OWL, RDF, RDFS

from csto_kg.errors import CstoKgError
from csto_kg.namespaces import INFERRED_GRAPH
from csto_kg.reasoning.noise import is_noise

TYPE, SCO, SPO, DOMAIN, RANGE = RDF.type, RDFS.subClassOf, RDFS.subPropertyOf, RDFS.domain, RDFS.range
SAME, EQC, EQP, INV = OWL.sameAs, OWL.equivalentClass, OWL.equivalentProperty, OWL.inverseOf
CHAIN, HV, SVF, AVF = OWL.propertyChainAxiom, OWL.hasValue, OWL.someValuesFrom, OWL.allValuesFrom
ONPROP = OWL.onProperty
INTERSECTION, UNION, ONEOF, HASKEY = OWL.intersectionOf, OWL.unionOf, OWL.oneOf, OWL.hasKey
MAXC, MAXQC, ONCLASS = OWL.maxCardinality, OWL.maxQualifiedCardinality, OWL.onClass
THING, NOTHING = OWL.Thing, OWL.Nothing

#: What each rule says, by the id of the W3C OWL 2 RL rule tables (and owlrl's one-time rules).
RULES: dict[str, str] = {
    "prp-dom": "domain of a property", "prp-rng": "range of a property",
    "prp-fp": "functional property", "prp-ifp": "inverse-functional property",
    "prp-symp": "symmetric property", "prp-trp": "transitive property",
    "prp-spo1": "sub-property", "prp-spo2": "property chain",
    "prp-eqp1": "equivalent property", "prp-eqp2": "equivalent property (the other way)",
    "prp-inv1": "inverse property", "prp-inv2": "inverse property (the other way)",
    "prp-key": "key of a class (owlrl compares all key values but the last)",
    "cls-hv1": "hasValue restriction: members have the value",
    "cls-hv2": "hasValue restriction: having the value makes a member",
    "cls-svf1": "someValuesFrom restriction", "cls-svf2": "someValuesFrom owl:Thing restriction",
    "cls-avf": "allValuesFrom restriction", "cls-int1": "intersection: member of every class",
    "cls-int2": "intersection: member of each class", "cls-uni": "union of classes",
    "cls-oo": "enumerated class (oneOf)", "cls-maxc2": "max cardinality 1",
    "cls-maxqc3": "max qualified cardinality 1", "cls-maxqc4": "max qualified cardinality 1 (owl:Thing)",
    "cax-sco": "sub-class", "cax-eqc1": "equivalent class", "cax-eqc2": "equivalent class (the other way)",
    "eq-ref": "everything is the same as itself", "eq-sym": "owl:sameAs is symmetric",
    "eq-trans": "owl:sameAs is transitive", "eq-rep-s": "same subject", "eq-rep-p": "same predicate",
    "eq-rep-o": "same object",
    "scm-cls": "every class is its own sub-class, above owl:Nothing and below owl:Thing",
    "scm-sco": "sub-class of a sub-class", "scm-eqc1": "equivalent classes are sub-classes",
    "scm-eqc2": "mutual sub-classes are equivalent", "scm-op": "every object property is its own sub-property",
    "scm-dp": "every datatype property is its own sub-property",
    "scm-spo": "sub-property of a sub-property", "scm-eqp1": "equivalent properties are sub-properties",
    "scm-eqp2": "mutual sub-properties are equivalent", "scm-dom1": "domain, widened to a super-class",
    "scm-dom2": "domain of a super-property", "scm-rng1": "range, widened to a super-class",
    "scm-rng2": "range of a super-property", "scm-hv": "hasValue restrictions on sub-properties",
    "scm-svf1": "someValuesFrom restrictions on sub-classes",
    "scm-svf2": "someValuesFrom restrictions on sub-properties",
    "scm-avf1": "allValuesFrom restrictions on sub-classes",
    "scm-avf2": "allValuesFrom restrictions on sub-properties",
    "scm-int": "an intersection is a sub-class of each class", "scm-uni": "each class is a sub-class of a union",
    "cls-thing": "owlrl one-time rule: owl:Thing is a class",
    "cls-nothing1": "owlrl one-time rule: owl:Nothing is a class",
    "prp-ap": "owlrl one-time rule: the annotation properties",
    "dt-type1": "owlrl one-time rule: the OWL 2 RL datatypes are datatypes",
    "dt-type2": "owlrl one-time rule: a literal is a member of its datatype",
    "owlrl-datatype-subsumption": "owlrl one-time rule: a member of a datatype is a member of the wider ones",
    "owlrl-datatype-disjointness": "owlrl one-time rule: disjoint datatypes",
    "owlrl-datatype-sameas": "owlrl one-time rule: the same as a member of a datatype, taken for a datatype",
}
_ORDER = {rule: i for i, rule in enumerate(RULES)}


class SearchTimeout(CstoKgError):
    """The proof search ran past its deadline (``seconds``: the time it was given)."""

    def __init__(self, message: str | None = None, *, seconds: float | None = None):
        self.seconds = seconds
        super().__init__(message or "the proof search ran out of time")


@dataclass(frozen=True)
class Instance:
    """One application of a rule: its conclusion follows from its premises (in the rule table's order)."""

    rule: str
    premises: tuple


@dataclass(frozen=True)
class Derivation:
    """A proof found by the search: an asserted triple (``rule`` None), or a rule applied to proofs."""

    triple: tuple
    rule: str | None = None
    premises: tuple = ()
    height: int = 0
    size: int = 1

    @property
    def asserted(self) -> bool:
        return self.rule is None


def _derived(triple, rule, premises) -> Derivation:
    return Derivation(triple, rule, tuple(premises), 1 + max((p.height for p in premises), default=0),
                      1 + sum(p.size for p in premises))


class Closure:
    """The reasoned dataset as the search reads it (the union of its named graphs).

    >>> from csto_kg.api import _fixture_kg
    >>> from csto_kg.namespaces import CSTO, KG
    >>> closure = Closure(_fixture_kg().dataset)
    >>> closure.asserted((KG.Armenia, TYPE, CSTO.State)), closure.asserted((KG.Armenia, TYPE, CSTO.Agent))
    (True, False)
    >>> closure.has((KG.Armenia, TYPE, CSTO.Agent))
    True
    """

    def __init__(self, dataset):
        self.dataset = dataset
        self._lists: dict = {}

    def has(self, triple) -> bool:
        return triple in self.dataset

    def asserted(self, triple) -> bool:
        """Whether ``triple`` is in a named graph other than the inferred one."""
        return any(g.identifier != INFERRED_GRAPH for g in self.dataset.store.contexts(triple))

    def graphs(self, triple) -> list:
        """The asserted named graphs holding ``triple``, by name."""
        return sorted((g for g in self.dataset.store.contexts(triple) if g.identifier != INFERRED_GRAPH),
                      key=lambda g: str(g.identifier))

    def objects(self, s, p) -> list:
        return list(dict.fromkeys(self.dataset.objects(s, p)))

    def subjects(self, p, o) -> list:
        return list(dict.fromkeys(self.dataset.subjects(p, o)))

    def subject_predicates(self, o) -> list:
        return list(dict.fromkeys(self.dataset.subject_predicates(o)))

    def predicate_objects(self, s) -> list:
        return list(dict.fromkeys(self.dataset.predicate_objects(s)))

    def subject_objects(self, p) -> list:
        return list(dict.fromkeys(self.dataset.subject_objects(p)))

    def items(self, head) -> list:
        """The members of the RDF list starting at ``head`` (a cycle or fork ends it)."""
        found = self._lists.get(head)
        if found is None:
            found, node, seen = [], head, set()
            while node != RDF.nil and node not in seen:
                seen.add(node)
                first = self.objects(node, RDF.first)
                rest = self.objects(node, RDF.rest)
                if len(first) != 1 or len(rest) != 1:
                    break
                found.append(first[0])
                node = rest[0]
            self._lists[head] = found
        return found


def plausible(closure: Closure, triple) -> bool:
    """Whether ``triple`` may hold: it is in the closure, or of a kind the closure leaves out
    (what the noise filter drops, and triples with a blank-node predicate, which owlrl removes).

    >>> from csto_kg.api import _fixture_kg
    >>> from csto_kg.namespaces import CSTO, KG
    >>> closure = Closure(_fixture_kg().dataset)
    >>> plausible(closure, (KG.Armenia, TYPE, BNode())), plausible(closure, (KG.Armenia, TYPE, CSTO.Organization))
    (True, False)
    """
    return closure.has(triple) or is_noise(triple) or isinstance(triple[1], BNode)


def _values(c: Closure, node, q) -> list:
    """The values of ``node`` for property ``q``; for a blank-node property (``[ owl:inverseOf p ]``
    in a chain), the values its inverse, sub- and equivalent properties give (the closure has none)."""
    if not isinstance(q, BNode):
        return c.objects(node, q)
    found = [v for r in (*c.objects(q, INV), *c.subjects(INV, q)) for v in c.subjects(r, node)]
    found += [v for r in (*c.subjects(SPO, q), *c.subjects(EQP, q), *c.objects(q, EQP)) if r != q
              for v in c.objects(node, r)]
    return list(dict.fromkeys(found))


def instances(closure: Closure, goal) -> list[Instance]:
    """Every rule instance concluding ``goal`` whose premises may hold, in a fixed order.

    >>> from csto_kg.api import _fixture_kg
    >>> from csto_kg.namespaces import CSTO, KG
    >>> closure = Closure(_fixture_kg().dataset)
    >>> [(i.rule, len(i.premises)) for i in instances(closure, (KG.Armenia, TYPE, CSTO.Agent))]
    [('prp-rng', 2), ('cax-sco', 2)]
    """
    s, p, o = goal
    found: list[Instance] = []
    add = found.append
    _property_rules(closure, goal, add)
    _equality_rules(closure, goal, add)
    if p == TYPE:
        _class_rules(closure, goal, add)
    elif p == SAME:
        _same_rules(closure, goal, add)
    elif p in (SCO, EQC, SPO, EQP, DOMAIN, RANGE):
        _schema_rules(closure, goal, add)
    _one_time_rules(closure, goal, add)
    kept = [i for i in dict.fromkeys(found)
            if goal not in i.premises and all(plausible(closure, t) for t in i.premises)]
    return sorted(kept, key=lambda i: (_ORDER[i.rule], [_sort_key(t) for t in i.premises]))


def _sort_key(triple) -> tuple:
    return tuple((0 if isinstance(t, URIRef) else 1 if isinstance(t, BNode) else 2, str(t)) for t in triple)


def _property_rules(c: Closure, goal, add) -> None:
    s, p, o = goal
    for p1 in c.subjects(SPO, p):
        if p1 != p:
            add(Instance("prp-spo1", ((p1, SPO, p), (s, p1, o))))
    for p1 in c.subjects(EQP, p):
        if p1 != p:
            add(Instance("prp-eqp1", ((p1, EQP, p), (s, p1, o))))
    for p2 in c.objects(p, EQP):
        if p2 != p:
            add(Instance("prp-eqp2", ((p, EQP, p2), (s, p2, o))))
    if not isinstance(o, Literal):
        for p1 in c.subjects(INV, p):
            add(Instance("prp-inv1", ((p1, INV, p), (o, p1, s))))
        for p2 in c.objects(p, INV):
            add(Instance("prp-inv2", ((p, INV, p2), (o, p2, s))))
        if c.has((p, TYPE, OWL.SymmetricProperty)) and s != o:
            add(Instance("prp-symp", ((p, TYPE, OWL.SymmetricProperty), (o, p, s))))
    if c.has((p, TYPE, OWL.TransitiveProperty)):
        for b in c.objects(s, p):
            if b not in (s, o) and c.has((b, p, o)):
                add(Instance("prp-trp", ((p, TYPE, OWL.TransitiveProperty), (s, p, b), (b, p, o))))
    for head in c.objects(p, CHAIN):
        members = c.items(head)
        if members:
            for path in _chain_paths(c, s, members, o):
                add(Instance("prp-spo2", ((p, CHAIN, head), *path)))
    for xx in c.subjects(HV, o):
        if c.has((xx, ONPROP, p)):
            add(Instance("cls-hv1", ((xx, HV, o), (xx, ONPROP, p), (s, TYPE, xx))))


_MAX_PATHS = 16  # property-chain paths tried per conclusion
FAN_IN = 256  # data triples tried per rule and axiom (a class that thousands of values of a property
# have by its range: any of them proves it; the first 256 in the graph's order are tried)


def _chain_paths(c: Closure, start, members, end) -> list[list]:
    """Paths start -members[0]-> x1 ... -members[-1]-> end in the closure (at most _MAX_PATHS)."""
    paths: list[list] = []

    def walk(node, k, path):
        if len(paths) >= _MAX_PATHS:
            return
        if k == len(members) - 1:
            last = members[k]
            if c.has((node, last, end)) or isinstance(last, BNode) and end in _values(c, node, last):
                paths.append(path + [(node, members[k], end)])
            return
        for nxt in _values(c, node, members[k]):
            walk(nxt, k + 1, path + [(node, members[k], nxt)])

    walk(start, 0, [])
    return paths


def _equality_rules(c: Closure, goal, add) -> None:
    s, p, o = goal
    for s0 in _aliases(c, s):
        add(Instance("eq-rep-s", ((s0, SAME, s), (s0, p, o))))
    for p0 in _aliases(c, p):
        add(Instance("eq-rep-p", ((p0, SAME, p), (s, p0, o))))
    others = set(_aliases(c, o))
    if isinstance(o, Literal):  # a literal's owl:sameAs is dropped by the noise filter: try its peers
        others |= {v for v in c.objects(s, p) if isinstance(v, Literal)}
    for o0 in sorted(others, key=str):
        if o0 != o:
            add(Instance("eq-rep-o", ((o0, SAME, o), (s, p, o0))))


def _aliases(c: Closure, node) -> list:
    """The other names of ``node`` by owl:sameAs, either way (``a sameAs b`` gives ``b sameAs a``
    by eq-sym, which the noise filter drops when ``b`` is a literal)."""
    return [n for n in dict.fromkeys((*c.subjects(SAME, node), *c.objects(node, SAME))) if n != node]


def _class_rules(c: Closure, goal, add) -> None:
    x, _type, cls = goal
    for q in c.subjects(DOMAIN, cls):
        for y in itertools.islice(c.dataset.objects(x, q), FAN_IN):
            add(Instance("prp-dom", ((q, DOMAIN, cls), (x, q, y))))
    for q in c.subjects(RANGE, cls):
        for u in itertools.islice(c.dataset.subjects(q, x), FAN_IN):
            add(Instance("prp-rng", ((q, RANGE, cls), (u, q, x))))
    supers = c.subjects(SCO, cls) if cls != THING else c.objects(x, TYPE)  # "c rdfs:subClassOf owl:Thing" is dropped
    for c1 in supers:
        if c1 != cls:
            add(Instance("cax-sco", ((c1, SCO, cls), (x, TYPE, c1))))
    for c1 in c.subjects(EQC, cls):
        if c1 != cls:
            add(Instance("cax-eqc1", ((c1, EQC, cls), (x, TYPE, c1))))
    for c2 in c.objects(cls, EQC):
        if c2 != cls:
            add(Instance("cax-eqc2", ((cls, EQC, c2), (x, TYPE, c2))))
    for q in c.objects(cls, ONPROP):
        for y in c.objects(cls, HV):
            add(Instance("cls-hv2", ((cls, HV, y), (cls, ONPROP, q), (x, q, y))))
        for y in c.objects(cls, SVF):
            for v in c.objects(x, q):
                if y == THING:
                    add(Instance("cls-svf2", ((cls, SVF, y), (cls, ONPROP, q), (x, q, v))))
                else:
                    add(Instance("cls-svf1", ((cls, SVF, y), (cls, ONPROP, q), (x, q, v), (v, TYPE, y))))
    for xx in c.subjects(AVF, cls):
        for q in c.objects(xx, ONPROP):
            for u in itertools.islice(c.dataset.subjects(q, x), FAN_IN):
                add(Instance("cls-avf", ((xx, AVF, cls), (xx, ONPROP, q), (u, TYPE, xx), (u, q, x))))
    for head in c.objects(cls, INTERSECTION):
        members = c.items(head)
        if members:
            add(Instance("cls-int1", ((cls, INTERSECTION, head), *((x, TYPE, ci) for ci in members))))
    for cc, head in c.subject_objects(INTERSECTION):
        if cls in c.items(head):
            add(Instance("cls-int2", ((cc, INTERSECTION, head), (x, TYPE, cc))))
    for head in c.objects(cls, UNION):
        for ci in c.items(head):
            add(Instance("cls-uni", ((cls, UNION, head), (x, TYPE, ci))))
    for head in c.objects(cls, ONEOF):
        if x in c.items(head):
            add(Instance("cls-oo", ((cls, ONEOF, head),)))
    from owlrl.XsdDatatypes import OWL_Datatype_Subsumptions

    if not isinstance(x, Literal):
        for narrow, wider in OWL_Datatype_Subsumptions.items():
            if cls in wider:
                add(Instance("owlrl-datatype-subsumption", ((x, TYPE, narrow),)))


def _same_rules(c: Closure, goal, add) -> None:
    y1, _same, y2 = goal
    if y1 == y2:
        some = [t for pattern in ((y1, None, None), (None, y1, None), (None, None, y1))
                for t in itertools.islice(c.dataset.triples(pattern), 50) if t != goal]
        first = min(some, key=_sort_key) if some else None
        if first is None:  # a vocabulary term only owlrl's one-time triples name
            first = next(((y1, TYPE, kind) for kind in (RDFS.Datatype, OWL.Class, OWL.AnnotationProperty)
                          if _one_time_rule((y1, TYPE, kind))), None)
        if first is not None:
            add(Instance("eq-ref", (first,)))
        return
    add(Instance("eq-sym", ((y2, SAME, y1),)))
    for y in c.objects(y1, SAME):
        if y not in (y1, y2) and plausible(c, (y, SAME, y2)):
            add(Instance("eq-trans", ((y1, SAME, y), (y, SAME, y2))))
    for x, q in c.subject_predicates(y1):
        if c.has((x, q, y2)):
            if c.has((q, TYPE, OWL.FunctionalProperty)):
                add(Instance("prp-fp", ((q, TYPE, OWL.FunctionalProperty), (x, q, y1), (x, q, y2))))
            for xx in c.subjects(ONPROP, q):
                for n in c.objects(xx, MAXC):
                    if _is_one(n):
                        add(Instance("cls-maxc2", ((xx, MAXC, n), (xx, ONPROP, q), (x, TYPE, xx),
                                                   (x, q, y1), (x, q, y2))))
                for n in c.objects(xx, MAXQC):
                    if _is_one(n):
                        for cc in c.objects(xx, ONCLASS):
                            if cc == THING:
                                add(Instance("cls-maxqc4", ((xx, MAXQC, n), (xx, ONPROP, q), (xx, ONCLASS, cc),
                                                            (x, TYPE, xx), (x, q, y1), (x, q, y2))))
                            else:
                                add(Instance("cls-maxqc3", ((xx, MAXQC, n), (xx, ONPROP, q), (xx, ONCLASS, cc),
                                                            (x, TYPE, xx), (x, q, y1), (y1, TYPE, cc),
                                                            (x, q, y2), (y2, TYPE, cc))))
    for q, y in c.predicate_objects(y1):
        if c.has((q, TYPE, OWL.InverseFunctionalProperty)) and c.has((y2, q, y)):
            add(Instance("prp-ifp", ((q, TYPE, OWL.InverseFunctionalProperty), (y1, q, y), (y2, q, y))))
    for cls, head in c.subject_objects(HASKEY):
        keys = c.items(head)
        if not keys or not (c.has((y1, TYPE, cls)) and c.has((y2, TYPE, cls))):
            continue
        shared = []
        for key in keys[:-1]:  # owlrl's prp-key compares every key value but the last
            common = [z for z in c.objects(y1, key) if c.has((y2, key, z))]
            if not common:
                break
            shared += [(y1, key, common[0]), (y2, key, common[0])]
        else:
            add(Instance("prp-key", ((cls, HASKEY, head), (y1, TYPE, cls), (y2, TYPE, cls), *shared)))


def _is_one(n) -> bool:
    return isinstance(n, Literal) and getattr(n, "value", None) == 1


def _schema_rules(c: Closure, goal, add) -> None:
    a, p, b = goal
    if p == SCO:
        if a == b or b == THING or a == NOTHING:
            add(Instance("scm-cls", ((a if a != NOTHING else b, TYPE, OWL.Class),)))
        for m in c.objects(a, SCO):
            if m not in (a, b):
                add(Instance("scm-sco", ((a, SCO, m), (m, SCO, b))))
        for pair in ((a, EQC, b), (b, EQC, a)):
            if c.has(pair):
                add(Instance("scm-eqc1", (pair,)))
        for head in c.objects(a, INTERSECTION):
            if b in c.items(head):
                add(Instance("scm-int", ((a, INTERSECTION, head),)))
        for head in c.objects(b, UNION):
            if a in c.items(head):
                add(Instance("scm-uni", ((b, UNION, head),)))
        _restriction_schema(c, a, b, add)
    elif p == EQC:
        if a == b:
            add(Instance("scm-cls", ((a, TYPE, OWL.Class),)))
        add(Instance("scm-eqc2", ((a, SCO, b), (b, SCO, a))))
    elif p in (SPO, EQP) and a == b:
        for kind, rule in ((OWL.ObjectProperty, "scm-op"), (RDF.Property, "scm-op"), (OWL.DatatypeProperty, "scm-dp")):
            if c.has((a, TYPE, kind)):
                add(Instance(rule, ((a, TYPE, kind),)))
    elif p == SPO:
        for m in c.objects(a, SPO):
            if m not in (a, b) and c.has((m, SPO, b)):
                add(Instance("scm-spo", ((a, SPO, m), (m, SPO, b))))
        for pair in ((a, EQP, b), (b, EQP, a)):
            if c.has(pair):
                add(Instance("scm-eqp1", (pair,)))
    elif p == EQP:
        if a != b and c.has((a, SPO, b)) and c.has((b, SPO, a)):
            add(Instance("scm-eqp2", ((a, SPO, b), (b, SPO, a))))
    else:  # domain, range
        one, two = ("scm-dom1", "scm-dom2") if p == DOMAIN else ("scm-rng1", "scm-rng2")
        for c1 in c.objects(a, p):
            if c1 != b and c.has((c1, SCO, b)):
                add(Instance(one, ((a, p, c1), (c1, SCO, b))))
        for p2 in c.objects(a, SPO):
            if p2 != a and c.has((p2, p, b)):
                add(Instance(two, ((p2, p, b), (a, SPO, p2))))


def _restriction_schema(c: Closure, c1, c2, add) -> None:
    """scm-hv, scm-svf1/2, scm-avf1/2 concluding ``c1 rdfs:subClassOf c2``."""
    for p1 in c.objects(c1, ONPROP):
        for p2 in c.objects(c2, ONPROP):
            for i in c.objects(c1, HV):
                if c.has((c2, HV, i)):
                    add(Instance("scm-hv", ((c1, HV, i), (c1, ONPROP, p1), (c2, HV, i), (c2, ONPROP, p2),
                                            (p1, SPO, p2))))
            for y1 in c.objects(c1, SVF):
                for y2 in c.objects(c2, SVF):
                    if p1 == p2:
                        add(Instance("scm-svf1", ((c1, SVF, y1), (c1, ONPROP, p1), (c2, SVF, y2),
                                                  (c2, ONPROP, p2), (y1, SCO, y2))))
                    if y1 == y2:
                        add(Instance("scm-svf2", ((c1, SVF, y1), (c1, ONPROP, p1), (c2, SVF, y2),
                                                  (c2, ONPROP, p2), (p1, SPO, p2))))
            for y1 in c.objects(c1, AVF):  # scm-avf1: c1 avf y1, c2 avf y2, y1 sub-class of y2
                for y2 in c.objects(c2, AVF):
                    if p1 == p2:
                        add(Instance("scm-avf1", ((c1, AVF, y1), (c1, ONPROP, p1), (c2, AVF, y2),
                                                  (c2, ONPROP, p2), (y1, SCO, y2))))
                    if y1 == y2:  # scm-avf2 concludes c2 sco c1
                        add(Instance("scm-avf2", ((c2, AVF, y1), (c2, ONPROP, p2), (c1, AVF, y1),
                                                  (c1, ONPROP, p1), (p2, SPO, p1))))


def _one_time_rules(c: Closure, goal, add) -> None:
    """owlrl's one-time triples: axioms with no premise, and its datatype-typing quirk."""
    rule = _one_time_rule(goal)
    if rule:
        add(Instance(rule, ()))
    from owlrl.XsdDatatypes import OWL_RL_Datatypes

    x, p, o = goal
    if p == TYPE and o == RDFS.Datatype and x not in OWL_RL_Datatypes:
        # owlrl takes a resource the same as a member of a datatype (explicitly typed) for a datatype
        for y in _aliases(c, x):
            for d in c.objects(y, TYPE):
                if d in OWL_RL_Datatypes:
                    add(Instance("owlrl-datatype-sameas", ((x, SAME, y), (y, TYPE, d))))


def _one_time_rule(goal) -> str | None:
    """The owlrl one-time rule that adds ``goal`` with no premise, if one does."""
    from owlrl.AxiomaticTriples import OWLRL_Datatypes_Disjointness
    from owlrl.OWLRL import OWLRL_Annotation_properties
    from owlrl.XsdDatatypes import OWL_Datatype_Subsumptions, OWL_RL_Datatypes

    s, p, o = goal
    if p == TYPE:
        if o == OWL.Class and s in (THING, NOTHING):
            return "cls-thing" if s == THING else "cls-nothing1"
        if o == OWL.AnnotationProperty and s in OWLRL_Annotation_properties:
            return "prp-ap"
        if o == RDFS.Datatype and s in OWL_RL_Datatypes:
            return "dt-type1"
        if isinstance(s, Literal) and s.datatype in OWL_RL_Datatypes:
            if s.datatype == o:
                return "dt-type2"
            if o in OWL_Datatype_Subsumptions.get(s.datatype, ()):
                return "owlrl-datatype-subsumption"
    elif (s, p, o) in OWLRL_Datatypes_Disjointness:
        return "owlrl-datatype-disjointness"
    return None


@dataclass
class ProofSearch:
    """Shortest proofs of triples of ``closure`` (see the module's text).

    >>> from csto_kg.api import _fixture_kg
    >>> from csto_kg.namespaces import CSTO, KG
    >>> search = ProofSearch(Closure(_fixture_kg().dataset))
    >>> proof = search.shortest((KG.Armenia, TYPE, CSTO.MemberState))
    >>> proof.rule, proof.height, [p.rule for p in proof.premises]
    ('cax-eqc2', 3, [None, 'cls-svf1'])
    >>> search.shortest((KG.Armenia, TYPE, CSTO.Organization)) is None
    True
    """

    closure: Closure
    max_depth: int = 12
    deadline: float | None = None  # time.monotonic() past which the search stops
    timeout: float | None = None  # the seconds that deadline stands for (for messages)
    _memo: dict = field(default_factory=dict)
    _instances: dict = field(default_factory=dict)
    _steps: int = 0

    def shortest(self, goal, *, avoid: frozenset = frozenset()) -> Derivation | None:
        """The shortest proof of ``goal`` (None when there is none within ``max_depth`` levels)."""
        if self.closure.asserted(goal):
            return Derivation(goal)
        if not plausible(self.closure, goal):
            return None
        for depth in range(1, self.max_depth + 1):
            found = self._prove(goal, depth, avoid)
            if found is not None:
                return found
        return None

    def alternatives(self, goal, *, limit: int = 10) -> list[Derivation]:
        """Up to ``limit`` proofs of ``goal``, one per rule instance concluding it, shortest first."""
        proofs = []
        if self.closure.asserted(goal):
            proofs.append(Derivation(goal))
        if plausible(self.closure, goal):
            avoid = frozenset({goal})
            for instance in self._instances_of(goal):
                premises = []
                for premise in instance.premises:
                    proof = self.shortest(premise, avoid=avoid)
                    if proof is None or proof.height >= self.max_depth:
                        break
                    premises.append(proof)
                else:
                    proofs.append(_derived(goal, instance.rule, premises))
        ranked = sorted(enumerate(proofs), key=lambda ip: (ip[1].height, ip[1].size, ip[0]))
        return [proof for _i, proof in ranked][:limit]

    def _instances_of(self, goal) -> list[Instance]:
        found = self._instances.get(goal)
        if found is None:
            self._tick()
            found = self._instances[goal] = instances(self.closure, goal)
        return found

    def _tick(self) -> None:
        self._steps += 1
        if self.deadline is not None and self._steps % 64 == 1 and time.monotonic() > self.deadline:
            raise SearchTimeout(seconds=self.timeout)

    def _prove(self, goal, depth: int, avoid: frozenset) -> Derivation | None:
        """The smallest proof of ``goal`` with at most ``depth`` levels of rules, not using ``avoid``."""
        if goal in avoid:
            return None
        if self.closure.asserted(goal):
            return Derivation(goal)
        if depth == 0:
            return None
        key = (goal, depth, avoid)
        if key in self._memo:
            return self._memo[key]
        self._memo[key] = None
        best = None
        for instance in self._instances_of(goal):
            premises = []
            for premise in instance.premises:
                proof = self._prove(premise, depth - 1, avoid)
                if proof is None:
                    break
                premises.append(proof)
            else:
                candidate = _derived(goal, instance.rule, premises)
                if best is None or candidate.size < best.size:
                    best = candidate
        self._memo[key] = best
        return best
