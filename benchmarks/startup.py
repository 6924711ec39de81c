"""Whole-process start-up benchmark (issue 3): run by hand, never in CI.

Prints the median of N runs (default 5) of the wall time of:

- ``python -c "import rdflib"`` (the floor),
- ``csto-kg query members-at --date 2010-01-01`` cold (a fresh, empty cache folder each run),
- the same warm (the cache filled by a first, unmeasured run); the query runs in a forked
  child process under the default ``--timeout`` (60 s),
- the same warm with ``--timeout 0`` (the query runs in the calling process).

Usage: ``python benchmarks/startup.py [--runs 5]``
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

QUERY = ["-m", "csto_kg", "query", "members-at", "--date", "2010-01-01"]


def timed(argv: list[str], env: dict[str, str]) -> float:
    start = time.perf_counter()
    subprocess.run([sys.executable, *argv], env=env, check=True, stdout=subprocess.DEVNULL)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    runs = parser.parse_args().runs
    env = dict(os.environ)
    floor = [timed(["-c", "import rdflib"], env) for _ in range(runs)]

    cold = []
    for i in range(runs):
        folder = tempfile.mkdtemp(prefix="csto-kg-cold-")
        cold.append(timed(QUERY, {**env, "CSTO_KG_CACHE_DIR": folder}))
        shutil.rmtree(folder)
        print(f"  cold run {i + 1}/{runs}: {cold[-1]:.2f} s", file=sys.stderr)

    folder = tempfile.mkdtemp(prefix="csto-kg-warm-")
    warm_env = {**env, "CSTO_KG_CACHE_DIR": folder}
    timed(QUERY, warm_env)
    warm, inline = [], []
    for _ in range(runs):  # interleaved, so both see the same machine load
        warm.append(timed(QUERY, warm_env))
        inline.append(timed([*QUERY, "--timeout", "0"], warm_env))
    shutil.rmtree(folder)

    f, c, w, i = (statistics.median(x) for x in (floor, cold, warm, inline))
    print(f"{'what':<48} {'median (s)':>10}")
    floor_name = 'python -c "import rdflib"'
    print(f"{floor_name:<48} {f:>10.3f}")
    print(f"{'csto-kg query members-at --date 2010-01-01, cold':<48} {c:>10.3f}")
    print(f"{'csto-kg query members-at --date 2010-01-01, warm':<48} {w:>10.3f}")
    print(f"{'  the same, --timeout 0 (no query process)':<48} {i:>10.3f}")
    print(f"warm - import rdflib = {w - f:.3f} s (target: <= 0.3 s); "
          f"query process: {w - i:+.3f} s; runs = {runs}")


if __name__ == "__main__":
    main()
