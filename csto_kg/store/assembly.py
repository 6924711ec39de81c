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
from csto_kg.inputs.loading import load_files, new_dataset
from csto_kg.namespaces import INFERRED_GRAPH


class Assembled:
    """The reasoned knowledge graph and facts about how it was made.

    ``dataset`` is the rdflib Dataset (one named graph per input file plus the inferred
    graph). Read from the cache (``table``: the payload's term table and integer quads,
    decoded once), it is built only when first asked for: the query engine is filled
    straight from the table (:meth:`oxigraph_quads`).
    """

    def __init__(self, dataset: Dataset | None, files: Sequence[InputFile], asserted: int, inferred: int,
                 seconds: float, findings: Sequence[Finding] = (), cache_status: str = "off", *,
                 table: tuple | None = None):
        if dataset is None and table is None:
            raise ValueError("an Assembled graph needs a dataset or a decoded cache table")
        self._dataset, self._table = dataset, table
        self._quads: list | None = None  # the pyoxigraph quads, once made
        self.files = list(files)
        self.asserted, self.inferred = asserted, inferred
        self.seconds = seconds  # reasoning time (as measured when the cache was built)
        self.findings = list(findings)
        self.cache_status = cache_status  # off | hit | miss | damaged

    @property
    def dataset(self) -> Dataset:
        if self._dataset is None:
            dataset = new_dataset()
            build_into(*self._table, dataset)
            self._dataset = dataset
        return self._dataset

    def oxigraph_quads(self) -> list:
        """Every quad as a pyoxigraph Quad (from the payload when the Dataset is not decoded).

        Made once: the query store and the closure writer both read it.
        """
        if self._quads is None:
            from csto_kg.store.oxigraph import quads_from_dataset, quads_from_table

            if self._dataset is None:
                self._quads = quads_from_table(*self._table)
            else:
                self._quads = list(quads_from_dataset(self._dataset))
        return self._quads


def assemble(files: Sequence[InputFile], *, cache: bool = True, reasoner: str = "rl",
             budget=None, progress=None, on_stage=None) -> Assembled:
    """Load and reason over ``files``, or read the result from the cache.

    ``reasoner`` (``rl`` or ``owlrl``), ``budget`` and ``progress`` go to
    :func:`csto_kg.reasoning.infer`; ``on_stage(stage, detail)`` is called as each
    stage starts (``parse``, ``reason``, ``cache``).
    """
    files = list(files)
    stage = on_stage or _silent
    options = {"reasoner": reasoner, "budget": budget, "progress": progress, "stage": stage}
    if not cache:
        return _build(files, status="off", **options)
    stage("cache", "reading the cache")
    key = kg_cache.cache_key(files, reasoner=reasoner)
    status, entry = kg_cache.read(key)
    if entry is not None:
        table = decode_table(entry.payload)
        if len(table[1]) // 4 == entry.quads:
            return Assembled(None, files, entry.asserted, entry.inferred,
                             entry.seconds, entry.findings, "hit", table=table)
        status = "damaged"
    built = _build(files, status=status, **options)
    stage("cache", "writing the cache")
    _store(key, built)
    return built


def _silent(stage: str, detail: str | None = None) -> None:
    return None


def _build(files: list[InputFile], *, status: str, reasoner: str = "rl", budget=None,
           progress=None, stage=_silent) -> Assembled:
    from csto_kg.reasoning import infer  # lazy: keeps the reasoners off the warm path

    stage("parse", f"parsing {len(files)} files")
    dataset = load_files(files)
    asserted = len(dataset)
    stage("reason", f"reasoning over {asserted} triples ({reasoner})")
    inference = infer(dataset, reasoner=reasoner, budget=budget, progress=progress)
    inferred_graph = dataset.graph(INFERRED_GRAPH)
    for triple in inference.triples:
        inferred_graph.add(triple)
    return Assembled(dataset, files, asserted, len(inference.triples),
                     inference.seconds, inference.findings, status)


def _store(key: str, built: Assembled) -> None:
    quads = ((s, p, o, g) for s, p, o, g in built.dataset.quads((None, None, None, None)))
    payload, count = encode(quads)
    kg_cache.write(key, kg_cache.CacheEntry(payload, count, built.asserted, built.inferred,
                                            built.seconds, built.findings))
