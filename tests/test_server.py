"""`csto-kg serve`: SPARQL 1.1 Protocol, conneg, statuses and headers, dereferencing, limits, safety.

A real server is started on 127.0.0.1 by the tests and spoken to over HTTP.
"""

from __future__ import annotations

import csv
import http.client
import io
import json
import re
import socket
import threading
import time
from pathlib import Path
from urllib.parse import quote, urlencode, urlsplit

import pytest
from rdflib import Graph, URIRef
from rdflib.query import Result as RdflibResult

from csto_kg.store.exports import export
from csto_kg.inputs.safety import parse_rdf
from csto_kg.namespaces import KG
from csto_kg.web.server import ServerSettings, start_server

from conftest import FIXTURE_ARGS, run_cli

TIMEOUT = 2.0
SELECT = "SELECT ?s ?label WHERE { ?s a csto:State ; rdfs:label ?label FILTER(LANG(?label) = 'fr') } ORDER BY ?s"
HEAVY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"


@pytest.fixture(scope="module")
def server(bundled_kg):
    running = start_server(bundled_kg, settings=ServerSettings(port=0, timeout=TIMEOUT, max_rows=500,
                                                               workers=2, quiet=True))
    yield running
    running.close()


def request(server, method, path, *, headers=None, body=None):
    parts = urlsplit(server.url)
    connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=30)
    try:
        connection.request(method, path, body=body, headers=headers or {})
        response = connection.getresponse()
        return response.status, {k.lower(): v for k, v in response.getheaders()}, response.read()
    finally:
        connection.close()


def get_query(server, query, accept=None):
    return request(server, "GET", "/sparql?query=" + quote(query), headers={"Accept": accept} if accept else {})


def parse_results(body: bytes, fmt: str):
    return RdflibResult.parse(io.BytesIO(body), format=fmt)


# -- request forms and result formats ---------------------------------------------

@pytest.mark.parametrize("accept, fmt", [
    ("application/sparql-results+json", "json"), ("application/sparql-results+xml", "xml"),
    ("text/csv", "csv"), ("text/tab-separated-values", "tsv")])
def test_select_in_every_result_format(server, bundled_kg, accept, fmt):
    status, headers, body = get_query(server, SELECT, accept)
    assert status == 200 and headers["content-type"].startswith(accept)
    assert headers["access-control-allow-origin"] == "*" and "access-control-allow-credentials" not in headers
    rows = list(parse_results(body, fmt))
    expected = bundled_kg.sparql(SELECT).rows
    assert len(rows) == len(expected) > 5
    assert {str(r[0]) for r in rows} == {str(r["s"]) for r in expected}


def test_post_form_and_direct_post_give_the_same_answer(server):
    _, _, by_get = get_query(server, SELECT, "application/sparql-results+json")
    status, _, by_form = request(server, "POST", "/sparql", body=urlencode({"query": SELECT}),
                                 headers={"Content-Type": "application/x-www-form-urlencoded",
                                          "Accept": "application/sparql-results+json"})
    assert status == 200
    status, _, direct = request(server, "POST", "/sparql", body=SELECT.encode(),
                                headers={"Content-Type": "application/sparql-query",
                                         "Accept": "application/sparql-results+json"})
    assert status == 200 and json.loads(by_get) == json.loads(by_form) == json.loads(direct)


@pytest.mark.parametrize("accept, fmt", [("application/sparql-results+json", "json"),
                                         ("application/sparql-results+xml", "xml")])
def test_ask(server, accept, fmt):
    status, _, body = get_query(server, "ASK { kg:CSTO a ?t }", accept)
    assert status == 200 and parse_results(body, fmt).askAnswer is True


@pytest.mark.parametrize("accept, fmt", [("text/turtle", "turtle"), ("application/n-triples", "nt"),
                                         ("application/ld+json", "json-ld"), ("application/rdf+xml", "xml")])
def test_construct_and_describe_in_every_graph_format(server, accept, fmt):
    query = "CONSTRUCT { kg:CSTO ?p ?o } WHERE { kg:CSTO ?p ?o }"
    status, headers, body = get_query(server, query, accept)
    assert status == 200 and headers["content-type"].startswith(accept)
    graph = Graph()
    parse_rdf(graph, body, format=fmt)
    assert (KG.CSTO, None, None) in graph
    status, _, body = get_query(server, "DESCRIBE kg:CSTO", accept)
    assert status == 200 and len(body) > 100


def test_not_acceptable_bad_query_and_service_description(server):
    status, headers, body = get_query(server, SELECT, "image/png")
    assert status == 406 and b"application/sparql-results+json" in body
    status, _, body = get_query(server, "SELECT ?s WHERE { ?s ?p }")
    assert status == 400 and b"SPARQL syntax error" in body and b"Expected" in body
    status, headers, body = request(server, "GET", "/sparql", headers={"Accept": "text/turtle"})
    graph = Graph().parse(data=body, format="turtle")
    sd = URIRef("http://www.w3.org/ns/sparql-service-description#")
    assert status == 200 and (None, None, URIRef(str(sd) + "Service")) in graph
    status, headers, body = request(server, "OPTIONS", "/sparql", headers={"Origin": "http://x.example"})
    assert status == 204 and "POST" in headers["access-control-allow-methods"]


def test_read_only(server, bundled_kg):
    before = len(bundled_kg.dataset)
    status, _, _ = request(server, "POST", "/sparql", body=b"INSERT DATA { kg:a kg:b kg:c }",
                           headers={"Content-Type": "application/sparql-update"})
    assert status == 403
    status, _, _ = request(server, "POST", "/sparql", body=urlencode({"update": "CLEAR ALL"}),
                           headers={"Content-Type": "application/x-www-form-urlencoded"})
    assert status == 403
    status, _, body = get_query(server, "INSERT DATA { kg:a kg:b kg:c }")
    assert status == 400 and b"not allowed" in body
    assert request(server, "PUT", "/id/CSTO", body=b"x")[0] == 405
    assert len(bundled_kg.dataset) == before
    _, _, body = get_query(server, "ASK { kg:a kg:b kg:c }", "application/sparql-results+json")
    assert json.loads(body)["boolean"] is False


def test_max_rows_marks_the_cut(server):
    status, headers, body = get_query(server, "SELECT * WHERE { ?s ?p ?o }", "application/sparql-results+json")
    assert status == 200 and headers["x-csto-kg-truncated"] == "max-rows=500"
    assert len(json.loads(body)["results"]["bindings"]) == 500


def test_sparqlstore_client(server, bundled_kg):
    from rdflib.plugins.stores.sparqlstore import SPARQLStore

    store = SPARQLStore(server.url + "sparql", returnFormat="json")
    rows = list(store.query("PREFIX csto: <https://w3id.org/csto-kg/ontology#> "
                            "SELECT ?s WHERE { ?s a csto:State }"))
    expected = bundled_kg.sparql("SELECT ?s WHERE { ?s a csto:State }").rows
    assert {str(r[0]) for r in rows} == {str(r["s"]) for r in expected} and rows


# -- timeout and concurrency ------------------------------------------------------

def test_heavy_query_is_stopped_while_a_light_one_is_answered(server):
    outcome = {}

    def heavy():
        started = time.monotonic()
        outcome["heavy"] = get_query(server, HEAVY)
        outcome["heavy_seconds"] = time.monotonic() - started

    thread = threading.Thread(target=heavy)
    thread.start()
    time.sleep(0.3)
    started = time.monotonic()
    status, _, _ = get_query(server, SELECT, "application/sparql-results+json")
    light = time.monotonic() - started
    thread.join()
    assert status == 200 and light < 1.0
    status, _, body = outcome["heavy"]
    assert status == 503 and b"time limit" in body
    assert outcome["heavy_seconds"] < 2 * TIMEOUT
    time.sleep(1.5)  # the killed worker is replaced; the server keeps answering
    assert get_query(server, "ASK {}")[0] == 200


# -- dereferenceable IRIs and pages -------------------------------------------------

@pytest.mark.parametrize("accept, suffix", [("text/html", "html"), ("text/turtle", "ttl"),
                                            ("application/ld+json", "jsonld"),
                                            ("application/n-triples", "nt"), ("application/rdf+xml", "rdf")])
def test_resource_303_and_conneg(server, accept, suffix):
    status, headers, _ = request(server, "GET", "/id/CSTO", headers={"Accept": accept})
    assert status == 303 and headers["location"] == f"/doc/id/CSTO.{suffix}"
    assert headers["vary"] == "Accept" and 'rel="alternate"' in headers["link"]
    status, headers, body = request(server, "GET", headers.get("location"))
    assert status == 200 and headers["content-type"].startswith(accept)
    if suffix != "html":
        graph = Graph()
        parse_rdf(graph, body, format={"ttl": "turtle", "jsonld": "json-ld", "nt": "nt", "rdf": "xml"}[suffix])
        assert (KG.CSTO, None, None) in graph
    status, headers, _ = request(server, "GET", "/doc/id/CSTO", headers={"Accept": accept})
    # an HTML page also depends on the language; every compressible answer on Accept-Encoding
    vary = ("Accept, Accept-Language" if suffix == "html" else "Accept") + ", Accept-Encoding"
    assert status == 200 and headers["vary"] == vary and headers["content-location"].endswith(suffix)


def test_unknown_resource_is_404_and_unacceptable_is_406(server):
    assert request(server, "GET", "/id/Atlantis")[0] == 404
    assert request(server, "GET", "/doc/id/Atlantis.ttl")[0] == 404
    assert request(server, "GET", "/id/CSTO", headers={"Accept": "image/png"})[0] == 406


def test_resource_page_shows_labels_types_inferred_facts_and_sources(server, bundled_kg):
    status, _, body = request(server, "GET", "/doc/id/CSTO.html")
    html = body.decode()
    assert status == 200
    assert "Organisation du traité de sécurité collective" in html or "OTSC" in html  # French label
    assert "Collective Security Treaty Organization" in html
    assert 'class="inferred"' in html and 'class="card"' in html
    assert "<blockquote" in html  # quoted source passages
    assert 'href="/id/' in html  # facts link to local pages


def test_index_ontology_void_and_downloads(server, bundled_kg):
    status, _, body = request(server, "GET", "/")
    assert status == 200 and b'href="/id/CSTO"' in body
    status, headers, body = request(server, "GET", "/ontology", headers={"Accept": "text/html"})
    assert status == 200 and b"pyLODE" in body and headers["vary"].split(", ")[0] == "Accept"
    status, _, body = request(server, "GET", "/ontology", headers={"Accept": "text/turtle"})
    assert status == 200 and b"owl:Ontology" in body
    status, _, body = request(server, "GET", "/.well-known/void")
    assert status == 200 and b"void:triples" in body and b"void:sparqlEndpoint" in body
    status, _, body = request(server, "GET", "/download/csto-kg-all.nq")
    assert status == 200 and body == export(bundled_kg.dataset, fmt="nquads")
    status, headers, body = request(server, "GET", "/sparql", headers={"Accept": "text/html"})
    assert status == 200 and b"yasgui.min.js" in body and b"members-at" in body
    status, headers, body = request(server, "GET", "/static/yasgui/yasgui.min.js")
    assert status == 200 and len(body) > 100_000


def test_query_ui_page_carries_tabs_base_prefixes_and_ontology_terms(server, bundled_kg):
    status, _, body = request(server, "GET", "/sparql?lang=fr", headers={"Accept": "text/html"})
    assert status == 200
    page = body.decode("utf-8")
    data = json.loads(page.split('<script id="csto-ui" type="application/json">', 1)[1].split("</script>", 1)[0])
    assert (data["base"], data["lang"], data["prefixes"]["kg"]) == ("https://w3id.org/csto-kg/", "fr",
                                                                    "https://w3id.org/csto-kg/id/")
    assert [tab["name"] for tab in data["tabs"]][-2:] == ["treaty-parties", "contrôles"]
    assert [tab["id"] for tab in data["tabs"]][-2:] == ["helper-treaty-parties", "checks"]
    assert {"iri": "https://w3id.org/csto-kg/ontology#State", "label": "État"} in data["terms"]["classes"]
    assert {"iri": "https://w3id.org/csto-kg/ontology#memberOf", "label": "membre de (à un moment)"} \
        in data["terms"]["properties"]


def test_labels_route(server):
    armenia, state = "https://w3id.org/csto-kg/id/Armenia", "https://w3id.org/csto-kg/ontology#State"
    query = urlencode([("iri", armenia), ("iri", state), ("iri", "https://example.org/unknown"), ("lang", "ru")])
    status, headers, body = request(server, "GET", "/labels?" + query)
    assert status == 200 and headers["content-type"] == "application/json; charset=utf-8"
    assert json.loads(body) == {"lang": "ru", "labels": {armenia: "Армения", state: "государство"}}
    status, _, body = request(server, "GET", "/labels", headers={"Accept-Language": "fr"})
    assert (status, body) == (400, b"Error: /labels needs one or more iri= parameters\n")
def _ontology_page(server, query="", headers=None):
    status, response_headers, body = request(server, "GET", "/ontology" + query,
                                             headers={"Accept": "text/html", **(headers or {})})
    assert status == 200
    return response_headers, body.decode("utf-8")


@pytest.mark.parametrize("lang, own, foreign", [
    ("fr", ["membre de (à un moment)", "adhésion (ORG)", "traité", "Ontologie csto-kg", "Sous-classe de"],
     ["member of (at some time)", "membership (ORG)", ">treaty", "Sub Class Of", "член (в какой-либо период)"]),
    ("ru", ["член (в какой-либо период)", "членство (ORG)", "договор", "Онтология csto-kg", "Подкласс"],
     ["member of (at some time)", "membre de (à un moment)", ">treaty", ">traité", "Sub Class Of"]),
])
def test_the_ontology_documentation_speaks_one_language(server, lang, own, foreign):
    headers, html = _ontology_page(server, f"?lang={lang}")
    assert html.startswith(f'<!DOCTYPE html>\n<html lang="{lang}">')
    assert headers["vary"] == "Accept, Accept-Language, Accept-Encoding"
    assert [word for word in own if word not in html] == []
    assert [word for word in foreign if word in html] == []
    # one title per term: no "instantinstant", no "csto-kg ontologyOntologie csto-kg"
    titles = re.findall(r"<h3>([^<]*?)\s*<sup", html)
    assert len(titles) > 150 and "instantinstant" not in html and "momentinstant" not in html
    assert re.findall(r"<h1>([^<]*)</h1>", html) == [{"fr": "Ontologie csto-kg", "ru": "Онтология csto-kg"}[lang]]
    # the site's header: back to the site, search, the other two languages
    assert f'<a href="/?lang={lang}">' in html and '<form class="search" action="/search"' in html
    others = {"fr": ["en", "ru"], "ru": ["en", "fr"]}[lang]
    assert [code for code in others if f'href="/ontology?lang={code}" hreflang="{code}"' in html] == others
    # the ontology's own terms lead, by label: not dcterms:LinguisticSystem
    first = re.search(r'<div class="section" id="classes">\s*<h2>[^<]*</h2>\s*<div class="property entity" id="([^"]+)"',
                      html)[1]
    assert first == {"fr": "Agreement", "ru": "Protest"}[lang]
    assert html.index('id="dcterms:LinguisticSystem"') > html.index('id="Treaty"')
    # fixed anchors, links inside the page
    assert 'id="memberOf"' in html and '<a href="#Instrument">' in html


def test_the_ontology_documentation_follows_accept_language_and_is_made_once_per_language(server):
    _, french = _ontology_page(server, headers={"Accept-Language": "fr-CH, en;q=0.5"})
    assert french.startswith('<!DOCTYPE html>\n<html lang="fr">')
    _, english = _ontology_page(server)
    assert english.startswith('<!DOCTYPE html>\n<html lang="en">') and "member of (at some time)" in english
    assert "membre de (à un moment)" not in english and '<a href="/">' in english
    assert server.app._cache[("ontology-html", "fr")].decode("utf-8") == french


def test_pages_link_to_the_ontology_and_its_terms_anchors(server):
    status, _, body = request(server, "GET", "/doc/id/Serbia.html?lang=ru")
    html = body.decode("utf-8")
    assert status == 200 and '<a href="/ontology?lang=ru">Онтология</a>' in html
    assert 'href="/ontology?lang=ru#memberOf"' in html and ">член (в какой-либо период)</a>" in html
    _, docs = _ontology_page(server, "?lang=ru")
    anchors = set(re.findall(r'href="/ontology\?lang=ru#([^"]+)"', html))
    assert len(anchors) > 5 and sorted(a for a in anchors if f'id="{a}"' not in docs) == []
    status, _, body = request(server, "GET", "/?lang=fr")
    assert body.decode("utf-8").count('<a href="/ontology?lang=fr">Ontologie</a>') == 2  # the header, the text


def test_an_explanation_in_russian(server):
    query = urlencode({"s": "kg:Serbia", "p": "csto:memberOf", "o": "kg:CSTO-ParliamentaryAssembly", "lang": "ru"})
    status, headers, body = request(server, "GET", "/explain?" + query, headers={"Accept": "text/html"})
    html = body.decode("utf-8")
    assert status == 200 and html.startswith('<!DOCTYPE html>\n<html lang="ru">')
    assert "<h1>Почему: Сербия член (в какой-либо период) Парламентская Ассамблея ОДКБ</h1>" in html
    assert "выведено по правилу <code>prp-spo2</code>: цепочка свойств, из:" in html
    assert "заявлено в <code>data/memberships.ttl:84:48</code>" in html
    assert "Это объяснение в форматах" in html and "Другие доказательства" in html
    assert [word for word in ("Why", "inferred by", "asserted in", "property chain", "from:") if word in html] == []
    assert headers["vary"] == "Accept, Accept-Language, Accept-Encoding"
    # the language switcher keeps the triple
    assert 'href="/explain?s=kg%3ASerbia' not in html and "/explain?s=https%3A%2F%2Fw3id.org%2Fcsto-kg%2Fid%2FSerbia" in html


# -- nothing leaves the machine, no file is read ------------------------------------

@pytest.fixture
def listener():
    """A local TCP listener that records every connection made to it."""
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    sock.listen(16)
    sock.settimeout(0.2)
    accepted = []
    stop = threading.Event()

    def loop():
        while not stop.is_set():
            try:
                connection, _ = sock.accept()
            except OSError:
                continue
            accepted.append(1)
            connection.close()

    thread = threading.Thread(target=loop, daemon=True)
    thread.start()
    yield sock.getsockname()[1], accepted
    stop.set()
    thread.join()
    sock.close()


def test_server_refuses_remote_access(server, listener, tmp_path):
    port, accepted = listener
    secret = tmp_path / "secret.ttl"
    secret.write_text("<http://x/s> <http://x/p> 'TOP-SECRET' .\n")
    remote = f"http://127.0.0.1:{port}/data"
    for query in (f"SELECT * WHERE {{ SERVICE <{remote}> {{ ?s ?p ?o }} }}",
                  f"SELECT * FROM <{remote}> WHERE {{ ?s ?p ?o }}",
                  f"SELECT * FROM NAMED <{remote}> WHERE {{ GRAPH ?g {{ ?s ?p ?o }} }}",
                  f"SELECT * FROM <{secret.as_uri()}> WHERE {{ ?s ?p ?o }}",
                  f"LOAD <{remote}>"):
        status, _, body = get_query(server, query)
        assert status == 400 and b"TOP-SECRET" not in body, query
    status, _, _ = request(server, "POST", "/sparql", body=f"LOAD <{remote}>".encode(),
                           headers={"Content-Type": "application/sparql-update"})
    assert status == 403
    status, _, body = request(server, "GET", "/sparql?query=" + quote("SELECT * WHERE { ?s ?p ?o } LIMIT 1")
                              + "&default-graph-uri=" + quote(remote), headers={"Accept": "application/json"})
    assert status == 200 and json.loads(body)["results"]["bindings"] == []  # a graph it does not serve: empty
    time.sleep(0.3)
    assert accepted == []


def test_cli_refuses_remote_access_and_reads_no_file(listener, tmp_path):
    port, accepted = listener
    remote = f"http://127.0.0.1:{port}/x"
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET")
    done = run_cli("sparql", f"SELECT * WHERE {{ SERVICE <{remote}> {{ ?s ?p ?o }} }}", *FIXTURE_ARGS)
    assert done.returncode == 2 and "SERVICE is not allowed" in done.stderr
    done = run_cli("sparql", f"SELECT * FROM <{secret.as_uri()}> WHERE {{ ?s ?p ?o }}", *FIXTURE_ARGS)
    assert done.returncode == 2 and "TOP-SECRET" not in done.stdout + done.stderr
    remote_context = tmp_path / "remote-context.jsonld"
    remote_context.write_text(json.dumps({"@context": remote, "@id": "http://x/a", "name": "A"}))
    done = run_cli("reason", *FIXTURE_ARGS, "--data", str(remote_context))
    assert done.returncode == 2 and "remote JSON-LD context" in done.stderr
    xxe = tmp_path / "xxe.rdf"
    xxe.write_text(f'<?xml version="1.0"?><!DOCTYPE r [<!ENTITY s SYSTEM "{secret.as_uri()}">'
                   f'<!ENTITY r SYSTEM "{remote}">]>'
                   '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns:ex="http://x/">'
                   '<rdf:Description rdf:about="http://x/a"><ex:p>&s;&r;</ex:p></rdf:Description></rdf:RDF>')
    done = run_cli("sparql", "SELECT ?o WHERE { ?s <http://x/p> ?o }", *FIXTURE_ARGS, "--data", str(xxe))
    assert done.returncode == 2 and "TOP-SECRET" not in done.stdout + done.stderr
    imports = tmp_path / "imports.ttl"
    imports.write_text(f"<http://x/o> a <http://www.w3.org/2002/07/owl#Ontology> ; "
                       f"<http://www.w3.org/2002/07/owl#imports> <{remote}> .\n")
    done = run_cli("reason", "--no-cache", *FIXTURE_ARGS, "--data", str(imports))
    assert done.returncode in (0, 1), done.stderr
    time.sleep(0.3)
    assert accepted == []


# -- pages in French, English and Russian; entity pages; search (issue 15) ------------------

@pytest.mark.parametrize("path, headers, lang", [
    ("/doc/id/CSTO.html?lang=fr", {}, "fr"),
    ("/doc/id/CSTO.html", {"Accept-Language": "de, ru;q=0.9, fr;q=0.8"}, "ru"),
    ("/doc/id/CSTO.html?lang=en", {"Accept-Language": "fr"}, "en"),
    ("/doc/id/CSTO.html", {"Accept-Language": "de"}, "en"),
    ("/?lang=ru", {}, "ru"),
    ("/search?q=otsc", {"Accept-Language": "fr-CA"}, "fr"),
    ("/sparql", {"Accept": "text/html", "Accept-Language": "ru"}, "ru"),
])
def test_pages_speak_the_asked_language(server, path, headers, lang):
    status, answer, body = request(server, "GET", path, headers=headers)
    html = body.decode()
    assert status == 200 and f'<html lang="{lang}">' in html
    assert "Accept-Language" in answer["vary"]
    words = {"en": "SPARQL query", "fr": "Requête SPARQL", "ru": "Запрос SPARQL"}
    assert words[lang] in html
    here = urlsplit(path).path
    for other in {"en", "fr", "ru"} - {lang}:  # the switcher keeps the path
        assert f'href="{here}?' in html and f'lang={other}"' in html and f'hreflang="{other}"' in html


def test_entity_page_card_folded_facts_quotes_and_crawler_data(server, bundled_kg):
    status, _, body = request(server, "GET", "/doc/id/CSTO.html?lang=fr")
    html = body.decode()
    assert status == 200
    card = html[html.index('class="card"'):html.index("</section>")]
    assert "alliance militaire" in card and "Membres aujourd'hui" in card
    members = {str(r["member"]) for r in bundled_kg.query("members-at", date=__import__("datetime").date.today()
                                                          .isoformat()).rows}
    assert members and all(f'href="/{m.rsplit("/", 2)[1]}/{m.rsplit("/", 1)[1]}?lang=fr"' in card for m in members)
    # each property once: org:hasUnit restates csto:hasOrgan, schema:location csto:headquarters (ontology axioms)
    assert html.count('title="https://w3id.org/csto-kg/ontology#hasOrgan"') == 1
    assert 'title="http://www.w3.org/ns/org#hasUnit"' not in html.split("<h2>Cité par</h2>")[0]
    assert 'title="https://schema.org/location"' not in html.split("<h2>Cité par</h2>")[0]
    assert "<h2>Dates</h2>" in html and "<h2>Membres et structure</h2>" in html
    assert "accomplir :" in html and "^{" not in html  # footnote marks hidden; the data keeps them
    assert bundled_kg.sparql('ASK { ?p csto:quote ?q FILTER(CONTAINS(?q, "accomplir^{4,5}")) }').answer
    for suffix, media in (("ttl", "text/turtle"), ("jsonld", "application/ld+json"),
                          ("nt", "application/n-triples"), ("rdf", "application/rdf+xml")):
        assert f'<link rel="alternate" type="{media}" href="/doc/id/CSTO.{suffix}">' in html
    crawler = json.loads(html.split('<script type="application/ld+json">')[1].split("</script>")[0])
    assert crawler["@context"] == "https://schema.org" and crawler["@type"] == "Organization"
    assert crawler["name"] == "Organisation du traité de sécurité collective"
    assert crawler["sameAs"] == "http://www.wikidata.org/entity/Q318693"


def test_state_card_lists_its_memberships_in_force(server):
    status, _, body = request(server, "GET", "/doc/id/Armenia.html?lang=ru")
    card = body.decode().split('class="card"')[1].split("</section>")[0]
    assert status == 200 and "Членство на сегодня" in card
    assert 'href="/id/CSTO?lang=ru"' in card and 'href="/id/CIS?lang=ru"' in card
    assert "EurAsEC" not in card and "Eurasec" not in card  # an observer status that ended in 2015


def test_explicit_lang_survives_the_303(server):
    status, headers, _ = request(server, "GET", "/id/CSTO?lang=ru", headers={"Accept": "text/html"})
    assert status == 303 and headers["location"] == "/doc/id/CSTO.html?lang=ru"


@pytest.mark.parametrize("typed", ["ОДКБ", "otsc", "OTSC", "Organisation du traite de securite collective",
                                   "kg:CSTO", "collective security treaty organization"])
def test_search_by_any_label_accent_and_case_insensitive(server, typed):
    status, headers, body = request(server, "GET", "/search?" + urlencode({"q": typed, "format": "json"}))
    assert status == 200 and headers["content-type"] == "application/json; charset=utf-8"
    found = json.loads(body)
    assert found["query"] == typed and found["results"][0]["iri"] == str(KG.CSTO)
    assert found["results"][0]["href"] == "/id/CSTO"


def test_search_html_and_accept_json(server):
    status, headers, body = request(server, "GET", "/search?q=arm%C3%A9nie", headers={"Accept": "application/json"})
    assert status == 200 and json.loads(body)["results"][0]["iri"] == str(KG.Armenia)
    status, headers, body = request(server, "GET", "/search?q=arm%C3%A9nie&lang=fr")
    html = body.decode()
    assert status == 200 and headers["content-type"] == "text/html; charset=utf-8"
    assert '<a href="/id/Armenia?lang=fr">Arménie</a>' in html and 'value="arménie"' in html
    status, _, body = request(server, "GET", "/search?q=zzzzqqq&format=json")
    assert status == 200 and json.loads(body)["results"] == []
    for path in ("/", "/doc/id/CSTO.html", "/search", "/id/Atlantis"):  # a search box on every page
        assert b'<form class="search" action="/search"' in request(server, "GET", path)[2]


def test_index_by_class_with_counts_one_vocabulary_per_class(server, bundled_kg):
    status, _, body = request(server, "GET", "/")
    html = body.decode()
    assert status == 200
    classes = html.count('<details class="cls"')
    assert classes > 5 and "http://www.w3.org/ns/org#Organization" not in html
    assert 'title="https://schema.org/Organization"' not in html
    states = len(bundled_kg.sparql("SELECT DISTINCT ?s WHERE { ?s a csto:State FILTER(STRSTARTS(STR(?s), "
                                   "'https://w3id.org/csto-kg/id/')) }").rows)
    assert f">state ({states}) </summary>" in html


# -- protocol and content negotiation gaps (issue 15) ----------------------------------------

@pytest.mark.parametrize("accept, location, media", [
    ("application/json", "/doc/id/CSTO.jsonld", "application/ld+json"),
    ("text/n3", "/doc/id/CSTO.ttl", "text/turtle")])
def test_json_and_n3_on_an_entity(server, accept, location, media):
    status, headers, _ = request(server, "GET", "/id/CSTO", headers={"Accept": accept})
    assert status == 303 and headers["location"] == location
    status, headers, body = request(server, "GET", "/doc/id/CSTO", headers={"Accept": accept})
    assert status == 200 and headers["content-type"] == f"{media}; charset=utf-8"
    assert headers["content-location"] == location
    graph = Graph()
    parse_rdf(graph, body, format="json-ld" if "json" in media else "turtle")
    assert (KG.CSTO, None, None) in graph


def test_entity_json_ld_is_compacted_with_the_shipped_context(server, bundled_kg):
    from csto_kg.web.resource_pages import describe
    from rdflib.compare import isomorphic

    status, _, body = request(server, "GET", "/doc/id/CSTO.jsonld")
    document = json.loads(body)
    shipped = json.loads((Path(__file__).resolve().parent.parent / "csto_kg" / "web" / "context.jsonld").read_text())
    assert status == 200 and document["@context"] == shipped["@context"]
    assert document["id"] == "kg:CSTO" and "label" in document  # the context aliases @id as id
    graph = Graph().parse(data=body, format="json-ld")
    assert isomorphic(graph, describe(bundled_kg.dataset, KG.CSTO))


@pytest.mark.parametrize("name, value, media", [
    ("format", "json", "application/sparql-results+json"), ("output", "xml", "application/sparql-results+xml"),
    ("format", "csv", "text/csv"), ("output", "tsv", "text/tab-separated-values"),
    ("format", "application/sparql-results+json", "application/sparql-results+json")])
def test_format_and_output_parameters(server, name, value, media):
    status, headers, _ = request(server, "GET", "/sparql?" + urlencode({"query": SELECT, name: value}),
                                 headers={"Accept": "text/csv" if media != "text/csv" else "application/xml"})
    assert status == 200 and headers["content-type"] == f"{media}; charset=utf-8"
    status, headers, _ = request(server, "GET", "/sparql?" + urlencode(
        {"query": "CONSTRUCT { kg:CSTO a ?t } WHERE { kg:CSTO a ?t }", "format": "turtle"}))
    assert status == 200 and headers["content-type"] == "text/turtle; charset=utf-8"
    assert request(server, "GET", "/sparql?" + urlencode({"query": SELECT, "format": "yaml"}))[0] == 400


def test_select_star_columns_in_query_order(server):
    for query, columns in (("SELECT * WHERE { ?s ?p ?o } LIMIT 2", ["s", "p", "o"]),
                           ("SELECT * WHERE { ?zeta a csto:State ; rdfs:label ?alpha } LIMIT 2", ["zeta", "alpha"]),
                           ("SELECT * WHERE { ?o ?p ?s } LIMIT 2", ["o", "p", "s"])):
        for _ in range(3):  # whichever worker answers
            _, _, body = get_query(server, query, "application/sparql-results+json")
            assert json.loads(body)["head"]["vars"] == columns
        _, _, body = get_query(server, query, "text/csv")
        assert body.decode().splitlines()[0] == ",".join(columns)


def test_robots_favicon_and_service_description_prefixes(server):
    status, headers, body = request(server, "GET", "/robots.txt")
    assert status == 200 and headers["content-type"].startswith("text/plain") and b"User-agent: *" in body
    status, headers, body = request(server, "GET", "/favicon.ico")
    assert status == 200 and headers["content-type"] == "image/svg+xml" and body.startswith(b"<svg")
    status, _, body = request(server, "GET", "/sparql", headers={"Accept": "text/turtle"})
    assert status == 200 and b"ns1:" not in body and b"@prefix sd: <http://www.w3.org/ns/sparql-service-description#>" in body
    assert b"sd:Service" in body


def test_default_and_named_graph_uri(server, bundled_kg):
    states = "https://w3id.org/csto-kg/graph/data/states.ttl"
    people = "https://w3id.org/csto-kg/graph/data/people.ttl"
    count = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"

    def ask(query, **graphs):
        pairs = [("query", query)] + [(k.replace("_", "-"), v) for k, vs in graphs.items() for v in vs]
        status, _, body = request(server, "GET", "/sparql?" + urlencode(pairs), headers={"Accept": "application/json"})
        assert status == 200, body
        return [{k: v["value"] for k, v in b.items()} for b in json.loads(body)["results"]["bindings"]]

    size = {g: len(bundled_kg.dataset.graph(URIRef(g))) for g in (states, people)}
    assert ask(count, default_graph_uri=[states]) == [{"n": str(size[states])}]
    merged = len(bundled_kg.dataset.graph(URIRef(states)) + bundled_kg.dataset.graph(URIRef(people)))
    assert ask(count, default_graph_uri=[states, people]) == [{"n": str(merged)}]
    named = ask("SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g", named_graph_uri=[people])
    assert named == [{"g": people, "n": str(size[people])}]
    assert ask(count, named_graph_uri=[people]) == [{"n": "0"}]  # the default graph is then empty
    status, _, _ = request(server, "GET", "/sparql?" + urlencode({"query": count, "default-graph-uri": "not an iri"}))
    assert status == 400


def test_sparqlstore_on_a_named_graph(server, bundled_kg):
    from rdflib.plugins.stores.sparqlstore import SPARQLStore

    states = URIRef("https://w3id.org/csto-kg/graph/data/states.ttl")
    # a graph on the store with that name: rdflib sends default-graph-uri=<states> with each query
    graph = Graph(store=SPARQLStore(server.url + "sparql", returnFormat="json"), identifier=states)
    rows = {str(r[0]) for r in graph.query("SELECT DISTINCT ?s WHERE { ?s a <https://w3id.org/csto-kg/ontology#State> }")}
    local = {str(s) for s in bundled_kg.dataset.graph(states).subjects(URIRef(
        "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"), URIRef("https://w3id.org/csto-kg/ontology#State"))}
    assert rows == local and rows
    assert len(list(graph.triples((KG.Armenia, None, None)))) == len(list(bundled_kg.dataset.graph(states).triples(
        (KG.Armenia, None, None))))


@pytest.mark.parametrize("path", ["/static/yasgui/yasgui.min.js", "/doc/id/CSTO.html", "/", "/doc/id/CSTO.ttl"])
def test_gzip_etag_and_304(server, path):
    import gzip

    status, plain, identity = request(server, "GET", path)
    assert status == 200 and "content-encoding" not in plain and plain["etag"].startswith('"')
    status, headers, packed = request(server, "GET", path, headers={"Accept-Encoding": "gzip"})
    assert status == 200 and headers["content-encoding"] == "gzip" and "Accept-Encoding" in headers["vary"]
    assert gzip.decompress(packed) == identity and len(packed) < len(identity) / 2
    assert headers["etag"] != plain["etag"] and int(headers["content-length"]) == len(packed)
    for tag, encoding in ((plain["etag"], None), (headers["etag"], "gzip")):
        asked = {"If-None-Match": tag, **({"Accept-Encoding": encoding} if encoding else {})}
        status, again, body = request(server, "GET", path, headers=asked)
        assert status == 304 and body == b"" and again["etag"] == tag
    assert request(server, "GET", path, headers={"If-None-Match": '"other"'})[0] == 200


def test_busy_port_exits_2_with_a_message():
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    sock.listen(1)
    port = sock.getsockname()[1]
    try:
        done = run_cli("serve", "--port", str(port), *FIXTURE_ARGS)
    finally:
        sock.close()
    assert done.returncode == 2
    assert done.stderr.strip().splitlines()[-1] == f"Error: port {port} is in use; choose another with --port"


def test_a_document_rdfxml_cannot_carry_is_406_not_500(tmp_path):
    """Data holding a NUL (which validation reports, and `serve` does not refuse): its RDF/XML
    document is 406 with the reason, its Turtle document is served."""
    from csto_kg import KnowledgeGraph
    from csto_kg.web.server import LinkedDataApp, ServerSettings

    from conftest import ONTOLOGY

    (tmp_path / "nul.ttl").write_text('@prefix kg: <https://w3id.org/csto-kg/id/> .\n'
                                      'kg:Nul kg:note "a\\u0000b" .\n', encoding="utf-8")
    kg = KnowledgeGraph.load(ontology=[ONTOLOGY], data=[tmp_path], bundled_data=False, cache=False)
    app = LinkedDataApp(kg, settings=ServerSettings(port=0, workers=1, quiet=True, quick_workers=0))
    try:
        xml = app.handle("GET", "/doc/id/Nul.rdf", {}, b"")
        turtle = app.handle("GET", "/doc/id/Nul.ttl", {}, b"")
    finally:
        app.close()
    assert xml.status == 406 and b"holds U+0000 (NUL), which XML cannot carry" in xml.body
    assert turtle.status == 200 and b"kg:Nul" in turtle.body


def test_the_endpoint_answers_with_the_datas_own_literals(server):
    """The workers' Oxigraph store keeps "100"^^xsd:nonNegativeInteger as "100"^^xsd:integer; the
    answer carries the data's literal, in a SELECT and a CONSTRUCT; a computed value stays computed."""
    xsd = "http://www.w3.org/2001/XMLSchema#"
    query = "SELECT ?n (SUM(?n) AS ?total) WHERE { kg:ct-Armenia csto:troopCount ?n } GROUP BY ?n"
    status, _, body = get_query(server, query, "application/sparql-results+json")
    assert status == 200
    assert json.loads(body)["results"]["bindings"] == [
        {"n": {"type": "literal", "value": "100", "datatype": xsd + "nonNegativeInteger"},
         "total": {"type": "literal", "value": "100", "datatype": xsd + "integer"}}]
    status, _, body = get_query(server, "CONSTRUCT WHERE { kg:ct-Armenia csto:troopCount ?n }", "application/n-triples")
    assert status == 200
    assert body.decode().strip() == ('<https://w3id.org/csto-kg/id/ct-Armenia> <https://w3id.org/csto-kg/ontology#troopCount> '
                                     f'"100"^^<{xsd}nonNegativeInteger> .')
