"""The fast reasoner against owlrl, one small case per OWL 2 RL rule (plus owlrl's quirks).

Each case compares, triple for triple, the whole closure before the noise
filter, owlrl's error messages, and the filtered inferred triples and findings.
"""

from __future__ import annotations

import pytest

from rl_oracle import fast_raw, owlrl_raw, parse

CASES = {
    # -- equality (table 4)
    "eq-ref-sym-trans": ":a owl:sameAs :b . :b owl:sameAs :c .",
    "eq-rep-s-p-o": """:a owl:sameAs :b . :a :p :x . :y :p :a . :p owl:sameAs :q . :s :p :o .""",
    "eq-diff1": ":a owl:sameAs :b . :a owl:differentFrom :b . :c owl:differentFrom :c .",
    "eq-diff2": """[] a owl:AllDifferent ; owl:members ( :a :b :c :d ) .
                   :a owl:sameAs :b . :b owl:sameAs :c . :c owl:sameAs :d .""",
    "eq-diff3": """[] a owl:AllDifferent ; owl:distinctMembers ( :a :b :c ) . :a owl:sameAs :b .""",
    "eq-sameAs-chain": " ".join(f":n{i} owl:sameAs :n{i + 1} . :n{i} :val {i} ." for i in range(8)),
    # -- properties (table 5)
    "prp-ap": ":a rdfs:label 'x' ; rdfs:comment 'y' ; owl:versionInfo '1' .",
    "prp-dom-rng": ":p rdfs:domain :C ; rdfs:range :D . :a :p :b . :a :p 'lit' .",
    "prp-fp": ":p a owl:FunctionalProperty . :a :p :b , :c . :x :p :y .",
    "prp-fp-literals": ":p a owl:FunctionalProperty , owl:DatatypeProperty . :a :p 'one' , 'two' .",
    "prp-fp-sameAs-asserted": ":p a owl:FunctionalProperty . :a :p :b , :c . :b owl:sameAs :c .",
    "prp-ifp": ":p a owl:InverseFunctionalProperty . :a :p :z . :b :p :z . :c :p :w .",
    "prp-irp": ":p a owl:IrreflexiveProperty . :a :p :a . :a :p :b .",
    "prp-symp": ":p a owl:SymmetricProperty . :a :p :b . :b :p :c .",
    "prp-asyp": ":p a owl:AsymmetricProperty . :a :p :b . :b :p :a . :c :p :d .",
    "prp-trp": ":p a owl:TransitiveProperty . "
               + " ".join(f":t{i} :p :t{i + 1} ." for i in range(12)) + " :t12 :p :t0 .",
    "prp-adp": """[] a owl:AllDisjointProperties ; owl:members ( :p :q :r ) .
                  :a :p :b . :a :q :b . :a :r :b .""",
    "prp-spo1": ":p rdfs:subPropertyOf :q . :q rdfs:subPropertyOf :r . :a :p :b .",
    "prp-spo2": """:g owl:propertyChainAxiom ( :p :q :r ) . :a :p :b . :b :q :c . :b :q :d . :c :r :e .
                   :d :r :f . :h owl:propertyChainAxiom ( :p ) .""",
    "prp-spo2-inverse-bnode": """:uncle owl:propertyChainAxiom ( [ owl:inverseOf :child ] :brother ) .
                   :p :child :k . :p :brother :u .""",
    "prp-eqp": ":p owl:equivalentProperty :q . :a :p :b . :c :q :d .",
    "prp-pdw": ":p owl:propertyDisjointWith :q . :a :p :b . :a :q :b .",
    "prp-inv": ":p owl:inverseOf :q . :a :p :b . :c :q :d . :s owl:inverseOf :s . :m :s :n .",
    "prp-key-two": """:C owl:hasKey ( :k1 :k2 ) . :a a :C ; :k1 1 ; :k2 2 . :b a :C ; :k1 1 ; :k2 3 .
                      :c a :C ; :k1 2 ; :k2 2 .""",
    "prp-key-one": ":C owl:hasKey ( :k ) . :a a :C ; :k 1 . :b a :C ; :k 2 . :c a :C .",
    "prp-npa": """[] owl:sourceIndividual :a ; owl:assertionProperty :p ; owl:targetIndividual :b .
                  [] owl:sourceIndividual :a ; owl:assertionProperty :q ; owl:targetValue 5 .
                  :a :p :b ; :q 5 .""",
    # -- classes (table 6)
    "cls-nothing2": ":a a owl:Nothing . :C rdfs:subClassOf owl:Nothing . :b a :C .",
    "cls-int": """:C owl:intersectionOf ( :A :B ) . :x a :A , :B . :y a :A . :z a :C .""",
    "cls-uni": ":C owl:unionOf ( :A :B ) . :x a :A . :y a :B .",
    "cls-com": ":A owl:complementOf :B . :x a :A , :B .",
    "cls-svf": """:R owl:onProperty :p ; owl:someValuesFrom :D . :a :p :b . :b a :D . :c :p :e .
                  :T owl:onProperty :q ; owl:someValuesFrom owl:Thing . :f :q :g .""",
    "cls-avf": ":R owl:onProperty :p ; owl:allValuesFrom :D . :a a :R ; :p :b , :c . :x :p :y .",
    "cls-hv": """:R owl:onProperty :p ; owl:hasValue :v . :a a :R . :b :p :v . :c :p :w .""",
    "cls-maxc": """:R0 owl:onProperty :p ; owl:maxCardinality 0 . :a a :R0 ; :p :b .
                   :R1 owl:onProperty :q ; owl:maxCardinality 1 . :c a :R1 ; :q :d , :e .""",
    "cls-maxqc": """:R0 owl:onProperty :p ; owl:onClass :D ; owl:maxQualifiedCardinality 0 .
                    :a a :R0 ; :p :b , :c . :b a :D .
                    :R1 owl:onProperty :q ; owl:onClass :E ; owl:maxQualifiedCardinality 1 .
                    :x a :R1 ; :q :y , :z , :w . :y a :E . :z a :E .
                    :R2 owl:onProperty :r ; owl:onClass owl:Thing ; owl:maxQualifiedCardinality 1 .
                    :m a :R2 ; :r :n , :o .""",
    "cls-oo": ":C owl:oneOf ( :a :b ) .",
    # -- class axioms (table 7)
    "cax-sco": ":A rdfs:subClassOf :B . :B rdfs:subClassOf :C . :x a :A .",
    "cax-eqc": ":A owl:equivalentClass :B . :x a :A . :y a :B .",
    "cax-dw": ":A owl:disjointWith :B . :x a :A , :B .",
    "cax-adc": """[] a owl:AllDisjointClasses ; owl:members ( :A :B :C ) . :x a :A , :C . :y a :B , :C .""",
    # -- schema vocabulary (table 9)
    "scm-cls-op-dp": ":C a owl:Class . :p a owl:ObjectProperty . :d a owl:DatatypeProperty . :r a rdf:Property .",
    "scm-sco-eqc": """:A rdfs:subClassOf :B . :B rdfs:subClassOf :C . :C rdfs:subClassOf :A .
                      :D owl:equivalentClass :E .""",
    "scm-spo-eqp": """:p rdfs:subPropertyOf :q . :q rdfs:subPropertyOf :r . :r rdfs:subPropertyOf :p .
                      :s owl:equivalentProperty :t .""",
    "scm-dom-rng": """:p rdfs:domain :A ; rdfs:range :B . :A rdfs:subClassOf :A2 . :B rdfs:subClassOf :B2 .
                      :q rdfs:subPropertyOf :p .""",
    "scm-hv": """:R1 owl:onProperty :p ; owl:hasValue :v . :R2 owl:onProperty :q ; owl:hasValue :v .
                 :p rdfs:subPropertyOf :q .""",
    "scm-svf": """:R1 owl:onProperty :p ; owl:someValuesFrom :A . :R2 owl:onProperty :p ; owl:someValuesFrom :B .
                  :A rdfs:subClassOf :B . :R3 owl:onProperty :q ; owl:someValuesFrom :A .
                  :q rdfs:subPropertyOf :p .""",
    "scm-avf": """:R1 owl:onProperty :p ; owl:allValuesFrom :A . :R2 owl:onProperty :p ; owl:allValuesFrom :B .
                  :A rdfs:subClassOf :B . :R3 owl:onProperty :q ; owl:allValuesFrom :A .
                  :q rdfs:subPropertyOf :p .""",
    "scm-int-uni": ":C owl:intersectionOf ( :A :B ) . :D owl:unionOf ( :A :B ) .",
    # -- datatypes
    "dt-type": """:a :p 1 , "2002"^^xsd:gYear , "2002-10-07"^^xsd:date , 2.5 , true , "x"@en , "y" ,
                  "5"^^xsd:nonNegativeInteger , "7"^^xsd:byte .""",
    "dt-not-type": ':a :p "abc"^^xsd:integer , "2002-13-45"^^xsd:date .',
    "dt-explicit": ":r a xsd:integer . :s owl:sameAs :r . :t owl:sameAs 5 .",
    # -- combinations that need several rounds
    "inverse-functional-chain": """:p owl:inverseOf :q . :q a owl:FunctionalProperty .
                  :x :p :m . :y :p :m . :m :r :z . :g owl:propertyChainAxiom ( :q :r ) .""",
    "restriction-declared-late": """:x :p :v . :p rdfs:subPropertyOf :q . :R owl:onProperty :q ;
                  owl:hasValue :v . :R rdfs:subClassOf :S .""",
    "sameAs-on-class": """:f a owl:FunctionalProperty . :k :f :A , :B . :x a :A . :A rdfs:subClassOf :C .""",
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_rule_case_matches_owlrl(name):
    asserted = parse(CASES[name])
    raw, messages, inferred, findings = owlrl_raw(asserted)
    fast = fast_raw(asserted)
    assert fast[0] == raw, (sorted(raw - fast[0])[:5], sorted(fast[0] - raw)[:5])
    assert fast[1] == messages
    assert fast[2] == inferred
    assert fast[3] == findings
