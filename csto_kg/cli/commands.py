"""What each ``csto-kg`` command does (the CLI parses, these run and render)."""

from __future__ import annotations

import argparse
import json
import math
import os
import sys
from contextlib import contextmanager
from pathlib import Path

from csto_kg.api import KnowledgeGraph, ReasoningReport
from csto_kg.atomicio import WriteFailed, atomic_write, atomic_write_all, write_lock
from csto_kg.cli.progress import StageClock
from csto_kg.errors import ExitCode, LoadError, UsageError
from csto_kg.query.helpers import Helper, find_helper, load_helpers
from csto_kg.query.render import render, render_graph


def run_command(options: argparse.Namespace, extra: list[str]) -> ExitCode:
    handlers = {"query": cmd_query, "sparql": cmd_sparql, "reason": cmd_reason,
                "build": cmd_build, "check": cmd_check, "validate": cmd_validate, "export": cmd_export, "serve": cmd_serve}
    handlers["push"] = cmd_push
    handlers["timeline"] = cmd_timeline
    from csto_kg.cli.backend_options import input_budget
    from csto_kg.inputs.budgets import applied

    with applied(input_budget(options)):  # the input budgets of this command's options
        return handlers[options.command](options, extra)


def load_valid_graph(options: argparse.Namespace, clock: StageClock | None = None) -> KnowledgeGraph:
    """The knowledge graph, after checking the data validates without errors.

    Raises :class:`~csto_kg.validation.DataRejected` (nothing is written) otherwise.
    ``clock`` times the stages (and shows them on a terminal).
    """
    from csto_kg.api import require_valid
    from csto_kg.validation import rejected

    clock = clock or StageClock()
    try:
        kg = load_graph(options, clock)
    except LoadError as error:
        clock.finish()
        raise rejected(error) from None
    try:
        require_valid(ontology=options.ontology, data=options.data, bundled_data=not options.no_bundled_data,
                      queries=options.queries, cache=not options.no_cache, kg=kg, on_stage=clock)
    finally:
        clock.finish()
    return kg


def load_graph(options: argparse.Namespace, clock: StageClock | None = None) -> KnowledgeGraph:
    """The knowledge graph as the global options describe it."""
    from csto_kg.cli.backend_options import load_options

    clock = clock or StageClock()
    try:
        return KnowledgeGraph.load(ontology=options.ontology, data=options.data,
                                   bundled_data=not options.no_bundled_data,
                                   cache=not options.no_cache, queries=options.queries,
                                   **load_options(options, clock))
    finally:
        clock.finish()


# -- query ----------------------------------------------------------------

def cmd_query(options: argparse.Namespace, extra: list[str]) -> ExitCode:
    helpers = load_helpers(options.queries)
    if options.list:
        if options.name or extra:
            raise UsageError("query --list takes no helper name or parameters")
        _out(describe_helpers(helpers))
        return ExitCode.OK
    if not options.name:
        raise UsageError("missing helper name (see: csto-kg query --list)")
    helper = find_helper(helpers, options.name)
    values = parse_helper_arguments(helper, extra)
    kg = load_valid_graph(options)
    with cli_query_limits(options) as limits:
        result = kg.query(helper.name, **limits, **values)
    _out(render(result, fmt=options.format, labeler=kg.labeler(lang=options.lang)))
    code = _report_findings(kg.reason())
    if helper.is_violation_check and len(result):
        _err(f"Finding: violation check '{helper.name}' returned {len(result)} row(s)")
        code = ExitCode.FINDINGS
    return code


def describe_helpers(helpers: dict[str, Helper]) -> str:
    """Text of ``query --list``."""
    if not helpers:
        return "No helper queries found.\n"
    blocks = []
    for helper in helpers.values():
        lines = [f"{helper.name}: {helper.summary}".rstrip(": ")]
        for param in helper.params:
            if param.default is not None:
                note = f"default {param.default}"
            else:
                note = "optional" if param.optional else "required"
            lines.append(f"    {param.flag} {param.type.upper()}  ({note})")
        blocks.append("\n".join(lines))
    return "\n".join(blocks) + "\n"


def parse_helper_arguments(helper: Helper, extra: list[str]) -> dict[str, str]:
    """Parse ``--param value`` pairs for one helper."""
    parser = _helper_parser(helper)
    values, unknown = parser.parse_known_args(extra)
    if unknown:
        accepted = ", ".join(p.flag for p in helper.params) or "no parameters"
        raise UsageError(f"helper '{helper.name}' does not take {' '.join(unknown)} (it takes: {accepted})")
    return {k: v for k, v in vars(values).items() if v is not None}


def _helper_parser(helper: Helper) -> argparse.ArgumentParser:
    from csto_kg.cli.parser import RESERVED_PARAM_NAMES, UsageErrorParser

    parser = UsageErrorParser(prog=f"csto-kg query {helper.name}", add_help=False, allow_abbrev=False)
    parser.hint = "csto-kg query --list"
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
    with cli_query_limits(options) as limits:
        result = kg.sparql(text, **limits)
    _out(render(result, fmt=options.format, labeler=kg.labeler(lang=options.lang)))
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
                           seconds=error.seconds, option="--timeout") from None
    except QueryOutOfMemory as error:
        if error.limit is None:
            raise
        raise QueryOutOfMemory(f"query stopped: it needed more than {error.limit} bytes of address space "
                               "(--max-memory BYTES; $CSTO_KG_MAX_MEMORY)",
                               limit=error.limit, option="--max-memory") from None


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
    kg = load_valid_graph(options, clock)
    report = kg.reason()
    _out(describe_report(report))
    if options.output:
        clock("write", f"writing {options.output}")
        text = kg.closure_ntriples()
        with write_lock(options.output):
            atomic_write(options.output, text)
        clock.finish()
        _out(f"closure written to {options.output}\n")
    _out(clock.summary() + "\n")
    return _report_findings(report)


def describe_report(report: ReasoningReport) -> str:
    cached = " (cached result)" if report.cache_status == "hit" else ""
    return (f"asserted triples: {report.asserted}\n"
            f"inferred triples: {report.inferred}\n"
            f"total triples:    {report.total}\n"
            f"reasoning time:   {report.seconds:.2f} s{cached}\n"
            f"findings:         {len(report.findings)}\n")


def cmd_build(options: argparse.Namespace, extra: list[str]) -> ExitCode:
    clock = StageClock(started=options.started)
    kg = load_valid_graph(options, clock)
    report = kg.reason()
    out = Path(options.out)
    clock("helpers", f"running {len(kg.helpers())} helpers")
    counts = helper_row_counts(kg)
    clock("write", f"writing 4 files into {out}")
    from csto_kg.web.dataset_description import description_turtle  # lazy: only build writes it
    outputs = {"closure.nt": kg.closure_ntriples(), "closure.ttl": render_graph(kg.closure(), fmt="turtle"),
               "report.md": build_report(report, counts), "void.ttl": description_turtle(kg.dataset)}
    with write_lock(out):  # a concurrent build into the same folder waits: each writes a whole set
        atomic_write_all((out / name, data) for name, data in outputs.items())  # a full disk replaces none
    clock.finish()
    _out(describe_report(report))
    _out(f"wrote {out / 'closure.nt'}, {out / 'closure.ttl'}, {out / 'report.md'}, {out / 'void.ttl'}\n")
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
    _out(f"wrote {path}: {len(chart.rows)} rows, {len(chart.bars)} bars, {len(chart.markers)} markers")
    return ExitCode.OK


def cmd_check(options: argparse.Namespace, extra: list[str]) -> ExitCode:
    kg = load_graph(options)
    code = _report_findings(kg.reason())
    counts = {name: len(result) for name, result in kg.check_violations().items()}
    for name, rows in counts.items():
        _out(f"{name}: {'ok' if rows == 0 else f'{rows} row(s)'}\n")
    code = max(code, _report_violations(counts))
    if code == ExitCode.OK:
        _out("consistent; all violation checks passed\n")
    return code


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
        _err(f"wrote {options.output} ({len(data)} bytes)")
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
    kg = load_graph(options)
    settings = ServerSettings(host=options.host, port=options.port, timeout=options.timeout,
                              max_rows=options.max_rows, workers=options.workers,
                              base=options.base or ServerSettings.base, limits=limits)
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
    for finding in report.findings:
        _err(f"Finding: {finding.render()}")
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


def _err(text: str) -> None:
    print(text, file=sys.stderr)
