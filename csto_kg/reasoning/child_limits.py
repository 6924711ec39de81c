"""Limits and clean-up for the forked child processes that run bounded work.

Both the owlrl reasoner under its budgets (:mod:`csto_kg.reasoning.bounded_owlrl`) and a query under
``--timeout``/``--max-memory`` (:func:`csto_kg.query.pool.run_limited`) fork the process
that holds the graph, cap the child's CPU time and address space, and kill it when the
parent's wall-clock deadline passes. These three steps live here once.

>>> import os
>>> pid = os.fork()
>>> if pid == 0:
...     cap_cpu_time(30)
...     os._exit(0)
>>> os.waitpid(pid, 0)[1]
0
>>> kill_and_reap(pid)  # already reaped: nothing to do, no error
"""

from __future__ import annotations

import math
import os
import resource
import signal


def cap_cpu_time(seconds: float) -> None:
    """In a child: stop it (SIGXCPU) after ``seconds`` more CPU time than it has used.

    A backstop should the parent die: the parent's own deadline kills the child first.
    The soft limit is never raised above the hard limit.
    """
    used = resource.getrusage(resource.RUSAGE_SELF)
    cpu = int(math.ceil(used.ru_utime + used.ru_stime + seconds)) + 1
    _, hard = resource.getrlimit(resource.RLIMIT_CPU)
    if hard == resource.RLIM_INFINITY or cpu <= hard:
        resource.setrlimit(resource.RLIMIT_CPU, (cpu, hard))


def cap_address_space(limit: int, *, ignore_errors: bool = False) -> None:
    """In a child: cap its address space at ``limit`` bytes (allocations past it fail)."""
    try:
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    except (ValueError, OSError):
        if not ignore_errors:
            raise


def kill_and_reap(pid: int) -> None:
    """Kill the child ``pid`` (SIGKILL) and wait for it; quiet if it has already ended."""
    try:
        os.kill(pid, signal.SIGKILL)
    except ProcessLookupError:
        pass
    try:
        os.waitpid(pid, 0)
    except ChildProcessError:
        pass
