"""The persistent embedded store on Oxigraph (``--store oxigraph:PATH``), via pyoxigraph.

The store holds the same named graphs as the in-memory Dataset (one per input
file, plus ``graph/inferred``). Next to the store folder, ``PATH.csto-kg.json``
(written atomically) records the input key (:func:`csto_kg.store.cache.cache_key`),
the quad count, the triple counts, the reasoning time and the findings: when
the key and count still match, reopening serves queries straight from the
store, with neither parsing nor reasoning. Otherwise the store is rebuilt
from the assembled Dataset.

Helper parameters are written into the query as validated RDF terms in place of
their ``$name`` (:func:`csto_kg.store.values.substitute`), never as user text.
pyoxigraph's ``substitutions`` (SEP-0007) would be the natural way, but
pyoxigraph 0.5 only substitutes variables that the outer ``SELECT`` projects,
and joins them there, so a parameter used in a nested group or sub-SELECT
would not be seen. The default query engine is the same class over an
in-memory store (``name="memory"``).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path

from rdflib import BNode, Graph, URIRef

from csto_kg.atomicio import atomic_write
from csto_kg.errors import QueryError, QuerySyntaxError, UsageError
from csto_kg.reasoning.findings import Finding
from csto_kg.inputs.terms import TermConverter, from_ox  # noqa: F401 - from_ox: part of this module's face
from csto_kg.namespaces import LABEL_PROPERTIES, PREFIXES
from csto_kg.store.literal_forms import holds_values, restorable_columns, restorable_triples
from csto_kg.store.results import Result

STORE_SCHEME = "oxigraph:"


def store_path(spec: str) -> Path:
    """The folder of a ``--store`` value (``oxigraph:PATH``).

    >>> store_path("oxigraph:/tmp/kg")
    PosixPath('/tmp/kg')
    >>> store_path("fuseki:x")
    Traceback (most recent call last):
    ...
    csto_kg.errors.UsageError: --store fuseki:x: expected oxigraph:PATH (use --endpoint URL for a SPARQL server)
    """
    if not spec.startswith(STORE_SCHEME) or not spec[len(STORE_SCHEME):]:
        raise UsageError(f"--store {spec}: expected oxigraph:PATH (use --endpoint URL for a SPARQL server)")
    return Path(spec[len(STORE_SCHEME):]).expanduser()


def open_store(path: Path):
    """Open (or create) the store; a held lock becomes a clear :class:`UsageError`."""
    import pyoxigraph

    try:
        return pyoxigraph.Store(str(path))
    except OSError as error:
        if "lock" in str(error).lower():
            raise UsageError(f"--store oxigraph:{path}: the store is open in another process "
                             "(Oxigraph allows one writer; stop it or use another path)") from None
        raise UsageError(f"--store oxigraph:{path}: cannot open the store: {error}") from None


@dataclass
class StoreState:
    """What the sidecar file records about the store's content."""

    key: str
    quads: int
    asserted: int
    inferred: int
    seconds: float
    findings: list[Finding] = field(default_factory=list)
    # [stored, original] N-Triples terms: the data's literals the store gives back in another form
    literal_forms: list[list[str]] = field(default_factory=list)


def _sidecar(path: Path) -> Path:
    return path.with_name(path.name + ".csto-kg.json")


STATE_MAGIC = b"CSTO-KG-STORE-STATE 1"


def read_state(path: Path) -> StoreState | None:
    """What the store at ``path`` holds, from its sidecar; None when there is none or any byte of
    it differs from what was written (sealed: :func:`csto_kg.store.cache.seal`), so the store is rebuilt."""
    from csto_kg.store.cache import unseal

    try:
        body = unseal(STATE_MAGIC, _sidecar(path).read_bytes())
        if body is None:
            return None
        raw = json.loads(body.decode("utf-8"))
        return StoreState(raw["key"], int(raw["quads"]), int(raw["asserted"]), int(raw["inferred"]),
                          float(raw["seconds"]), [Finding.from_json(f) for f in raw["findings"]],
                          [[str(stored), str(original)] for stored, original in raw["literal_forms"]])
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return None


def write_state(path: Path, state: StoreState) -> None:
    data = {"key": state.key, "quads": state.quads, "asserted": state.asserted,
            "inferred": state.inferred, "seconds": state.seconds,
            "findings": [f.to_json() for f in state.findings], "literal_forms": state.literal_forms}
    from csto_kg.store.cache import seal

    atomic_write(_sidecar(path), seal(STATE_MAGIC, (json.dumps(data, indent=1) + "\n").encode()))


def memory_store(quads=None, *, nquads: bytes | None = None):
    """A new in-memory pyoxigraph Store holding ``quads`` (pyoxigraph Quads) or the N-Quads text ``nquads``.

    >>> memory_store(nquads=b'<http://x/s> <http://x/p> "o" <http://x/g> .\\n').__len__()
    1
    """
    import pyoxigraph

    store = pyoxigraph.Store()
    if nquads is not None:
        try:
            store.load(nquads, format=pyoxigraph.RdfFormat.N_QUADS)
        except MemoryError:  # a line over Oxigraph's 16 MiB parser buffer (a literal the budget allowed)
            return _memory_store_of_long_lines(nquads)
    else:
        store.bulk_extend(quads)
    return store


class StoreFilling:
    """A new in-memory pyoxigraph Store being filled with ``quads`` (a list of pyoxigraph Quads) on a
    thread of its own, begun when made: ``Store.extend`` lets go of the interpreter while it
    inserts, so the store of the asserted quads is filled on the second core while the reasoner
    runs on the first. :meth:`store` waits for the end, adds ``more`` quads (the inferred ones)
    and gives the store; an error of the filling is raised there. One ``extend`` of all the
    quads: in chunks of 65,536 (each chunk's copy taken with the interpreter held) the gain at
    100k synthetic triples was halved. A wait cut short (the ``--max-seconds`` alarm during it)
    raises; asked again, it waits again: a half-filled store is never given.

    In a process forked while the thread was filling (a query run under ``--timeout`` in a child
    before the store was asked for), that thread is not there: the store is filled again in
    the child, and the half-filled one is left as it is (neither read nor freed).

    >>> import pyoxigraph as ox
    >>> a, p, g = ox.NamedNode("http://x/a"), ox.NamedNode("http://x/p"), ox.NamedNode("http://x/g")
    >>> filling = StoreFilling([ox.Quad(a, p, ox.Literal("1"), g), ox.Quad(a, p, a, g)])
    >>> len(filling.store([ox.Quad(p, p, p, g)]))
    3
    >>> StoreFilling(["not a quad"]).store()
    Traceback (most recent call last):
    ...
    TypeError: 'str' object is not an instance of 'Quad'
    """

    def __init__(self, quads: list):
        import os
        import threading

        import pyoxigraph

        self._quads = quads
        self._store = pyoxigraph.Store()
        self._error: BaseException | None = None
        self._done = threading.Event()
        self._pid = os.getpid()
        # a daemon: a command stopped by its budget (--max-seconds) does not wait for it at exit
        self._thread = threading.Thread(target=self._fill, name="csto-kg store", daemon=True)
        self._thread.start()

    def _fill(self) -> None:
        try:
            self._store.extend(self._quads)
        except BaseException as error:  # raised again where the store is asked for
            self._error = error
        self._done.set()

    def store(self, more=()):
        """The store, once filled, with ``more`` quads added."""
        import os
        import threading

        import pyoxigraph

        if os.getpid() != self._pid and not self._done.is_set():  # forked mid-filling: that thread is not here
            _HALF_FILLED.append(self._store)
            self._store, self._pid = pyoxigraph.Store(), os.getpid()
            self._store.bulk_extend(self._quads)
            self._done = threading.Event()  # a new one: the old one's lock may be held by that thread
            self._done.set()
        else:
            self._done.wait()  # not Thread.join: an interrupted join marks a running thread stopped
        if self._error is not None:
            raise self._error
        self._quads = ()
        if more:
            self._store.bulk_extend(more)
        return self._store


_HALF_FILLED: list = []  # in a forked child: stores its parent's thread was filling (never freed)


LONG_LINE = 1 << 23  # bytes: N-Quads lines at least this long are read by rdflib's parser


def _memory_store_of_long_lines(nquads: bytes):
    """:func:`memory_store` of N-Quads text holding a line Oxigraph's parser cannot buffer: the other
    lines are loaded by Oxigraph; in each long one, the long literal is read here (its escapes undone)
    and the rest of the line, the literal left empty, by Oxigraph (rdflib's N-Quads parser takes
    seconds per megabyte of one literal).

    >>> store = _memory_store_of_long_lines(b'_:b1 <http://x/p> "a\\\\"' + b"a" * 17_000_000 + b'"@fr <http://x/g> .\\n'
    ...                                     b'<http://x/s> <http://x/p> _:b1 <http://x/g> .\\n')
    >>> sorted((str(q.subject)[:5], len(q.object.value), q.object.value[:3]) for q in store)
    [('<http', 2, 'b1'), ('_:b1', 17000002, 'a"a')]
    """
    import pyoxigraph

    lines = nquads.split(b"\n")
    store = pyoxigraph.Store()
    store.bulk_extend(pyoxigraph.parse(b"\n".join(line for line in lines if len(line) < LONG_LINE),
                                       format=pyoxigraph.RdfFormat.N_QUADS, rename_blank_nodes=False))
    for line in lines:
        if len(line) < LONG_LINE:
            continue
        found = _LONG_LITERAL.search(line)
        if found is None:
            raise ValueError(f"an N-Quads line of {len(line):,} bytes without a long literal")
        rest = line[:found.start()] + b'""' + line[found.end():]
        (quad,) = list(pyoxigraph.parse(rest, format=pyoxigraph.RdfFormat.N_QUADS, rename_blank_nodes=False))
        value = _unescape(found.group(1).decode("utf-8"))
        empty = quad.object
        literal = (pyoxigraph.Literal(value, language=empty.language) if empty.language
                   else pyoxigraph.Literal(value, datatype=empty.datatype))
        store.add(pyoxigraph.Quad(quad.subject, quad.predicate, literal, quad.graph_name))
    return store


_LONG_LITERAL = re.compile(rb'"([^"\\]*(?:\\.[^"\\]*)*)"')  # the line's literal: IRIs and labels hold no '"'
_ESCAPE = re.compile(r"\\(?:u([0-9A-Fa-f]{4})|U([0-9A-Fa-f]{8})|(.))")
_ESCAPED = {"t": "\t", "b": "\b", "n": "\n", "r": "\r", "f": "\f", '"': '"', "'": "'", "\\": "\\"}


def _unescape(text: str) -> str:
    """An N-Triples string's escapes undone (``\\t``, ``\\"``, ``\\uXXXX``...)."""
    if "\\" not in text:
        return text
    return _ESCAPE.sub(lambda m: chr(int(m.group(1) or m.group(2), 16)) if m.group(3) is None
                       else _ESCAPED[m.group(3)], text)


def quads_from_dataset(dataset):
    """The quads of an rdflib Dataset as pyoxigraph Quads (each term converted once)."""
    convert = TermConverter()
    to_ox, Quad = convert.to_ox, convert.ox.Quad
    for s, p, o, g in dataset.quads((None, None, None, None)):
        yield Quad(to_ox(s), to_ox(p), to_ox(o), to_ox(g.identifier if hasattr(g, "identifier") else g))


def quads_from_table(table: list, flat) -> list:
    """The quads of a decoded dataset (:func:`csto_kg.reasoning.dataset_codec.decode_table`) as pyoxigraph Quads.

    The terms are built straight from the term table, with no rdflib term in between.

    >>> from rdflib import URIRef, Literal
    >>> from csto_kg.reasoning.dataset_codec import encode
    >>> from csto_kg.reasoning.dataset_codec import decode_table
    >>> payload, _ = encode([(URIRef("http://x/s"), URIRef("http://x/p"), Literal("a", lang="fr"), URIRef("http://x/g"))])
    >>> [str(q) for q in quads_from_table(*decode_table(payload))]
    ['<http://x/s> <http://x/p> "a"@fr <http://x/g>']
    """
    import pyoxigraph as ox

    from csto_kg.reasoning.dataset_codec import BNODE, URI

    types: dict = {}

    def build(entry):
        kind, text, datatype, language = entry
        if kind == URI:
            return ox.NamedNode(text)
        if kind == BNODE:
            return ox.BlankNode(text)
        if language:
            return ox.Literal(text, language=language)
        if datatype:
            named = types.get(datatype)
            if named is None:
                named = types[datatype] = ox.NamedNode(datatype)
            return ox.Literal(text, datatype=named)
        return ox.Literal(text)

    terms = [build(entry) for entry in table]
    Quad = ox.Quad
    return [Quad(terms[flat[i]], terms[flat[i + 1]], terms[flat[i + 2]], terms[flat[i + 3]])
            for i in range(0, len(flat), 4)]


def fill_store(store, assembled):
    """Replace the store's content with every quad of ``assembled`` (an rdflib Dataset, or the
    :class:`~csto_kg.store.assembly.Assembled` graph, whose quads are made once); returns the quad
    count and the :class:`~csto_kg.store.literal_forms.LiteralForms` of those quads."""
    from csto_kg.store.literal_forms import LiteralForms, collecting

    store.clear()
    quads = None
    if hasattr(assembled, "oxigraph_quads"):
        try:
            quads = assembled.oxigraph_quads()
        except ValueError:  # a term Oxigraph refuses: the Dataset's terms are converted (and refused) below
            assembled = assembled.dataset
    typed: set = set()
    store.bulk_extend(collecting(quads if quads is not None else quads_from_dataset(assembled), typed))
    store.flush()
    return len(store), LiteralForms.of_literals(typed)


class OxigraphBackend:
    """Runs queries on a pyoxigraph Store (default graph = union of the named graphs)."""

    def __init__(self, store, *, name: str = "oxigraph", forms=None):
        self.store = store
        self.name = name  # "oxigraph": a persistent store; "memory": the default in-memory engine
        # the data's literals the store gives back in another form (:mod:`csto_kg.store.literal_forms`):
        # a LiteralForms, or a function that makes it when an answer first needs it
        self._forms = forms

    @property
    def literal_forms(self):
        """The :class:`~csto_kg.store.literal_forms.LiteralForms` answers are read back through."""
        from csto_kg.store.literal_forms import LiteralForms

        if self._forms is None:
            self._forms = LiteralForms()
        elif not isinstance(self._forms, LiteralForms):
            self._forms = self._forms()
        return self._forms

    def run(self, text: str, *, bindings=None, kind: str | None = None, lazy: bool = False) -> Result:
        """The answer to ``text``; ``lazy``: a SELECT's rows are an iterator, each solution read
        from Oxigraph's evaluation as it is asked for (nothing else is held)."""
        from csto_kg.store.values import substitute

        query = substitute(text, bindings or {})
        answer = ask_store(self.store, query)
        if lazy and isinstance(getattr(answer, "variables", None), list):
            columns = [v.value for v in answer.variables]
            return Result(kind="select", columns=columns, rows=self._restored(_solutions(answer, columns), columns, text))
        result = None
        if kind != "graph" and isinstance(getattr(answer, "variables", None), list):
            try:
                result = select_from_tsv(answer)
            except _Unreadable:  # a term the TSV cells do not give back: the solutions' own terms
                answer = ask_store(self.store, query)
        if result is None:
            result = result_from_ox(answer, forms=lambda: self.literal_forms, text=text)
        if result.kind == "select" and result.rows:
            kept = restorable_columns(text, result.columns)
            if kept and holds_values(result.rows, kept):  # the forms made only when an answer may need them
                self.literal_forms.restore_rows(result.rows, kept)
        return result

    def _restored(self, rows, columns: list[str], text: str):
        """The lazy ``rows`` with the data's literals (the forms made when a row first may need them)."""
        kept, forms = restorable_columns(text, columns), None
        if not kept:
            yield from rows
            return
        for row in rows:
            if forms is None and holds_values((row,), kept):
                forms = self.literal_forms
            if forms:
                forms.restore_row(row, kept)
            yield row

    def label_graph(self) -> Graph:
        return label_graph(self)

    def label_lookup(self) -> "LabelLookup":
        return LabelLookup(self.store)

    def knows(self, iri) -> bool:
        """Whether ``iri`` is the subject of some quad (a look-up in the store's index)."""
        import pyoxigraph as ox

        return next(iter(self.store.quads_for_pattern(ox.NamedNode(str(iri)), None, None, None)), None) is not None


def ask_store(store, text: str, *, default_graphs=(), named_graphs=()):
    """Oxigraph's answer to ``text`` (the known prefixes declared) over the union of the named graphs,
    or over the SPARQL Protocol's dataset when ``default_graphs`` or ``named_graphs`` name graphs (an
    empty default graph when only named ones are given). A syntax error is a :class:`QuerySyntaxError`
    saying where, an engine failure a :class:`QueryError`.

    >>> ask_store(memory_store(nquads=b""), "SELECT ?s WHERE { ?s ?p }")
    Traceback (most recent call last):
    ...
    csto_kg.errors.QuerySyntaxError: query: SPARQL syntax error (Oxigraph): line 1, column 25, near "}": expected LATERAL, SERVICE
    """
    import pyoxigraph as ox

    if default_graphs or named_graphs:
        dataset = {"default_graph": [ox.NamedNode(g) for g in default_graphs] or ox.DefaultGraph(),
                   "named_graphs": [ox.NamedNode(g) for g in named_graphs]}
    else:
        dataset = {"use_default_graph_as_union": True}
    try:
        return store.query(text, prefixes=PREFIXES, **dataset)
    except SyntaxError as error:
        from csto_kg.store.sparql_errors import explain

        raise QuerySyntaxError(f"query: SPARQL syntax error (Oxigraph): {explain(str(error), text)}") from None
    except OSError as error:
        raise QueryError(f"query failed in Oxigraph: {error}") from None


class LabelLookup:
    """``objects(iri, property)`` answered from an Oxigraph store's index, as rdflib terms (for a Labeler)."""

    def __init__(self, store):
        import pyoxigraph as ox

        self._store, self._named = store, ox.NamedNode

    def objects(self, subject, predicate):
        seen = set()
        for quad in self._store.quads_for_pattern(self._named(str(subject)), self._named(str(predicate)), None, None):
            if quad.object not in seen:
                seen.add(quad.object)
                yield from_ox(quad.object)


def result_from_ox(answer, *, forms=None, text: str = "") -> Result:
    """Oxigraph's answer as a :class:`Result` of rdflib terms; ``forms``: a function giving the
    :class:`~csto_kg.store.literal_forms.LiteralForms` a graph's literals are read back through
    (``text``: the query, which says whether the template may hold a computed value)."""
    import pyoxigraph as ox

    if isinstance(answer, ox.QueryBoolean):
        return Result(kind="ask", answer=bool(answer))
    if isinstance(answer, ox.QueryTriples):
        triples = {(triple.subject, triple.predicate, triple.object) for triple in answer}
        return Result(kind="graph", graph=graph_of_triples(triples, forms=forms, text=text))
    convert = _memo_from_ox()
    columns = [v.value for v in answer.variables]
    # a solution iterates its values in the order of the variables (None when unbound)
    rows = [dict(zip(columns, map(convert, solution))) for solution in answer]
    return Result(kind="select", columns=columns, rows=rows)


def graph_of_triples(triples, *, forms=None, text: str = "") -> Graph:
    """An rdflib Graph of pyoxigraph ``(s, p, o)`` triples (a graph answer), filled in sorted order:
    Oxigraph's order changes from one process to the next, and so the graph's serializations stay
    the same each time. ``forms``: a function giving the :class:`~csto_kg.store.literal_forms.LiteralForms`
    its literals are read back through, when ``text`` (the query) writes no value of its own.

    >>> import pyoxigraph as ox
    >>> a = ox.NamedNode("http://x/a")
    >>> sorted(str(o) for o in graph_of_triples({(a, a, ox.Literal("2")), (a, a, ox.Literal("1"))}).objects())
    ['1', '2']
    """
    convert = _memo_from_ox()
    converted = [(convert(s), convert(p), convert(o)) for s, p, o in sorted(triples, key=str)]
    if forms is not None and restorable_triples(converted, text):
        converted = forms().restore_triples(converted)
    graph = Graph()
    for triple in converted:
        graph.add(triple)
    return graph


def _solutions(answer, columns: list[str]):
    """The rows of a SELECT answer as they are read; terms repeated within a few thousand rows are
    converted once (a memo of its own, emptied as it fills, so a long answer holds no more)."""
    convert = _memo_from_ox({None: None}, _STREAM_TERMS_MAX)
    try:
        for solution in answer:
            yield dict(zip(columns, map(convert, solution)))
    except OSError as error:
        raise QueryError(f"query failed in Oxigraph: {error}") from None


class _Unreadable(Exception):
    """A TSV cell that is not read back as the term Oxigraph holds."""


_CELLS: dict = {"": None}  # a TSV cell -> its rdflib term, shared by the answers of this process


def select_from_tsv(answer) -> Result:
    """A SELECT answer read from Oxigraph's SPARQL TSV serialization (written in Rust), each distinct
    cell made an rdflib term once per process: the same rows as :func:`result_from_ox`, without a
    pyoxigraph term object per value (which costs more than the query on a large answer).

    >>> import pyoxigraph as ox
    >>> store = ox.Store()
    >>> store.add(ox.Quad(ox.NamedNode("http://x/s"), ox.NamedNode("http://x/p"), ox.Literal('a\tb "c"', language="fr")))
    >>> select_from_tsv(store.query("SELECT ?s ?o ?none WHERE { ?s ?p ?o }")).rows
    [{'s': rdflib.term.URIRef('http://x/s'), 'o': rdflib.term.Literal('a\tb "c"', lang='fr'), 'none': None}]
    """
    import pyoxigraph as ox

    columns = [v.value for v in answer.variables]
    text = answer.serialize(format=ox.QueryResultsFormat.TSV).decode("utf-8")
    lines = text.split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    cells = _CELLS
    if len(cells) > _TERMS_MAX:
        cells.clear()
        cells[""] = None
    width = len(columns)
    rows = []
    for line in lines[1:]:
        values = line.split("\t")
        if len(values) != width:
            raise _Unreadable(line)
        row = {}
        for column, cell in zip(columns, values):
            term = cells.get(cell, cells)
            if term is cells:
                term = cells[cell] = _term_of_cell(cell)
            row[column] = term
        rows.append(row)
    return Result(kind="select", columns=columns, rows=rows)


def _term_of_cell(cell: str):
    """The rdflib term of one TSV cell (Turtle syntax of a term), as :func:`from_ox` makes it."""
    import pyoxigraph as ox

    if cell.startswith("_:"):
        return BNode(cell[2:])
    try:
        quads = list(ox.parse(input=f"<urn:s> <urn:p> {cell} .", format=ox.RdfFormat.TURTLE))
    except (SyntaxError, ValueError) as error:
        raise _Unreadable(cell) from error
    if len(quads) != 1 or isinstance(quads[0].object, ox.BlankNode):
        raise _Unreadable(cell)
    return from_ox(quads[0].object)


_TERMS: dict = {None: None}  # pyoxigraph term -> rdflib term, shared by the answers of this process
_STREAM_TERMS_MAX = 10_000  # terms a streamed answer keeps converted
_TERMS_MAX = 200_000  # emptied past this many terms (rdflib terms are immutable: sharing them is safe)


def _memo_from_ox(memo: dict | None = None, limit: int = _TERMS_MAX):
    """:func:`from_ox` with each distinct term converted once, in ``memo`` (default: the one kept for
    the next answers, so that a helper run again converts none of its terms anew), emptied when it
    passes ``limit`` terms."""
    memo = _TERMS if memo is None else memo

    def convert(term):
        found = memo.get(term, memo)
        if found is memo:
            if len(memo) > limit:
                memo.clear()
                memo[None] = None
            found = memo[term] = from_ox(term)
        return found

    return convert


def label_graph(backend) -> Graph:
    """A small rdflib Graph of the labels (and one triple per IRI subject) of a backend."""
    values = " ".join(f"<{p}>" for p in LABEL_PROPERTIES)
    graph = Graph()
    result = backend.run(f"SELECT ?s ?p ?o WHERE {{ VALUES ?p {{ {values} }} ?s ?p ?o }}")
    for row in result.rows:
        graph.add((row["s"], row["p"], row["o"]))
    known = backend.run("SELECT DISTINCT ?s WHERE { ?s ?p ?o FILTER(isIRI(?s)) }")
    marker = URIRef("urn:csto-kg:known")
    for row in known.rows:
        graph.add((row["s"], marker, marker))
    return graph


def read_dataset(store, forms=None):
    """The store's quads as an rdflib Dataset (for commands that need the graph itself); ``forms``:
    the :class:`~csto_kg.store.literal_forms.LiteralForms` that give the data's literals back."""
    from csto_kg.inputs.loading import new_dataset

    dataset = new_dataset()
    graphs: dict = {}
    restore = forms.get if forms else (lambda term, default: default)
    for quad in store:
        name = from_ox(quad.graph_name)
        graph = graphs.get(name)
        if graph is None:
            graph = graphs[name] = dataset.graph(name)
        o = from_ox(quad.object)
        graph.add((from_ox(quad.subject), from_ox(quad.predicate), restore(o, o)))
    return dataset
