"""The CLI as a daily tool (issue 16): tables that fit, columns in the query's order, help per
helper, three languages, errors that never blame the user for a bug, a clean output folder.

Most runs go through ``csto_kg.cli.main`` in this process on the session's graph
(``run_main`` in conftest); the hash-seed runs need processes of their own.
"""

from __future__ import annotations

import csv
import io
import os
import shlex
import subprocess
import sys
from pathlib import Path

import pytest
from rdflib import RDFS

from csto_kg import i18n
from csto_kg.cli.commands import parse_helper_arguments
from csto_kg.errors import QueryEngineError
from csto_kg.query.helpers import load_helpers
from csto_kg.query.table import display_width

from conftest import DATA, ONTOLOGY, QUERIES, ROOT

HELPERS = load_helpers()
COMMANDS = ["query", "sparql", "reason", "build", "check", "validate", "export", "serve", "push", "timeline", "explain", "panel", "map"]
GROUP_BY = "SELECT (lang(?l) AS ?lang) (COUNT(DISTINCT ?s) AS ?n) WHERE { ?s rdfs:label ?l } GROUP BY (lang(?l))"


def example(name: str) -> list[str]:
    """The first example of a helper's header (its parameters), or none."""
    helper = HELPERS[name]
    return shlex.split(helper.examples[0]) if helper.examples else []


def widest(text: str) -> int:
    return max(display_width(line) for line in text.splitlines())


# -- tables that fit ------------------------------------------------------------

@pytest.mark.parametrize("columns", [80, 100, 160])
def test_every_helper_table_fits_the_width(run_main, columns):
    too_wide = {}
    for name in HELPERS:
        done = run_main("query", name, *example(name), columns=columns)
        assert done.returncode == 0 and done.stderr == "", (name, done)
        if widest(done.stdout) > columns:
            too_wide[name] = widest(done.stdout)
    assert too_wide == {}


def test_without_a_terminal_or_columns_the_table_fits_100(run_main):
    done = run_main("query", "members-at", "--date", "2006-03-01")
    assert widest(done.stdout) == 100
    assert done.stdout.splitlines()[:3] == [
        "member      role             start       end   certainty                  sources",
        "----------  ---------------  ----------  ----  -------------------------  --------------------------",
        "Armenia     founding member  2002-10-07        certain                    source: history since… +3",
    ]


def test_sources_are_condensed_in_the_table_and_whole_with_wide_and_in_csv(run_main):
    fitted = run_main("query", "members-at", "--date", "2006-03-01", columns=200).stdout
    wide = run_main("query", "members-at", "--date", "2006-03-01", "--wide", columns=80).stdout
    rows = list(csv.DictReader(io.StringIO(run_main("query", "members-at", "--date", "2006-03-01",
                                                    "--format", "csv", columns=80).stdout)))
    armenia = rows[0]["sources"]
    assert armenia.count(" | ") == 3  # four sources, whole, in CSV
    first = armenia.split(" | ")[0]
    assert f"{first} +3" in fitted.splitlines()[2] and armenia not in fitted
    assert armenia in wide.splitlines()[2] and widest(wide) > 80


def test_a_table_too_wide_for_its_columns_shows_each_row_as_a_block(run_main):
    done = run_main("query", "interventions", "--org", "OTSC", columns=80)
    block = done.stdout.split("\n\n")[0].splitlines()
    assert block[:4] == ["intervention   CSTO deployment to Kazakhstan, January 2022", "host state     Kazakhstan",
                         "start          2022-01-06", "end            2022-01-19"]
    assert len(done.stdout.split("\n\n")) == 6  # one block per row


# -- column order ------------------------------------------------------------------

SEED_SCRIPT = """
import sys
from csto_kg import KnowledgeGraph
from csto_kg.cli import main
args = dict(ontology=[sys.argv[1]], data=[sys.argv[2]], bundled_data=False, cache=False, queries=sys.argv[3])
text = "SELECT * WHERE { ?state a csto:State ; rdfs:label ?label . OPTIONAL { ?state ?p ?label } }"
for engine in ("rdflib", "oxigraph"):
    print(engine, ",".join(KnowledgeGraph.load(engine=engine, **args).sparql(text).columns))
print("helper", ",".join(KnowledgeGraph.load(engine="rdflib", **args).query("members", date="2010").columns))
sys.stdout.flush()
main(["sparql", text, "--format", "csv", "--timeout", "0", "--ontology", sys.argv[1], "--data", sys.argv[2],
      "--no-bundled-data", "--no-cache"])
"""


def test_columns_in_query_order_whatever_the_hash_seed():
    env = dict(os.environ, PYTHONPATH=str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", ""))
    runs = [subprocess.Popen([sys.executable, "-c", SEED_SCRIPT, str(ONTOLOGY), str(DATA), str(QUERIES)],
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                             env=dict(env, PYTHONHASHSEED=seed), cwd=ROOT) for seed in ("0", "1", "2")]
    outputs = [run.communicate(timeout=120) for run in runs]
    for out, err in outputs:
        lines = out.splitlines()
        assert lines[:3] == ["rdflib state,label,p", "oxigraph state,label,p", "helper state,role,start,end"], err
        assert lines[3] == "state,label,p"  # the CLI's CSV header


# -- help ------------------------------------------------------------------------

@pytest.mark.parametrize("name", sorted(HELPERS))
def test_each_helper_has_its_own_help(run_main, name, bundled_kg):
    helper = HELPERS[name]
    done = run_main("query", name, "--help", kg=None, columns=100)
    assert done.returncode == 0 and done.stderr == ""
    text = " ".join(done.stdout.split())
    assert text.startswith(f"usage: csto-kg query {name}")
    assert " ".join(helper.summary.split()) in text
    for param in helper.params:
        kind = param.flag if param.type == "boolean" else f"{param.flag} {param.type.upper()}"
        note = ("required" if param.required else f"default {param.default}" if param.default is not None
                else "optional")
        assert kind in text and note in text, (param, text)
        assert f"e.g. {param.flag}" in text
    examples = helper.examples or [""]
    for line in examples:
        assert f"csto-kg query {name} {line}".rstrip() in text
        rows = bundled_kg.query(name, **parse_helper_arguments(helper, shlex.split(line)))
        assert len(rows) > 0 or name.endswith("-violation"), f"example {line!r} answers nothing"
    assert widest(done.stdout) <= 100


def test_every_param_has_an_example_in_its_header():
    missing = [f"{h.name} {p.flag}" for h in HELPERS.values() for p in h.params if h.example_value(p) is None]
    assert missing == []


def test_help_and_the_bare_command_name_every_command(run_main, capsys):
    bare = run_main(kg=None)
    assert bare.returncode == 2 and bare.stdout == ""
    assert bare.stderr.startswith("Error: missing command; give one of these (csto-kg COMMAND --help shows its options):")
    listed = [line.split()[0] for line in bare.stderr.splitlines()[1:]]
    assert listed == COMMANDS
    with pytest.raises(SystemExit) as exit_:
        run_main("--help", kg=None)
    help_text = capsys.readouterr().out
    assert exit_.value.code == 0
    for command in COMMANDS:
        assert f"\n    {command} " in help_text
    assert "void.ttl" in help_text
    with pytest.raises(SystemExit):
        run_main("build", "--help", kg=None)
    assert "void.ttl (VoID + DCAT description" in " ".join(capsys.readouterr().out.split())


def test_version(run_main, capsys):
    from importlib.metadata import version

    with pytest.raises(SystemExit) as exit_:
        run_main("--version", kg=None)
    assert exit_.value.code == 0 and capsys.readouterr().out == f"csto-kg {version('csto-kg')}\n"


# -- languages -------------------------------------------------------------------

@pytest.mark.parametrize("lang, header, armenia, uzbekistan", [
    ("en", ["member", "role", "start", "end", "certainty", "sources"],
     ["Armenia", "founding member", "2002-10-07", "certain"], ["Uzbekistan", "member", "2006", "2012"]),
    ("fr", ["membre", "rôle", "début", "fin", "certitude", "sources"],
     ["Arménie", "membre fondateur", "2002-10-07", "certain"], ["Ouzbékistan", "membre", "2006", "2012"]),
    ("ru", ["член", "роль", "начало", "конец", "достоверность", "источники"],
     ["Армения", "член-основатель", "2002-10-07", "точно"], ["Узбекистан", "член", "2006", "2012"]),
])
def test_three_languages(run_main, lang, header, armenia, uzbekistan):
    done = run_main("query", "members-at", "--date", "2006-03-01", "--lang", lang, "--wide")
    lines = done.stdout.splitlines()
    cells = [[c.strip() for c in line.split("  ") if c.strip()] for line in lines]
    assert cells[0] == header
    assert cells[2][:4] == armenia
    assert cells[-1][:4] == uzbekistan
    assert cells[-1][4] == i18n.value("uncertain: date precision", lang)


def test_messages_and_chart_text_in_the_language(run_main, tmp_path, bundled_kg, fixture_kg):
    from csto_kg.charts import chart_footer, chart_legend, membership_chart

    done = run_main("check", "--lang", "ru")
    assert done.stdout.splitlines()[-1] == "непротиворечиво; все проверки пройдены"
    done = run_main("export", "--format", "ntriples", "--asserted", "-o", str(tmp_path / "x.nt"), "--lang", "fr",
                    kg=fixture_kg)
    size = (tmp_path / "x.nt").stat().st_size
    assert done.stdout == "" and done.stderr == f"écrit : {tmp_path / 'x.nt'} ({size} octets)\n"
    chart = membership_chart(bundled_kg, org="CSTO", lang="ru")  # what the picture shows (drawn in test_charts)
    assert chart.title == "Организация Договора о коллективной безопасности: члены"
    roles, kinds = chart_legend(chart)
    assert [label for _role, label in roles] == ["член-основатель", "член", "член, сам приостановивший участие",
                                                 "бывший член"]
    assert kinds == [("intervention", "операция"), ("treaty action", "действие по договору")]
    assert chart_footer(chart).splitlines() == [
        "Источник: csto-kg, по статье французской Википедии об ОДКБ и перепроверенным открытым источникам.",
        "Штриховка: дата известна лишь с точностью до года, месяца или как граница; затухание: открытый конец."]


@pytest.mark.parametrize("tag, message", [
    ("zz-!!", "Error: --lang 'zz-!!' is not a language tag; use one of en (English), fr (français), ru (русский)\n"),
    ("de", "Error: --lang de: csto-kg has no translation in that language; use one of en (English), "
           "fr (français), ru (русский)\n"),
])
def test_an_unknown_or_malformed_language_is_a_usage_error(run_main, tag, message):
    for args in (["query", "members-at", "--date", "2010", "--lang", tag], ["--lang", tag, "timeline", "--org",
                                                                             "CSTO", "-o", "x.svg"]):
        done = run_main(*args, kg=None)
        assert (done.returncode, done.stdout, done.stderr) == (2, "", message)


# -- errors ------------------------------------------------------------------------

def test_the_group_by_query_is_refused_with_what_to_change_and_its_fix_answers(run_main, bundled_kg):
    done = run_main("sparql", GROUP_BY)
    assert done.returncode == 2 and done.stdout == ""
    assert done.stderr.startswith("Error: query: SPARQL syntax error (Oxigraph): line 1, column 100, near \")\": The SELECT "
                                  "contains an expression with a variable that is unbound; in a query with "
                                  "GROUP BY or an aggregate, SELECT may name only the variables grouped on")
    assert "GROUP BY (lang(?l) AS ?lang) with SELECT ?lang" in done.stderr and "Traceback" not in done.stderr
    fixed = "SELECT ?lang (COUNT(DISTINCT ?s) AS ?n) WHERE { ?s rdfs:label ?l } GROUP BY (lang(?l) AS ?lang)"
    done = run_main("sparql", fixed, "--format", "csv")
    assert done.returncode == 0
    expected = {}
    for subject, label in bundled_kg.dataset.subject_objects(predicate=RDFS.label):
        expected.setdefault(label.language or "", set()).add(subject)
    got = {row["lang"]: int(row["n"]) for row in csv.DictReader(io.StringIO(done.stdout))}
    assert got == {lang: len(subjects) for lang, subjects in expected.items()}


def test_a_library_failure_on_a_query_it_accepted_is_an_internal_error(run_main, fixture_kg):
    from csto_kg import KnowledgeGraph

    rdflib_kg = KnowledgeGraph.load(ontology=[ONTOLOGY], data=[DATA], bundled_data=False, cache=False,
                                    queries=QUERIES, engine="rdflib")
    with pytest.raises(QueryEngineError, match=r"^the query engine failed on this query: Exception: Cannot "
                                               r"eval thing: None") as failure:
        rdflib_kg.sparql(GROUP_BY, timeout=30)  # rdflib parses it, then fails while evaluating it
    assert "Traceback (most recent call last)" in failure.value.details
    done = run_main("sparql", GROUP_BY, kg=rdflib_kg)
    assert (done.returncode, done.stdout) == (3, "")
    assert done.stderr == (f"Error: internal error: {failure.value} (a bug, not a mistake in the command; "
                           "run with --traceback for details)\n")
    with pytest.raises(QueryEngineError):
        run_main("sparql", GROUP_BY, "--traceback", kg=rdflib_kg)


def test_usage_errors_say_what_to_change(run_main):
    cases = {("query", "members-at"): "Error: helper 'members-at' needs --date (date), e.g. --date 2006-03-01 "
                                      "(see: csto-kg query members-at --help)\n",
             ("query",): "Error: missing helper name: give one, e.g. csto-kg query members-at --date 2010 "
                         "(see: csto-kg query --list)\n",
             ("check", "extra"): "Error: unrecognized arguments: extra (see: csto-kg check --help)\n"}
    for args, message in cases.items():
        done = run_main(*args)
        assert (done.returncode, done.stdout, done.stderr) == (2, "", message)


# -- a clean output folder -----------------------------------------------------------

def test_outputs_and_nothing_else_in_the_output_folder(run_main, fixture_kg, tmp_path):
    out = tmp_path / "out"
    done = run_main("export", "--format", "turtle", "-o", str(out / "graph.ttl"), kg=fixture_kg)
    assert done.returncode == 0 and done.stderr.endswith(" bytes)\n") and done.stderr.count("\n") == 1
    done = run_main("reason", "-o", str(out / "closure.nt"), kg=fixture_kg)
    assert done.returncode == 0 and done.stderr == f"wrote {out / 'closure.nt'}\n"
    done = run_main("build", "--out", str(out / "build"), kg=fixture_kg)
    assert done.returncode == 0, done
    assert done.stderr == "wrote " + ", ".join(str(out / "build" / n) for n in
                                               ("closure.nt", "closure.ttl", "report.md", "void.ttl")) + "\n"
    assert sorted(str(p.relative_to(tmp_path)) for p in tmp_path.rglob("*")) == [
        "out", "out/build", "out/build/closure.nt", "out/build/closure.ttl", "out/build/report.md",
        "out/build/void.ttl", "out/closure.nt", "out/graph.ttl"]
    assert Path(out / "graph.ttl").read_text(encoding="utf-8").startswith("@prefix")


def test_the_catalogue_translates_every_message_in_both_languages():
    import re
    import string

    french, russian = i18n.catalogue("fr"), i18n.catalogue("ru")
    assert set(french) == set(russian)
    for message in french:
        fields = {name for _, name, _, _ in string.Formatter().parse(message) if name}
        for translated in (french[message], russian[message]):
            assert {name for _, name, _, _ in string.Formatter().parse(translated) if name} == fields, message
    used = set()
    for path in (ROOT / "csto_kg").rglob("*.py"):
        used |= set(re.findall(r'(?:i18n\.text|\bt)\(\s*"((?:[^"\\]|\\.)+)"', path.read_text(encoding="utf-8")))
    from csto_kg.charts import HATCHING_NOTE, SOURCE_NOTE
    from csto_kg.cli.helper_help import OPTIONS, TYPE_WORDS

    used |= {HATCHING_NOTE, SOURCE_NOTE, OPTIONS, "treaty action", "intervention", *TYPE_WORDS.values()}
    from csto_kg.query.proof_search import RULES
    from csto_kg.web.explain_page import ALTERNATES, INTRO
    from csto_kg.web.ontology_docs import PYLODE_WORDS

    used |= {*RULES.values(), INTRO, ALTERNATES, "the axiom", "the triples that clash", *PYLODE_WORDS}
    used |= {column.replace("_", " ") for helper in HELPERS.values() for column in helper.columns}
    assert sorted(used - set(french)) == []
