"""Budgets of the fast reasoner, and crafted input that makes owlrl take minutes."""

from __future__ import annotations

import pytest
from rdflib import URIRef
from rdflib.namespace import OWL, RDF

from csto_kg.reasoning.budgets import Budget, BudgetExceeded
from csto_kg.errors import ExitCode
from csto_kg.reasoning.fast import infer_rl

from conftest import run_cli

E = "http://example.org/"
P = URIRef(E + "p")


def _chain(links: int):
    return [(P, RDF.type, OWL.TransitiveProperty)] + [
        (URIRef(E + f"n{i}"), P, URIRef(E + f"n{i + 1}")) for i in range(links)]


def test_triple_budget_names_the_rule_that_grew_most():
    with pytest.raises(BudgetExceeded) as caught:
        infer_rl(_chain(300), budget=Budget(max_triples=5000))
    assert caught.value.budget == "triples" and caught.value.rule == "prp-trp"
    assert "more than 5000 inferred triples" in str(caught.value)


def test_time_budget():
    with pytest.raises(BudgetExceeded, match=r"more than 0.01 s of reasoning .*rule that grew most is prp-trp"):
        infer_rl(_chain(400), budget=Budget(max_seconds=0.01))


def test_transitive_chain_and_sameas_chain_are_exact_and_quick():
    triples, _findings, _seconds = infer_rl(_chain(150))
    assert len(triples) == 150 * 151 // 2 - 150
    same = [(URIRef(E + f"s{i}"), OWL.sameAs, URIRef(E + f"s{i + 1}")) for i in range(40)]
    triples, _findings, _seconds = infer_rl(same)
    assert len(triples) == 41 * 40 - 40  # every ordered pair, minus the asserted ones


def test_cli_budget_error(tmp_path):
    data = tmp_path / "chain.ttl"
    data.write_text("@prefix : <http://example.org/> . @prefix owl: <http://www.w3.org/2002/07/owl#> .\n"
                    ":p a owl:TransitiveProperty .\n"
                    + "".join(f":n{i} :p :n{i + 1} .\n" for i in range(200)), encoding="utf-8")
    done = run_cli("reason", "--no-cache", "--no-bundled-data", "--ontology", str(data),
                   "--max-inferred", "2000")
    assert done.returncode == ExitCode.USAGE, done.stderr
    assert "reasoning stopped: more than 2000 inferred triples" in done.stderr
    assert "prp-trp" in done.stderr
