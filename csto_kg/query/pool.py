"""Run SPARQL queries in worker processes that can be killed: a hard timeout.

rdflib's SPARQL evaluation cannot be interrupted inside a thread, so each
query runs in one of a few worker processes (``python -m
csto_kg.query.pool``) holding a copy of the dataset (sent once, in the
compact cache encoding; replies are marshal frames, never pickles). The caller waits at most
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
from typing import Callable

from rdflib import Dataset, Graph

from csto_kg.reasoning.child_limits import cap_address_space, cap_cpu_time, kill_and_reap
from csto_kg.reasoning.dataset_codec import _build, _describe
from csto_kg.errors import CstoKgError, QueryEngineError, QueryError, UsageError
from csto_kg.query.limits import QueryLimits, QueryTooComplex, QueryTooLarge
from csto_kg.store.results import Result

WORKER_MEMORY_BYTES = 2 * 1024 ** 3  # address-space cap of one worker process


class QueryTimeout(CstoKgError):
    """The query ran longer than the time limit and was stopped.

    >>> str(QueryTimeout(seconds=2, option="--timeout"))
    'query stopped after 2 s (--timeout); its process was killed: simplify the query or allow more time'
    """

    def __init__(self, message: str | None = None, *, seconds: float | None = None,
                 option: str = "timeout"):
        self.seconds, self.option = seconds, option
        super().__init__(message or f"query stopped after {seconds:g} s ({option}); its process was "
                                    "killed: simplify the query or allow more time")


class QueryOutOfMemory(QueryError):
    """The query needed more memory than its process may take (HTTP 400, exit 2).

    >>> str(QueryOutOfMemory(limit=10 ** 9, option="--max-memory"))
    'query stopped: it needed more than 1000000000 bytes of address space (--max-memory)'
    """

    def __init__(self, message: str | None = None, *, limit: int | None = None,
                 option: str = "max_memory"):
        self.limit, self.option = limit, option
        super().__init__(message or f"query stopped: it needed more than {limit} bytes of "
                                    f"address space ({option})")


class QueryBusy(CstoKgError):
    """No worker became free within the time limit."""


@dataclass
class PoolAnswer:
    """A query result from a worker, with whether it was cut at ``max_rows``."""

    result: Result
    truncated: bool = False
    seconds: float = 0.0


class _Worker:
    """One worker process, spoken to with length-prefixed marshal frames on its stdin/stdout."""

    def __init__(self, payload: bytes):
        env = dict(os.environ)
        package_parent = str(Path(__file__).resolve().parent.parent.parent)
        env["PYTHONPATH"] = package_parent + os.pathsep + env.get("PYTHONPATH", "")
        self.process = subprocess.Popen([sys.executable, "-m", "csto_kg.query.pool"],
                                        stdin=subprocess.PIPE, stdout=subprocess.PIPE, env=env)
        _write_frame(self.process.stdin, payload)
        if _read_frame(self.process.stdout, deadline=time.monotonic() + 120) != marshal.dumps("ready"):
            self.kill()
            raise RuntimeError("query worker did not start")

    def ask(self, text: str, max_rows: int, limits: tuple, *, deadline: float,
            graphs: tuple = ((), ())) -> bytes | None:
        """Send a query (``graphs``: the Protocol's default and named graph IRIs); the reply frame, or None
        when the deadline passed first."""
        _write_frame(self.process.stdin, marshal.dumps((text, max_rows, limits, graphs)))
        return _read_frame(self.process.stdout, deadline=deadline)

    def kill(self) -> None:
        self.process.kill()
        self.process.wait(5)
        for stream in (self.process.stdin, self.process.stdout):
            try:
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

    def __init__(self, dataset: Dataset, *, workers: int = 2, timeout: float = 10.0,
                 max_rows: int = 10000, limits: QueryLimits | None = None):
        from csto_kg.reasoning.dataset_codec import encode

        if workers < 1:
            raise ValueError("workers must be at least 1")
        self.timeout = timeout
        self.max_rows = max_rows
        self.limits = limits or QueryLimits.from_options()
        self._payload, _ = encode(dataset.quads((None, None, None, None)))
        self._idle: queue.Queue[_Worker] = queue.Queue()
        self._lock = threading.Lock()
        self._all: list[_Worker] = []
        self._closed = False
        starters = [threading.Thread(target=self._add_worker) for _ in range(workers)]
        for thread in starters:
            thread.start()
        for thread in starters:
            thread.join()
        if self._idle.qsize() < workers:
            self.close()
            raise RuntimeError("query workers did not start")

    def _add_worker(self) -> None:
        try:
            worker = _Worker(self._payload)
        except (OSError, RuntimeError):
            return
        with self._lock:
            if self._closed:
                worker.kill()
                return
            self._all.append(worker)
        self._idle.put(worker)

    def run(self, text: str, *, default_graphs: tuple = (), named_graphs: tuple = ()) -> PoolAnswer:
        """Run one query; :class:`QueryError`, :class:`QueryTimeout` or :class:`QueryBusy` on failure.

        The size, nesting and pattern limits are checked here first (no worker is used
        for a query that breaks them), then again by the worker's parser.
        ``default_graphs`` / ``named_graphs``: the SPARQL Protocol's ``default-graph-uri`` and
        ``named-graph-uri`` (see :func:`evaluate`).
        """
        self.limits.check(text)
        started = time.monotonic()
        deadline = started + self.timeout
        try:
            worker = self._idle.get(timeout=self.timeout)
        except queue.Empty:
            raise QueryBusy(f"all query workers stayed busy for {self.timeout:g} s; try again later") from None
        try:
            frame = worker.ask(text, self.max_rows, self.limits.as_tuple(), deadline=deadline,
                               graphs=(tuple(map(str, default_graphs)), tuple(map(str, named_graphs))))
        except (OSError, EOFError, ValueError):
            frame = b""
        if frame is None:
            self._replace(worker)
            raise QueryTimeout(f"query stopped after the {self.timeout:g} s time limit")
        if not frame:
            self._replace(worker)
            raise QueryError("the query worker failed (out of memory?) and was restarted")
        self._idle.put(worker)
        reply = marshal.loads(frame)
        if reply[0] == "error":
            _raise_reply_error(reply)
        result, truncated = _decode_result(reply[1])
        return PoolAnswer(result, truncated, time.monotonic() - started)

    def _replace(self, worker: _Worker) -> None:
        worker.kill()
        with self._lock:
            if worker in self._all:
                self._all.remove(worker)
            if self._closed:
                return
        # The replacement starts in the background: the caller answers at once.
        threading.Thread(target=self._add_worker, daemon=True).start()

    def close(self) -> None:
        """Stop every worker."""
        with self._lock:
            self._closed = True
            workers, self._all = list(self._all), []
        for worker in workers:
            worker.kill()


def _write_frame(stream, data: bytes) -> None:
    stream.write(struct.pack(">Q", len(data)) + data)
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
    from csto_kg.reasoning.dataset_codec import decode_into
    from csto_kg.inputs.loading import new_dataset

    cap_address_space(WORKER_MEMORY_BYTES, ignore_errors=True)
    stdin, stdout = sys.stdin.buffer, sys.stdout.buffer
    sys.stdout = sys.stderr  # nothing else may write into the reply stream
    dataset = new_dataset()
    decode_into(_read_frame(stdin, deadline=None), dataset)
    _write_frame(stdout, marshal.dumps("ready"))
    while True:
        frame = _read_frame(stdin, deadline=None)
        if not frame:
            return
        text, max_rows, limits, (default_graphs, named_graphs) = marshal.loads(frame)
        reply = _reply(lambda: evaluate(dataset, text, max_rows=max_rows, limits=QueryLimits(*limits),
                                        default_graphs=default_graphs, named_graphs=named_graphs))
        _write_frame(stdout, marshal.dumps(reply))


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


_ERRORS = {"QueryTooLarge": QueryTooLarge, "QueryTooComplex": QueryTooComplex,
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
        _limited_child(write_fd, compute, timeout, max_memory)
    os.close(write_fd)
    answered = False
    try:
        with open(read_fd, "rb", buffering=0) as stream:
            frame = _read_frame(stream, deadline=deadline)
        if frame is None:
            raise QueryTimeout(seconds=timeout, option=names[0])
        _, status = os.waitpid(pid, 0)
        answered = True
    finally:
        if not answered:  # deadline, or interrupted (Ctrl-C): the child must not outlive the wait
            kill_and_reap(pid)
    if not frame:
        if os.WIFSIGNALED(status) and os.WTERMSIG(status) == signal.SIGXCPU and timeout is not None:
            raise QueryTimeout(seconds=timeout, option=names[0])
        if os.WIFSIGNALED(status) and os.WTERMSIG(status) == signal.SIGABRT and max_memory is not None:
            # Oxigraph (Rust) aborts when an allocation fails at the address-space cap
            raise QueryOutOfMemory(limit=max_memory, option=names[1])
        raise QueryError(f"the query process ended without an answer (status {status}; out of memory?)")
    reply = marshal.loads(frame)
    if reply[0] == "error":
        if reply[2] == "QueryOutOfMemory" and max_memory is not None:
            raise QueryOutOfMemory(limit=max_memory, option=names[1])
        _raise_reply_error(reply)
    return _decode_result(reply[1])[0]


def _quiet_stderr() -> None:  # pragma: no cover - the child
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, 2)
        os.close(devnull)
    except OSError:
        pass


def _limited_child(write_fd: int, compute, timeout, max_memory) -> None:  # pragma: no cover - the child
    code = 0
    try:
        if timeout is not None:  # a backstop should the parent die: the child cannot outlive its budget
            cap_cpu_time(timeout)
        if max_memory is not None:
            cap_address_space(max_memory)
        _quiet_stderr()  # the answer or the error travels in the frame; a native abort prints nothing
        reply = _reply(lambda: (compute(), False))
        try:
            data = marshal.dumps(reply)
        except MemoryError:
            data = marshal.dumps(("error", "query ran out of memory", "QueryOutOfMemory"))
        view = memoryview(struct.pack(">Q", len(data)) + data)  # one frame, as _write_frame
        while view:
            view = view[os.write(write_fd, view):]
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
             limits: QueryLimits | None = None, default_graphs=(), named_graphs=()) -> tuple[Result, bool]:
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


if __name__ == "__main__":  # pragma: no cover
    _worker_main()
