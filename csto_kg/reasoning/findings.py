"""Findings: inconsistencies found by reasoning, as typed records.

owlrl records inconsistencies as plain messages (``Closure.add_error``) and
adds them to the closure as ``[] a err:ErrorMessage ; err:error "..."`` with
``err:`` = ``http://www.daml.org/2002/03/agents/agent-ont#``; membership of
``owl:Nothing`` is one of those messages (rule cls-nothing2). Those messages
are parsed here into :class:`Finding` objects naming the resources and the
axiom. owlrl does not flag a functional property with two different values
(it infers ``owl:sameAs`` between them); :func:`functional_clashes` does.

The validator (:mod:`csto_kg.validation`) reports its findings with the same
type, adding where the problem is (file, line, column), the focus node, the
shape or rule that found it and a short code naming the kind of check.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import OWL, RDF

from csto_kg.errors import excerpt
from csto_kg.namespaces import curie

ERROR_NS = "http://www.daml.org/2002/03/agents/agent-ont#"
ERROR_MESSAGE = URIRef(ERROR_NS + "ErrorMessage")
ERROR_TEXT = URIRef(ERROR_NS + "error")


ERROR = "error"
WARNING = "warning"


@dataclass(frozen=True)
class Finding:
    """One problem found in the knowledge graph or in an input file.

    >>> f = Finding("error", "no rdfs:label in French (@fr)", code="shacl", file="data/x.ttl",
    ...             line=3, focus="kg:Foo", rule="cstosh:EntityLabels")
    >>> f.render_line()
    'ERROR data/x.ttl:3: no rdfs:label in French (@fr) (kg:Foo; cstosh:EntityLabels)'
    """

    severity: str  # "error" or "warning"
    message: str
    resources: tuple[str, ...] = field(default_factory=tuple)
    axiom: str = ""
    code: str = ""  # kind of check, e.g. "syntax", "ill-typed-literal", "shacl"
    file: str | None = None
    line: int | None = None
    column: int | None = None
    focus: str = ""  # the focus node, as a CURIE when it has one
    rule: str = ""  # the shape, query or rule that found it

    def render(self) -> str:
        """One line for humans: ``error: <message> [axiom: ...]``."""
        text = f"{self.severity}: {self.message}"
        if self.axiom:
            text += f" [axiom: {self.axiom}]"
        return text

    @property
    def location(self) -> str:
        """``file:line[:column]``, or ``-`` when the finding is not tied to a file."""
        if not self.file:
            return "-"
        where = self.file
        if self.line is not None:
            where += f":{self.line}"
            if self.column is not None:
                where += f":{self.column}"
        return where

    def render_line(self) -> str:
        """``SEVERITY file:line: message (focus node; shape or rule)``."""
        rule = self.rule or self.axiom
        context = "; ".join(part for part in (self.focus, rule) if part)
        text = f"{self.severity.upper()} {self.location}: {self.message}"
        return f"{text} ({context})" if context else text

    def to_json(self) -> dict:
        return {"severity": self.severity, "message": self.message,
                "resources": list(self.resources), "axiom": self.axiom, "code": self.code,
                "file": self.file, "line": self.line, "column": self.column,
                "focus": self.focus, "rule": self.rule}

    @classmethod
    def from_json(cls, value: dict) -> "Finding":
        return cls(value["severity"], value["message"], tuple(value["resources"]), value["axiom"],
                   value.get("code", ""), value.get("file"), value.get("line"), value.get("column"),
                   value.get("focus", ""), value.get("rule", ""))


_IRI = r"(\S+?)"
# (pattern over owlrl's message, axiom template, message template)
_PATTERNS = [
    (rf"Disjoint classes {_IRI} and {_IRI} have a common individual {_IRI}$",
     "{0} owl:disjointWith {1}", "{2} is an instance of the disjoint classes {0} and {1}"),
    (rf"{_IRI} is defined of type 'Nothing'$",
     "owl:Nothing", "{0} is an instance of owl:Nothing (an unsatisfiable class)"),
    (rf"Violation of complementarity for classes {_IRI} and {_IRI} on element {_IRI}$",
     "{0} owl:complementOf {1}", "{2} is an instance of the complementary classes {0} and {1}"),
    (rf"'sameAs' and 'differentFrom' cannot be used on the same subject-object pair: \({_IRI}, {_IRI}\)$",
     "{0} owl:differentFrom {1}", "{0} and {1} are both the same and different"),
    (rf"Irreflexive property used on {_IRI} with {_IRI}$",
     "{1} a owl:IrreflexiveProperty", "{0} is related to itself by the irreflexive property {1}"),
    (rf"Erroneous usage of asymmetric property {_IRI} on {_IRI} and {_IRI}$",
     "{0} a owl:AsymmetricProperty", "{1} and {2} are related both ways by the asymmetric property {0}"),
    (rf"Erroneous usage of disjoint properties {_IRI} and {_IRI} on {_IRI} and {_IRI}$",
     "{0} owl:propertyDisjointWith {1}", "{2} and {3} are related by the disjoint properties {0} and {1}"),
]


def _short(term: str) -> str:
    return excerpt(curie(term) or term, 200)


def from_owlrl_message(text: str) -> Finding:
    """Turn one owlrl error message into a Finding.

    >>> f = from_owlrl_message("Disjoint classes https://w3id.org/csto-kg/ontology#State and "
    ...     "https://w3id.org/csto-kg/ontology#Organization have a common individual https://w3id.org/csto-kg/id/CSTO")
    >>> f.axiom
    'csto:State owl:disjointWith csto:Organization'
    >>> f.message
    'kg:CSTO is an instance of the disjoint classes csto:State and csto:Organization'
    """
    for pattern, axiom, message in _PATTERNS:
        match = re.match(pattern, text.strip())
        if match:
            groups = match.groups()
            short = [_short(g) for g in groups]
            return Finding("error", message.format(*short), tuple(groups), axiom.format(*short))
    resources = tuple(dict.fromkeys(re.findall(r"https?://[^\s,()'\"]+", text)))
    for full in resources:
        text = text.replace(full, _short(full))
    return Finding("error", f"OWL RL inconsistency: {text}", resources, "")


def owlrl_findings(closure: Graph) -> list[Finding]:
    """Findings from the error-report triples owlrl left in ``closure``."""
    messages = sorted(str(m) for node in closure.subjects(RDF.type, ERROR_MESSAGE)
                      for m in closure.objects(node, ERROR_TEXT))
    return [from_owlrl_message(m) for m in messages]


def remove_error_reports(closure: Graph) -> None:
    """Delete owlrl's error-report triples from ``closure``."""
    for node in list(closure.subjects(RDF.type, ERROR_MESSAGE)):
        closure.remove((node, None, None))


def functional_clashes(closure: Graph, asserted: Graph) -> list[Finding]:
    """A functional property with two different values on one subject.

    Two literals that differ in value are a contradiction. Two different IRIs
    would be merged by OWL (``owl:sameAs``); csto-kg gives each thing one IRI,
    so unless that ``owl:sameAs`` is asserted it is reported as an error too.
    """
    findings = []
    for prop in sorted(set(closure.subjects(RDF.type, OWL.FunctionalProperty))):
        if not isinstance(prop, URIRef):
            continue
        by_subject: dict = {}
        for s, o in closure.subject_objects(prop):
            by_subject.setdefault(s, []).append(o)
        for subject, values in sorted(by_subject.items()):
            clash = _first_clash(values, asserted)
            if clash:
                findings.append(_functional_finding(prop, subject, clash))
    return findings


def _first_clash(values: list, asserted: Graph):
    distinct = sorted(set(values))
    for i, a in enumerate(distinct):
        for b in distinct[i + 1:]:
            if _different(a, b, asserted):
                return a, b
    return None


def _different(a, b, asserted: Graph) -> bool:
    if isinstance(a, Literal) and isinstance(b, Literal):
        try:
            return not a.eq(b)
        except TypeError:
            return True
    if isinstance(a, URIRef) and isinstance(b, URIRef):
        return not _asserted_same(a, b, asserted)
    return False


def _asserted_same(a, b, asserted: Graph) -> bool:
    """Whether asserted ``owl:sameAs`` links (either direction) connect a and b."""
    seen, todo = {a}, [a]
    while todo:
        node = todo.pop()
        for other in (*asserted.objects(node, OWL.sameAs), *asserted.subjects(OWL.sameAs, node)):
            if other == b:
                return True
            if other not in seen:
                seen.add(other)
                todo.append(other)
    return False


def _functional_finding(prop, subject, clash) -> Finding:
    a, b = clash
    shown = [_short(str(x)) if isinstance(x, URIRef) else x.n3() for x in (subject, prop, a, b)]
    return Finding(
        "error",
        f"{shown[0]} has two values for the functional property {shown[1]}: {shown[2]} and {shown[3]}",
        tuple(str(x) for x in (subject, prop, a, b) if isinstance(x, URIRef)),
        f"{shown[1]} a owl:FunctionalProperty",
    )
