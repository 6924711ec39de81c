"""What each ``csto-kg`` command does (the CLI parses, these run and render)."""

from __future__ import annotations

import argparse
import json
import math
import os
import sys
from contextlib import contextmanager
from pathlib import Path

from csto_kg import i18n
from csto_kg.api import KnowledgeGraph, ReasoningReport
from csto_kg.atomicio import WriteFailed, atomic_write, atomic_write_all, write_lock
from csto_kg.cli.progress import StageClock
from csto_kg.cli.terminal import output_width
from csto_kg.errors import ExitCode, LoadError, UsageError
from csto_kg.query.helpers import Helper, find_helper, load_helpers


def run_command(options: argparse.Namespace, extra: list[str]) -> ExitCode:
    handlers = {"query": cmd_query, "sparql": cmd_sparql, "reason": cmd_reason,
                "build": cmd_build, "check": cmd_check, "validate": cmd_validate, "export": cmd_export, "serve": cmd_serve}
    handlers["push"] = cmd_push
    handlers["timeline"] = cmd_timeline
    handlers["explain"] = cmd_explain
    handlers["panel"], handlers["map"] = cmd_panel, cmd_map
    from csto_kg.cli.backend_options import input_budget
    from csto_kg.inputs.budgets import applied

    with applied(input_budget(options)):  # the input budgets of this command's options
        return handlers[options.command](options, extra)


def load_valid_graph(options: argparse.Namespace, clock: StageClock | None = None, *,
                     meanwhile=None) -> KnowledgeGraph:
    """The knowledge graph, after checking the data validates without errors.

    Raises :class:`~csto_kg.validation.DataRejected` (nothing is written) otherwise.
    ``clock`` times the stages (and shows them on a terminal). ``meanwhile(kg)`` is called
    while the SHACL validation finishes on its own thread (see :func:`csto_kg.validate`).
    """
    from csto_kg.api import require_valid
    from csto_kg.validation import rejected

    clock = clock or StageClock()
    try:
        kg = load_graph(options, clock, fill_store=True)  # the violation checks will query it
    except LoadError as error:
        clock.finish()
        raise rejected(error) from None
    try:
        require_valid(ontology=options.ontology, data=options.data, bundled_data=not options.no_bundled_data,
                      queries=options.queries, cache=not options.no_cache, kg=kg, on_stage=clock,
                      meanwhile=(lambda: meanwhile(kg)) if meanwhile is not None else None)
    finally:
        clock.finish()
    return kg


def load_graph(options: argparse.Namespace, clock: StageClock | None = None, *,
               fill_store: bool = False) -> KnowledgeGraph:
    """The knowledge graph as the global options describe it (``fill_store``: see :meth:`KnowledgeGraph.load`)."""
    from csto_kg.cli.backend_options import load_options
    from csto_kg.cli.process_exit import keep

    clock = clock or StageClock()
    try:
        kg = KnowledgeGraph.load(ontology=options.ontology, data=options.data,
                                 bundled_data=not options.no_bundled_data,
                                 cache=not options.no_cache, queries=options.queries,
                                 fill_store=fill_store, **load_options(options, clock))
        keep(kg)  # run from the console script: left to the operating system at exit, not freed
        return kg
    finally:
        clock.finish()


# -- query ----------------------------------------------------------------

def cmd_query(options: argparse.Namespace, extra: list[str]) -> ExitCode:
    if options.help and not options.name:
        from csto_kg.cli.parser import command_help

        _out(command_help("query"))
        return ExitCode.OK
    helpers = load_helpers(options.queries)
    if options.list:
        if options.name or extra:
            raise UsageError("query --list takes no helper name or parameters; "
                             "run csto-kg query --list alone, or csto-kg query NAME --help")
        _out(describe_helpers(helpers, lang=options.lang))
        return ExitCode.OK
    if not options.name:
        raise UsageError("missing helper name: give one, e.g. csto-kg query members-at --date 2010 "
                         "(see: csto-kg query --list)")
    helper = find_helper(helpers, options.name)
    if options.help:
        from csto_kg.cli.helper_help import helper_help

        _out(helper_help(helper, lang=options.lang, width=output_width()))
        return ExitCode.OK
    values = parse_helper_arguments(helper, extra)
    kg = load_valid_graph(options)
    with cli_query_limits(options) as limits, _streaming_stdout() as out:
        rows = kg.write_query(helper.name, out, **_render_options(options), **limits, **values)
    code = _report_findings(kg.reason())
    if helper.is_violation_check and rows:
        _err(f"Finding: violation check '{helper.name}' returned {rows} row(s)")
        code = ExitCode.FINDINGS
    return code


def _render_options(options: argparse.Namespace) -> dict:
    """How an answer is written, from ``--format``, ``--lang`` and ``--wide`` (a table fits the output's width)."""
    return dict(fmt=options.format, lang=options.lang, width=None if getattr(options, "wide", False) else output_width())


def describe_helpers(helpers: dict[str, Helper], *, lang: str = "en") -> str:
    """Text of ``query --list``."""
    if not helpers:
        return i18n.text("No helper queries found.", lang) + "\n"
    blocks = []
    for helper in helpers.values():
        lines = [f"{helper.name}: {helper.summary}".rstrip(": ")]
        for param in helper.params:
            if param.default is not None:
                note = i18n.text("default {value}", lang, value=param.default)
            else:
                note = i18n.text("optional" if param.optional else "required", lang)
            lines.append(f"    {param.flag} {param.type.upper()}  ({note})")
        blocks.append("\n".join(lines))
    return "\n".join(blocks) + "\n"


def parse_helper_arguments(helper: Helper, extra: list[str]) -> dict[str, str]:
    """Parse ``--param value`` pairs for one helper."""
    parser = _helper_parser(helper)
    values, unknown = parser.parse_known_args(extra)
    if unknown:
        accepted = ", ".join(p.flag for p in helper.params) or "no parameters"
        raise UsageError(f"helper '{helper.name}' does not take {' '.join(unknown)} (it takes: {accepted}; "
                         f"see: csto-kg query {helper.name} --help)")
    return {k: v for k, v in vars(values).items() if v is not None}


def _helper_parser(helper: Helper) -> argparse.ArgumentParser:
    from csto_kg.cli.parser import RESERVED_PARAM_NAMES, UsageErrorParser

    parser = UsageErrorParser(prog=f"csto-kg query {helper.name}", add_help=False, allow_abbrev=False)
    parser.hint = f"csto-kg query {helper.name} --help"
    for param in helper.params:
        if param.name in RESERVED_PARAM_NAMES:
            raise UsageError(f"{helper.path.name}: parameter name '{param.name}' is reserved by the CLI")
        if param.type == "boolean":
            parser.add_argument(param.flag, dest=param.name, nargs="?", const="true", default=None)
        else:
            parser.add_argument(param.flag, dest=param.name, default=None, metavar=param.type.upper())
    return parser


# -- sparql ---------------------------------------------------------------

def cmd_sparql(options: argparse.Namespace, extra: list[str]) -> ExitCode:
    text = _query_text(options)
    kg = load_graph(options)
    with cli_query_limits(options) as limits, _streaming_stdout() as out:
        kg.write_sparql(text, out, **_render_options(options), **limits)
    return _report_findings(kg.reason())


DEFAULT_QUERY_TIMEOUT = 60.0  # seconds, for query and sparql on the command line


@contextmanager
def cli_query_limits(options: argparse.Namespace):
    """``timeout`` / ``max_memory`` for the API from ``--timeout`` and ``--max-memory``;
    their errors reworded with the option names.

    >>> with cli_query_limits(argparse.Namespace(timeout="2", max_memory=None)) as limits:
    ...     limits
    {'timeout': 2.0, 'max_memory': 4294967296}
    >>> with cli_query_limits(argparse.Namespace(timeout="0", max_memory=None)) as limits:
    ...     limits
    {'timeout': None, 'max_memory': None}
    """
    from csto_kg.reasoning.budgets import Budget
    from csto_kg.query.pool import QueryOutOfMemory, QueryTimeout

    value = getattr(options, "timeout", None)
    option = "--timeout"
    if value is None or value == "":
        value, option = os.environ.get("CSTO_KG_QUERY_TIMEOUT") or DEFAULT_QUERY_TIMEOUT, "CSTO_KG_QUERY_TIMEOUT"
    try:
        seconds = float(value)
    except (TypeError, ValueError):
        seconds = math.nan
    if not (seconds >= 0 and math.isfinite(seconds)):
        raise UsageError(f"{option}: expected a number of seconds (0 = no limit), got {value!r}")
    timeout = seconds or None
    given_memory = getattr(options, "max_memory", None)
    memory = None
    if timeout is not None or given_memory is not None:
        memory = Budget.from_options(max_memory=given_memory).max_memory
    try:
        yield {"timeout": timeout, "max_memory": memory}
    except QueryTimeout as error:
        if error.seconds is None:
            raise
        raise QueryTimeout(f"query stopped after {error.seconds:g} s (--timeout); its process was killed: "
                           "simplify the query, or allow more time with --timeout SECONDS (0 = no limit)",
                           seconds=error.seconds, option="--timeout", written=error.written) from None
    except QueryOutOfMemory as error:
        if error.limit is None:
            raise
        raise QueryOutOfMemory(f"query stopped: it needed more than {error.limit} bytes of address space "
                               "(--max-memory BYTES; $CSTO_KG_MAX_MEMORY)",
                               limit=error.limit, option="--max-memory", written=error.written) from None


def _query_text(options: argparse.Namespace) -> str:
    if options.text and options.file:
        raise UsageError("give the query as an argument or with --file, not both")
    if options.file == "-":
        return sys.stdin.read()
    if options.file:
        try:
            return Path(options.file).read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as error:
            raise UsageError(f"cannot read query file {options.file}: {error}") from None
    if not options.text:
        raise UsageError("missing query (give QUERY or --file FILE)")
    return options.text


# -- reason / build / check -------------------------------------------------

def cmd_reason(options: argparse.Namespace, extra: list[str]) -> ExitCode:
    clock = StageClock(started=options.started)
    prepared: list[bytes] = []

    def prepare(kg: KnowledgeGraph) -> None:  # while the SHACL validation finishes
        clock("write", f"preparing {options.output}")
        prepared.append(kg.closure_ntriples(encoding="utf-8"))  # the file's bytes: no text decoded to be encoded

    kg = load_valid_graph(options, clock, meanwhile=prepare if options.output else None)
    report = kg.reason()
    _out(describe_report(report, lang=options.lang))
    if options.output:
        clock("write", f"writing {options.output}")
        text = prepared[0] if prepared else kg.closure_ntriples(encoding="utf-8")
        with write_lock(options.output):
            atomic_write(options.output, text)
        clock.finish()
        _err(i18n.text("wrote {path}", options.lang, path=options.output))
    _out(clock.summary() + "\n")
    return _report_findings(report)


def describe_report(report: ReasoningReport, *, lang: str = "en") -> str:
    """The counts ``reason`` and ``build`` print, labels in ``lang``.

    >>> print(describe_report(ReasoningReport(10, 5, 0.5, [], "hit")), end="")
    asserted triples: 10
    inferred triples: 5
    total triples:    15
    reasoning time:   0.50 s (cached result)
    findings:         0
    """
    cached = " " + i18n.text("(cached result)", lang) if report.cache_status == "hit" else ""
    rows = [("asserted triples", report.asserted), ("inferred triples", report.inferred),
            ("total triples", report.total), ("reasoning time", f"{report.seconds:.2f} s{cached}"),
            ("findings", len(report.findings))]
    labels = [i18n.text(label, lang) + ":" for label, _value in rows]
    width = max(len(label) for label in labels)
    return "".join(f"{label.ljust(width)} {value}\n" for label, (_name, value) in zip(labels, rows))


def cmd_build(options: argparse.Namespace, extra: list[str]) -> ExitCode:
    clock = StageClock(started=options.started)
    out = Path(options.out)
    prepared: dict[str, str | bytes] = {}

    def prepare(kg: KnowledgeGraph) -> None:  # the files that do not need the helpers, while the SHACL validation finishes
        from csto_kg.web.dataset_description import description_turtle  # lazy: only build writes it

        clock("write", f"preparing the files of {out}")
        ntriples = kg.closure_ntriples(encoding="utf-8")
        prepared.update({"closure.nt": ntriples, "closure.ttl": kg.closure_turtle(ntriples=ntriples),
                         "void.ttl": description_turtle(None, statistics=kg.statistics())})

    kg = load_valid_graph(options, clock, meanwhile=prepare)
    report = kg.reason()
    clock("helpers", f"running {len(kg.helpers())} helpers")
    counts = helper_row_counts(kg)
    if not prepared:
        prepare(kg)
    clock("write", f"writing 4 files into {out}")
    outputs = {"closure.nt": prepared["closure.nt"], "closure.ttl": prepared["closure.ttl"],
               "report.md": build_report(report, counts), "void.ttl": prepared["void.ttl"]}
    with write_lock(out):  # a concurrent build into the same folder waits: each writes a whole set
        atomic_write_all((out / name, data) for name, data in outputs.items())  # a full disk replaces none
    clock.finish()
    _out(describe_report(report, lang=options.lang))
    _err(i18n.text("wrote {path}", options.lang, path=", ".join(str(out / name) for name in outputs)))
    _out(clock.summary() + "\n")
    code = _report_findings(report)
    return max(code, _report_violations(counts))


def helper_row_counts(kg: KnowledgeGraph) -> dict[str, int | str]:
    """Rows returned by each helper that can run without arguments."""
    counts: dict[str, int | str] = {}
    for helper in kg.helpers():
        missing = [p.flag for p in helper.params if p.required]
        absent = [f"{p.flag} {p.default}" for p in helper.params
                  if p.type == "entity" and p.default is not None and not _describes(kg, p.default)]
        if missing:
            counts[helper.name] = f"not run (needs {', '.join(missing)})"
        elif absent:  # e.g. --org kg:CSTO on data without the CSTO
            counts[helper.name] = f"not run (the default {', '.join(absent)} is not in the graph)"
        else:
            counts[helper.name] = len(kg.query(helper.name))
    return counts


def _describes(kg: KnowledgeGraph, entity: str) -> bool:
    try:
        kg.resolve(entity)
    except UsageError:
        return False
    return True


def build_report(report: ReasoningReport, counts: dict[str, int | str]) -> str:
    """The Markdown text of ``report.md``."""
    lines = ["# csto-kg build report", "",
             f"- asserted triples: {report.asserted}",
             f"- inferred triples: {report.inferred}",
             f"- total triples: {report.total}",
             f"- reasoning time: {report.seconds:.2f} s",
             f"- findings: {len(report.findings)}", ""]
    if report.findings:
        lines += ["## Findings", ""] + [f"- {f.render()}" for f in report.findings] + [""]
    lines += ["## Helpers", "", "| helper | rows |", "| --- | --- |"]
    lines += [f"| {name} | {count} |" for name, count in counts.items()]
    return "\n".join(lines) + "\n"


def cmd_push(options: argparse.Namespace, extra: list[str]) -> ExitCode:
    from csto_kg.cli.backend_options import push_graph

    return push_graph(options, report=_report_findings, out=_out)


def cmd_timeline(options: argparse.Namespace, extra: list[str]) -> ExitCode:
    from csto_kg.charts import draw_chart, membership_chart

    kg = load_valid_graph(options)
    chart = membership_chart(kg, org=options.org, state=options.state, since=options.since,
                             until=options.until, lang=options.lang)
    path = draw_chart(chart, options.output)
    _err(i18n.text("wrote {path}: {rows} rows, {bars} bars, {markers} markers", options.lang, path=path,
                   rows=len(chart.rows), bars=len(chart.bars), markers=len(chart.markers)))
    return ExitCode.OK


PANEL_FORMATS = ("csv", "tsv", "json")


def cmd_panel(options: argparse.Namespace, extra: list[str]) -> ExitCode:
    from csto_kg.query.panel import STATE_CHOICES, year_of

    if options.format not in PANEL_FORMATS:
        raise UsageError(f"panel --format {options.format}: use csv, tsv or json")
    if options.states not in STATE_CHOICES:
        raise UsageError(f"panel --states {options.states}: use members or all")
    year_of(options.since, option="--from"), year_of(options.until, option="--to")  # usage errors before loading
    kg = load_valid_graph(options)
    panel = kg.panel(options.org, since=options.since, until=options.until, states=options.states,
                     lang=options.lang)
    _out(render_panel(panel, fmt=options.format))
    _err(f"panel of {panel.label}: {len(panel.rows)} rows, {len(panel.states)} states, "
         f"{panel.first_year}-{panel.last_year}")
    return ExitCode.OK


def render_panel(panel, *, fmt: str = "csv") -> str:
    """The text of ``csto-kg panel``: CSV (RFC 4180), TSV, or JSON (a list of records, IRIs as text)."""
    from csto_kg.query.render import render_csv, render_tsv

    if fmt == "json":
        return json.dumps(panel.records(), ensure_ascii=False, indent=1) + "\n"
    cells = [[str(value) for value in row.values()] for row in panel.rows]
    return (render_csv if fmt == "csv" else render_tsv)(list(panel.columns), cells)


def cmd_map(options: argparse.Namespace, extra: list[str]) -> ExitCode:
    from pathlib import PurePath

    from csto_kg.maps.drawing import draw_map
    from csto_kg.maps.member_maps import member_map, words
    from csto_kg.query.parameters import parse_date

    if PurePath(options.output).suffix.lower() not in (".svg", ".png"):
        raise UsageError(f"{options.output}: the map is written as .svg or .png")
    parse_date(options.date, option="--date")  # a usage error before loading
    kg = load_valid_graph(options)
    data = member_map(kg, org=options.org, date=options.date, lang=options.lang)
    path = draw_map(data, options.output)
    counts = {}
    for status in data.countries.values():
        counts[status.css_class] = counts.get(status.css_class, 0) + 1
    summary = ", ".join(f"{n} {css}" for css, n in sorted(counts.items()))
    _err(f"wrote {path}: {data.heading}, {words(data.lang)['on'].format(date=data.date_text)}: {summary}"
         + (f"; not drawn (no outline): {', '.join(data.not_drawn)}" if data.not_drawn else ""))
    return ExitCode.OK


def cmd_check(options: argparse.Namespace, extra: list[str]) -> ExitCode:
    kg = load_graph(options)
    code = _report_findings(kg.reason())
    counts = {name: len(result) for name, result in kg.check_violations().items()}
    lang = options.lang
    for name, rows in counts.items():
        said = i18n.text("ok", lang) if rows == 0 else i18n.text("{rows} row(s)", lang, rows=rows)
        _out(f"{name}: {said}\n")
    code = max(code, _report_violations(counts))
    if code == ExitCode.OK:
        _out(i18n.text("consistent; all violation checks passed", lang) + "\n")
    return code


# -- explain -------------------------------------------------------------------

def cmd_explain(options: argparse.Namespace, extra: list[str]) -> ExitCode:
    """``csto-kg explain S P O`` / ``--finding N``: the proof as a text tree, JSON or PROV-O Turtle."""
    from csto_kg.query.explain import DEFAULT_MAX_DEPTH
    from csto_kg.query.explain_render import (TermNames, check_format, render_finding_text, render_finding_turtle,
                                              render_json, render_text, render_turtle)
    from csto_kg.query.proof_search import SearchTimeout

    fmt = check_format(options.format)
    depth = _whole_number(options.max_depth, "--max-depth", default=DEFAULT_MAX_DEPTH)
    number = None
    if options.finding is not None:
        if options.terms:
            raise UsageError("explain takes SUBJECT PREDICATE OBJECT or --finding N, not both")
        number = _whole_number(options.finding, "--finding", default=None)
    elif len(options.terms) != 3:
        raise UsageError(f"explain needs SUBJECT PREDICATE OBJECT (or --finding N), got {len(options.terms)} "
                         "term(s); quote a label or literal that has spaces")
    with cli_query_limits(options) as limits:
        timeout = limits["timeout"]
    kg = load_graph(options)
    names = TermNames(kg.labeler(lang=options.lang), kg.dataset) if fmt == "text" else None
    try:
        if number is not None:
            explanation = kg.explain_finding(number, max_depth=depth, timeout=timeout)
            text = {"text": lambda: render_finding_text(explanation, names), "json": lambda: render_json(explanation),
                    "turtle": lambda: render_finding_turtle(explanation, kg.dataset)}[fmt]()
        else:
            if options.all_proofs:
                proofs = kg.explain_all(*options.terms, max_depth=depth, timeout=timeout)
            else:
                proofs = kg.explain(*options.terms, max_depth=depth, timeout=timeout)
            text = {"text": lambda: render_text(proofs, names), "json": lambda: render_json(proofs),
                    "turtle": lambda: render_turtle(proofs, kg.dataset)}[fmt]()
    except SearchTimeout as error:
        raise SearchTimeout(f"the proof search stopped after {error.seconds:g} s (--timeout): lower --max-depth, "
                            "or allow more time with --timeout SECONDS (0 = no limit)", seconds=error.seconds) from None
    _out(text)
    return ExitCode.OK


def _whole_number(value, option: str, *, default):
    """``value`` (text) as a whole number of at least 1, for ``option``; ``default`` when not given."""
    if value is None:
        return default
    try:
        number = int(value)
    except (TypeError, ValueError):
        number = 0
    if number < 1:
        raise UsageError(f"{option}: expected a whole number of at least 1, got {value!r}")
    return number


# -- export / serve -----------------------------------------------------------

def cmd_export(options: argparse.Namespace, extra: list[str]) -> ExitCode:
    from csto_kg.inputs.budgets import time_limit
    from csto_kg.store.exports import export, export_format

    export_format(options.format)  # usage error before loading anything
    kg = load_valid_graph(options)
    with time_limit("export"):  # canonical blank node labels take super-linear time on long chains
        data = export(kg.dataset, fmt=options.format, scope=options.scope)
    if options.output:
        with write_lock(options.output):
            atomic_write(options.output, data)
        _err(i18n.text("wrote {path} ({size} bytes)", options.lang, path=options.output, size=len(data)))
    else:
        with _writing_stdout():
            sys.stdout.buffer.write(data)
            sys.stdout.flush()
    return ExitCode.OK


def cmd_serve(options: argparse.Namespace, extra: list[str]) -> ExitCode:
    from csto_kg.query.limits import QueryLimits
    from csto_kg.web.server import ServerSettings, serve

    limits = QueryLimits.from_options(max_bytes=options.max_query_bytes, max_depth=options.max_query_depth,
                                      max_patterns=options.max_query_patterns)
    if options.quick_workers < 0:
        raise UsageError(f"serve --quick-workers {options.quick_workers}: give 0 or more")
    for name in ("max_response_bytes", "max_connections", "workers", "max_rows"):
        if getattr(options, name) < 1:
            raise UsageError(f"serve --{name.replace('_', '-')} {getattr(options, name)}: give a positive number")
    kg = load_graph(options)
    settings = ServerSettings(host=options.host, port=options.port, timeout=options.timeout,
                              max_rows=options.max_rows, workers=options.workers,
                              base=options.base or ServerSettings.base, limits=limits,
                              max_response_bytes=options.max_response_bytes,
                              max_connections=options.max_connections, quick_workers=options.quick_workers)
    serve(kg, settings=settings, announce=_err)
    return ExitCode.OK


# -- validate -------------------------------------------------------------------

def cmd_validate(options: argparse.Namespace, extra: list[str]) -> ExitCode:
    from csto_kg.api import validate

    if options.format not in ("text", "json"):
        raise UsageError(f"validate --format {options.format}: use text or json")
    report = validate(ontology=options.ontology, data=options.data,
                      bundled_data=not options.no_bundled_data, queries=options.queries,
                      cache=not options.no_cache)
    _out(render_validation(report, fmt=options.format))
    return report.exit_code


def render_validation(report, *, fmt: str = "text") -> str:
    """The text of ``validate``: one line per finding then a summary, or JSON."""
    if fmt == "json":
        return json.dumps(report.to_json(), indent=2, ensure_ascii=False) + "\n"
    lines = [finding.render_line() for finding in report.findings] + [report.summary()]
    return "\n".join(lines) + "\n"


def _report_violations(counts: dict) -> ExitCode:
    bad = {n: c for n, c in counts.items() if n.endswith("-violation") and isinstance(c, int) and c}
    for name, rows in bad.items():
        _err(f"Finding: violation check '{name}' returned {rows} row(s)")
    return ExitCode.FINDINGS if bad else ExitCode.OK


def _report_findings(report: ReasoningReport) -> ExitCode:
    for number, finding in enumerate(report.findings, 1):
        _err(f"Finding: {finding.render()} (why: csto-kg explain --finding {number})")
    return ExitCode.OK if report.consistent else ExitCode.FINDINGS


def _out(text: str) -> None:
    with _writing_stdout():
        sys.stdout.write(text)
        sys.stdout.flush()


@contextmanager
def _writing_stdout():
    """A full disk (or quota) behind standard output is :class:`WriteFailed`, not an internal error."""
    try:
        yield
    except BrokenPipeError:
        raise
    except OSError as error:
        raise WriteFailed.of("standard output", error, existed=False, after="what it shows is incomplete") from None


@contextmanager
def _streaming_stdout():
    """Standard output as a binary stream that passes each piece on at once (an answer is written
    as it comes), with :func:`_writing_stdout`'s errors."""
    import codecs

    sys.stdout.flush()
    binary = getattr(sys.stdout, "buffer", None)
    decoder = codecs.getincrementaldecoder("utf-8")()

    class Out:
        def write(self, data: bytes) -> None:
            if binary is not None:
                binary.write(data)
                binary.flush()
            else:  # a text-only stream (a test's): whole characters only
                sys.stdout.write(decoder.decode(data))
                sys.stdout.flush()

    with _writing_stdout():
        yield Out()


def _err(text: str) -> None:
    print(text, file=sys.stderr)
