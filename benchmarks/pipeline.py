"""Whole-process pipeline benchmark (issue 12): run by hand, never in CI.

Prints medians, side by side in one run, of:

- ``csto-kg reason --ontology O --data D --no-bundled-data --no-cache -o out.nt`` on synthetic
  data (``benchmarks/synthetic.py``) at each size, its peak RSS, and the floor measured in the
  same run: pyoxigraph parses the inputs, bulk-loads the closure that ``reason`` wrote and dumps
  it as N-Quads (the least any engine must do); at the smallest size also the same command with
  ``--reasoner owlrl``;
- a transitive chain (``--chain N`` links): ``reason`` finished, or stopped by a budget, and when;
- the cold ``csto-kg build`` of the bundled data (fresh cache folder) against one rdflib parse
  of the bundled files;
- the warm ``csto-kg query members-at --date 2010-01-01`` against ``python -c "import rdflib"``;
- every helper in process on the bundled data (default engine), median per helper of
  ``--helper-runs`` calls after five warm-up calls, with no arguments and with those of its first
  ``#+ example:`` line (``--only helpers``: this part alone).

Every process runs as an installed package would: csto_kg's modules compiled to bytecode
first (pip compiles at install time, as rdflib's are), ``PYTHONDONTWRITEBYTECODE`` unset.

Usage: ``python benchmarks/pipeline.py [--sizes 10000,100000] [--runs 3] [--chain 1500]
[--helper-runs 200] [--only helpers]``
"""

from __future__ import annotations

import argparse
import compileall
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))


def run(argv: list[str], *, env: dict, cwd: Path, check: bool = True) -> tuple[float, int, subprocess.CompletedProcess]:
    """Wall seconds, peak RSS (MB) of that process (GNU time's %M) and the completed process."""
    started = time.perf_counter()
    done = subprocess.run(["/usr/bin/time", "-f", "peak-kb=%M", *argv], env=env, cwd=cwd,
                          capture_output=True, text=True)
    seconds = time.perf_counter() - started
    lines = done.stderr.rstrip().splitlines()
    peak = int(lines[-1].split("=", 1)[1]) if lines and lines[-1].startswith("peak-kb=") else 0
    done.stderr = "\n".join(line for line in lines if not line.startswith(("peak-kb=", "Command exited")))
    if check and done.returncode != 0:
        raise SystemExit(f"{' '.join(argv)} failed ({done.returncode}):\n{done.stderr[-2000:]}")
    return seconds, peak // 1024, done


def median(values: list[float]) -> float:
    return statistics.median(values)


def floor_seconds(inputs: list[Path], closure: Path) -> float:
    """pyoxigraph: parse the inputs, bulk-load the closure, dump it (in this process)."""
    import pyoxigraph as ox

    started = time.perf_counter()
    for path in inputs:
        for _ in ox.parse(path=str(path), format=ox.RdfFormat.TURTLE):
            pass
    store = ox.Store()
    store.bulk_load(path=str(closure), format=ox.RdfFormat.N_TRIPLES)
    store.dump(format=ox.RdfFormat.N_QUADS)
    return time.perf_counter() - started


def reason_rows(sizes: list[int], runs: int, env: dict, work: Path) -> list[str]:
    from synthetic import generate

    ontology = ROOT / "ontology" / "csto.ttl"
    rows = ["| size (triples) | `reason` whole process | peak RSS | floor (pyoxigraph) | ratio | `--reasoner owlrl` | speed-up |",
            "| ---: | ---: | ---: | ---: | ---: | ---: | ---: |"]
    for index, size in enumerate(sizes):
        data = work / f"synthetic-{size}.ttl"
        data.write_text(generate(size), encoding="utf-8")
        out = work / f"closure-{size}.nt"
        argv = [sys.executable, "-m", "csto_kg", "reason", "--ontology", str(ontology), "--data", str(data),
                "--no-bundled-data", "--no-cache", "-o", str(out)]
        times, peaks = [], []
        for _ in range(runs):
            seconds, peak, _done = run(argv, env=env, cwd=work)
            times.append(seconds)
            peaks.append(peak)
        floor = median([floor_seconds([ontology, data], out) for _ in range(runs)])
        owlrl = ""
        speedup = ""
        if index == 0:
            seconds, _peak, done = run(argv + ["--reasoner", "owlrl"], env=env, cwd=work, check=False)
            owlrl = f"{seconds:.2f} s" + ("" if done.returncode == 0 else f" (exit {done.returncode})")
            speedup = f"{seconds / median(times):.1f}x"
        rows.append(f"| {size:,} | {median(times):.2f} s | {max(peaks)} MB | {floor:.2f} s | "
                    f"{median(times) / floor:.1f}x | {owlrl} | {speedup} |")
        print(rows[-1], file=sys.stderr, flush=True)
    return rows


def chain_row(links: int, env: dict, work: Path) -> str:
    ontology, data = work / "chain-ontology.ttl", work / "chain.ttl"
    ontology.write_text("@prefix owl: <http://www.w3.org/2002/07/owl#> .\n"
                        "<http://x/p> a owl:TransitiveProperty .\n", encoding="utf-8")
    data.write_text("".join(f"<http://x/n{i}> <http://x/p> <http://x/n{i + 1}> .\n" for i in range(links)),
                    encoding="utf-8")
    argv = [sys.executable, "-m", "csto_kg", "reason", "--ontology", str(ontology), "--data", str(data),
            "--no-bundled-data", "--no-cache", "--queries", str(work / "no-queries")]
    (work / "no-queries").mkdir(exist_ok=True)
    seconds, peak, done = run(argv, env=env, cwd=work, check=False)
    outcome = "finished" if done.returncode in (0, 1) else f"exit {done.returncode}: {done.stderr.strip()[:120]}"
    return f"chain of {links} links: {outcome} in {seconds:.1f} s, peak {peak} MB"


def build_row(runs: int, env: dict, work: Path) -> str:
    from rdflib import Graph

    from csto_kg.inputs.files import discover

    files = discover()
    parse = []
    for _ in range(runs):
        started = time.perf_counter()
        for f in files:
            Graph().parse(f.path, format="turtle")
        parse.append(time.perf_counter() - started)
    builds = []
    for i in range(runs):
        cold = dict(env, CSTO_KG_CACHE_DIR=str(work / f"cold-cache-{i}"))
        seconds, _peak, _done = run([sys.executable, "-m", "csto_kg", "build", "--out", str(work / "out")],
                                    env=cold, cwd=work)
        builds.append(seconds)
    return (f"cold build of the bundled data: {median(builds):.2f} s; one rdflib parse of its "
            f"{len(files)} files: {median(parse):.2f} s; ratio {median(builds) / median(parse):.1f}x")


def warm_row(runs: int, env: dict, work: Path) -> str:
    warm = dict(env, CSTO_KG_CACHE_DIR=str(work / "warm-cache"))
    query = [sys.executable, "-m", "csto_kg", "query", "members-at", "--date", "2010-01-01"]
    run(query, env=warm, cwd=work)
    queries = [run(query, env=warm, cwd=work)[0] for _ in range(runs)]
    imports = [run([sys.executable, "-c", "import rdflib"], env=env, cwd=work)[0] for _ in range(runs)]
    return (f"warm query members-at: {median(queries):.3f} s; import rdflib: {median(imports):.3f} s; "
            f"ratio {median(queries) / median(imports):.2f}x")


def example_params(example: str) -> dict[str, str]:
    """The parameters of one ``#+ example:`` line (``--include-suspended`` given bare: ``true``).

    >>> example_params("--treaty 'traité de Tachkent' --date 2000-06-01 --include-suspended")
    {'treaty': 'traité de Tachkent', 'date': '2000-06-01', 'include_suspended': 'true'}
    """
    import shlex

    words, params = shlex.split(example), {}
    for i, word in enumerate(words):
        if word.startswith("--"):
            bare = i + 1 == len(words) or words[i + 1].startswith("--")
            params[word[2:].replace("-", "_")] = "true" if bare else words[i + 1]
    return params


def default_params(helper) -> dict:
    """The arguments a helper is measured with when none are given: ``kg:CSTO`` for a required
    entity, ``2010`` for any other required parameter."""
    return {p.name: "kg:CSTO" if p.type == "entity" else "2010" for p in helper.params if p.required}


def helper_rows(runs: int) -> list[str]:
    """One row per helper: the median of ``runs`` calls in process (after five warm-up calls), with no
    arguments (an entity it needs: ``kg:CSTO``, a date: ``2010``) and with its first example's."""
    from csto_kg import KnowledgeGraph

    kg = KnowledgeGraph.load(cache=False)

    def median_ms(name: str, params: dict) -> str:
        for _ in range(5):  # warm: the store is filled, the text prepared, the terms converted
            kg.query(name, **params)
        times = []
        for _ in range(max(runs, 5)):
            started = time.perf_counter()
            kg.query(name, **params)
            times.append(time.perf_counter() - started)
        return f"{median(times) * 1000:.2f} ms ({len(kg.query(name, **params).rows)} rows)"

    rows = ["| helper | median in process, no arguments | median, first example's arguments |",
            "| --- | ---: | ---: |"]
    for helper in kg.helpers():
        params = default_params(helper)
        example = median_ms(helper.name, example_params(helper.examples[0])) if helper.examples else ""
        rows.append(f"| {helper.name} | {median_ms(helper.name, params)} | {example} |")
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="10000,100000", help="synthetic sizes, comma-separated")
    parser.add_argument("--runs", type=int, default=3, help="runs per measure (median)")
    parser.add_argument("--chain", type=int, default=1500, help="links of the transitive chain (0: skip)")
    parser.add_argument("--helper-runs", type=int, default=200, help="calls of each helper in process (median)")
    parser.add_argument("--only", choices=["helpers"], help="run only this part (helpers: every helper in process)")
    options = parser.parse_args()
    if options.only == "helpers":
        print("\n".join(helper_rows(options.helper_runs)))
        return
    sizes = [int(s) for s in options.sizes.split(",") if s]
    env = dict(os.environ, PYTHONPATH=str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", ""))
    # as installed: every module compiled once (pip does it at install time), so that a
    # process does not compile csto_kg's modules anew when rdflib's are already compiled
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    compileall.compile_dir(str(ROOT / "csto_kg"), quiet=1)
    work = Path(tempfile.mkdtemp(prefix="csto-kg-pipeline-"))
    env["CSTO_KG_CACHE_DIR"] = str(work / "cache")
    try:
        print("\n".join(reason_rows(sizes, options.runs, env, work)))
        if options.chain:
            print(chain_row(options.chain, env, work))
        print(build_row(options.runs, env, work))
        print(warm_row(options.runs, env, work))
        print("\n".join(helper_rows(options.helper_runs)))
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
