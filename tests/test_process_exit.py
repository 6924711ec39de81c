"""The console script ends without freeing the command's graph object by object
(csto_kg.cli.process_exit): its output, atexit functions and exit code stay what a usual exit
gives, and it waits as usual when another thread or process still runs."""

from __future__ import annotations

import subprocess
import sys
import textwrap

from csto_kg.inputs.fixtures import FIXTURE_DATA, FIXTURE_ONTOLOGY, FIXTURE_QUERIES


def run_python(code: str, tmp_path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-c", textwrap.dedent(code)], capture_output=True, text=True,
                          cwd=tmp_path, timeout=120)


def test_exit_without_freeing_flushes_the_output_runs_atexit_and_gives_the_code(tmp_path):
    done = run_python("""
        import atexit, sys
        from csto_kg.cli import process_exit
        atexit.register(lambda: open("atexit-ran", "w").write("yes"))
        process_exit.keeping()
        process_exit.keep([object() for _ in range(100_000)])
        sys.stdout.write("x" * 200_000)  # more than a pipe's buffer: still in Python's when it exits
        sys.stderr.write("last words")
        process_exit.exit_without_freeing(3)
        print("not reached")
        """, tmp_path)
    assert done.returncode == 3, done.stderr
    assert done.stdout == "x" * 200_000 and done.stderr == "last words"
    assert (tmp_path / "atexit-ran").read_text() == "yes"


def test_exit_waits_as_usual_for_a_thread_that_is_not_a_daemon(tmp_path):
    done = run_python("""
        import threading, time
        from csto_kg.cli import process_exit
        def late():
            time.sleep(0.5)
            open("thread-done", "w").write("yes")
        threading.Thread(target=late).start()
        assert process_exit.others_running()
        process_exit.exit_without_freeing(4)
        """, tmp_path)
    assert done.returncode == 4, done.stderr
    assert (tmp_path / "thread-done").read_text() == "yes"


def test_the_console_script_keeps_the_commands_graph_and_main_alone_keeps_nothing(tmp_path):
    args = ["--ontology", str(FIXTURE_ONTOLOGY), "--data", str(FIXTURE_DATA), "--no-bundled-data",
            "--queries", str(FIXTURE_QUERIES), "--no-cache", "reason"]
    done = run_python(f"""
        from csto_kg.cli import main, process_exit
        from csto_kg.api import KnowledgeGraph
        args = {args!r}
        assert main(args) == 0 and process_exit._kept == []  # called from Python: freed as usual
        process_exit.keeping()
        assert main(args) == 0
        print([type(kept).__name__ for kept in process_exit._kept])
        """, tmp_path)
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines()[-1] == "['KnowledgeGraph']"


def test_python_m_csto_kg_ends_through_the_console_path_with_the_commands_code(tmp_path):
    done = subprocess.run([sys.executable, "-m", "csto_kg", "--ontology", str(FIXTURE_ONTOLOGY), "--data",
                           str(FIXTURE_DATA), "--no-bundled-data", "--no-cache", "query", "no-such-helper"],
                          capture_output=True, text=True, cwd=tmp_path, timeout=120)
    assert done.returncode == 2 and done.stdout == ""
    assert done.stderr == "Error: unknown helper 'no-such-helper' (see: csto-kg query --list)\n"
