"""Put the knowledge graph together: load, reason, cache.

:func:`assemble` returns the Dataset with one named graph per input file plus
the inferred graph, using the on-disk cache when it can.
"""

from __future__ import annotations

from typing import Sequence

from rdflib import Dataset

from csto_kg.store import cache as kg_cache
from csto_kg.reasoning.dataset_codec import build_into, decode_table, encode
from csto_kg.reasoning.findings import Finding
from csto_kg.inputs.files import InputFile
from csto_kg.inputs.loading import ParsedFile, dataset_of, new_dataset, oxigraph_quads_of, parse_files
from csto_kg.namespaces import INFERRED_GRAPH


class Assembled:
    """The reasoned knowledge graph and facts about how it was made.

    Built here, it holds what parsing made of each file (:class:`~csto_kg.inputs.loading.ParsedFile`:
    rdflib triples and pyoxigraph quads) and the inferred triples; read from the cache, the
    payload's term table and integer quads (``table``, decoded once). The rdflib
    :attr:`dataset` (one named graph per input file plus the inferred graph) is built only
    when first asked for: the query store, the closure writer and the checks read
    :meth:`oxigraph_quads` and :attr:`parsed` instead.
    """

    def __init__(self, dataset: Dataset | None, files: Sequence[InputFile], asserted: int, inferred: int,
                 seconds: float, findings: Sequence[Finding] = (), cache_status: str = "off", *,
                 table=None, parsed: Sequence[ParsedFile] | None = None,
                 inferred_triples=None, nquads: bytes = b"", native: bool = False, reasoned_ids=None,
                 store_filling=None):
        if dataset is None and table is None and parsed is None and not (nquads and native):
            raise ValueError("an Assembled graph needs a dataset, parsed files, a decoded cache table "
                             "or the N-Quads of natively parsed inputs")
        self._dataset = dataset
        # the cache's term table: decoded (a tuple) or a function that decodes it, on first use
        self._table_or_loader = table
        self._nquads: str | None = None  # the N-Quads text of every quad, once written
        self.cached_nquads = nquads  # from the cache: N-Quads text Oxigraph loads without Python terms
        self._native = native  # from the cache: whether Oxigraph parsed every input when it was built
        self.parsed = list(parsed) if parsed is not None else None
        self._inferred_triples = inferred_triples
        # built here by the fast reasoner: the same graph as integer ids (reasoning.ReasonedIds)
        self.reasoned_ids = reasoned_ids
        self._quads: list | None = None  # the pyoxigraph quads, once made
        # the parsed quads going into a query store since parsing (store.oxigraph.StoreFilling)
        self._store_filling = store_filling
        self.files = list(files)
        self.asserted, self.inferred = asserted, inferred
        self.seconds = seconds  # reasoning time (as measured when the cache was built)
        self.findings = list(findings)
        self.cache_status = cache_status  # off | hit | miss | damaged

    @property
    def dataset(self) -> Dataset:
        if self._dataset is None:
            if self.parsed is not None:
                dataset = dataset_of(self.parsed)
                inferred = dataset.graph(INFERRED_GRAPH)
                inferred.addN((s, p, o, inferred) for s, p, o in self._inferred_triples)
            elif self._table is None:  # a cache of natively parsed inputs holds their N-Quads only
                from csto_kg.store.oxigraph import read_dataset

                dataset = read_dataset(self._cached_quads())
            else:
                dataset = new_dataset()
                build_into(*self._table, dataset)
            self._dataset = dataset
        return self._dataset

    @property
    def _table(self) -> tuple:
        if callable(self._table_or_loader):
            self._table_or_loader = self._table_or_loader()
        return self._table_or_loader

    def rdflib_quads(self):
        """Every ``(s, p, o, graph name)`` as rdflib terms, without building the Dataset."""
        if self.parsed is None:
            for s, p, o, g in self.dataset.quads((None, None, None, None)):
                yield s, p, o, getattr(g, "identifier", g)
            return
        for entry in self.parsed:
            name = entry.input_file.graph
            for s, p, o in entry.triples:
                yield s, p, o, name
        for s, p, o in self._inferred_triples:
            yield s, p, o, INFERRED_GRAPH

    def file_triples(self, input_file: InputFile):
        """The asserted triples of one input file (as parsed, or from the Dataset)."""
        if self.parsed is not None:
            for entry in self.parsed:
                if entry.input_file.graph == input_file.graph:
                    return entry.triples
        return self.dataset.graph(input_file.graph)

    def oxigraph_quads(self) -> list:
        """Every quad as a pyoxigraph Quad, made once (the query store and the closure writer read it).

        Parsed here: the parser's own quads plus the inferred triples converted once; from the
        cache: built from the payload's term table. ``ValueError`` when Oxigraph refuses a term.
        """
        if self._quads is None:
            from csto_kg.store.oxigraph import quads_from_dataset, quads_from_table

            if self.parsed is not None:
                self._quads = _quads_of_parsed(self.parsed, self._inferred_triples)
            elif self._dataset is None and self._table is None:
                self._quads = self._cached_quads()
            elif self._dataset is None:
                self._quads = quads_from_table(*self._table)
            else:
                self._quads = list(quads_from_dataset(self._dataset))
        return self._quads


    def query_store(self):
        """A new in-memory pyoxigraph Store holding every quad (:meth:`oxigraph_quads`): the one
        filled with the asserted quads since parsing when there is one (``assemble(...,
        fill_store=True)``), the inferred quads added now. ``ValueError`` as for :meth:`oxigraph_quads`.

        >>> from csto_kg.inputs.fixtures import FIXTURE_ONTOLOGY, FIXTURE_DATA
        >>> from csto_kg.inputs.files import discover
        >>> files = discover(ontology=[FIXTURE_ONTOLOGY], data=[FIXTURE_DATA], bundled_data=False)
        >>> early, late = assemble(files, cache=False, fill_store=True), assemble(files, cache=False)
        >>> set(early.query_store()) == set(late.query_store()) == set(late.oxigraph_quads())
        True
        """
        from csto_kg.store.oxigraph import memory_store

        filling, self._store_filling = self._store_filling, None  # given once (and let go on an error)
        quads = self.oxigraph_quads()
        if filling is not None:
            return filling.store(quads[sum(len(entry.quads) for entry in self.parsed):])
        return memory_store(quads)

    def _cached_quads(self) -> list:
        """The quads of the cached N-Quads text, parsed by Oxigraph (the text it wrote from the
        parser's own terms, so each lexical form and blank node label comes back as it was)."""
        import pyoxigraph as ox

        return list(ox.parse(self.cached_nquads, format=ox.RdfFormat.N_QUADS))

    def nquads(self) -> str:
        """Every quad as N-Quads text, written once by Oxigraph (the SHACL engine and the closure
        writer read it). ``ValueError`` as for :meth:`oxigraph_quads`."""
        if self._nquads is None and self.parsed is None and self.cached_nquads:
            self._nquads = self.cached_nquads.decode("utf-8")  # what was written when the cache was built
        if self._nquads is None:
            import pyoxigraph as ox

            self._nquads = ox.serialize(self.oxigraph_quads(), format=ox.RdfFormat.N_QUADS).decode("utf-8")
        return self._nquads

    @property
    def natively_parsed(self) -> bool:
        """Whether Oxigraph parsed every input file (so its quads carry every lexical form as written);
        read from the cache, whether it did when the cache was built (so a command writes the same
        bytes from the cache as without it)."""
        if self.parsed is None:
            return self._native and bool(self.cached_nquads)
        return all(p.native for p in self.parsed)


def _quads_of_parsed(parsed: Sequence[ParsedFile], inferred) -> list:
    quads: list = []
    for entry in parsed:
        if entry.quads is None:
            raise ValueError(f"{entry.input_file.display}: a term that Oxigraph refuses")
        quads += entry.quads
    known: dict = {}
    for entry in parsed:
        known.update(entry.terms or ())
    inferred_quads = oxigraph_quads_of(inferred, INFERRED_GRAPH, known)
    if inferred_quads is None:  # a generalised triple (a blank node as predicate...)
        raise ValueError("an inferred triple that Oxigraph cannot hold")
    return quads + inferred_quads


def assemble(files: Sequence[InputFile], *, cache: bool = True, reasoner: str = "rl",
             budget=None, progress=None, on_stage=None, fill_store: bool = False) -> Assembled:
    """Load and reason over ``files``, or read the result from the cache.

    ``reasoner`` (``rl`` or ``owlrl``), ``budget`` and ``progress`` go to
    :func:`csto_kg.reasoning.infer`; ``on_stage(stage, detail)`` is called as each
    stage starts (``parse``, ``reason``, ``cache``). ``fill_store``: a query store will be
    asked for (:meth:`Assembled.query_store`), so when the files are parsed here its asserted
    quads go into it on a second core while the reasoner runs (at 100k synthetic triples,
    about 0.1 s of a 2.1 s ``reason``; the store is held from parsing on, so the peak memory
    grows: 3.08 -> 3.30 GB at 1M).
    """
    files = list(files)
    stage = on_stage or _silent
    options = {"reasoner": reasoner, "budget": budget, "progress": progress, "stage": stage,
               "fill_store": fill_store}
    if not cache:
        return _build(files, status="off", **options)
    stage("cache", "reading the cache")
    key = kg_cache.cache_key(files, reasoner=reasoner)
    status, entry = kg_cache.read(key)
    if entry is not None:  # its checksum matched: the table is decoded when first needed
        payload = entry.payload
        table = (lambda: decode_table(payload)) if payload else None  # none beside native N-Quads
        return Assembled(None, files, entry.asserted, entry.inferred, entry.seconds, entry.findings,
                         "hit", table=table, nquads=entry.nquads, native=entry.native)
    built = _build(files, status=status, **options)
    stage("cache", "writing the cache")
    _store(key, built)
    return built


def _silent(stage: str, detail: str | None = None) -> None:
    return None


def _build(files: list[InputFile], *, status: str, reasoner: str = "rl", budget=None,
           progress=None, stage=_silent, fill_store: bool = False) -> Assembled:
    from csto_kg.reasoning import infer_parsed  # lazy: keeps the reasoners off the warm path

    stage("parse", f"parsing {len(files)} files")
    parsed = parse_files(files)
    filling = None
    if fill_store and all(entry.quads is not None for entry in parsed):
        from csto_kg.store.oxigraph import StoreFilling

        filling = StoreFilling([quad for entry in parsed for quad in entry.quads])
    stage("reason", f"reasoning over {sum(len(p) for p in parsed)} triples ({reasoner})")
    inference = infer_parsed([p.triples for p in parsed], reasoner=reasoner, budget=budget,
                             progress=progress, dataset=lambda: dataset_of(parsed))
    return Assembled(None, files, inference.asserted, len(inference.triples), inference.seconds,
                     inference.findings, status, parsed=parsed, inferred_triples=inference.triples,
                     reasoned_ids=inference.ids, store_filling=filling)


def _store(key: str, built: Assembled) -> None:
    try:
        nquads = built.nquads().encode("utf-8")
    except ValueError:  # a term Oxigraph refuses: the query engine is rdflib's (see KnowledgeGraph)
        nquads = b""
    native = bool(nquads) and built.natively_parsed
    if native:  # Oxigraph's text of the parser's own terms gives every term back: no term table
        payload, count = b"", len(built.oxigraph_quads())
    else:
        payload, count = encode(built.rdflib_quads())
    kg_cache.write(key, kg_cache.CacheEntry(payload, count, built.asserted, built.inferred,
                                            built.seconds, built.findings, nquads=nquads, native=native))
