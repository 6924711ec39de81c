"""owlrl's closure in a child process that the budgets can stop.

owlrl offers no way to stop its closure: a ``owl:sameAs`` chain of 100 nodes
takes it 25 s, a transitive chain of 500 links 160 s. So the reference
reasoner runs in a forked child process: the parent waits at most
``budget.max_seconds`` (then kills it), the child has a CPU-time limit of the
same length and an address-space limit of ``budget.max_memory``, and counts
the triples owlrl adds against ``budget.max_triples``. Whatever stops it
becomes :class:`~csto_kg.reasoning.budgets.BudgetExceeded` naming the budget. The
answer comes back over a pipe as :mod:`marshal` data (terms as in
:mod:`csto_kg.reasoning.dataset_codec`), never pickles.
"""

from __future__ import annotations

import marshal
import os
import select
import signal
import time

from csto_kg.reasoning.budgets import Budget, BudgetExceeded
from csto_kg.reasoning.child_limits import cap_address_space, cap_cpu_time, kill_and_reap
from csto_kg.reasoning.dataset_codec import _build, _describe
from csto_kg.errors import CstoKgError
from csto_kg.reasoning.findings import Finding

RULE = None  # owlrl's rules are not tracked


class _TooMany(BaseException):  # not Exception: owlrl must not swallow it
    pass


def run_bounded(dataset, *, budget: Budget | None = None, compute=None):
    """``compute(dataset)`` (default: owlrl's closure) in a child process under ``budget``.

    Returns ``(triples, findings, seconds)``.

    >>> from rdflib import Dataset, URIRef
    >>> from rdflib.namespace import OWL
    >>> ds = Dataset()
    >>> E = "http://example.org/"
    >>> _ = ds.add((URIRef(E + "a"), OWL.sameAs, URIRef(E + "b")))
    >>> triples, findings, _ = run_bounded(ds, budget=Budget(max_seconds=60))
    >>> (URIRef(E + "b"), OWL.sameAs, URIRef(E + "a")) in triples, findings
    (True, [])
    """
    budget = budget or Budget()
    started = time.perf_counter()
    read_fd, write_fd = os.pipe()
    pid = os.fork()
    if pid == 0:  # pragma: no cover - the child
        os.close(read_fd)
        _child(write_fd, dataset, budget, compute)
    os.close(write_fd)
    try:
        data = _read_all(read_fd, started, budget)
    finally:
        os.close(read_fd)
    if data is None:  # wall-clock budget
        kill_and_reap(pid)
        raise BudgetExceeded("seconds", budget.max_seconds, RULE, 0, 0, time.perf_counter() - started)
    _, status = os.waitpid(pid, 0)
    seconds = time.perf_counter() - started
    if not data:
        signalled = os.WIFSIGNALED(status) and os.WTERMSIG(status) in (signal.SIGXCPU, signal.SIGKILL)
        if signalled and budget.max_seconds is not None:
            raise BudgetExceeded("seconds", budget.max_seconds, RULE, 0, 0, seconds)
        raise CstoKgError(f"the owlrl reasoner process ended without an answer (status {status})")
    reply = marshal.loads(data)
    if reply[0] == "triples":
        raise BudgetExceeded("triples", budget.max_triples, RULE, reply[1], reply[1], seconds)
    if reply[0] == "memory":
        raise BudgetExceeded("memory", budget.max_memory, RULE, 0, 0, seconds)
    if reply[0] == "error":
        raise CstoKgError(f"the owlrl reasoner failed: {reply[1]}")
    triples = {tuple(_build(term) for term in triple) for triple in reply[1]}
    findings = [Finding.from_json(f) for f in reply[2]]
    return triples, findings, seconds


def _read_all(fd: int, started: float, budget: Budget) -> bytes | None:
    """Everything the child writes; None when ``max_seconds`` passes first."""
    chunks = []
    while True:
        if budget.max_seconds is not None:
            remaining = budget.max_seconds - (time.perf_counter() - started)
            if remaining <= 0 or not select.select([fd], [], [], remaining)[0]:
                return None
        chunk = os.read(fd, 1 << 20)
        if not chunk:
            return b"".join(chunks)
        chunks.append(chunk)


def _child(write_fd: int, dataset, budget: Budget, compute) -> None:  # pragma: no cover
    code = 0
    try:
        _limit_resources(budget)
        reply = _compute(dataset, budget, compute)
    except MemoryError:
        reply = ("memory",)
    except BaseException as error:  # noqa: BLE001 - everything must reach the parent
        reply = ("error", f"{type(error).__name__}: {error}")
        code = 1
    try:
        data = marshal.dumps(reply)
        view = memoryview(data)
        while view:
            view = view[os.write(write_fd, view):]
    finally:
        os._exit(code)


def _limit_resources(budget: Budget) -> None:  # pragma: no cover - the child
    if budget.max_seconds is not None:
        cap_cpu_time(budget.max_seconds)
    if budget.max_memory is not None:
        cap_address_space(budget.max_memory, ignore_errors=True)


def _compute(dataset, budget: Budget, compute):  # pragma: no cover - the child
    if compute is None:
        _count_owlrl_triples(budget)
        from csto_kg.reasoning.owlrl_reference import infer_owlrl

        compute = infer_owlrl
    try:
        inference = compute(dataset)
    except _TooMany as many:
        return ("triples", many.args[0])
    except MemoryError:
        return ("memory",)
    triples = [tuple(_describe(term) for term in triple) for triple in inference.triples]
    return ("ok", triples, [f.to_json() for f in inference.findings])


def _count_owlrl_triples(budget: Budget) -> None:  # pragma: no cover - the child (patching is safe there)
    if budget.max_triples is None:
        return
    from owlrl.Closure import Core

    limit = budget.max_triples
    original = Core.store_triple
    count = [0]

    def store_triple(self, t):
        before = len(self.added_triples)
        original(self, t)
        if len(self.added_triples) > before:
            count[0] += 1
            if count[0] > limit:
                raise _TooMany(count[0])

    Core.store_triple = store_triple
