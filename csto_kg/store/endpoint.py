"""A remote SPARQL 1.1 server as backend (``--endpoint URL``) and ``push`` to it.

Queries go through the SPARQL 1.1 Protocol (POST, ``application/sparql-query``);
SELECT/ASK answers are read as SPARQL JSON results, CONSTRUCT/DESCRIBE as
RDF/XML, both of which end with a closing token: a body cut short (Oxigraph
answers a cancelled or timed-out query with status 200 and a truncated
body) fails to parse, or is shorter than its ``Content-Length``, and becomes a
:class:`QueryError` instead of a partial answer. Helper parameters travel as a
``VALUES`` block of validated terms (:mod:`csto_kg.store.values`).

``push`` replaces every named graph on the server through its Graph Store
(``DELETE ?graph=IRI``, then one N-Quads ``POST`` of the whole dataset so that
blank nodes shared between graphs stay shared). Credentials come only from the environment:
``CSTO_KG_ENDPOINT_TOKEN`` (sent as ``Authorization: Bearer``) or
``CSTO_KG_ENDPOINT_USER`` and ``CSTO_KG_ENDPOINT_PASSWORD`` (HTTP Basic); a
URL with a user or password in it is refused.
"""

from __future__ import annotations

import base64
import json
import os
import urllib.error
import urllib.parse
import urllib.request

from rdflib import BNode, Graph, Literal, URIRef

from csto_kg.errors import QueryError, UsageError
from csto_kg.namespaces import PREFIXES
from csto_kg.store.values import substitute
from csto_kg.store.results import Result

TIMEOUT = 300.0


def check_url(url: str, *, option: str = "--endpoint") -> str:
    """``url`` if it is an http(s) URL without credentials.

    >>> check_url("http://127.0.0.1:7878/query")
    'http://127.0.0.1:7878/query'
    >>> check_url("https://me:secret@example.org/sparql")
    Traceback (most recent call last):
    ...
    csto_kg.errors.UsageError: --endpoint: put credentials in CSTO_KG_ENDPOINT_USER / CSTO_KG_ENDPOINT_PASSWORD or CSTO_KG_ENDPOINT_TOKEN, not in the URL
    """
    parts = urllib.parse.urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise UsageError(f"{option} {url}: expected an http:// or https:// URL")
    if parts.username or parts.password:
        raise UsageError(f"{option}: put credentials in CSTO_KG_ENDPOINT_USER / CSTO_KG_ENDPOINT_PASSWORD "
                         "or CSTO_KG_ENDPOINT_TOKEN, not in the URL")
    return url


def graph_store_url(endpoint: str) -> str:
    """The Graph Store Protocol URL next to a query endpoint (Oxigraph ``/store``, Fuseki ``/data``).

    >>> graph_store_url("http://127.0.0.1:7878/query")
    'http://127.0.0.1:7878/store'
    >>> graph_store_url("http://localhost:3030/ds/sparql")
    'http://localhost:3030/ds/data'
    """
    for suffix, replacement in (("/query", "/store"), ("/sparql", "/data")):
        if endpoint.endswith(suffix):
            return endpoint[: -len(suffix)] + replacement
    return endpoint


def _headers(extra: dict) -> dict:
    headers = {"User-Agent": "csto-kg", **extra}
    token = os.environ.get("CSTO_KG_ENDPOINT_TOKEN")
    user = os.environ.get("CSTO_KG_ENDPOINT_USER")
    if token:
        headers["Authorization"] = f"Bearer {token}"
    elif user:
        secret = f"{user}:{os.environ.get('CSTO_KG_ENDPOINT_PASSWORD', '')}".encode()
        headers["Authorization"] = "Basic " + base64.b64encode(secret).decode()
    return headers


def _request(url: str, *, data: bytes, headers: dict, method: str = "POST") -> bytes:
    request = urllib.request.Request(url, data=data, headers=_headers(headers), method=method)
    try:
        with urllib.request.urlopen(request, timeout=TIMEOUT) as response:  # noqa: S310 - http(s) only
            body = response.read()
            expected = response.headers.get("Content-Length")
    except urllib.error.HTTPError as error:
        detail = error.read(500).decode("utf-8", "replace").strip()
        raise QueryError(f"{url}: HTTP {error.code} {error.reason}: {detail}") from None
    except (urllib.error.URLError, OSError) as error:
        raise QueryError(f"{url}: cannot reach the server: {getattr(error, 'reason', error)}") from None
    if expected is not None and expected.isdigit() and int(expected) != len(body):
        raise QueryError(f"{url}: incomplete answer ({len(body)} of {expected} bytes)")
    return body


class EndpointBackend:
    """Runs queries on a SPARQL 1.1 Protocol endpoint."""

    name = "endpoint"

    def __init__(self, url: str):
        self.url = check_url(url)

    def run(self, text: str, *, bindings=None, kind: str = "table", lazy: bool = False) -> Result:
        """Run ``text``; ``kind`` is ``graph`` for CONSTRUCT/DESCRIBE (the caller has parsed it), else ``table``
        (``lazy`` is accepted for the other backends' sake: the endpoint's answer is read whole)."""
        prologue = "".join(f"PREFIX {p}: <{ns}>\n" for p, ns in PREFIXES.items())
        query = prologue + substitute(text, bindings or {})
        accept = "application/rdf+xml" if kind == "graph" else "application/sparql-results+json"
        body = _request(self.url, data=query.encode("utf-8"),
                        headers={"Content-Type": "application/sparql-query; charset=utf-8",
                                 "Accept": accept})
        if kind == "graph":
            graph = Graph()
            try:
                graph.parse(data=body, format="xml")
            except Exception as error:  # noqa: BLE001 - any parse failure means a cut answer
                raise QueryError(f"{self.url}: incomplete or invalid RDF/XML answer "
                                 f"(the query may have been cancelled on the server): {error}") from None
            return Result(kind="graph", graph=graph)
        return parse_json_results(body, source=self.url)

    def label_graph(self) -> Graph:
        from csto_kg.store.oxigraph import label_graph

        return label_graph(self)


def parse_json_results(body: bytes, *, source: str = "endpoint") -> Result:
    """SPARQL 1.1 JSON results as a :class:`Result`; a cut-short body is a :class:`QueryError`.

    >>> parse_json_results(b'{"head":{"vars":["x"]},"results":{"bindings":[{"x":{"type":"uri","value":"http://x"}}]}}').rows
    [{'x': rdflib.term.URIRef('http://x')}]
    >>> parse_json_results(b'{"head":{"vars":["x"]},"results":{"bindings":[{"x":{"ty')
    Traceback (most recent call last):
    ...
    csto_kg.errors.QueryError: endpoint: incomplete answer (the query was probably cancelled or timed out on the server): Unterminated string starting at: line 1 column 53 (char 52)
    """
    try:
        document = json.loads(body.decode("utf-8"))
    except (UnicodeDecodeError, ValueError) as error:
        raise QueryError(f"{source}: incomplete answer (the query was probably cancelled or timed "
                         f"out on the server): {error}") from None
    if "boolean" in document:
        return Result(kind="ask", answer=bool(document["boolean"]))
    try:
        columns = list(document["head"]["vars"])
        rows = [{c: _json_term(b.get(c)) for c in columns} for b in document["results"]["bindings"]]
    except (KeyError, TypeError, AttributeError) as error:
        raise QueryError(f"{source}: malformed SPARQL JSON results: {error}") from None
    return Result(kind="select", columns=columns, rows=rows)


def _json_term(value):
    if value is None:
        return None
    kind, text = value["type"], value["value"]
    if kind == "uri":
        return URIRef(text)
    if kind == "bnode":
        return BNode(text)
    if "xml:lang" in value:
        return Literal(text, lang=value["xml:lang"])
    datatype = value.get("datatype")
    if datatype and datatype != "http://www.w3.org/2001/XMLSchema#string":
        return Literal(text, datatype=URIRef(datatype))
    return Literal(text)


def push(dataset, endpoint: str, *, graph_store: str | None = None) -> list[tuple[str, int]]:
    """Replace the dataset's named graphs on the server; returns (graph, triples) pairs.

    Each named graph is first removed (``DELETE ?graph=IRI``; a 404 is fine),
    then the whole dataset is sent in one N-Quads ``POST`` to the Graph Store
    (Oxigraph ``/store``, Fuseki ``/ds/data``): one document, so a blank node
    shared by an asserted graph and the inferred graph (an interval, say) stays
    one node, which one ``PUT`` per graph cannot keep.
    """
    target = check_url(graph_store or graph_store_url(check_url(endpoint)), option="--graph-store")
    graphs = [g for g in sorted(dataset.graphs(), key=lambda g: str(g.identifier))
              if len(g) and not isinstance(g.identifier, BNode)]
    for graph in graphs:
        url = f"{target}?{urllib.parse.urlencode({'graph': str(graph.identifier)})}"
        try:
            _request(url, data=b"", headers={}, method="DELETE")
        except QueryError as error:
            if "HTTP 404" not in str(error):
                raise
    body = dataset.serialize(format="nquads", encoding="utf-8")
    _request(target, data=body, headers={"Content-Type": "application/n-quads"}, method="POST")
    return [(str(g.identifier), len(g)) for g in graphs]
