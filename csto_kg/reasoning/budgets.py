"""Budgets against reasoning blow-up: limits on inferred triples, seconds and memory.

Crafted input makes an OWL RL closure explode (a transitive chain of n links
has n^2/2 consequences, an ``owl:sameAs`` clique of n nodes copies every one
of their triples n times). Past either limit the fast reasoner stops with
:class:`BudgetExceeded`, which names the budget and the rule that grew most.
The reference reasoner (owlrl) cannot check budgets itself, so it runs in a
child process with the same limits (:mod:`csto_kg.reasoning.bounded_owlrl`): killed at
``max_seconds`` (wall clock, and a CPU-time limit), its address space capped
at ``max_memory``, its new triples counted against ``max_triples``.
"""

from __future__ import annotations

import os
from dataclasses import dataclass

from csto_kg.errors import CstoKgError
from csto_kg.inputs.budgets import number_option as _number

DEFAULT_MAX_TRIPLES = 50_000_000
DEFAULT_MAX_SECONDS = 3600.0
DEFAULT_MAX_MEMORY = 4 * 1024 ** 3  # bytes of address space of the owlrl child process


@dataclass(frozen=True)
class Budget:
    """Limits of one reasoning run (``None`` = no limit).

    The defaults come from ``$CSTO_KG_MAX_INFERRED``, ``$CSTO_KG_MAX_SECONDS`` and
    ``$CSTO_KG_MAX_MEMORY`` when set, else 50 million inferred triples, one hour
    and 4 GiB (the memory budget binds the owlrl child process only).

    >>> Budget(max_triples=10).max_triples
    10
    >>> Budget.from_options(max_triples="1e3", max_seconds="2.5").max_triples
    1000
    >>> Budget.from_options(max_memory="1e9").max_memory
    1000000000
    """

    max_triples: int | None = DEFAULT_MAX_TRIPLES
    max_seconds: float | None = DEFAULT_MAX_SECONDS
    max_memory: int | None = DEFAULT_MAX_MEMORY

    @classmethod
    def from_options(cls, *, max_triples=None, max_seconds=None, max_memory=None) -> "Budget":
        """A budget from option or environment values (text or numbers)."""
        triples = _number(max_triples if max_triples is not None
                          else os.environ.get("CSTO_KG_MAX_INFERRED"), "--max-inferred")
        seconds = _number(max_seconds if max_seconds is not None
                          else os.environ.get("CSTO_KG_MAX_SECONDS"), "--max-seconds")
        memory = _number(max_memory if max_memory is not None
                         else os.environ.get("CSTO_KG_MAX_MEMORY"), "--max-memory")
        return cls(max_triples=int(triples) if triples is not None else DEFAULT_MAX_TRIPLES,
                   max_seconds=seconds if seconds is not None else DEFAULT_MAX_SECONDS,
                   max_memory=int(memory) if memory is not None else DEFAULT_MAX_MEMORY)


class BudgetExceeded(CstoKgError):
    """Reasoning went past a budget; ``budget`` is ``"triples"``, ``"seconds"`` or ``"memory"``.

    >>> str(BudgetExceeded("triples", 10, "prp-trp", 8, 11, 0.5))
    'reasoning stopped: more than 10 inferred triples (budget --max-inferred; 11 inferred after 0.5 s); the rule that grew most is prp-trp (8 triples)'
    >>> str(BudgetExceeded("seconds", 2.0, None, 0, 0, 2.01))
    'reasoning stopped: more than 2 s of reasoning (budget --max-seconds; owlrl reasoner stopped after 2.0 s)'
    """

    def __init__(self, budget: str, limit, rule: str | None, rule_count: int, inferred: int, seconds: float):
        self.budget, self.limit, self.rule = budget, limit, rule
        self.rule_count, self.inferred, self.seconds = rule_count, inferred, seconds
        if budget == "triples":
            what = f"more than {limit} inferred triples (budget --max-inferred"
        elif budget == "memory":
            what = f"more than {limit} bytes of memory (budget --max-memory"
        else:
            what = f"more than {limit:g} s of reasoning (budget --max-seconds"
        if rule is None:  # the owlrl reasoner: rules are not tracked
            super().__init__(f"reasoning stopped: {what}; owlrl reasoner stopped after {seconds:.1f} s)")
            return
        super().__init__(f"reasoning stopped: {what}; {inferred} inferred after {seconds:.1f} s); "
                         f"the rule that grew most is {rule} ({rule_count} triples)")
