"""Differential testing helpers: owlrl (the oracle) against the fast engine on the same triples."""

from __future__ import annotations

from rdflib import Graph

from csto_kg.reasoning.fast import infer_rl
from csto_kg.reasoning.findings import (ERROR_MESSAGE, ERROR_TEXT, functional_clashes, owlrl_findings,
                              remove_error_reports)
from csto_kg.reasoning.noise import is_noise
from csto_kg.reasoning.owlrl_reference import rdflib_conversions_kept
from csto_kg.reasoning.inconsistency_rules import error_messages
from csto_kg.reasoning.datatype_rules import one_time_triples
from csto_kg.reasoning.rules import RuleEngine

PREFIXES = """
@prefix : <http://example.org/> .
@prefix owl: <http://www.w3.org/2002/07/owl#> .
@prefix rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
"""


def parse(turtle: str) -> Graph:
    graph = Graph()
    graph.parse(data=PREFIXES + turtle, format="turtle")
    return graph


def owlrl_raw(asserted: Graph):
    """owlrl's closure minus the input, its error messages, and the filtered result + findings."""
    from owlrl import DeductiveClosure, OWLRL_Semantics

    closure = Graph()
    closure += asserted
    with rdflib_conversions_kept():
        DeductiveClosure(OWLRL_Semantics).expand(closure)
    messages = sorted(str(m) for node in closure.subjects(None, ERROR_MESSAGE)
                      for m in closure.objects(node, ERROR_TEXT))
    findings = owlrl_findings(closure)
    remove_error_reports(closure)
    findings += functional_clashes(closure, asserted)
    raw = set(closure) - set(asserted)
    return raw, messages, {t for t in raw if not is_noise(t)}, findings


def fast_raw(asserted: Graph):
    """The same four results from the fast engine."""
    engine = RuleEngine()
    engine.load(asserted)
    extra, messages = one_time_triples(engine)
    engine.run(one_time=extra)
    messages += [m for m in error_messages(engine) if m not in messages]
    engine.remove_blank_predicates()
    raw = set(engine.inferred_terms())
    inferred, findings, _ = infer_rl(asserted)
    return raw, sorted(messages), inferred, findings
