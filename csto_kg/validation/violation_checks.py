"""The ``*-violation`` queries run on a thread of their own, alongside the graph checks.

Oxigraph lets go of Python's interpreter lock while it evaluates a query (measured here: a
1.1 s query beside a 0.3 s Python loop, both done in 1.1 s), so once the query store is
filled the violation queries can run on the second core while the first goes on with the
graph checks and the output files; their rows are read only when the report needs them.
"""

from __future__ import annotations

import threading
import time
from typing import Callable, Sequence


class ViolationRun:
    """``run_checks()`` (which returns the ``(helper, result)`` pairs of the violation queries),
    begun when made: on a daemon thread when ``in_parallel`` (queries whose engine lets go of
    the interpreter), otherwise when :meth:`pairs` is first called. :meth:`pairs` waits for the
    end and raises the error the checks raised; ``seconds`` is how long they took in all.

    >>> run = ViolationRun(lambda: [("helper", "rows")], in_parallel=True)
    >>> run.pairs(), run.seconds >= 0, run.in_parallel
    ([('helper', 'rows')], True, True)
    >>> ViolationRun(lambda: 1 / 0, in_parallel=True).pairs()
    Traceback (most recent call last):
    ...
    ZeroDivisionError: division by zero
    """

    def __init__(self, run_checks: Callable[[], Sequence[tuple]], *, in_parallel: bool):
        self._run_checks = run_checks
        self._pairs: list | None = None
        self._error: BaseException | None = None
        self.seconds: float | None = None
        self._thread = None
        if in_parallel:
            # a daemon: a command stopped by its budget (--max-seconds) does not wait for it at exit
            self._thread = threading.Thread(target=self._run, name="csto-kg violation checks", daemon=True)
            self._thread.start()
        self.in_parallel = self._thread is not None

    def _run(self) -> None:
        started = time.perf_counter()
        try:
            self._pairs = list(self._run_checks())
        except BaseException as error:  # raised again where the rows are asked for
            self._error = error
        self.seconds = time.perf_counter() - started

    def pairs(self) -> list:
        """The ``(helper, result)`` pairs, once the checks are done."""
        if self._thread is not None:
            self._thread.join()  # the timer signal of --max-seconds still interrupts this wait
            self._thread = None
        elif self._pairs is None and self._error is None:
            self._run()
        if self._error is not None:
            raise self._error
        return self._pairs
