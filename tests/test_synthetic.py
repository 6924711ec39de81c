"""benchmarks/synthetic.py (issue 12): the generated data is valid, deterministic, and the script has --help."""

from __future__ import annotations

import subprocess
import sys

import pytest

from csto_kg import validate

from conftest import ROOT

sys.path.insert(0, str(ROOT / "benchmarks"))

from synthetic import generate  # noqa: E402

SCRIPT = ROOT / "benchmarks" / "synthetic.py"


@pytest.mark.parametrize("seed", [6, 11])
def test_generated_data_validates_with_no_finding(tmp_path, seed):
    path = tmp_path / "synthetic.ttl"
    path.write_text(generate(1000, seed=seed), encoding="utf-8")
    report = validate(data=[path], bundled_data=False, cache=False)
    assert report.graph_checked and report.shapes == "ontology/shapes.ttl"
    assert report.findings == [], [f.render_line() for f in report.findings]
    assert report.summary() == "0 errors, 0 warnings in 2 files"


def test_generated_data_is_deterministic_for_a_seed():
    first = generate(1000)
    assert generate(1000) == first and generate(1000, seed=6) == first
    assert generate(1000, seed=7) != first
    # two blocks of 24 statuses each: memberships, and suspensions as statuses of their own
    assert (first.count("a csto:Membership"), first.count("a csto:SuspensionPeriod")) == (32, 16)
    assert first.count("a csto:Conflict") == 2


def test_script_help_and_output_file(tmp_path):
    done = subprocess.run([sys.executable, str(SCRIPT), "--help"], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0 and done.stdout.startswith("usage: synthetic.py")
    assert "--seed" in done.stdout and "1M" in done.stdout
    out = tmp_path / "s.ttl"
    done = subprocess.run([sys.executable, str(SCRIPT), "1k", "--seed", "11", "-o", str(out)],
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 0 and done.stdout == ""
    assert out.read_text(encoding="utf-8") == generate(1000, seed=11)
    bad = subprocess.run([sys.executable, str(SCRIPT), "lots"], capture_output=True, text=True, timeout=60)
    assert bad.returncode == 2 and "not a size: 'lots'" in bad.stderr
