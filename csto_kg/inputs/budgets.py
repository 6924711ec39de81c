"""Input budgets: how big and how long an input may be, checked before and while it is parsed.

A hostile file must not be able to take the machine's memory or time before csto-kg says
no. Each budget has a default that covers the bundled data at least 1000-fold, an option
and an environment variable (the options of every command, as for the reasoning budgets
of :mod:`csto_kg.reasoning.budgets`):

============================  =================  ================================  ===========================
budget                        default            option                            environment variable
============================  =================  ================================  ===========================
bytes of one file             100,000,000        ``--max-file-bytes``              ``CSTO_KG_MAX_FILE_BYTES``
bytes of all input files      500,000,000        ``--max-input-bytes``             ``CSTO_KG_MAX_INPUT_BYTES``
bytes of one literal          1,000,000          ``--max-literal-bytes``           ``CSTO_KG_MAX_LITERAL_BYTES``
items of one list             10,000             ``--max-list-items``              ``CSTO_KG_MAX_LIST_ITEMS``
blank nodes of one file       500,000            ``--max-blank-nodes``             ``CSTO_KG_MAX_BLANK_NODES``
seconds of parsing, and of    3600               ``--max-seconds`` (as reasoning)  ``CSTO_KG_MAX_SECONDS``
validation
============================  =================  ================================  ===========================

(The bundled data: 320 kB in 12 files, the largest 72 kB; its longest literal 566 bytes,
its longest list 6 items, 253 blank nodes in all.)

Sizes are read from the file system before anything is read (:func:`check_sizes`), and a
file is read no further than its budget. A Turtle or N-Triples text is then measured by
:func:`check_turtle_text`, one linear pass with no copy of the text, *before* any parser
sees it, so neither Oxigraph's nor rdflib's parser ever holds an over-long literal or list;
a JSON-LD document is measured as parsed JSON before the JSON-LD processor expands it
(:func:`check_json`), and the triples of every other syntax once parsed (:func:`check_triples`).
Past a budget: :class:`~csto_kg.errors.InputRefused` at the place (``file:line:column``,
exit 2), so nothing is reasoned over or written.

The time budget bounds each of the two stages a hostile text can make slow, parsing and
validation, as reasoning is bounded: :func:`time_limit` stops the stage
(:class:`InputTimeExceeded`, exit 2) when its seconds are over, wherever it is in Python
code (a timer signal in the main thread; a native call, such as the SHACL engine's, is
stopped when it returns).

The budgets in force are those given to :func:`applied` (the CLI applies the options of
the command; :meth:`csto_kg.KnowledgeGraph.load` the ``budget`` it is given), else the
environment's, else the defaults.
"""

from __future__ import annotations

import json
import os
import re
import signal
import threading
import time
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, fields

from csto_kg.errors import CstoKgError, InputRefused, UsageError

DEFAULT_MAX_FILE_BYTES = 100_000_000
DEFAULT_MAX_INPUT_BYTES = 500_000_000
DEFAULT_MAX_LITERAL_BYTES = 1_000_000
DEFAULT_MAX_LIST_ITEMS = 10_000
DEFAULT_MAX_BLANK_NODES = 500_000
DEFAULT_MAX_SECONDS = 3600.0

#: field -> (option, environment variable)
OPTIONS = {
    "max_file_bytes": ("--max-file-bytes", "CSTO_KG_MAX_FILE_BYTES"),
    "max_input_bytes": ("--max-input-bytes", "CSTO_KG_MAX_INPUT_BYTES"),
    "max_literal_bytes": ("--max-literal-bytes", "CSTO_KG_MAX_LITERAL_BYTES"),
    "max_list_items": ("--max-list-items", "CSTO_KG_MAX_LIST_ITEMS"),
    "max_blank_nodes": ("--max-blank-nodes", "CSTO_KG_MAX_BLANK_NODES"),
    "max_seconds": ("--max-seconds", "CSTO_KG_MAX_SECONDS"),
}


def number_option(value, option: str) -> float | None:
    """A positive number given as text or a number (``1e6`` accepted), None when not given.

    >>> number_option("1e6", "--max-literal-bytes"), number_option(None, "--x"), number_option("", "--x")
    (1000000.0, None, None)
    >>> number_option("-1", "--max-list-items")
    Traceback (most recent call last):
    ...
    csto_kg.errors.UsageError: --max-list-items: expected a positive number, got '-1'
    """
    if value is None or value == "":
        return None
    try:
        number = float(value)
    except (TypeError, ValueError):
        raise UsageError(f"{option}: expected a positive number, got {value!r}") from None
    if not number > 0 or number != number or number == float("inf"):
        raise UsageError(f"{option}: expected a positive number, got {value!r}")
    return number


@dataclass(frozen=True)
class InputBudget:
    """Limits on the input files (see the module's table); ``max_seconds`` None = no time limit.

    >>> InputBudget().max_literal_bytes
    1000000
    >>> InputBudget.from_options(max_literal_bytes="2e6", max_list_items=50).max_literal_bytes
    2000000
    """

    max_file_bytes: int = DEFAULT_MAX_FILE_BYTES
    max_input_bytes: int = DEFAULT_MAX_INPUT_BYTES
    max_literal_bytes: int = DEFAULT_MAX_LITERAL_BYTES
    max_list_items: int = DEFAULT_MAX_LIST_ITEMS
    max_blank_nodes: int = DEFAULT_MAX_BLANK_NODES
    max_seconds: float | None = DEFAULT_MAX_SECONDS

    @classmethod
    def from_options(cls, **given) -> "InputBudget":
        """A budget from option values (text or numbers), else the environment, else the defaults."""
        unknown = set(given) - set(OPTIONS)
        if unknown:
            raise TypeError(f"unknown input budget {sorted(unknown)}")
        values = {}
        for spec in fields(cls):
            option, variable = OPTIONS[spec.name]
            value = given.get(spec.name)
            number = number_option(value if value is not None else os.environ.get(variable), option)
            if number is not None:
                values[spec.name] = number if spec.name == "max_seconds" else int(number)
        return cls(**values)

    def key(self) -> str:
        """The limits that decide whether an input is accepted (part of the cache keys).

        >>> InputBudget().key()
        'file=100000000,input=500000000,literal=1000000,list=10000,blank=500000'
        """
        return (f"file={self.max_file_bytes},input={self.max_input_bytes},literal={self.max_literal_bytes},"
                f"list={self.max_list_items},blank={self.max_blank_nodes}")


_APPLIED: ContextVar[InputBudget | None] = ContextVar("csto_kg_input_budget", default=None)


def current() -> InputBudget:
    """The budget in force: the one :func:`applied`, else the environment's, else the defaults.

    >>> with applied(InputBudget(max_list_items=3)):
    ...     current().max_list_items
    3
    """
    budget = _APPLIED.get()
    return budget if budget is not None else InputBudget.from_options()


@contextmanager
def applied(budget: InputBudget | None):
    """Make ``budget`` the one in force for the block (None: leave things as they are)."""
    if budget is None:
        yield
        return
    token = _APPLIED.set(budget)
    try:
        yield budget
    finally:
        _APPLIED.reset(token)


def _over(what: str, amount: int, name: str, limit: int) -> str:
    """``a literal of 2,000 bytes is over --max-literal-bytes (1,000; $CSTO_KG_MAX_LITERAL_BYTES)``."""
    option, variable = OPTIONS[name]
    unit = "bytes" if name.endswith("bytes") else "items"
    return f"{what} of {amount:,} {unit} is over {option} ({limit:,}; ${variable})"


# -- sizes ------------------------------------------------------------------------------

def check_sizes(files, budget: InputBudget | None = None) -> None:
    """Refuse a file bigger than ``--max-file-bytes`` or files bigger than ``--max-input-bytes`` in all,
    from their sizes on disk (nothing is read). ``files`` have ``path`` and ``display``.

    >>> import tempfile, pathlib, types
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "x.ttl"; _ = path.write_bytes(b"x" * 2000)
    >>> check_sizes([types.SimpleNamespace(path=path, display="x.ttl")], InputBudget(max_file_bytes=1000))
    Traceback (most recent call last):
    ...
    csto_kg.errors.InputRefused: x.ttl: a file of 2,000 bytes is over --max-file-bytes (1,000; $CSTO_KG_MAX_FILE_BYTES)
    """
    budget = budget or current()
    total = 0
    for input_file in files:
        try:
            size = os.stat(input_file.path).st_size
        except OSError:
            continue  # reading it says why
        if size > budget.max_file_bytes:
            raise InputRefused(file=input_file.display,
                               message=_over("a file", size, "max_file_bytes", budget.max_file_bytes))
        total += size
        if total > budget.max_input_bytes:
            raise InputRefused(file=input_file.display, message=(
                f"the input files come to {total:,} bytes with this one, over --max-input-bytes "
                f"({budget.max_input_bytes:,}; $CSTO_KG_MAX_INPUT_BYTES)"))


def read_bounded(path, display: str, budget: InputBudget | None = None) -> bytes:
    """The bytes of ``path``, reading no more than ``--max-file-bytes`` (a file that grew since
    :func:`check_sizes` is refused as it is read).

    >>> import tempfile, pathlib
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "x.ttl"; _ = path.write_bytes(b"x" * 20)
    >>> len(read_bounded(path, "x.ttl", InputBudget(max_file_bytes=20)))
    20
    >>> read_bounded(path, "x.ttl", InputBudget(max_file_bytes=10))
    Traceback (most recent call last):
    ...
    csto_kg.errors.InputRefused: x.ttl: a file of more than 10 bytes is over --max-file-bytes (10; $CSTO_KG_MAX_FILE_BYTES)
    """
    limit = (budget or current()).max_file_bytes
    with open(path, "rb") as handle:
        raw = handle.read(limit + 1)
    if len(raw) > limit:
        raise InputRefused(file=display, message=(f"a file of more than {limit:,} bytes is over --max-file-bytes "
                                                  f"({limit:,}; $CSTO_KG_MAX_FILE_BYTES)"))
    return raw


# -- Turtle, N-Triples: one pass over the text, before any parser ------------------------

_STRINGS = "|".join((r'"""(?:[^"\\]++|\\.|"(?!""))*+"""', r"'''(?:[^'\\]++|\\.|'(?!''))*+'''",
                     r'"(?:[^"\\\n\r]++|\\.)*+"', r"'(?:[^'\\\n\r]++|\\.)*+'"))
_IRI = r"<(?:[^<>\"{}|^`\\\x00-\x20]++|\\[uU])*+>"  # IRIREF: UCHAR escapes too
# a name, number or keyword; ``\#`` or ``\"`` (PN_LOCAL_ESC) inside it neither starts a comment nor a string
_NAME = r"(?:[^\s\"'<>\#()\[\]{}.;,\\]++|\\.)++"
_LABEL = r"_:[\w.\-]*+"
_WS = r"\s++|\#[^\n]*+"


def _skipping(short: int) -> re.Pattern:
    """Outside lists: everything but ``( ) [ ]``, blank node labels and strings over ``short``
    characters is passed over by the regular expression engine itself."""
    short_strings = "|".join((
        rf'"""(?:[^"\\]|\\.|"(?!"")){{0,{short}}}+"""', rf"'''(?:[^'\\]|\\.|'(?!'')){{0,{short}}}+'''",
        rf'"(?!"")(?:[^"\\\n\r]|\\.){{0,{short}}}+"', rf"'(?!'')(?:[^'\\\n\r]|\\.){{0,{short}}}+'"))
    skip = rf"(?:{_WS}|{_IRI}|{short_strings}|(?!_:){_NAME}|[.;,{{}}])*+"
    return re.compile(rf"{skip}(?P<t>{_STRINGS}|[()\[\]]|{_LABEL}|.)?", re.DOTALL)


# inside a list every item is one match: a string with its tag or datatype, an IRI, a name, ( or [
_IN_LIST = re.compile(rf"(?:{_WS})*+(?P<t>(?:{_STRINGS})(?:@[\w\-]++|\^\^(?:{_IRI}|[^\s()\[\]\"'<>\#]*+))?"
                      rf"|[()\[\]]|{_LABEL}|{_IRI}|(?:{_NAME}|[.;,])++|.)?", re.DOTALL)


def check_turtle_text(text: str, display: str, budget: InputBudget | None = None) -> None:
    """Refuse a Turtle/N-Triples/TriG ``text`` holding a literal over ``--max-literal-bytes``, a list
    over ``--max-list-items`` or more than ``--max-blank-nodes`` blank nodes (``[ ]``, list items and
    ``_:`` labels), at the place of the first one. Linear, and copies nothing of the text.

    >>> check_turtle_text('<a> <p> ("x" "y" "z") .', "t.ttl", InputBudget(max_list_items=2))
    Traceback (most recent call last):
    ...
    csto_kg.errors.InputRefused: t.ttl:1:9: a list of more than 2 items is over --max-list-items (2; $CSTO_KG_MAX_LIST_ITEMS)
    >>> check_turtle_text("<a> <p> 'ok', '''a\\nlonger one''' .", "t.ttl", InputBudget(max_literal_bytes=8))
    Traceback (most recent call last):
    ...
    csto_kg.errors.InputRefused: t.ttl:1:15: a literal of 12 bytes is over --max-literal-bytes (8; $CSTO_KG_MAX_LITERAL_BYTES)
    >>> check_turtle_text('<a> <p> [ <q> _:x ], _:x, _:y .', "t.ttl", InputBudget(max_blank_nodes=2))
    Traceback (most recent call last):
    ...
    csto_kg.errors.InputRefused: t.ttl:1:27: more than 2 blank nodes in one file is over --max-blank-nodes (2; $CSTO_KG_MAX_BLANK_NODES)
    """
    budget = budget or current()
    literal_limit, list_limit, blank_limit = budget.max_literal_bytes, budget.max_list_items, budget.max_blank_nodes
    outside = _skipping(max(0, min(literal_limit // 8, 4096)))
    frames: list[list] = []  # [kind, items, offset]: kind "(" counts its items, "[" does not
    labels: set[str] = set()
    blanks = 0
    position, end = 0, len(text)

    def refuse(offset: int, message: str):
        line = text.count("\n", 0, offset) + 1
        column = offset - (text.rfind("\n", 0, offset) + 1) + 1
        raise InputRefused(file=display, line=line, column=column, message=message)

    while position < end:
        in_list = bool(frames) and frames[-1][0] == "("
        match = (_IN_LIST if in_list else outside).match(text, position)
        start, stop = match.span("t")
        if start < 0:  # only what the expression passes over, up to the end
            break
        position = stop
        first = text[start]
        if in_list and first not in ")]":
            frames[-1][1] += 1
            blanks += 1  # each list item is a list node
            if frames[-1][1] > list_limit:
                refuse(frames[-1][2], f"a list of more than {list_limit:,} items is over --max-list-items "
                                      f"({list_limit:,}; $CSTO_KG_MAX_LIST_ITEMS)")
        if first in "\"'":
            quote = 3 if text.startswith(first * 3, start) and stop - start >= 6 else 1
            body = stop - start - 2 * quote
            if in_list:  # the string's language tag or datatype are part of the match
                body = _string_length(text, start, stop, first, quote)
            if body > literal_limit // 4:
                size = _utf8_size(text, start + quote, start + quote + body)
                if size > literal_limit:
                    refuse(start, _over("a literal", size, "max_literal_bytes", literal_limit))
        elif first == "(":
            frames.append(["(", 0, start])
        elif first == "[":
            frames.append(["[", 0, start])
            blanks += 1
        elif first in ")]":
            if frames:
                frames.pop()
        elif first == "_" and text.startswith("_:", start):
            label = text[start:stop].rstrip(".")
            if label not in labels:
                labels.add(label)
                blanks += 1
        if blanks > blank_limit:
            refuse(start, f"more than {blank_limit:,} blank nodes in one file is over --max-blank-nodes "
                          f"({blank_limit:,}; $CSTO_KG_MAX_BLANK_NODES)")


_STRING_TOKEN = re.compile(_STRINGS, re.DOTALL)


def _string_length(text: str, start: int, stop: int, quote_char: str, quote: int) -> int:
    """Characters of the body of the string token at ``start`` (a tag or datatype may follow it)."""
    match = _STRING_TOKEN.match(text, start, stop)
    return match.end() - start - 2 * quote if match else stop - start - 2 * quote


def _utf8_size(text: str, start: int, stop: int) -> int:
    """UTF-8 bytes of ``text[start:stop]``, copying at most a megabyte at a time."""
    if text.isascii():  # known at once for an ASCII string
        return stop - start
    step = 1 << 20
    return sum(len(text[i:min(i + step, stop)].encode("utf-8", "surrogatepass")) for i in range(start, stop, step))


# -- JSON-LD: the parsed JSON, before the JSON-LD processor ----------------------------------

def check_json(document, display: str, text: str | None = None, budget: InputBudget | None = None) -> None:
    """Refuse a JSON-LD document holding a string over ``--max-literal-bytes`` or an ``@list`` (or a
    JSON array under it) over ``--max-list-items``, before it is expanded into triples.

    >>> check_json({"@id": "http://x/a", "http://x/p": {"@list": [1, 2, 3]}}, "a.jsonld", budget=InputBudget(max_list_items=2))
    Traceback (most recent call last):
    ...
    csto_kg.errors.InputRefused: a.jsonld: a list of 3 items is over --max-list-items (2; $CSTO_KG_MAX_LIST_ITEMS)
    """
    budget = budget or current()
    todo = [(document, False)]
    while todo:
        node, listed = todo.pop()
        if isinstance(node, str):
            if len(node) > budget.max_literal_bytes // 4 and len(node.encode("utf-8")) > budget.max_literal_bytes:
                line, column = _find(text, node[:40])
                raise InputRefused(file=display, line=line, column=column, message=_over(
                    "a literal", len(node.encode("utf-8")), "max_literal_bytes", budget.max_literal_bytes))
        elif isinstance(node, dict):
            for key, value in node.items():
                if key == "@list" and isinstance(value, list) and len(value) > budget.max_list_items:
                    raise InputRefused(file=display, message=_over("a list", len(value), "max_list_items",
                                                                   budget.max_list_items))
                todo.append((key, False))
                todo.append((value, key == "@list"))
        elif isinstance(node, list):
            todo.extend((item, listed) for item in node)


def _find(text: str | None, needle: str) -> tuple[int | None, int | None]:
    """Line and column of the first occurrence of ``needle`` in ``text`` (None, None when not found)."""
    if not text or not needle:
        return None, None
    offset = text.find(needle)
    if offset < 0:
        return None, None
    return text.count("\n", 0, offset) + 1, offset - (text.rfind("\n", 0, offset) + 1) + 1


# -- any syntax: the parsed triples ------------------------------------------------------------

RDF_REST = "http://www.w3.org/1999/02/22-rdf-syntax-ns#rest"


def check_triples(triples, display: str, text: str | None = None, budget: InputBudget | None = None) -> None:
    """Refuse parsed ``triples`` (rdflib terms) with a literal, a list (``rdf:rest`` chain) or a
    number of blank nodes over budget; placed in ``text`` when the literal is found there.

    >>> from rdflib import BNode, Literal, URIRef
    >>> check_triples([(URIRef("http://x/a"), URIRef("http://x/p"), Literal("x" * 20))], "a.rdf",
    ...               budget=InputBudget(max_literal_bytes=10))
    Traceback (most recent call last):
    ...
    csto_kg.errors.InputRefused: a.rdf: a literal of 20 bytes is over --max-literal-bytes (10; $CSTO_KG_MAX_LITERAL_BYTES)
    """
    from rdflib import BNode, Literal

    budget = budget or current()
    literal_limit = budget.max_literal_bytes
    blanks: set = set()
    rest: dict = {}
    for s, p, o in triples:
        if isinstance(o, Literal):
            if len(o) > literal_limit // 4 and len(str(o).encode("utf-8")) > literal_limit:
                line, column = _find(text, str(o)[:40])
                raise InputRefused(file=display, line=line, column=column, message=_over(
                    "a literal", len(str(o).encode("utf-8")), "max_literal_bytes", literal_limit))
        elif isinstance(o, BNode):
            blanks.add(o)
        if isinstance(s, BNode):
            blanks.add(s)
            if p == RDF_REST:
                rest[s] = o
        if len(blanks) > budget.max_blank_nodes:
            raise InputRefused(file=display, message=(
                f"more than {budget.max_blank_nodes:,} blank nodes in one file is over --max-blank-nodes "
                f"({budget.max_blank_nodes:,}; $CSTO_KG_MAX_BLANK_NODES)"))
    if len(rest) > budget.max_list_items:
        longest = _longest_chain(rest)
        if longest > budget.max_list_items:
            raise InputRefused(file=display, message=_over("a list", longest, "max_list_items",
                                                           budget.max_list_items))


def _longest_chain(rest: dict) -> int:
    """The most ``rdf:rest`` links followed from one node (a cycle counted once)."""
    length: dict = {}
    for start in rest:
        if start in length:
            continue
        path, seen, node = [], set(), start
        while node in rest and node not in length and node not in seen:
            seen.add(node)
            path.append(node)
            node = rest[node]
        tail = length.get(node, 0)
        for step in reversed(path):
            tail += 1
            length[step] = tail
    return max(length.values(), default=0)


# -- time ---------------------------------------------------------------------------------------

class InputTimeExceeded(CstoKgError):
    """Parsing or validation went past ``--max-seconds``.

    >>> str(InputTimeExceeded("parsing", 2.0, 2.03, "data/x.ttl"))
    'parsing stopped: more than 2 s of parsing (budget --max-seconds; $CSTO_KG_MAX_SECONDS), in data/x.ttl after 2.0 s'
    """

    def __init__(self, stage: str, limit: float, seconds: float, where: str | None = None):
        self.stage, self.limit, self.seconds, self.where = stage, limit, seconds, where
        place = f", in {where}" if where else ""
        super().__init__(f"{stage} stopped: more than {limit:g} s of {stage} (budget --max-seconds; "
                         f"$CSTO_KG_MAX_SECONDS){place} after {seconds:.1f} s")


class _Overtime(BaseException):
    """Raised by the timer signal; a BaseException so that no ``except Exception`` of a parser keeps it."""


_WHERE: ContextVar[str | None] = ContextVar("csto_kg_input_where", default=None)
_deadlines: list[float] = []  # of the stages running in the main thread, outermost first


def now_reading(display: str | None) -> None:
    """Name the file being parsed (for the message of a stage that runs out of time).

    >>> import time
    >>> with time_limit("parsing", 0.1):
    ...     now_reading("data/x.ttl"); time.sleep(5)
    Traceback (most recent call last):
    ...
    csto_kg.inputs.budgets.InputTimeExceeded: parsing stopped: more than 0.1 s of parsing (budget --max-seconds; $CSTO_KG_MAX_SECONDS), in data/x.ttl after 0.1 s
    """
    _WHERE.set(display)


def _on_alarm(signum, frame):
    if _deadlines and time.monotonic() >= _deadlines[-1] - 0.001:
        raise _Overtime


@contextmanager
def time_limit(stage: str, seconds: float | None = None):
    """Stop the block with :class:`InputTimeExceeded` after ``seconds`` (default: the budget's
    ``max_seconds``). In the main thread a timer signal interrupts Python code anywhere (again
    every 0.1 s, should a library's handler swallow it); elsewhere the block runs unbounded.

    >>> import time
    >>> with time_limit("parsing", 0.2):
    ...     while True:
    ...         time.sleep(0.01)
    Traceback (most recent call last):
    ...
    csto_kg.inputs.budgets.InputTimeExceeded: parsing stopped: more than 0.2 s of parsing (budget --max-seconds; $CSTO_KG_MAX_SECONDS) after 0.2 s
    """
    limit = current().max_seconds if seconds is None else seconds
    if not limit or threading.current_thread() is not threading.main_thread() or not hasattr(signal, "setitimer"):
        yield
        return
    started = time.monotonic()
    deadline = started + limit
    if _deadlines and _deadlines[-1] <= deadline:  # an enclosing stage ends first: its timer stays
        yield
        return
    previous = signal.signal(signal.SIGALRM, _on_alarm)
    _deadlines.append(deadline)
    where = _WHERE.set(None)
    try:
        try:
            signal.setitimer(signal.ITIMER_REAL, limit, 0.1)
            yield
        finally:
            signal.setitimer(signal.ITIMER_REAL, 0)
    except _Overtime:
        raise InputTimeExceeded(stage, limit, time.monotonic() - started, _WHERE.get()) from None
    finally:
        _deadlines.pop()
        _WHERE.reset(where)
        signal.signal(signal.SIGALRM, previous)
        if _deadlines:  # give the enclosing stage its timer back
            signal.setitimer(signal.ITIMER_REAL, max(_deadlines[-1] - time.monotonic(), 0.001), 0.1)
