"""prp-trp in one step (the fast reasoner's transitive closure) and random graphs, against owlrl.

``RuleEngine._transitive_step`` adds the whole closure of a transitive
property's new pairs at once instead of re-deriving each pair once per
intermediate link; these cases compare it with owlrl (live, small graphs)
triple for triple, before and after the noise filter.
"""

from __future__ import annotations

import random

import pytest
from rdflib import URIRef
from rdflib.namespace import OWL, RDF

from csto_kg.reasoning.fast import infer_rl
from rl_oracle import fast_raw, owlrl_raw, parse

E = "http://example.org/"
P = URIRef(E + "p")


def _same_as_owlrl(turtle: str):
    asserted = parse(turtle)
    raw, messages, inferred, findings = owlrl_raw(asserted)
    fast = fast_raw(asserted)
    assert fast[0] == raw, (sorted(raw - fast[0])[:5], sorted(fast[0] - raw)[:5])
    assert fast[1] == messages
    assert fast[2] == inferred
    assert fast[3] == findings
    return inferred


@pytest.mark.parametrize("links", range(0, 13))
def test_chain_closure_size(links):
    """A chain of n links has n(n-1)/2 inferred pairs: every (i, j) with j > i + 1."""
    chain = [(P, RDF.type, OWL.TransitiveProperty)] + [
        (URIRef(E + f"n{i}"), P, URIRef(E + f"n{i + 1}")) for i in range(links)]
    triples, _findings, _seconds = infer_rl(chain)
    expected = {(URIRef(E + f"n{i}"), P, URIRef(E + f"n{j}"))
                for i in range(links + 1) for j in range(i + 2, links + 1)}
    assert len(expected) == links * (links - 1) // 2
    assert triples == expected


def test_chain_of_60_links_equals_owlrl():
    inferred = _same_as_owlrl(":p a owl:TransitiveProperty . "
                              + " ".join(f":n{i} :p :n{i + 1} ." for i in range(60)))
    assert len(inferred) == 60 * 59 // 2


TRANSITIVE_CASES = {
    "cycle": ":p a owl:TransitiveProperty . :a :p :b . :b :p :c . :c :p :a . :c :p :d .",
    "self-loop": ":p a owl:TransitiveProperty . :a :p :a . :a :p :b . :b :p :c .",
    "diamond-and-tree": """:p a owl:TransitiveProperty . :r :p :a , :b . :a :p :c . :b :p :c .
                           :c :p :d , :e . :e :p :f . :x :p :r .""",
    # the property becomes transitive in a later round (through a sub-class of owl:TransitiveProperty
    # and an equivalence), after its pairs were already closed under other rules
    "declared-late": """:T rdfs:subClassOf owl:TransitiveProperty . :p a :T .
                        :a :p :b . :b :p :c . :c :q :d . :q rdfs:subPropertyOf :p . :d :p :e .""",
    # new pairs arrive in later rounds, from sub-properties, inverses and owl:sameAs
    "pairs-from-other-rules": """:p a owl:TransitiveProperty . :s rdfs:subPropertyOf :p .
                        :i owl:inverseOf :p . :a :p :b . :c :s :d . :b :s :c . :f :i :d . :f :p :g .
                        :g owl:sameAs :a . :h :p :f .""",
    "two-transitive-properties": """:p a owl:TransitiveProperty . :q a owl:TransitiveProperty .
                        :p rdfs:subPropertyOf :q . :a :p :b . :b :p :c . :c :q :d . :d :p :e .
                        :e :q :a .""",
    "transitive-and-symmetric": """:p a owl:TransitiveProperty , owl:SymmetricProperty .
                        :a :p :b . :c :p :b . :d :p :e .""",
    "literal-values": """:p a owl:TransitiveProperty . :i owl:inverseOf :p . :a :p :b . :b :p "x" .
                        "y" :i :a .""",
}


@pytest.mark.parametrize("name", sorted(TRANSITIVE_CASES))
def test_transitive_case_equals_owlrl(name):
    _same_as_owlrl(TRANSITIVE_CASES[name])


def _random_graph(seed: int) -> str:
    """A small random OWL 2 RL graph mixing the rules that feed each other."""
    rng = random.Random(seed)
    individuals = [f":i{k}" for k in range(7)]
    properties = [f":p{k}" for k in range(4)]
    classes = [f":C{k}" for k in range(4)]
    lines = []
    for _ in range(14):
        lines.append(f"{rng.choice(individuals)} {rng.choice(properties)} {rng.choice(individuals)} .")
    for _ in range(4):
        lines.append(f"{rng.choice(individuals)} a {rng.choice(classes)} .")
    axioms = [
        lambda: f"{rng.choice(properties)} a owl:TransitiveProperty .",
        lambda: f"{rng.choice(properties)} a owl:TransitiveProperty .",
        lambda: f"{rng.choice(properties)} a owl:SymmetricProperty .",
        lambda: f"{rng.choice(properties)} rdfs:subPropertyOf {rng.choice(properties)} .",
        lambda: f"{rng.choice(properties)} owl:inverseOf {rng.choice(properties)} .",
        lambda: f"{rng.choice(properties)} rdfs:domain {rng.choice(classes)} .",
        lambda: f"{rng.choice(properties)} rdfs:range {rng.choice(classes)} .",
        lambda: f"{rng.choice(classes)} rdfs:subClassOf {rng.choice(classes)} .",
        lambda: f"{rng.choice(classes)} owl:equivalentClass {rng.choice(classes)} .",
        lambda: f"{rng.choice(properties)} a owl:FunctionalProperty .",
        lambda: f"{rng.choice(individuals)} owl:sameAs {rng.choice(individuals)} .",
        lambda: (f"{rng.choice(classes)} owl:onProperty {rng.choice(properties)} ; "
                 f"owl:someValuesFrom {rng.choice(classes)} ."),
        lambda: (f"{rng.choice(classes)} owl:onProperty {rng.choice(properties)} ; "
                 f"owl:hasValue {rng.choice(individuals)} ."),
        lambda: (f"{rng.choice(properties)} owl:propertyChainAxiom "
                 f"( {rng.choice(properties)} {rng.choice(properties)} ) ."),
    ]
    for _ in range(6):
        lines.append(rng.choice(axioms)())
    return "\n".join(lines)


@pytest.mark.parametrize("seed", range(40))
def test_random_graph_equals_owlrl(seed):
    _same_as_owlrl(_random_graph(seed))
