"""Run the SHACL shapes (``shapes.ttl``) and turn the results into findings.

The engine is pyshacl-turbo (``ENGINE``): SHACL core and SHACL-SPARQL in Rust,
with pySHACL's API and report graph, 40-100x faster than pySHACL here (README,
Validation; ``benchmarks/shacl_engines.py``). pySHACL stays the oracle
(``engine="pyshacl"``, a test dependency): ``tests/test_shacl_engines.py`` checks
that both give the same findings on the invalid corpus and the bundled data.
The data graph handed to the engine is the reasoned graph (asserted + inferred),
so it runs with ``inference="none"``. ``advanced=True`` enables SPARQL-based targets.
"""

from __future__ import annotations


from rdflib import BNode, Graph, URIRef
from rdflib.namespace import SH

from csto_kg.errors import excerpt
from csto_kg.reasoning.findings import ERROR, WARNING, Finding
from csto_kg.validation.graph_checks import short
from csto_kg.inputs.locations import Locator

SHAPES_NS = "https://w3id.org/csto-kg/shapes#"
ENGINE = "pyshacl-turbo"  # the distribution; "pyshacl" is the oracle
ENGINES = (ENGINE, "pyshacl")


def shacl_findings(data, shapes: Graph, locator: Locator, *, asserted,
                   engine: str = ENGINE) -> list[Finding]:
    """Validate ``data`` against ``shapes``; one finding per SHACL result, located.

    ``data`` is an rdflib Graph, or the reasoned graph itself (an object with
    ``oxigraph_quads()`` and ``rdflib_quads()``, such as :class:`~csto_kg.store.assembly.Assembled`),
    which is handed to the engine without a copy in rdflib. ``asserted`` (a Graph, or a
    function that makes it) is used to name a blank focus node by the IRI pointing to it.

    >>> from rdflib import Graph
    >>> shapes = Graph().parse(data='''@prefix sh: <http://www.w3.org/ns/shacl#> .
    ... [] a sh:NodeShape ; sh:targetNode <http://x/a> ; sh:property [ sh:path <http://x/p> ; sh:minCount 1 ] .''')
    >>> data = Graph().parse(data="<http://x/a> <http://x/q> 1 .")
    >>> [f.render_line() for f in shacl_findings(data, shapes, Locator([]), asserted=data)]
    ['ERROR -: Less than 1 values on <http://x/a>-><http://x/p> (<http://x/a>; sh:minCount <http://x/p>)']
    """
    return findings_of_report(shacl_report(data, shapes, engine=engine), shapes, locator, asserted=asserted)


def findings_of_report(report: Graph, shapes: Graph, locator: Locator, *, asserted) -> list[Finding]:
    """One finding per result of the SHACL validation ``report`` of ``shapes`` (see :func:`shacl_findings`)."""
    findings = []
    made: list = []

    def asserted_graph() -> Graph:
        if not made:
            made.append(asserted() if callable(asserted) else asserted)
        return made[0]

    for result in report.subjects(SH.resultSeverity, None):
        findings.append(_finding(report, result, shapes, locator, asserted_graph))
    return findings


class ShaclRun:
    """The SHACL validation of ``data`` against ``shapes``, begun when made.

    With the native engine and the reasoned graph as its own input (N-Quads text, see
    :func:`_native_input`), the validation runs on a thread of its own: pyshacl-turbo lets go
    of the interpreter while it validates, so the other checks go on meanwhile on a second
    core. Otherwise (a Graph, the pySHACL oracle, a term Oxigraph refuses) it runs when its
    report is first asked for, as :func:`shacl_report` does. :meth:`findings` waits for it and
    gives the findings :func:`shacl_findings` gives; an error of the engine is raised there.
    ``seconds`` is how long the validation took in all, once it is done.

    >>> shapes = Graph().parse(data="@prefix sh: <http://www.w3.org/ns/shacl#> . "
    ...     "[] a sh:NodeShape ; sh:targetNode <http://x/a> ; sh:property [ sh:path <http://x/p> ; sh:minCount 1 ] .")
    >>> run = ShaclRun(Graph().parse(data="<http://x/a> <http://x/q> 1 ."), shapes)
    >>> [f.code for f in run.findings(Locator([]), asserted=Graph())], run.seconds >= 0
    (['shacl'], True)
    """

    def __init__(self, data, shapes: Graph, *, engine: str = ENGINE):
        from csto_kg.validation.background import BackgroundCall

        self.data, self.shapes, self.engine = data, shapes, engine
        native = _native_input(data, shapes) if engine == ENGINE and not isinstance(data, Graph) else None
        # the native input is made in this thread: its quads and text are shared with the store
        if native is None:
            compute = lambda: shacl_report(data, shapes, engine=engine)  # noqa: E731
        else:
            compute = lambda: _engine_report(native, shapes, engine)  # noqa: E731
        self._call = BackgroundCall(compute, in_parallel=native is not None, name="csto-kg SHACL")

    @property
    def in_parallel(self) -> bool:
        """Whether the validation runs (or ran) on a thread of its own."""
        return self._call.in_parallel

    @property
    def seconds(self) -> float | None:
        """How long the validation took in all, once it is done."""
        return self._call.seconds

    def report(self) -> Graph:
        """The validation report graph, once the validation is done."""
        return self._call.result()

    def findings(self, locator: Locator, *, asserted) -> list[Finding]:
        """The findings of the report (:func:`findings_of_report`), once the validation is done."""
        return findings_of_report(self.report(), self.shapes, locator, asserted=asserted)


def _options(shapes: Graph) -> dict:
    return dict(shacl_graph=shapes, inference="none", advanced=True, allow_warnings=True,
                abort_on_first=False)


def _engine_report(native, shapes: Graph, engine: str) -> Graph:
    """The report of the native engine on its own input (:func:`_native_input`)."""
    from pyshacl_turbo import validate

    from csto_kg.inputs.lexical import keep_lexical_forms

    with keep_lexical_forms():
        return validate(native, **_options(shapes))[1]


def shacl_report(data, shapes: Graph, *, engine: str = ENGINE) -> Graph:
    """The SHACL validation report graph of ``data`` (see :func:`shacl_findings`) by ``engine``."""
    from csto_kg.inputs.lexical import keep_lexical_forms

    options = _options(shapes)
    if engine == "pyshacl":
        from pyshacl import validate  # lazy: only the validator needs it
    elif engine == ENGINE:
        from pyshacl_turbo import validate
    else:
        raise ValueError(f"unknown SHACL engine {engine!r} (one of {', '.join(ENGINES)})")
    with keep_lexical_forms():  # pyshacl switches rdflib's literal normalisation back on when done
        if not isinstance(data, Graph):
            native = _native_input(data, shapes) if engine == ENGINE else None
            if native is not None:
                return _engine_report(native, shapes, engine)
            data = _graph_of(data)
        try:
            return validate(data, **options)[1]
        except ValueError:
            if engine == "pyshacl":
                raise
        # the native parser refuses a term rdflib kept (an IRI with a space, a language tag
        # longer than 8 letters), already a located finding of the file checks: check the rest
        return validate(native_terms_only(data), **options)[1]


def _native_input(reasoned, shapes: Graph | None = None):
    """The reasoned graph as pyshacl-turbo's own input. Just reasoned over Oxigraph-parsed files:
    the fast reasoner's integer triples and term table as the engine's typed term records
    (:func:`term_records`; nothing converted or written out), only the triples whose predicate
    ``shapes`` can read when that can be told (:func:`~csto_kg.validation.shape_reads.read_predicates`:
    the engine's time goes mostly to indexing its input). Otherwise its quads as N-Quads text,
    written once by Oxigraph from the quads already made. Lexical forms are kept either way (an
    Oxigraph *store* would turn ``xsd:nonNegativeInteger`` values into ``xsd:integer``). None when
    neither is possible (a term Oxigraph refuses, or a pyshacl-turbo without these input types):
    the Graph path is taken. The union of the named graphs is validated, as of a Graph."""
    try:
        from pyshacl_turbo.rdf import Input
    except ImportError:
        return None
    ids, parsed = reasoned.reasoned_ids, reasoned.parsed
    if ids is not None and parsed is not None and all(p.quads is not None for p in parsed):
        from csto_kg.validation.shape_reads import read_predicates

        reads = read_predicates(shapes) if shapes is not None else None
        return Input(term_records(ids, predicates=reads), "terms", None, {}, preserve_ids=True)
    try:
        text = reasoned.nquads()
    except ValueError:
        return None
    return Input(text, "nquads", None, {}, preserve_ids=True)


_UNUSED = (0, "urn:csto-kg:unused", None, None)  # record 0: no term has id 0


def term_records(ids, *, predicates=None) -> tuple[list, list]:
    """pyshacl-turbo's typed input, ``(records, quads)``, of a :class:`~csto_kg.reasoning.inference.ReasonedIds`:
    a record ``(kind, value, datatype, language)`` per term of the reasoner's table (0 IRI, 1 blank
    node, 2 literal with its lexical form as written) and each triple as record indexes in the
    default graph. Node ids are their own index; literal id ``-j`` comes after the nodes.
    ``predicates`` (IRIs), when given: only the triples with one of them as predicate.

    >>> from rdflib import Literal, URIRef
    >>> from csto_kg.reasoning.inference import ReasonedIds
    >>> from csto_kg.reasoning.triple_index import TermTable
    >>> table = TermTable()
    >>> a, p, one = table.id(URIRef("http://x/a")), table.id(URIRef("http://x/p")), table.id(Literal("01", datatype=URIRef("http://x/t")))
    >>> records, quads = term_records(ReasonedIds(table, [(a, p, one)], [(a, p, a)]))
    >>> records[1:], quads
    ([(0, 'http://x/a', None, None), (0, 'http://x/p', None, None), (2, '01', 'http://x/t', None)], [(1, 2, 3, None), (1, 2, 1, None)])
    """
    from itertools import chain

    from rdflib import URIRef

    nodes, literals = ids.table.in_order()
    text = str.__str__
    records = [_UNUSED]
    add = records.append
    for node in nodes:
        add((0 if type(node) is URIRef else 1, text(node), None, None))
    for literal in literals:
        language, datatype = literal.language, literal.datatype
        add((2, text(literal), None if language or datatype is None else text(datatype), language))
    after = len(nodes)  # literal -j is record after + j
    triples = chain(ids.asserted, ids.inferred)
    if predicates is None:
        return records, [(s, p, o if o > 0 else after - o, None) for s, p, o in triples]
    lookup = ids.table.lookup
    kept = {lookup(URIRef(iri)) for iri in predicates} - {None}
    return records, [(s, p, o if o > 0 else after - o, None) for s, p, o in triples if p in kept]


def _graph_of(reasoned) -> Graph:
    graph = Graph()
    graph.addN((s, p, o, graph) for s, p, o, _g in reasoned.rdflib_quads())
    return graph


def native_terms_only(data: Graph) -> Graph:
    """``data`` without the triples having a term that Oxigraph refuses.

    >>> from rdflib import Literal
    >>> g = Graph()
    >>> g.add((URIRef("http://x/a"), URIRef("http://x/p"), URIRef("http://x/a b")))
    <Graph identifier=... (<class 'rdflib.graph.Graph'>)>
    >>> g.add((URIRef("http://x/a"), URIRef("http://x/p"), Literal("x", lang="abcdefghij")))
    <Graph identifier=... (<class 'rdflib.graph.Graph'>)>
    >>> g.add((URIRef("http://x/a"), URIRef("http://x/p"), Literal("x", lang="en")))
    <Graph identifier=... (<class 'rdflib.graph.Graph'>)>
    >>> [str(o) for o in native_terms_only(g).objects()]
    ['x']
    """
    import pyoxigraph

    known: dict = {}

    def accepted(term) -> bool:
        if term not in known:
            try:
                if isinstance(term, URIRef):
                    pyoxigraph.NamedNode(str(term))
                elif getattr(term, "language", None):
                    pyoxigraph.Literal(str(term), language=term.language)
                known[term] = True
            except ValueError:
                known[term] = False
        return known[term]

    kept = Graph()
    for triple in data:
        if all(accepted(term) for term in triple):
            kept.add(triple)
    return kept


def _finding(report: Graph, result, shapes: Graph, locator: Locator, asserted) -> Finding:
    severity = WARNING if report.value(result, SH.resultSeverity) in (SH.Warning, SH.Info) else ERROR
    focus = report.value(result, SH.focusNode)
    path = report.value(result, SH.resultPath)
    value = report.value(result, SH.value)
    messages = sorted(str(m) for m in report.objects(result, SH.resultMessage))
    message = excerpt(messages[0], 300) if messages else "SHACL constraint not met"  # a template may quote a value
    if value is not None and value != focus and short(value) not in message and not isinstance(value, BNode):
        message += f" (value: {excerpt(short(value))})"
    focus_text, place_of = _focus(focus, asserted)
    where = locator.place(str(place_of)) if place_of is not None else (None, None, None)
    return Finding(severity, message, tuple(str(x) for x in (focus, path, value) if isinstance(x, URIRef)),
                   code="shacl", file=where[0], line=where[1], column=where[2], focus=focus_text,
                   rule=_rule(report, result, shapes, path))


def _focus(focus, asserted) -> tuple[str, URIRef | None]:
    """``asserted``: a function returning the asserted Graph (made only for a blank focus)."""
    if isinstance(focus, URIRef):
        return short(focus), focus
    if isinstance(focus, BNode):
        asserted = asserted()
        parent = Locator([]).parent(focus, asserted)
        if parent is not None:
            link = next((p for p in asserted.predicates(parent, focus)), None)
            via = f"the {short(link)} of " if link is not None else "a blank node under "
            return f"{via}{short(parent)}", parent
        return "a blank node", None
    return short(focus) if focus is not None else "", None


def _rule(report: Graph, result, shapes: Graph, path) -> str:
    shape = report.value(result, SH.sourceShape)
    component = report.value(result, SH.sourceConstraintComponent)
    name = _shape_name(shape, shapes)
    parts = [name] if name else []
    if component is not None:
        parts.append(_component(str(component)))
    if path is not None and isinstance(path, URIRef):
        parts.append(short(path))
    return " ".join(parts)


def _shape_name(shape, shapes: Graph) -> str:
    if isinstance(shape, URIRef):
        return _short_shape(shape)
    if shape is not None:
        owner = next((s for s in shapes.subjects(SH.property, shape)), None)
        if isinstance(owner, URIRef):
            return _short_shape(owner)
    return ""


def _short_shape(iri: URIRef) -> str:
    text = str(iri)
    return "cstosh:" + text[len(SHAPES_NS):] if text.startswith(SHAPES_NS) else short(iri)


def _component(iri: str) -> str:
    name = iri.rsplit("#", 1)[-1].removesuffix("ConstraintComponent")
    return "sh:sparql" if name == "SPARQL" else "sh:" + name[:1].lower() + name[1:]
