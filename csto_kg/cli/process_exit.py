"""How the ``csto-kg`` process ends: without freeing, one object at a time, what the command built.

A command that loaded a graph holds millions of Python objects (terms, triples, index sets,
quads). When the command returns, CPython frees them one by one before the process exits:
0.33 s after a 100k-triple ``reason`` and 4.3 s after a 1M-triple one (measured here), all
spent giving memory back that the operating system takes back at once when the process ends.

So the console script (:func:`csto_kg.cli.console`) keeps the command's graph referenced
(:func:`keep`) and, once the command has returned and its output is flushed, runs the
``atexit`` functions and ends the process (:func:`exit_without_freeing`). It does so only when
nothing else is still running: with a thread that is not a daemon, or a child process that
``multiprocessing`` started, it exits the usual way. Called in a process that goes on
(``csto_kg.cli.main`` from Python, as the tests do), nothing is kept.
"""

from __future__ import annotations

import atexit
import os
import sys
import threading

_kept: list = []
_keeping = False


def keep(value) -> None:
    """Keep ``value`` referenced until the process ends, when the console script runs the command
    (so it is not freed object by object on the way out); otherwise do nothing.

    >>> keep(object()); len(_kept)
    0
    """
    if _keeping:
        _kept.append(value)


def keeping() -> None:
    """From now on, :func:`keep` keeps what it is given (the console script calls this first)."""
    global _keeping
    _keeping = True


def others_running() -> bool:
    """Whether a thread that is not a daemon, or a ``multiprocessing`` child, is still running
    (the usual exit waits for them; this one would not).

    >>> others_running()
    False
    """
    main = threading.main_thread()
    if any(t is not main and t.is_alive() and not t.daemon for t in threading.enumerate()):
        return True
    children = getattr(sys.modules.get("multiprocessing"), "active_children", None)
    return bool(children and children())


def exit_without_freeing(code: int) -> None:
    """End the process with ``code``: standard streams flushed and ``atexit`` functions run, as at
    a usual exit, but the objects still referenced are left to the operating system.
    When other threads or processes run (:func:`others_running`), ``sys.exit(code)`` instead."""
    if others_running():
        sys.exit(code)
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (OSError, ValueError):  # a closed pipe: what is left cannot be written (main said so)
            pass
    atexit._run_exitfuncs()  # what the interpreter runs at exit: logging's flush, temporary folders...
    os._exit(code)
