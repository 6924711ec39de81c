"""The media types of SPARQL results and graphs, and content negotiation over them.

The writers themselves are in :mod:`csto_kg.query.result_formats` (the query
workers write results there, inside the time limit).
"""

from __future__ import annotations

from csto_kg.query.render import render_graph

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


def render_graph_as(graph, *, media_type: str) -> str:
    """A graph in the syntax of a media type of :data:`GRAPH_TYPES`."""
    return render_graph(graph, fmt=GRAPH_TYPES[media_type])
