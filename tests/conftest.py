"""Shared fixtures: the small engine fixture graph and a CLI runner."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "fixtures" / "engine"
ONTOLOGY = FIXTURES / "ontology"
DATA = FIXTURES / "data"
QUERIES = FIXTURES / "queries"
INCONSISTENT = FIXTURES / "inconsistent"
FIXTURE_ARGS = ["--ontology", str(ONTOLOGY), "--data", str(DATA), "--no-bundled-data",
                "--queries", str(QUERIES)]


@pytest.fixture(autouse=True)
def _private_cache(tmp_path_factory, monkeypatch):
    """Every test gets its own cache folder (never the user's)."""
    monkeypatch.setenv("CSTO_KG_CACHE_DIR", str(tmp_path_factory.mktemp("cache")))


@pytest.fixture(scope="session")
def fixture_kg():
    from csto_kg import KnowledgeGraph

    return KnowledgeGraph.load(ontology=[ONTOLOGY], data=[DATA], bundled_data=False,
                               cache=False, queries=QUERIES)


def run_cli(*args: str, cwd: Path | None = None, stdin: str | None = None) -> subprocess.CompletedProcess:
    """Run ``python -m csto_kg ARGS`` in a subprocess, capturing text output."""
    env = dict(os.environ)
    env["PYTHONPATH"] = str(ROOT) + os.pathsep + env.get("PYTHONPATH", "")
    return subprocess.run([sys.executable, "-m", "csto_kg", *args], capture_output=True, text=True,
                          cwd=cwd or ROOT, env=env, input=stdin, timeout=120)


@pytest.fixture(scope="session")
def bundled_kg():
    """The bundled ontology + data, loaded and reasoned once per test session (no cache)."""
    from csto_kg import KnowledgeGraph

    return KnowledgeGraph.load(cache=False)


def answer_set(kg, text: str) -> set[tuple[str, ...]]:
    """The rows of a SELECT as a set of tuples of strings (lexical forms; unbound = "")."""
    result = kg.sparql(text)
    assert result.kind == "select", f"not a SELECT: {text}"
    return {tuple("" if row[c] is None else str(row[c]) for c in result.columns)
            for row in result.rows}


class Done:
    """What one in-process run of ``csto-kg`` gave: exit code, standard output, standard error."""

    def __init__(self, returncode: int, stdout: str, stderr: str):
        self.returncode, self.stdout, self.stderr = returncode, stdout, stderr

    def __repr__(self) -> str:
        return f"Done({self.returncode}, stdout={self.stdout[:200]!r}, stderr={self.stderr[:200]!r})"


@pytest.fixture
def run_main(monkeypatch, capsys, bundled_kg):
    """Run ``csto-kg ARGS`` in this process (``csto_kg.cli.main``), on an already loaded graph.

    The command's own loading is replaced by ``kg`` (default: the session's bundled graph),
    so that each run costs only the command itself; ``columns`` sets ``$COLUMNS``
    (``None``: unset, as for a pipe); ``env`` sets more variables.
    """
    from csto_kg.cli import commands, main

    def run(*args: str, columns: int | None = None, kg=bundled_kg, env: dict | None = None) -> Done:
        if kg is not None:
            monkeypatch.setattr(commands, "load_valid_graph", lambda options, clock=None, meanwhile=None: kg)
            monkeypatch.setattr(commands, "load_graph", lambda options, clock=None, meanwhile=None: kg)
        if columns is None:
            monkeypatch.delenv("COLUMNS", raising=False)
        else:
            monkeypatch.setenv("COLUMNS", str(columns))
        for name, value in (env or {}).items():
            monkeypatch.setenv(name, value)
        capsys.readouterr()
        code = main(list(args))
        out, err = capsys.readouterr()
        return Done(code, out, err)

    return run


@pytest.fixture
def bundled_cli(bundled_kg, monkeypatch, capsys):
    """``main(argv)`` in this process on the session's bundled graph: returns (exit code, stdout, stderr).

    The command's loading (and validation) is replaced by the already loaded graph, so a test of a
    command's output and errors costs no subprocess and no reasoning.
    """
    import csto_kg.cli.commands as commands
    from csto_kg.cli import main

    monkeypatch.setattr(commands, "load_valid_graph", lambda options, clock=None, meanwhile=None: bundled_kg)

    def run(*argv):
        code = main(list(argv))
        out, err = capsys.readouterr()
        return code, out, err

    return run
