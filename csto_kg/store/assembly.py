"""Put the knowledge graph together: load, reason, cache.

:func:`assemble` returns the Dataset with one named graph per input file plus
the inferred graph, using the on-disk cache when it can.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Sequence

from rdflib import Dataset

from csto_kg.store import cache as kg_cache
from csto_kg.reasoning.dataset_codec import decode_into, encode
from csto_kg.reasoning.findings import Finding
from csto_kg.inputs.files import InputFile
from csto_kg.inputs.loading import load_files, new_dataset
from csto_kg.namespaces import INFERRED_GRAPH


@dataclass
class Assembled:
    """The reasoned knowledge graph and facts about how it was made."""

    dataset: Dataset
    files: list[InputFile]
    asserted: int
    inferred: int
    seconds: float  # reasoning time (as measured when the cache was built)
    findings: list[Finding] = field(default_factory=list)
    cache_status: str = "off"  # off | hit | miss | damaged


def assemble(files: Sequence[InputFile], *, cache: bool = True, reasoner: str = "rl",
             budget=None, progress=None) -> Assembled:
    """Load and reason over ``files``, or read the result from the cache.

    ``reasoner`` (``rl`` or ``owlrl``), ``budget`` and ``progress`` go to
    :func:`csto_kg.reasoning.infer`.
    """
    files = list(files)
    options = {"reasoner": reasoner, "budget": budget, "progress": progress}
    if not cache:
        return _build(files, status="off", **options)
    key = kg_cache.cache_key(files, reasoner=reasoner)
    status, entry = kg_cache.read(key)
    if entry is not None:
        dataset = new_dataset()
        if decode_into(entry.payload, dataset) == entry.quads:
            return Assembled(dataset, files, entry.asserted, entry.inferred,
                             entry.seconds, entry.findings, "hit")
        status = "damaged"
    built = _build(files, status=status, **options)
    _store(key, built)
    return built


def _build(files: list[InputFile], *, status: str, reasoner: str = "rl", budget=None,
           progress=None) -> Assembled:
    from csto_kg.reasoning import infer  # lazy: keeps the reasoners off the warm path

    dataset = load_files(files)
    asserted = len(dataset)
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
