"""Validation work run on a thread of its own while the first core goes on with the other checks.

The SHACL engine (pyshacl-turbo) and Oxigraph's query engine let go of Python's interpreter
lock while they work (measured here: a 1.1 s Oxigraph query beside a 0.3 s Python loop, both
done in 1.1 s), so validation begins the shapes and the ``*-violation`` queries on daemon
threads and reads their results only when the report needs them.
"""

from __future__ import annotations

import threading
import time
from typing import Callable


class BackgroundCall:
    """``compute()``, begun when made: on a daemon thread when ``in_parallel`` (work that lets go
    of the interpreter), otherwise when :meth:`result` is first called. :meth:`result` waits for
    the end and gives the value, or raises the error ``compute`` raised (each time it is asked);
    ``seconds`` is how long it took in all, once done.

    >>> call = BackgroundCall(lambda: [("helper", "rows")], in_parallel=True)
    >>> call.result(), call.seconds >= 0, call.in_parallel
    ([('helper', 'rows')], True, True)
    >>> later = BackgroundCall(lambda: 1 / 0, in_parallel=False)
    >>> later.seconds is None, later.in_parallel
    (True, False)
    >>> later.result()
    Traceback (most recent call last):
    ...
    ZeroDivisionError: division by zero
    """

    def __init__(self, compute: Callable[[], object], *, in_parallel: bool, name: str = "csto-kg validation"):
        self._compute = compute
        self._value = None
        self._done = False
        self._error: BaseException | None = None
        self.seconds: float | None = None
        self._thread = None
        if in_parallel:
            # a daemon: a command stopped by its budget (--max-seconds) does not wait for it at exit
            self._thread = threading.Thread(target=self._run, name=name, daemon=True)
            self._thread.start()
        self.in_parallel = self._thread is not None

    def _run(self) -> None:
        started = time.perf_counter()
        try:
            self._value = self._compute()
        except BaseException as error:  # raised again where the result is asked for
            self._error = error
        self._done = True
        self.seconds = time.perf_counter() - started

    def result(self):
        """The value of ``compute()``, once it is done."""
        thread = self._thread  # read once: another thread may be asking too
        if thread is not None:
            thread.join()  # the timer signal of --max-seconds still interrupts this wait
            self._thread = None
        elif not self._done:
            self._run()
        if self._error is not None:
            raise self._error
        return self._value
