"""SHACL engines compared on csto-kg's shapes (issue 12): run by hand, never in CI.

For each engine (pySHACL, the oracle; pyshacl-turbo, the one csto-kg uses; pyrudof;
shacl-rust), side by side in one run:

- conformance: on every reasoned graph that validation hands to the shapes (the
  invalid corpus that parses, with the bundled data, validated as in
  tests/test_shacl_engines.py; the valid corpus; the bundled data), whether the
  engine's results equal pySHACL's as (focus node, path, constraint component,
  severity, messages); for pyshacl-turbo also csto-kg's findings (same, field by field);
- speed: median wall time of one validation (input conversion, shapes and report
  included) on the bundled data's closure and on the closure of the bundled ontology
  with ``benchmarks/synthetic.py`` data at each size.

pySHACL and pyshacl-turbo come with ``pip install -e '.[test]'``; the other two are
not dependencies: ``pip install pyrudof==0.3.35 shacl-rust==0.2.12`` to measure them
(an engine that is missing or fails shows as ``x`` and its error).

Usage: ``python benchmarks/shacl_engines.py [--sizes 10k,100k] [--runs 3] [--engines ...]``
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "benchmarks")]

ENGINES = ("pyshacl", "pyshacl-turbo", "pyrudof", "shacl-rust")
SH = "http://www.w3.org/ns/shacl#"


def say(text: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {text}", file=sys.stderr, flush=True)


# -- each engine: rdflib closure + shapes -> a Counter of (focus, path, component, severity, messages) ---

def _n3(term) -> str:
    from rdflib import BNode

    return "_:b" if isinstance(term, BNode) else term.n3()


def _report_results(report) -> Counter:
    from rdflib import URIRef

    results = Counter()
    for result in report.subjects(URIRef(SH + "resultSeverity"), None):
        def value(name):
            found = report.value(result, URIRef(SH + name))
            return _n3(found) if found is not None else ""
        messages = tuple(sorted(str(m) for m in report.objects(result, URIRef(SH + "resultMessage"))))
        results[(value("focusNode"), value("resultPath"), value("sourceConstraintComponent"),
                 value("resultSeverity"), messages)] += 1
    return results


def run_pyshacl(data, shapes, shapes_text):
    from csto_kg.validation.shacl_checks import shacl_report

    return _report_results(shacl_report(data, shapes, engine="pyshacl"))


def run_turbo(data, shapes, shapes_text):
    from csto_kg.validation.shacl_checks import shacl_report

    return _report_results(shacl_report(data, shapes, engine="pyshacl-turbo"))


def _ntriples(data) -> str:
    """N-Triples of ``data``, without the triples whose terms Oxigraph (and rdflib's writer) refuse."""
    from csto_kg.validation.shacl_checks import native_terms_only

    return native_terms_only(data).serialize(format="nt")


def _bnode(text: str) -> str:
    return "_:b" if text.startswith("_:") else text


def run_shacl_rust(data, shapes, shapes_text):
    import shacl_rust

    report = shacl_rust.validate(_ntriples(data), shapes_text, data_format="nt",
                                 shapes_format="turtle")
    results = Counter()
    for r in report["results"]:
        # shacl-rust gives its own message first, then the shape's sh:message: keep the shape's
        messages = tuple(sorted(r.get("messages", [])[1:] or r.get("messages", [])))
        results[(_bnode(r.get("focusNode", "")), _bnode(r.get("resultPath") or ""),
                 r.get("sourceConstraintComponent", ""), r.get("severity", ""), messages)] += 1
    return results


def run_pyrudof(data, shapes, shapes_text):
    import pyrudof

    rudof = pyrudof.Rudof(pyrudof.RudofConfig())
    rudof.read_data(_ntriples(data), format=pyrudof.RDFFormat.NTriples)
    rudof.read_shacl(shapes_text)
    report = rudof.validate_shacl()
    results = Counter()

    def n3(text) -> str:
        text = "" if text is None else str(text)
        return "_:b" if text.startswith("_:") else f"<{text}>" if text else ""

    for entry in report:
        message = str(entry.message or "")
        message = message[1:message.rindex('"')] if message.startswith('"') else message
        results[(n3(entry.focus_node), n3(entry.path), n3(entry.constraint_component),
                 f"<{SH}{entry.severity}>", (message,) if message else ())] += 1
    return results


RUNNERS = {"pyshacl": run_pyshacl, "pyshacl-turbo": run_turbo, "pyrudof": run_pyrudof,
           "shacl-rust": run_shacl_rust}


def version(engine: str) -> str:
    from importlib import metadata

    try:
        return metadata.version(engine)
    except metadata.PackageNotFoundError:
        return "not installed"


# -- the graphs ---------------------------------------------------------------------

def corpus_graphs() -> dict[str, tuple]:
    """name -> (closure, shapes, locator, asserted) of each validation run of the corpus."""
    sys.path.insert(0, str(ROOT / "tests"))
    from test_shacl_engines import shacl_inputs

    return shacl_inputs()


def closure_of(data: list[Path], bundled: bool):
    from rdflib import Graph

    from csto_kg import KnowledgeGraph
    from csto_kg.validation import shapes_file

    kg = KnowledgeGraph.load(data=data, bundled_data=bundled, cache=False)
    return kg.closure(), Graph().parse(shapes_file(None), format="turtle")


def size_of(text: str) -> int:
    from synthetic import size_of as parse

    return parse(text)


def label(size: int) -> str:
    return f"{size // 1_000_000}M" if size >= 1_000_000 else f"{size // 1000}k"


# -- measuring ------------------------------------------------------------------------

def _brief(key: tuple) -> str:
    focus, path, component, severity, messages = key
    return (f"{focus} {path} {component.rsplit('#', 1)[-1].removesuffix('ConstraintComponent>')} "
            f"{'; '.join(messages)[:70]}")


def conformance(engines: list[str]) -> list[str]:
    from csto_kg.validation.shacl_checks import shacl_findings

    say("conformance: validating the corpus (the graphs validation gives the shapes)")
    graphs = corpus_graphs()
    shapes_text = (ROOT / "ontology" / "shapes.ttl").read_text(encoding="utf-8")
    oracle = {name: run_pyshacl(g[0], g[1], shapes_text) for name, g in graphs.items()}
    lines = [f"conformance on {len(graphs)} validation runs ({sum(sum(o.values()) for o in oracle.values())}"
             " pySHACL results): same results as pySHACL (focus, path, constraint, severity, messages)"]
    for engine in engines:
        if engine == "pyshacl":
            continue
        same, notes = 0, []
        for name, (data, shapes, locator, asserted) in graphs.items():
            try:
                got = RUNNERS[engine](data, shapes, shapes_text)
            except Exception as error:  # noqa: BLE001 - an engine that fails is a result here
                notes.append(f"{name}: {type(error).__name__}: {str(error)[:160]}")
                continue
            if got == oracle[name]:
                same += 1
            else:
                more, fewer = got - oracle[name], oracle[name] - got
                notes.append(f"{name}: {sum(more.values())} results more, {sum(fewer.values())} fewer")
                notes += [f"  more: {_brief(key)}" for key in sorted(more)[:3]]
                notes += [f"  fewer: {_brief(key)}" for key in sorted(fewer)[:3]]
        lines.append(f"  {engine} {version(engine)}: {same}/{len(graphs)} runs identical")
        lines += [f"    {note}" for note in notes[:12]]
        if engine == "pyshacl-turbo":
            identical = sum(
                set(shacl_findings(d, s, loc, asserted=a))
                == set(shacl_findings(d, s, loc, asserted=a, engine="pyshacl"))
                for d, s, loc, a in graphs.values())
            lines.append(f"    csto-kg findings (field by field) identical in {identical}/{len(graphs)} runs")
    return lines


def timings(engines: list[str], sizes: list[int], runs: int, pyshacl_max: int) -> None:
    """Print a row per graph as soon as it is measured."""
    from synthetic import generate

    shapes_text = (ROOT / "ontology" / "shapes.ttl").read_text(encoding="utf-8")
    folder = Path(tempfile.mkdtemp(prefix="shacl-engines-"))
    cases = [("bundled", [], True)]
    for size in sizes:
        path = folder / f"synthetic-{label(size)}.ttl"
        path.write_text(generate(size), encoding="utf-8")
        cases.append((f"synthetic {label(size)}", [path], False))
    header = f"{'graph':<16}{'closure':>10}" + "".join(f"{e:>16}" for e in engines)
    print(f"median seconds of one validation ({runs} runs; - = skipped, x = failed)\n{header}", flush=True)
    for name, data, bundled in cases:
        say(f"{name}: reasoning")
        closure, shapes = closure_of(data, bundled)
        row = f"{name:<16}{len(closure):>10}"
        for engine in engines:
            if engine == "pyshacl" and len(closure) > pyshacl_max:
                row += f"{'-':>16}"
                continue
            say(f"{name}: {engine}")
            times = []
            try:
                for _ in range(runs):
                    started = time.perf_counter()
                    RUNNERS[engine](closure, shapes, shapes_text)
                    times.append(time.perf_counter() - started)
                row += f"{statistics.median(times):>16.3f}"
            except Exception:  # noqa: BLE001
                row += f"{'x':>16}"
        print(row, flush=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Compare SHACL engines on csto-kg's shapes: conformance to "
                                                 "pySHACL on the invalid corpus, and speed.")
    parser.add_argument("--sizes", default="10k,100k",
                        help="synthetic data sizes to time, comma-separated (default 10k,100k; '' for none)")
    parser.add_argument("--runs", type=int, default=3, help="runs per timing, median shown (default 3)")
    parser.add_argument("--engines", default=",".join(ENGINES),
                        help=f"comma-separated, of {', '.join(ENGINES)} (default all)")
    parser.add_argument("--pyshacl-max", type=size_of, default=size_of("1M"),
                        help="skip pySHACL on closures larger than this many triples (default 1M)")
    parser.add_argument("--no-conformance", action="store_true", help="timings only")
    options = parser.parse_args(argv)
    engines = [e for e in options.engines.split(",") if e]
    unknown = set(engines) - set(ENGINES)
    if unknown:
        parser.error(f"unknown engine(s): {', '.join(sorted(unknown))}")
    os.environ.setdefault("CSTO_KG_CACHE_DIR", tempfile.mkdtemp(prefix="shacl-engines-cache-"))
    print("engines: " + ", ".join(f"{e} {version(e)}" for e in engines), flush=True)
    if not options.no_conformance:
        print("\n".join(conformance(engines)), flush=True)
    sizes = [size_of(s) for s in options.sizes.split(",") if s.strip()]
    timings(engines, sizes, options.runs, options.pyshacl_max)
    return 0


if __name__ == "__main__":
    sys.exit(main())
