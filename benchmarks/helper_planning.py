"""How much of each helper's time is Oxigraph's planning: run by hand, never in CI.

For every helper on the bundled data, with no arguments (``kg:CSTO`` for a required entity,
``2010`` for a required date) and with each ``#+ example:`` line's arguments, prints the median
of ``--runs`` calls of ``Store.query`` with the answer serialized (the text substituted as the
helpers substitute it):

- on an empty store: the parsing and planning alone (nothing to evaluate);
- on the bundled store: the whole answer.

With ``--against FOLDER`` (``.rq`` files named as helpers), each of that folder's texts is run
interleaved with the bundled one, and it says whether the two answers are byte-identical: how a
rewrite of a helper is measured before it lands.

Usage: ``python benchmarks/helper_planning.py [--runs 60] [--against FOLDER]``
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from pipeline import default_params, example_params  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=60, help="calls per measure (median)")
    parser.add_argument("--against", type=Path, help="a folder of rewritten helpers to compare")
    options = parser.parse_args()

    import pyoxigraph as ox

    from csto_kg import KnowledgeGraph
    from csto_kg.store.oxigraph import ask_store
    from csto_kg.store.values import substitute

    kg = KnowledgeGraph.load(cache=False)
    kg.query("members-at", date="2010")  # the store filled
    empty, full = ox.Store(), kg._backend.store

    def answer(store, text: str) -> bytes:
        result = ask_store(store, text)
        if isinstance(result, ox.QueryBoolean):
            return str(bool(result)).encode()
        if hasattr(result, "variables"):
            return result.serialize(format=ox.QueryResultsFormat.TSV)
        return ox.serialize(list(result), format=ox.RdfFormat.N_TRIPLES)

    header = "| helper | arguments | planning | whole |" if not options.against else \
        "| helper | arguments | planning | planning, other | whole | whole, other | same answer |"
    print(header)
    print("|" + " --- |" * (header.count("|") - 1))
    totals: dict = {}
    for helper in kg.helpers():
        other = options.against / f"{helper.name}.rq" if options.against else None
        if other is not None and not other.exists():
            continue
        cases = [("none", default_params(helper))]
        cases += [(f"example {i + 1}", example_params(e)) for i, e in enumerate(helper.examples)]
        for label, params in cases:
            bindings = helper.bindings({k: v for k, v in params.items() if v is not None},
                                       resolve_entity=kg._resolve_for)
            texts = {"now": substitute(helper.text, bindings)}
            if other is not None:
                texts["other"] = substitute(other.read_text(encoding="utf-8"), bindings)
            times: dict = {(which, where): [] for which in texts for where in ("empty", "full")}
            for _ in range(options.runs):
                for which, text in texts.items():
                    for where, store in (("empty", empty), ("full", full)):
                        started = time.perf_counter()
                        answer(store, text)
                        times[which, where].append(time.perf_counter() - started)
            ms = {key: statistics.median(values) * 1000 for key, values in times.items()}
            for key, value in ms.items():
                totals[key] = totals.get(key, 0.0) + value
            if other is None:
                print(f"| {helper.name} | {label} | {ms['now', 'empty']:.2f} ms | {ms['now', 'full']:.2f} ms |")
            else:
                same = answer(full, texts["now"]) == answer(full, texts["other"])
                print(f"| {helper.name} | {label} | {ms['now', 'empty']:.2f} ms | {ms['other', 'empty']:.2f} ms "
                      f"| {ms['now', 'full']:.2f} ms | {ms['other', 'full']:.2f} ms | {'yes' if same else 'NO'} |")
    print("\nsummed: " + ", ".join(f"{which} {where} {value:.1f} ms" for (which, where), value in totals.items()))


if __name__ == "__main__":
    main()
