"""Checks over the whole loaded graph that SHACL does not express well.

* terms of the ``csto:`` namespace that the ontology does not declare (with the
  nearest declared term as a suggestion);
* ``kg:`` IRIs used as objects but never described (dangling references);
* one resource with two different ``rdfs:label`` in the same language;
* owlrl's inconsistencies (already computed by reasoning), located;
* the rows of the ``*-violation`` helper queries, one finding per row.
"""

from __future__ import annotations

import difflib
import re
from typing import Iterable, Sequence

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import NamespaceManager

from csto_kg.errors import excerpt
from csto_kg.reasoning.findings import ERROR, Finding
from csto_kg.inputs.locations import Locator
from csto_kg.namespaces import CSTO, KG, bind_prefixes, curie


_NAMESPACES = NamespaceManager(Graph(bind_namespaces="none"))
bind_prefixes(_NAMESPACES)


def short(term) -> str:
    """A CURIE when the IRI has a known prefix, else ``<iri>`` (literals as N3).

    >>> short(URIRef("https://w3id.org/csto-kg/id/CSTO")), short(URIRef("http://x/y"))
    ('kg:CSTO', '<http://x/y>')
    >>> short(Literal("2006", datatype=URIRef("http://www.w3.org/2001/XMLSchema#gYear")))
    '"2006"^^xsd:gYear'
    """
    if isinstance(term, URIRef):
        return curie(str(term)) or f"<{term}>"
    if isinstance(term, Literal):
        return term.n3(_NAMESPACES)
    return str(term)


def declared_terms(ontology) -> set[str]:
    """The ``csto:`` IRIs the ontology describes (subjects of its triples: a Graph or triples)."""
    ns = str(CSTO)
    return {str(s) for s, _p, _o in ontology if isinstance(s, URIRef) and str(s).startswith(ns)}


def uses_undeclared(triples, declared: set[str]) -> bool:
    """Whether some ``csto:`` IRI of ``triples`` is not in ``declared`` (what
    :func:`undeclared_term_findings` reports, asked of the parsed terms before any scan).

    >>> a = URIRef("https://w3id.org/csto-kg/id/a")
    >>> uses_undeclared([(a, CSTO.memberOf, a)], {str(CSTO.memberOf)}), uses_undeclared([(a, CSTO.membreOf, a)], set())
    (False, True)
    """
    ns = str(CSTO)
    starts = str.startswith
    for triple in triples:
        for term in triple:
            if type(term) is not URIRef:
                term = getattr(term, "datatype", None)  # a literal's datatype is a term of the file too
                if term is None:
                    continue
            if starts(term, ns) and str(term) not in declared:  # str's own: rdflib's copies the term
                return True
    return False


def dangles(triples, described: set[str]) -> bool:
    """Whether some ``kg:`` IRI object of ``triples`` is not in ``described`` (what
    :func:`dangling_findings` reports, asked of the parsed terms before any scan)."""
    ns, starts = str(KG), str.startswith
    return any(type(o) is URIRef and starts(o, ns) and str(o) not in described for _s, _p, o in triples)


def suggestion(local: str, candidates: Iterable[str]) -> str | None:
    """The declared local name nearest to ``local`` (case differences first).

    >>> suggestion("memberof", ["memberOf", "member", "Membership"])
    'memberOf'
    >>> suggestion("Membershp", ["memberOf", "member", "Membership"])
    'Membership'
    """
    candidates = sorted(candidates)
    same_case = [c for c in candidates if c.lower() == local.lower()]
    if same_case:
        return same_case[0]
    close = difflib.get_close_matches(local, candidates, n=1, cutoff=0.75)
    if not close:
        lowered = {c.lower(): c for c in candidates}
        close = [lowered[m] for m in difflib.get_close_matches(local.lower(), list(lowered), n=1, cutoff=0.75)]
    return close[0] if close else None


def undeclared_term_findings(file_scans: Sequence[tuple[str, object]], declared: set[str]) -> list[Finding]:
    """One finding per undeclared ``csto:`` term per file, at its first use there."""
    ns = str(CSTO)
    locals_ = [iri[len(ns):] for iri in declared]
    findings = []
    for display, scanned in file_scans:
        uses: dict[str, list] = {}
        for term in scanned.terms:  # type: ignore[attr-defined]
            if term.kind == "iri" and term.value.startswith(ns) and term.value not in declared:
                uses.setdefault(term.value, []).append(term)
        for iri, terms in uses.items():
            first, local = terms[0], iri[len(ns):]
            best = suggestion(local, locals_) if len(local) < 200 else None
            local = excerpt(local)
            message = f"csto:{local} is not declared by the ontology"
            if best:
                message += f"; did you mean csto:{best}?"
            if len(terms) > 1:
                message += f" ({len(terms)} uses in this file)"
            findings.append(Finding(ERROR, message, (iri,), code="undeclared-term", file=display,
                                    line=first.line, column=first.column, focus=f"csto:{local}",
                                    rule="ontology terms"))
    return findings


def dangling_findings(file_scans: Sequence[tuple[str, object]], described: set[str]) -> list[Finding]:
    """``kg:`` IRIs used as objects in these files but in ``described`` (the IRI subjects of every
    asserted triple)."""
    ns = str(KG)
    findings, seen = [], set()
    for display, scanned in file_scans:
        for term in scanned.terms:  # type: ignore[attr-defined]
            if (term.role == "object" and term.kind == "iri" and term.value.startswith(ns)
                    and term.value not in described and term.value not in seen):
                seen.add(term.value)
                name = excerpt(short(URIRef(term.value)))
                findings.append(Finding(ERROR, f"{name} is used but never described (no triple has it "
                                        "as subject): a typo, or a resource still to add",
                                        (term.value,), code="dangling-reference", file=display,
                                        line=term.line, column=term.column, focus=name,
                                        rule="dangling references"))
    return findings


def duplicate_label_findings(labels, locator: Locator) -> list[Finding]:
    """Resources with two different ``rdfs:label`` values in one language (``labels``: ``(subject, label)`` pairs)."""
    by_key: dict[tuple, set] = {}
    for subject, label in labels:
        if isinstance(subject, URIRef) and isinstance(label, Literal):
            by_key.setdefault((subject, label.language or ""), set()).add(str(label))
    findings = []
    for (subject, lang), labels in sorted(item for item in by_key.items() if len(item[1]) > 1):  # only those sorted
        first, second = sorted(labels)[:2]
        where = locator.place(str(subject))
        language = f"@{lang}" if lang else "without a language tag"
        findings.append(Finding(ERROR, f"two different rdfs:label {language}: \"{excerpt(first)}\" and "
                                f"\"{excerpt(second)}\" (keep one; put others in skos:altLabel)",
                                (str(subject),), code="duplicate-label", file=where[0], line=where[1],
                                column=where[2], focus=short(subject), rule="one rdfs:label per language"))
    return findings


def located_inconsistencies(findings: Iterable[Finding], locator: Locator) -> list[Finding]:
    """owlrl's findings with the place of the resource they are about."""
    located = []
    for finding in findings:
        if finding.message.startswith("OWL RL inconsistency: Lexical value of the literal"):
            continue  # reported, with its position, by the ill-typed literal check
        focus = next((r for r in finding.resources if r.startswith(str(KG))),
                     finding.resources[0] if finding.resources else "")
        where = locator.latest_place(focus) if focus else (None, None, None)
        located.append(Finding(finding.severity, finding.message, finding.resources, finding.axiom,
                               code="inconsistency", file=where[0], line=where[1], column=where[2],
                               focus=short(URIRef(focus)) if focus else "", rule=finding.axiom or "OWL RL"))
    return located


def violation_findings(violations, locator: Locator) -> list[Finding]:
    """One error per row of every ``*-violation`` helper: ``violations`` are ``(helper, result)`` pairs."""
    findings = []
    for helper, result in violations:
        if not len(result):
            continue
        name = helper.name
        summary = re.sub(r"\s*\([^)]*\)", "", helper.summary.split(";")[0]).rstrip(". ") or name
        for row in result.rows:
            values = [row[c] for c in result.columns if row[c] is not None]
            focus = next((v for v in values if isinstance(v, URIRef)), None)
            where = locator.place(str(focus)) if focus is not None else (None, None, None)
            detail = ", ".join(f"{c}={excerpt(short(row[c]))}" for c in result.columns if row[c] is not None)
            findings.append(Finding(ERROR, f"{summary}: {detail}", tuple(str(v) for v in values
                                    if isinstance(v, URIRef)), code="violation-check", file=where[0],
                                    line=where[1], column=where[2],
                                    focus=short(focus) if focus is not None else "",
                                    rule=f"{helper.path.parent.name}/{helper.path.name}"))
    return findings
