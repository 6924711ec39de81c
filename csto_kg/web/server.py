"""``csto-kg serve``: SPARQL 1.1 Protocol endpoint, dereferenceable IRIs, pages, query UI, docs.

uvicorn parses HTTP and Starlette carries each request to
:meth:`LinkedDataApp.handle` (:mod:`csto_kg.web.asgi`, with the limits of
:mod:`csto_kg.web.http_protocol`); queries run in a
:class:`~csto_kg.query.pool.QueryPool` of worker processes on Oxigraph's
engine, so a slow query is killed at the time limit and never blocks the
other requests. The workers write the answer too (within the time limit and
``max_response_bytes``); a large one is streamed from a spooled file. The server is read-only and never fetches
anything: queries go through :func:`csto_kg.query.safety.prepare` (no
SERVICE, FROM, LOAD or updates) inside the workers.

Routes (paths relative to the base IRI, default ``https://w3id.org/csto-kg/``):
``/sparql`` (protocol; UI for browsers; Service Description without a
query), ``/`` (index by class), ``/ontology`` (pyLODE HTML or RDF),
``/.well-known/void`` and ``/dataset`` (VoID + DCAT), ``/download/...``
(exports), ``/doc/<path>[.html|.ttl|.jsonld|.nt|.rdf]`` (resource
documents; an organization's or state's HTML page carries its membership chart, an
organization's or treaty's its member map with a date slider, every
HTML page a graph view of its neighbourhood), ``/neighbourhood/<path>.json[?lang=xx&limit=n]``
(that neighbourhood as JSON), ``/explain?s=&p=&o=`` (why the graph holds a triple: HTML, JSON or
PROV-O Turtle; see :mod:`csto_kg.web.explain_page`), ``/labels?iri=...`` (labels of IRIs as JSON, for the
query UI; see :mod:`csto_kg.web.labels`), any other ``/<path>``: 303 to its document when ``<base><path>``
is in the graph, else 404.
"""

from __future__ import annotations

import errno
import gzip
import hashlib
import json
import re
import socket
import threading
from collections import OrderedDict
from dataclasses import dataclass
from pathlib import Path
from typing import Callable
from urllib.parse import parse_qs, unquote, urlencode, urlsplit

from rdflib import BNode, Graph, Literal, Namespace, URIRef
from rdflib.namespace import RDF, RDFS, VOID, XSD

from csto_kg.api import KnowledgeGraph
from csto_kg.inputs.lexical import jsonld_document
from csto_kg.web.dataset_description import ONTOLOGY_IRI, SD, dataset_iri, describe_dataset, download_path
from csto_kg.errors import QueryError, UsageError
from csto_kg.store.exports import FORMATS, SCOPES, export
from csto_kg.namespaces import BASE, GRAPH, bind_prefixes
from csto_kg.query.limits import QueryLimits, QueryTooLarge
from csto_kg.query.pool import NotAcceptable, QueryBusy, QueryPool, QueryTimeout
from csto_kg.web.neighbourhood import asked_limit, neighbourhood
from csto_kg.web.page_charts import entity_chart_svg
from csto_kg.web.page_maps import entity_map_html
from csto_kg.web.page_pictures import pictures
from csto_kg.web.labels import labels_answer
from csto_kg.web.ontology_terms import ontology_terms
from csto_kg.web.query_ui import ui_page
from csto_kg.web.reply import Reply
from csto_kg.query.render import render_graph
from csto_kg.i18n import LANGUAGES
from csto_kg.i18n import text as t
from csto_kg.web.frame import page, page_language, with_lang
from csto_kg.web.page_charts import chart_mode
from csto_kg.web.resource_pages import DOC_FORMATS, PageMaker, describe, is_known
from csto_kg.web.sparql_results import GRAPH_TYPES, RESULT_TYPES, negotiate, weighted_items

WEB = Path(__file__).resolve().parent  # the static files beside this module
STATIC = {
    "/static/yasgui/yasgui.min.js": (WEB / "yasgui" / "yasgui.min.js", "text/javascript; charset=utf-8"),
    "/static/yasgui/yasgui.min.css": (WEB / "yasgui" / "yasgui.min.css", "text/css; charset=utf-8"),
    "/static/ui.js": (WEB / "ui.js", "text/javascript; charset=utf-8"),
    "/static/cytoscape/cytoscape.min.js": (WEB / "cytoscape" / "cytoscape.min.js", "text/javascript; charset=utf-8"),
    "/static/layout-base/layout-base.js": (WEB / "layout-base" / "layout-base.js", "text/javascript; charset=utf-8"),
    "/static/cose-base/cose-base.js": (WEB / "cose-base" / "cose-base.js", "text/javascript; charset=utf-8"),
    "/static/cytoscape-fcose/cytoscape-fcose.js": (WEB / "cytoscape-fcose" / "cytoscape-fcose.js", "text/javascript; charset=utf-8"),
    "/static/graph_view.js": (WEB / "graph_view.js", "text/javascript; charset=utf-8"),
    "/static/map_view.js": (WEB / "map_view.js", "text/javascript; charset=utf-8"),
    "/context.jsonld": (WEB / "context.jsonld", "application/ld+json"),
    "/favicon.ico": (WEB / "favicon.svg", "image/svg+xml"),
    "/favicon.svg": (WEB / "favicon.svg", "image/svg+xml"),
}
RDF_DOC_TYPES = ["text/turtle", "application/ld+json", "application/n-triples", "application/rdf+xml"]
PAGE_TYPES = ["text/html"] + RDF_DOC_TYPES
RDF_ALIASES = {"text/n3": "text/turtle", "application/json": "application/ld+json"}  # Turtle is N3; JSON-LD is JSON
ENTITY_TYPES = PAGE_TYPES + list(RDF_ALIASES)  # what an entity's IRI or document answers
GRAPH_ANSWER_TYPES = list(GRAPH_TYPES) + list(RDF_ALIASES)  # what a CONSTRUCT/DESCRIBE answers
SUFFIX_OF = {media: suffix for suffix, media in DOC_FORMATS.items()}
SUFFIX_OF.update({alias: SUFFIX_OF[media] for alias, media in RDF_ALIASES.items()})
#: ``format=`` / ``output=`` values on /sparql (as Fuseki and WDQS accept), or a media type
OUTPUT_FORMATS = {"json": "application/sparql-results+json", "srj": "application/sparql-results+json",
                  "xml": "application/sparql-results+xml", "srx": "application/sparql-results+xml",
                  "csv": "text/csv", "tsv": "text/tab-separated-values", "turtle": "text/turtle",
                  "ttl": "text/turtle", "n3": "text/turtle", "nt": "application/n-triples",
                  "ntriples": "application/n-triples", "json-ld": "application/ld+json",
                  "jsonld": "application/ld+json", "rdfxml": "application/rdf+xml", "rdf": "application/rdf+xml"}
ABSOLUTE_IRI = re.compile(r"[A-Za-z][A-Za-z0-9+.\-]*:[^\s<>\"{}|^`\\]+")
CONTEXT = json.loads((Path(__file__).resolve().parent / "context.jsonld").read_text(encoding="utf-8"))["@context"]
ROBOTS = "User-agent: *\nDisallow: /sparql\nDisallow: /neighbourhood/\nDisallow: /download/\nAllow: /\n"
MAX_BODY = 1 << 20  # largest accepted request body (a query), bytes
PAGES_KEPT = 512  # entity pages kept made (a few MB)
WHOLE_REPLY = 1 << 20  # a query answer up to this many bytes is sent whole (ETag, 304, gzip); larger, streamed
MAX_RESPONSE_BYTES = 64 * 1024 * 1024  # default byte cap of one query answer (--max-response-bytes)
FORMATS_NS = Namespace("http://www.w3.org/ns/formats/")
LANG_TAG = re.compile(r"[A-Za-z]{2,8}(-[A-Za-z0-9]{1,8})*")


@dataclass
class ServerSettings:
    """What ``csto-kg serve`` takes (see the README's Security section)."""

    host: str = "127.0.0.1"
    port: int = 8000
    timeout: float = 10.0
    max_rows: int = 10000
    workers: int = 2
    base: str = BASE
    quiet: bool = False
    max_response_bytes: int = MAX_RESPONSE_BYTES  # a longer answer is cut at a row boundary (and says so)
    max_connections: int = 1000  # open connections beyond this are answered 503
    request_seconds: float = 30.0  # a request must arrive whole within this, else 408
    quick_workers: int = 2  # the quick lane: every query is tried there for quick_seconds first (0: none)
    quick_seconds: float = 0.5
    limits: QueryLimits | None = None  # query size, nesting, patterns (None: environment or defaults)


class LinkedDataApp:
    """Everything the handler needs: the graph, the query pool, cached documents.

    >>> from csto_kg.api import _fixture_kg
    >>> app = LinkedDataApp(_fixture_kg(), settings=ServerSettings(workers=1))
    >>> reply = app.handle("GET", "/id/Armenia", {"accept": "text/turtle"}, b"")
    >>> reply.status, reply.headers["Location"]
    (303, '/doc/id/Armenia.ttl')
    >>> app.handle("GET", "/id/Atlantis", {}, b"").status
    404
    >>> app.close()
    """

    def __init__(self, kg: KnowledgeGraph, *, settings: ServerSettings):
        self.kg = kg
        self.settings = settings
        self.base = settings.base
        self.makers = {lang: PageMaker(kg.dataset, base=self.base, lang=lang) for lang in LANGUAGES}
        self.pages = self.makers["en"]
        nquads = kg.nquads()  # the workers run Oxigraph's engine on this text, as the CLI does
        self.pool = QueryPool(None if nquads is not None else kg.dataset, nquads=nquads, workers=settings.workers,
                              timeout=settings.timeout, max_rows=settings.max_rows, limits=settings.limits,
                              quick_workers=settings.quick_workers, quick_seconds=settings.quick_seconds)
        self._cache: dict = {}
        self._gzip_cache: dict = {}
        self._pages: OrderedDict = OrderedDict()  # entity pages, least recently asked first
        self._lock = threading.Lock()
        self._chart_lock = threading.Lock()  # matplotlib draws one chart at a time

    def close(self) -> None:
        self.pool.close()

    def _cached(self, key, make: Callable[[], bytes]) -> bytes:
        with self._lock:
            if key not in self._cache:
                self._cache[key] = make()
            return self._cache[key]

    # -- dispatch ------------------------------------------------------------

    def handle(self, method: str, target: str, headers: dict, body: bytes) -> Reply:
        """Answer one request (``headers`` with lower-case names); ETag, 304 and gzip on GET and HEAD.

        >>> from csto_kg.api import _fixture_kg
        >>> app = LinkedDataApp(_fixture_kg(), settings=ServerSettings(workers=1))
        >>> first = app.handle("GET", "/static/ui.js", {"accept-encoding": "gzip"}, b"")
        >>> first.headers["Content-Encoding"], first.headers["ETag"].endswith('-gz"')
        ('gzip', True)
        >>> app.handle("GET", "/static/ui.js", {"if-none-match": first.headers["ETag"], "accept-encoding": "gzip"}, b"").status
        304
        >>> app.close()
        """
        try:
            reply = self._route(method, target, headers, body)
        except Reply as raised:
            reply = raised
        if reply.stream is not None and reply.stream.length <= WHOLE_REPLY:  # small: sent whole
            reply.body = reply.stream.read()
            reply.stream.close()
            reply.stream = None
        if reply.stream is not None:  # streamed: compressed on the way when the client takes gzip
            reply.gzip = _compressible(reply.media_type) and _takes_gzip(headers.get("accept-encoding"))
            vary = reply.headers.get("Vary")
            reply.headers["Vary"] = f"{vary}, Accept-Encoding" if vary else "Accept-Encoding"
        elif method in ("GET", "HEAD") and reply.status == 200:
            reply = self._conditional(reply, headers)
        return reply

    def _conditional(self, reply: Reply, headers: dict) -> Reply:
        """An ETag (of the bytes sent), 304 for a matching ``If-None-Match``, gzip when the client takes it."""
        digest = hashlib.sha1(reply.body).hexdigest()[:24]
        compress = len(reply.body) >= 512 and _compressible(reply.media_type)
        gzip_ok = compress and _takes_gzip(headers.get("accept-encoding"))
        tag = f'"{digest}-gz"' if gzip_ok else f'"{digest}"'
        extra = dict(reply.headers)
        if compress:
            vary = extra.get("Vary")
            extra["Vary"] = f"{vary}, Accept-Encoding" if vary else "Accept-Encoding"
        extra["ETag"] = tag
        asked = headers.get("if-none-match")
        if asked is not None:
            tags = {item.strip().removeprefix("W/") for item in asked.split(",")}
            if tag in tags or "*" in tags:
                extra.pop("Content-Disposition", None)
                return Reply(304, b"", media_type=reply.media_type, headers=extra)
        if gzip_ok:
            extra["Content-Encoding"] = "gzip"
            return Reply(200, self._gzipped(digest, reply.body), media_type=reply.media_type, headers=extra)
        return Reply(200, reply.body, media_type=reply.media_type, headers=extra)

    def _gzipped(self, digest: str, body: bytes) -> bytes:
        with self._lock:
            found = self._gzip_cache.get(digest)
        if found is None:
            found = gzip.compress(body, compresslevel=6, mtime=0)
            with self._lock:
                if len(self._gzip_cache) > 256:
                    self._gzip_cache.clear()
                self._gzip_cache[digest] = found
        return found

    def _route(self, method: str, target: str, headers: dict, body: bytes) -> Reply:
        parts = urlsplit(target)
        path = unquote(parts.path)
        accept = headers.get("accept")
        params = parse_qs(parts.query)
        lang = page_language((params.get("lang") or [None])[0], headers.get("accept-language"))
        if method == "OPTIONS":
            return Reply(204, headers={"Access-Control-Allow-Methods": "GET, POST, OPTIONS",
                                       "Access-Control-Allow-Headers": "Content-Type, Accept",
                                       "Access-Control-Max-Age": "86400"})
        if path == "/sparql":
            return self.sparql(method, parts.query, headers, body)
        if path == "/store" and method not in ("GET", "HEAD"):
            raise Reply(405, "Error: the Graph Store is read-only here (GET, HEAD)\n",
                        headers={"Allow": "GET, HEAD, OPTIONS"})
        if method not in ("GET", "HEAD"):
            raise Reply(405, "Error: this resource is read-only (GET, HEAD)\n", headers={"Allow": "GET, HEAD, OPTIONS"})
        if path == "/robots.txt":
            return Reply(200, ROBOTS, headers={"Cache-Control": "max-age=86400"})
        if path in STATIC:
            file, media = STATIC[path]
            return Reply(200, file.read_bytes(), media_type=media, headers={"Cache-Control": "max-age=3600"})
        if path == "/":
            return Reply(200, self._cached(("index", lang), lambda: self.makers[lang].index().encode()),
                         media_type="text/html; charset=utf-8", headers={"Vary": "Accept-Language"})
        if path == "/search":
            return self.search(params, accept, lang)
        if path in ("/.well-known/void", "/dataset"):
            return self._graph_document(self._void(), accept, html=False)
        if path == "/store":
            return self.graph_store(parts.query, accept)
        if path.startswith("/download/"):
            return self.download(path)
        if path == "/ontology":
            return self.ontology(accept, lang)
        if path.startswith("/doc/"):
            return self.document(path[len("/doc/"):], accept, lang)
        if path.startswith("/neighbourhood/"):
            return self.neighbourhood(path[len("/neighbourhood/"):], parts.query)
        if path == "/explain":
            return self.explain(parts.query, accept, lang)
        if path == "/labels":
            answer = labels_answer(self.kg.dataset, parts.query, lang=lang)
            return Reply(answer.status, answer.body, media_type=answer.media_type, headers=answer.headers)
        return self.resource(path, accept, lang, explicit="lang" in params)

    # -- SPARQL protocol -----------------------------------------------------

    def sparql(self, method: str, query_string: str, headers: dict, body: bytes) -> Reply:
        content_type = (headers.get("content-type") or "").split(";")[0].strip().lower()
        params = parse_qs(query_string, keep_blank_values=True)
        if method == "POST":
            if content_type == "application/x-www-form-urlencoded":
                for key, values in parse_qs(body.decode("utf-8", "replace"), keep_blank_values=True).items():
                    params.setdefault(key, []).extend(values)
            elif content_type == "application/sparql-query":
                params.setdefault("query", []).append(body.decode("utf-8", "replace"))
            elif content_type == "application/sparql-update":
                raise Reply(403, "Error: SPARQL Update is refused: this endpoint is read-only\n")
            else:
                raise Reply(415, "Error: POST a query as application/x-www-form-urlencoded (query=...) "
                                 "or as application/sparql-query\n")
        elif method not in ("GET", "HEAD"):
            raise Reply(405, "Error: use GET or POST\n", headers={"Allow": "GET, POST, OPTIONS"})
        if "update" in params:
            raise Reply(403, "Error: SPARQL Update is refused: this endpoint is read-only\n")
        graphs = {}
        for name in ("default-graph-uri", "named-graph-uri"):
            for value in params.get(name, []):
                if not ABSOLUTE_IRI.fullmatch(value):
                    raise Reply(400, f"Error: {name} must be an absolute IRI, not {value!r}\n")
                graphs.setdefault(name, []).append(value)
        accept = headers.get("accept")
        for name in ("format", "output"):  # as Fuseki and WDQS accept them: they win over Accept
            for value in params.get(name, []):
                media = OUTPUT_FORMATS.get(value.strip().lower(), value.strip().lower())
                if "/" not in media:
                    raise Reply(400, f"Error: unknown {name}={value}; use one of {', '.join(OUTPUT_FORMATS)}\n")
                accept = media
        queries = params.get("query")
        if not queries:
            if method == "POST":
                raise Reply(400, "Error: missing query\n")
            return self.service_description(accept, page_language(
                (params.get("lang") or [None])[0], headers.get("accept-language")))
        if len(queries) > 1:
            raise Reply(400, "Error: give exactly one query\n")
        select_media = negotiate(accept, list(RESULT_TYPES))
        graph_media = negotiate(accept, GRAPH_ANSWER_TYPES)
        graph_media = RDF_ALIASES.get(graph_media, graph_media)
        try:
            answer = self.pool.run_written(queries[0], formats=(RESULT_TYPES.get(select_media), GRAPH_TYPES.get(graph_media)),
                                           max_bytes=self.settings.max_response_bytes,
                                           default_graphs=tuple(graphs.get("default-graph-uri", ())),
                                           named_graphs=tuple(graphs.get("named-graph-uri", ())))
        except NotAcceptable as error:
            raise self._not_acceptable(GRAPH_ANSWER_TYPES if error.kind == "graph" else list(RESULT_TYPES)) from None
        except QueryTimeout as error:
            raise Reply(503, f"Error: {error}\n", headers={"Retry-After": "10"}) from None
        except QueryBusy as error:
            raise Reply(503, f"Error: {error}\n", headers={"Retry-After": "5"}) from None
        except QueryTooLarge as error:
            raise Reply(413, f"Error: {error}\n") from None
        except QueryError as error:
            raise Reply(400, f"Error: {error}\n") from None
        except UsageError as error:  # a character the chosen syntax cannot carry (RDF/XML, SPARQL XML)
            raise Reply(406, f"Error: {error}\n", headers={"Vary": "Accept"}) from None
        extra = {"Vary": "Accept"}
        cuts = []
        if answer.truncated:
            cuts.append(f"max-rows={self.settings.max_rows}")
        if answer.cut:
            cuts.append(f"max-response-bytes={self.settings.max_response_bytes}")
        if cuts:
            extra["X-CSTO-KG-Truncated"] = ", ".join(cuts)
        media = graph_media if answer.kind == "graph" else select_media
        return Reply(200, b"", media_type=f"{media}; charset=utf-8", headers=extra, stream=answer)

    def service_description(self, accept: str | None, lang: str = "en") -> Reply:
        media = negotiate(accept, PAGE_TYPES)
        if media == "text/html":
            html = self._cached(("ui", lang), lambda: ui_page(self.kg.helpers(), resolve_entity=self.kg._resolve_for,
                                                              lang=lang, base=self.base,
                                                              terms=ontology_terms(self.kg.dataset, lang=lang)).encode())
            return Reply(200, html, media_type="text/html; charset=utf-8", headers={"Vary": "Accept, Accept-Language"})
        return self._graph_document(self._service_graph(), accept, html=False)

    def _service_graph(self) -> Graph:
        graph = Graph()
        bind_prefixes(graph.namespace_manager)
        graph.bind("sd", SD)
        graph.bind("void", VOID)
        graph.bind("formats", FORMATS_NS)
        endpoint = URIRef(self.base + "sparql")
        service = URIRef(self.base + "sparql#service")
        graph.add((service, RDF.type, SD.Service))
        graph.add((service, SD.endpoint, endpoint))
        graph.add((service, SD.supportedLanguage, SD.SPARQL11Query))
        graph.add((service, SD.feature, SD.UnionDefaultGraph))
        for name in ("SPARQL_Results_JSON", "SPARQL_Results_XML", "SPARQL_Results_CSV",
                     "SPARQL_Results_TSV", "Turtle", "N-Triples", "JSON-LD", "RDF_XML"):
            graph.add((service, SD.resultFormat, FORMATS_NS[name]))
        dataset = URIRef(self.base + "sparql#dataset")
        graph.add((service, SD.defaultDataset, dataset))
        graph.add((dataset, RDF.type, SD.Dataset))
        graph.add((dataset, VOID.triples, Literal(len(self.kg.dataset), datatype=XSD.integer)))
        graph.add((dataset, RDFS.seeAlso, dataset_iri(self.base)))
        for context in sorted(self.kg.dataset.graphs(), key=lambda g: str(g.identifier)):
            if not len(context):
                continue
            named = BNode()
            graph.add((dataset, SD.namedGraph, named))
            graph.add((named, SD.name, context.identifier))
            graph.add((named, VOID.triples, Literal(len(context), datatype=XSD.integer)))
        return graph

    def _graph_text(self, graph: Graph, media: str) -> str:
        """``graph`` written as ``media``; 406 with the reason when that syntax cannot carry it
        (a character RDF/XML cannot hold, as ``csto-kg validate`` reports)."""
        try:
            return render_graph(graph, fmt=GRAPH_TYPES[media])
        except UsageError as error:
            raise Reply(406, f"Error: {error}\n", headers={"Vary": "Accept"}) from None

    def _not_acceptable(self, offered: list[str]) -> Reply:
        return Reply(406, "Error: cannot answer in any media type of the Accept header; available: "
                     + ", ".join(offered) + "\n", headers={"Vary": "Accept"})

    # -- documents -----------------------------------------------------------

    def _void(self) -> Graph:
        if "void-graph" not in self._cache:
            graph = describe_dataset(None, base=self.base, statistics=self.kg.statistics())
            with self._lock:
                self._cache.setdefault("void-graph", graph)
        return self._cache["void-graph"]

    def _graph_document(self, graph: Graph, accept: str | None, *, html: bool,
                        links: dict | None = None) -> Reply:
        offered = PAGE_TYPES if html else RDF_DOC_TYPES
        media = negotiate(accept, offered)
        if media is None:
            raise self._not_acceptable(offered)
        headers = {"Vary": "Accept"}
        if links:
            headers["Link"] = ", ".join(f'<{url}>; rel="alternate"; type="{t}"' for t, url in links.items())
        return Reply(200, self._graph_text(graph, media), media_type=f"{media}; charset=utf-8",
                     headers=headers)

    def download(self, path: str) -> Reply:
        for scope in SCOPES:
            for name, spec in FORMATS.items():
                if path == "/" + download_path(name, scope=scope):
                    data = self._cached(("export", name, scope),
                                        lambda: export(self.kg.dataset, fmt=name, scope=scope))
                    return Reply(200, data, media_type=f"{spec.media_type}; charset=utf-8",
                                 headers={"Content-Disposition": f'attachment; filename="{path.rsplit("/", 1)[1]}"'})
        raise Reply(404, "Error: no such download; see /.well-known/void for the distributions\n")

    def _ontology_graph(self) -> Graph:
        graph = Graph()
        bind_prefixes(graph.namespace_manager)
        for context in self.kg.dataset.graphs():
            if str(context.identifier).startswith(GRAPH + "ontology/"):
                graph += context
        return graph

    def ontology(self, accept: str | None, lang: str = "en") -> Reply:
        """The ontology: pyLODE HTML in the page's language (made once per language), else RDF."""
        from csto_kg.web.ontology_docs import ontology_html

        media = negotiate(accept, PAGE_TYPES)
        links = {t: f"/doc/ontology.{SUFFIX_OF[t]}" for t in PAGE_TYPES}
        if media == "text/html":
            html = self._cached(("ontology-html", lang),
                                lambda: ontology_html(self._ontology_graph(), lang).encode("utf-8"))
            return Reply(200, html, media_type="text/html; charset=utf-8",
                         headers={"Vary": "Accept, Accept-Language", "Link": _link_header(links)})
        return self._graph_document(self._ontology_graph(), accept, html=False, links=links)

    def _not_found(self, iri: URIRef, lang: str, here: str) -> Reply:
        title = t("Not found", lang)
        body = f"<h1>{_escape(title)}</h1><p>{_escape(t('{iri} is not in the graph.', lang, iri=str(iri)))}</p>"
        return Reply(404, page(title, body, lang=lang, here=here), media_type="text/html; charset=utf-8",
                     headers={"Vary": "Accept-Language"})

    def graph_store(self, query_string: str, accept: str | None) -> Reply:
        """``/store?graph=IRI`` (a named graph) or ``/store?default`` (the default graph: the union of
        the named ones), read-only, as the SPARQL 1.1 Graph Store HTTP Protocol and Oxigraph serve them."""
        params = parse_qs(query_string, keep_blank_values=True)
        names = params.get("graph", [])
        if ("default" in params) == bool(names) or len(names) > 1:
            raise Reply(400, "Error: give one of ?graph=IRI (a named graph) or ?default (the union of all); "
                             "the graphs are listed in the Service Description at /sparql\n")
        media = negotiate(accept, RDF_DOC_TYPES + list(RDF_ALIASES))
        if media is None:
            raise self._not_acceptable(RDF_DOC_TYPES)
        media = RDF_ALIASES.get(media, media)
        if names:
            name = URIRef(names[0])
            if name not in self._graph_names():
                raise Reply(404, f"Error: no named graph <{names[0]}>; the graphs are listed in the Service "
                                 "Description at /sparql\n")
        else:
            name = None

        def make() -> bytes:
            graph = Graph()
            bind_prefixes(graph.namespace_manager)
            if name is None:
                for context in self.kg.dataset.graphs():
                    graph += context
            else:
                graph += self.kg.dataset.graph(name)
            return self._graph_text(graph, media).encode("utf-8")

        return Reply(200, self._cached(("store", name, media), make), media_type=f"{media}; charset=utf-8",
                     headers={"Vary": "Accept"})

    def _graph_names(self) -> set:
        return self._cached("graph-names", lambda: {g.identifier for g in self.kg.dataset.graphs() if len(g)})

    def resource(self, path: str, accept: str | None, lang: str = "en", *, explicit: bool = False) -> Reply:
        iri = URIRef(self.base + path.lstrip("/"))
        if path.strip("/") and iri in self._graph_names():  # a named graph's IRI: its content at /store
            location = "/store?" + urlencode({"graph": str(iri)})
            return Reply(303, f"See {location}\n", headers={"Location": location, "Vary": "Accept"})
        if not path.strip("/") or not is_known(self.kg.dataset, iri):
            raise self._not_found(iri, lang, path)
        media = negotiate(accept, ENTITY_TYPES)
        if media is None:
            raise self._not_acceptable(ENTITY_TYPES)
        links = {m: self.pages.doc_path(iri, SUFFIX_OF[m]) for m in PAGE_TYPES}
        location = self.pages.doc_path(iri, SUFFIX_OF[media])
        if media == "text/html" and explicit:
            location = with_lang(location, lang) if lang != "en" else location + "?lang=en"
        return Reply(303, f"See {location}\n", headers={"Location": location, "Vary": "Accept",
                                                        "Link": _link_header(links)})

    def document(self, rest: str, accept: str | None, lang: str = "en") -> Reply:
        path_rest = rest
        stem, dot, suffix = rest.rpartition(".")
        if dot and suffix in DOC_FORMATS:
            wanted, rest = DOC_FORMATS[suffix], stem
        else:
            wanted = None
        iri = URIRef(self.base + rest)
        if iri == ONTOLOGY_IRI:
            return self.ontology(wanted or accept, lang)
        if not rest or not is_known(self.kg.dataset, iri):
            raise self._not_found(iri, lang, "/doc/" + rest)
        links = {m: self.pages.doc_path(iri, SUFFIX_OF[m]) for m in PAGE_TYPES}
        media = wanted or negotiate(accept, ENTITY_TYPES)
        if media is None:
            raise self._not_acceptable(ENTITY_TYPES)
        media = RDF_ALIASES.get(media, media)
        headers = {"Link": _link_header(links)}
        if wanted is None:
            headers["Vary"] = "Accept"
            headers["Content-Location"] = links[media]
        if media == "text/html":
            headers["Vary"] = "Accept, Accept-Language" if wanted is None else "Accept-Language"
            return Reply(200, self._page_of(iri, lang, "/doc/" + path_rest), media_type="text/html; charset=utf-8",
                         headers=headers)
        graph = describe(self.kg.dataset, iri)
        if media == "application/ld+json":  # compacted with the shipped context (/context.jsonld)
            text = json.dumps(jsonld_document(graph, context=CONTEXT), ensure_ascii=False, indent=1) + "\n"
        else:
            text = self._graph_text(graph, media)
        return Reply(200, text, media_type=f"{media}; charset=utf-8", headers=headers)

    # -- pictures --------------------------------------------------------------

    def _page_of(self, iri: URIRef, lang: str, here: str) -> bytes:
        """The entity's page, made once per entity, language, address and day (its card says what is
        in force today); the :data:`PAGES_KEPT` most recently asked are kept."""
        import datetime

        key = (iri, lang, here, datetime.date.today())
        with self._lock:
            found = self._pages.get(key)
            if found is not None:
                self._pages.move_to_end(key)
                return found
        made = self._entity_page(iri, lang, here).encode("utf-8")
        with self._lock:
            self._pages[key] = made
            while len(self._pages) > PAGES_KEPT:
                self._pages.popitem(last=False)
        return made

    def _entity_page(self, iri: URIRef, lang: str, here: str | None = None) -> str:
        """An entity's HTML page in ``lang``, with its card's memberships in force today."""
        import datetime

        today = datetime.date.today().isoformat()
        members = memberships = None
        mode = chart_mode(self.kg.dataset, iri)
        with self._chart_lock:  # one in-process helper query at a time
            try:
                if mode == "org":
                    rows = self.kg.query("members-at", date=today, org=str(iri)).rows
                    members = [(row["member"], row.get("role")) for row in rows]
                elif mode == "state":
                    rows = self.kg.query("organizations-of", state=str(iri), date=today).rows
                    memberships = [(row["organization"], row.get("role")) for row in rows]
            except (QueryError, UsageError):  # a custom query folder without these helpers
                pass
        return self.makers[lang].resource(iri, pictures=self._pictures(iri, lang), members=members,
                                          memberships=memberships, here=here)

    def search(self, params: dict, accept: str | None, lang: str) -> Reply:
        """``/search?q=``: entities by label in any language, as HTML or JSON (``Accept`` or ``format=json``)."""
        asked = (params.get("q") or [""])[0]
        wanted_json = (params.get("format") or [""])[0] == "json"
        if not wanted_json:
            media = negotiate(accept, ["text/html", "application/json"])
            if media is None:
                raise self._not_acceptable(["text/html", "application/json"])
            wanted_json = media == "application/json"
        maker = self.makers[lang]
        found = self.kg.search(asked, limit=100) if asked.strip() else []
        hits = [{"iri": str(iri), "label": maker.label(iri), "href": maker.path(iri),
                 "classes": [maker.label(c) for c in maker.classes(iri)]} for iri in found]
        if wanted_json:
            body = json.dumps({"query": asked, "lang": lang, "results": hits}, ensure_ascii=False, indent=1)
            return Reply(200, body, media_type="application/json; charset=utf-8", headers={"Vary": "Accept, Accept-Language"})
        title = t("Search", lang)
        parts = [f"<h1>{_escape(title)}</h1>"]
        if asked.strip():
            parts.append(f"<p>{_escape(t('{count} results for “{query}”', lang, count=len(hits), query=asked))}</p>")
            items = "".join(f'<li><a href="{_escape(with_lang(h["href"], lang))}">{_escape(h["label"])}</a> '
                            f'<span class="lang">{_escape(", ".join(h["classes"]))}</span></li>' for h in hits)
            parts.append(f'<ol class="results">{items}</ol>')
        else:
            parts.append(f"<p>{_escape(t('Type a name in any language: accents and case do not matter.', lang))}</p>")
        html = page(title, "".join(parts), lang=lang, here="/search", params={"q": asked} if asked else None,
                    query=asked)
        return Reply(200, html, media_type="text/html; charset=utf-8", headers={"Vary": "Accept, Accept-Language"})

    def _pictures(self, iri: URIRef, lang: str = "en") -> str:
        return pictures(self._chart_svg(iri, lang), f"/neighbourhood{self.pages.path(iri)}.json?lang={lang}",
                        self._map_html(iri, lang), lang=lang)

    def _chart_svg(self, iri: URIRef, lang: str) -> str | None:
        """The entity's membership chart (inline SVG), drawn once per entity and language, then cached."""
        key = ("chart", iri, lang)
        with self._chart_lock:
            if key not in self._cache:
                self._cache[key] = entity_chart_svg(self.kg, iri, lang=lang)
            return self._cache[key]

    def _map_html(self, iri: URIRef, lang: str) -> str | None:
        """The entity's member map with its slider (inline SVG + JSON), made once per entity and language."""
        key = ("map", iri, lang)
        with self._chart_lock:
            if key not in self._cache:
                self._cache[key] = entity_map_html(self.kg, iri, lang=lang)
            return self._cache[key]

    def neighbourhood(self, rest: str, query_string: str) -> Reply:
        stem, dot, suffix = rest.rpartition(".")
        iri = URIRef(self.base + stem)
        if suffix != "json" or not stem or not is_known(self.kg.dataset, iri):
            raise Reply(404, "Error: no such entity; ask /neighbourhood/<path>.json for an entity at /<path>\n")
        params = parse_qs(query_string)
        lang = (params.get("lang") or [self.pages.label.lang])[0]
        if not LANG_TAG.fullmatch(lang):
            raise Reply(400, "Error: lang must be a language tag such as en or fr\n")
        try:
            limit = asked_limit(params.get("limit"))
        except ValueError as error:
            raise Reply(400, f"Error: {error}\n") from None
        view = neighbourhood(self.kg.dataset, iri, lang=lang, base=self.base, limit=limit)
        return Reply(200, json.dumps(view, ensure_ascii=False), media_type="application/json; charset=utf-8")


    def explain(self, query_string: str, accept: str | None, lang: str = "en") -> Reply:
        """``/explain?s=&p=&o=``: see :mod:`csto_kg.web.explain_page`, which holds the route."""
        from csto_kg.web.explain_page import explain_answer

        answer = explain_answer(self.kg, query_string, accept, pages=self.makers[lang], timeout=self.settings.timeout)
        return Reply(answer.status, answer.body, media_type=answer.media_type, headers=answer.headers)


def _compressible(media_type: str) -> bool:
    media = media_type.split(";")[0].strip().lower()
    return (media.startswith("text/") or media.endswith(("+json", "+xml", "/json", "/xml", "/javascript"))
            or media in ("application/n-triples", "image/svg+xml"))


def _takes_gzip(accept_encoding: str | None) -> bool:
    """Whether ``Accept-Encoding`` takes gzip (``q=0`` refuses it).

    >>> _takes_gzip("gzip, deflate, br"), _takes_gzip("br;q=1, gzip;q=0"), _takes_gzip(None), _takes_gzip("*")
    (True, False, False, True)
    """
    return next((q > 0 for coding, q in weighted_items(accept_encoding) if coding in ("gzip", "x-gzip", "*")),
                False)


def _link_header(links: dict) -> str:
    return ", ".join(f'<{url}>; rel="alternate"; type="{media}"' for media, url in links.items())


def _escape(text: str) -> str:
    from html import escape

    return escape(text)


BACKLOG = 2048  # connections the kernel queues before the server accepts them


def _listening_socket(host: str, port: int) -> socket.socket:
    """The bound, listening socket; a busy or privileged port is a :class:`UsageError` (exit 2)."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind((host, port))
    except OSError as error:
        sock.close()
        if error.errno in (errno.EADDRINUSE, errno.EACCES):
            raise UsageError(f"port {port} is in use; choose another with --port") from None
        raise UsageError(f"cannot listen on {host}:{port}: {error.strerror or error}") from None
    sock.listen(BACKLOG)
    return sock


class RunningServer:
    """A server on uvicorn (see :mod:`csto_kg.web.asgi`): ``url``, ``start()`` (a background thread),
    ``run()`` (this thread, until interrupted), ``close()``."""

    def __init__(self, kg: KnowledgeGraph, *, settings: ServerSettings):
        import uvicorn

        from csto_kg.web.asgi import AsgiApp
        from csto_kg.web.http_protocol import LimitedHttpProtocol

        self.socket = _listening_socket(settings.host, settings.port)  # first: a busy port fails at once
        try:
            self.app = LinkedDataApp(kg, settings=settings)
        except BaseException:
            self.socket.close()
            raise
        host, port = self.socket.getsockname()[:2]
        self.url = f"http://{host}:{port}/"
        protocol = type("Protocol", (LimitedHttpProtocol,), {"request_seconds": settings.request_seconds})
        config = uvicorn.Config(AsgiApp(self.app, quiet=settings.quiet, max_body=MAX_BODY),
                                http=protocol, lifespan="off", log_config=None,
                                log_level="critical" if settings.quiet else "warning", access_log=False,
                                backlog=BACKLOG, limit_concurrency=settings.max_connections,
                                timeout_keep_alive=5, timeout_graceful_shutdown=2, server_header=False)
        self.server = uvicorn.Server(config)
        self._thread: threading.Thread | None = None

    def start(self) -> "RunningServer":
        import time

        self._thread = threading.Thread(target=self.run, daemon=True)
        self._thread.start()
        deadline = time.monotonic() + 60
        while not self.server.started and self._thread.is_alive() and time.monotonic() < deadline:
            time.sleep(0.01)
        if not self.server.started:
            self.close()
            raise RuntimeError("the server did not start")
        return self

    def run(self) -> None:
        self.server.run(sockets=[self.socket])

    def close(self) -> None:
        self.server.should_exit = True
        if self._thread is not None:
            self._thread.join(10)
        self.socket.close()
        self.app.close()


def start_server(kg: KnowledgeGraph, *, settings: ServerSettings) -> RunningServer:
    """Start serving in a background thread; returns the running server.

    >>> from csto_kg.api import _fixture_kg
    >>> import urllib.request
    >>> server = start_server(_fixture_kg(), settings=ServerSettings(port=0, workers=1, quiet=True))
    >>> urllib.request.urlopen(server.url + "sparql?query=ASK%7B%7D").read()
    b'{\\n  "head": {},\\n  "boolean": true\\n}\\n'
    >>> server.close()
    """
    return RunningServer(kg, settings=settings).start()


def serve(kg: KnowledgeGraph, *, settings: ServerSettings, announce: Callable[[str], None]) -> None:
    """Serve until interrupted (``csto-kg serve``)."""
    server = RunningServer(kg, settings=settings)
    announce(f"csto-kg serving on {server.url} (SPARQL: {server.url}sparql; "
             f"IRIs under {settings.base}; timeout {settings.timeout:g} s; max rows {settings.max_rows})")
    try:
        server.run()
    except KeyboardInterrupt:
        pass
    finally:
        server.socket.close()
        server.app.close()
