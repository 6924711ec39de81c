"""How long an explanation takes (issue 14): run by hand, never in CI.

Prints, for the bundled data and for synthetic data (``benchmarks/synthetic.py``, default
100k triples), the time of explaining one inferred membership (``?state csto:memberOf
?org``, a property chain over an inverse property: four asserted triples, two with
passages):

- building the rdflib Dataset the explanations read (``kg.dataset``: on a warm start or
  straight after reasoning it is made only when first asked for; the server makes it at
  start-up for its pages);
- the first explanation of a loaded graph (it builds the explainer: the index of the
  ``rdf:Statement`` s, and it scans the files the proof's asserted triples are in, for
  their lines);
- the next ones (median of ``--runs``), each a new search with the files already scanned;
- for the bundled data, the whole ``csto-kg explain`` process (warm cache, median of ``--runs``);
- ``csto:FullMember a org:Role`` (median of ``--runs``): a type that every membership with that
  role could also give by a property's range, the widest search of the data (at 100k, thousands
  of candidate premises, at most ``proof_search.FAN_IN`` tried).

Loading and reasoning are not counted (``benchmarks/scale.py`` measures them; explaining
adds nothing to reasoning, which records no derivation).

Usage: ``python benchmarks/explain.py [--sizes 100000] [--runs 5]``
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from synthetic import generate  # noqa: E402

from csto_kg import KnowledgeGraph  # noqa: E402

QUERY = "SELECT ?s ?o WHERE { ?s csto:memberOf ?o } ORDER BY ?s ?o LIMIT 1"


def measure(kg: KnowledgeGraph, runs: int) -> tuple[float, float, float, tuple]:
    """(building the Dataset, first explanation, median of the next ones, the triple explained)."""
    row = kg.sparql(QUERY).rows[0]
    triple = (row["s"], "csto:memberOf", row["o"])
    start = time.perf_counter()
    kg.dataset
    dataset = time.perf_counter() - start
    start = time.perf_counter()
    proof = kg.explain(*triple)
    first = time.perf_counter() - start
    assert proof.rule == "prp-spo2", proof.rule
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        kg.explain(*triple)
        times.append(time.perf_counter() - start)
    return dataset, first, statistics.median(times), triple


def wide(kg: KnowledgeGraph, runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        kg.explain("csto:FullMember", "a", "org:Role")
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def process_time(triple: tuple, runs: int) -> float:
    argv = [sys.executable, "-m", "csto_kg", "explain", str(triple[0]), triple[1], str(triple[2])]
    subprocess.run(argv, check=True, stdout=subprocess.DEVNULL)  # fills the cache
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(argv, check=True, stdout=subprocess.DEVNULL)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="100000", help="comma-separated synthetic sizes (triples)")
    parser.add_argument("--runs", type=int, default=5)
    options = parser.parse_args()
    print(f"{'data':<22} {'triples':>9} {'dataset':>9} {'first':>9} {'next':>9} {'process':>9} {'wide':>9}  triple")
    kg = KnowledgeGraph.load()
    dataset, first, warm, triple = measure(kg, options.runs)
    whole = process_time(triple, options.runs)
    total = kg.reason().total
    print(f"{'bundled':<22} {total:>9,} {dataset * 1000:>7.1f}ms {first * 1000:>7.1f}ms {warm * 1000:>7.2f}ms "
          f"{whole:>8.2f}s {wide(kg, options.runs) * 1000:>7.1f}ms  {triple[0]} memberOf {triple[2]}")
    for size in (int(s) for s in options.sizes.split(",") if s):
        with tempfile.TemporaryDirectory(prefix="csto-kg-explain-") as folder:
            path = Path(folder) / f"synthetic-{size}.ttl"
            path.write_text(generate(size), encoding="utf-8")
            kg = KnowledgeGraph.load(data=[path], bundled_data=False, cache=False)
            dataset, first, warm, triple = measure(kg, options.runs)
            total = kg.reason().total
            print(f"{'synthetic ' + str(size):<22} {total:>9,} {dataset * 1000:>7.1f}ms {first * 1000:>7.1f}ms "
                  f"{warm * 1000:>7.2f}ms {'-':>9} {wide(kg, options.runs) * 1000:>7.1f}ms  "
                  f"{triple[0]} memberOf {triple[2]}")


if __name__ == "__main__":
    os.environ.setdefault("PYTHONDONTWRITEBYTECODE", "1")
    main()
