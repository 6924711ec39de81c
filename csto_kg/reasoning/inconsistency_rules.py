"""owlrl's inconsistency rules, run once over the fast reasoner's final closure.

owlrl checks its error rules in every cycle; their premises only grow, so the
messages it collects are exactly those whose premises hold in the final
closure (before blank-node predicates are removed). Each message is written
word for word as owlrl writes it (quirks included: cls-comm names the second
class where the element should be; eq-diff2 and prp-adp skip the last list
member), so :func:`csto_kg.reasoning.findings.from_owlrl_message` reads both alike.
"""

from __future__ import annotations


def error_messages(engine) -> list[str]:
    """owlrl's error messages for the closure in ``engine`` (after :meth:`run`), without duplicates.

    >>> from rdflib import URIRef
    >>> from rdflib.namespace import OWL, RDF
    >>> from csto_kg.reasoning.rules import RuleEngine
    >>> A, B, x = (URIRef("http://example.org/" + n) for n in "ABx")
    >>> engine = RuleEngine()
    >>> engine.load([(A, OWL.disjointWith, B), (x, RDF.type, A), (x, RDF.type, B)])
    >>> engine.run()
    >>> error_messages(engine)
    ['Disjoint classes http://example.org/A and http://example.org/B have a common individual http://example.org/x']
    """
    from rdflib.namespace import OWL, RDF

    table, store = engine.table, engine.store
    term = table.term
    I = table.lookup  # noqa: E741 - id of a vocabulary term (None if never seen)
    fwd, bwd = store.fwd, store.bwd
    messages: list[str] = []
    seen: set = set()

    def say(template, *ids):
        text = template % tuple(str(term(i)) for i in ids)
        if text not in seen:
            seen.add(text)
            messages.append(text)

    def values(s, p):
        return fwd.get(p, {}).get(s, ()) if p is not None else ()

    def holders(p, o):
        return bwd.get(p, {}).get(o, ()) if p is not None else ()

    def has(s, p, o):
        return p is not None and o in fwd.get(p, {}).get(s, ())

    def pairs(p):
        return [(s, o) for s, objects in fwd.get(p, {}).items() for o in objects] if p is not None else []

    TYPE, SAME, DIFF = I(RDF.type), I(OWL.sameAs), I(OWL.differentFrom)
    items = store.items

    def typed(cls):
        return holders(TYPE, I(cls)) if I(cls) is not None else ()

    # eq-diff1
    for a, b in pairs(DIFF):
        for s, o in ((a, b), (b, a)):
            if has(s, SAME, o):
                say("'sameAs' and 'differentFrom' cannot be used on the same subject-object pair: (%s, %s)", s, o)
    # eq-diff2, eq-diff3
    for x in typed(OWL.AllDifferent):
        for head in (*values(x, I(OWL.members)), *values(x, I(OWL.distinctMembers))):
            zis = items(head)
            for i in range(len(zis) - 1):
                for j in range(i + 1, len(zis) - 1):
                    zi, zj = zis[i], zis[j]
                    if (has(zi, SAME, zj) or has(zj, SAME, zi)) and zi != zj:
                        say("'sameAs' and 'AllDifferent' cannot be used on the same subject-object "
                            "pair: (%s, %s)", zi, zj)
    # prp-irp, prp-asyp
    for p in typed(OWL.IrreflexiveProperty):
        for x, y in pairs(p):
            if x == y:
                say("Irreflexive property used on %s with %s", x, p)
    for p in typed(OWL.AsymmetricProperty):
        for x, y in pairs(p):
            if has(y, p, x):
                say("Erroneous usage of asymmetric property %s on %s and %s", p, x, y)
    # prp-adp
    for x in typed(OWL.AllDisjointProperties):
        for head in values(x, I(OWL.members)):
            pis = items(head)
            for i in range(len(pis) - 1):
                for j in range(i + 1, len(pis) - 1):
                    for s, o in pairs(pis[i]):
                        if has(s, pis[j], o):
                            say("Disjoint properties in an 'AllDisjointProperties' are not really "
                                "disjoint: (%s, %s,%s) and (%s,%s,%s)", s, pis[i], o, s, pis[j], o)
    # prp-pdw
    for p1, p2 in pairs(I(OWL.propertyDisjointWith)):
        for x, y in pairs(p1):
            if has(x, p2, y):
                say("Erroneous usage of disjoint properties %s and %s on %s and %s", p1, p2, x, y)
    # prp-npa1, prp-npa2
    for x, i1 in pairs(I(OWL.sourceIndividual)):
        for p1 in values(x, I(OWL.assertionProperty)):
            for i2 in values(x, I(OWL.targetIndividual)):
                if has(i1, p1, i2):
                    say("Negative (object) property assertion violated for: (%s, %s, %s)", i1, p1, i2)
            for i2 in values(x, I(OWL.targetValue)):
                if has(i1, p1, i2):
                    say("Negative (datatype) property assertion violated for: (%s, %s, %s)", i1, p1, i2)
    # cls-nothing2
    for c in typed(OWL.Nothing):
        say("%s is defined of type 'Nothing'", c)
    # cls-com (owlrl names the second class as the element)
    for c1, c2 in pairs(I(OWL.complementOf)):
        for x1 in holders(TYPE, c1):
            if has(x1, TYPE, c2):
                say("Violation of complementarity for classes %s and %s on element %s", c1, c2, c2)
    # cls-maxc1, cls-maxqc1, cls-maxqc2
    thing = I(OWL.Thing)
    for xx, n in pairs(I(OWL.maxCardinality)):
        if engine._number(n) == 0:
            for pp in values(xx, I(OWL.onProperty)):
                for u, y in pairs(pp):
                    if has(u, TYPE, xx):
                        say("Erroneous usage of maximum cardinality with %s and %s", xx, y)
    for xx, n in pairs(I(OWL.maxQualifiedCardinality)):
        if engine._number(n) == 0:
            for pp in values(xx, I(OWL.onProperty)):
                for cc in values(xx, I(OWL.onClass)):
                    for u, y in pairs(pp):
                        if (has(y, TYPE, cc) or cc == thing) and has(u, TYPE, xx):
                            say("Erroneous usage of maximum qualified cardinality with %s, %s and %s",
                                xx, cc, y)
    # cax-dw, cax-adc
    for c1, c2 in pairs(I(OWL.disjointWith)):
        for x in holders(TYPE, c1):
            if has(x, TYPE, c2):
                say("Disjoint classes %s and %s have a common individual %s", c1, c2, x)
    for x in typed(OWL.AllDisjointClasses):
        for head in values(x, I(OWL.members)):
            classes = items(head)
            for i in range(len(classes) - 1):
                for z in holders(TYPE, classes[i]):
                    for cl2 in classes[i + 1:]:
                        if has(z, TYPE, cl2):
                            say("Disjoint classes %s and %s have a common individual %s",
                                classes[i], cl2, z)
    return messages
