"""Re-run every ``$ csto-kg ...`` console example of README.md and write its real output.

Usage: ``python tools/refresh_readme_examples.py`` (tests/test_readme.py checks the result).
Commands that exit non-zero show their standard error, the others their standard output.
"""

from __future__ import annotations

import os
import re
import shlex
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BLOCK = re.compile(r"(```console\n\$ (csto-kg [^\n]*)\n)(.*?)(```)", re.S)


def run(command: str, cache: str) -> str:
    env = dict(os.environ, CSTO_KG_CACHE_DIR=cache)
    env["PYTHONPATH"] = str(ROOT) + os.pathsep + env.get("PYTHONPATH", "")
    done = subprocess.run([sys.executable, "-m", "csto_kg", *shlex.split(command)[1:]],
                          capture_output=True, text=True, env=env, cwd=ROOT, timeout=300)
    shown = done.stdout if done.returncode == 0 else done.stderr
    return "\n".join(line.rstrip() for line in shown.rstrip().splitlines()) + "\n"


def main() -> None:
    readme = ROOT / "README.md"
    text = readme.read_text(encoding="utf-8")
    with tempfile.TemporaryDirectory() as cache:
        text = BLOCK.sub(lambda m: m.group(1) + run(m.group(2), cache) + m.group(4), text)
    sys.path.insert(0, str(ROOT))
    from csto_kg.atomicio import atomic_write

    atomic_write(readme, text.encode("utf-8"))


if __name__ == "__main__":
    main()
