"""Peak memory and time of whole ``csto-kg`` processes on hostile input files (issue 18).

By hand, never in CI: each case is one child process, measured with ``os.wait4`` (peak RSS of
that process alone) and a wall clock. The cases:

- ``literal N MB``: one Turtle literal of N MB, ``validate``: refused by ``--max-literal-bytes``
  (default 1 MB); then ``literal N MB, allowed``: the same with the budget raised above it, so
  that the whole pipeline (parse, reason, validate) runs on it; ``allowed, plain``: the same literal
  without ``^^xsd:string``, read by Oxigraph's parser (past its 16 MiB token buffer, by rdflib's);
- ``triples N MB``: N MB of valid synthetic data (``benchmarks/synthetic.py``), ``validate``;
- ``list 1M`` / ``chain 1M``: a 1,000,000-item collection, a 1,000,000-triple blank-node chain,
  ``reason``: refused by the list and blank-node budgets; then with both raised and
  ``--max-seconds 10``, stopped by the time budget (or done within it);
- ``billion laughs``: a 1.9 kB RDF/XML file in UTF-16LE (no byte order mark), ``sparql``.

Usage: ``python benchmarks/hostile_inputs.py [--sizes 1,10,100] [--triples 1,10] [--tree DIR]``
(``--tree``: the csto-kg source tree to run, e.g. an older checkout, for "before" figures;
default this one). The 100 MB cases need a few GB of memory: run them once.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
PREFIXES = ("@prefix kg: <https://w3id.org/csto-kg/id/> .\n@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .\n"
            "@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .\n")
MB = 1_000_000


def measure(args: list[str], *, tree: Path, cwd: Path, timeout: float = 900) -> tuple[int, float, int, str]:
    """Exit code, seconds, peak RSS (bytes) and the last line of stderr of ``csto-kg ARGS``."""
    env = dict(os.environ, PYTHONPATH=str(tree), CSTO_KG_CACHE_DIR=str(cwd / "cache"))
    started = time.monotonic()
    with open(cwd / "err", "wb") as err:
        child = subprocess.Popen([sys.executable, "-m", "csto_kg", *args], cwd=cwd, env=env,
                                 stdout=subprocess.DEVNULL, stderr=err)
        killer = threading.Timer(timeout, child.kill)
        killer.start()
        try:
            _pid, status, usage = os.wait4(child.pid, 0)
        finally:
            killer.cancel()
    seconds = time.monotonic() - started
    lines = (cwd / "err").read_text(errors="replace").strip().splitlines()
    return os.waitstatus_to_exitcode(status), seconds, usage.ru_maxrss * 1024, (lines[-1] if lines else "")[:110]


def literal_file(folder: Path, megabytes: int, *, plain: bool = False) -> Path:
    """One literal filling a file of ``megabytes`` MB (so that the file stays within a file budget of as
    many MB); ``^^xsd:string`` sends it to rdflib's parser and the located scan."""
    path = folder / f"literal-{megabytes}.ttl"
    head, tail = PREFIXES + 'kg:CSTO rdfs:comment "', '"' + ("" if plain else "^^xsd:string") + " .\n"
    with open(path, "w") as out:
        out.write(head)
        left = megabytes * MB - len(head) - len(tail)
        while left > 0:
            out.write("a" * min(MB, left))
            left -= MB
        out.write(tail)
    return path


def synthetic_file(folder: Path, megabytes: int) -> Path:
    sys.path.insert(0, str(HERE))
    from synthetic import generate

    path = folder / f"triples-{megabytes}.ttl"
    triples = megabytes * 29_000  # about 34 bytes of Turtle per triple
    path.write_text(generate(triples), encoding="utf-8")
    return path


def list_file(folder: Path, items: int) -> Path:
    path = folder / "list.ttl"
    with open(path, "w") as out:
        out.write(PREFIXES + "kg:CSTO rdfs:seeAlso (")
        for start in range(0, items, 10_000):
            out.write(" ".join(f'"{i}"' for i in range(start, min(start + 10_000, items))) + " ")
        out.write(") .\n")
    return path


def chain_file(folder: Path, links: int) -> Path:
    path = folder / "chain.ttl"
    with open(path, "w") as out:
        out.write(PREFIXES + "kg:CSTO rdfs:seeAlso _:b0 .\n")
        for start in range(0, links, 10_000):
            out.write("".join(f"_:b{i} rdfs:seeAlso _:b{i + 1} .\n" for i in range(start, min(start + 10_000, links))))
    return path


def laughs_file(folder: Path) -> Path:
    entities = "".join(f'<!ENTITY lol{i} "{("&lol;" if i == 1 else f"&lol{i - 1};") * 10}">' for i in range(1, 10))
    text = ('<?xml version="1.0"?>\n<!DOCTYPE lolz [<!ENTITY lol "lol">' + entities + ']>\n'
            '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns:ex="http://x/">'
            '<rdf:Description rdf:about="http://x/a"><ex:p>&lol9;</ex:p></rdf:Description></rdf:RDF>\n')
    path = folder / "laughs.rdf"
    path.write_bytes(text.encode("utf-16-le"))
    return path


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="1,10,100", help="literal sizes in MB (default 1,10,100)")
    parser.add_argument("--triples", default="1,10", help="synthetic data sizes in MB (default 1,10)")
    parser.add_argument("--tree", default=str(HERE.parent), help="csto-kg source tree to run")
    parser.add_argument("--skip", default="", help="comma-separated case kinds to skip: literal,allowed,triples,list,chain,laughs")
    options = parser.parse_args(argv)
    tree, skip = Path(options.tree).resolve(), set(filter(None, options.skip.split(",")))
    rows = []
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)

        def case(label: str, args: list[str], path: Path) -> None:
            code, seconds, peak, last = measure(args + ["--data", str(path)], tree=tree, cwd=folder)
            size = path.stat().st_size
            rows.append((label, code, seconds, peak, size, last))
            print(f"{label:32} exit {code}  {seconds:7.2f} s  {peak / MB:8.0f} MB peak RSS  "
                  f"{size / MB:7.1f} MB input  {last}", flush=True)
            path.unlink()

        for megabytes in (int(x) for x in options.sizes.split(",") if x):
            if "literal" not in skip:
                case(f"literal {megabytes} MB", ["validate", "--no-cache"], literal_file(folder, megabytes))
            if "allowed" not in skip:
                case(f"literal {megabytes} MB, allowed", ["validate", "--no-cache", "--max-literal-bytes",
                                                          str((megabytes + 1) * MB), "--max-file-bytes",
                                                          str((megabytes + 1) * MB)], literal_file(folder, megabytes))
                case(f"literal {megabytes} MB, allowed, plain", ["validate", "--no-cache", "--max-literal-bytes",
                                                                 str((megabytes + 1) * MB), "--max-file-bytes",
                                                                 str((megabytes + 1) * MB)],
                     literal_file(folder, megabytes, plain=True))
        for megabytes in (int(x) for x in options.triples.split(",") if x):
            if "triples" not in skip:
                case(f"triples {megabytes} MB", ["validate", "--no-cache"], synthetic_file(folder, megabytes))
        raised = ["--max-list-items", "2000000", "--max-blank-nodes", "3000000", "--max-seconds", "10"]
        if "list" not in skip:
            case("list 1M", ["reason", "--no-cache"], list_file(folder, 1_000_000))
            case("list 1M, budgets raised, 10 s", ["reason", "--no-cache", *raised], list_file(folder, 1_000_000))
        if "chain" not in skip:
            case("chain 1M", ["reason", "--no-cache"], chain_file(folder, 1_000_000))
            case("chain 1M, budgets raised, 10 s", ["reason", "--no-cache", *raised], chain_file(folder, 1_000_000))
        if "laughs" not in skip:
            case("billion laughs (UTF-16LE)", ["sparql", "ASK { ?s ?p ?o }"], laughs_file(folder))
    print("\n| case | exit | seconds | peak RSS | input | RSS / input |\n| --- | ---: | ---: | ---: | ---: | ---: |")
    for label, code, seconds, peak, size, _last in rows:
        print(f"| {label} | {code} | {seconds:.2f} | {peak / MB:,.0f} MB | {size / MB:,.1f} MB | {peak / size:,.1f} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
