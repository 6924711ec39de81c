"""Budgets against reasoning blow-up: a limit on inferred triples and on seconds.

Crafted input makes an OWL RL closure explode (a transitive chain of n links
has n^2/2 consequences, an ``owl:sameAs`` clique of n nodes copies every one
of their triples n times). Past either limit the fast reasoner stops with
:class:`BudgetExceeded`, which names the budget and the rule that grew most.
"""

from __future__ import annotations

import os
from dataclasses import dataclass

from .errors import CstoKgError, UsageError

DEFAULT_MAX_TRIPLES = 50_000_000
DEFAULT_MAX_SECONDS = 3600.0


@dataclass(frozen=True)
class Budget:
    """Limits of one reasoning run (``None`` = no limit).

    The defaults come from ``$CSTO_KG_MAX_INFERRED`` and ``$CSTO_KG_MAX_SECONDS``
    when set, else 50 million inferred triples and one hour.

    >>> Budget(max_triples=10).max_triples
    10
    >>> Budget.from_options(max_triples="1e3", max_seconds="2.5")
    Budget(max_triples=1000, max_seconds=2.5)
    """

    max_triples: int | None = DEFAULT_MAX_TRIPLES
    max_seconds: float | None = DEFAULT_MAX_SECONDS

    @classmethod
    def from_options(cls, *, max_triples=None, max_seconds=None) -> "Budget":
        """A budget from option or environment values (text or numbers)."""
        triples = _number(max_triples if max_triples is not None
                          else os.environ.get("CSTO_KG_MAX_INFERRED"), "--max-inferred")
        seconds = _number(max_seconds if max_seconds is not None
                          else os.environ.get("CSTO_KG_MAX_SECONDS"), "--max-seconds")
        return cls(max_triples=int(triples) if triples is not None else DEFAULT_MAX_TRIPLES,
                   max_seconds=seconds if seconds is not None else DEFAULT_MAX_SECONDS)


def _number(value, option: str) -> float | None:
    if value is None or value == "":
        return None
    try:
        number = float(value)
    except (TypeError, ValueError):
        raise UsageError(f"{option}: expected a positive number, got {value!r}") from None
    if number <= 0:
        raise UsageError(f"{option}: expected a positive number, got {value!r}")
    return number


class BudgetExceeded(CstoKgError):
    """Reasoning went past a budget; ``budget`` is ``"triples"`` or ``"seconds"``.

    >>> str(BudgetExceeded("triples", 10, "prp-trp", 8, 11, 0.5))
    'reasoning stopped: more than 10 inferred triples (budget --max-inferred; 11 inferred after 0.5 s); the rule that grew most is prp-trp (8 triples)'
    """

    def __init__(self, budget: str, limit, rule: str, rule_count: int, inferred: int, seconds: float):
        self.budget, self.limit, self.rule = budget, limit, rule
        self.rule_count, self.inferred, self.seconds = rule_count, inferred, seconds
        if budget == "triples":
            what = f"more than {limit} inferred triples (budget --max-inferred"
        else:
            what = f"more than {limit:g} s of reasoning (budget --max-seconds"
        super().__init__(f"reasoning stopped: {what}; {inferred} inferred after {seconds:.1f} s); "
                         f"the rule that grew most is {rule} ({rule_count} triples)")
