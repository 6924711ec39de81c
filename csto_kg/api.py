"""Python API: a small typed facade over loading, reasoning and querying.

>>> from csto_kg import KnowledgeGraph
>>> from csto_kg.fixtures import FIXTURE_ONTOLOGY, FIXTURE_DATA, FIXTURE_QUERIES
>>> kg = KnowledgeGraph.load(ontology=[FIXTURE_ONTOLOGY], data=[FIXTURE_DATA],
...                          bundled_data=False, cache=False, queries=FIXTURE_QUERIES)
>>> kg.resolve("Ouzbekistan")
rdflib.term.URIRef('https://w3id.org/csto-kg/id/Uzbekistan')
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any, Sequence

from rdflib import Dataset, Graph, URIRef

from .assembly import Assembled, assemble
from .entities import LabelIndex, resolve
from .findings import Finding
from .helpers import Helper, find_helper, load_helpers
from .inputs import discover
from .namespaces import INFERRED_GRAPH, bind_prefixes
from .query_safety import prepare
from .render import Labeler
from .results import Result, from_rdflib

PathLike = str | os.PathLike


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

    def __init__(self, assembled: Assembled, *, queries: PathLike | None = None):
        self._assembled = assembled
        self._queries = queries

    @classmethod
    def load(cls, *, ontology: Sequence[PathLike] | None = None, data: Sequence[PathLike] = (),
             bundled_data: bool = True, cache: bool = True,
             queries: PathLike | None = None) -> "KnowledgeGraph":
        """Load (or read from the cache) the ontology, data and inferred triples.

        ``ontology`` replaces the bundled ontology, ``data`` adds files or
        folders to the bundled data, ``queries`` replaces the bundled helpers.

        >>> from csto_kg.fixtures import FIXTURE_ONTOLOGY, FIXTURE_DATA
        >>> kg = KnowledgeGraph.load(ontology=[FIXTURE_ONTOLOGY], data=[FIXTURE_DATA],
        ...                          bundled_data=False, cache=False)
        >>> kg.reason().inferred > 0
        True
        """
        files = discover(ontology=ontology, data=data, bundled_data=bundled_data)
        return cls(assemble(files, cache=cache), queries=queries)

    @property
    def dataset(self) -> Dataset:
        """rdflib Dataset: one named graph per input file plus the inferred graph."""
        return self._assembled.dataset

    @property
    def findings(self) -> list[Finding]:
        return list(self._assembled.findings)

    def reason(self) -> ReasoningReport:
        """Counts and findings of the reasoning behind this graph.

        >>> kg = _fixture_kg()
        >>> report = kg.reason()
        >>> report.total == report.asserted + report.inferred, report.consistent
        (True, True)
        """
        a = self._assembled
        return ReasoningReport(a.asserted, a.inferred, a.seconds, list(a.findings), a.cache_status)

    def closure(self) -> Graph:
        """A plain Graph of asserted + inferred triples (the filtered closure)."""
        graph = Graph()
        bind_prefixes(graph.namespace_manager)
        for context in self.dataset.graphs():
            graph += context
        return graph

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

    def query(self, name: str, **params: Any) -> Result:
        """Run helper ``name``; parameters by name (text, or rdflib terms / Python values).

        >>> result = _fixture_kg().query("members", date="2010")
        >>> result.columns
        ['state', 'role', 'start', 'end']
        >>> sorted(str(r["state"]).rsplit("/", 1)[1] for r in result.rows)
        ['Armenia', 'Russia', 'Uzbekistan']
        """
        helper = self.helper(name)
        given = {k: v for k, v in params.items() if v is not None}
        bindings = helper.bindings(given, resolve_entity=self._resolve_for)
        return from_rdflib(self.dataset.query(helper.prepared, initBindings=bindings))

    def check_violations(self) -> dict[str, Result]:
        """Run every ``*-violation`` helper; returns name -> result (empty when fine).

        >>> {name: len(r) for name, r in _fixture_kg().check_violations().items()}
        {'orphan-membership-violation': 0}
        """
        return {h.name: self.query(h.name) for h in self.helpers() if h.is_violation_check}

    def sparql(self, text: str) -> Result:
        """Run a SELECT/ASK/CONSTRUCT/DESCRIBE query over asserted + inferred triples.

        >>> _fixture_kg().sparql("ASK { kg:Armenia a csto:MemberState }").answer
        True
        """
        return from_rdflib(self.dataset.query(prepare(text)))

    # -- entities and labels ----------------------------------------------

    @cached_property
    def _label_index(self) -> LabelIndex:
        return LabelIndex.from_graph(self.dataset)

    def resolve(self, text: str, *, option: str = "entity") -> URIRef:
        """The IRI for an IRI, CURIE or label (any language, accents/case ignored)."""
        return resolve(text, self._label_index, option=option)

    def _resolve_for(self, text: str, option: str) -> URIRef:
        return self.resolve(text, option=option)

    def labeler(self, *, lang: str = "en") -> Labeler:
        """Display labels of IRIs in ``lang`` (fallback en, any, CURIE)."""
        return Labeler(self.dataset, lang=lang)


def _fixture_kg() -> KnowledgeGraph:
    """The test fixture graph (used by doctests)."""
    from .fixtures import FIXTURE_DATA, FIXTURE_ONTOLOGY, FIXTURE_QUERIES

    return KnowledgeGraph.load(ontology=[FIXTURE_ONTOLOGY], data=[FIXTURE_DATA],
                               bundled_data=False, cache=False, queries=FIXTURE_QUERIES)
