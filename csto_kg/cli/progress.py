"""Stage times of a command and, on a terminal, a progress line on stderr.

The library reports the start of each stage through an ``on_stage(stage, detail)``
callback (:meth:`csto_kg.KnowledgeGraph.load`, :func:`csto_kg.validate`); a
:class:`StageClock` is such a callback. It adds up the time of each stage, and
when its stream is a terminal it shows the stage being run (``parsing 12 files``,
``reasoning: round 3, 2370 triples inferred``) on one line that it clears when the
command is done. Nothing is written when the stream is not a terminal.

>>> import io
>>> clock = StageClock(io.StringIO())
>>> clock("parse", "parsing 2 files"); clock("reason"); clock.finish()
>>> sorted(clock.times), clock.summary().startswith("stage times: parse 0.00 s, reason 0.00 s; total ")
(['parse', 'reason'], True)

On a terminal the line is cleared when the command is done, also after a stage that ran
on demand once the others had ended (filling the query store before the first query):

>>> class Terminal(io.StringIO):
...     def isatty(self):
...         return True
>>> screen = Terminal()
>>> clock = StageClock(screen)
>>> clock("store", "filling the query store"); clock.resume()
>>> screen.getvalue() == CLEAR + "filling the query store ..." + CLEAR, list(clock.times)
(True, ['store'])
"""

from __future__ import annotations

import sys
import time

CLEAR = "\r\x1b[K"


class StageClock:
    """Time spent per stage, in the order the stages first ran; live progress on a terminal."""

    def __init__(self, stream=None, *, started: float | None = None):
        self.stream = stream if stream is not None else sys.stderr
        self.live = bool(getattr(self.stream, "isatty", lambda: False)())
        self.started = time.perf_counter() if started is None else started
        self.times: dict[str, float] = {}
        self.in_all: dict[str, float] = {}  # stages that ran alongside others: their whole time
        self._stage: str | None = None
        self._detail: str | None = None
        self._before: tuple[str | None, str | None] = (None, None)
        self._since = 0.0

    def __call__(self, stage: str, detail: str | None = None) -> None:
        """Start ``stage`` (ending the one before); show ``detail`` (or the stage's name)."""
        self._before = (self._stage, self._detail)
        self._close()
        self._stage, self._detail, self._since = stage, detail, time.perf_counter()
        self._show(f"{detail or stage} ...")

    def resume(self) -> None:
        """Go back to the stage that ran before the last one started (after a stage run on demand);
        when none was running, end this one and clear the line (the command's output comes next)."""
        stage, detail = self._before
        if stage is not None:
            self(stage, detail)
        else:
            self.finish()

    def reasoning(self, rounds: int, inferred: int, *, finished: bool = False) -> None:
        """The reasoner's own progress callback (``round, inferred``)."""
        self._show(f"reasoning: round {rounds}, {inferred} triples inferred")

    @property
    def reasoner_progress(self):
        """The callback to give the reasoner, or None when nothing is shown."""
        return self.reasoning if self.live else None

    def alongside(self, stage: str, seconds: float) -> None:
        """``stage`` ran ``seconds`` in all alongside the other stages (on a thread of its own);
        its own time is then the wait for its end, and the summary gives both.

        >>> import io
        >>> clock = StageClock(io.StringIO())
        >>> clock("shacl"); clock.finish(); clock.alongside("shacl", 1.5)
        >>> clock.summary().split(";")[0]
        'stage times: shacl 0.00 s (1.50 s in all, alongside other stages)'
        """
        self.in_all[stage] = self.in_all.get(stage, 0.0) + seconds

    def finish(self) -> None:
        """End the current stage and clear the progress line."""
        self._close()
        if self.live:
            self.stream.write(CLEAR)
            self.stream.flush()

    def summary(self) -> str:
        """``stage times: parse 0.41 s, reason 0.06 s, ...; total 2.95 s`` (total since the command started)."""
        parts = ", ".join(f"{stage} {seconds:.2f} s" + (f" ({self.in_all[stage]:.2f} s in all, alongside "
                                                        "other stages)" if stage in self.in_all else "")
                          for stage, seconds in self.times.items())
        total = time.perf_counter() - self.started
        return f"stage times: {parts or 'none'}; total {total:.2f} s"

    def _close(self) -> None:
        if self._stage is not None:
            self.times[self._stage] = self.times.get(self._stage, 0.0) + time.perf_counter() - self._since
            self._stage = None

    def _show(self, text: str) -> None:
        if self.live:
            self.stream.write(CLEAR + text)
            self.stream.flush()
