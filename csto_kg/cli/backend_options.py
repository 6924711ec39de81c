"""CLI glue for issue 6: reasoner, budgets, store and endpoint options; the ``push`` command.

The library takes plain keyword arguments (:meth:`KnowledgeGraph.load`); this
module turns parsed options into them and renders progress on a terminal.
"""

from __future__ import annotations

from csto_kg.reasoning.budgets import Budget
from csto_kg.errors import ExitCode, UsageError


def load_options(options, clock=None) -> dict:
    """Keyword arguments of :meth:`KnowledgeGraph.load` from parsed CLI options.

    >>> import argparse
    >>> sorted(load_options(argparse.Namespace(reasoner=None, max_inferred="100", max_seconds=None,
    ...                                        store=None, endpoint=None)))
    ['budget', 'endpoint', 'on_stage', 'progress', 'reasoner', 'store']
    """
    return {
        "reasoner": getattr(options, "reasoner", None) or "rl",
        "budget": Budget.from_options(max_triples=getattr(options, "max_inferred", None),
                                      max_seconds=getattr(options, "max_seconds", None),
                                      max_memory=getattr(options, "max_memory", None)),
        "progress": clock.reasoner_progress if clock is not None else None,
        "on_stage": clock,
        "store": getattr(options, "store", None),
        "endpoint": getattr(options, "endpoint", None),
    }


def input_budget(options):
    """The input budgets of :mod:`csto_kg.inputs.budgets` from parsed CLI options (else the
    environment, else the defaults).

    >>> import argparse
    >>> input_budget(argparse.Namespace(max_literal_bytes="2000", max_seconds="5")).max_literal_bytes
    2000
    """
    from csto_kg.cli.parser import INPUT_BUDGETS
    from csto_kg.inputs.budgets import InputBudget

    given = {name: getattr(options, name, None) for name in INPUT_BUDGETS + ("max_seconds",)}
    return InputBudget.from_options(**given)


def push_graph(options, *, report, out) -> ExitCode:
    """``csto-kg push --endpoint URL``: reason locally, then PUT every named graph."""
    from csto_kg.api import KnowledgeGraph
    from csto_kg.store.endpoint import push

    if not options.endpoint:
        raise UsageError("push needs --endpoint URL (the server's SPARQL query URL)")
    settings = load_options(options)
    endpoint = settings.pop("endpoint")
    kg = KnowledgeGraph.load(ontology=options.ontology, data=options.data,
                             bundled_data=not options.no_bundled_data, cache=not options.no_cache,
                             queries=options.queries, **settings)
    code = report(kg.reason())
    sent = push(kg.dataset, endpoint, graph_store=options.graph_store)
    for name, count in sent:
        out(f"{name}: {count} triples\n")
    out(f"pushed {len(sent)} graphs, {sum(c for _n, c in sent)} triples\n")
    return code
