"""The fast OWL 2 RL reasoner: owlrl's rules, evaluated semi-naively over hash indexes.

owlrl (``OWLRL_Semantics``) applies every rule to every triple of the graph
in each cycle until a cycle adds nothing: its closure is the least fixpoint
of its rules. This engine computes the same fixpoint, but each round only
looks at the triples that are new since the previous round (the *delta*):
each delta triple is joined, in every premise position it can take, with
the whole store through the per-predicate hash indexes of
:mod:`csto_kg.rl_store`. What each rule needs from the ontology (domains of
a property, super-classes of a class, chains a property takes part in, ...)
is looked up once per round and predicate/class ("plans").

The rules are owlrl's own, quirks included (see ``tests/test_rl_rules.py``,
one small case per rule, checked against owlrl): eq-ref gives every term
of every triple a reflexive ``owl:sameAs``; literals may be subjects while
reasoning; a rule never stores a triple with a literal predicate; triples
with a blank-node predicate are removed at the end; prp-key, eq-diff2 and
prp-adp skip the last element of their lists as owlrl does. Inconsistency
messages are produced by :mod:`csto_kg.rl_checks` over the final closure,
word for word as owlrl writes them.
"""

from __future__ import annotations

import time
from collections import Counter

from rdflib import URIRef
from rdflib.namespace import OWL, RDF, RDFS

from .budgets import Budget, BudgetExceeded
from .rl_store import TermTable, TripleIndex

_VOCABULARY = {
    "TYPE": RDF.type, "FIRST": RDF.first, "REST": RDF.rest, "NIL": RDF.nil,
    "PROPERTY": RDF.Property, "SCO": RDFS.subClassOf, "SPO": RDFS.subPropertyOf,
    "DOMAIN": RDFS.domain, "RANGE": RDFS.range, "SAME": OWL.sameAs, "EQC": OWL.equivalentClass,
    "EQP": OWL.equivalentProperty, "INV": OWL.inverseOf, "CHAIN": OWL.propertyChainAxiom,
    "FP": OWL.FunctionalProperty, "IFP": OWL.InverseFunctionalProperty,
    "SYM": OWL.SymmetricProperty, "TRANS": OWL.TransitiveProperty, "CLASS": OWL.Class,
    "OBJPROP": OWL.ObjectProperty, "DATAPROP": OWL.DatatypeProperty, "THING": OWL.Thing,
    "NOTHING": OWL.Nothing, "INTERSECTION": OWL.intersectionOf, "UNION": OWL.unionOf,
    "ONEOF": OWL.oneOf, "SVF": OWL.someValuesFrom, "AVF": OWL.allValuesFrom,
    "HV": OWL.hasValue, "ONPROP": OWL.onProperty, "MAXC": OWL.maxCardinality,
    "MAXQC": OWL.maxQualifiedCardinality, "ONCLASS": OWL.onClass, "HASKEY": OWL.hasKey,
}


class Vocabulary:
    """Ids of the RDF/RDFS/OWL terms the rules use (attributes named as in ``_VOCABULARY``)."""

    def __init__(self, table: TermTable):
        for name, term in _VOCABULARY.items():
            setattr(self, name, table.id(term))


class RuleEngine:
    """Forward chaining to owlrl's fixpoint.

    >>> from rdflib import URIRef
    >>> from rdflib.namespace import RDF, RDFS
    >>> A, B, x = (URIRef("http://example.org/" + n) for n in "ABx")
    >>> engine = RuleEngine()
    >>> engine.load([(A, RDFS.subClassOf, B), (x, RDF.type, A)])
    >>> engine.run()
    >>> (x, RDF.type, B) in set(engine.inferred_terms())
    True
    """

    def __init__(self, *, budget: Budget | None = None, progress=None):
        """``progress(rounds, inferred, finished=False)`` is called after each round."""
        self.table = TermTable()
        self.v = Vocabulary(self.table)
        self.store = TripleIndex()
        self.store.set_list_vocabulary(self.v.FIRST, self.v.REST, self.v.NIL)
        self.budget = budget or Budget()
        self.progress = progress
        self.grown: Counter = Counter()
        self.inferred_log: list = []
        self.asserted_count = 0
        self.rounds = 0
        self._seen: set = set()
        self._aliased: set = set()
        self._started = time.perf_counter()

    # -- input -----------------------------------------------------------

    def load(self, triples) -> None:
        """Add asserted rdflib triples (before :meth:`run`)."""
        intern, add = self.table.id, self.store.add
        iris, text, URI = self.table._iris, str.__str__, URIRef
        count = 0
        for s, p, o in triples:
            # IRIs seen before: one C-level dict lookup instead of a call (the common case)
            si = iris.get(text(s)) if type(s) is URI else None
            pi = iris.get(text(p)) if type(p) is URI else None
            oi = iris.get(text(o)) if type(o) is URI else None
            if add(intern(s) if si is None else si, intern(p) if pi is None else pi,
                   intern(o) if oi is None else oi):
                count += 1
        self.asserted_count += count

    def asserted(self):
        """Every asserted triple as ids (the store before reasoning)."""
        return self.store.triples()

    # -- the fixpoint ----------------------------------------------------

    def run(self, *, one_time=()) -> None:
        """Reason to the fixpoint. ``one_time``: extra id triples (owlrl's one-time rules)."""
        self._started = time.perf_counter()
        delta = list(self.store.triples())
        self._next = []
        for s, p, o in one_time:
            self._emit(s, p, o, "one-time")
        delta.extend(self._next)
        self._first_round = True
        while delta:
            self.rounds += 1
            self._next = []
            self._plans: dict = {}
            self._class_plans: dict = {}
            self._lists = None
            self._round(delta)
            self._first_round = False
            self._check_budget(force=True)
            if self.progress:
                self.progress(self.rounds, len(self.inferred_log))
            delta = self._next
        if self.progress:
            self.progress(self.rounds, len(self.inferred_log), finished=True)

    def _emit(self, s, p, o, rule) -> None:
        """Store an inferred triple unless known (TripleIndex.add, inlined: the hot path)."""
        if p < 0:  # owlrl's store_triple never stores a literal predicate
            return
        store = self.store
        forward = store.fwd.get(p)
        if forward is None or p in store._ordered:
            if not store.add(s, p, o):
                return
        else:
            objects = forward.get(s)
            if objects is None:
                forward[s] = {o}
            elif o in objects:
                return
            else:
                objects.add(o)
            backward = store.bwd[p]
            subjects = backward.get(o)
            if subjects is None:
                backward[o] = {s}
            else:
                subjects.add(s)
            store.size += 1
        triple = (s, p, o)
        self._next.append(triple)
        self.inferred_log.append(triple)
        self.grown[rule] += 1

    def _check_budget(self, *, force=False) -> None:
        budget = self.budget
        inferred = len(self.inferred_log)
        elapsed = time.perf_counter() - self._started
        over = None
        if budget.max_triples is not None and inferred > budget.max_triples:
            over = ("triples", budget.max_triples)
        elif budget.max_seconds is not None and elapsed > budget.max_seconds:
            over = ("seconds", budget.max_seconds)
        if over:
            rule, count = self.grown.most_common(1)[0] if self.grown else ("none", 0)
            raise BudgetExceeded(over[0], over[1], rule, count, inferred, elapsed)

    # -- one round ---------------------------------------------------------

    def _round(self, delta) -> None:
        v, store = self.v, self.store
        fwd, bwd = store.fwd, store.bwd
        emit, seen = self._emit, self._seen
        TYPE, SAME = v.TYPE, v.SAME
        schema = self._schema_handlers()
        dirty_restrictions: set = set()
        restriction_predicates = {v.SVF, v.AVF, v.HV, v.ONPROP, v.MAXC, v.MAXQC, v.ONCLASS}
        rescan_lists = rescan_scm = False
        list_predicates = {v.FIRST, v.REST}
        scm_predicates = restriction_predicates | {v.SCO, v.SPO}
        check = self._check_budget
        groups: dict = {}
        for triple in delta:  # by predicate: one plan lookup per predicate, not per triple
            group = groups.get(triple[1])
            if group is None:
                groups[triple[1]] = [triple]
            else:
                group.append(triple)
        for p, triples in groups.items():
            if len(triples) > 0x3FFF:
                check()
            # eq-ref: every term of every triple is the same as itself
            if p not in seen:
                seen.add(p)
                emit(p, SAME, p, "eq-ref")
            for s, _p, o in triples:
                if s not in seen:
                    seen.add(s)
                    emit(s, SAME, s, "eq-ref")
                if o not in seen:
                    seen.add(o)
                    emit(o, SAME, o, "eq-ref")
            plan = self._plans.get(p)
            if plan is None:
                plan = self._plans[p] = self._property_plan(p)
            doms, rngs, copies, invs, sym, trans, fp, ifp, chains, restrictions = plan
            for c in doms:
                for s, _p, o in triples:
                    emit(s, TYPE, c, "prp-dom")
            for c in rngs:
                for s, _p, o in triples:
                    emit(o, TYPE, c, "prp-rng")
            for q in copies:
                for s, _p, o in triples:
                    emit(s, q, o, "prp-spo1")
            for q in invs:
                for s, _p, o in triples:
                    emit(o, q, s, "prp-inv")
            if sym:
                for s, _p, o in triples:
                    emit(o, p, s, "prp-symp")
            if trans:
                forward, backward = fwd[p], bwd[p]
                for s, _p, o in triples:
                    for z in tuple(forward.get(o, ())):
                        emit(s, p, z, "prp-trp")
                    for w in tuple(backward.get(s, ())):
                        emit(w, p, o, "prp-trp")
            if fp:
                forward = fwd[p]
                for s, _p, o in triples:
                    for y2 in tuple(forward.get(s, ())):
                        if y2 != o:
                            emit(o, SAME, y2, "prp-fp")
                            emit(y2, SAME, o, "prp-fp")
            if ifp:
                backward = bwd[p]
                for s, _p, o in triples:
                    for x2 in tuple(backward.get(o, ())):
                        if x2 != s:
                            emit(s, SAME, x2, "prp-ifp")
                            emit(x2, SAME, s, "prp-ifp")
            for chain_property, members, position in chains:
                for s, _p, o in triples:
                    self._chain_through(chain_property, members, position, s, o)
            for restriction in restrictions:
                for s, _p, o in triples:
                    self._restriction_on_value(restriction, s, p, o)
            if p == TYPE:
                member = self._class_member
                for s, _p, o in triples:
                    member(s, o)
            if self._aliased:
                for s, _p, o in triples:
                    self._replace_aliases(s, p, o)
            handler = schema.get(p)
            if handler is not None:
                for s, _p, o in triples:
                    if p != SAME or s != o:
                        handler(s, o)
            if p in restriction_predicates:
                dirty_restrictions.update(s for s, _p, _o in triples)
            if p in scm_predicates:
                rescan_scm = True
            if p in list_predicates and not self._first_round:
                rescan_lists = True
        for xx in dirty_restrictions:
            self._restriction_full(xx)
        if rescan_scm:
            self._scm_restrictions()
        if rescan_lists:
            self._lists_full()
        if fwd.get(v.HASKEY):  # rare: evaluated whole every round
            self._has_key()

    # -- plans (what the ontology says about a predicate or class) ------------

    def _values(self, s, p):
        return self.store.fwd.get(p, {}).get(s, ())

    def _holders(self, p, o):
        return self.store.bwd.get(p, {}).get(o, ())

    def _has(self, s, p, o) -> bool:
        return o in self.store.fwd.get(p, {}).get(s, ())

    def _property_plan(self, p):
        v, values, holders, has = self.v, self._values, self._holders, self._has
        doms = tuple(values(p, v.DOMAIN))
        rngs = tuple(values(p, v.RANGE))
        copies = set(values(p, v.SPO))
        for p1, p2 in ((p, q) for q in values(p, v.EQP)):
            if p1 != p2:
                copies.add(p2)
        for q in holders(v.EQP, p):
            if q != p:
                copies.add(q)
        copies.discard(p)
        invs = set(values(p, v.INV)) | set(holders(v.INV, p))
        sym = has(p, v.TYPE, v.SYM)
        trans = has(p, v.TYPE, v.TRANS)
        fp = has(p, v.TYPE, v.FP)
        ifp = has(p, v.TYPE, v.IFP)
        lists = self._list_axioms()
        chains = tuple((cp, members, i) for cp, members in lists["chain"]
                       for i, member in enumerate(members) if member == p)
        restrictions = []
        for xx in holders(v.ONPROP, p):
            for y in values(xx, v.SVF):
                restrictions.append(("svf", xx, y))
            for y in values(xx, v.HV):
                restrictions.append(("hv2", xx, y))
            for y in values(xx, v.AVF):
                restrictions.append(("avf", xx, y))
            for n in values(xx, v.MAXC):
                if self._number(n) == 1:
                    restrictions.append(("maxc2", xx, None))
            for n in values(xx, v.MAXQC):
                if self._number(n) == 1:
                    for cc in values(xx, v.ONCLASS):
                        restrictions.append(("maxqc", xx, cc))
        return (doms, rngs, tuple(copies), tuple(invs), sym, trans, fp, ifp, chains,
                tuple(restrictions))

    def _number(self, n):
        """``x.value`` of a cardinality literal, as owlrl compares it with 0 and 1."""
        return getattr(self.table.term(n), "value", None) if n < 0 else None

    def _list_axioms(self) -> dict:
        """Lists of the list-valued axioms (chains, intersections, unions, oneOf), once a round."""
        if self._lists is None:
            v, fwd, items = self.v, self.store.fwd, self.store.items
            found = {}
            for name, predicate in (("chain", v.CHAIN), ("intersection", v.INTERSECTION),
                                    ("union", v.UNION), ("oneof", v.ONEOF)):
                found[name] = [(s, items(head)) for s, heads in fwd.get(predicate, {}).items()
                               for head in heads]
            member_of: dict = {"intersection": {}, "union": {}}
            for name in member_of:
                for c, members in found[name]:
                    for member in set(members):
                        member_of[name].setdefault(member, []).append((c, members))
            found["member_of"] = member_of
            self._lists = found
        return self._lists

    def _class_plan(self, c):
        v, values, holders = self.v, self._values, self._holders
        supers = {c2 for c2 in values(c, v.SCO) if c2 != c}
        supers |= {c2 for c2 in values(c, v.EQC) if c2 != c}
        supers |= {c2 for c2 in holders(v.EQC, c) if c2 != c}
        lists = self._list_axioms()
        int2 = [ci for cc, members in lists["intersection"] if cc == c for ci in members]
        int1 = lists["member_of"]["intersection"].get(c, ())
        uni = [cc for cc, _members in lists["member_of"]["union"].get(c, ())]
        own = []  # restrictions whose class is c: (kind, onProperty, value)
        on_props = tuple(values(c, v.ONPROP))
        for pp in on_props:
            for y in values(c, v.AVF):
                own.append(("avf", pp, y))
            for y in values(c, v.HV):
                own.append(("hv1", pp, y))
            for n in values(c, v.MAXC):
                if self._number(n) == 1:
                    own.append(("maxc2", pp, None))
            for n in values(c, v.MAXQC):
                if self._number(n) == 1:
                    for cc in values(c, v.ONCLASS):
                        own.append(("maxqc", pp, cc))
        svf_targets = [(xx, pp) for xx in holders(v.SVF, c) for pp in values(xx, v.ONPROP)]
        qualified = [(xx, pp) for xx in holders(v.ONCLASS, c)
                     if any(self._number(n) == 1 for n in values(xx, v.MAXQC))
                     for pp in values(xx, v.ONPROP)]
        return tuple(supers), int2, int1, uni, own, svf_targets, qualified

    # -- data-side rules -------------------------------------------------------

    def _chain_through(self, chain_property, members, position, s, o) -> None:
        """prp-spo2 for chains whose ``position``-th property links s to o."""
        fwd, bwd = self.store.fwd, self.store.bwd
        starts = {s}
        for k in range(position - 1, -1, -1):
            backward = bwd.get(members[k], {})
            starts = {w for x in starts for w in backward.get(x, ())}
            if not starts:
                return
        ends = {o}
        for k in range(position + 1, len(members)):
            forward = fwd.get(members[k], {})
            ends = {z for y in ends for z in forward.get(y, ())}
            if not ends:
                return
        emit = self._emit
        for u in starts:
            for z in ends:
                emit(u, chain_property, z, "prp-spo2")

    def _restriction_on_value(self, restriction, s, p, o) -> None:
        kind, xx, y = restriction
        v, has, emit = self.v, self._has, self._emit
        if kind == "svf":
            if y == v.THING or has(o, v.TYPE, y):
                emit(s, v.TYPE, xx, "cls-svf")
        elif kind == "hv2":
            if o == y:
                emit(s, v.TYPE, xx, "cls-hv2")
        elif kind == "avf":
            if has(s, v.TYPE, xx):
                emit(o, v.TYPE, y, "cls-avf")
        elif has(s, v.TYPE, xx):  # maxc2 / maxqc (y = onClass)
            qualified = kind == "maxqc" and y != v.THING
            if qualified and not has(o, v.TYPE, y):
                return
            for y2 in tuple(self._values(s, p)):
                if y2 != o and (not qualified or has(y2, v.TYPE, y)):
                    emit(o, v.SAME, y2, "cls-" + kind)
                    emit(y2, v.SAME, o, "cls-" + kind)

    def _class_member(self, x, c) -> None:
        """Rules triggered by a new ``x rdf:type c``."""
        plan = self._class_plans.get(c)
        if plan is None:
            plan = self._class_plans[c] = self._class_plan(c)
        supers, int2, int1, uni, own, svf_targets, qualified = plan
        v, emit, has, values = self.v, self._emit, self._has, self._values
        TYPE = v.TYPE
        for c2 in supers:
            emit(x, TYPE, c2, "cax-sco")
        for ci in int2:
            emit(x, TYPE, ci, "cls-int2")
        for cc, members in int1:
            if members and all(has(x, TYPE, ci) for ci in members):
                emit(x, TYPE, cc, "cls-int1")
        for cc in uni:
            emit(x, TYPE, cc, "cls-uni")
        for kind, pp, y in own:
            if kind == "avf":
                for value in tuple(values(x, pp)):
                    emit(value, TYPE, y, "cls-avf")
            elif kind == "hv1":
                emit(x, pp, y, "cls-hv1")
            else:
                self._same_values(x, pp, y if kind == "maxqc" else v.THING, "cls-" + kind)
        for xx, pp in svf_targets:
            for u in tuple(self._holders(pp, x)):
                emit(u, TYPE, xx, "cls-svf")
        for xx, pp in qualified:  # x newly in the onClass of a max-1 qualified restriction
            for u in tuple(self._holders(pp, x)):
                if has(u, TYPE, xx):
                    self._same_values(u, pp, c, "cls-maxqc")

    def _same_values(self, u, pp, cc, rule) -> None:
        v, has, emit = self.v, self._has, self._emit
        vals = [y for y in self._values(u, pp) if cc == v.THING or has(y, v.TYPE, cc)]
        for y1 in vals:
            for y2 in vals:
                if y1 != y2:
                    emit(y1, v.SAME, y2, rule)

    def _replace_aliases(self, s, p, o) -> None:
        """eq-rep-s/p/o for a new triple whose terms have other owl:sameAs names."""
        aliased, same, emit = self._aliased, self.store.fwd[self.v.SAME], self._emit
        if s in aliased:
            for b in tuple(same.get(s, ())):
                if b != s:
                    emit(b, p, o, "eq-rep-s")
        if p in aliased:
            for b in tuple(same.get(p, ())):
                if b != p:
                    emit(s, b, o, "eq-rep-p")
        if o in aliased:
            for b in tuple(same.get(o, ())):
                if b != o:
                    emit(s, p, b, "eq-rep-o")

    # -- schema-side rules (the delta triple is an axiom) -------------------------

    def _schema_handlers(self) -> dict:
        v = self.v
        return {v.TYPE: self._on_type, v.DOMAIN: self._on_domain, v.RANGE: self._on_range,
                v.SPO: self._on_subproperty, v.EQP: self._on_equivalent_property,
                v.INV: self._on_inverse, v.CHAIN: self._on_chain, v.SCO: self._on_subclass,
                v.EQC: self._on_equivalent_class, v.SAME: self._on_same,
                v.INTERSECTION: self._list_class_full, v.UNION: self._list_class_full,
                v.ONEOF: self._list_class_full}

    def _pairs(self, p):
        """Snapshot of every (s, o) of predicate p."""
        return [(s, o) for s, objects in self.store.fwd.get(p, {}).items() for o in tuple(objects)]

    def _on_type(self, s, o) -> None:
        v, emit, fwd, bwd = self.v, self._emit, self.store.fwd, self.store.bwd
        if o == v.FP:
            for x, ys in list(fwd.get(s, {}).items()):
                self._all_pairs_same(tuple(ys), "prp-fp")
        elif o == v.IFP:
            for y, xs in list(bwd.get(s, {}).items()):
                self._all_pairs_same(tuple(xs), "prp-ifp")
        elif o == v.SYM:
            for x, y in self._pairs(s):
                emit(y, s, x, "prp-symp")
        elif o == v.TRANS:
            forward = fwd.get(s, {})
            for x, y in self._pairs(s):
                for z in tuple(forward.get(y, ())):
                    emit(x, s, z, "prp-trp")
        elif o == v.CLASS:
            emit(s, v.SCO, s, "scm-cls")
            emit(s, v.EQC, s, "scm-cls")
            emit(s, v.SCO, v.THING, "scm-cls")
            emit(v.NOTHING, v.SCO, s, "scm-cls")
        elif o in (v.OBJPROP, v.DATAPROP, v.PROPERTY):
            emit(s, v.SPO, s, "scm-op")
            emit(s, v.EQP, s, "scm-op")

    def _all_pairs_same(self, nodes, rule) -> None:
        if len(nodes) > 1:
            emit, same = self._emit, self.v.SAME
            for a in nodes:
                for b in nodes:
                    if a != b:
                        emit(a, same, b, rule)

    def _on_domain(self, p, c) -> None:
        v, emit = self.v, self._emit
        for x in tuple(self.store.fwd.get(p, {})):
            emit(x, v.TYPE, c, "prp-dom")
        for c2 in tuple(self._values(c, v.SCO)):
            if c2 != c:
                emit(p, v.DOMAIN, c2, "scm-dom1")
        for p1 in tuple(self._holders(v.SPO, p)):
            if p1 != p:
                emit(p1, v.DOMAIN, c, "scm-dom2")

    def _on_range(self, p, c) -> None:
        v, emit = self.v, self._emit
        for y in tuple(self.store.bwd.get(p, {})):
            emit(y, v.TYPE, c, "prp-rng")
        for c2 in tuple(self._values(c, v.SCO)):
            if c2 != c:
                emit(p, v.RANGE, c2, "scm-rng1")
        for p1 in tuple(self._holders(v.SPO, p)):
            if p1 != p:
                emit(p1, v.RANGE, c, "scm-rng2")

    def _on_subproperty(self, p1, p2) -> None:
        v, emit, values, holders = self.v, self._emit, self._values, self._holders
        for x, y in self._pairs(p1):
            emit(x, p2, y, "prp-spo1")
        if p1 != p2:
            for p3 in tuple(values(p2, v.SPO)):  # scm-spo, as first premise
                if p3 != p1:
                    emit(p1, v.SPO, p3, "scm-spo")
            for p0 in tuple(holders(v.SPO, p1)):  # scm-spo, as second premise
                if p0 != p1 and p0 != p2:
                    emit(p0, v.SPO, p2, "scm-spo")
            if self._has(p2, v.SPO, p1):  # scm-eqp2, both premise orders
                emit(p1, v.EQP, p2, "scm-eqp2")
                emit(p2, v.EQP, p1, "scm-eqp2")
            for c in tuple(values(p2, v.DOMAIN)):
                emit(p1, v.DOMAIN, c, "scm-dom2")
            for c in tuple(values(p2, v.RANGE)):
                emit(p1, v.RANGE, c, "scm-rng2")

    def _on_equivalent_property(self, p1, p2) -> None:
        if p1 == p2:
            return
        v, emit = self.v, self._emit
        for x, y in self._pairs(p1):
            emit(x, p2, y, "prp-eqp")
        for x, y in self._pairs(p2):
            emit(x, p1, y, "prp-eqp")
        emit(p1, v.SPO, p2, "scm-eqp")
        emit(p2, v.SPO, p1, "scm-eqp")

    def _on_inverse(self, p1, p2) -> None:
        emit = self._emit
        for x, y in self._pairs(p1):
            emit(y, p2, x, "prp-inv")
        for x, y in self._pairs(p2):
            emit(y, p1, x, "prp-inv")

    def _on_chain(self, p, head) -> None:
        members = self.store.items(head)
        if not members:
            return
        for u1, _z in self._pairs(members[0]):
            self._chain_through(p, members, 0, u1, _z)

    def _on_subclass(self, c1, c2) -> None:
        v, emit, values, holders = self.v, self._emit, self._values, self._holders
        if c1 != c2:
            for x in tuple(holders(v.TYPE, c1)):
                emit(x, v.TYPE, c2, "cax-sco")
            for c3 in tuple(values(c2, v.SCO)):  # scm-sco, first premise
                if c3 != c1:
                    emit(c1, v.SCO, c3, "scm-sco")
            for c0 in tuple(holders(v.SCO, c1)):  # scm-sco, second premise
                if c0 != c1 and c0 != c2:
                    emit(c0, v.SCO, c2, "scm-sco")
            for p in tuple(holders(v.DOMAIN, c1)):
                emit(p, v.DOMAIN, c2, "scm-dom1")
            for p in tuple(holders(v.RANGE, c1)):
                emit(p, v.RANGE, c2, "scm-rng1")
        if self._has(c2, v.SCO, c1):  # scm-eqc2, both premise orders (c1 == c2 too)
            emit(c1, v.EQC, c2, "scm-eqc2")
            emit(c2, v.EQC, c1, "scm-eqc2")

    def _on_equivalent_class(self, c1, c2) -> None:
        if c1 == c2:
            return
        v, emit, holders = self.v, self._emit, self._holders
        for x in tuple(holders(v.TYPE, c1)):
            emit(x, v.TYPE, c2, "cax-eqc")
        for x in tuple(holders(v.TYPE, c2)):
            emit(x, v.TYPE, c1, "cax-eqc")
        emit(c1, v.SCO, c2, "scm-eqc")
        emit(c2, v.SCO, c1, "scm-eqc")

    def _on_same(self, a, b) -> None:
        if a == b:
            return
        self._aliased.add(a)
        self._aliased.add(b)
        v, emit, fwd, bwd = self.v, self._emit, self.store.fwd, self.store.bwd
        SAME = v.SAME
        emit(b, SAME, a, "eq-sym")
        for z in tuple(fwd[SAME].get(b, ())):
            emit(a, SAME, z, "eq-trans")
        for w in tuple(bwd[SAME].get(a, ())):
            emit(w, SAME, b, "eq-trans")
        # eq-rep-s / eq-rep-p / eq-rep-o: every triple naming a also holds of b
        for p, forward in list(fwd.items()):
            for o in tuple(forward.get(a, ())):
                emit(b, p, o, "eq-rep-s")
        for s, o in self._pairs(a):
            emit(s, b, o, "eq-rep-p")
        for p, backward in list(bwd.items()):
            for s in tuple(backward.get(a, ())):
                emit(s, p, b, "eq-rep-o")

    def _list_class_full(self, c, head) -> None:
        v, emit, has, holders = self.v, self._emit, self._has, self._holders
        members = self.store.items(head)
        if self._has(c, v.INTERSECTION, head):
            if members:
                for y in tuple(holders(v.TYPE, members[0])):
                    if all(has(y, v.TYPE, ci) for ci in members[1:]):
                        emit(y, v.TYPE, c, "cls-int1")
            for y in tuple(holders(v.TYPE, c)):
                for ci in members:
                    emit(y, v.TYPE, ci, "cls-int2")
            for ci in members:
                emit(c, v.SCO, ci, "scm-int")
        if self._has(c, v.UNION, head):
            for ci in members:
                for y in tuple(holders(v.TYPE, ci)):
                    emit(y, v.TYPE, c, "cls-uni")
                emit(ci, v.SCO, c, "scm-uni")
        if self._has(c, v.ONEOF, head):
            for y in members:
                emit(y, v.TYPE, c, "cls-oo")

    def _lists_full(self) -> None:
        """A list changed after the first round (owl:sameAs on list nodes): redo list axioms."""
        v = self.v
        self._lists = None
        self._plans.clear()
        self._class_plans.clear()
        for predicate in (v.INTERSECTION, v.UNION, v.ONEOF):
            for c, head in self._pairs(predicate):
                self._list_class_full(c, head)
        for p, head in self._pairs(v.CHAIN):
            self._on_chain(p, head)

    # -- restrictions and keys, evaluated whole -----------------------------------

    def _restriction_full(self, xx) -> None:
        """cls-svf/hv/avf/maxc/maxqc for restriction xx, whose definition changed."""
        v, emit, has, values, holders = self.v, self._emit, self._has, self._values, self._holders
        TYPE = v.TYPE
        for pp in tuple(values(xx, v.ONPROP)):
            forward = self.store.fwd.get(pp, {})
            for y in tuple(values(xx, v.SVF)):
                for u, vs in list(forward.items()):
                    if y == v.THING or any(has(w, TYPE, y) for w in vs):
                        emit(u, TYPE, xx, "cls-svf")
            for y in tuple(values(xx, v.HV)):
                for u in tuple(holders(TYPE, xx)):
                    emit(u, pp, y, "cls-hv1")
                for u in tuple(holders(pp, y)):
                    emit(u, TYPE, xx, "cls-hv2")
            for y in tuple(values(xx, v.AVF)):
                for u in tuple(holders(TYPE, xx)):
                    for w in tuple(values(u, pp)):
                        emit(w, TYPE, y, "cls-avf")
            if any(self._number(n) == 1 for n in values(xx, v.MAXC)):
                for u in tuple(holders(TYPE, xx)):
                    self._same_values(u, pp, v.THING, "cls-maxc2")
            if any(self._number(n) == 1 for n in values(xx, v.MAXQC)):
                for cc in tuple(values(xx, v.ONCLASS)):
                    for u in tuple(holders(TYPE, xx)):
                        self._same_values(u, pp, cc, "cls-maxqc")

    def _scm_restrictions(self) -> None:
        """scm-hv, scm-svf1/2, scm-avf1/2 over every restriction (few; redone when needed)."""
        v, emit, has, values, holders = self.v, self._emit, self._has, self._values, self._holders
        SCO, SPO = v.SCO, v.SPO
        for c1, i in self._pairs(v.HV):
            for p1 in tuple(values(c1, v.ONPROP)):
                for c2 in tuple(holders(v.HV, i)):
                    for p2 in tuple(values(c2, v.ONPROP)):
                        if has(p1, SPO, p2):
                            emit(c1, SCO, c2, "scm-hv")
        for predicate, kind in ((v.SVF, "svf"), (v.AVF, "avf")):
            for c1, y1 in self._pairs(predicate):
                for pp in tuple(values(c1, v.ONPROP)):
                    for c2 in tuple(holders(v.ONPROP, pp)):
                        for y2 in tuple(values(c2, predicate)):
                            if has(y1, SCO, y2):
                                emit(c1, SCO, c2, f"scm-{kind}1")
                for p1 in tuple(values(c1, v.ONPROP)):
                    for c2 in tuple(holders(predicate, y1)):
                        for p2 in tuple(values(c2, v.ONPROP)):
                            if has(p1, SPO, p2):
                                if kind == "svf":
                                    emit(c1, SCO, c2, "scm-svf2")
                                else:
                                    emit(c2, SCO, c1, "scm-avf2")

    def _has_key(self) -> None:
        """prp-key exactly as owlrl runs it (it compares all key values but the last)."""
        v, has, values, holders = self.v, self._has, self._values, self._holders
        for c, head in self._pairs(v.HASKEY):
            keys = self.store.items(head)
            if not keys:
                continue
            instances = tuple(holders(v.TYPE, c))
            for x in instances:
                combos = [[z] for z in values(x, keys[0])]
                for key in keys[1:]:
                    combos = [combo + [z] for z in values(x, key) for combo in combos]
                combos = [combo for combo in combos if len(combo) == len(keys)]
                for y in instances:
                    if y == x or has(y, v.SAME, x) or has(x, v.SAME, y):
                        continue
                    for combo in combos:
                        if all(has(y, keys[i], combo[i]) for i in range(len(keys) - 1)):
                            self._emit(x, v.SAME, y, "prp-key")
                            break

    # -- output ---------------------------------------------------------------

    def remove_blank_predicates(self) -> None:
        """owlrl's post-processing: drop every triple whose predicate is a blank node."""
        table, fwd = self.table, self.store.fwd
        blank = {p for p in fwd if table.is_bnode(p)}
        if not blank:
            return
        for p in blank:
            self.store.size -= sum(len(objects) for objects in fwd[p].values())
            del fwd[p]
            del self.store.bwd[p]
        self.inferred_log = [t for t in self.inferred_log if t[1] not in blank]

    def inferred_terms(self):
        """The inferred triples (closure minus input) as rdflib terms, unfiltered."""
        term = self.table.term
        for s, p, o in self.inferred_log:
            yield term(s), term(p), term(o)
