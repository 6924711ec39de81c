"""SPARQL 1.1 result formats (JSON, XML, CSV, TSV) and graph media types, with content negotiation.

CSV and TSV here follow the SPARQL 1.1 Query Results CSV/TSV spec (raw
values in CSV, N-Triples-encoded terms in TSV), unlike the CLI's labelled
tables.
"""

from __future__ import annotations

import csv
import io
from xml.sax.saxutils import escape, quoteattr

from rdflib import BNode, Literal, URIRef

from csto_kg.query.render import render_graph, render_json
from csto_kg.store.results import Result

RESULT_TYPES = {
    "application/sparql-results+json": "json",
    "application/sparql-results+xml": "xml",
    "text/csv": "csv",
    "text/tab-separated-values": "tsv",
    "application/json": "json",
    "application/xml": "xml",
}
GRAPH_TYPES = {
    "text/turtle": "turtle",
    "application/n-triples": "ntriples",
    "application/ld+json": "jsonld",
    "application/rdf+xml": "xml",
    "text/plain": "ntriples",
}


def negotiate(accept: str | None, offered: list[str]) -> str | None:
    """The offered media type the ``Accept`` header likes best (first offered wins ties); None if none.

    >>> negotiate("text/csv;q=0.5, application/sparql-results+xml", ["application/sparql-results+json", "text/csv", "application/sparql-results+xml"])
    'application/sparql-results+xml'
    >>> negotiate(None, ["text/turtle"]), negotiate("image/png", ["text/turtle"])
    ('text/turtle', None)
    >>> negotiate("text/*", ["application/ld+json", "text/turtle"])
    'text/turtle'
    """
    if not accept or not accept.strip():
        return offered[0]
    best, best_q = None, 0.0
    for media in offered:
        quality, _ = _quality(accept, media)
        if quality > best_q:
            best, best_q = media, quality
    return best if best_q > 0 else None


def weighted_items(header: str | None) -> list[tuple[str, float]]:
    """The items of an ``Accept``-style header (``Accept``, ``Accept-Language``, ``Accept-Encoding``)
    as ``(lower-cased token, q)``; a missing q is 1, a malformed one 0.

    >>> weighted_items("text/html, fr-CA;q=0.8, gzip;q=x")
    [('text/html', 1.0), ('fr-ca', 0.8), ('gzip', 0.0)]
    """
    items = []
    for item in (header or "").split(","):
        parts = [p.strip() for p in item.split(";")]
        q = 1.0
        for param in parts[1:]:
            if param.startswith("q="):
                try:
                    q = float(param[2:])
                except ValueError:
                    q = 0.0
        items.append((parts[0].lower(), q))
    return items


def _quality(accept: str, media: str) -> tuple[float, int]:
    kind, _, sub = media.partition("/")
    found_q, found_specificity = 0.0, -1
    for wanted, q in weighted_items(accept):
        w_kind, _, w_sub = wanted.partition("/")
        if wanted == media:
            specificity = 2
        elif w_kind == kind and w_sub == "*":
            specificity = 1
        elif wanted in ("*/*", "*"):
            specificity = 0
        else:
            continue
        if specificity > found_specificity:
            found_q, found_specificity = q, specificity
    return found_q, found_specificity


def render_results(result: Result, *, fmt: str) -> str:
    """A SELECT/ASK result in ``json``, ``xml``, ``csv`` or ``tsv``.

    >>> r = Result(kind="select", columns=["s", "n"], rows=[{"s": URIRef("http://x/a"), "n": Literal("a\\tb", lang="en")}])
    >>> print(render_results(r, fmt="tsv"), end="")
    ?s	?n
    <http://x/a>	"a\\tb"@en
    >>> print(render_results(r, fmt="csv"), end="")
    s,n
    http://x/a,a	b
    """
    if fmt == "json":
        return render_json(result)
    if fmt == "xml":
        return _xml(result)
    if result.kind == "ask":
        return ("true" if result.answer else "false") + "\n"
    if fmt == "csv":
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\r\n")
        writer.writerow(result.columns)
        for row in result.rows:
            writer.writerow(["" if row.get(c) is None else _csv_value(row[c]) for c in result.columns])
        return out.getvalue()
    if fmt == "tsv":
        lines = ["\t".join("?" + c for c in result.columns)]
        for row in result.rows:
            lines.append("\t".join("" if row.get(c) is None else _tsv_term(row[c]) for c in result.columns))
        return "\n".join(lines) + "\n"
    raise ValueError(f"unknown result format {fmt}")


def _tsv_term(term) -> str:
    if not isinstance(term, Literal):
        return term.n3()
    text = str(term).replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
    text = text.replace("\r", "\\r").replace("\t", "\\t")
    if term.language:
        return f'"{text}"@{term.language}'
    if term.datatype is not None:
        return f'"{text}"^^<{term.datatype}>'
    return f'"{text}"'


def _csv_value(term) -> str:
    return f"_:{term}" if isinstance(term, BNode) else str(term)


def _xml(result: Result) -> str:
    out = ['<?xml version="1.0" encoding="utf-8"?>',
           '<sparql xmlns="http://www.w3.org/2005/sparql-results#">', "  <head>"]
    out += [f"    <variable name={quoteattr(c)}/>" for c in result.columns]
    out.append("  </head>")
    if result.kind == "ask":
        out.append(f"  <boolean>{'true' if result.answer else 'false'}</boolean>")
    else:
        out.append("  <results>")
        for row in result.rows:
            out.append("    <result>")
            for c in result.columns:
                term = row.get(c)
                if term is not None:
                    out.append(f"      <binding name={quoteattr(c)}>{_xml_term(term)}</binding>")
            out.append("    </result>")
        out.append("  </results>")
    out.append("</sparql>")
    return "\n".join(out) + "\n"


def _xml_term(term) -> str:
    if isinstance(term, URIRef):
        return f"<uri>{escape(str(term))}</uri>"
    if isinstance(term, BNode):
        return f"<bnode>{escape(str(term))}</bnode>"
    attrs = ""
    if term.language:
        attrs = f" xml:lang={quoteattr(term.language)}"
    elif term.datatype is not None:
        attrs = f" datatype={quoteattr(str(term.datatype))}"
    return f"<literal{attrs}>{escape(str(term))}</literal>"


def render_graph_as(graph, *, media_type: str) -> str:
    """A graph in the syntax of a media type of :data:`GRAPH_TYPES`."""
    return render_graph(graph, fmt=GRAPH_TYPES[media_type])
