"""Run SPARQL queries in worker processes that can be killed: a hard timeout.

rdflib's SPARQL evaluation cannot be interrupted inside a thread, so each
query runs in one of a few worker processes holding a copy of the graph: forked
from a zygote (``python -m csto_kg.query.pool --zygote``) that was sent the graph
once (N-Quads for Oxigraph, else the compact cache encoding) and loaded it, or,
without one, each started afresh (``python -m csto_kg.query.pool``) and sent the
graph; requests and replies are marshal frames, never pickles. The caller waits at most
``timeout`` seconds for the answer; past that the worker is killed (the
work really stops), a fresh one is started, and :class:`QueryTimeout` is
raised — never a partial answer. Each worker's address space is capped so
one query cannot take the machine's memory. Results are limited to
``max_rows`` rows (or triples); a larger result is cut and marked
``truncated``.

The command line and the Python API run one query at a time under the same
limits with :func:`run_limited`: the process that already holds the graph is
forked (a few milliseconds, where starting a worker and sending it the graph
takes ~0.2 s), the child evaluates the query with its address space capped
and answers in the same frames and result encoding, and the parent kills it
at the deadline.
"""

from __future__ import annotations

import marshal
import os
import queue
import select
import signal
import struct
import subprocess
import sys
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterator

from rdflib import Dataset, Graph

from csto_kg.reasoning.child_limits import cap_address_space, cap_cpu_time, kill_and_reap
from csto_kg.reasoning.dataset_codec import _build, _describe
from csto_kg.errors import CstoKgError, QueryEngineError, QueryError, QuerySyntaxError, UsageError
from csto_kg.query.limits import QueryLimits, QueryTooComplex, QueryTooLarge
from csto_kg.store.results import Result

WORKER_MEMORY_BYTES = 2 * 1024 ** 3  # address-space cap of one worker process


class QueryTimeout(CstoKgError):
    """The query ran longer than the time limit and was stopped.

    >>> str(QueryTimeout(seconds=2, option="--timeout"))
    'query stopped after 2 s (--timeout); its process was killed: simplify the query or allow more time'
    """

    def __init__(self, message: str | None = None, *, seconds: float | None = None,
                 option: str = "timeout", written: int = 0):
        self.seconds, self.option, self.written = seconds, option, written
        super().__init__((message or f"query stopped after {seconds:g} s ({option}); its process was "
                                     "killed: simplify the query or allow more time") + incomplete(written))


class QueryOutOfMemory(QueryError):
    """The query needed more memory than its process may take (HTTP 400, exit 2).

    >>> str(QueryOutOfMemory(limit=10 ** 9, option="--max-memory"))
    'query stopped: it needed more than 1000000000 bytes of address space (--max-memory)'
    """

    def __init__(self, message: str | None = None, *, limit: int | None = None,
                 option: str = "max_memory", written: int = 0):
        self.limit, self.option, self.written = limit, option, written
        super().__init__((message or f"query stopped: it needed more than {limit} bytes of "
                                     f"address space ({option})") + incomplete(written))


def incomplete(written: int) -> str:
    """What an error adds when ``written`` bytes of the answer were written before it.

    >>> incomplete(0), incomplete(1234)
    ('', '; the 1,234 bytes written before it are an incomplete answer')
    """
    return f"; the {written:,} bytes written before it are an incomplete answer" if written else ""


class QueryBusy(CstoKgError):
    """No worker became free within the time limit."""


class _Late(Exception):
    """The deadline passed while a worker was answering."""


class _Failed(Exception):
    """A worker ended without an answer."""


@dataclass
class PoolAnswer:
    """A query result from a worker, with whether it was cut at ``max_rows``."""

    result: Result
    truncated: bool = False
    seconds: float = 0.0


@dataclass
class WrittenAnswer:
    """A query's answer as the worker wrote it (SPARQL results or a graph syntax).

    ``body`` is a binary file positioned at its start: in memory up to 1 MiB, on disk beyond
    (the server never holds a large answer whole). ``truncated``: cut at ``max_rows``;
    ``cut``: cut at the byte cap, at a row (or triple) boundary, so the document stays whole.
    ``format`` is the writer's name (``json``, ``turtle``...), ``kind`` the query's."""

    kind: str
    format: str
    body: object
    length: int
    truncated: bool = False
    cut: bool = False
    seconds: float = 0.0

    def read(self) -> bytes:
        """The whole body (for a small answer, or a test)."""
        self.body.seek(0)
        return self.body.read()

    def close(self) -> None:
        self.body.close()


class NotAcceptable(CstoKgError):
    """The query's kind of answer (``kind``) has no format the client takes."""

    def __init__(self, kind: str):
        self.kind = kind
        super().__init__(f"no acceptable format for a {kind} result")


def _libc_prctl():
    try:
        import ctypes

        return ctypes.CDLL(None, use_errno=True).prctl  # resolved here: the child only calls it
    except (OSError, AttributeError):
        return None


_PRCTL = _libc_prctl() if sys.platform.startswith("linux") else None
PR_SET_PDEATHSIG = 1
LONG_LANE_NICENESS = 10  # the long lane's workers yield the CPU to the quick lane and the server
QUICK_FULL_PRIORITY_SECONDS = 0.1  # a query in the quick lane longer than this goes on in SCHED_IDLE


def _die_with_parent() -> None:  # pragma: no cover - runs in the child between fork and exec
    if _PRCTL is not None:
        _PRCTL(PR_SET_PDEATHSIG, signal.SIGKILL)


def _die_with_parent_and_yield() -> None:  # pragma: no cover - the same, at a lower CPU priority
    _die_with_parent()
    os.nice(LONG_LANE_NICENESS)


def _idle_priority(pid: int) -> bool:
    """``pid`` runs only when a CPU would otherwise be idle (``SCHED_IDLE``; niceness 19 where that is
    not available); whether it was set (lowering a priority needs no privilege)."""
    try:
        os.sched_setscheduler(pid, os.SCHED_IDLE, os.sched_param(0))
        return True
    except (OSError, AttributeError):
        try:
            os.setpriority(os.PRIO_PROCESS, pid, 19)
            return True
        except OSError:
            return False


def _normal_priority(pid: int) -> bool:
    """``pid`` back to the normal scheduling class and niceness 0; whether this process may (root or
    ``CAP_SYS_NICE``)."""
    try:
        os.sched_setscheduler(pid, os.SCHED_OTHER, os.sched_param(0))
        os.setpriority(os.PRIO_PROCESS, pid, 0)
        return True
    except (OSError, AttributeError):
        return False


class _Spawner:
    """Starts the worker processes from one thread that lives as long as this process.

    Each worker asks the kernel to kill it when the thread that started it ends
    (``PR_SET_PDEATHSIG``, Linux): so a worker never outlives its server, however the server
    ends (``kill -9``, or uvicorn re-raising SIGTERM after its shutdown, which skips the
    ``finally`` that closes the pool). That thread must not end before the process: hence one
    long-lived thread, not the short-lived threads that wait for each worker's start."""

    def __init__(self):
        self._asks: queue.Queue = queue.Queue()
        self._thread: threading.Thread | None = None
        self._lock = threading.Lock()

    def popen(self, argv: list[str], *, env: dict, low_priority: bool = False,
              pass_fds: tuple = ()) -> subprocess.Popen:
        with self._lock:
            if self._thread is None or not self._thread.is_alive():
                self._thread = threading.Thread(target=self._serve, name="csto-kg worker spawner", daemon=True)
                self._thread.start()
        answer: queue.Queue = queue.Queue(maxsize=1)
        self._asks.put((argv, env, low_priority, pass_fds, answer))
        started = answer.get()
        if isinstance(started, BaseException):
            raise started
        return started

    def _serve(self) -> None:
        while True:
            argv, env, low_priority, pass_fds, answer = self._asks.get()
            try:
                answer.put(subprocess.Popen(argv, stdin=subprocess.PIPE, stdout=subprocess.PIPE, env=env,
                                            pass_fds=pass_fds,
                                            preexec_fn=_die_with_parent_and_yield if low_priority
                                            else _die_with_parent))
            except BaseException as error:  # noqa: BLE001 - handed to the caller
                answer.put(error)


_SPAWNER = _Spawner()


def _worker_env() -> dict:
    env = dict(os.environ)
    package_parent = str(Path(__file__).resolve().parent.parent.parent)
    env["PYTHONPATH"] = package_parent + os.pathsep + env.get("PYTHONPATH", "")
    return env


class _Zygote:
    """One process that holds the loaded graph and forks the workers from it (``fork``): a worker is
    ready in milliseconds, where a fresh one loads the graph for about half a second of CPU, CPU taken
    from the light queries when a killed worker is replaced. The zygote dies with this process, its
    workers with it (``PR_SET_PDEATHSIG``).

    A worker's process id stays its own until this process lets it go (``release``): the zygote reaps
    a worker only when told, so a worker that died is a zombie holding its pid, and a priority change
    or a signal sent by pid never reaches an unrelated process that got the pid again. Signals go
    through a pidfd too (``fork`` returns one where the kernel has them), which holds even when the
    zygote itself died and the kernel reaped its workers."""

    def __init__(self, payload: bytes, engine: str):
        import socket

        mine, theirs = socket.socketpair(socket.AF_UNIX, socket.SOCK_SEQPACKET)
        try:
            self.process = _SPAWNER.popen([sys.executable, "-m", "csto_kg.query.pool", "--zygote",
                                           str(theirs.fileno())], env=_worker_env(), pass_fds=(theirs.fileno(),))
        finally:
            theirs.close()
        self._control, self._lock = mine, threading.Lock()
        _write_frame(self.process.stdin, marshal.dumps(engine))
        _write_frame(self.process.stdin, payload)
        if _read_frame(self.process.stdout, deadline=time.monotonic() + 120) != marshal.dumps("ready"):
            self.close()
            raise RuntimeError("query worker zygote did not start")

    def fork(self, channel, *, low_priority: bool) -> tuple[int, int | None]:
        """A new worker speaking on the socket ``channel``: its process id and a pidfd of it (None
        where the kernel has no pidfds). ``OSError`` when the zygote has ended, could not fork or
        did not answer within ``FORK_SECONDS``."""
        import socket

        with self._lock:
            socket.send_fds(self._control, [marshal.dumps(("fork", low_priority))], [channel.fileno()])
            self._control.settimeout(FORK_SECONDS)
            try:
                reply, fds, _flags, _address = socket.recv_fds(self._control, 256, 1)
            except TimeoutError:  # its late reply would answer the next fork: this zygote is ended and renewed
                self.process.kill()
                raise OSError(f"the query worker zygote did not fork within {FORK_SECONDS:g} s") from None
            finally:
                self._control.settimeout(None)
        if not reply:
            raise OSError("the query worker zygote has ended")
        pid = marshal.loads(reply)
        if isinstance(pid, str):
            raise OSError(f"the query worker zygote could not fork: {pid}")
        return pid, (fds[0] if fds else None)

    def release(self, pid: int) -> None:
        """Let the zygote reap worker ``pid`` (killed, or known to have ended): its pid may be reused after."""
        try:
            with self._lock:
                self._control.send(marshal.dumps(("reap", pid)))
        except OSError:
            pass  # the zygote has ended: the kernel reaped its workers

    def close(self) -> None:
        with self._lock:
            self._control.close()
        self.process.kill()
        self.process.wait(5)
        for stream in (self.process.stdin, self.process.stdout):
            try:
                stream.close()
            except OSError:
                pass


class _Worker:
    """One worker process, spoken to with length-prefixed marshal frames.

    Forked from ``zygote`` (the graph already loaded; frames on a socket), or else started afresh
    (``python -m csto_kg.query.pool``, frames on its stdin/stdout) and sent its engine
    (``oxigraph``: ``payload`` is N-Quads text loaded into an in-memory Oxigraph store; ``rdflib``:
    the dataset in the cache encoding); then one request at a time."""

    def __init__(self, payload: bytes, engine: str = "rdflib", *, low_priority: bool = False,
                 zygote: _Zygote | None = None):
        self.process = None
        self._zygote, self._pidfd = zygote, None
        if zygote is not None:
            import socket

            mine, theirs = socket.socketpair()
            try:
                self.pid, self._pidfd = zygote.fork(theirs, low_priority=low_priority)
            except BaseException:
                mine.close()
                raise
            finally:
                theirs.close()
            try:
                self._to = os.fdopen(os.dup(mine.fileno()), "wb")
                self._from = os.fdopen(mine.detach(), "rb", buffering=0)
            except OSError:  # out of file descriptors: the fork is undone
                self._to = self._from = None
                mine.close()
                self.kill()
                raise
            return
        self.process = _SPAWNER.popen([sys.executable, "-m", "csto_kg.query.pool"], env=_worker_env(),
                                      low_priority=low_priority)
        self.pid, self._to, self._from = self.process.pid, self.process.stdin, self.process.stdout
        _write_frame(self._to, marshal.dumps(engine))
        _write_frame(self._to, payload)
        if _read_frame(self._from, deadline=time.monotonic() + 120) != marshal.dumps("ready"):
            self.kill()
            raise RuntimeError("query worker did not start")

    demoted = False  # set to a lower CPU priority while it answered (see ``ask``'s ``demote_at``)
    demote_at: float | None = None  # when the query at hand goes on at a lower priority (the quick lane)

    def ask(self, text: str, max_rows: int, limits: tuple, *, deadline: float,
            graphs: tuple = ((), ()), written: tuple | None = None) -> bytes | None:
        """Send a query (``graphs``: the Protocol's default and named graph IRIs; ``written``: the
        formats and byte cap of a written answer, see :meth:`QueryPool.run_written`); the reply frame,
        or None when the deadline passed first. If no answer has begun by :attr:`demote_at`, the worker
        goes on in ``SCHED_IDLE`` (it yields the CPU to lighter queries)."""
        _write_frame(self._to, marshal.dumps((text, max_rows, limits, graphs, written)))
        if self.demote_at is not None:
            wait = min(self.demote_at, deadline) - time.monotonic()
            if wait > 0 and not select.select([self._from.fileno()], [], [], wait)[0] and time.monotonic() < deadline:
                self.demoted = self.idle_priority()
        return self.read(deadline)

    def read(self, deadline: float) -> bytes | None:
        """The next frame of a written answer (None: the deadline passed; b"": the worker ended)."""
        return _read_frame(self._from, deadline=deadline)

    def alive(self) -> bool:
        """Whether the process still runs (so its pid is still its own; see :class:`_Zygote`)."""
        if self.process is not None:
            return self.process.poll() is None
        if self._pidfd is not None:  # a pidfd is readable once its process has ended
            return not select.select([self._pidfd], [], [], 0)[0]
        return self._zygote.process.poll() is None

    def idle_priority(self) -> bool:
        """This worker in ``SCHED_IDLE`` (see :func:`_idle_priority`), if it still runs."""
        return self.alive() and _idle_priority(self.pid)

    def normal_priority(self) -> bool:
        """This worker back to the normal priority (see :func:`_normal_priority`), if it still runs."""
        return self.alive() and _normal_priority(self.pid)

    def kill(self) -> None:
        if self.process is not None:
            self.process.kill()
            self.process.wait(5)
        else:
            try:
                if self._pidfd is not None:
                    signal.pidfd_send_signal(self._pidfd, signal.SIGKILL)
                elif self.alive():
                    os.kill(self.pid, signal.SIGKILL)  # a zombie at worst, until released below
            except ProcessLookupError:
                pass
            if self._pidfd is not None:
                os.close(self._pidfd)
                self._pidfd = None
            self._zygote.release(self.pid)
        for stream in (self._to, self._from):
            try:
                if stream is not None:
                    stream.close()
            except OSError:
                pass


class QueryPool:
    """A fixed number of query worker processes sharing one dataset snapshot.

    >>> from csto_kg.api import _fixture_kg
    >>> pool = QueryPool(_fixture_kg().dataset, workers=1, timeout=30, max_rows=2)
    >>> answer = pool.run("SELECT ?s WHERE { ?s a csto:State } ORDER BY ?s")
    >>> len(answer.result.rows), answer.truncated
    (2, True)
    >>> pool.run("ASK { kg:Armenia a csto:State }").result.answer
    True
    >>> pool.close()
    """

    def __init__(self, dataset: Dataset | None = None, *, nquads: bytes | None = None, workers: int = 2,
                 timeout: float = 10.0, max_rows: int = 10000, limits: QueryLimits | None = None,
                 quick_workers: int = 0, quick_seconds: float = 0.5, zygote: bool = True):
        """``nquads``: the graph as N-Quads text, for workers on Oxigraph's engine (as the CLI's
        default); else ``dataset``, for workers on rdflib's engine.

        ``quick_workers`` > 0 adds a quick lane: every query is tried there first for at most
        ``quick_seconds``; one still running then is killed there (a spare worker, started
        beforehand, takes its place at once) and run again in the ``workers`` of the long lane
        within what is left of ``timeout``. Heavy queries then never hold up light ones.

        ``zygote`` (Linux): workers are forked from one process that loaded the graph once
        (:class:`_Zygote`), so replacing a killed worker costs milliseconds, not a graph load."""
        if workers < 1:
            raise ValueError("workers must be at least 1")
        self.timeout = timeout
        self.max_rows = max_rows
        self.limits = limits or QueryLimits.from_options()
        self.quick_seconds = min(quick_seconds, timeout)
        if nquads is not None:
            self.engine, self._payload = "oxigraph", nquads
        else:
            from csto_kg.reasoning.dataset_codec import encode

            self.engine, (self._payload, _) = "rdflib", encode(dataset.quads((None, None, None, None)))
        self._zygote = None
        if zygote and hasattr(os, "fork") and sys.platform.startswith("linux"):
            try:
                self._zygote = _Zygote(self._payload, self.engine)
            except (OSError, RuntimeError):  # workers then start afresh, each loading the graph
                self._zygote = None
        self._idle: dict[str, queue.Queue[_Worker]] = {"long": queue.Queue(), "quick": queue.Queue(),
                                                       "spare": queue.Queue()}
        self._lock = threading.Lock()
        self._all: list[_Worker] = []
        self._closed = False
        self._quick_count = quick_workers
        wanted = {"long": workers, "quick": quick_workers, "spare": 1 if quick_workers else 0}
        starters = [threading.Thread(target=self._add_worker, args=(lane,))
                    for lane, count in wanted.items() for _ in range(count)]
        for thread in starters:
            thread.start()
        for thread in starters:
            thread.join()
        if any(self._idle[lane].qsize() < count for lane, count in wanted.items()):
            self.close()
            raise RuntimeError("query workers did not start")

    def _add_worker(self, lane: str = "long") -> None:
        try:
            # with a quick lane, the long lane runs the heavy queries, and a spare starts while light
            # queries are answered: both at a lower CPU priority (a spare is raised back when it is needed)
            low = (lane == "long" and self._quick_count > 0) or lane == "spare"
            zygote = self._zygote
            try:
                worker = _Worker(self._payload, self.engine, low_priority=low, zygote=zygote)
            except OSError:
                if zygote is None:
                    raise
                self._renew_zygote_if_gone()
                worker = _Worker(self._payload, self.engine, low_priority=low)  # the zygote is gone
        except (OSError, RuntimeError):
            return
        if lane == "long" and self._quick_count:
            worker.idle_priority()  # heavy queries take only CPU time that nothing else wants
        with self._lock:
            if self._closed:
                worker.kill()
                return
            self._all.append(worker)
        self._idle[lane].put(worker)

    def run(self, text: str, *, default_graphs: tuple = (), named_graphs: tuple = ()) -> PoolAnswer:
        """Run one query; :class:`QueryError`, :class:`QueryTimeout` or :class:`QueryBusy` on failure.

        The size, nesting and pattern limits are checked here first (no worker is used
        for a query that breaks them), then again by the worker's parser.
        ``default_graphs`` / ``named_graphs``: the SPARQL Protocol's ``default-graph-uri`` and
        ``named-graph-uri`` (see :func:`evaluate`).
        """
        started = time.monotonic()

        def ask(worker: _Worker, deadline: float):
            return marshal.loads(self._ask(worker, text, deadline, default_graphs, named_graphs, None))

        reply = self._through_lanes(text, started, ask)
        if reply[0] == "error":
            _raise_reply_error(reply)
        result, truncated = _decode_result(reply[1])
        return PoolAnswer(result, truncated, time.monotonic() - started)

    def run_written(self, text: str, *, formats: tuple[str | None, str | None], max_bytes: int,
                    default_graphs: tuple = (), named_graphs: tuple = ()) -> WrittenAnswer:
        """Run one query and have the worker write its answer, inside the time limit.

        ``formats``: the writer for a SELECT/ASK answer (``json``, ``xml``, ``csv``, ``tsv``) and for
        a graph (``turtle``, ``ntriples``, ``jsonld``, ``xml``); None where the client takes none
        (:class:`NotAcceptable`). The answer is cut at ``max_rows`` rows and at ``max_bytes`` bytes
        (at a row boundary); it comes back in 1 MiB frames into a spooled file, so this process holds
        at most 1 MiB of it in memory. Errors as :meth:`run`.

        >>> from csto_kg.api import _fixture_kg
        >>> pool = QueryPool(nquads=_fixture_kg().nquads(), workers=1, timeout=30, max_rows=100)
        >>> answer = pool.run_written("SELECT ?s WHERE { ?s a csto:State } ORDER BY ?s", formats=("csv", None),
        ...                           max_bytes=60)
        >>> print(answer.read().decode().replace("\\r", ""), end="")
        s
        https://w3id.org/csto-kg/id/Armenia
        >>> answer.cut, answer.truncated, answer.format
        (True, False, 'csv')
        >>> pool.close()
        """
        import tempfile

        started = time.monotonic()

        def ask(worker: _Worker, deadline: float):
            reply = marshal.loads(self._ask(worker, text, deadline, default_graphs, named_graphs,
                                            (formats, max_bytes)))
            if reply[0] != "written":
                return reply
            _, kind, fmt, truncated, cut, length = reply
            body = tempfile.SpooledTemporaryFile(max_size=1 << 20)
            got = 0
            try:
                while got < length:
                    chunk = worker.read(deadline)
                    if chunk is None:
                        raise _Late()
                    if not chunk:
                        raise _Failed()
                    body.write(chunk)
                    got += len(chunk)
            except BaseException:
                body.close()
                raise
            body.seek(0)
            return WrittenAnswer(kind, fmt, body, length, truncated, cut, time.monotonic() - started)

        reply = self._through_lanes(text, started, ask)
        if isinstance(reply, WrittenAnswer):
            return reply
        if reply[0] == "not-acceptable":
            raise NotAcceptable(reply[1])
        _raise_reply_error(reply)

    def _through_lanes(self, text: str, started: float, ask):
        """``ask(worker, deadline)`` in the quick lane (when there is one), then in the long lane."""
        self.limits.check(text)
        if self._quick_count:
            try:
                worker = self._idle["quick"].get(timeout=self.quick_seconds)
            except queue.Empty:
                worker = None  # the quick lane is full: straight to the long lane
            if worker is not None:
                until = min(time.monotonic() + self.quick_seconds, started + self.timeout)
                worker.demote_at = time.monotonic() + QUICK_FULL_PRIORITY_SECONDS
                try:
                    return self._with(worker, "quick", lambda: ask(worker, until))
                except _Late:
                    if time.monotonic() >= started + self.timeout:
                        raise self._timed_out() from None
        try:
            worker = self._idle["long"].get(timeout=max(0.0, started + self.timeout - time.monotonic()))
        except queue.Empty:
            raise QueryBusy(f"all query workers stayed busy for {self.timeout:g} s; try again later") from None
        try:
            return self._with(worker, "long", lambda: ask(worker, started + self.timeout))
        except _Late:
            raise self._timed_out() from None

    def _timed_out(self) -> QueryTimeout:
        return QueryTimeout(f"query stopped after the {self.timeout:g} s time limit")

    def _with(self, worker: _Worker, lane: str, call):
        """``call()`` with ``worker`` of ``lane``; the worker goes back idle, or is replaced when it
        was late (:class:`_Late` goes on) or failed (:class:`QueryError`), or was demoted and may not
        be raised back to its CPU priority."""
        try:
            value = call()
            worker.demote_at = None
            if worker.demoted:
                if not worker.normal_priority():
                    self._replace(worker, lane)  # a fresh fork from the zygote: milliseconds
                    return value
                worker.demoted = False
        except _Late:
            self._replace(worker, lane)
            raise
        except (_Failed, OSError, EOFError, ValueError):
            self._replace(worker, lane)
            self._renew_zygote_if_gone()
            raise QueryError("the query worker failed (out of memory?) and was restarted") from None
        except BaseException:
            self._replace(worker, lane)
            raise
        self._idle[lane].put(worker)
        return value

    def _ask(self, worker: _Worker, text: str, deadline: float, default_graphs, named_graphs, written) -> bytes:
        frame = worker.ask(text, self.max_rows, self.limits.as_tuple(), deadline=deadline,
                           graphs=(tuple(map(str, default_graphs)), tuple(map(str, named_graphs))),
                           written=written)
        if frame is None:
            raise _Late()
        if not frame:
            raise _Failed()
        return frame

    def _renew_zygote_if_gone(self) -> None:
        """When the zygote has ended (killed, out of memory), its workers ended with it: a new zygote
        is started and every idle worker replaced by a fork of it, in the background."""
        zygote = self._zygote
        if zygote is None or zygote.process.poll() is None:
            return
        with self._lock:
            if self._zygote is not zygote or self._closed:
                return
            self._zygote = None  # meanwhile, replacements start afresh

        def renew() -> None:
            try:
                fresh = _Zygote(self._payload, self.engine)
            except (OSError, RuntimeError):
                zygote.close()
                return
            with self._lock:
                if self._closed:
                    fresh.close()
                    return
                self._zygote = fresh
            for lane, idle in self._idle.items():
                for _ in range(idle.qsize()):
                    try:
                        old = idle.get_nowait()
                    except queue.Empty:
                        break
                    if old._zygote is zygote:  # forked from the zygote that ended: gone with it
                        self._replace(old, lane if lane != "quick" else "quick-only")
                    else:
                        idle.put(old)
            zygote.close()

        threading.Thread(target=renew, daemon=True).start()

    def _replace(self, worker: _Worker, lane: str = "long") -> None:
        worker.kill()
        with self._lock:
            if worker in self._all:
                self._all.remove(worker)
            if self._closed:
                return
        if lane == "quick-only":  # no spare promoted (it is being replaced too)
            lane = "quick"
        elif lane == "quick":
            try:  # a spare takes the place at once; a new spare starts in the background
                spare = self._idle["spare"].get_nowait()
                spare.normal_priority()  # else it stays at niceness 10, still answering
                self._idle["quick"].put(spare)
                lane = "spare"
            except queue.Empty:
                pass
        # The replacement starts in the background: the caller answers at once.
        threading.Thread(target=self._add_worker, args=(lane,), daemon=True).start()

    def close(self) -> None:
        """Stop every worker."""
        with self._lock:
            self._closed = True
            workers, self._all = list(self._all), []
        for worker in workers:
            worker.kill()
        if self._zygote is not None:
            self._zygote.close()


def _framed(data: bytes) -> bytes:
    """``data`` as one frame: its length (8 bytes, big-endian), then itself."""
    return struct.pack(">Q", len(data)) + data


def _write_frame(stream, data: bytes) -> None:
    stream.write(_framed(data))
    stream.flush()


def _read_frame(stream, *, deadline: float | None) -> bytes | None:
    """One frame; None if ``deadline`` passes first; b"" if the stream ended."""
    header = _read_exactly(stream, 8, deadline)
    if not header:
        return header
    return _read_exactly(stream, struct.unpack(">Q", header)[0], deadline)


def _read_exactly(stream, size: int, deadline: float | None) -> bytes | None:
    fd = stream.fileno()
    chunks = []
    while size:
        if deadline is not None:
            remaining = deadline - time.monotonic()
            if remaining <= 0 or not select.select([fd], [], [], remaining)[0]:
                return None
        chunk = os.read(fd, min(size, 1 << 20))
        if not chunk:
            return b""
        chunks.append(chunk)
        size -= len(chunk)
    return b"".join(chunks)


def _encode_result(result: Result, truncated: bool) -> tuple:
    if result.kind == "graph":
        triples = [tuple(_describe(t) for t in triple) for triple in result.graph]
        return ("graph", [], triples, None, truncated)
    if result.kind == "ask":
        return ("ask", [], [], bool(result.answer), truncated)
    rows = [tuple(None if row.get(c) is None else _describe(row[c]) for c in result.columns)
            for row in result.rows]
    return ("select", result.columns, rows, None, truncated)


def _decode_result(encoded: tuple) -> tuple[Result, bool]:
    kind, columns, items, answer, truncated = encoded
    if kind == "graph":
        graph = Graph()
        for triple in items:
            graph.add(tuple(_build(t) for t in triple))
        return Result(kind="graph", graph=graph), truncated
    if kind == "ask":
        return Result(kind="ask", answer=answer), truncated
    rows = [{c: (None if v is None else _build(v)) for c, v in zip(columns, row)} for row in items]
    return Result(kind="select", columns=list(columns), rows=rows), truncated


def _worker_main() -> None:  # pragma: no cover - runs in the worker process
    cap_address_space(WORKER_MEMORY_BYTES, ignore_errors=True)
    stdin, stdout = sys.stdin.buffer, sys.stdout.buffer
    sys.stdout = sys.stderr  # nothing else may write into the reply stream
    graph, run = _loaded(stdin)
    _write_frame(stdout, marshal.dumps("ready"))
    _serve(stdin, stdout, graph, run)


def _loaded(stdin):  # pragma: no cover - runs in a worker or the zygote
    """The graph sent on ``stdin`` (engine, then payload), loaded; and the function that queries it."""
    engine = marshal.loads(_read_frame(stdin, deadline=None))
    payload = _read_frame(stdin, deadline=None)
    if engine == "oxigraph":
        from functools import partial

        from csto_kg.store.literal_forms import LiteralForms
        from csto_kg.store.oxigraph import memory_store

        return memory_store(nquads=payload), partial(evaluate_oxigraph, forms=LiteralForms.of_nquads(payload))
    from csto_kg.inputs.loading import new_dataset
    from csto_kg.reasoning.dataset_codec import decode_into

    graph = new_dataset()
    decode_into(payload, graph)
    return graph, evaluate


def _serve(stdin, stdout, graph, run) -> None:  # pragma: no cover - runs in the worker process
    while True:
        frame = _read_frame(stdin, deadline=None)
        if not frame:
            return
        text, max_rows, limits, (default_graphs, named_graphs), written = marshal.loads(frame)
        if written is None:
            reply = _reply(lambda: run(graph, text, max_rows=max_rows, limits=QueryLimits(*limits),
                                       default_graphs=default_graphs, named_graphs=named_graphs)[:2])
            _write_frame(stdout, marshal.dumps(reply))
            continue
        formats, max_bytes = written
        for frame in _written_reply(lambda: run(graph, text, max_rows=max_rows, limits=QueryLimits(*limits),
                                                default_graphs=default_graphs, named_graphs=named_graphs,
                                                max_bytes=max_bytes), formats, max_bytes):
            _write_frame(stdout, frame)


WARM_UP = (("SELECT * WHERE { ?s ?p ?o } LIMIT 2", ("json", None)), ("ASK { ?s ?p ?o }", ("xml", None)),
           ("SELECT * WHERE { ?s ?p ?o } LIMIT 2", ("csv", None)), ("SELECT * WHERE { ?s ?p ?o } LIMIT 2", ("tsv", None)),
           ("CONSTRUCT WHERE { ?s ?p ?o } LIMIT 2", (None, "turtle")),
           ("CONSTRUCT WHERE { ?s ?p ?o } LIMIT 2", (None, "jsonld")))


def _warm_up(graph, run) -> None:  # pragma: no cover - runs in the zygote
    """A few queries and writers run once, so that what they import and cache is in the zygote, not
    imported anew by each forked worker on its first query (tens of milliseconds each time)."""
    for text, formats in WARM_UP:
        try:
            for _frame in _written_reply(lambda: run(graph, text, max_rows=2, max_bytes=1 << 20), formats, 1 << 20):
                pass
            _reply(lambda: run(graph, text, max_rows=2)[:2])
        except Exception:  # noqa: BLE001 - a warm-up only
            pass


def _reap(released: set[int]) -> None:  # pragma: no cover - runs in the zygote
    """Reap the workers of ``released`` that have ended (the others stay in it)."""
    for pid in list(released):
        try:
            if os.waitpid(pid, os.WNOHANG)[0] == pid:
                released.discard(pid)
        except ChildProcessError:
            released.discard(pid)


def _zygote_main(control_fd: int) -> None:  # pragma: no cover - runs in the zygote
    """Load the graph once, then fork a worker for each socket received on ``control_fd``."""
    import gc
    import socket

    stdin, stdout = sys.stdin.buffer, sys.stdout.buffer
    sys.stdout = sys.stderr
    graph, run = _loaded(stdin)
    _warm_up(graph, run)
    gc.collect()
    gc.freeze()  # the loaded objects stay out of the collector's passes: fewer pages copied in the workers
    control = socket.socket(fileno=control_fd)
    zygote = os.getpid()
    released: set[int] = set()  # workers the pool let go, reaped as soon as they have ended
    _write_frame(stdout, marshal.dumps("ready"))
    while True:
        if released and not select.select([control], [], [], REAP_SECONDS)[0]:
            _reap(released)  # a killed worker ends within milliseconds: reaped soon after, not at the next fork
            continue
        try:
            message, fds, _flags, _address = socket.recv_fds(control, 64, 1)
        except OSError:
            return
        if not message:
            return
        kind, value = marshal.loads(message)
        if kind == "reap":
            released.add(value)
        _reap(released)
        if kind != "fork" or not fds:
            continue
        try:
            pid = os.fork()
        except OSError as error:  # out of processes or memory: this fork fails, the zygote goes on
            os.close(fds[0])
            control.send(marshal.dumps(str(error)))
            continue
        if pid == 0:
            code = 0
            try:
                control.close()
                _die_with_parent()
                if os.getppid() != zygote:  # the zygote ended before the line above
                    os._exit(0)
                if value:
                    os.nice(LONG_LANE_NICENESS)
                cap_address_space(WORKER_MEMORY_BYTES, ignore_errors=True)
                os.dup2(fds[0], 0)
                os.dup2(fds[0], 1)
                os.close(fds[0])
                _serve(stdin, stdout, graph, run)  # fds 0 and 1 are the socket now (frames use the fds)
            except BaseException:  # noqa: BLE001 - the worker just ends
                code = 1
            finally:
                os._exit(code)
        os.close(fds[0])
        try:
            pidfd = [os.pidfd_open(pid)]
        except (AttributeError, OSError):  # a kernel before Linux 5.3
            pidfd = []
        socket.send_fds(control, [marshal.dumps(pid)], pidfd)
        for fd in pidfd:
            os.close(fd)


REAP_SECONDS = 0.05  # how often the zygote looks whether a worker it was let go of has ended
FORK_SECONDS = 10  # the most a fork by the zygote may take before the pool starts a worker afresh
CHUNK = 1 << 20  # bytes of a written answer per frame
FLUSH_SECONDS = 0.05  # a piece of a streamed answer coming this long after the last sent goes at once


def _written_reply(compute, formats: tuple, max_bytes: int):
    """The frames of a written answer: a head ``("written", kind, format, truncated, cut, length)``
    and the body in :data:`CHUNK`-byte frames; or one error / not-acceptable frame."""
    failure = None
    try:
        result, truncated, *rest = compute()
        cut = bool(rest and rest[0])
        fmt = formats[1] if result.kind == "graph" else formats[0]
        if fmt is not None:
            data, shortened = write_within(result, fmt, max_bytes)
    except Exception as error:  # as _reply: the error travels in the frame
        failure = error
    if failure is not None:
        yield marshal.dumps(_reply(lambda: _raise(failure)))
        return
    if fmt is None:
        yield marshal.dumps(("not-acceptable", result.kind))
        return
    yield marshal.dumps(("written", result.kind, fmt, truncated, cut or shortened, len(data)))
    view = memoryview(data)
    for start in range(0, len(data), CHUNK):
        yield view[start:start + CHUNK]


def _raise(error: BaseException):
    raise error


def write_within(result: Result, fmt: str, max_bytes: int) -> tuple[bytes, bool]:
    """``result`` written in ``fmt`` (UTF-8), with as many rows (or triples) as fit in ``max_bytes``;
    and whether rows were left out to fit. The document stays whole: a cut is at a row boundary.

    >>> from rdflib import Literal
    >>> r = Result("select", ["n"], [{"n": Literal(str(i) * 10)} for i in range(10)])
    >>> data, cut = write_within(r, "csv", 40)
    >>> data, cut
    (b'n\\r\\n0000000000\\r\\n1111111111\\r\\n2222222222\\r\\n', True)
    """
    from csto_kg.query.render import render_graph
    from csto_kg.query.result_formats import render_results

    def write(result: Result) -> bytes:
        text = render_graph(result.graph, fmt=fmt) if result.kind == "graph" else render_results(result, fmt=fmt)
        return text.encode("utf-8")

    data = write(result)
    if len(data) <= max_bytes or result.kind == "ask":
        return data, False
    if result.kind == "graph":
        items = sorted(result.graph, key=lambda t: tuple(map(str, t)))
    else:
        items = result.rows
    keep = len(items)
    while len(data) > max_bytes and keep:
        keep = min(keep - 1, int(keep * max_bytes / len(data) * 0.97))
        data = write(_with_items(result, items[:max(keep, 0)]))
    return data, True


def _with_items(result: Result, items: list) -> Result:
    if result.kind == "graph":
        graph = Graph()
        graph.namespace_manager = result.graph.namespace_manager
        for triple in items:
            graph.add(triple)
        return Result(kind="graph", graph=graph)
    return Result(kind="select", columns=result.columns, rows=items)


def _reply(compute: Callable[[], tuple[Result, bool]]) -> tuple:
    """The reply frame's content for ``compute()`` (a result and whether it was cut), or its error."""
    try:
        return ("ok", _encode_result(*compute()))
    except CstoKgError as error:
        return ("error", str(error), type(error).__name__)
    except MemoryError:
        return ("error", "query ran out of memory", "QueryOutOfMemory")
    except RecursionError:
        return ("error", "query too deeply nested to evaluate; simplify it", "QueryTooComplex")
    except Exception as error:  # the engine failed on a query it accepted (rdflib: "Cannot eval thing")
        import traceback

        return ("error", engine_failure(error), "QueryEngineError", traceback.format_exc())


def engine_failure(error: BaseException) -> str:
    """The short message of an engine's failure on a query it accepted.

    >>> engine_failure(Exception("Cannot eval thing: None"))
    'the query engine failed on this query: Exception: Cannot eval thing: None'
    """
    return f"the query engine failed on this query: {type(error).__name__}: {error}"


_ERRORS = {"QueryTooLarge": QueryTooLarge, "QueryTooComplex": QueryTooComplex, "QuerySyntaxError": QuerySyntaxError,
           "QueryOutOfMemory": QueryOutOfMemory, "UsageError": UsageError}


def _raise_reply_error(reply: tuple) -> None:
    if reply[2] == "QueryEngineError":
        raise QueryEngineError(reply[1], details=reply[3] if len(reply) > 3 else None)
    raise _ERRORS.get(reply[2], QueryError)(reply[1])


def run_limited(compute: Callable[[], Result], *, timeout: float | None = None,
                max_memory: int | None = None, names: tuple[str, str] = ("timeout", "max_memory")) -> Result:
    """``compute()`` in a forked child process, killed after ``timeout`` seconds, its address
    space capped at ``max_memory`` bytes (``None``: no limit).

    The child inherits the graph (nothing is sent), evaluates, and answers with the
    workers' frames and result encoding. Past the deadline it is killed (the work really
    stops) and :class:`QueryTimeout` is raised; past the memory cap
    :class:`QueryOutOfMemory`; the query's own errors come back typed. ``names`` are the
    option names used in these messages.

    >>> from csto_kg.api import _fixture_kg
    >>> from csto_kg.store.results import from_rdflib
    >>> kg = _fixture_kg()
    >>> run_limited(lambda: from_rdflib(kg.dataset.query("ASK { kg:Armenia a csto:State }")), timeout=30).answer
    True
    >>> run_limited(lambda: time.sleep(5), timeout=0.2)
    Traceback (most recent call last):
    ...
    csto_kg.query.pool.QueryTimeout: query stopped after 0.2 s (timeout); its process was killed: simplify the query or allow more time
    """
    def child(write_fd: int) -> None:  # pragma: no cover - the child
        reply = _reply(lambda: (compute(), False))
        try:
            data = marshal.dumps(reply)
        except MemoryError:
            data = marshal.dumps(("error", "query ran out of memory", "QueryOutOfMemory"))
        _write_all(write_fd, _framed(data))

    result = None

    def answered(reply: tuple) -> bool:
        nonlocal result
        result = _decode_result(reply[1])[0]
        return True

    _in_limited_child(child, answered, timeout=timeout, max_memory=max_memory, names=names)
    return result


def stream_limited(produce: Callable[[], Iterator[str]], write: Callable[[bytes], object], *,
                   timeout: float | None = None, max_memory: int | None = None,
                   names: tuple[str, str] = ("timeout", "max_memory")) -> int:
    """The text that ``produce()`` yields, computed in a forked child under the limits of
    :func:`run_limited` and handed to ``write`` as UTF-8 while it comes, in pieces of at most
    :data:`CHUNK` bytes (nothing is held whole, here or in the child; see :func:`_drain`); returns
    the generator's return value (a count of rows). With neither limit, it runs here. The deadline
    covers the computing and the writing, not the time ``write`` waits for a slow reader (a pager).
    Past a limit, the text written so far stays and the error (:class:`QueryTimeout`,
    :class:`QueryOutOfMemory`) says how much it was.

    >>> def rows():
    ...     yield "n\\n"
    ...     for n in range(3):
    ...         yield f"{n}\\n"
    ...     return 3
    >>> out = []
    >>> stream_limited(rows, out.append, timeout=30), b"".join(out)
    (3, b'n\\n0\\n1\\n2\\n')
    >>> def endless():
    ...     yield "n\\n"
    ...     time.sleep(5)
    >>> stream_limited(endless, out.append, timeout=0.5)
    Traceback (most recent call last):
    ...
    csto_kg.query.pool.QueryTimeout: query stopped after 0.5 s (timeout); its process was killed: simplify the query or allow more time; the 2 bytes written before it are an incomplete answer
    """
    written, count = 0, 0

    def counted(data: bytes) -> None:
        nonlocal written
        write(data)
        written += len(data)

    if timeout is None and max_memory is None:  # here, unbounded
        try:
            return _drain(produce(), counted)
        except QueryError as error:
            if written:
                raise _noted(error, written) from None
            raise

    def child(write_fd: int) -> None:  # pragma: no cover - the child
        try:
            reply = ("done", _drain(produce(), lambda data: _send(write_fd, ("data", data)), in_background=True))
        except BaseException as error:  # noqa: BLE001 - every failure travels as a typed error frame
            if not isinstance(error, Exception):
                raise
            failure = error
            reply = _reply(lambda: _raise(failure))
        _send(write_fd, reply)

    def answered(reply: tuple) -> bool:
        nonlocal count
        if reply[0] == "data":
            counted(reply[1])
            return False
        count = reply[1]
        return True

    try:
        _in_limited_child(child, answered, timeout=timeout, max_memory=max_memory, names=names)
    except QueryTimeout as error:
        if written:
            raise QueryTimeout(seconds=error.seconds, option=error.option, written=written) from None
        raise
    except QueryOutOfMemory as error:
        if written:
            raise QueryOutOfMemory(limit=error.limit, option=error.option, written=written) from None
        raise
    except QueryError as error:
        if written:
            raise _noted(error, written) from None
        raise
    return count


def _noted(error: QueryError, written: int) -> QueryError:
    """``error``, of its own type (so its exit code), saying that the ``written`` bytes before it are
    an incomplete answer.

    >>> from csto_kg.errors import QueryEngineError
    >>> noted = _noted(QueryEngineError("the query engine failed", details="trace"), 12)
    >>> type(noted).__name__, str(noted), noted.details
    ('QueryEngineError', 'the query engine failed; the 12 bytes written before it are an incomplete answer', 'trace')
    """
    noted = type(error)(f"{error}{incomplete(written)}")
    if hasattr(error, "details"):
        noted.details = error.details
    return noted


def _drain(pieces: Iterator[str], send: Callable[[bytes], object], *, in_background: bool = False):
    """Hand the text of ``pieces`` to ``send`` as UTF-8, in pieces of at most about :data:`CHUNK`
    bytes; the generator's return value. Text held goes within :data:`FLUSH_SECONDS`: with
    ``in_background`` (a limited child, which may be killed while the next row is computed), a
    thread sends it while the generator works (Oxigraph releases the GIL as it computes); else
    the next piece to come after such a pause goes at once with it.

    >>> def rows():
    ...     yield "a\\n"
    ...     yield "b\\n"
    ...     time.sleep(0.5)  # the next row takes long: what came before it is sent meanwhile
    ...     yield "c\\n"
    >>> sent = []
    >>> _drain(rows(), sent.append, in_background=True)
    >>> b"".join(sent[:-1]), sent[-1]  # a and b went while c was computed (in one piece or two)
    (b'a\\nb\\n', b'c\\n')

    The thread has a small stack (:data:`FLUSHER_STACK_BYTES`: a child's address space may be
    capped close to what it uses); where it cannot start, the text goes as without it. A failed
    send in the thread is raised in the loop at the next piece. When ``pieces`` fails, the text
    before the failure is sent first.
    """
    held: list[bytes] = []
    size, sent = 0, 0.0
    lock, done = threading.Lock(), threading.Event()
    failed: list[BaseException] = []

    def flush() -> None:
        nonlocal held, size, sent
        if held:
            data, held, size = b"".join(held), [], 0
            send(data)
            sent = time.monotonic()

    def flusher() -> None:
        try:
            while not done.wait(FLUSH_SECONDS):
                with lock:
                    flush()
        except BaseException as error:  # noqa: BLE001 - raised in the loop (a closed pipe...)
            failed.append(error)

    def last_flush() -> None:
        done.set()
        with lock:
            if not failed:
                flush()

    thread = _started(flusher) if in_background else None
    try:
        while True:
            try:
                piece = next(pieces).encode("utf-8")
            except StopIteration as end:
                last_flush()
                if failed:
                    raise failed[0]
                return end.value
            except Exception:  # the rows before a failure are sent, then the failure goes on
                last_flush()
                raise
            with lock:
                if failed:
                    raise failed[0]
                held.append(piece)
                size += len(piece)
                if size >= CHUNK or (thread is None and time.monotonic() - sent >= FLUSH_SECONDS):
                    flush()
    finally:
        done.set()
        if thread is not None:
            thread.join()  # no frame of it may follow the caller's last one


FLUSHER_STACK_BYTES = 256 * 1024


def _started(target: Callable[[], None]) -> threading.Thread | None:
    """``target`` running in a daemon thread with a small stack, or None where no thread can start."""
    previous = threading.stack_size(FLUSHER_STACK_BYTES)
    try:
        thread = threading.Thread(target=target, name="csto-kg answer flusher", daemon=True)
        thread.start()
        return thread
    except RuntimeError:  # can't start new thread: out of address space or of threads
        return None
    finally:
        threading.stack_size(previous)


def _send(write_fd: int, reply: tuple) -> None:  # pragma: no cover - the child
    _write_all(write_fd, _framed(marshal.dumps(reply)))


def _write_all(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view):]


def _in_limited_child(child: Callable[[int], None], answered: Callable[[tuple], bool], *,
                      timeout: float | None, max_memory: int | None, names: tuple[str, str]) -> None:
    """Fork; ``child(write_fd)`` runs in the child under the limits and writes frames; each frame
    read back here before the deadline goes to ``answered`` until it returns True (the last
    one); an error frame, the deadline or the child's death raise the typed error."""
    if max_memory is not None:
        taken = _address_space()
        if taken is not None and taken >= max_memory:
            raise UsageError(f"memory limit of {max_memory} bytes (--max-memory, max_memory=): this "
                             f"process already takes {taken} bytes of address space (the graph "
                             "included) and a query runs in a copy of it; give a larger limit")
    started = time.monotonic()
    deadline = None if timeout is None else started + timeout
    read_fd, write_fd = os.pipe()
    pid = os.fork()
    if pid == 0:  # pragma: no cover - the child
        os.close(read_fd)
        _limited_child(write_fd, child, timeout, max_memory)
    os.close(write_fd)
    ended = False
    try:
        with open(read_fd, "rb", buffering=0) as stream:
            while True:
                frame = _read_frame(stream, deadline=deadline)
                if frame is None:
                    raise QueryTimeout(seconds=timeout, option=names[0])
                if not frame:
                    break
                reply = marshal.loads(frame)
                if reply[0] == "error":
                    if reply[2] == "QueryOutOfMemory" and max_memory is not None:
                        raise QueryOutOfMemory(limit=max_memory, option=names[1])
                    _raise_reply_error(reply)
                handed = time.monotonic()
                if answered(reply):
                    break
                if deadline is not None:  # time blocked writing to a slow reader (a pager) is not the query's
                    deadline += time.monotonic() - handed
        _, status = os.waitpid(pid, 0)
        ended = True
    finally:
        if not ended:  # deadline, error, or interrupted (Ctrl-C): the child must not outlive the wait
            kill_and_reap(pid)
    if not frame:
        if os.WIFSIGNALED(status) and os.WTERMSIG(status) == signal.SIGXCPU and timeout is not None:
            raise QueryTimeout(seconds=timeout, option=names[0])
        if os.WIFSIGNALED(status) and os.WTERMSIG(status) == signal.SIGABRT and max_memory is not None:
            # Oxigraph (Rust) aborts when an allocation fails at the address-space cap
            raise QueryOutOfMemory(limit=max_memory, option=names[1])
        raise QueryError(f"the query process ended without an answer (status {status}; out of memory?)")


def _quiet_stderr() -> None:  # pragma: no cover - the child
    """Nothing of the child on stderr: not its fd 2, nor a crash dump of ``faulthandler`` (enabled by
    pytest, say, on a file descriptor of its own), which an engine aborting at the memory cap made."""
    import faulthandler

    faulthandler.disable()
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, 2)
        os.close(devnull)
    except OSError:
        pass


def _limited_child(write_fd: int, child, timeout, max_memory) -> None:  # pragma: no cover - the child
    code = 0
    try:
        if timeout is not None:  # a backstop should the parent die: the child cannot outlive its budget
            cap_cpu_time(timeout)
        if max_memory is not None:
            cap_address_space(max_memory)
        _quiet_stderr()  # the answer or the error travels in the frames; a native abort prints nothing
        child(write_fd)
    except BaseException:  # noqa: BLE001 - Ctrl-C or a broken pipe: just end
        code = 1
    finally:
        os._exit(code)


def _address_space() -> int | None:
    """This process's virtual memory size in bytes (Linux), else None."""
    try:
        with open("/proc/self/statm", encoding="ascii") as statm:
            return int(statm.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError, IndexError):
        return None


_VIEWS: dict = {}  # (default graphs, named graphs) -> the dataset of a Protocol request, a few kept


def protocol_dataset(dataset: Dataset, default_graphs=(), named_graphs=()) -> Dataset:
    """The RDF dataset of a SPARQL Protocol request: its default graph the union (merge) of the graphs
    ``default_graphs`` names, its named graphs those ``named_graphs`` names (graphs the dataset does not
    hold are empty); with neither, ``dataset`` itself (the union default graph).

    >>> from csto_kg.api import _fixture_kg
    >>> ds = _fixture_kg().dataset
    >>> g = next(c.identifier for c in ds.graphs() if "data/" in str(c.identifier) and len(c))
    >>> view = protocol_dataset(ds, [str(g)])
    >>> len(view.default_context) == len(ds.graph(g)), len(list(view.graphs())) <= 1
    (True, True)
    """
    if not default_graphs and not named_graphs:
        return dataset
    key = (id(dataset), tuple(default_graphs), tuple(named_graphs))
    view = _VIEWS.get(key)
    if view is None:
        from rdflib import URIRef

        view = Dataset(default_union=False)
        view.namespace_manager = dataset.namespace_manager
        for name in default_graphs:
            for triple in dataset.graph(URIRef(name)):
                view.default_context.add(triple)
        for name in named_graphs:
            target = view.graph(URIRef(name))
            for triple in dataset.graph(URIRef(name)):
                target.add(triple)
        if len(_VIEWS) >= 4:
            _VIEWS.pop(next(iter(_VIEWS)))
        _VIEWS[key] = view
    return view


def evaluate(dataset: Dataset, text: str, *, max_rows: int,
             limits: QueryLimits | None = None, default_graphs=(), named_graphs=(),
             max_bytes: int | None = None) -> tuple[Result, bool]:
    """Parse (refusing unsafe queries), evaluate over the Protocol's dataset and cut at ``max_rows``.

    >>> from csto_kg.api import _fixture_kg
    >>> result, cut = evaluate(_fixture_kg().dataset, "CONSTRUCT { ?s a csto:State } WHERE { ?s a csto:State }", max_rows=100)
    >>> result.kind, len(result) > 0, cut
    ('graph', True, False)
    """
    from csto_kg.query.safety import prepare

    query = prepare(text, limits=limits)
    answer = protocol_dataset(dataset, default_graphs, named_graphs).query(query)
    if answer.type == "ASK":
        return Result(kind="ask", answer=bool(answer.askAnswer)), False
    if answer.type in ("CONSTRUCT", "DESCRIBE"):
        graph = Graph()
        truncated = False
        for count, triple in enumerate(answer.graph):
            if count >= max_rows:
                truncated = True
                break
            graph.add(triple)
        return Result(kind="graph", graph=graph), truncated
    columns = [str(v) for v in (answer.vars or [])]
    rows = []
    truncated = False
    for row in answer:
        if len(rows) >= max_rows:
            truncated = True
            break
        rows.append({c: row[i] for i, c in enumerate(columns)})
    return Result(kind="select", columns=columns, rows=rows).in_query_order(text), truncated


def evaluate_oxigraph(store, text: str, *, max_rows: int, limits: QueryLimits | None = None,
                      default_graphs=(), named_graphs=(), max_bytes: int | None = None,
                      forms=None) -> tuple[Result, bool, bool]:
    """As :func:`evaluate`, on an Oxigraph store; also stops reading rows once their text passes
    ``max_bytes`` (the third value: cut there). The safety check (no SERVICE, FROM, updates) is
    made on the text (:func:`~csto_kg.query.safety.check_text`), then Oxigraph parses it.
    ``forms``: the :class:`~csto_kg.store.literal_forms.LiteralForms` of the store's data, through
    which the answer's literals are read back as the data wrote them.

    >>> from csto_kg.api import _fixture_kg
    >>> from csto_kg.store.oxigraph import memory_store
    >>> store = memory_store(nquads=_fixture_kg().nquads())
    >>> result, truncated, cut = evaluate_oxigraph(store, "SELECT ?s WHERE { ?s a csto:State }", max_rows=2)
    >>> len(result.rows), truncated, cut
    (2, True, False)
    >>> evaluate_oxigraph(store, "SELECT * { SERVICE <http://x/> { ?s ?p ?o } }", max_rows=2)
    Traceback (most recent call last):
    ...
    csto_kg.errors.QueryError: query: SERVICE is not allowed (csto-kg never fetches remote data)
    """
    import pyoxigraph as ox

    from csto_kg.query.safety import check_text, syntax_refusal
    from csto_kg.store.literal_forms import restorable_columns
    from csto_kg.store.oxigraph import _memo_from_ox, ask_store, graph_of_triples

    check_text(text, limits=limits)
    try:
        answer = ask_store(store, text, default_graphs=default_graphs, named_graphs=named_graphs)
    except QuerySyntaxError as error:
        raise syntax_refusal(text, error) from None
    if isinstance(answer, ox.QueryBoolean):
        return Result(kind="ask", answer=bool(answer)), False, False
    budget = max_bytes if max_bytes is not None else float("inf")
    convert, size, truncated, cut = _memo_from_ox(), 0, False, False
    if isinstance(answer, ox.QueryTriples):
        triples = set()
        for triple in answer:
            if len(triples) >= max_rows:
                truncated = True
                break
            size += len(triple.subject.value) + len(triple.predicate.value) + len(triple.object.value) + 8
            if size > budget:
                cut = True
                break
            triples.add((triple.subject, triple.predicate, triple.object))
        graph = graph_of_triples(triples, forms=(lambda: forms) if forms else None, text=text)
        return Result(kind="graph", graph=graph), truncated, cut
    columns = [v.value for v in answer.variables]
    kept = restorable_columns(text, columns) if forms else []
    rows = []
    for solution in answer:
        if len(rows) >= max_rows:
            truncated = True
            break
        row = {c: convert(solution[c]) for c in columns}
        if kept:
            forms.restore_row(row, kept)
        size += sum(len(v) + 8 for v in row.values() if v is not None)
        if size > budget:
            cut = True
            break
        rows.append(row)
    return Result(kind="select", columns=columns, rows=rows).in_query_order(text), truncated, cut


if __name__ == "__main__":  # pragma: no cover
    if sys.argv[1:2] == ["--zygote"]:
        _zygote_main(int(sys.argv[2]))
    else:
        _worker_main()
