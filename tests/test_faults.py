"""Fault tests: SIGKILL at random moments during an export and a cache write leaves the
previous output byte-identical (or the whole new one) and loadable; two concurrent
builds into one folder lose nothing. (A build killed at random: test_validation.py.)"""

from __future__ import annotations

import errno
import os
import random
import re
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from csto_kg import KnowledgeGraph
from csto_kg.store.exports import parse_export

from conftest import DATA, FIXTURE_ARGS, ONTOLOGY, QUERIES, ROOT, run_cli

EXTRA_TTL = """@prefix csto: <https://w3id.org/csto-kg/ontology#> .
@prefix kg: <https://w3id.org/csto-kg/id/> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
""" + "".join(f'kg:State{i} a csto:State ; rdfs:label "State {i}"@en, "État {i}"@fr .\n' for i in range(300))
KILL_BEFORE_RENAME = """
import os, signal, sys
import csto_kg.atomicio as atomicio
atomicio.os.replace = lambda src, dst: os.kill(os.getpid(), signal.SIGKILL)
from csto_kg.cli import main
sys.exit(main(sys.argv[1:]))
"""


def _popen(*args: str) -> subprocess.Popen:
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    return subprocess.Popen([sys.executable, "-m", "csto_kg", *args], env=env, cwd=ROOT,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def _killed_after(delay: float, *args: str) -> None:
    process = _popen(*args)
    time.sleep(delay)
    process.send_signal(signal.SIGKILL)
    process.wait(timeout=60)


def _extra(tmp_path: Path) -> Path:
    path = tmp_path / "extra.ttl"
    path.write_text(EXTRA_TTL, encoding="utf-8")
    return path


def test_export_killed_at_random_moments_leaves_old_or_new_whole(tmp_path):
    EXTRA = _extra(tmp_path)
    target = tmp_path / "graph.nt"
    new_args = ("export", "--format", "ntriples", *FIXTURE_ARGS, "--data", str(EXTRA), "--no-cache")
    assert run_cli("export", "--format", "ntriples", *FIXTURE_ARGS, "-o", str(target)).returncode == 0
    old = target.read_bytes()
    started = time.monotonic()
    done = run_cli(*new_args, "-o", str(tmp_path / "new.nt"))
    duration = time.monotonic() - started
    assert done.returncode == 0, done.stderr
    new = (tmp_path / "new.nt").read_bytes()
    assert new != old
    rng = random.Random(8)
    outcomes = set()
    for delay in sorted(rng.uniform(0.05, duration) for _ in range(3)) + [duration * 0.97]:
        _killed_after(delay, *new_args, "-o", str(target))
        data = target.read_bytes()
        assert data in (old, new), f"partial file after a kill at {delay:.2f} s"
        assert len(parse_export(data, fmt="ntriples")) > 0
        outcomes.add("new" if data == new else "old")
        if data == new:  # put the old one back for the next round
            target.write_bytes(old)
    assert "old" in outcomes


def test_cache_write_killed_before_rename_leaves_no_partial_cache(tmp_path):
    cache = Path(os.environ["CSTO_KG_CACHE_DIR"])
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    done = subprocess.run([sys.executable, "-c", KILL_BEFORE_RENAME, "reason", *FIXTURE_ARGS], env=env,
                          cwd=ROOT, capture_output=True, timeout=120)
    assert done.returncode == -signal.SIGKILL
    assert list(cache.glob("kg-*.bin")) == []  # only an orphaned temporary file, never a cache file
    kg = KnowledgeGraph.load(ontology=[ONTOLOGY], data=[DATA], bundled_data=False, queries=QUERIES)
    assert kg.reason().cache_status == "miss"
    assert KnowledgeGraph.load(ontology=[ONTOLOGY], data=[DATA], bundled_data=False,
                               queries=QUERIES).reason().cache_status == "hit"


def test_cache_write_killed_at_random_moments_is_never_read_damaged():
    rng = random.Random(3)
    for delay in (rng.uniform(0.2, 1.5) for _ in range(3)):
        for stale in Path(os.environ["CSTO_KG_CACHE_DIR"]).glob("kg-*.bin"):
            stale.unlink()
        _killed_after(delay, "reason", *FIXTURE_ARGS)
        status = KnowledgeGraph.load(ontology=[ONTOLOGY], data=[DATA], bundled_data=False,
                                     queries=QUERIES).reason().cache_status
        assert status in ("hit", "miss"), (delay, status)


def _normalized(data: bytes) -> bytes:
    data = re.sub(rb"_:[A-Za-z0-9]+", b"_:b", data)
    return re.sub(rb"reasoning time: [0-9.]+ s", b"reasoning time: - s", data)


def _snapshot(folder: Path) -> dict[str, bytes]:
    return {p.name: _normalized(p.read_bytes()) for p in sorted(folder.iterdir()) if not p.name.startswith(".")}


def test_two_concurrent_builds_into_one_folder_lose_nothing(tmp_path):
    EXTRA = _extra(tmp_path)
    one, two = tmp_path / "one", tmp_path / "two"
    args_one = ("build", *FIXTURE_ARGS, "--no-cache")
    args_two = ("build", *FIXTURE_ARGS, "--data", str(EXTRA), "--no-cache")
    assert run_cli(*args_one, "--out", str(one)).returncode == 0
    assert run_cli(*args_two, "--out", str(two)).returncode == 0
    expected = [_snapshot(one), _snapshot(two)]
    shared = tmp_path / "shared"
    for _ in range(2):
        first, second = _popen(*args_one, "--out", str(shared)), _popen(*args_two, "--out", str(shared))
        assert first.wait(timeout=120) == 0 and second.wait(timeout=120) == 0
        after = _snapshot(shared)
        assert after in expected  # every file from the same build: the builds took turns
        closure = (shared / "closure.nt").read_bytes()
        assert len(parse_export(closure, fmt="ntriples")) == closure.count(b"\n")


# -- a full disk (issue 18) ----------------------------------------------------------------------

class _FullDisk:
    """``os.fdopen`` for atomicio: the first ``fitting`` files are written, the next fails with ENOSPC
    once it holds 100 bytes."""

    def __init__(self, fitting: int):
        self.fitting, self.fdopen = fitting, os.fdopen

    def __call__(self, fd, mode="r", *args, **kwargs):
        handle = self.fdopen(fd, mode, *args, **kwargs)
        self.fitting -= 1
        if self.fitting >= 0:
            return handle
        disk = type("Disk", (), {"room": 100})()

        class Full:
            def __enter__(self):
                return self

            def __exit__(self, *exc):
                handle.close()

            def write(self, data):
                if len(data) > disk.room:
                    raise OSError(errno.ENOSPC, "No space left on device")
                disk.room -= len(data)
                return handle.write(data)

            def __getattr__(self, name):
                return getattr(handle, name)

        return Full()


def _files(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


@pytest.mark.parametrize("command, target", [
    (["build", "--out", "{out}"], "{out}/closure.ttl"),  # closure.nt fits, closure.ttl does not: neither replaced
    (["export", "--format", "ntriples", "-o", "{out}/graph.nt"], "{out}/graph.nt"),
    (["reason", "-o", "{out}/closure.nt"], "{out}/closure.nt"),
])
def test_a_full_disk_is_a_clear_error_and_the_previous_output_stays(tmp_path, monkeypatch, capsys, command, target):
    import csto_kg.atomicio as atomicio
    from csto_kg.cli import main

    out = tmp_path / "out"
    first = [part.format(out=out) for part in command]
    assert main([*first, *FIXTURE_ARGS]) == 0
    before = _files(out)
    capsys.readouterr()
    monkeypatch.setattr(atomicio.os, "fdopen", _FullDisk(fitting=1 if command[0] == "build" else 0))
    code = main([*first, *FIXTURE_ARGS, "--data", str(_extra(tmp_path)), "--no-cache"])
    _out, err = capsys.readouterr()
    assert (code, err.splitlines()[-1]) == (2, f"Error: no space left on the device writing "
                                               f"{target.format(out=out)}; the previous output is unchanged")
    assert _files(out) == before  # every file as it was, and no temporary file left behind


def test_a_full_disk_behind_standard_output(tmp_path):
    with open("/dev/full", "w") as full:
        done = subprocess.run([sys.executable, "-m", "csto_kg", "export", "--format", "ntriples", *FIXTURE_ARGS],
                              stdout=full, stderr=subprocess.PIPE, text=True, cwd=ROOT, timeout=120,
                              env=dict(os.environ, PYTHONPATH=str(ROOT)))
    assert (done.returncode, done.stderr) == (2, "Error: no space left on the device writing standard output; "
                                                 "what it shows is incomplete\n")


@pytest.mark.skipif(not shutil.which("unshare") or subprocess.run(["unshare", "-rm", "true"],
                    capture_output=True).returncode != 0, reason="needs unshare -rm (user and mount namespaces)")
def test_a_real_full_tmpfs(tmp_path):
    """A 160 kB tmpfs in a private mount namespace: the second build does not fit beside the first."""
    script = f"""set -e
mount -t tmpfs -o size=160k tmpfs {tmp_path}/disk
cd {tmp_path}/disk
python -m csto_kg build --out out {' '.join(FIXTURE_ARGS)} > /dev/null 2>&1
md5sum out/* > ../before
head -c 120000 /dev/zero > filler
set +e
python -m csto_kg build --out out {' '.join(FIXTURE_ARGS)} --data {_extra(tmp_path)} --no-cache > /dev/null
echo "exit=$?"
md5sum -c ../before
ls -a out
"""
    (tmp_path / "disk").mkdir()
    done = subprocess.run(["unshare", "-rm", "sh", "-c", script], capture_output=True, text=True, timeout=120,
                          cwd=ROOT, env=dict(os.environ, PYTHONPATH=str(ROOT)))
    assert "exit=2" in done.stdout, done.stdout + done.stderr
    assert done.stderr == ("Error: no space left on the device writing out/closure.nt; "
                           "the previous output is unchanged\n"), done.stderr
    assert done.stdout.count(": OK") == 4 and ".closure" not in done.stdout  # no temporary file left
