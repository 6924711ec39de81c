"""Argument parsing of ``csto-kg``: the commands, their options and the global options.

The commands themselves (:mod:`csto_kg.cli.commands`) import from here, never the other way.
"""

from __future__ import annotations

import argparse
from typing import Sequence

from csto_kg import i18n
from csto_kg.errors import UsageError

RESERVED_PARAM_NAMES = {"data", "ontology", "no_bundled_data", "no_cache", "traceback",
                        "reasoner", "max_inferred", "max_seconds", "max_memory", "store", "endpoint", "graph_store",
                        "queries", "format", "lang", "list", "help", "file", "out", "timeout", "wide", "version",
                        "max_file_bytes", "max_input_bytes", "max_literal_bytes", "max_list_items",
                        "max_blank_nodes"}
INPUT_BUDGETS = ("max_file_bytes", "max_input_bytes", "max_literal_bytes", "max_list_items", "max_blank_nodes")
_GLOBAL_DEFAULTS = {"reasoner": None, "max_inferred": None, "max_seconds": None, "max_memory": None,
                    **{name: None for name in INPUT_BUDGETS},
                    "store": None,
                    "endpoint": None,
                    "data": [], "ontology": None, "no_bundled_data": False,
                    "no_cache": False, "traceback": False, "queries": None, "lang": None}


class UsageErrorParser(argparse.ArgumentParser):
    """argparse that raises UsageError instead of exiting (so messages are uniform)."""

    hint: str | None = None

    def error(self, message: str):
        raise UsageError(f"{message} (see: {self.hint or self.prog + ' --help'})")


def _add_global_options(parser: argparse.ArgumentParser, *, prefix: str) -> None:
    group = parser.add_argument_group("input and behaviour (any position)")
    s = argparse.SUPPRESS
    group.add_argument("--data", dest=prefix + "data", action="append", metavar="PATH", default=s,
                       help="add a file (Turtle, N-Triples, JSON-LD, RDF/XML) or a folder (recursive *.ttl) to the data; repeatable")
    group.add_argument("--ontology", dest=prefix + "ontology", action="append", metavar="PATH",
                       default=s, help="use this ontology file/folder instead of the bundled one; repeatable")
    group.add_argument("--no-bundled-data", dest=prefix + "no_bundled_data", action="store_true",
                       default=s, help="leave the bundled data out")
    group.add_argument("--no-cache", dest=prefix + "no_cache", action="store_true", default=s,
                       help="do not read or write the reasoning cache")
    group.add_argument("--queries", dest=prefix + "queries", metavar="DIR", default=s,
                       help="folder of helper queries (*.rq) instead of the bundled ones")
    group.add_argument("--traceback", dest=prefix + "traceback", action="store_true", default=s,
                       help="show the Python traceback on errors")
    group.add_argument("--lang", dest=prefix + "lang", metavar="LANG", default=s,
                       help="language of labels, column headers, messages and charts: "
                            "en (default), fr or ru")
    _add_scale_options(group, prefix=prefix)


def _add_scale_options(group, *, prefix: str) -> None:
    """Reasoner, budgets and backends (issue 6)."""
    s = argparse.SUPPRESS
    group.add_argument("--reasoner", dest=prefix + "reasoner", choices=("rl", "owlrl"), default=s,
                       help="rl (default: fast, same closure as owlrl) or owlrl (the reference)")
    group.add_argument("--max-inferred", dest=prefix + "max_inferred", metavar="N", default=s,
                       help="stop reasoning past N inferred triples (default 50000000; $CSTO_KG_MAX_INFERRED)")
    group.add_argument("--max-seconds", dest=prefix + "max_seconds", metavar="S", default=s,
                       help="stop parsing, reasoning or validation after S seconds of it (default 3600; "
                            "$CSTO_KG_MAX_SECONDS)")
    for name, default, what in (("max_file_bytes", "100000000", "bytes of one input file"),
                                ("max_input_bytes", "500000000", "bytes of all the input files"),
                                ("max_literal_bytes", "1000000", "bytes of one literal"),
                                ("max_list_items", "10000", "items of one RDF list"),
                                ("max_blank_nodes", "500000", "blank nodes in one input file")):
        option = "--" + name.replace("_", "-")
        group.add_argument(option, dest=prefix + name, metavar="N", default=s,
                           help=f"refuse input with more than N {what} (default {default}; "
                                f"$CSTO_KG_{name.upper()})")
    group.add_argument("--max-memory", dest=prefix + "max_memory", metavar="BYTES", default=s,
                       help="address space of the owlrl reasoner's process and of a query's process "
                            "(default 4 GiB; $CSTO_KG_MAX_MEMORY)")
    group.add_argument("--store", dest=prefix + "store", metavar="oxigraph:PATH", default=s,
                       help="keep the graph in a persistent Oxigraph store at PATH")
    group.add_argument("--endpoint", dest=prefix + "endpoint", metavar="URL", default=s,
                       help="run helpers and sparql on this SPARQL 1.1 endpoint (push: upload to it)")


def build_parser() -> argparse.ArgumentParser:
    """The argparse parser of ``csto-kg``."""
    parser = UsageErrorParser(prog="csto-kg", allow_abbrev=False,
                             description="Knowledge graph of the Collective Security Treaty Organization.",
                             epilog="csto-kg COMMAND --help shows the options of a command; "
                                    "csto-kg query NAME --help the parameters of a helper query.")
    parser.add_argument("--version", action=_Version, help="show the version of csto-kg and exit")
    _add_global_options(parser, prefix="top_")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=UsageErrorParser)

    query = commands.add_parser("query", allow_abbrev=False, help="run a helper query", add_help=False,
                                usage="csto-kg query --list | csto-kg query NAME [--PARAM VALUE]... [options]",
                                epilog="csto-kg query NAME --help shows a helper's summary, parameters "
                                       "and an example.")
    query.add_argument("-h", "--help", action="store_true",
                       help="show this help, or with NAME the helper's parameters and an example, and exit")
    query.add_argument("name", nargs="?", metavar="NAME", help="helper name (see --list)")
    query.add_argument("--list", action="store_true", help="list the helpers with summary and parameters")
    _add_output_options(query)
    _add_query_limit_options(query)

    sparql = commands.add_parser("sparql", allow_abbrev=False,
                                 help="run a SPARQL query over asserted + inferred triples")
    sparql.add_argument("text", nargs="?", metavar="QUERY", help="the query text")
    sparql.add_argument("--file", "-f", metavar="FILE", help="read the query from FILE ('-' = stdin)")
    _add_output_options(sparql)
    _add_query_limit_options(sparql)

    reason = commands.add_parser("reason", allow_abbrev=False,
                                 help="reason; print counts; optionally write the closure")
    reason.add_argument("-o", "--output", metavar="FILE", help="write asserted + inferred as N-Triples")

    build = commands.add_parser("build", allow_abbrev=False,
                                help="reason and write closure.nt, closure.ttl, report.md and void.ttl")
    build.add_argument("--out", default="out", metavar="DIR", help="output folder (default: out/)")

    commands.add_parser("check", allow_abbrev=False,
                        help="report inconsistencies and run every *-violation helper")

    validate = commands.add_parser("validate", allow_abbrev=False,
                                   help="check the data: syntax, literals, terms, SHACL shapes, consistency")
    validate.add_argument("--format", default="text", metavar="FMT", help="text (default) or json")

    export = commands.add_parser("export", allow_abbrev=False,
                                 help="write the graph as Turtle, N-Triples, N-Quads, TriG, JSON-LD or RDF/XML")
    export.add_argument("--format", default="turtle", metavar="FMT",
                        help="turtle (default), ntriples, nquads, trig, jsonld, rdfxml")
    scope = export.add_mutually_exclusive_group()
    for name, text in (("asserted", "asserted triples only"), ("inferred", "inferred triples only"),
                       ("all", "asserted + inferred (default)")):
        scope.add_argument(f"--{name}", dest="scope", action="store_const", const=name, help=text)
    export.set_defaults(scope="all")
    export.add_argument("-o", "--output", metavar="FILE", help="write to FILE (atomically) instead of stdout")

    serve = commands.add_parser("serve", allow_abbrev=False,
                                help="serve the SPARQL endpoint, resource pages, query UI and docs over HTTP")
    serve.add_argument("--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1)")
    serve.add_argument("--port", type=int, default=8000, help="port (default 8000; 0 = any free port)")
    serve.add_argument("--timeout", type=float, default=10.0, metavar="SECONDS",
                       help="hard time limit of one query (default 10)")
    serve.add_argument("--max-rows", type=int, default=10000, metavar="N",
                       help="most result rows (or triples) returned by one query (default 10000)")
    serve.add_argument("--workers", type=int, default=2, metavar="N",
                       help="query worker processes of the long lane (default 2)")
    serve.add_argument("--quick-workers", type=int, default=2, metavar="N",
                       help="query worker processes of the quick lane, where every query runs first for 0.5 s; "
                            "a longer one moves to the long lane, so heavy queries never hold up light ones "
                            "(default 2; 0: one lane)")
    serve.add_argument("--base", default=None, metavar="IRI",
                       help="IRI prefix served at / (default https://w3id.org/csto-kg/)")
    serve.add_argument("--max-query-bytes", default=None, metavar="N",
                       help="largest query text in bytes, else 413 (default 65536; $CSTO_KG_MAX_QUERY_BYTES)")
    serve.add_argument("--max-query-depth", default=None, metavar="N",
                       help="deepest nesting of ( { [ in a query, else 400 (default 64; $CSTO_KG_MAX_QUERY_DEPTH)")
    serve.add_argument("--max-query-patterns", default=None, metavar="N",
                       help="most triple patterns in a query, else 400 (default 500; $CSTO_KG_MAX_QUERY_PATTERNS)")
    serve.add_argument("--max-response-bytes", type=int, default=64 * 1024 * 1024, metavar="N",
                       help="largest answer of one query in bytes; a longer one is cut at a row and says so in "
                            "X-CSTO-KG-Truncated (default 67108864)")
    serve.add_argument("--max-connections", type=int, default=1000, metavar="N",
                       help="open connections served at once; beyond, 503 (default 1000)")

    push = commands.add_parser("push", allow_abbrev=False,
                               help="upload ontology, data and inferred graphs to --endpoint (Graph Store Protocol)")
    push.add_argument("--graph-store", metavar="URL", default=None,
                      help="Graph Store Protocol URL (default: the endpoint with /query -> /store, /sparql -> /data)")

    timeline = commands.add_parser("timeline", allow_abbrev=False,
                                   help="draw a membership timeline chart as SVG or PNG",
                                   usage="csto-kg timeline (--org O | --state S) [--from D] [--to D] [--lang fr|ru] -o FILE.svg|FILE.png")
    timeline.add_argument("--org", metavar="O", help="one row per member of this organization")
    timeline.add_argument("--state", metavar="S", help="one row per organization or treaty of this state")
    timeline.add_argument("--from", dest="since", metavar="D", help="left edge of the chart (YYYY[-MM[-DD]])")
    timeline.add_argument("--to", dest="until", metavar="D", help="right edge of the chart (YYYY[-MM[-DD]])")
    timeline.add_argument("-o", "--output", required=True, metavar="FILE", help="FILE.svg or FILE.png")

    explain = commands.add_parser(
        "explain", allow_abbrev=False, help="why the graph holds a triple: its proof, down to the files, lines "
        "and passages of the sources",
        usage="csto-kg explain SUBJECT PREDICATE OBJECT [--format text|json|turtle] [--all] [--max-depth N] "
              "[--lang L] | csto-kg explain --finding N [...]")
    explain.add_argument("terms", nargs="*", metavar="TERM",
                         help="subject, predicate, object: an IRI, a CURIE or (subject, object) a label; "
                              "'a' for rdf:type; a literal object in Turtle ('\"2002-10-07\"^^xsd:date')")
    explain.add_argument("--finding", metavar="N", help="explain the N-th finding that csto-kg check prints")
    explain.add_argument("--format", default="text", metavar="FMT", help="text (default), json or turtle (PROV-O)")
    explain.add_argument("--all", dest="all_proofs", action="store_true",
                         help="list the other proofs too (one per rule instance concluding the triple; at most 10)")
    explain.add_argument("--max-depth", default=None, metavar="N", help="most levels of rules in a proof (default 12)")
    explain.add_argument("--timeout", default=None, metavar="SECONDS",
                         help="time limit of the proof search, which stops itself past it (default 60, as for "
                              "queries; $CSTO_KG_QUERY_TIMEOUT; 0 = no limit)")

    _add_panel_and_map(commands)

    build.description = ("Reason, then write closure.nt (asserted + inferred, sorted N-Triples), closure.ttl "
                         "(Turtle), report.md (counts, findings, rows per helper) and void.ttl (VoID + DCAT "
                         "description of the dataset) into --out.")
    helps = {choice.dest: choice.help for choice in commands._choices_actions}
    for name, sub in commands.choices.items():
        sub.description = sub.description or helps[name][:1].upper() + helps[name][1:] + "."
        _add_global_options(sub, prefix="")
    return parser


def _add_panel_and_map(commands) -> None:
    """``panel`` (a state-year table in the COW IGO coding) and ``map`` (the members on a date), issue 17."""
    panel = commands.add_parser("panel", allow_abbrev=False,
                                help="a state-year table of an organization in the Correlates of War IGO coding",
                                usage="csto-kg panel --org O [--from YEAR] [--to YEAR] [--states members|all] "
                                      "[--format csv|tsv|json] [--lang L]")
    panel.add_argument("--org", required=True, metavar="O", help="the organization (or treaty, e.g. CST)")
    panel.add_argument("--from", dest="since", metavar="YEAR", help="first year (default: the organization's first)")
    panel.add_argument("--to", dest="until", metavar="YEAR",
                       help="last year (default: its last, or the latest year the graph dates)")
    panel.add_argument("--states", default="members", metavar="WHICH",
                       help="members (default: every state that held a status in it) or all (every state)")
    panel.add_argument("--format", default="csv", metavar="FMT", help="csv (default), tsv or json")

    member_map = commands.add_parser("map", allow_abbrev=False,
                                     help="draw a map of an organization's members on a date as SVG or PNG",
                                     usage="csto-kg map --org O --date D [--lang fr] -o FILE.svg|FILE.png")
    member_map.add_argument("--org", required=True, metavar="O", help="the organization (or treaty)")
    member_map.add_argument("--date", required=True, metavar="D", help="YYYY, YYYY-MM or YYYY-MM-DD")
    member_map.add_argument("-o", "--output", required=True, metavar="FILE", help="FILE.svg or FILE.png")


def _add_output_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--format", default="table", metavar="FMT",
                        help="table (default), csv, tsv, json; graphs: turtle, ntriples, jsonld, xml")
    parser.add_argument("--wide", action="store_true",
                        help="table: every cell whole, however wide (default: fit the terminal, "
                             "$COLUMNS, or 100 columns; sources shortened to the first and +N)")


def _add_query_limit_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--timeout", default=None, metavar="SECONDS",
                        help="hard time limit of the query: it runs in a child process killed after "
                             "SECONDS (default 60; $CSTO_KG_QUERY_TIMEOUT; 0 = no limit, run in this "
                             "process); --max-memory caps that process's memory")


def parse_args(argv: Sequence[str]) -> tuple[argparse.Namespace, list[str]]:
    """Parse argv; returns the options and the helper parameters left over."""
    parser = build_parser()
    options, extra = parser.parse_known_args(list(argv))
    _merge_globals(options)
    if options.command is None:
        raise UsageError("missing command; give one of these (csto-kg COMMAND --help shows its options):\n"
                         + command_list(parser))
    if extra and options.command != "query":
        raise UsageError(f"unrecognized arguments: {' '.join(extra)} (see: csto-kg {options.command} --help)")
    options.lang = i18n.language(options.lang)
    return options, extra


def command_help(name: str) -> str:
    """The ``--help`` text of one command (``query`` shows it itself, having its own ``--help``)."""
    action = next(a for a in build_parser()._actions if isinstance(a, argparse._SubParsersAction))
    return action.choices[name].format_help()


def command_list(parser: argparse.ArgumentParser) -> str:
    """Every command with its one-line help, one a line (for the bare ``csto-kg``).

    >>> print(command_list(build_parser()).splitlines()[0])
      query     run a helper query
    """
    action = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    helps = [(choice.dest, choice.help) for choice in action._choices_actions]
    width = max(len(name) for name, _help in helps)
    return "\n".join(f"  {name.ljust(width)}  {text}" for name, text in helps)


class _Version(argparse.Action):
    """``--version``: the installed distribution's version, looked up only when asked."""

    def __init__(self, option_strings, dest, **kwargs):
        super().__init__(option_strings, dest, nargs=0, default=argparse.SUPPRESS, **kwargs)

    def __call__(self, parser, namespace, values, option_string=None):
        from importlib.metadata import PackageNotFoundError, version

        try:
            number = version("csto-kg")
        except PackageNotFoundError:
            number = "(version unknown: not installed)"
        print(f"csto-kg {number}")  # on standard output, as argparse's own version action does
        parser.exit()


def _merge_globals(options: argparse.Namespace) -> None:
    for name, default in _GLOBAL_DEFAULTS.items():
        top = getattr(options, "top_" + name, None)
        sub = getattr(options, name, None)
        if isinstance(default, list) or name == "ontology":
            merged = (top or []) + (sub or [])
            value = merged if merged or default is not None else None
        elif isinstance(default, bool):
            value = bool(top) or bool(sub)
        else:
            value = sub if sub is not None else top
        setattr(options, name, value if value is not None else default)
