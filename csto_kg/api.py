"""Python API: a small typed facade over loading, reasoning and querying.

>>> from csto_kg import KnowledgeGraph
>>> from csto_kg.inputs.fixtures import FIXTURE_ONTOLOGY, FIXTURE_DATA, FIXTURE_QUERIES
>>> kg = KnowledgeGraph.load(ontology=[FIXTURE_ONTOLOGY], data=[FIXTURE_DATA],
...                          bundled_data=False, cache=False, queries=FIXTURE_QUERIES)
>>> kg.resolve("Ouzbekistan")
rdflib.term.URIRef('https://w3id.org/csto-kg/id/Uzbekistan')
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING, Any, Sequence

from rdflib import Dataset, Graph, URIRef

from csto_kg.store.assembly import Assembled, assemble
from csto_kg.query.entities import LabelIndex, direct_iri, resolve, search
from csto_kg.errors import InputRefused, LoadError, QuerySyntaxError, UsageError
from csto_kg.reasoning.findings import Finding
from csto_kg.query.helpers import Helper, find_helper, load_helpers
from csto_kg.inputs.files import discover
from csto_kg.namespaces import INFERRED_GRAPH, bind_prefixes
from csto_kg.query.render import Labeler
from csto_kg.store.results import Result, from_rdflib

PathLike = str | os.PathLike

if TYPE_CHECKING:
    from csto_kg.store.statistics import DatasetStatistics
    from csto_kg.validation import ValidationReport


@dataclass
class ReasoningReport:
    """Triple counts, reasoning time and findings."""

    asserted: int
    inferred: int
    seconds: float
    findings: list[Finding] = field(default_factory=list)
    cache_status: str = "off"

    @property
    def total(self) -> int:
        return self.asserted + self.inferred

    @property
    def consistent(self) -> bool:
        return not any(f.severity == "error" for f in self.findings)


class KnowledgeGraph:
    """The loaded, reasoned CSTO knowledge graph."""

    def __init__(self, assembled: Assembled | None, *, queries: PathLike | None = None,
                 backend=None, report: ReasoningReport | None = None, dataset_loader=None,
                 engine: str = "oxigraph"):
        self._assembled = assembled
        self._queries = queries
        self._given_backend = backend  # an Oxigraph store or a SPARQL endpoint; None: in memory
        self._report = report
        self._dataset_loader = dataset_loader
        self._engine = _check_engine(engine)
        self._on_stage = None  # called as a lazy stage starts (filling the query store)

    @classmethod
    def load(cls, *, ontology: Sequence[PathLike] | None = None, data: Sequence[PathLike] = (),
             bundled_data: bool = True, cache: bool = True,
             queries: PathLike | None = None, reasoner: str = "rl", budget=None, progress=None,
             store: str | None = None, endpoint: str | None = None,
             engine: str = "oxigraph", on_stage=None, fill_store: bool = False) -> "KnowledgeGraph":
        """Load (or read from the cache) the ontology, data and inferred triples.

        ``ontology`` replaces the bundled ontology, ``data`` adds files or
        folders to the bundled data, ``queries`` replaces the bundled helpers.
        ``reasoner`` is ``rl`` (default) or ``owlrl``; ``budget`` a
        :class:`~csto_kg.reasoning.budgets.Budget`. ``store="oxigraph:PATH"`` keeps the
        graph in a persistent Oxigraph store (reopened without reasoning when
        the inputs are unchanged); ``endpoint=URL`` queries a SPARQL 1.1 server
        that already holds the graph (see ``csto-kg push``). Without either, queries
        run on an in-memory Oxigraph store (``engine="oxigraph"``, the default) or on
        rdflib's own SPARQL engine over :attr:`dataset` (``engine="rdflib"``, the
        reference the tests compare Oxigraph with). ``on_stage(stage, detail)`` is called
        as each stage starts (``parse``, ``reason``, ``cache``, ``store``), e.g. with a
        :class:`csto_kg.cli.progress.StageClock`. The files are read within the input budgets
        in force (:mod:`csto_kg.inputs.budgets`: the environment's, or those given with
        ``with applied(InputBudget(...)):``); past one, :class:`~csto_kg.errors.InputRefused`.
        ``fill_store=True``: the in-memory query store will be asked for soon (validation's
        ``*-violation`` helpers, as ``csto-kg reason`` and ``build`` run them): when the files are
        parsed and reasoned over here by the fast reasoner, their quads go into it on a second core
        while the reasoner runs (it is then held from the start; not with ``owlrl``, whose forked
        process would count it in its memory budget).

        >>> from csto_kg.inputs.fixtures import FIXTURE_ONTOLOGY, FIXTURE_DATA
        >>> kg = KnowledgeGraph.load(ontology=[FIXTURE_ONTOLOGY], data=[FIXTURE_DATA],
        ...                          bundled_data=False, cache=False)
        >>> kg.reason().inferred > 0
        True
        """
        if store and endpoint:
            raise UsageError("give --store or --endpoint, not both")
        if endpoint:
            from csto_kg.store.endpoint import EndpointBackend

            return cls(None, queries=queries, backend=EndpointBackend(endpoint),
                       report=ReasoningReport(0, 0, 0.0, [], "endpoint"))
        files = discover(ontology=ontology, data=data, bundled_data=bundled_data)
        options = {"cache": cache, "reasoner": reasoner, "budget": budget, "progress": progress,
                   "on_stage": on_stage}
        if store:
            kg = cls._load_store(store, files, queries=queries, **options)
        else:
            fill_store = (fill_store and reasoner == "rl" and _check_engine(engine) == "oxigraph"
                          and _has_violation_checks(queries))
            kg = cls(assemble(files, fill_store=fill_store, **options), queries=queries, engine=engine)
            kg._on_stage = on_stage
        kg._files = files  # where explanations find the lines of asserted triples
        return kg

    @classmethod
    def _load_store(cls, spec: str, files, *, queries, **options) -> "KnowledgeGraph":
        from csto_kg.store import oxigraph as ox
        from csto_kg.store.cache import cache_key
        from csto_kg.store.literal_forms import LiteralForms

        path = ox.store_path(spec)
        key = cache_key(files, reasoner=options["reasoner"])
        handle = ox.open_store(path)
        state = ox.read_state(path)
        if state is not None and state.key == key and state.quads == len(handle):
            report = ReasoningReport(state.asserted, state.inferred, state.seconds,
                                     list(state.findings), "store")
            forms = LiteralForms.of_pairs(state.literal_forms)
            return cls(None, queries=queries, backend=ox.OxigraphBackend(handle, forms=forms), report=report,
                       dataset_loader=lambda: ox.read_dataset(handle, forms))
        assembled = assemble(files, **options)
        if options["on_stage"]:
            options["on_stage"]("store", f"filling the Oxigraph store {path}")
        quads, forms = ox.fill_store(handle, assembled)
        ox.write_state(path, ox.StoreState(key, quads, assembled.asserted, assembled.inferred,
                                           assembled.seconds, list(assembled.findings), forms.pairs()))
        return cls(assembled, queries=queries, backend=ox.OxigraphBackend(handle, forms=forms))

    @property
    def backend(self) -> str:
        """Where queries run: ``memory`` (Oxigraph in memory), ``rdflib``, ``oxigraph`` (a store) or ``endpoint``."""
        if self._given_backend is not None:
            return self._given_backend.name
        return "memory" if self._engine == "oxigraph" else "rdflib"

    @cached_property
    def _backend(self):
        """The backend queries run on; None for rdflib's engine over :attr:`dataset`."""
        if self._given_backend is not None or self._engine == "rdflib":
            return self._given_backend
        from csto_kg.store.literal_forms import LiteralForms, collecting
        from csto_kg.store.oxigraph import OxigraphBackend, memory_store, quads_from_dataset

        if self._on_stage:
            self._on_stage("store", "filling the query store")
        try:
            assembled = self._assembled
            if assembled is not None and assembled.cached_nquads:  # warm: Oxigraph reads its own text
                nquads = assembled.cached_nquads
                return OxigraphBackend(memory_store(nquads=nquads), name="memory",
                                       forms=lambda: LiteralForms.of_nquads(nquads))
            if assembled is not None:
                store = assembled.query_store()
                quads = assembled.oxigraph_quads()  # held by the assembled graph: the forms read it when needed
                return OxigraphBackend(store, name="memory", forms=lambda: LiteralForms.of_quads(quads))
            typed: set = set()  # the typed literals gathered as the Dataset's quads stream into the store
            store = memory_store(collecting(quads_from_dataset(self.dataset), typed))
            return OxigraphBackend(store, name="memory", forms=lambda: LiteralForms.of_literals(typed))
        except ValueError:  # a term Oxigraph refuses (an IRI with a space...): invalid data, which
            self._engine = "rdflib"  # validation reports; diagnostic commands still answer, on rdflib
            return None
        finally:  # a stage run on demand: the clock goes back to the stage that needed it
            getattr(self._on_stage, "resume", lambda: None)()

    def nquads(self) -> bytes | None:
        """Every quad (asserted and inferred) as N-Quads text, as the query store holds them (each
        literal as the data wrote it: :mod:`csto_kg.store.literal_forms`); None when
        queries run on rdflib's engine or on an endpoint (``csto-kg serve``'s workers load this text).

        >>> _fixture_kg().nquads().count(b"\\n") == len(_fixture_kg().dataset)
        True
        """
        backend = self._backend
        store = getattr(backend, "store", None)
        if store is None:
            return None
        import pyoxigraph as ox

        # the store's literals as the data wrote them (its workers' stores read them back so)
        return backend.literal_forms.rewrite_nquads(store.dump(format=ox.RdfFormat.N_QUADS))

    @property
    def dataset(self) -> Dataset:
        """rdflib Dataset: one named graph per input file plus the inferred graph.

        With an Oxigraph store reopened without reasoning it is read from the
        store on first use; with an endpoint there is none (:class:`UsageError`).
        """
        if self._assembled is None:
            if self._dataset_loader is None:
                raise UsageError("this needs the graph itself, which a remote --endpoint does not "
                                 "give; run it without --endpoint")
            self._dataset = getattr(self, "_dataset", None) or self._dataset_loader()
            return self._dataset
        return self._assembled.dataset

    def quads(self) -> list[tuple]:
        """Every ``(subject, predicate, object, graph name)`` as rdflib terms, without building the
        rdflib :attr:`dataset` when the graph was just loaded (one named graph per input file plus
        the inferred graph, as in the Dataset).

        >>> kg = _fixture_kg()
        >>> sorted(kg.quads()) == sorted(kg.dataset.quads())
        True
        """
        if self._assembled is None:
            from csto_kg.store.exports import selected_quads

            return selected_quads(self.dataset)
        return list(self._assembled.rdflib_quads())

    def statistics(self) -> "DatasetStatistics":
        """The counts the dataset description gives (:mod:`csto_kg.store.statistics`): over the
        parsed quads when the graph was just loaded, by Oxigraph's engine in a store reopened.

        >>> kg = _fixture_kg()
        >>> kg.statistics().triples == len(kg.closure())
        True
        """
        from csto_kg.store.statistics import statistics_of_oxigraph_quads, statistics_of_quads, statistics_of_store

        if self._assembled is not None:
            try:
                return statistics_of_oxigraph_quads(self._assembled.oxigraph_quads())
            except ValueError:  # a term Oxigraph refuses: counted as rdflib terms
                return statistics_of_quads(self.quads())
        store = getattr(self._backend, "store", None)
        if store is not None:  # a store reopened: what it holds
            return statistics_of_store(store)
        return statistics_of_quads(self.quads())

    @property
    def findings(self) -> list[Finding]:
        return self.reason().findings

    def reason(self) -> ReasoningReport:
        """Counts and findings of the reasoning behind this graph.

        >>> kg = _fixture_kg()
        >>> report = kg.reason()
        >>> report.total == report.asserted + report.inferred, report.consistent
        (True, True)
        """
        if self._report is not None:
            r = self._report
            return ReasoningReport(r.asserted, r.inferred, r.seconds, list(r.findings), r.cache_status)
        a = self._assembled
        return ReasoningReport(a.asserted, a.inferred, a.seconds, list(a.findings), a.cache_status)

    def closure(self) -> Graph:
        """A plain Graph of asserted + inferred triples (the filtered closure)."""
        graph = Graph()
        bind_prefixes(graph.namespace_manager)
        for context in self.dataset.graphs():
            graph += context
        return graph

    def closure_ntriples(self, *, encoding: str | None = None) -> str | bytes:
        """Asserted + inferred (filtered) triples as sorted N-Triples, each distinct triple once;
        ``encoding="utf-8"``: as the bytes of a file (as rdflib's ``serialize(encoding=...)``).

        Written by Oxigraph from the assembled quads when every input was parsed natively (the same
        bytes rdflib writes), by rdflib otherwise.

        >>> text = _fixture_kg().closure_ntriples()
        >>> lines = text.splitlines()
        >>> lines == sorted(lines) and len(lines) == len(_fixture_kg().closure())
        True
        >>> _fixture_kg().closure_ntriples(encoding="utf-8") == text.encode("utf-8")
        True
        """
        from csto_kg.store.exports import ntriples_encoding, sorted_ntriples, sorted_ntriples_of_quads

        encoding = ntriples_encoding(encoding)  # refused before any work (not taken for a refused term below)
        assembled = self._assembled
        if assembled is not None and assembled.natively_parsed:  # every lexical form as written
            try:
                return sorted_ntriples_of_quads(assembled.oxigraph_quads(), encoding=encoding)
            except ValueError:  # a term Oxigraph refuses: rdflib writes it
                pass
        return sorted_ntriples(self.closure(), encoding=encoding)

    def closure_turtle(self, *, ntriples: str | bytes | None = None) -> str:
        """Asserted + inferred (filtered) triples as Turtle, in sorted order with the csto-kg prefixes.

        Written by Oxigraph from the sorted N-Triples when every input was parsed natively,
        by rdflib's Turtle writer otherwise; ``ntriples``: this graph's :meth:`closure_ntriples`
        when the caller has it already (not made a second time).

        >>> from rdflib import Graph
        >>> len(Graph().parse(data=_fixture_kg().closure_turtle(), format="turtle")) == len(_fixture_kg().closure())
        True
        """
        from csto_kg.store.exports import turtle_of_ntriples

        if self._assembled is not None and self._assembled.natively_parsed:
            return turtle_of_ntriples(ntriples if ntriples is not None else self.closure_ntriples()).decode("utf-8")
        from csto_kg.query.render import render_graph

        return render_graph(self.closure(), fmt="turtle")

    def _assembled_or_equivalent(self, files) -> Assembled:
        """What loading made (parsed files, quads); read from a store, the same made from its Dataset."""
        if self._assembled is not None:
            return self._assembled
        r = self.reason()
        return Assembled(self.dataset, files, r.asserted, r.inferred, r.seconds, r.findings, r.cache_status)

    def inferred(self) -> Graph:
        """The inferred named graph."""
        return self.dataset.graph(INFERRED_GRAPH)

    # -- helpers ---------------------------------------------------------

    @cached_property
    def _helpers(self) -> dict[str, Helper]:
        return load_helpers(self._queries)

    def helpers(self) -> list[Helper]:
        """The helper queries, sorted by name.

        >>> [h.name for h in _fixture_kg().helpers()]
        ['members', 'orphan-membership-violation', 'state-label']
        """
        return list(self._helpers.values())

    def helper(self, name: str) -> Helper:
        """One helper by name; :class:`UsageError` with suggestions if unknown."""
        return find_helper(self._helpers, name)

    def query(self, name: str, *, timeout: float | None = None, max_memory: int | None = None,
              **params: Any) -> Result:
        """Run helper ``name``; parameters by name (text, or rdflib terms / Python values).

        ``timeout`` (seconds) and ``max_memory`` (bytes of address space) run the query in
        a child process that is killed past them (:class:`~csto_kg.query.pool.QueryTimeout`,
        :class:`~csto_kg.query.pool.QueryOutOfMemory`); ``None`` (default): in this process,
        unbounded.

        >>> result = _fixture_kg().query("members", date="2010")
        >>> result.columns
        ['state', 'role', 'start', 'end']
        >>> sorted(str(r["state"]).rsplit("/", 1)[1] for r in result.rows)
        ['Armenia', 'Russia', 'Uzbekistan']
        >>> len(_fixture_kg().query("members", date="2010", timeout=30).rows)
        3
        """
        helper, compute = self._helper_compute(name, params)
        return _limited(compute, timeout, max_memory).in_query_order(helper.text)

    def write_query(self, name: str, out, *, fmt: str = "table", lang: str = "en", width: int | None = None,
                    timeout: float | None = None, max_memory: int | None = None, **params: Any) -> int:
        """Write helper ``name``'s answer to ``out`` (a binary stream) as :func:`~csto_kg.query.render.render`
        would, CSV, TSV and JSON a row at a time as the query gives them; returns the number of rows
        (of triples for a graph). With ``timeout`` / ``max_memory`` the query and the writing run in a
        child process under them (see :meth:`query`); one stopped while writing leaves the text
        written so far, and its error says so.

        >>> import io
        >>> out = io.BytesIO()
        >>> _fixture_kg().write_query("members", out, fmt="csv", date="2010", timeout=30)
        3
        >>> out.getvalue().decode().splitlines()[0]
        'state,role,start,end'
        """
        helper, compute = self._helper_compute(name, params, lazy=True)
        return self._write(compute, helper.text, out, fmt=fmt, lang=lang, width=width, timeout=timeout,
                           max_memory=max_memory)

    def _helper_compute(self, name: str, params: dict, *, lazy: bool = False):
        helper = self.helper(name)
        given = {k: v for k, v in params.items() if v is not None}
        bindings = helper.bindings(given, resolve_entity=self._resolve_for)
        backend = self._backend
        if backend is not None:
            helper.refuse_remote_access()  # not parsed by rdflib on this path: no SERVICE, no FROM
            return helper, lambda: backend.run(helper.text, bindings=bindings, kind=helper.kind, lazy=lazy)
        prepared, dataset = helper.prepared, self.dataset  # parsed and loaded here, kept for later calls
        return helper, lambda: from_rdflib(dataset.query(prepared, initBindings=bindings), lazy=lazy)

    def _write(self, compute, text: str, out, *, fmt: str, lang: str, width: int | None,
               timeout: float | None, max_memory: int | None) -> int:
        from csto_kg.query.render import render_pieces

        labeler = self.labeler(lang=lang)

        def pieces():
            result = compute().in_query_order(text)
            if result.kind == "select" and not isinstance(result.rows, list):
                rows, counted = result.rows, [0]

                def counting():
                    for row in rows:
                        counted[0] += 1
                        yield row

                result.rows = counting()
                yield from render_pieces(result, fmt=fmt, labeler=labeler, width=width)
                return counted[0]
            yield from render_pieces(result, fmt=fmt, labeler=labeler, width=width)
            return len(result)

        from csto_kg.query.pool import stream_limited

        if timeout is None and max_memory is None:
            return stream_limited(pieces, out.write)
        _check_timeout(timeout)
        return stream_limited(pieces, out.write, timeout=timeout, max_memory=_memory_cap(max_memory))

    def panel(self, org: str, *, since: int | str | None = None, until: int | str | None = None,
              states: str = "members", lang: str = "en"):
        """A state-year panel of ``org`` in the Correlates of War IGO coding (``csto-kg panel``).

        One :class:`~csto_kg.query.panel.PanelRow` per state and year: state, state_label,
        year, cow_status, status, certainty, sources; see :func:`csto_kg.query.panel.panel_of`.

        >>> panel = KnowledgeGraph.load().panel("EurAsEC", until=2001)
        >>> [(r.year, r.cow_status, r.status) for r in panel.rows if r.state_label == "Ukraine"]
        [(2000, -9, 'observer or none'), (2001, -9, 'observer or none')]
        >>> {r.certainty for r in panel.rows if r.state_label == "Ukraine"}  # since 2000 (source) or May 2002
        {'uncertain: sources disagree, see the conflicts helper'}
        """
        from csto_kg.query.panel import panel_of

        return panel_of(self, org, since=since, until=until, states=states, lang=lang)

    def check_violations(self) -> dict[str, Result]:
        """Run every ``*-violation`` helper; returns name -> result (empty when fine).

        >>> {name: len(r) for name, r in _fixture_kg().check_violations().items()}
        {'orphan-membership-violation': 0}
        """
        return {h.name: self.query(h.name) for h in self.helpers() if h.is_violation_check}

    def _violation_run(self):
        """:meth:`check_violations` as ``(helper, result)`` pairs, begun now: on a thread of its own
        when the queries run on Oxigraph, which lets go of the interpreter while it evaluates
        (:class:`~csto_kg.validation.background.BackgroundCall`). The query store is filled
        first, here; with no ``*-violation`` helper it is not filled at all (nothing is asked of it).

        >>> import tempfile
        >>> from csto_kg.inputs.fixtures import FIXTURE_DATA, FIXTURE_ONTOLOGY
        >>> kg = KnowledgeGraph.load(ontology=[FIXTURE_ONTOLOGY], data=[FIXTURE_DATA], bundled_data=False,
        ...                          cache=False, queries=tempfile.mkdtemp())
        >>> kg._violation_run().result(), "_backend" in kg.__dict__
        ([], False)
        """
        from csto_kg.validation.background import BackgroundCall

        helpers = self._helpers  # made here, not on the other thread
        if not any(h.is_violation_check for h in helpers.values()):
            return BackgroundCall(list, in_parallel=False, name="csto-kg violation checks")
        in_parallel = getattr(self._backend, "store", None) is not None  # the store filled now, in this thread
        return BackgroundCall(lambda: [(helpers[name], result) for name, result in self.check_violations().items()],
                              in_parallel=in_parallel, name="csto-kg violation checks")

    def sparql(self, text: str, *, timeout: float | None = None, max_memory: int | None = None) -> Result:
        """Run a SELECT/ASK/CONSTRUCT/DESCRIBE query over asserted + inferred triples.

        The text is checked against the query limits and parsed here; with ``timeout``
        and/or ``max_memory`` it is evaluated in a child process killed past them (see
        :meth:`query`).

        >>> _fixture_kg().sparql("ASK { kg:Armenia a csto:MemberState }").answer
        True
        >>> _fixture_kg().sparql("SELECT * WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }", timeout=0.5)
        Traceback (most recent call last):
        ...
        csto_kg.query.pool.QueryTimeout: query stopped after 0.5 s (timeout); its process was killed: simplify the query or allow more time
        """
        compute, refusal = self._sparql_compute(text)
        try:
            result = _limited(compute, timeout, max_memory)
        except QuerySyntaxError as error:
            raise refusal(error) from None
        return result.in_query_order(text)  # the query's order on every backend, whatever the hash seed

    def write_sparql(self, text: str, out, *, fmt: str = "table", lang: str = "en", width: int | None = None,
                     timeout: float | None = None, max_memory: int | None = None) -> int:
        """Write the answer to ``text`` to ``out`` (a binary stream) as :meth:`write_query` does; returns
        the number of rows (of triples for a graph; 1 for ASK).

        >>> import io
        >>> out = io.BytesIO()
        >>> _fixture_kg().write_sparql("SELECT ?s WHERE { ?s a csto:MemberState } ORDER BY ?s LIMIT 2", out, fmt="tsv")
        2
        >>> out.getvalue().decode()
        's\\nArmenia\\nRussia\\n'
        """
        compute, refusal = self._sparql_compute(text, lazy=True)
        try:
            return self._write(compute, text, out, fmt=fmt, lang=lang, width=width, timeout=timeout,
                               max_memory=max_memory)
        except QuerySyntaxError as error:
            raise refusal(error) from None

    def _sparql_compute(self, text: str, *, lazy: bool = False):
        """What evaluates ``text`` (checked here, before any evaluation) and what words a syntax error."""
        from csto_kg.query.safety import check_text, prepare, syntax_refusal  # lazy: rdflib's engine is off the warm path
        from csto_kg.store.oxigraph import OxigraphBackend

        backend = self._backend
        if isinstance(backend, OxigraphBackend):  # checked on the text; Oxigraph's parser reads it
            check_text(text)
            return (lambda: backend.run(text, lazy=lazy)), (lambda error: syntax_refusal(text, error))
        prepared = prepare(text)
        if backend is not None:
            kind = _kind(prepared)
            return (lambda: backend.run(text, kind=kind, lazy=lazy)), (lambda error: error)
        dataset = self.dataset
        return (lambda: from_rdflib(dataset.query(prepared), lazy=lazy)), (lambda error: error)

    # -- entities and labels ----------------------------------------------

    @cached_property
    def _label_graph(self):
        """Where labels are read: the dataset, or the labels fetched from the backend."""
        return self._backend.label_graph() if self._backend is not None else self.dataset

    @cached_property
    def _label_lookup(self):
        """What answers ``objects(iri, label_property)``: the Oxigraph store's index, or the label graph."""
        lookup = getattr(self._backend, "label_lookup", None)
        return lookup() if lookup is not None else self._label_graph

    @cached_property
    def _label_index(self) -> LabelIndex:
        return LabelIndex.from_graph(self._label_graph)

    def resolve(self, text: str, *, option: str = "entity") -> URIRef:
        """The IRI for an IRI, CURIE or label (any language, accents/case ignored).

        An IRI or CURIE that the graph describes is answered without reading every label.

        >>> kg = _fixture_kg()
        >>> kg.resolve("kg:Armenia"), kg.resolve("ARMÉNIE")
        (rdflib.term.URIRef('https://w3id.org/csto-kg/id/Armenia'), rdflib.term.URIRef('https://w3id.org/csto-kg/id/Armenia'))
        """
        direct = direct_iri(text, option=option)
        if direct is not None and self._knows(direct):
            return direct
        return resolve(text, self._label_index, option=option)

    def search(self, text: str, *, limit: int = 50) -> list[URIRef]:
        """The entities whose label in any language contains ``text`` (case and accents ignored), best first.

        >>> kg = _fixture_kg()
        >>> kg.search("armén")[0], kg.search("kg:Armenia")[0] == kg.resolve("Arménie")
        (rdflib.term.URIRef('https://w3id.org/csto-kg/id/Armenia'), True)
        """
        return search(text, self._label_index, limit=limit)

    def _knows(self, iri: URIRef) -> bool:
        """Whether ``iri`` is the subject of some triple."""
        knows = getattr(self._backend, "knows", None)
        if knows is not None:
            return knows(iri)
        return iri in self._label_index.known

    def _resolve_for(self, text: str, option: str) -> URIRef:
        return self.resolve(text, option=option)

    def labeler(self, *, lang: str = "en") -> Labeler:
        """Display labels of IRIs in ``lang`` (fallback en, any, CURIE)."""
        return Labeler(self._label_lookup, lang=lang)

    # -- explanations (csto-kg explain) -------------------------------------

    _files: Sequence = ()

    @cached_property
    def _explainer(self):
        from csto_kg.query.explain import Explainer

        return Explainer(self.dataset, self._files, self.findings)

    def triple(self, subject, predicate, object) -> tuple:  # noqa: A002 - the RDF name
        """The RDF terms of a triple given as text: IRIs, CURIEs, labels (subject, object), ``a``, and a
        literal object in Turtle syntax (:func:`csto_kg.query.explain.read_term`); rdflib terms pass.

        >>> kg = _fixture_kg()
        >>> [t.n3(kg.dataset.namespace_manager) for t in kg.triple("Arménie", "a", "csto:State")]
        ['kg:Armenia', 'rdf:type', 'csto:State']
        >>> kg.triple("kg:CSTO", "csto:foundingDate", '"2002"^^xsd:gYear')[2]
        rdflib.term.Literal('2002', datatype=rdflib.term.URIRef('http://www.w3.org/2001/XMLSchema#gYear'))
        """
        from csto_kg.query.explain import read_term

        terms = []
        for text, position in ((subject, "subject"), (predicate, "predicate"), (object, "object")):
            terms.append(read_term(text, position, resolve=self._resolve_for, known=self._mentions))
        return tuple(terms)

    def _mentions(self, iri: URIRef) -> bool:
        """Whether ``iri`` is in some triple of the graph (in any position)."""
        ds = self.dataset
        return any(True for pattern in ((iri, None, None), (None, iri, None), (None, None, iri))
                   for _ in ds.triples(pattern))

    def explain(self, subject, predicate, object, *, max_depth: int = 12,  # noqa: A002
                timeout: float | None = None):
        """Why the graph holds a triple: its shortest proof (:class:`csto_kg.query.explain.Proof`).

        Terms as for :meth:`triple`. An inferred triple names the OWL 2 RL rule that
        concludes it and the proofs of its premises; an asserted one where it is written and
        the passages it derives from. :class:`~csto_kg.query.explain.NotEntailed` when the
        graph does not hold it; ``timeout`` seconds bound the search.

        >>> proof = _fixture_kg().explain("Armenia", "a", "csto:MemberState")
        >>> proof.rule, [p.rule for p in proof.premises]
        ('cax-eqc2', [None, 'cls-svf1'])
        >>> _fixture_kg().explain("Armenia", "a", "csto:Organization")
        Traceback (most recent call last):
        ...
        csto_kg.query.explain.NotEntailed: kg:Armenia rdf:type csto:Organization is not entailed by the graph
        """
        return self._explainer.explain(self.triple(subject, predicate, object), max_depth=max_depth,
                                       timeout=timeout)

    def explain_all(self, subject, predicate, object, *, max_depth: int = 12, limit: int = 10,  # noqa: A002
                    timeout: float | None = None) -> list:
        """Up to ``limit`` proofs of a triple, one per rule instance that concludes it, shortest first.

        >>> [p.rule for p in _fixture_kg().explain_all("Armenia", "a", "csto:Agent")]
        ['cax-sco', 'prp-rng']
        """
        return self._explainer.explain_all(self.triple(subject, predicate, object), max_depth=max_depth,
                                           limit=limit, timeout=timeout)

    def explain_finding(self, number: int, *, max_depth: int = 12, timeout: float | None = None):
        """Finding ``number`` (1 = the first that ``csto-kg check`` prints) explained: its axiom and
        the triples that clash, each with its proof (:class:`csto_kg.query.explain.FindingExplanation`).

        >>> _fixture_kg().explain_finding(1)
        Traceback (most recent call last):
        ...
        csto_kg.errors.UsageError: no finding 1: the graph has no findings; csto-kg check lists them
        """
        return self._explainer.finding(number, max_depth=max_depth, timeout=timeout)


def validate(*, ontology: Sequence[PathLike] | None = None, data: Sequence[PathLike] = (),
             bundled_data: bool = True, queries: PathLike | None = None,
             cache: bool = True, kg: KnowledgeGraph | None = None, on_stage=None,
             meanwhile=None) -> ValidationReport:
    """Validate the ontology and data the options describe; returns the report.

    The stages in order: the file checks, then (when every file parses) the graph checks
    on what loading and reasoning produced, with the rows of the ``*-violation`` helpers.
    ``kg`` is the already loaded :class:`KnowledgeGraph` of the same options, when the
    caller has it (it is loaded otherwise). Reports are cached (see
    :func:`csto_kg.validation.report_key`). ``on_stage(stage, detail)`` is called as each
    stage starts (``violation checks``, ``check files``, ``graph checks``, ``shacl``). The SHACL
    validation begins before the file checks and runs alongside them on a thread of its own;
    its stage is the wait for its end, and ``on_stage.alongside("shacl", seconds)`` (when the
    callback has that method) is told its whole time. ``meanwhile()``, when given, is called
    while that validation finishes, once the other checks are done: work the caller needs once
    the data is known valid (the text of an output), done on the first core instead of waiting;
    it is not called when the report is read from the cache, a file is unusable, or the shapes
    are checked in line. Its time counts in the validation's budget (``--max-seconds``).

    >>> from csto_kg.inputs.fixtures import FIXTURE_ONTOLOGY, FIXTURE_DATA, FIXTURE_QUERIES
    >>> report = validate(ontology=[FIXTURE_ONTOLOGY], data=[FIXTURE_DATA], bundled_data=False,
    ...                   queries=FIXTURE_QUERIES, cache=False)
    >>> report.summary(), report.exit_code
    ('0 errors, 0 warnings in 3 files', <ExitCode.OK: 0>)
    """
    from csto_kg import validation
    from csto_kg.inputs.budgets import time_limit

    files = discover(ontology=ontology, data=data, bundled_data=bundled_data)
    shapes = validation.shapes_file(ontology)
    checks = [h for h in load_helpers(queries).values() if h.is_violation_check]
    key = validation.report_key(files, shapes, [(h.name, h.text) for h in checks]) if cache else None
    if key:
        cached = validation.read_report(key, files, shapes)
        if cached is not None:
            return cached
    stage = on_stage or (lambda stage, detail=None: None)
    if kg is None:
        try:
            kg = KnowledgeGraph.load(ontology=ontology, data=data, bundled_data=bundled_data,
                                     cache=cache, queries=queries, on_stage=on_stage)
        except InputRefused:
            raise
        except LoadError:  # a file that does not parse: the file checks say where and why
            with time_limit("validation"):
                stage("check files", f"checking {len(files)} files")
                results = validation.check_files(files)
                if not any(r.fatal for r in results):
                    raise
                report = validation.report_for(files, results, shapes)
            if key:
                validation.write_report(key, report, files, shapes)
            return report
    # every file parsed: each file's triples are taken from what loading made, not parsed again
    with time_limit("validation"):  # --max-seconds, as for parsing and reasoning
        assembled = kg._assembled_or_equivalent(files)
        shacl = validation.start_shacl(assembled, shapes)  # on a second core, alongside the checks below
        stage("violation checks", f"running {len(checks)} violation checks")
        violations = kg._violation_run()  # the query store filled first; on Oxigraph, on a thread of their own
        stage("check files", f"checking {len(files)} files")
        results = validation.check_files(files, assembled=assembled)
        if any(r.fatal for r in results):
            report = validation.report_for(files, results, shapes)
        else:
            report = validation.report_for(files, results, shapes, assembled=assembled,
                                           reasoning_findings=kg.findings, violations=violations,
                                           on_stage=on_stage or stage, shacl=shacl, meanwhile=meanwhile)
    if key:
        validation.write_report(key, report, files, shapes)
    return report


def require_valid(**options) -> ValidationReport:
    """Validate (same options as :func:`validate`); raise :class:`~csto_kg.validation.DataRejected` on errors."""
    from csto_kg.validation import DataRejected

    report = validate(**options)
    if report.errors:
        raise DataRejected(report)
    return report


def _has_violation_checks(queries: PathLike | None) -> bool:
    """Whether the helpers of ``queries`` (default: the bundled ones) include a ``*-violation`` check
    (False for a folder that is not there: that error is given where a helper is first asked for)."""
    try:
        return any(h.is_violation_check for h in load_helpers(queries).values())
    except UsageError:
        return False


def _limited(compute, timeout: float | None, max_memory: int | None) -> Result:
    """``compute()`` here, or under ``timeout`` / ``max_memory`` in a child process."""
    if timeout is None and max_memory is None:
        return compute()
    from csto_kg.query.pool import run_limited

    _check_timeout(timeout)
    return run_limited(compute, timeout=timeout, max_memory=_memory_cap(max_memory))


def _check_timeout(timeout) -> None:
    if timeout is not None and not (isinstance(timeout, (int, float)) and timeout > 0):
        raise UsageError(f"timeout: expected a positive number of seconds, got {timeout!r}")


def _memory_cap(max_memory: int | None) -> int:
    """``max_memory`` checked, or the budget's (``--max-memory``, ``$CSTO_KG_MAX_MEMORY``)."""
    from csto_kg.reasoning.budgets import Budget

    if max_memory is not None and not (isinstance(max_memory, int) and max_memory > 0):
        raise UsageError(f"max_memory: expected a positive number of bytes, got {max_memory!r}")
    return max_memory if max_memory is not None else Budget.from_options().max_memory


ENGINES = ("oxigraph", "rdflib")


def _check_engine(engine: str) -> str:
    if engine not in ENGINES:
        raise UsageError(f"unknown query engine {engine!r}; use one of: {', '.join(ENGINES)}")
    return engine


def _kind(prepared) -> str:
    """``graph`` for CONSTRUCT/DESCRIBE, else ``table`` (how a backend should ask for the answer)."""
    return "graph" if prepared.algebra.name in ("ConstructQuery", "DescribeQuery") else "table"


def _fixture_kg() -> KnowledgeGraph:
    """The test fixture graph (used by doctests)."""
    from csto_kg.inputs.fixtures import FIXTURE_DATA, FIXTURE_ONTOLOGY, FIXTURE_QUERIES

    return KnowledgeGraph.load(ontology=[FIXTURE_ONTOLOGY], data=[FIXTURE_DATA],
                               bundled_data=False, cache=False, queries=FIXTURE_QUERIES)
