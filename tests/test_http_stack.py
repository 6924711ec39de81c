"""The HTTP stack of `csto-kg serve` (uvicorn + Starlette): framing, deadlines, limits, streaming, Graph Store.

Raw sockets where the framing itself is under test; a `csto-kg serve` process where
its memory or its log is measured.
"""

from __future__ import annotations

import gzip
import http.client
import json
import os
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path
from urllib.parse import quote, urlencode, urlsplit

import pytest
from rdflib import BNode, Graph, URIRef
from rdflib.compare import isomorphic

from csto_kg.namespaces import GRAPH, INFERRED_GRAPH
from csto_kg.web.server import ServerSettings, start_server

ROOT = Path(__file__).resolve().parent.parent
LIGHT = "SELECT ?s WHERE { ?s a csto:State } ORDER BY ?s LIMIT 2"
# ~40 kB a row (10 characters doubled 12 times), as many rows as the graph has triples
BIG = ("SELECT ?s ?t WHERE { ?s ?p ?o BIND(\"0123456789\" AS ?a0) "
       + " ".join(f"BIND(CONCAT(?a{i}, ?a{i}) AS ?a{i + 1})" for i in range(12))
       + " BIND(?a12 AS ?t) } LIMIT 2000")


@pytest.fixture(scope="module")
def server(bundled_kg):
    running = start_server(bundled_kg, settings=ServerSettings(port=0, timeout=10, workers=2, quiet=True,
                                                               request_seconds=1.5,
                                                               max_response_bytes=3_000_000))
    yield running
    running.close()


def address(server) -> tuple[str, int]:
    parts = urlsplit(server.url)
    return parts.hostname, parts.port


def exchange(server, raw: bytes, *, timeout: float = 20) -> bytes:
    """Send ``raw`` and read until the server closes the connection."""
    with socket.create_connection(address(server), timeout=timeout) as sock:
        sock.sendall(raw)
        chunks = []
        while True:
            try:
                chunk = sock.recv(65536)
            except ConnectionResetError:
                break
            if not chunk:
                break
            chunks.append(chunk)
    return b"".join(chunks)


def get(server, path, headers=None):
    host, port = address(server)
    connection = http.client.HTTPConnection(host, port, timeout=60)
    try:
        connection.request("GET", path, headers=headers or {})
        response = connection.getresponse()
        return response.status, {k.lower(): v for k, v in response.getheaders()}, response.read()
    finally:
        connection.close()


def test_a_chunked_body_is_read_and_the_connection_stays_in_step(server):
    query = LIGHT.encode()
    head = (b"POST /sparql HTTP/1.1\r\nHost: x\r\nContent-Type: application/sparql-query\r\n"
            b"Accept: text/csv\r\nTransfer-Encoding: chunked\r\n\r\n")
    body = b"%x\r\n%s\r\n%x\r\n%s\r\n0\r\n\r\n" % (10, query[:10], len(query) - 10, query[10:])
    follow = b"GET /robots.txt HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"
    reply = exchange(server, head + body + follow)
    first, _, rest = reply.partition(b"\r\n\r\n")
    assert first.startswith(b"HTTP/1.1 200 OK")
    assert rest.startswith(b"s\r\nhttps://w3id.org/csto-kg/id/Afghanistan\r\nhttps://w3id.org/csto-kg/id/Armenia\r\n")
    assert reply.count(b"HTTP/1.1 200 OK") == 2 and reply.endswith(b"Allow: /\n")  # the second request too


def test_conflicting_content_lengths_are_refused(server):
    reply = exchange(server, b"POST /sparql HTTP/1.1\r\nHost: x\r\nContent-Type: application/sparql-query\r\n"
                             b"Content-Length: 5\r\nContent-Length: 40\r\n\r\nASK {}")
    assert reply.startswith(b"HTTP/1.1 400 ")
    assert reply.count(b"HTTP/1.1") == 1  # the rest of the bytes were not read as another request


def test_a_body_over_the_limit_is_413_whether_declared_or_chunked(server):
    declared = exchange(server, b"POST /sparql HTTP/1.1\r\nHost: x\r\nContent-Type: application/sparql-query\r\n"
                                b"Content-Length: 2000000\r\n\r\n")
    assert declared.startswith(b"HTTP/1.1 413 ") and declared.endswith(b"Error: request body larger than 1048576 bytes\n")
    piece = b"x" * 65536
    chunked = (b"POST /sparql HTTP/1.1\r\nHost: x\r\nContent-Type: application/sparql-query\r\n"
               b"Transfer-Encoding: chunked\r\n\r\n" + (b"10000\r\n" + piece + b"\r\n") * 17 + b"0\r\n\r\n")
    reply = exchange(server, chunked)
    assert reply.startswith(b"HTTP/1.1 413 ") and reply.endswith(b"Error: request body larger than 1048576 bytes\n")


def test_a_request_trickling_in_is_stopped_at_the_total_deadline(server):
    """A header every 0.4 s would keep a per-read timeout happy for ever; the total deadline fires."""
    started = time.monotonic()
    with socket.create_connection(address(server), timeout=20) as sock:
        sock.sendall(b"GET /robots.txt HTTP/1.1\r\nHost: x\r\n")
        reply = b""
        for number in range(50):
            time.sleep(0.4)
            try:
                sock.sendall(b"X-Slow-%d: y\r\n" % number)
            except OSError:
                break
            sock.settimeout(0.01)
            try:
                reply += sock.recv(4096)
            except (socket.timeout, ConnectionResetError):
                pass
            sock.settimeout(20)
            if reply:
                break
        elapsed = time.monotonic() - started
    assert reply.startswith(b"HTTP/1.1 408 Request Timeout")
    assert reply.endswith(b"Error: the request was not received within 1.5 s\n")
    assert 1.4 <= elapsed < 12  # the limit fired (not before), on a busy machine too


def test_an_idle_connection_gets_the_deadline_too(server):
    started = time.monotonic()
    with socket.create_connection(address(server), timeout=20) as sock:
        reply = sock.recv(4096)
    assert reply.startswith(b"HTTP/1.1 408 ") and 1.4 <= time.monotonic() - started < 12


def test_long_headers_are_431(server):
    reply = exchange(server, b"GET / HTTP/1.1\r\nHost: x\r\n" + b"X-Big: " + b"a" * 70000 + b"\r\n\r\n")
    assert reply.startswith(b"HTTP/1.1 431 Request Header Fields Too Large")
    assert reply.endswith(b"Error: the request headers are longer than 65536 bytes\n")


def test_a_large_answer_is_cut_at_the_byte_cap_and_stays_valid_json(server):
    status, headers, body = get(server, "/sparql?" + urlencode({"query": BIG}),
                                {"Accept": "application/sparql-results+json"})
    assert status == 200
    assert headers["x-csto-kg-truncated"] == "max-response-bytes=3000000"
    assert 2_000_000 < len(body) <= 3_000_000
    rows = json.loads(body)["results"]["bindings"]
    assert 40 < len(rows) < 75 and all(len(row["t"]["value"]) == 40960 for row in rows)
    assert "content-length" in headers and "etag" not in headers  # streamed: no ETag of a spooled body


def test_a_streamed_answer_is_gzipped_on_the_way_when_asked(server):
    status, headers, body = get(server, "/sparql?" + urlencode({"query": BIG}),
                                {"Accept": "text/csv", "Accept-Encoding": "gzip"})
    assert status == 200 and headers["content-encoding"] == "gzip" and "content-length" not in headers
    text = gzip.decompress(body)
    assert 2_000_000 < len(text) <= 3_000_000 and text.startswith(b"s,t\r\n") and text.endswith(b"\r\n")
    assert len(body) < len(text) / 50  # the same 40 kB string on each row


def test_head_of_a_streamed_answer_has_no_body(server):
    reply = exchange(server, b"HEAD /sparql?" + urlencode({"query": BIG}).encode()
                     + b" HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
    head, _, rest = reply.partition(b"\r\n\r\n")
    assert head.startswith(b"HTTP/1.1 200 ") and b"x-csto-kg-truncated: max-response-bytes=3000000" in head
    assert rest == b""


def test_hundreds_of_connections_at_once_are_all_answered(server):
    statuses: list[int] = []

    def one() -> None:
        try:
            statuses.append(get(server, "/robots.txt")[0])
        except OSError as error:
            statuses.append(str(error))

    threads = [threading.Thread(target=one) for _ in range(200)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert statuses == [200] * 200


# -- Graph Store Protocol (read) -------------------------------------------------

def same_triples(served, expected) -> bool:
    """The same triples: those without blank nodes equal, the others alike by predicate and named ends
    (rdflib's isomorphism test takes seconds on the bundled graph's blank nodes)."""
    def shape(triples):
        plain = {t for t in triples if not any(isinstance(x, BNode) for x in t)}
        blank = sorted(tuple("_" if isinstance(x, BNode) else x.n3() for x in t) for t in triples
                       if any(isinstance(x, BNode) for x in t))
        return plain, blank

    return shape(set(served)) == shape(set(expected))


def test_graph_store_reads_a_named_graph_and_the_default_graph(server, bundled_kg):
    status, headers, body = get(server, "/store?" + urlencode({"graph": str(INFERRED_GRAPH)}),
                                {"Accept": "text/turtle"})
    assert status == 200 and headers["content-type"] == "text/turtle; charset=utf-8"
    assert same_triples(Graph().parse(data=body, format="turtle"), bundled_kg.dataset.graph(INFERRED_GRAPH))
    status, headers, body = get(server, "/store?default", {"Accept": "application/n-triples"})
    union = {triple for context in bundled_kg.dataset.graphs() for triple in context}
    assert status == 200 and same_triples(Graph().parse(data=body, format="nt"), union)


def test_graph_store_errors(server):
    assert get(server, "/store")[2] == (b"Error: give one of ?graph=IRI (a named graph) or ?default (the union of "
                                        b"all); the graphs are listed in the Service Description at /sparql\n")
    assert get(server, "/store?default&graph=x")[0] == 400
    status, _, body = get(server, "/store?" + urlencode({"graph": GRAPH + "nothing"}))
    assert (status, body) == (404, f"Error: no named graph <{GRAPH}nothing>; the graphs are listed in the "
                                   "Service Description at /sparql\n".encode())
    reply = exchange(server, b"PUT /store?default HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\nConnection: close\r\n\r\n")
    assert reply.startswith(b"HTTP/1.1 405 ") and b"\r\nallow: GET, HEAD, OPTIONS\r\n" in reply


def test_a_named_graph_iri_dereferences_to_its_content(server, bundled_kg):
    states = URIRef(GRAPH + "data/states.ttl")
    status, headers, _ = get(server, "/graph/data/states.ttl")
    assert status == 303 and headers["location"] == "/store?" + urlencode({"graph": str(states)})
    status, _, body = get(server, headers["location"], {"Accept": "application/n-triples"})
    assert status == 200 and isomorphic(Graph().parse(data=body, format="nt"), bundled_kg.dataset.graph(states))


def test_sparqlwrapper_client(server, bundled_kg):
    from SPARQLWrapper import JSON, TURTLE, SPARQLWrapper

    client = SPARQLWrapper(server.url + "sparql")
    client.setQuery("PREFIX csto: <https://w3id.org/csto-kg/ontology#> " + LIGHT)
    client.setReturnFormat(JSON)
    rows = client.query().convert()["results"]["bindings"]
    assert [row["s"]["value"] for row in rows] == ["https://w3id.org/csto-kg/id/Afghanistan",
                                                   "https://w3id.org/csto-kg/id/Armenia"]
    client.setQuery("PREFIX csto: <https://w3id.org/csto-kg/ontology#> "
                    "CONSTRUCT { ?s a csto:State } WHERE { ?s a csto:State }")
    client.setReturnFormat(TURTLE)
    graph = Graph().parse(data=client.query().convert(), format="turtle")
    expected = {s for s in bundled_kg.dataset.subjects(URIRef("http://www.w3.org/1999/02/22-rdf-syntax-ns#type"),
                                                      URIRef("https://w3id.org/csto-kg/ontology#State"))}
    assert set(graph.subjects()) == expected


# -- a server process: memory under a large answer, one log line per request ---------

def _running(pid: int) -> bool:
    try:
        return Path(f"/proc/{pid}/stat").read_text().split()[2] != "Z"
    except OSError:
        return False


def _rss(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) * 1024
    return 0


def test_server_memory_stays_bounded_under_a_large_answer_and_a_client_leaving_is_one_line(tmp_path):
    """A 40 MB answer goes through the main process in 64 KiB pieces: its RSS grows by far less."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    log = (tmp_path / "serve.log").open("w+")
    process = subprocess.Popen([sys.executable, "-m", "csto_kg", "serve", "--port", str(port), "--workers", "1",
                                "--max-response-bytes", "40000000"], stdout=subprocess.DEVNULL, stderr=log, env=env)
    try:
        deadline = time.monotonic() + 120
        while True:
            try:
                http.client.HTTPConnection("127.0.0.1", port, timeout=5).request("GET", "/robots.txt")
                break
            except OSError:
                assert time.monotonic() < deadline and process.poll() is None, "server did not start"
                time.sleep(0.2)
        for warm_up in (LIGHT, BIG.replace("LIMIT 2000", "LIMIT 40")):  # threads, imports, first spool
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
            connection.request("GET", "/sparql?query=" + quote(warm_up), headers={"Accept": "text/csv"})
            connection.getresponse().read()
            connection.close()
        before = _rss(process.pid)
        peak = [before]
        stop = threading.Event()

        def watch() -> None:
            while not stop.is_set():
                peak.append(_rss(process.pid))
                time.sleep(0.02)

        watcher = threading.Thread(target=watch)
        watcher.start()
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
        connection.request("GET", "/sparql?query=" + quote(BIG), headers={"Accept": "text/csv"})
        response = connection.getresponse()
        size = 0
        while chunk := response.read(1 << 20):
            size += len(chunk)
            time.sleep(0.005)  # a client slower than the disk
        stop.set()
        watcher.join()
        assert response.status == 200 and 30_000_000 < size <= 40_000_000
        grown = max(peak) - before
        print(f"server main process RSS {before / 1e6:.0f} MB -> peak {max(peak) / 1e6:.0f} MB for a {size / 1e6:.0f} MB answer")
        assert grown < 12_000_000, grown  # the answer is 40 MB

        with socket.create_connection(("127.0.0.1", port)) as sock:  # leaves after the first bytes
            sock.sendall(b"GET /sparql?query=" + quote(BIG).encode() + b" HTTP/1.1\r\nHost: x\r\nAccept: text/csv\r\n\r\n")
            sock.recv(65536)
        time.sleep(3)
        http.client.HTTPConnection("127.0.0.1", port, timeout=10).request("GET", "/robots.txt")
        time.sleep(1)
        # killed with -9 during a heavy query: no worker outlives the server (PR_SET_PDEATHSIG)
        heavy = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        heavy.request("GET", "/sparql?query=" + quote("SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"))
        time.sleep(1)
        zygote = subprocess.run(["pgrep", "-P", str(process.pid)], capture_output=True, text=True).stdout.split()
        assert len(zygote) == 1  # the one process that loaded the graph and forks the workers

        def forked() -> list[str]:  # running workers: one just killed may be a zombie until it is reaped
            found = subprocess.run(["pgrep", "-P", zygote[0]], capture_output=True, text=True).stdout.split()
            return [pid for pid in found if _running(int(pid))]

        settled = time.monotonic() + 10  # a replacement may still be starting
        while len(forked()) != 4 and time.monotonic() < settled:
            time.sleep(0.1)
        workers = forked()
        assert len(workers) == 4, workers  # one long lane, two quick, one spare
        workers += zygote
        process.kill()
        process.wait(20)
        deadline = time.monotonic() + 10
        while any(_running(int(pid)) for pid in workers) and time.monotonic() < deadline:
            time.sleep(0.1)
        assert not [pid for pid in workers if _running(int(pid))]
    finally:
        process.kill()
        process.wait(20)
    log.seek(0)
    lines = log.read().splitlines()
    left = [line for line in lines if "client left" in line]
    assert len(left) == 1, left
    assert left[0].startswith('127.0.0.1 - "GET /sparql?query=SELECT%20%3Fs') and " 200 " in left[0]
    assert not [line for line in lines if "Traceback" in line or "Error" in line]
