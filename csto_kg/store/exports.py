"""Exports of the knowledge graph in six RDF syntaxes, byte-for-byte deterministic.

Same input, same bytes: blank nodes get canonical labels (rdflib's graph
canonicalisation over all exported quads, so a blank node shared between the
ontology and the inferred graph keeps one label), line-based syntaxes are
sorted, and the other serialisers are fed triples in sorted order from a
fresh store. TriG and N-Quads keep the named graphs; JSON-LD uses the
shipped ``context.jsonld`` (inlined, so reading the export fetches nothing).
"""

from __future__ import annotations

import io
import json
import re
from dataclasses import dataclass
from xml.sax.saxutils import escape, quoteattr

from rdflib import BNode, Dataset, Graph, Literal, URIRef
from rdflib.compare import _TripleCanonicalizer
from csto_kg.errors import UsageError
from csto_kg.inputs.safety import parse_rdf, shipped_context
from csto_kg.inputs.lexical import LexicalTrigSerializer, jsonld_document
from csto_kg.namespaces import INFERRED_GRAPH, bind_prefixes


@dataclass(frozen=True)
class ExportFormat:
    """One export syntax: CLI name, rdflib name, media type, file suffix, quads or triples."""

    name: str
    rdflib: str
    media_type: str
    suffix: str
    quads: bool = False


FORMATS: dict[str, ExportFormat] = {f.name: f for f in (
    ExportFormat("turtle", "turtle", "text/turtle", "ttl"),
    ExportFormat("ntriples", "nt", "application/n-triples", "nt"),
    ExportFormat("nquads", "nquads", "application/n-quads", "nq", quads=True),
    ExportFormat("trig", "trig", "application/trig", "trig", quads=True),
    ExportFormat("jsonld", "json-ld", "application/ld+json", "jsonld"),
    ExportFormat("rdfxml", "xml", "application/rdf+xml", "rdf"),
)}
SCOPES = ("asserted", "inferred", "all")


def export_format(name: str) -> ExportFormat:
    """The export format called ``name``; :class:`UsageError` otherwise.

    >>> export_format("trig").media_type
    'application/trig'
    """
    try:
        return FORMATS[name]
    except KeyError:
        raise UsageError(f"unknown export format '{name}'; use one of {', '.join(FORMATS)}") from None


def selected_quads(dataset: Dataset, *, scope: str = "all") -> list[tuple]:
    """The quads of ``scope``: asserted graphs, the inferred graph, or all."""
    if scope not in SCOPES:
        raise UsageError(f"unknown scope '{scope}'; use one of {', '.join(SCOPES)}")
    quads = []
    for s, p, o, g in dataset.quads((None, None, None, None)):
        name = g.identifier if isinstance(g, Graph) else g
        inferred = name == INFERRED_GRAPH
        if scope == "all" or (scope == "inferred") == inferred:
            quads.append((s, p, o, name))
    return quads


def canonical_quads(quads: list[tuple]) -> list[tuple]:
    """Quads with blank nodes relabelled canonically, sorted.

    >>> a, b = BNode(), BNode()
    >>> g = URIRef("http://x/g")
    >>> one = canonical_quads([(a, URIRef("http://x/p"), Literal(1), g)])
    >>> two = canonical_quads([(b, URIRef("http://x/p"), Literal(1), g)])
    >>> one == two, str(one[0][0]).startswith("c14n")
    (True, True)
    """
    if any(isinstance(t, BNode) for quad in quads for t in quad[:3]):
        labels = layered_labels(quads)
        if labels is None:  # a blank node no named term reaches, or two alike: rdflib's full algorithm
            union = Graph()
            for s, p, o, _ in quads:
                union.add((s, p, o))
            labels = _bnode_labels(union)
        quads = [tuple(BNode("c14n" + labels[t][:24]) if isinstance(t, BNode) else t for t in q[:3])
                 + (q[3],) for q in quads]
    return sorted(set(quads), key=_sort_key)


def layered_labels(quads) -> dict | None:
    """Canonical labels of the blank nodes of ``quads`` (graph names aside) in linear time, or None.

    A blank node's label is a hash of its links to the nodes one step nearer to a named term
    (IRI or literal): the blank nodes next to named terms first, then those next to them, and
    so on; then each label is hashed once more with all its links. The labels come from the
    structure alone (not from the blank nodes' own names), so isomorphic graphs get the same
    labels; when they are all different, they are a canonical labelling. Otherwise (a blank
    node no named term reaches, or two blank nodes alike) None: rdflib's algorithm decides,
    which takes super-linear time on a long chain (2,000 links: 73 s).

    >>> a, b, p = BNode(), BNode(), URIRef("http://x/p")
    >>> one = layered_labels([(URIRef("http://x/s"), p, a, None), (a, p, b, None), (b, p, Literal(1), None)])
    >>> c, d = BNode(), BNode()
    >>> two = layered_labels([(d, p, Literal(1), None), (c, p, d, None), (URIRef("http://x/s"), p, c, None)])
    >>> (one[a], one[b]) == (two[c], two[d]), one[a] != one[b]
    (True, True)
    >>> layered_labels([(a, p, b, None)]) is None  # nothing named reaches them
    True
    """
    import hashlib

    links: dict = {}
    named_near: list = []
    for s, p, o, _ in quads:
        for node, direction, other in ((s, ">", o), (o, "<", s)):
            if isinstance(node, BNode):
                links.setdefault(node, []).append((direction, p.n3(), other))
                if not isinstance(other, BNode):
                    named_near.append(node)
    label: dict = {}

    def key(term):
        return label.get(term) if isinstance(term, BNode) else term.n3()

    layer = list(dict.fromkeys(named_near))
    while layer:
        made = {}
        for node in layer:
            known = sorted((d, p, key(o)) for d, p, o in links[node] if not isinstance(o, BNode) or o in label)
            made[node] = hashlib.sha256(repr(known).encode("utf-8")).hexdigest()
        label.update(made)
        layer = list(dict.fromkeys(o for node in made for _, _, o in links[node]
                                   if isinstance(o, BNode) and o not in label))
    if len(label) < len(links):
        return None
    final = {node: hashlib.sha256(repr((label[node], sorted((d, p, key(o)) for d, p, o in links[node])))
                                  .encode("utf-8")).hexdigest() for node in links}
    if len(set(final.values())) < len(final):
        return None
    return final


def sorted_quads(quads: list[tuple]) -> list[tuple]:
    """Distinct ``quads`` in the order the exports write them (blank node labels kept as they are).

    >>> a, b = URIRef("http://x/a"), URIRef("http://x/b")
    >>> sorted_quads([(b, a, a, None), (a, a, a, None), (b, a, a, None)]) == [(a, a, a, None), (b, a, a, None)]
    True
    """
    return sorted(set(quads), key=_sort_key)


def _bnode_labels(graph: Graph) -> dict:
    """Canonical label of each blank node (the steps of rdflib's canonical_triples)."""
    canonicalizer = _TripleCanonicalizer(graph)
    coloring = canonicalizer._initial_color()
    coloring = canonicalizer._refine(coloring, coloring[:])
    if not canonicalizer._discrete(coloring):
        coloring = canonicalizer._traces(coloring, stats=None, depth=[0])
    return {c.nodes[0]: c.hash_color() for c in coloring}


def _sort_key(quad: tuple) -> tuple:
    return tuple((type(t).__name__, t.n3() if hasattr(t, "n3") else str(t)) for t in quad)


def serialize(quads: list[tuple], *, fmt: str) -> bytes:
    """Serialise (canonical, sorted) quads in export format ``fmt``; deterministic bytes.

    >>> q = [(URIRef("https://w3id.org/csto-kg/id/A"), URIRef("http://www.w3.org/2000/01/rdf-schema#label"),
    ...       Literal("A", lang="en"), URIRef("https://w3id.org/csto-kg/graph/data/a.ttl"))]
    >>> print(serialize(q, fmt="nquads").decode(), end="")
    <https://w3id.org/csto-kg/id/A> <http://www.w3.org/2000/01/rdf-schema#label> "A"@en <https://w3id.org/csto-kg/graph/data/a.ttl> .
    >>> json.loads(serialize(q, fmt="jsonld"))["@graph"][0]["label"]
    {'en': 'A'}
    """
    spec = export_format(fmt)
    if spec.quads:
        dataset = Dataset()
        bind_prefixes(dataset.namespace_manager)
        for s, p, o, g in quads:
            dataset.graph(g).add((s, p, o))
        if spec.name == "trig":
            text = _trig(dataset)
        else:
            text = dataset.serialize(format=spec.rdflib)
    else:
        graph = Graph()
        bind_prefixes(graph.namespace_manager)
        for s, p, o, _ in quads:
            graph.add((s, p, o))
        if spec.name == "jsonld":
            text = _jsonld(graph)
        elif spec.name == "rdfxml":
            text = rdfxml_text(sorted({q[:3] for q in quads}, key=_sort_key), graph.namespace_manager)
        else:
            text = graph.serialize(format=_WRITERS.get(spec.name, spec.rdflib))
    if spec.name in ("ntriples", "nquads"):
        lines = sorted({line for line in text.splitlines() if line.strip()})
        text = "\n".join(lines) + ("\n" if lines else "")
    if not text.endswith("\n"):
        text += "\n"
    return text.encode("utf-8")


_WRITERS = {"turtle": "csto-turtle"}  # lexical forms kept (csto_kg.inputs.lexical)


class _SortedTrigSerializer(LexicalTrigSerializer):
    """rdflib's TriG serialiser writing the named graphs in IRI order."""

    def __init__(self, store):
        super().__init__(store)
        self.contexts = sorted(self.contexts, key=lambda c: str(c.identifier))


def _trig(dataset: Dataset) -> str:
    stream = io.BytesIO()
    _SortedTrigSerializer(dataset).serialize(stream, encoding="utf-8")
    return stream.getvalue().decode("utf-8")


def rdfxml_text(triples: list[tuple], namespace_manager) -> str:
    """Flat RDF/XML: one ``rdf:Description`` per subject, in the given triple order.

    rdflib's RDF/XML writer orders predicates and invents prefixes by hash
    order, so csto-kg writes this simple, deterministic form itself.

    >>> from rdflib import Graph
    >>> g = Graph()
    >>> print(rdfxml_text([(URIRef("http://x/a"), URIRef("http://x/v#p"), Literal("1 < 2", lang="en"))],
    ...                   g.namespace_manager), end="")
    <?xml version="1.0" encoding="utf-8"?>
    <rdf:RDF
      xmlns:ns1="http://x/v#"
      xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
      <rdf:Description rdf:about="http://x/a">
        <ns1:p xml:lang="en">1 &lt; 2</ns1:p>
      </rdf:Description>
    </rdf:RDF>
    """
    from csto_kg.inputs.characters import refuse_unwritable_in_xml

    refuse_unwritable_in_xml(triples)  # never XML that does not parse
    known = {str(ns): prefix for prefix, ns in namespace_manager.namespaces()}
    known["http://www.w3.org/1999/02/22-rdf-syntax-ns#"] = "rdf"
    used: dict[str, str] = {"http://www.w3.org/1999/02/22-rdf-syntax-ns#": "rdf"}
    qnames: dict = {}
    for _, p, _ in triples:
        if p in qnames:
            continue
        ns, local = _split_predicate(str(p))
        if ns not in used:
            prefix = known.get(ns)
            if not prefix or prefix in used.values() or not _NCNAME.fullmatch(prefix):
                prefix = f"ns{len(used)}"
            used[ns] = prefix
        qnames[p] = f"{used[ns]}:{local}"
    lines = ['<?xml version="1.0" encoding="utf-8"?>', "<rdf:RDF"]
    decls = sorted((prefix, ns) for ns, prefix in used.items())
    lines += [f'  xmlns:{prefix}={quoteattr(ns)}' for prefix, ns in decls]
    lines[-1] += ">"
    current = None
    for s, p, o in triples:
        if s != current:
            if current is not None:
                lines.append("  </rdf:Description>")
            lines.append(f"  <rdf:Description {_node_attr(s, 'rdf:about')}>")
            current = s
        name = qnames[p]
        if isinstance(o, Literal):
            attrs = ""
            if o.language:
                attrs = f" xml:lang={quoteattr(o.language)}"
            elif o.datatype is not None:
                attrs = f" rdf:datatype={quoteattr(str(o.datatype))}"
            lines.append(f"    <{name}{attrs}>{escape(str(o))}</{name}>")
        else:
            lines.append(f"    <{name} {_node_attr(o, 'rdf:resource')}/>")
    if current is not None:
        lines.append("  </rdf:Description>")
    lines.append("</rdf:RDF>")
    return "\n".join(lines) + "\n"


_NCNAME = re.compile(r"[A-Za-z_][A-Za-z0-9_.-]*")


def _split_predicate(iri: str) -> tuple[str, str]:
    for cut in range(len(iri) - 1, 0, -1):
        if iri[cut - 1] in "#/:" and _NCNAME.fullmatch(iri[cut:]):
            return iri[:cut], iri[cut:]
    raise UsageError(f"predicate <{iri}> cannot be written in RDF/XML (no XML local name)")


def _node_attr(term, attribute: str) -> str:
    if isinstance(term, BNode):
        return f"rdf:nodeID={quoteattr(str(term))}"
    return f"{attribute}={quoteattr(str(term))}"


def _jsonld(graph: Graph) -> str:
    context = shipped_context()
    document = jsonld_document(graph, context=context)
    if "@graph" in document:
        nodes = document["@graph"]
    else:
        single = {k: v for k, v in document.items() if k != "@context"}
        nodes = [single] if single else []
    nodes = sorted((_sorted_node(n) for n in nodes), key=lambda n: str(n.get("id", n.get("@id", ""))))
    return json.dumps({"@context": context, "@graph": nodes}, ensure_ascii=False, indent=2,
                      sort_keys=False) + "\n"


def _sorted_node(node):
    if isinstance(node, dict):
        keys = sorted(node, key=lambda k: (not k.startswith("@") and k not in ("id", "type"), k))
        return {k: ([_sorted_node(v) for v in node[k]] if k == "@list" else _sorted_node(node[k]))
                for k in keys}
    if isinstance(node, list):
        return sorted((_sorted_node(v) for v in node), key=lambda v: json.dumps(v, sort_keys=True,
                                                                                ensure_ascii=False))
    return node


def export(dataset: Dataset, *, fmt: str = "turtle", scope: str = "all") -> bytes:
    """The export of ``dataset`` (``scope``: asserted, inferred or all) in ``fmt``.

    >>> from csto_kg.api import _fixture_kg
    >>> kg = _fixture_kg()
    >>> export(kg.dataset, fmt="ntriples", scope="asserted") == export(kg.dataset, fmt="ntriples", scope="asserted")
    True
    """
    export_format(fmt)
    return serialize(canonical_quads(selected_quads(dataset, scope=scope)), fmt=fmt)


def parse_export(data: bytes, *, fmt: str) -> Dataset:
    """Read an export back (quads into their named graphs, triples into the default graph).

    >>> from csto_kg.api import _fixture_kg
    >>> kg = _fixture_kg()
    >>> len(parse_export(export(kg.dataset, fmt="trig"), fmt="trig")) == len(kg.dataset)
    True
    """
    spec = export_format(fmt)
    dataset = Dataset(default_union=True)
    target = dataset if spec.quads else dataset.default_graph
    parse_rdf(target, data, format=spec.rdflib, source=f"{fmt} export")
    return dataset


def sorted_ntriples(graph, *, encoding: str | None = None) -> str | bytes:
    """The triples of an rdflib ``graph`` as rdflib's N-Triples writer gives them, sorted by line;
    ``encoding="utf-8"``: as bytes. For inputs Oxigraph did not parse: their lexical forms, language
    tags as written (Oxigraph lower-cases them) and explicit ``xsd:string`` (Oxigraph drops it) are
    rdflib's terms; natively parsed ones are written by :func:`sorted_ntriples_of_quads`.

    >>> from rdflib import Graph, Literal, URIRef
    >>> g = Graph()
    >>> for o in (Literal("b", lang="en-GB"), Literal("a", datatype=URIRef("http://www.w3.org/2001/XMLSchema#string"))):
    ...     _ = g.add((URIRef("http://x/a"), URIRef("http://x/p"), o))
    >>> print(sorted_ntriples(g), end="")
    <http://x/a> <http://x/p> "a"^^<http://www.w3.org/2001/XMLSchema#string> .
    <http://x/a> <http://x/p> "b"@en-GB .
    """
    text = graph.serialize(format="nt")
    # "\n" only: a literal may hold a form feed, U+0085 or U+2028 raw, which str.splitlines cuts at
    lines = sorted(line for line in text.split("\n") if line.strip())
    text = "\n".join(lines) + ("\n" if lines else "")
    return text.encode("utf-8") if ntriples_encoding(encoding) else text


def ntriples_encoding(encoding: str | None) -> str | None:
    """``None`` (text) or ``"utf-8"`` (bytes), however UTF-8 is spelt; N-Triples are UTF-8 only.

    >>> ntriples_encoding("UTF8"), ntriples_encoding(None)
    ('utf-8', None)
    >>> ntriples_encoding("latin-1")
    Traceback (most recent call last):
    ...
    ValueError: N-Triples are UTF-8, not latin-1
    """
    if encoding is None:
        return None
    import codecs

    try:
        name = codecs.lookup(encoding).name
    except LookupError:
        name = None
    if name != "utf-8":
        raise ValueError(f"N-Triples are UTF-8, not {encoding}")
    return name


_CHUNK = 262_144  # quads whose triples are written at once (a Triple holds its own copy of its terms)


def sorted_ntriples_of_quads(quads, *, encoding: str | None = None) -> str | bytes:
    r"""The distinct triples of ``quads`` (pyoxigraph Quads of natively parsed inputs) as sorted
    N-Triples, byte for byte as rdflib writes them: Oxigraph writes the triples (the graph names
    dropped), the lines are sorted as bytes (UTF-8's order is the code points' order, as rdflib's
    sorted text has it) and the control characters that Oxigraph escapes and rdflib writes raw
    are put back raw. No Python code runs per line; a line break inside a literal is escaped by
    Oxigraph, and the other line separators (U+2028, U+0085...) stay inside their line.
    ``encoding="utf-8"``: the UTF-8 bytes, as a file holds them (no text decoded to be encoded
    again); the triples are written a chunk at a time, and each copy of the text is let go as soon
    as the next one is made.

    >>> import pyoxigraph as ox
    >>> a, p, g, h = (ox.NamedNode("http://x/" + n) for n in "apgh")
    >>> quads = [ox.Quad(ox.NamedNode("http://x/b"), p, ox.Literal("a\tb\\tc\u2028d"), g), ox.Quad(a, p, a, g), ox.Quad(a, p, a, h)]
    >>> sorted_ntriples_of_quads(quads)
    '<http://x/a> <http://x/p> <http://x/a> .\n<http://x/b> <http://x/p> "a\tb\\\\tc\u2028d" .\n'
    >>> sorted_ntriples_of_quads(quads, encoding="utf-8") == sorted_ntriples_of_quads(quads).encode()
    True
    """
    import pyoxigraph as ox

    encoding = ntriples_encoding(encoding)
    lines: set = set()
    for start in range(0, len(quads), _CHUNK):  # a chunk's triples at a time: each a copy of its terms
        written = ox.serialize([quad.triple for quad in quads[start:start + _CHUNK]], format=ox.RdfFormat.N_TRIPLES)
        if b"\\" in written:  # raw again before sorting, as rdflib sorts them (a tab sorts before a space)
            written = _OXIGRAPH_ESCAPE.sub(_raw, written)  # \n and \r stay escaped: one line per triple
        lines.update(written.split(b"\n"))
        del written
    lines.discard(b"")
    ordered = sorted(lines)
    del lines
    if ordered:
        ordered.append(b"")  # the last line's line break
    text = b"\n".join(ordered)
    del ordered
    return text if encoding else text.decode("utf-8")


def turtle_of_ntriples(ntriples: str | bytes) -> bytes:
    r"""Sorted N-Triples (:func:`sorted_ntriples_of_quads`) as Turtle written by Oxigraph, with the
    csto-kg prefixes: the same triples and lexical forms, in the same order every time.

    >>> print(turtle_of_ntriples('<https://w3id.org/csto-kg/id/A> <http://www.w3.org/2000/01/rdf-schema#label> "A"@en .\n').decode(), end="")
    @prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
    @prefix kg: <https://w3id.org/csto-kg/id/> .
    kg:A rdfs:label "A"@en .
    """
    import pyoxigraph as ox

    from csto_kg.namespaces import PREFIXES

    data = ntriples.encode("utf-8") if isinstance(ntriples, str) else ntriples
    triples = list(ox.parse(data, format=ox.RdfFormat.N_TRIPLES))
    used = {prefix: ns for prefix, ns in sorted(PREFIXES.items()) if f"<{ns}".encode() in data}
    return ox.serialize(triples, format=ox.RdfFormat.TURTLE, prefixes=used)


# an escape Oxigraph writes and rdflib does not, or an escaped backslash (matched as a pair, left
# alone: so an escape is recognised only after an even number of backslashes); starting with a
# literal backslash, the pattern is searched for at C speed (a look-behind first was 0.05 s a MB)
_OXIGRAPH_ESCAPE = re.compile(rb"\\(?:(\\)|(u00[01][0-9A-F]|u007F|uFFF[EF]|[btf]))")
_SHORT_ESCAPES = {b"b": b"\b", b"t": b"\t", b"f": b"\f"}


def _raw(match) -> bytes:
    r"""The character an escape stands for, in UTF-8; an escaped backslash stays as it is.

    >>> _OXIGRAPH_ESCAPE.sub(_raw, rb'"a\tb\\tc\\\u0001\uFFFE" \"')
    b'"a\tb\\\\tc\\\\\x01\xef\xbf\xbe" \\"'
    """
    code = match.group(2)
    if code is None:
        return b"\\\\"
    return _SHORT_ESCAPES[code] if len(code) == 1 else chr(int(code[1:], 16)).encode("utf-8")
