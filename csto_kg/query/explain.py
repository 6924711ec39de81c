"""Explanations as data: why the graph holds a triple, down to the file, line and passage.

:class:`Explainer` turns a proof found by :mod:`csto_kg.query.proof_search` into a
:class:`Proof` tree: an inferred triple names its rule (a W3C OWL 2 RL rule id) and the
proofs of its premises; an asserted triple names where it is written (file, line and
column of its object, from the Turtle scans as ``csto-kg validate`` locates things:
:class:`csto_kg.inputs.locations.TriplePlaces`) and the passages its claim derives from,
with their verbatim quotes (:mod:`csto_kg.query.provenance`). :meth:`Explainer.finding`
explains an inconsistency: the axiom and the triples that clash, each with its proof.

``Proof.to_json()`` is the shape other tools read::

    {"triple": {"subject": ..., "predicate": ..., "object": ...}, "asserted": bool,
     "rule": "prp-inv1" or null, "premises": [<same shape>],
     "located": [{"file": "data/memberships.ttl", "line": 12, "column": 1}],
     "passages": [{"iri": ..., "quote": "..."}]}

where an IRI is written as itself, a literal in N-Triples syntax (``"2002"^^<...#gYear>``)
and a blank node as ``_:label``.
"""

from __future__ import annotations

import re
import threading
import time
from dataclasses import dataclass
from typing import Callable, Sequence

from rdflib import RDF, BNode, Literal, URIRef
from rdflib.namespace import OWL
from rdflib.term import Node

from csto_kg.errors import CstoKgError, ExitCode, UsageError
from csto_kg.namespaces import INFERRED_GRAPH, curie
from csto_kg.query.entities import direct_iri
from csto_kg.query.proof_search import Closure, Derivation, ProofSearch, plausible

DEFAULT_MAX_DEPTH = 12  # levels of rules in a proof
DEFAULT_ALTERNATIVES = 10  # proofs listed by --all


class NotEntailed(CstoKgError):
    """The triple is not in the closure and no rule concludes it (exit 1)."""

    exit_code = ExitCode.FINDINGS


@dataclass(frozen=True)
class Location:
    """Where an asserted triple is written (``line`` None: in that file, position unknown)."""

    file: str
    line: int | None = None
    column: int | None = None

    def __str__(self) -> str:
        return ":".join(str(part) for part in (self.file, self.line, self.column) if part is not None)

    def to_json(self) -> dict:
        return {"file": self.file, "line": self.line, "column": self.column}


@dataclass(frozen=True)
class Passage:
    """A passage of a source a claim derives from, with its verbatim quote."""

    iri: str
    quote: str

    def to_json(self) -> dict:
        return {"iri": self.iri, "quote": self.quote}


@dataclass(frozen=True)
class Proof:
    """Why ``triple`` holds: asserted (with its places and passages) or concluded by ``rule`` from ``premises``."""

    triple: tuple
    asserted: bool
    rule: str | None = None
    premises: tuple["Proof", ...] = ()
    located: tuple[Location, ...] = ()
    passages: tuple[Passage, ...] = ()

    @property
    def height(self) -> int:
        """Levels of rules (0 for an asserted triple)."""
        return 1 + max((p.height for p in self.premises), default=0) if not self.asserted else 0

    def walk(self):
        """This proof and every proof below it, depth first."""
        yield self
        for premise in self.premises:
            yield from premise.walk()

    def to_json(self) -> dict:
        s, p, o = self.triple
        return {"triple": {"subject": term_text(s), "predicate": term_text(p), "object": term_text(o)},
                "asserted": self.asserted, "rule": self.rule,
                "premises": [premise.to_json() for premise in self.premises],
                "located": [place.to_json() for place in self.located],
                "passages": [passage.to_json() for passage in self.passages]}


@dataclass(frozen=True)
class FindingExplanation:
    """Finding ``number`` (as ``csto-kg check`` numbers them): its axiom and the triples that clash."""

    number: int
    message: str
    axiom: str
    axiom_proofs: tuple[Proof, ...]
    clash: tuple[Proof, ...]

    def to_json(self) -> dict:
        return {"finding": self.number, "message": self.message, "axiom": self.axiom,
                "axiom_triples": [p.to_json() for p in self.axiom_proofs],
                "clash": [p.to_json() for p in self.clash]}


def term_text(term) -> str:
    """A term as the JSON of a proof writes it: an IRI as itself, a literal in N-Triples, ``_:b``.

    >>> term_text(URIRef("https://w3id.org/csto-kg/id/CSTO")), term_text(Literal("2002", lang="fr"))
    ('https://w3id.org/csto-kg/id/CSTO', '"2002"@fr')
    """
    if isinstance(term, URIRef):
        return str(term)
    if isinstance(term, BNode):
        return f"_:{term}"
    return term.n3()


def triple_text(triple) -> str:
    """A triple for messages: CURIEs (else ``<IRI>``), literals in Turtle.

    >>> from csto_kg.namespaces import CSTO, KG
    >>> triple_text((KG.Serbia, CSTO.memberOf, KG.CSTO))
    'kg:Serbia csto:memberOf kg:CSTO'
    """
    def one(term):
        if isinstance(term, URIRef):
            return curie(str(term)) or f"<{term}>"
        if isinstance(term, Literal) and term.datatype is not None:
            return f"{Literal(str(term)).n3()}^^{curie(str(term.datatype)) or '<' + str(term.datatype) + '>'}"
        return term.n3() if isinstance(term, Literal) else f"_:{term}"
    return " ".join(one(t) for t in triple)


# -- reading the terms of a triple ------------------------------------------------------

_STRING = (r'"""(?:[^"\\]|\\.|"(?!""))*"""|\'\'\'(?:[^\'\\]|\\.|\'(?!\'\'))*\'\'\''
           r'|"(?:[^"\\\n\r]|\\.)*"|\'(?:[^\'\\\n\r]|\\.)*\'')
_LITERAL = re.compile(rf"(?P<string>{_STRING})"
                      r"(?:@(?P<lang>[A-Za-z]{1,8}(?:-[A-Za-z0-9]{1,8})*)|\^\^(?P<datatype>\S+))?", re.DOTALL)
_NUMBER = re.compile(r"[+-]?(?:\d*\.\d+(?:[eE][+-]?\d+)?|\d+\.\d*[eE][+-]?\d+|\d+(?:[eE][+-]?\d+)?)")
_BLANK = re.compile(r"_:[A-Za-z0-9_][A-Za-z0-9_.\-]{0,99}")
_XSD = "http://www.w3.org/2001/XMLSchema#"


def parse_literal(text: str) -> Literal | None:
    """A literal written in Turtle (``"x"``, ``"x"@fr``, ``"2002"^^xsd:gYear``, ``42``, ``true``), else None.

    >>> parse_literal('"2002-10-07"^^xsd:date')
    rdflib.term.Literal('2002-10-07', datatype=rdflib.term.URIRef('http://www.w3.org/2001/XMLSchema#date'))
    >>> parse_literal('"Serbie"@fr'), parse_literal("kg:Serbia")
    (rdflib.term.Literal('Serbie', lang='fr'), None)
    """
    from csto_kg.inputs.turtle_scan import unescape_string

    text = text.strip()
    match = _LITERAL.fullmatch(text)
    if match:
        lexical = unescape_string(match.group("string"))
        if match.group("datatype"):
            datatype = direct_iri(match.group("datatype"), option="the datatype of a literal")
            if datatype is None:
                raise UsageError(f"unknown datatype {match.group('datatype')!r} of the literal {text}")
            return Literal(lexical, datatype=datatype)
        return Literal(lexical, lang=match.group("lang"))
    if _NUMBER.fullmatch(text):
        kind = "double" if "e" in text.lower() else "decimal" if "." in text else "integer"
        return Literal(text, datatype=URIRef(_XSD + kind))
    if text in ("true", "false"):
        return Literal(text, datatype=URIRef(_XSD + "boolean"))
    if text[:1] in ("'", '"'):
        raise UsageError(f"invalid literal {text}: write it in Turtle, e.g. "
                         "'\"2002-10-07\"^^xsd:date' or '\"Serbie\"@fr'")
    return None


def read_term(text, position: str, *, resolve: Callable[[str, str], URIRef], known: Callable[[object], bool]):
    """The RDF term meant by ``text`` as the ``position`` (subject, predicate, object) of a triple.

    An rdflib term is taken as it is. Text: a blank node ``_:label`` (the graph's own
    labels, as the server's links give them), ``a`` (``rdf:type``), an IRI or CURIE that the
    graph uses, a literal in Turtle syntax (objects), else a label resolved as helper
    entities are (``resolve``; :class:`UsageError` when unknown or ambiguous).

    >>> def resolve(text, position):
    ...     raise UsageError(f"unknown entity {text!r} for {position}")
    >>> read_term("a", "predicate", resolve=resolve, known=lambda iri: True)
    rdflib.term.URIRef('http://www.w3.org/1999/02/22-rdf-syntax-ns#type')
    >>> read_term('"Serbie"@fr', "object", resolve=resolve, known=lambda iri: True)
    rdflib.term.Literal('Serbie', lang='fr')
    >>> read_term("kg:Atlantis", "subject", resolve=resolve, known=lambda iri: False)
    Traceback (most recent call last):
    ...
    csto_kg.errors.UsageError: unknown entity 'kg:Atlantis' for subject
    """
    if isinstance(text, Node):  # an rdflib term (URIRef and Literal are str too)
        return text
    text = text.strip()
    if _BLANK.fullmatch(text):
        return BNode(text[2:])
    if position == "predicate" and text == "a":
        return RDF.type
    if position == "object":
        literal = parse_literal(text)
        if literal is not None:
            return literal
    iri = direct_iri(text, option=position)
    if iri is not None and known(iri):
        return iri
    return resolve(text, position)


# -- the explainer -------------------------------------------------------------------

class Explainer:
    """Explanations of the triples and findings of one reasoned dataset.

    ``files`` are the input files (:class:`csto_kg.inputs.files.InputFile`) whose named graphs
    the dataset holds, read (and scanned for positions) when a proof first needs them;
    ``findings`` the reasoner's, in the order ``csto-kg check`` prints them.

    >>> from csto_kg.api import _fixture_kg
    >>> from csto_kg.inputs.files import discover
    >>> from csto_kg.inputs.fixtures import FIXTURE_DATA, FIXTURE_ONTOLOGY
    >>> from csto_kg.namespaces import CSTO, KG
    >>> files = discover(ontology=[FIXTURE_ONTOLOGY], data=[FIXTURE_DATA], bundled_data=False)
    >>> explainer = Explainer(_fixture_kg().dataset, files)
    >>> proof = explainer.explain((KG.Armenia, CSTO.hasMembership, KG["membership-armenia"]))
    >>> proof.rule, [(p.rule, p.asserted) for p in proof.premises]
    ('prp-inv2', [(None, True), (None, True)])
    >>> [str(place).rsplit("/", 1)[-1] for place in proof.premises[1].located]
    ['members.ttl:25:83']
    """

    def __init__(self, dataset, files: Sequence = (), findings: Sequence = ()):
        from rdflib.graph import ReadOnlyGraphAggregate

        from csto_kg.query.provenance import Sourcing

        self.dataset = dataset
        self.closure = Closure(dataset)
        self.findings = list(findings)
        self._files = {f.graph: f for f in files}
        self._places: dict = {}
        self._lock = threading.Lock()
        asserted = ReadOnlyGraphAggregate([g for g in dataset.graphs() if g.identifier != INFERRED_GRAPH])
        self.sourcing = Sourcing(asserted, lambda node: dataset.objects(node, RDF.type))

    # -- triples

    def search(self, *, max_depth: int = DEFAULT_MAX_DEPTH, timeout: float | None = None) -> ProofSearch:
        if not (isinstance(max_depth, int) and max_depth >= 1):
            raise UsageError(f"max depth: expected a whole number of levels of at least 1, got {max_depth!r}")
        deadline = time.monotonic() + timeout if timeout else None
        return ProofSearch(self.closure, max_depth=max_depth, deadline=deadline, timeout=timeout)

    def explain(self, triple, *, max_depth: int = DEFAULT_MAX_DEPTH, timeout: float | None = None) -> Proof:
        """The shortest proof of ``triple`` (rdflib terms); :class:`NotEntailed` when there is none."""
        found = self.search(max_depth=max_depth, timeout=timeout).shortest(tuple(triple))
        if found is None:
            raise self._not_entailed(triple, max_depth)
        return self.proof(found)

    def explain_all(self, triple, *, max_depth: int = DEFAULT_MAX_DEPTH, limit: int = DEFAULT_ALTERNATIVES,
                    timeout: float | None = None) -> list[Proof]:
        """Up to ``limit`` proofs of ``triple``, one per way to conclude it, shortest first."""
        found = self.search(max_depth=max_depth, timeout=timeout).alternatives(tuple(triple), limit=limit)
        if not found:
            raise self._not_entailed(triple, max_depth)
        return [self.proof(d) for d in found]

    def _not_entailed(self, triple, max_depth: int) -> NotEntailed:
        if plausible(self.closure, tuple(triple)) and self.closure.has(tuple(triple)):
            return NotEntailed(f"{triple_text(triple)} is in the graph, but no proof of at most {max_depth} "
                               "levels was found (allow more with --max-depth)")
        return NotEntailed(f"{triple_text(triple)} is not entailed by the graph")

    def proof(self, derivation: Derivation, _memo: dict | None = None) -> Proof:
        """The :class:`Proof` of a search result, with places and passages of its asserted triples."""
        memo = {} if _memo is None else _memo
        key = derivation  # by value: equal sub-proofs are one Proof
        if key not in memo:
            if derivation.asserted:
                memo[key] = Proof(derivation.triple, True, None, (), tuple(self.places(derivation.triple)),
                                  tuple(self.passages(derivation.triple)))
            else:
                memo[key] = Proof(derivation.triple, False, derivation.rule,
                                  tuple(self.proof(p, memo) for p in derivation.premises))
        return memo[key]

    def places(self, triple) -> list[Location]:
        """Where an asserted triple is written, in every file that holds it."""
        found = []
        for graph in self.closure.graphs(triple):
            places = self._file_places(graph.identifier)
            if places is None:
                found.append(Location(str(graph.identifier)))
            else:
                found += [Location(*place) for place in places.places(triple, graph)]
        return found

    def _file_places(self, name):
        from csto_kg.inputs.locations import TriplePlaces
        from csto_kg.inputs.safety import format_for
        from csto_kg.inputs.turtle_scan import scan

        with self._lock:
            if name not in self._places:
                input_file = self._files.get(name)
                if input_file is None:
                    self._places[name] = None
                else:
                    scanned = None
                    if format_for(input_file.path) in ("turtle", "nt"):
                        try:
                            scanned = scan(input_file.path.read_text(encoding="utf-8"))
                        except (OSError, UnicodeDecodeError):
                            scanned = None
                    self._places[name] = TriplePlaces(input_file.display, scanned)
            return self._places[name]

    def passages(self, triple) -> list[Passage]:
        """The passages an asserted triple derives from, with their quotes."""
        return [Passage(str(p), self.sourcing.quote(p)) for p in self.sourcing.passages(triple)]

    # -- findings

    def finding(self, number: int, *, max_depth: int = DEFAULT_MAX_DEPTH,
                timeout: float | None = None) -> FindingExplanation:
        """Finding ``number`` (1 = the first ``csto-kg check`` prints): its axiom and clashing triples."""
        count = len(self.findings)
        if not (isinstance(number, int) and 1 <= number <= count):
            shown = "no findings" if not count else f"{count} finding{'s' if count > 1 else ''} (1 to {count})"
            raise UsageError(f"no finding {number}: the graph has {shown}; csto-kg check lists them")
        found = self.findings[number - 1]
        axiom, clash = clashing_triples(self.closure, found)
        search = self.search(max_depth=max_depth, timeout=timeout)
        memo: dict = {}

        def proofs(triples):
            result = []
            for triple in triples:
                derivation = search.shortest(triple)
                if derivation is not None:
                    result.append(self.proof(derivation, memo))
            return tuple(result)

        return FindingExplanation(number, found.message, found.axiom, proofs(axiom), proofs(clash))


def _node(text: str):
    return URIRef(text) if ":" in text else BNode(text)


def clashing_triples(closure: Closure, finding) -> tuple[list, list]:
    """(axiom triples, clashing triples) behind a reasoning finding; empty lists for a kind not known here.

    >>> from csto_kg.api import _fixture_kg
    >>> from csto_kg.reasoning.findings import from_owlrl_message
    >>> f = from_owlrl_message("Disjoint classes https://w3id.org/csto-kg/ontology#State and "
    ...     "https://w3id.org/csto-kg/ontology#Organization have a common individual https://w3id.org/csto-kg/id/CSTO")
    >>> axiom, clash = clashing_triples(Closure(_fixture_kg().dataset), f)
    >>> [triple_text(t) for t in axiom]
    ['csto:State owl:disjointWith csto:Organization']
    >>> [triple_text(t) for t in clash]
    ['kg:CSTO rdf:type csto:State', 'kg:CSTO rdf:type csto:Organization']
    """
    r = [_node(x) for x in finding.resources]
    axiom = finding.axiom
    TYPE = RDF.type
    if " owl:disjointWith " in axiom and len(r) == 3:
        c1, c2, x = r
        return _disjointness(closure, c1, c2), [(x, TYPE, c1), (x, TYPE, c2)]
    if axiom == "owl:Nothing" and r:
        return [], [(r[0], TYPE, OWL.Nothing)]
    if " owl:complementOf " in axiom and len(r) == 3:
        c1, c2 = r[0], r[1]
        members = [x for x in closure.subjects(TYPE, c1) if closure.has((x, TYPE, c2))]
        return [(c1, OWL.complementOf, c2)], [t for x in members[:1] for t in ((x, TYPE, c1), (x, TYPE, c2))]
    if " owl:differentFrom " in axiom and len(r) == 2:
        a, b = r
        return [(a, OWL.differentFrom, b)], [(a, OWL.sameAs, b)]
    if axiom.endswith("a owl:IrreflexiveProperty") and len(r) == 2:
        x, p = r
        return [(p, TYPE, OWL.IrreflexiveProperty)], [(x, p, x)]
    if axiom.endswith("a owl:AsymmetricProperty") and len(r) == 3:
        p, x, y = r
        return [(p, TYPE, OWL.AsymmetricProperty)], [(x, p, y), (y, p, x)]
    if " owl:propertyDisjointWith " in axiom and len(r) == 4:
        p1, p2, x, y = r
        return [(p1, OWL.propertyDisjointWith, p2)], [(x, p1, y), (x, p2, y)]
    if axiom.endswith("a owl:FunctionalProperty") and len(r) >= 2:
        s, p = r[0], r[1]
        values = sorted(closure.objects(s, p), key=lambda v: (isinstance(v, Literal), str(v)))
        return [(p, TYPE, OWL.FunctionalProperty)], [(s, p, v) for v in values]
    return [], []


def _disjointness(closure: Closure, c1, c2) -> list:
    """The axiom that makes c1 and c2 disjoint: owl:disjointWith, or an owl:AllDisjointClasses naming both."""
    for pair in ((c1, OWL.disjointWith, c2), (c2, OWL.disjointWith, c1)):
        if closure.has(pair):
            return [pair]
    for node in closure.subjects(RDF.type, OWL.AllDisjointClasses):
        for head in closure.objects(node, OWL.members):
            members = closure.items(head)
            if c1 in members and c2 in members:
                return [(node, RDF.type, OWL.AllDisjointClasses), (node, OWL.members, head)]
    return []
