"""Render explanations (:mod:`csto_kg.query.explain`): an indented text tree, JSON, PROV-O Turtle.

Text: one node per triple, its subject, predicate and object shown by their labels in the
wanted language (then English, any language, the CURIE; see
:class:`~csto_kg.query.render.Labeler`), lines wrapped at 100 columns; under an inferred
triple the rule that concludes it, under an asserted one where it is written and the
passages it derives from. Turtle: each triple of the proof is an ``rdf:Statement`` (and a
``prov:Entity``); each inference a ``prov:Activity`` that ``prov:used`` the premises and
``prov:generated`` the conclusion (which ``prov:wasGeneratedBy`` it); an asserted statement
``prov:wasDerivedFrom`` its passages and is ``prov:atLocation`` its file and line.
"""

from __future__ import annotations

import json
import textwrap
from typing import Sequence

from rdflib import RDF, RDFS, BNode, Graph, Literal, Namespace, URIRef

from csto_kg.errors import UsageError
from csto_kg.i18n import text as t
from csto_kg.namespaces import PREFIXES, bind_prefixes, curie
from csto_kg.query.explain import FindingExplanation, Proof, triple_text
from csto_kg.query.proof_search import RULES

FORMATS = ("text", "json", "turtle")
WIDTH = 100
PROV = Namespace(PREFIXES["prov"])
RULE_TABLES = URIRef("https://www.w3.org/TR/owl2-profiles/#Reasoning_in_OWL_2_RL_and_RDF_Graphs_using_Rules")


def check_format(fmt: str) -> str:
    """``fmt`` when it is one of :data:`FORMATS`, else :class:`UsageError`.

    >>> check_format("json")
    'json'
    >>> check_format("xml")
    Traceback (most recent call last):
    ...
    csto_kg.errors.UsageError: explain --format xml: use one of text, json, turtle
    """
    if fmt not in FORMATS:
        raise UsageError(f"explain --format {fmt}: use one of {', '.join(FORMATS)}")
    return fmt


class TermNames:
    """How a term is shown in the text tree: its label, a list as ``(a b)``, a blank node by its triples.

    Two IRIs of one proof with the same label (``csto:note`` and ``skos:note``: "note") are
    shown as ``label (CURIE)`` (see :meth:`distinguish`).

    >>> from csto_kg.api import _fixture_kg
    >>> from csto_kg.namespaces import KG
    >>> kg = _fixture_kg()
    >>> names = TermNames(kg.labeler(lang="fr"), kg.dataset)
    >>> names(KG.Armenia), names(Literal("2002", datatype=URIRef("http://www.w3.org/2001/XMLSchema#gYear")))
    ('Arménie', '"2002"^^xsd:gYear')
    """

    def __init__(self, labeler, graph):
        self.label = labeler
        self.lang = getattr(labeler, "lang", "en")  # the tree's words are in the labels' language
        self.graph = graph
        self.ambiguous: set = set()

    def distinguish(self, proofs) -> None:
        """Note the IRIs of ``proofs`` that share their label with another IRI of them."""
        by_label: dict = {}
        for proof in proofs:
            for node in proof.walk():
                for term in node.triple:
                    if isinstance(term, URIRef):
                        by_label.setdefault(self.label(term), set()).add(term)
        self.ambiguous = {term for terms in by_label.values() if len(terms) > 1 for term in terms}

    def __call__(self, term, depth: int = 0) -> str:
        if isinstance(term, URIRef):
            name = self.label(term)
            if term in self.ambiguous and name != (curie(str(term)) or str(term)):
                return f"{name} ({curie(str(term)) or '<' + str(term) + '>'})"
            return name
        if isinstance(term, Literal):
            if term.language:
                return f'"{term}"@{term.language}'
            if term.datatype is not None:
                return f'"{term}"^^{curie(str(term.datatype)) or "<" + str(term.datatype) + ">"}'
            return f'"{term}"'
        if self.graph is None or depth > 2:
            return "[…]"
        items = self._items(term)
        if items is not None:
            return "(" + " ".join(self(item, depth + 1) for item in items) + ")"
        pairs = sorted(self.graph.predicate_objects(term), key=lambda po: (str(po[0]), str(po[1])))
        return "[" + "; ".join(f"{self(p, depth + 1)} {self(o, depth + 1)}" for p, o in pairs[:4]) + \
            ("; …]" if len(pairs) > 4 else "]")

    def _items(self, node):
        items, seen = [], set()
        while node != RDF.nil:
            if node in seen:
                return None
            seen.add(node)
            first = list(self.graph.objects(node, RDF.first))
            rest = list(self.graph.objects(node, RDF.rest))
            if len(first) != 1 or len(rest) != 1:
                return None
            items.append(first[0])
            node = rest[0]
        return items

    def triple(self, triple) -> str:
        return " · ".join(self(term) for term in triple)


def render_text(proofs: Proof | Sequence[Proof], names: TermNames) -> str:
    """The text tree of one proof, or of several (``--all``), numbered; its words in the labels' language.

    >>> import re
    >>> from csto_kg.api import _fixture_kg
    >>> kg = _fixture_kg()
    >>> proof = kg.explain("kg:Armenia", "csto:hasMembership", "kg:membership-armenia")
    >>> text = render_text(proof, TermNames(kg.labeler(lang="fr"), kg.dataset))
    >>> print(re.sub(r"en \\S*/", "en …/", text), end="")
    Arménie · csto:hasMembership · kg:membership-armenia
    │  = kg:Armenia csto:hasMembership kg:membership-armenia
    │  par prp-inv2 : propriété inverse (dans l'autre sens)
    ├─ csto:hasMembership · owl:inverseOf · csto:member
    │     affirmé en …/core.ttl:18:57
    └─ kg:membership-armenia · csto:member · Arménie
          affirmé en …/members.ttl:25:83
    """
    if isinstance(proofs, Proof):
        names.distinguish([proofs])
        return "\n".join(_tree(proofs, names, "", "", root=True)) + "\n"
    names.distinguish(proofs)
    blocks = []
    for n, proof in enumerate(proofs, 1):
        blocks.append(t("Proof {n} of {count}", names.lang, n=n, count=len(proofs)) + ":\n"
                      + "\n".join(_tree(proof, names, "", "", root=True)))
    return "\n\n".join(blocks) + "\n"


def _wrap(text: str, first: str, rest: str) -> list[str]:
    """``text`` wrapped at :data:`WIDTH` columns, the first line after ``first``, the others after ``rest``."""
    width = max(WIDTH, len(rest) + 40)  # a deep tree still gets 40 columns of text
    return textwrap.wrap(text, width=width, initial_indent=first, subsequent_indent=rest,
                         break_long_words=False, break_on_hyphens=False) or [first.rstrip()]


def _tree(proof: Proof, names: TermNames, head: str, body: str, *, root: bool = False) -> list[str]:
    bar = "│  " if proof.premises else "   "
    lines = _wrap(names.triple(proof.triple), head, body + bar + "  ")
    details = [f"= {triple_text(proof.triple)}"] if root else []
    if proof.asserted:
        places = ", ".join(str(place) for place in proof.located) or t("an asserted graph", names.lang)
        details.append(t("asserted at {places}", names.lang, places=places))
        details += [t("passage {iri}: «{quote}»", names.lang, iri=curie(p.iri) or p.iri, quote=p.quote)
                    for p in proof.passages]
    elif RULES.get(proof.rule):
        details.append(t("by {rule}: {description}", names.lang, rule=proof.rule,
                         description=t(RULES[proof.rule], names.lang)))
    else:
        details.append(t("by {rule}", names.lang, rule=proof.rule))
    for detail in details:
        lines += _wrap(detail, body + bar, body + bar + "  ")
    for i, premise in enumerate(proof.premises):
        last = i == len(proof.premises) - 1
        lines += _tree(premise, names, body + ("└─ " if last else "├─ "), body + ("   " if last else "│  "))
    return lines


def render_finding_text(explanation: FindingExplanation, names: TermNames) -> str:
    """The text of ``explain --finding N``: the finding, its axiom and the clashing triples, as trees.

    >>> from csto_kg.query.explain import FindingExplanation
    >>> print(render_finding_text(FindingExplanation(1, "x is odd", "", (), ()), None), end="")
    Finding 1: x is odd
    (no explanation of this kind of finding: its triples are not known to csto-kg explain)
    """
    lang = "en"
    if names is not None:
        names.distinguish([*explanation.axiom_proofs, *explanation.clash])
        lang = names.lang
    lines = [t("Finding {number}: {finding}", lang, number=explanation.number, finding=explanation.message)]
    if explanation.axiom:
        lines.append(t("axiom: {axiom}", lang, axiom=explanation.axiom))
    if not explanation.axiom_proofs and not explanation.clash:
        lines.append(t("(no explanation of this kind of finding: its triples are not known to csto-kg explain)", lang))
    for heading, proofs in (("the axiom", explanation.axiom_proofs), ("the triples that clash", explanation.clash)):
        if proofs:
            lines.append(t(heading, lang) + ":")
            for i, proof in enumerate(proofs):
                last = i == len(proofs) - 1
                lines += _tree(proof, names, "└─ " if last else "├─ ", "   " if last else "│  ")
    return "\n".join(lines) + "\n"


def render_json(value) -> str:
    """JSON of a proof, a list of proofs or a finding's explanation.

    >>> from csto_kg.api import _fixture_kg
    >>> proof = _fixture_kg().explain("kg:Armenia", "csto:hasMembership", "kg:membership-armenia")
    >>> data = json.loads(render_json(proof))
    >>> data["rule"], data["asserted"], data["premises"][1]["located"][0]["line"]
    ('prp-inv2', False, 25)
    """
    if isinstance(value, (list, tuple)):
        data = [item.to_json() for item in value]
    else:
        data = value.to_json()
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


def prov_graph(proofs: Sequence[Proof], dataset=None) -> Graph:
    """The proofs in PROV-O (see the module's text); blank nodes numbered in the order met.

    A blank node of a proven triple (a property chain's list, a membership's interval) comes
    with its triples from ``dataset``, so that the Turtle shows ``( csto:hasMembership ... )``.

    >>> from csto_kg.api import _fixture_kg
    >>> proof = _fixture_kg().explain("kg:Armenia", "csto:hasMembership", "kg:membership-armenia")
    >>> g = prov_graph([proof])
    >>> sorted(str(label) for label in g.objects(None, RDFS.label))[:1]
    ['prp-inv2']
    >>> len(set(g.objects(BNode("inference1"), PROV.used)))
    2
    """
    graph = Graph()
    bind_prefixes(graph.namespace_manager)
    statements: dict = {}
    counter = {"statement": 0, "inference": 0, "location": 0}

    def node(kind: str) -> BNode:
        counter[kind] += 1
        return BNode(f"{kind}{counter[kind]}")

    def add(proof: Proof) -> BNode:
        if proof.triple in statements and (proof.asserted or (statements[proof.triple], PROV.wasGeneratedBy, None)
                                           in graph):
            return statements[proof.triple]
        st = statements.get(proof.triple) or node("statement")
        statements[proof.triple] = st
        s, p, o = proof.triple
        for predicate, value in ((RDF.type, RDF.Statement), (RDF.type, PROV.Entity), (RDF.subject, s),
                                 (RDF.predicate, p), (RDF.object, o)):
            graph.add((st, predicate, value))
        for term in (s, o):
            if isinstance(term, BNode) and dataset is not None:
                _copy_blank(dataset, term, graph)
        if proof.asserted:
            for place in proof.located:
                where = node("location")
                graph.add((st, PROV.atLocation, where))
                graph.add((where, RDF.type, PROV.Location))
                graph.add((where, RDFS.label, Literal(str(place))))
            for passage in proof.passages:
                graph.add((st, PROV.wasDerivedFrom, URIRef(passage.iri)))
            return st
        activity = node("inference")
        graph.add((activity, RDF.type, PROV.Activity))
        graph.add((activity, RDFS.label, Literal(proof.rule)))
        if RULES.get(proof.rule):
            graph.add((activity, RDFS.comment, Literal(RULES[proof.rule], lang="en")))
        graph.add((activity, RDFS.seeAlso, RULE_TABLES))
        graph.add((activity, PROV.generated, st))
        graph.add((st, PROV.wasGeneratedBy, activity))
        for premise in proof.premises:
            graph.add((activity, PROV.used, add(premise)))
        return st

    for proof in proofs:
        add(proof)
    return graph


def _copy_blank(dataset, node, graph: Graph, depth: int = 0) -> None:
    """The triples of blank node ``node`` in ``dataset`` (following blank nodes, 20 deep) into ``graph``."""
    if depth > 20 or (node, None, None) in graph:
        return
    for p, o in dataset.predicate_objects(node):
        graph.add((node, p, o))
        if isinstance(o, BNode):
            _copy_blank(dataset, o, graph, depth + 1)


def render_turtle(proofs: Proof | Sequence[Proof], dataset=None) -> str:
    """PROV-O Turtle of one proof or several (``dataset``: where their blank nodes are described).

    >>> from csto_kg.query.explain import Proof
    >>> from csto_kg.namespaces import CSTO, KG
    >>> text = render_turtle(Proof((KG.Serbia, RDF.type, CSTO.State), True))
    >>> "rdf:subject kg:Serbia" in text and "prov:Activity" not in text
    True
    """
    return prov_graph([proofs] if isinstance(proofs, Proof) else list(proofs), dataset).serialize(format="turtle")


def render_finding_turtle(explanation: FindingExplanation, dataset=None) -> str:
    """PROV-O Turtle of the proofs of a finding's axiom and clashing triples.

    >>> from rdflib.namespace import OWL
    >>> from csto_kg.namespaces import CSTO
    >>> from csto_kg.query.explain import FindingExplanation
    >>> axiom = Proof((CSTO.State, OWL.disjointWith, CSTO.Organization), True)
    >>> "rdf:predicate owl:disjointWith" in render_finding_turtle(FindingExplanation(1, "", "", (axiom,), ()))
    True
    """
    return render_turtle([*explanation.axiom_proofs, *explanation.clash], dataset)
