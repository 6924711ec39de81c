"""HTTP benchmark of ``csto-kg serve`` (issues 15 and 18): run by hand, never in CI. Needs ``wrk``.

Starts ``csto-kg serve`` on the bundled data on a free loopback port (and, for
reference, ``oxigraph serve`` on the same quads), then prints:

1. **Throughput** at concurrency 8 (``wrk -t2 -c8 --latency``): a light SELECT, the
   ``members-at`` helper's query, an entity page, a static file; ``oxigraph serve``'s
   light SELECT beside them. Requests/s, p50, p99, errors.
2. **Load** at concurrency 16: mixed light requests (SELECT, helper, page, search), then
   the same while a thread sends one heavy query a second (killed at the time limit).
   Requests/s, p50, p99, errors, and the server's peak memory (main process, zygote and workers:
   the sum of their proportional set sizes, shared pages counted once).
3. **A large result**: a SELECT whose answer would be ~400 MB (10,000 rows of 40 kB),
   cut at ``--max-response-bytes``; bytes received, the cut header, the server's peak PSS.

Usage: ``python benchmarks/serve_http.py [--seconds 10] [--skip-oxigraph]``
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

LIGHT = "SELECT ?s WHERE { ?s a csto:State } LIMIT 3"
PAGE = "/doc/id/CSTO"
STATIC = "/static/ui.js"
HEAVY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
# 10 characters doubled 12 times: 40,960 characters a row; 10,000 rows: ~410 MB of JSON
BIG = ("SELECT ?s ?t WHERE { ?s ?p ?o BIND(\"0123456789\" AS ?a0) "
       + " ".join(f"BIND(CONCAT(?a{i}, ?a{i}) AS ?a{i + 1})" for i in range(12))
       + " BIND(?a12 AS ?t) } LIMIT 10000")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_ready(url: str, process: subprocess.Popen, seconds: float = 120) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit(f"server ended with {process.returncode}")
        try:
            urllib.request.urlopen(url, timeout=2).read()
            return
        except OSError:
            time.sleep(0.2)
    raise SystemExit(f"server at {url} did not answer within {seconds:g} s")


def rss_of_tree(pid: int) -> int:
    """Memory (bytes) of ``pid`` and all its descendants (the query workers' zygote and the workers it
    forked): the sum of their proportional set sizes (``Pss`` of ``/proc/PID/smaps_rollup``), so that
    pages the forked workers share with the zygote count once; ``VmRSS`` where Pss is not readable."""
    total, pids, seen = 0, [pid], set()
    while pids:
        one = pids.pop()
        if one in seen:
            continue
        seen.add(one)
        for task in Path(f"/proc/{one}/task").glob("*"):  # workers are started from several threads
            try:
                pids += [int(c) for c in (task / "children").read_text().split()]
            except OSError:
                pass
        for name, key in ((f"/proc/{one}/smaps_rollup", "Pss:"), (f"/proc/{one}/status", "VmRSS:")):
            try:
                lines = Path(name).read_text().splitlines()
            except OSError:
                continue
            found = [int(line.split()[1]) * 1024 for line in lines if line.startswith(key)]
            if found:
                total += found[0]
                break
    return total


class PeakRss:
    """The highest :func:`rss_of_tree` seen every 50 ms while in the ``with`` block."""

    def __init__(self, pid: int):
        self.pid, self.peak, self._stop = pid, 0, threading.Event()

    def __enter__(self):
        self._thread = threading.Thread(target=self._watch, daemon=True)
        self._thread.start()
        return self

    def _watch(self) -> None:
        while not self._stop.is_set():
            self.peak = max(self.peak, rss_of_tree(self.pid))
            time.sleep(0.05)

    def __exit__(self, *exc) -> None:
        self._stop.set()
        self._thread.join()


def wrk(base: str, paths: list[str], *, connections: int, seconds: float) -> dict:
    """Run wrk over ``paths`` (in turn) and parse its figures."""
    script = tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False)
    listed = ", ".join('"' + p.replace("\\", "\\\\").replace('"', '\\"') + '"' for p in paths)
    script.write(f"local paths = {{{listed}}}\nlocal i = 0\n"
                 "request = function()\n  i = i % #paths + 1\n  return wrk.format(\"GET\", paths[i])\nend\n")
    script.close()
    out = subprocess.run(["wrk", "-t2", f"-c{connections}", f"-d{seconds:g}s", "--latency", "-s", script.name,
                          base], capture_output=True, text=True, check=True).stdout
    os.unlink(script.name)
    figures = {"rps": float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1)),
               "p50": _latency(out, "50%"), "p99": _latency(out, "99%"),
               "errors": 0}
    found = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    if found:
        figures["errors"] += int(found.group(1))
    found = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", out)
    if found:
        figures["errors"] += sum(int(x) for x in found.groups())
    return figures


def _latency(out: str, which: str) -> float:
    value, unit = re.search(rf"^\s+{re.escape(which)}\s+([\d.]+)(us|ms|s)\s*$", out, re.M).groups()
    return float(value) * {"us": 0.001, "ms": 1.0, "s": 1000.0}[unit]


def sparql_path(query: str, prefix: str = "/sparql") -> str:
    return prefix + "?" + urllib.parse.urlencode({"query": query, "format": "json"})


def members_at_query() -> str:
    """The members-at helper's text with its parameters bound as terms (as the CLI binds them)."""
    from csto_kg.api import KnowledgeGraph
    from csto_kg.store.values import substitute

    kg = KnowledgeGraph.load()
    helper = kg.helper("members-at")
    bindings = helper.bindings({"date": "2010-01-01"}, resolve_entity=kg._resolve_for)
    return substitute(helper.text, bindings)


def line(name: str, figures: dict) -> str:
    return (f"{name:<44} {figures['rps']:>10.0f} {figures['p50']:>9.2f} {figures['p99']:>9.2f} "
            f"{figures['errors']:>7}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=10, help="length of each wrk run (default 10)")
    parser.add_argument("--skip-oxigraph", action="store_true", help="do not run oxigraph serve beside")
    options = parser.parse_args()
    if shutil.which("wrk") is None:
        raise SystemExit("wrk is not installed (apt-get install wrk)")
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    server = subprocess.Popen([sys.executable, "-m", "csto_kg", "serve", "--port", str(port)],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    reference = folder = None
    try:
        wait_ready(base + "/robots.txt", server)
        members = members_at_query()
        header = f"{'what':<44} {'req/s':>10} {'p50 ms':>9} {'p99 ms':>9} {'errors':>7}"
        print("1. throughput, concurrency 8")
        print(header)
        for name, path in (("light SELECT", sparql_path(LIGHT)), ("members-at query", sparql_path(members)),
                           ("entity page " + PAGE, PAGE), ("static file " + STATIC, STATIC)):
            urllib.request.urlopen(base + path, timeout=60).read()  # warm-up: the page is made once
            print(line(name, wrk(base, [path], connections=8, seconds=options.seconds)), flush=True)
        if not options.skip_oxigraph and shutil.which("oxigraph"):
            from csto_kg.api import KnowledgeGraph

            folder = tempfile.mkdtemp(prefix="csto-kg-bench-ox-")
            quads = Path(folder) / "all.nq"
            quads.write_bytes(KnowledgeGraph.load().nquads())
            subprocess.run(["oxigraph", "load", "--location", f"{folder}/store", "--file", str(quads)],
                           check=True, capture_output=True)
            ox_port = free_port()
            reference = subprocess.Popen(["oxigraph", "serve-read-only", "--location", f"{folder}/store",
                                          "--bind", f"127.0.0.1:{ox_port}"],
                                         stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            ox_base = f"http://127.0.0.1:{ox_port}"
            prefixed = ("PREFIX csto: <https://w3id.org/csto-kg/ontology#> "
                        "SELECT ?s WHERE { GRAPH ?g { ?s a csto:State } } LIMIT 3")
            wait_ready(ox_base + sparql_path(prefixed, "/query"), reference)
            print(line("oxigraph serve: light SELECT", wrk(ox_base, [sparql_path(prefixed, "/query")],
                                                             connections=8, seconds=options.seconds)), flush=True)

        print("\n2. load, concurrency 16, mixed light requests")
        print(header + f" {'peak PSS MB':>12}")
        mixed = [sparql_path(LIGHT), PAGE, sparql_path(members), "/search?q=armenie&format=json", STATIC]
        with PeakRss(server.pid) as rss:
            figures = wrk(base, mixed, connections=16, seconds=options.seconds)
        print(line("mixed light", figures) + f" {rss.peak / 1e6:>12.0f}", flush=True)
        stop = threading.Event()
        heavy_status: list[int] = []

        def heavy() -> None:
            try:
                urllib.request.urlopen(base + sparql_path(HEAVY), timeout=60).read()
                heavy_status.append(200)
            except urllib.error.HTTPError as error:
                heavy_status.append(error.code)
            except OSError:
                heavy_status.append(0)

        def every_second() -> None:  # one new heavy query a second, each in its own thread
            while not stop.wait(1.0):
                threading.Thread(target=heavy, daemon=True).start()

        with PeakRss(server.pid) as rss:
            sender = threading.Thread(target=every_second, daemon=True)
            sender.start()
            figures = wrk(base, mixed, connections=16, seconds=options.seconds)
            stop.set()
        print(line("mixed light + 1 heavy query/s", figures) + f" {rss.peak / 1e6:>12.0f}")
        # reference: the same CPU taken by any process at the long lane's niceness, not by the server
        burner = subprocess.Popen(["nice", "-n", "10", sys.executable, "-c", "while True: pass"])
        try:
            time.sleep(11)  # the heavy queries above end first (stopped at the 10 s time limit)
            with PeakRss(server.pid) as rss:
                figures = wrk(base, mixed, connections=16, seconds=options.seconds)
        finally:
            burner.kill()
            burner.wait()
        print(line("mixed light + 1 busy process (nice 10)", figures) + f" {rss.peak / 1e6:>12.0f}")
        print(f"   heavy queries: {len(heavy_status)} sent, statuses {sorted(set(heavy_status))}", flush=True)

        print("\n3. a large result (~410 MB uncut)")
        with PeakRss(server.pid) as rss:
            began = time.monotonic()
            with urllib.request.urlopen(base + sparql_path(BIG), timeout=120) as reply:
                size = 0
                while chunk := reply.read(1 << 20):
                    size += len(chunk)
                cut = reply.headers.get("X-CSTO-KG-Truncated")
            seconds = time.monotonic() - began
        print(f"   received {size / 1e6:.1f} MB in {seconds:.1f} s; X-CSTO-KG-Truncated: {cut}; "
              f"server peak PSS (main, zygote, workers) {rss.peak / 1e6:.0f} MB; main process now "
              f"{rss_of_tree_main(server.pid) / 1e6:.0f} MB")
    finally:
        server.terminate()
        server.wait(10)
        if reference is not None:
            reference.terminate()
            reference.wait(10)
        if folder:
            shutil.rmtree(folder, ignore_errors=True)


def rss_of_tree_main(pid: int) -> int:
    for line_ in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line_.startswith("VmRSS:"):
            return int(line_.split()[1]) * 1024
    return 0


if __name__ == "__main__":
    main()
