"""Scale benchmark (issue 6): run by hand, never in CI.

For each size (asserted data triples of ``benchmarks/synthetic.py``, plus the
bundled ontology), a fresh worker process measures, side by side:

- ``parse``: rdflib parsing of the Turtle into the engine's Dataset (median);
- ``rl`` / ``owlrl``: reasoning time of each engine on that Dataset (median;
  owlrl only up to ``--owlrl-max``, default 10k: it takes ~3 ms a triple);
- ``floor``: bulk-loading the closure's N-Triples into an in-memory pyoxigraph
  Store (median), the cost of merely storing what reasoning produced;
- helper latency of ``members-at`` on each backend: rdflib in memory, Oxigraph
  embedded, and an ``oxigraph serve`` server through the SPARQL Protocol (median);
- peak RSS of the worker after parse + rl reasoning (owlrl runs in its own worker).

Usage: ``python benchmarks/scale.py [--sizes 1k,10k,100k,1M] [--runs 3] [--owlrl-max 10k]``
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "benchmarks")]


def size_of(text: str) -> int:
    text = text.strip().lower()
    factor = {"k": 1_000, "m": 1_000_000}.get(text[-1], 1)
    return int(float(text.rstrip("km")) * factor)


def label(size: int) -> str:
    return f"{size // 1_000_000}M" if size >= 1_000_000 else f"{size // 1000}k"


def say(text: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {text}", file=sys.stderr, flush=True)


def median_time(function, runs: int):
    times, value = [], None
    for _ in range(runs):
        started = time.perf_counter()
        value = function()
        times.append(time.perf_counter() - started)
    return statistics.median(times), value


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def data_file(size: int, folder: Path) -> Path:
    from synthetic import generate

    path = folder / f"synthetic-{label(size)}.ttl"
    if not path.exists():
        say(f"{label(size)}: generating synthetic data")
        path.write_text(generate(size), encoding="utf-8")
    return path


def worker(size: int, folder: Path, runs: int, engine: str) -> dict:
    import gc

    from csto_kg.inputs.files import discover
    from csto_kg.inputs.loading import load_files
    from csto_kg.reasoning import infer

    files = discover(data=[data_file(size, folder)], bundled_data=False)
    name = label(size)
    say(f"{name}: parsing with rdflib")
    parse_runs = runs if size <= 100_000 else 1
    parse, dataset = median_time(lambda: load_files(files), parse_runs)
    asserted = len(dataset)
    gc.collect()
    say(f"{name}: reasoning with {engine} ({asserted} asserted triples)")
    reason_runs = runs if (engine == "rl" and size <= 100_000) else 1
    if engine == "owlrl":  # owlrl itself, in this process (infer() may run it in a budgeted child)
        from csto_kg.reasoning.owlrl_reference import infer_owlrl

        reasoning, inference = median_time(lambda: infer_owlrl(dataset), reason_runs)
    else:
        reasoning, inference = median_time(lambda: infer(dataset, reasoner=engine), reason_runs)
    out = {"size": size, "engine": engine, "asserted": asserted, "parse": parse,
           "reason": reasoning, "inferred": len(inference.triples), "rss_mb": peak_rss_mb()}
    if engine != "rl":
        return out
    say(f"{name}: floor (bulk-loading {asserted + len(inference.triples)} closure triples into pyoxigraph)")
    out.update(_floor_and_queries(dataset, inference, folder, size, runs))
    return out


def _floor_and_queries(dataset, inference, folder: Path, size: int, runs: int) -> dict:
    import pyoxigraph as ox
    from rdflib import Graph

    from csto_kg.api import KnowledgeGraph
    from csto_kg.store.assembly import Assembled
    from csto_kg.namespaces import INFERRED_GRAPH
    from csto_kg.store.oxigraph import OxigraphBackend, fill_store
    from csto_kg.store.endpoint import EndpointBackend

    closure = Graph()
    for graph in dataset.graphs():
        closure += graph
    for triple in inference.triples:
        closure.add(triple)
    ntriples = closure.serialize(format="nt", encoding="utf-8")
    del closure

    def bulk():
        store = ox.Store()
        store.bulk_load(ntriples, format=ox.RdfFormat.N_TRIPLES)
        return store

    floor, _store = median_time(bulk, runs)
    inferred_graph = dataset.graph(INFERRED_GRAPH)
    for triple in inference.triples:
        inferred_graph.add(triple)
    assembled = Assembled(dataset, [], len(dataset), len(inference.triples), 0.0, [])
    memory = KnowledgeGraph(assembled)
    params = {"date": "2004", "org": "https://w3id.org/csto-kg/id/b0-Org0"}
    from rdflib import URIRef
    params["org"] = URIRef(params["org"])
    label_name = label(size)
    say(f"{label_name}: helper members-at on rdflib (memory)")
    latency = {"memory": median_time(lambda: memory.query("members-at", **params), runs)[0]}
    location = folder / f"store-{label_name}"
    shutil.rmtree(location, ignore_errors=True)
    store = ox.Store(str(location))
    say(f"{label_name}: filling the Oxigraph store")
    fill_store(store, dataset)
    embedded = KnowledgeGraph(assembled, backend=OxigraphBackend(store))
    say(f"{label_name}: helper members-at on Oxigraph embedded")
    latency["oxigraph"] = median_time(lambda: embedded.query("members-at", **params), runs)[0]
    rows = {"memory": len(memory.query("members-at", **params)),
            "oxigraph": len(embedded.query("members-at", **params))}
    del embedded, store
    import gc
    gc.collect()
    port = _free_port()
    say(f"{label_name}: helper members-at on oxigraph serve (port {port})")
    server = subprocess.Popen([_oxigraph_binary(), "serve", "--location", str(location),
                               "--bind", f"127.0.0.1:{port}", "--union-default-graph"], stdout=subprocess.DEVNULL,
                              stderr=subprocess.DEVNULL)
    try:
        _wait_for(port)
        remote = KnowledgeGraph(assembled, backend=EndpointBackend(f"http://127.0.0.1:{port}/query"))
        latency["server"] = median_time(lambda: remote.query("members-at", **params), runs)[0]
        rows["server"] = len(remote.query("members-at", **params))
    finally:
        server.terminate()
        server.wait(timeout=30)
    return {"floor": floor, "query": latency, "rows": rows}


def _oxigraph_binary() -> str:
    candidate = Path(sys.executable).with_name("oxigraph")
    return str(candidate) if candidate.exists() else (shutil.which("oxigraph") or "oxigraph")


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _wait_for(port: int, timeout: float = 60.0) -> None:
    deadline = time.time() + timeout
    while time.time() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError(f"oxigraph serve did not listen on port {port}")


def run_worker(size: int, folder: Path, runs: int, engine: str) -> dict:
    done = subprocess.run([sys.executable, __file__, "--worker", str(size), "--folder", str(folder),
                           "--runs", str(runs), "--engine", engine], stdout=subprocess.PIPE, text=True)
    if done.returncode:
        return {"size": size, "engine": engine, "error": f"exit {done.returncode}"}
    return json.loads(done.stdout.strip().splitlines()[-1])


def table(results: list[dict], skipped: list[str]) -> str:
    def ms(x):
        return "-" if x is None else (f"{x * 1000:.1f} ms" if x < 1 else f"{x:.2f} s")

    lines = ["| size (data) | asserted | inferred | parse | rl | owlrl | owlrl/rl | floor | rl/floor "
             "| peak RSS rl (owlrl) | members-at memory | Oxigraph | server |",
             "|---|---|---|---|---|---|---|---|---|---|---|---|---|"]
    for size in sorted({r["size"] for r in results}):
        rl = next((r for r in results if r["size"] == size and r["engine"] == "rl"), {})
        ow = next((r for r in results if r["size"] == size and r["engine"] == "owlrl"), {})
        q = rl.get("query", {})
        ratio = f"{ow['reason'] / rl['reason']:.0f}x" if ow.get("reason") and rl.get("reason") else "-"
        floor_ratio = f"{rl['reason'] / rl['floor']:.1f}x" if rl.get("floor") else "-"
        rss = f"{rl.get('rss_mb', 0):.0f} MB" + (f" ({ow['rss_mb']:.0f} MB)" if ow.get("rss_mb") else "")
        lines.append(f"| {label(size)} | {rl.get('asserted', '-')} | {rl.get('inferred', '-')} | "
                     f"{ms(rl.get('parse'))} | {ms(rl.get('reason'))} | {ms(ow.get('reason'))} | {ratio} | "
                     f"{ms(rl.get('floor'))} | {floor_ratio} | {rss} | {ms(q.get('memory'))} | "
                     f"{ms(q.get('oxigraph'))} | {ms(q.get('server'))} |")
    if skipped:
        lines.append("")
        lines.append("owlrl skipped at " + ", ".join(skipped) + " (above --owlrl-max).")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1k,10k,100k,1M")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--owlrl-max", default="10k")
    parser.add_argument("--folder", default=None, help="where synthetic data and stores go")
    parser.add_argument("--worker", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--engine", default="rl", help=argparse.SUPPRESS)
    options = parser.parse_args()
    folder = Path(options.folder or tempfile.mkdtemp(prefix="csto-kg-bench-"))
    folder.mkdir(parents=True, exist_ok=True)
    if options.worker:
        print(json.dumps(worker(options.worker, folder, options.runs, options.engine)))
        return
    results, skipped = [], []
    for size in (size_of(s) for s in options.sizes.split(",")):
        data_file(size, folder)
        results.append(run_worker(size, folder, options.runs, "rl"))
        say(f"{label(size)}: rl done: {json.dumps(results[-1])}")
        if size <= size_of(options.owlrl_max):
            results.append(run_worker(size, folder, options.runs, "owlrl"))
            say(f"{label(size)}: owlrl done: {json.dumps(results[-1])}")
        else:
            skipped.append(label(size))
    print(table(results, skipped))


if __name__ == "__main__":
    os.environ.setdefault("CSTO_KG_CACHE_DIR", tempfile.mkdtemp())
    main()
