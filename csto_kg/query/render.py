"""Render query results: text table, CSV, TSV, SPARQL JSON; graphs as RDF.

In table/CSV/TSV an IRI is shown as its label in the wanted language
(fallback: English, then any language, then the CURIE, then the IRI).
The table is for reading: its headers are the variables in words and the words the
helpers write (``certain``, ``in force``) are translated, in the labeler's language
(:mod:`csto_kg.i18n`); given a width, it fits it (:mod:`csto_kg.query.table`) and a
``sources`` cell shows its first source and how many more. CSV, TSV and JSON are data:
variable names as headers, every cell whole.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Iterator

from rdflib import BNode, Graph, Literal, URIRef

from csto_kg import i18n
from csto_kg.errors import UsageError
from csto_kg.namespaces import LABEL_PROPERTIES, bind_prefixes, curie
from csto_kg.store.results import Result

TABLE_FORMATS = ("table", "csv", "tsv", "json")
SOURCES_COLUMNS = ("sources",)  # cells of several sources joined by SOURCES_SEPARATOR
SOURCES_SEPARATOR = " | "
_PLAIN = (None, URIRef("http://www.w3.org/2001/XMLSchema#string"))
GRAPH_FORMATS = {"turtle": "turtle", "ttl": "turtle", "ntriples": "nt", "nt": "nt",
                 "jsonld": "json-ld", "json-ld": "json-ld", "xml": "xml", "trig": "trig"}


class Labeler:
    """Display names of IRIs, from ``rdfs:label`` / ``skos:prefLabel`` in a graph."""

    def __init__(self, graph: Graph | None, *, lang: str = "en"):
        self.graph = graph
        self.lang = lang
        self._memo: dict = {}

    def __call__(self, term) -> str:
        if term is None:
            return ""
        if isinstance(term, URIRef):
            if term not in self._memo:
                self._memo[term] = self._label(term)
            return self._memo[term]
        if isinstance(term, BNode):
            return f"_:{term}"
        return str(term)

    def _label(self, iri: URIRef) -> str:
        labels = []
        if self.graph is not None:
            for prop in LABEL_PROPERTIES[:2]:
                labels.extend(o for o in self.graph.objects(iri, prop) if isinstance(o, Literal))
        for wanted in (self.lang, "en"):
            matching = sorted(str(l) for l in labels if (l.language or "").lower() == wanted.lower())
            if matching:
                return matching[0]
        if labels:
            return sorted(labels, key=lambda l: (l.language is not None, l.language or "", str(l)))[0]
        return curie(str(iri)) or str(iri)


def render(result: Result, *, fmt: str = "table", labeler: Labeler | None = None,
           width: int | None = None) -> str:
    """Text for a result in the given format (see TABLE_FORMATS / GRAPH_FORMATS).

    ``width``: the table fits in that many character cells per line, ``sources`` condensed;
    ``None``: every cell whole, columns as wide as their content.
    """
    if result.kind == "graph":
        return render_graph(result.graph, fmt="turtle" if fmt == "table" else fmt)
    if fmt not in TABLE_FORMATS:
        raise UsageError(f"format '{fmt}' is not available for this result; use one of "
                         f"{', '.join(TABLE_FORMATS)}")
    if fmt == "json":
        return render_json(result)
    labeler = labeler or Labeler(None)
    if result.kind == "ask":
        return ("true" if result.answer else "false") + "\n"
    if fmt == "table":
        lang = labeler.lang
        cells = [[_table_cell(row.get(c), labeler, lang) for c in result.columns] for row in result.rows]
        return render_table(result.columns, cells, lang=lang, width=width)
    cells = [[labeler(row.get(c)) for c in result.columns] for row in result.rows]
    if fmt == "csv":
        return render_csv(result.columns, cells)
    return render_tsv(result.columns, cells)


def render_pieces(result: Result, *, fmt: str = "table", labeler: Labeler | None = None,
                  width: int | None = None) -> Iterator[str]:
    """:func:`render`'s text in pieces, CSV, TSV and JSON a row at a time as ``result.rows`` yields
    them (the rows may be an iterator: nothing is held but the row at hand); a table (its columns
    fit their widest cell), an ASK answer and a graph in one piece. The pieces join to
    :func:`render`'s text.

    >>> r = Result("select", ["n"], iter([{"n": Literal("1")}, {"n": Literal("2")}]))
    >>> list(render_pieces(r, fmt="csv"))
    ['n\\r\\n', '1\\r\\n', '2\\r\\n']
    """
    if result.kind != "select" or fmt not in ("csv", "tsv", "json"):
        if result.kind == "select" and not isinstance(result.rows, list):
            result = Result("select", result.columns, list(result.rows))
        yield render(result, fmt=fmt, labeler=labeler, width=width)
        return
    columns = result.columns
    if fmt == "json":
        yield from _json_pieces(columns, result.rows)
        return
    labeler = labeler or Labeler(None)
    if fmt == "csv":
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\r\n")
        writer.writerow(columns)
        yield out.getvalue()
        for row in result.rows:
            out.seek(0)
            out.truncate()
            writer.writerow([labeler(row.get(c)) for c in columns])
            yield out.getvalue()
        return
    yield "\t".join(columns) + "\n"
    for row in result.rows:
        yield "\t".join(_one_line(labeler(row.get(c))) for c in columns) + "\n"


def _json_pieces(columns: list[str], rows) -> Iterator[str]:
    """:func:`render_json`'s document (``indent=2``) written binding by binding."""
    def indented(value, depth: int) -> str:
        return json.dumps(value, ensure_ascii=False, indent=2).replace("\n", "\n" + " " * depth)

    head = '{\n  "head": {\n    "vars": ' + indented(columns, 4) + '\n  },\n  "results": {\n    "bindings": ['
    first = True
    for row in rows:
        binding = {c: _json_term(row[c]) for c in columns if row.get(c) is not None}
        yield (head + "\n      " if first else ",\n      ") + indented(binding, 6)
        first = False
    yield (head + "]" if first else "\n    ]") + "\n  }\n}\n"


def render_table(columns: list[str], cells: list[list[str]], *, lang: str = "en",
                 width: int | None = None) -> str:
    """Aligned plain-text table with a header rule; headers in words in ``lang``; within ``width``.

    >>> print(render_table(["state", "host_state"], [["Armenia", "Kazakhstan"], ["Uzbekistan", "Kyrgyzstan"]]), end="")
    state       host state
    ----------  ----------
    Armenia     Kazakhstan
    Uzbekistan  Kyrgyzstan
    >>> print(render_table(["state", "sources"], [["Armenia", "source: table | source: history, ¶2"]],
    ...                    lang="fr", width=40), end="")
    État     sources
    -------  ----------------
    Armenia  source: table +1
    """
    from csto_kg.query.table import layout

    rows = [[_one_line(v) for v in row] for row in cells]
    sources = [i for i, column in enumerate(columns) if column in SOURCES_COLUMNS]
    if width is not None:
        for row in rows:
            for i in sources:
                row[i] = condense_sources(row[i])
    return layout([i18n.header(c, lang) for c in columns], rows, width=width,
                  one_line={i: shorten_sources for i in sources})


def condense_sources(cell: str) -> str:
    """The first of several sources and how many more.

    >>> condense_sources("source: table, Arménie | source: history to 2002, ¶5 | cross-check: tass.com")
    'source: table, Arménie +2'
    >>> condense_sources("source: introduction")
    'source: introduction'
    """
    parts = cell.split(SOURCES_SEPARATOR)
    return cell if len(parts) == 1 else f"{parts[0]} +{len(parts) - 1}"


def shorten_sources(cell: str, width: int) -> str:
    """A condensed sources cell in ``width`` cells: the first source cut with an ellipsis, the ``+N`` kept.

    >>> shorten_sources("source: history since 2002, ¶2 +3", 20)
    'source: history… +3'
    >>> shorten_sources("source: introduction", 20)
    'source: introduction'
    """
    from csto_kg.query.table import ELLIPSIS, cut, display_width

    if display_width(cell) <= width:
        return cell
    first, plus, more = cell.rpartition(" +")
    suffix = f" +{more}" if plus and more.isdigit() else ""
    head = first if suffix else cell
    return cut(head, max(width - len(suffix) - 1, 1)).rstrip(" ,;:") + ELLIPSIS + suffix


def _table_cell(term, labeler: Labeler, lang: str) -> str:
    """A cell of the table: an IRI's label; a plain string the query wrote, translated."""
    if isinstance(term, Literal) and term.language is None and term.datatype in _PLAIN:
        return i18n.value(str(term), lang)
    return labeler(term)


def _one_line(value: str) -> str:
    return " ".join(value.split()) if ("\n" in value or "\t" in value) else value


def render_csv(columns: list[str], cells: list[list[str]]) -> str:
    """RFC 4180 CSV with a header row."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(columns)
    writer.writerows(cells)
    return out.getvalue()


def render_tsv(columns: list[str], cells: list[list[str]]) -> str:
    """Tab-separated values; tabs and newlines inside values become spaces."""
    lines = ["\t".join(columns)] + ["\t".join(_one_line(v) for v in row) for row in cells]
    return "\n".join(lines) + "\n"


def render_json(result: Result) -> str:
    """SPARQL 1.1 Query Results JSON (IRIs stay IRIs)."""
    if result.kind == "ask":
        document = {"head": {}, "boolean": bool(result.answer)}
    else:
        bindings = [{c: _json_term(row[c]) for c in result.columns if row.get(c) is not None}
                    for row in result.rows]
        document = {"head": {"vars": result.columns}, "results": {"bindings": bindings}}
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"


def _json_term(term) -> dict:
    if isinstance(term, URIRef):
        return {"type": "uri", "value": str(term)}
    if isinstance(term, BNode):
        return {"type": "bnode", "value": str(term)}
    value = {"type": "literal", "value": str(term)}
    if term.language:
        value["xml:lang"] = term.language
    elif term.datatype is not None:
        value["datatype"] = str(term.datatype)
    return value


def render_graph(graph: Graph, *, fmt: str = "turtle") -> str:
    """Serialise a graph (turtle, ntriples, jsonld, xml, trig) with the known prefixes."""
    rdf_format = GRAPH_FORMATS.get(fmt)
    if rdf_format is None:
        raise UsageError(f"format '{fmt}' is not available for a graph result; use one of "
                         "turtle, ntriples, jsonld, xml")
    out = Graph()
    bind_prefixes(out.namespace_manager)
    known = {str(ns) for _, ns in out.namespace_manager.namespaces()}
    for prefix, namespace in graph.namespace_manager.namespaces():  # the graph's own (sd:, void:), not ns1:
        if str(namespace) not in known and not re.fullmatch(r"ns\d+", prefix):
            out.namespace_manager.bind(prefix, namespace, override=False)
    out += graph
    if rdf_format in ("xml", "pretty-xml"):
        from csto_kg.inputs.characters import refuse_unwritable_in_xml

        refuse_unwritable_in_xml(out)  # never XML that does not parse
    if rdf_format == "json-ld":
        from csto_kg.inputs.lexical import jsonld_document

        text = json.dumps(jsonld_document(out), ensure_ascii=False, indent=2)
    else:
        text = out.serialize(format=_WRITERS.get(rdf_format, rdf_format))
    if rdf_format == "nt":  # one triple a line: sorted, the same bytes from one run to the next
        text = "".join(line + "\n" for line in sorted(line for line in text.splitlines() if line.strip()))
    return text if text.endswith("\n") else text + "\n"


_WRITERS = {"turtle": "csto-turtle", "trig": "csto-trig"}  # lexical forms kept (csto_kg.inputs.lexical)
