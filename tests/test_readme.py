"""The README's console examples are real: each ``$ csto-kg ...`` block is re-run and compared."""

from __future__ import annotations

import os
import re
import shlex
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")
BLOCK = re.compile(r"```console\n\$ (csto-kg [^\n]*)\n(.*?)```", re.S)
EXAMPLES = BLOCK.findall(README)


@pytest.fixture(scope="module")
def shared_cache(tmp_path_factory) -> str:
    return str(tmp_path_factory.mktemp("readme-cache"))


def test_the_readme_has_an_example_per_helper():
    helpers = {p.stem for p in (ROOT / "queries").glob("*.rq") if not p.stem.endswith("-violation")}
    shown = {shlex.split(command)[2] for command, _ in EXAMPLES if command.startswith("csto-kg query ")}
    assert helpers <= shown


@pytest.mark.parametrize("command,expected", EXAMPLES, ids=[c for c, _ in EXAMPLES])
def test_readme_example_output_is_real(command, expected, shared_cache):
    env = dict(os.environ, CSTO_KG_CACHE_DIR=shared_cache, COLUMNS="100")  # tables fit 100 columns, as in a pipe
    env["PYTHONPATH"] = str(ROOT) + os.pathsep + env.get("PYTHONPATH", "")
    argv = shlex.split(command)[1:]
    done = subprocess.run([sys.executable, "-m", "csto_kg", *argv], capture_output=True, text=True,
                          env=env, cwd=ROOT, timeout=300)
    shown = done.stdout if done.returncode == 0 else done.stderr
    got = [line.rstrip() for line in shown.rstrip().splitlines()]
    assert got == expected.rstrip().splitlines()
