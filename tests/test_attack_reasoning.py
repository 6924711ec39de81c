"""Reasoning limits: crafted closures end with an error naming the budget, within it.

The measured attacks: an ``owl:sameAs`` chain of 100 nodes (owlrl: 25 s) and a
transitive chain of 500 links (owlrl: 160 s). The fast reasoner checks its
budgets as it goes; owlrl runs in a child process that the budget stops
(:mod:`csto_kg.reasoning.bounded_owlrl`). Closure sizes follow the formulas for small n.
"""

from __future__ import annotations

import time

import pytest
from rdflib import Dataset, URIRef
from rdflib.namespace import OWL, RDF

from csto_kg.reasoning.budgets import Budget, BudgetExceeded
from csto_kg.errors import ExitCode
from csto_kg.reasoning import infer

from conftest import run_cli

E = "http://example.org/"
P = URIRef(E + "p")


def transitive_chain(links: int) -> Dataset:
    dataset = Dataset()
    dataset.add((P, RDF.type, OWL.TransitiveProperty))
    for i in range(links):
        dataset.add((URIRef(E + f"n{i}"), P, URIRef(E + f"n{i + 1}")))
    return dataset


def same_as_chain(nodes: int) -> Dataset:
    dataset = Dataset()
    for i in range(nodes - 1):
        dataset.add((URIRef(E + f"s{i}"), OWL.sameAs, URIRef(E + f"s{i + 1}")))
    return dataset


@pytest.mark.parametrize("reasoner", ["rl", "owlrl"])
@pytest.mark.parametrize("attack", [lambda: transitive_chain(500), lambda: same_as_chain(100)],
                         ids=["transitive-500", "sameAs-100"])
def test_triple_budget_stops_the_attack_and_names_it(reasoner, attack):
    started = time.perf_counter()
    with pytest.raises(BudgetExceeded, match=r"more than 2000 inferred triples \(budget --max-inferred") as caught:
        infer(attack(), reasoner=reasoner, budget=Budget(max_triples=2000))
    assert caught.value.budget == "triples" and time.perf_counter() - started < 5


@pytest.mark.parametrize("attack", [lambda: transitive_chain(500), lambda: same_as_chain(100)],
                         ids=["transitive-500", "sameAs-100"])
def test_owlrl_is_stopped_at_the_time_budget(attack):
    started = time.perf_counter()
    with pytest.raises(BudgetExceeded, match=r"more than 1 s of reasoning \(budget --max-seconds") as caught:
        infer(attack(), reasoner="owlrl", budget=Budget(max_seconds=1))
    elapsed = time.perf_counter() - started
    # the budget fired (its message and kind), near the limit; room for a loaded 2-core machine
    assert caught.value.budget == "seconds" and 1 <= elapsed < 1 + 4, elapsed


def test_cli_owlrl_time_budget(tmp_path):
    data = tmp_path / "same.ttl"
    data.write_text("@prefix : <http://example.org/> . @prefix owl: <http://www.w3.org/2002/07/owl#> .\n"
                    + "".join(f":s{i} owl:sameAs :s{i + 1} .\n" for i in range(99)), encoding="utf-8")
    started = time.perf_counter()
    done = run_cli("reason", "--no-cache", "--no-bundled-data", "--ontology", str(data),
                   "--reasoner", "owlrl", "--max-seconds", "1")
    assert done.returncode == ExitCode.USAGE, done.stderr
    assert done.stderr.startswith("Error: reasoning stopped: more than 1 s of reasoning (budget --max-seconds")
    assert time.perf_counter() - started < 15


@pytest.mark.parametrize("reasoner", ["rl", "owlrl"])
def test_closure_sizes_follow_the_formulas(reasoner):
    for n in (1, 2, 3, 5, 8):
        # a transitive chain of n links: every pair i < j, minus the n asserted links
        assert len(infer(transitive_chain(n), reasoner=reasoner).triples) == n * (n + 1) // 2 - n
        # an owl:sameAs chain of n nodes: every ordered pair of distinct nodes, minus the n - 1 links
        # (reflexive sameAs is noise, see csto_kg.reasoning.noise)
        assert len(infer(same_as_chain(n + 1), reasoner=reasoner).triples) == (n + 1) * n - n
