"""The fast OWL 2 RL reasoner: owlrl's rules, evaluated semi-naively over hash indexes.

owlrl (``OWLRL_Semantics``) applies every rule to every triple of the graph
in each cycle until a cycle adds nothing: its closure is the least fixpoint
of its rules. This engine computes the same fixpoint, but each round only
looks at the triples that are new since the previous round (the *delta*):
each delta triple is joined, in every premise position it can take, with
the whole store through the per-predicate hash indexes of
:mod:`csto_kg.reasoning.triple_index`. What each rule needs from the ontology (domains of
a property, super-classes of a class, chains a property takes part in, ...)
is looked up once per round and predicate/class ("plans"). The delta is kept
per predicate, and rules whose conclusion has a fixed predicate (and class)
add their triples in batches (``_emit_pairs``, ``_emit_types``: set
differences against the index instead of one call per candidate triple).
A transitive property's new pairs are closed in one step at the start of a
round (``_transitive_step``), so a pair is not re-derived once per
intermediate link of its path (the plain rule makes a chain of n links cost
n^3/6 joins; the step costs about one per pair of the closure).

The rules are owlrl's own, quirks included (see ``tests/test_rl_rules.py``,
one small case per rule, checked against owlrl): eq-ref gives every term
of every triple a reflexive ``owl:sameAs``; literals may be subjects while
reasoning; a rule never stores a triple with a literal predicate; triples
with a blank-node predicate are removed at the end; prp-key, eq-diff2 and
prp-adp skip the last element of their lists as owlrl does. Inconsistency
messages are produced by :mod:`csto_kg.reasoning.inconsistency_rules` over the final closure,
word for word as owlrl writes them.
"""

from __future__ import annotations

import time
from collections import Counter

from rdflib import URIRef
from rdflib.namespace import OWL, RDF, RDFS

from csto_kg.reasoning.budgets import Budget, BudgetExceeded
from csto_kg.reasoning.triple_index import TermTable, TripleIndex

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
        self._inferred_rounds: list = []  # each round's {p: [(s, o)]} of inferred triples
        self._removed_asserted = 0
        self.literals_only_objects = True  # no asserted triple has a literal subject or predicate
        self._transitive: set = set()  # transitive properties whose pairs _transitive_step keeps closed
        self._closed: dict = {}
        self.asserted_count = 0
        self.rounds = 0
        self._seen: set = set()
        self._aliased: set = set()
        self._started = time.perf_counter()

    # -- input -----------------------------------------------------------

    def load(self, triples) -> None:
        """Add asserted rdflib triples (before :meth:`run`)."""
        intern, store = self.table.id, self.store
        iris, text, URI = self.table._iris, str.__str__, URIRef
        fwd, bwd, ordered = store.fwd, store.bwd, store._ordered
        count = 0
        for s, p, o in triples:
            # IRIs seen before: one C-level dict lookup instead of a call (the common case)
            si = iris.get(text(s)) if type(s) is URI else None
            if si is None:
                si = intern(s)
                if si < 0:
                    self.literals_only_objects = False
            pi = iris.get(text(p)) if type(p) is URI else None
            if pi is None:
                pi = intern(p)
                if pi < 0:
                    self.literals_only_objects = False
            oi = iris.get(text(o)) if type(o) is URI else None
            if oi is None:
                oi = intern(o)
            forward = fwd.get(pi)
            if forward is None or pi in ordered:  # TripleIndex.add, inlined
                if store.add(si, pi, oi):
                    count += 1
                continue
            objects = forward.get(si)
            if objects is None:
                forward[si] = {oi}
            elif oi in objects:
                continue
            else:
                objects.add(oi)
            backward = bwd[pi]
            subjects = backward.get(oi)
            if subjects is None:
                backward[oi] = {si}
            else:
                subjects.add(si)
            store.size += 1
            count += 1
        self.asserted_count += count

    def load_by_subject(self, by_subject) -> int:
        """Add asserted triples given as ``{s: {p: objects}}``; returns how many were read.

        Same as :meth:`load`, but each subject and each predicate of a subject
        is interned once (rdflib's memory store keeps its triples this way).
        """
        intern, store = self.table.id, self.store
        iris, text, URI = self.table._iris, str.__str__, URIRef
        fwd, bwd, ordered = store.fwd, store.bwd, store._ordered
        read = count = 0
        for s, by_predicate in by_subject.items():
            si = intern(s)
            if si < 0:
                self.literals_only_objects = False
            for p, objects in by_predicate.items():
                pi = intern(p)
                if pi < 0:
                    self.literals_only_objects = False
                read += len(objects)
                forward = fwd.get(pi)
                if forward is None or pi in ordered:
                    for o in objects:
                        if store.add(si, pi, intern(o)):
                            count += 1
                    continue
                backward = bwd[pi]
                known = forward.get(si)
                if known is None:
                    known = forward[si] = set()
                before = len(known)
                for o in objects:
                    oi = iris.get(text(o)) if type(o) is URI else None
                    if oi is None:
                        oi = intern(o)
                    if oi in known:
                        continue
                    known.add(oi)
                    subjects = backward.get(oi)
                    if subjects is None:
                        backward[oi] = {si}
                    else:
                        subjects.add(si)
                added = len(known) - before
                if not known:
                    del forward[si]
                store.size += added
                count += added
        self.asserted_count += count
        return read

    def asserted(self):
        """Every asserted triple as ids (the store before reasoning)."""
        return self.store.triples()

    # -- the fixpoint ----------------------------------------------------

    def run(self, *, one_time=()) -> None:
        """Reason to the fixpoint. ``one_time``: extra id triples (owlrl's one-time rules).

        A round's delta is a dict ``{p: [(s, o), ...]}`` of the triples new since
        the previous round; every round's delta of inferred triples is kept
        (:meth:`inferred_ids`).
        """
        self._started = time.perf_counter()
        delta = {p: [(s, o) for s, objects in forward.items() for o in objects]
                 for p, forward in self.store.fwd.items()}
        self._next = {}
        self._closed = {}
        for s, p, o in one_time:
            self._emit(s, p, o, "one-time")
        if self._next:
            self._inferred_rounds.append(self._next)
            for p, pairs in self._next.items():
                delta[p] = delta.get(p, []) + pairs
        self._first_round = True
        while delta:
            self.rounds += 1
            self._next = {}
            self._plans: dict = {}
            self._class_plans: dict = {}
            self._lists = None
            closed, self._closed = self._closed, {}
            self._round(delta, closed)
            self._first_round = False
            if self._next:
                self._inferred_rounds.append(self._next)
            self._check_budget(force=True)
            if self.progress:
                self.progress(self.rounds, self.inferred_count())
            delta = self._next
        self._closed = {}
        if self.progress:
            self.progress(self.rounds, self.inferred_count(), finished=True)

    def inferred_count(self) -> int:
        """How many triples reasoning added so far."""
        return self.store.size - self.asserted_count - self._removed_asserted

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
        pending = self._next.get(p)
        if pending is None:
            self._next[p] = [(s, o)]
        else:
            pending.append((s, o))
        self.grown[rule] += 1

    def _emit_pairs(self, p, pairs, rule) -> None:
        """:meth:`_emit` of ``(s, p, o)`` for every ``(s, o)`` of ``pairs`` (not a live index of p)."""
        if p < 0:
            return
        store = self.store
        forward = store.fwd.get(p)
        if forward is None or p in store._ordered:
            emit = self._emit
            for s, o in pairs:
                emit(s, p, o, rule)
            return
        backward = store.bwd[p]
        added = []
        for s, o in pairs:
            objects = forward.get(s)
            if objects is None:
                forward[s] = {o}
            elif o in objects:
                continue
            else:
                objects.add(o)
            subjects = backward.get(o)
            if subjects is None:
                backward[o] = {s}
            else:
                subjects.add(s)
            added.append((s, o))
        if added:
            store.size += len(added)
            pending = self._next.get(p)
            if pending is None:
                self._next[p] = added
            else:
                pending.extend(added)
            self.grown[rule] += len(added)

    def _emit_types(self, members, c, rule) -> None:
        """:meth:`_emit` of ``(x, rdf:type, c)`` for every x of ``members`` (a set or dict keys)."""
        if not members:
            return
        TYPE = self.v.TYPE
        store = self.store
        forward = store.fwd.get(TYPE)
        if forward is None:
            emit = self._emit
            for x in members:
                emit(x, TYPE, c, rule)
            return
        backward = store.bwd[TYPE]
        known = backward.get(c)
        if known is None:
            new = set(members)
            if not new:
                return
            backward[c] = new
        else:
            new = members - known
            if not new:
                return
            known |= new
        for x in new:
            classes = forward.get(x)
            if classes is None:
                forward[x] = {c}
            else:
                classes.add(c)
        store.size += len(new)
        added = [(x, c) for x in new]
        pending = self._next.get(TYPE)
        if pending is None:
            self._next[TYPE] = added
        else:
            pending.extend(added)
        self.grown[rule] += len(new)

    def _check_budget(self, *, force=False) -> None:
        budget = self.budget
        inferred = self.inferred_count()
        elapsed = time.perf_counter() - self._started
        over = None
        if budget.max_triples is not None and inferred > budget.max_triples:
            over = ("triples", budget.max_triples)
        elif budget.max_seconds is not None and elapsed > budget.max_seconds:
            over = ("seconds", budget.max_seconds)
        if over:
            rule, count = self.grown.most_common(1)[0] if self.grown else ("none", 0)
            raise BudgetExceeded(over[0], over[1], rule, count, inferred, elapsed)

    # -- prp-trp: the closure of a transitive property in one step ------------------

    def _transitive_step(self, p, edges, *, full=False) -> None:
        """prp-trp for the new ``edges`` (pairs) of transitive p: adds every pair they connect.

        Let S be p's pairs in the store and C = S minus ``edges``; the step
        relies on C∘C ⊆ S, which holds at the start of every round for a
        property this step looked after in earlier rounds (``full=False``), and
        trivially when every pair is new (``full=True``: p has just become
        transitive). Every pair of the closure on a path with a new edge is
        then (a, z) where the path's first new edge (s, o) starts at s = a or
        at a C-successor s of a (C∘C ⊆ S: a is in S's predecessors of s), and
        z is reachable from o in S. Reachability from o only has to follow the
        S-successors of o and of the nodes entered through a new edge; the
        S-successors of a node entered through a C edge are among those of its
        predecessor (C∘C ⊆ S), so only its new edges are followed. Each new pair
        is produced about once, not once per intermediate link as by the plain
        semi-naive rule (n^3/6 joins for a chain of n links), and S ends up
        closed, so the pairs added here are not fed to this step again.
        """
        fwd, bwd = self.store.fwd[p], self.store.bwd[p]
        new_out: dict = {}
        for s, o in edges:
            targets = new_out.get(s)
            if targets is None:
                new_out[s] = {o}
            else:
                targets.add(o)
        firsts: dict = {}  # a -> starts s of the new edges a's new paths begin with
        for s in new_out:
            starts = firsts.get(s)
            if starts is None:
                firsts[s] = [s]
            else:
                starts.append(s)
            if full:
                continue
            for a in bwd.get(s, ()):
                if s not in new_out.get(a, ()):  # (a, s) is in C
                    starts = firsts.get(a)
                    if starts is None:
                        firsts[a] = [s]
                    else:
                        starts.append(s)
        reach_of: dict = {}
        for targets in new_out.values():  # S-reachability, before anything is added
            for o in targets:
                if o not in reach_of:
                    reach_of[o] = self._reach(fwd, new_out, o)
        closed = self._closed.setdefault(p, set())
        pending = self._next.setdefault(p, [])
        store, grown, since_check = self.store, self.grown, 0
        for a, starts in firsts.items():
            sets = [reach_of[o] for s in starts for o in new_out[s]]
            reached = sets[0] if len(sets) == 1 else set().union(*sets)
            known = fwd[a]  # a has an outgoing pair
            new = reached - known
            if not new:
                continue
            known |= new
            for z in new:
                holders = bwd.get(z)
                if holders is None:
                    bwd[z] = {a}
                else:
                    holders.add(a)
            pairs = [(a, z) for z in new]
            pending.extend(pairs)
            closed.update(pairs)
            store.size += len(pairs)
            grown["prp-trp"] += len(pairs)
            since_check += len(pairs)
            if since_check > 0x3FFF:
                since_check = 0
                self._check_budget()
        if not pending:
            del self._next[p]

    @staticmethod
    def _reach(fwd, new_out, o) -> set:
        """Every node reachable from o through p's pairs ``fwd`` (o included); see _transitive_step."""
        found = {o}
        full = {o}
        expand = [o]  # entered through a new edge (or o): follow every pair
        only_new = []  # entered through an old pair: follow new edges only
        while expand or only_new:
            if expand:
                x = expand.pop()
                for y in fwd.get(x, ()):
                    if y not in found:
                        found.add(y)
                        only_new.append(y)
            else:
                x = only_new.pop()
            for y in new_out.get(x, ()):
                if y not in full:
                    full.add(y)
                    found.add(y)
                    expand.append(y)
        return found

    # -- one round ---------------------------------------------------------

    def _round(self, delta, closed) -> None:
        """Join the ``delta`` triples (``{p: [(s, o)]}``) with the store.

        ``closed``: per transitive property, the pairs the previous round's
        :meth:`_transitive_step` added (closed already, so not fed to it again).
        """
        v, store = self.v, self.store
        fwd = store.fwd
        emit, emit_pairs, emit_types, seen = self._emit, self._emit_pairs, self._emit_types, self._seen
        TYPE, SAME, TRANS = v.TYPE, v.SAME, v.TRANS
        schema = self._schema_handlers()
        dirty_restrictions: set = set()
        restriction_predicates = {v.SVF, v.AVF, v.HV, v.ONPROP, v.MAXC, v.MAXQC, v.ONCLASS}
        rescan_lists = rescan_scm = False
        list_predicates = {v.FIRST, v.REST}
        scm_predicates = restriction_predicates | {v.SCO, v.SPO}
        check = self._check_budget
        transitive = fwd.get(TYPE, {})
        typed_schema = {v.FP, v.IFP, v.SYM, v.TRANS, v.CLASS, v.OBJPROP, v.DATAPROP, v.PROPERTY}
        for p, pairs in delta.items():  # prp-trp first, while only p's new pairs are unclosed
            if TRANS in transitive.get(p, ()):
                if p in self._transitive:
                    done = closed.get(p)
                    self._transitive_step(p, [pair for pair in pairs if pair not in done] if done else pairs)
                else:
                    self._transitive.add(p)
                    self._transitive_step(p, self._pairs(p), full=True)
        for p, pairs in delta.items():
            if len(pairs) > 0x3FFF:
                check()
            # eq-ref: every term of every triple is the same as itself
            if p not in seen:
                seen.add(p)
                emit(p, SAME, p, "eq-ref")
            subjects = {s for s, _o in pairs}
            objects = {o for _s, o in pairs}
            fresh = (subjects | objects) - seen
            if fresh:
                seen |= fresh
                emit_pairs(SAME, [(x, x) for x in fresh], "eq-ref")
            plan = self._plans.get(p)
            if plan is None:
                plan = self._plans[p] = self._property_plan(p)
            doms, rngs, copies, invs, sym, _trans, fp, ifp, chains, restrictions = plan
            for c in doms:
                emit_types(subjects, c, "prp-dom")
            for c in rngs:
                emit_types(objects, c, "prp-rng")
            for q in copies:
                emit_pairs(q, pairs, "prp-spo1")
            if invs or sym:
                inverse = [(o, s) for s, o in pairs]
                for q in invs:
                    emit_pairs(q, inverse, "prp-inv")
                if sym:
                    emit_pairs(p, inverse, "prp-symp")
            if fp:
                forward = fwd[p]
                for s, o in pairs:
                    for y2 in tuple(forward.get(s, ())):
                        if y2 != o:
                            emit(o, SAME, y2, "prp-fp")
                            emit(y2, SAME, o, "prp-fp")
            if ifp:
                backward = store.bwd[p]
                for s, o in pairs:
                    for x2 in tuple(backward.get(o, ())):
                        if x2 != s:
                            emit(s, SAME, x2, "prp-ifp")
                            emit(x2, SAME, s, "prp-ifp")
            for chain_property, members, position in chains:
                for s, o in pairs:
                    self._chain_through(chain_property, members, position, s, o)
            for restriction in restrictions:
                for s, o in pairs:
                    self._restriction_on_value(restriction, s, p, o)
            if p == TYPE:
                self._class_members(pairs)
            if self._aliased:
                for s, o in pairs:
                    self._replace_aliases(s, p, o)
            handler = schema.get(p)
            if handler is not None:
                if p == TYPE:  # _on_type only acts on a few classes
                    for s, o in pairs:
                        if o in typed_schema:
                            handler(s, o)
                else:
                    for s, o in pairs:
                        if p != SAME or s != o:
                            handler(s, o)
            if p in restriction_predicates:
                dirty_restrictions.update(subjects)
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

    def _class_members(self, pairs) -> None:
        """Rules triggered by new ``x rdf:type c`` triples (``pairs`` of (x, c)), class by class."""
        by_class: dict = {}
        for x, c in pairs:
            members = by_class.get(c)
            if members is None:
                by_class[c] = [x]
            else:
                members.append(x)
        plans, emit_types, member = self._class_plans, self._emit_types, self._class_member
        for c, xs in by_class.items():
            plan = plans.get(c)
            if plan is None:
                plan = plans[c] = self._class_plan(c)
            supers, int2, int1, uni, own, svf_targets, qualified = plan
            if supers or int2 or uni:
                members = set(xs)
                for c2 in supers:
                    emit_types(members, c2, "cax-sco")
                for ci in int2:
                    emit_types(members, ci, "cls-int2")
                for cc in uni:
                    emit_types(members, cc, "cls-uni")
            if int1 or own or svf_targets or qualified:
                for x in xs:
                    member(x, c, plan)

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

    def _class_member(self, x, c, plan) -> None:
        """Rules triggered by a new ``x rdf:type c`` that look at x's other types and values.

        (cax-sco, cls-int2 and cls-uni are done for all new members of c at once.)
        """
        _supers, _int2, int1, _uni, own, svf_targets, qualified = plan
        v, emit, has, values = self.v, self._emit, self._has, self._values
        TYPE = v.TYPE
        for cc, members in int1:
            if members and all(has(x, TYPE, ci) for ci in members):
                emit(x, TYPE, cc, "cls-int1")
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
            if s not in self._transitive and s in fwd:
                self._transitive.add(s)
                self._transitive_step(s, self._pairs(s), full=True)
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
        self._emit_types(self.store.fwd.get(p, {}).keys(), c, "prp-dom")
        for c2 in tuple(self._values(c, v.SCO)):
            if c2 != c:
                emit(p, v.DOMAIN, c2, "scm-dom1")
        for p1 in tuple(self._holders(v.SPO, p)):
            if p1 != p:
                emit(p1, v.DOMAIN, c, "scm-dom2")

    def _on_range(self, p, c) -> None:
        v, emit = self.v, self._emit
        self._emit_types(self.store.bwd.get(p, {}).keys(), c, "prp-rng")
        for c2 in tuple(self._values(c, v.SCO)):
            if c2 != c:
                emit(p, v.RANGE, c2, "scm-rng1")
        for p1 in tuple(self._holders(v.SPO, p)):
            if p1 != p:
                emit(p1, v.RANGE, c, "scm-rng2")

    def _on_subproperty(self, p1, p2) -> None:
        v, emit, values, holders = self.v, self._emit, self._values, self._holders
        if p1 != p2:
            self._emit_pairs(p2, self._pairs(p1), "prp-spo1")
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
        self._emit_pairs(p2, self._pairs(p1), "prp-eqp")
        self._emit_pairs(p1, self._pairs(p2), "prp-eqp")
        emit(p1, v.SPO, p2, "scm-eqp")
        emit(p2, v.SPO, p1, "scm-eqp")

    def _on_inverse(self, p1, p2) -> None:
        self._emit_pairs(p2, [(y, x) for x, y in self._pairs(p1)], "prp-inv")
        self._emit_pairs(p1, [(y, x) for x, y in self._pairs(p2)], "prp-inv")

    def _on_chain(self, p, head) -> None:
        members = self.store.items(head)
        if not members:
            return
        for u1, _z in self._pairs(members[0]):
            self._chain_through(p, members, 0, u1, _z)

    def _on_subclass(self, c1, c2) -> None:
        v, emit, values, holders = self.v, self._emit, self._values, self._holders
        if c1 != c2:
            self._emit_types(holders(v.TYPE, c1), c2, "cax-sco")
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
        self._emit_types(holders(v.TYPE, c1), c2, "cax-eqc")
        self._emit_types(holders(v.TYPE, c2), c1, "cax-eqc")
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
            removed = sum(len(objects) for objects in fwd[p].values())
            inferred = sum(len(rnd.pop(p, ())) for rnd in self._inferred_rounds)
            self.store.size -= removed
            self._removed_asserted += removed - inferred
            del fwd[p]
            del self.store.bwd[p]

    def inferred_ids(self):
        """The inferred triples (closure minus input) as ``{p: [(s, o)]}`` dicts, one per round."""
        return self._inferred_rounds

    def inferred_terms(self):
        """The inferred triples (closure minus input) as rdflib terms, unfiltered."""
        term = self.table.term
        for rnd in self._inferred_rounds:
            for p, pairs in rnd.items():
                predicate = term(p)
                for s, o in pairs:
                    yield term(s), predicate, term(o)
