"""The ``csto-kg`` command line: parse options, call the library, render, exit.

Results go to stdout; ``Error: ...`` messages and findings go to stderr.
Exit codes: see :class:`csto_kg.errors.ExitCode`.
"""

from __future__ import annotations

import gc
import sys
import time
from contextlib import contextmanager
from typing import Sequence

from csto_kg.cli import process_exit
from csto_kg.cli.parser import parse_args
from csto_kg.errors import CstoKgError, ExitCode


def console() -> None:
    """The ``csto-kg`` console script (and ``python -m csto_kg``): :func:`main`, then the process ends
    without freeing what the command built (:mod:`csto_kg.cli.process_exit`)."""
    process_exit.keeping()
    process_exit.exit_without_freeing(main())


def main(argv: Sequence[str] | None = None) -> int:
    """Run one command; returns the exit code (what the console script exits with)."""
    argv = sys.argv[1:] if argv is None else list(argv)
    traceback = "--traceback" in argv
    started = time.perf_counter()
    try:
        options, extra = parse_args(argv)
        options.started = started
        from csto_kg.cli.commands import run_command  # noqa: PLC0415 - keeps --help fast

        if options.command == "serve":  # a long-lived process: the collector as Python sets it
            return int(run_command(options, extra))
        with _few_collections():
            return int(run_command(options, extra))
    except CstoKgError as error:
        if traceback:
            details = getattr(error, "details", None)  # the traceback of a query's own process
            if details:
                print(details, end="" if details.endswith("\n") else "\n", file=sys.stderr)
            raise
        if error.exit_code == ExitCode.INTERNAL:
            _error(f"internal error: {error} (a bug, not a mistake in the command; "
                   "run with --traceback for details)")
        else:
            _error(str(error))
        if getattr(error, "path", None) == "standard output":
            _silence_stdout()  # what is left in its buffer cannot be written either
        return int(error.exit_code)
    except KeyboardInterrupt:
        _error("interrupted")
        return int(ExitCode.USAGE)
    except BrokenPipeError:
        _silence_stdout()
        return int(ExitCode.OK)
    except Exception as error:  # a bug: say so briefly
        if traceback:
            raise
        _error(f"internal error: {type(error).__name__}: {error} (run with --traceback for details)")
        return int(ExitCode.INTERNAL)


BATCH_GC_THRESHOLD = (100_000, 50, 1000)  # young objects before a collection; young, middle passes before the next


@contextmanager
def _few_collections():
    """The cyclic garbage collector runs seldom while a command works, as thresholds restored after.

    A command builds millions of long-lived objects (terms, triples, index sets) and almost no
    cycles: with Python's thresholds (700, 10, 10) the collector walks the growing heap again and
    again, which took a third of parsing, storing and the graph checks of a 100k-triple ``reason``
    (its peak memory is the same either way). Young cycles are still collected, every 100,000
    allocations; ``serve`` keeps the usual thresholds.

    >>> before = gc.get_threshold()
    >>> with _few_collections():
    ...     gc.get_threshold()
    (100000, 50, 1000)
    >>> gc.get_threshold() == before
    True
    """
    before = gc.get_threshold()
    gc.set_threshold(*BATCH_GC_THRESHOLD)
    try:
        yield
    finally:
        gc.set_threshold(*before)


def _error(message: str) -> None:
    print(f"Error: {bounded(message)}", file=sys.stderr)


MESSAGE_LINE_CHARS = 2000  # the longest line of an error message; input is quoted far shorter at its source


def bounded(message: str) -> str:
    r"""An error message as the terminal gets it: each line escaped (no control character reaches
    the terminal) and at most :data:`MESSAGE_LINE_CHARS` characters.

    >>> print(bounded("data/x.ttl:1:1: bad\n  near: \x1b[31mred"))
    data/x.ttl:1:1: bad
      near: \x1b[31mred
    """
    from csto_kg.errors import excerpt

    return "\n".join(excerpt(line, MESSAGE_LINE_CHARS) for line in str(message).split("\n"))


def _silence_stdout() -> None:
    import os

    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except OSError:
        pass
