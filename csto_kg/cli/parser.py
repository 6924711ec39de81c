"""Argument parsing of ``csto-kg``: the commands, their options and the global options.

The commands themselves (:mod:`csto_kg.cli.commands`) import from here, never the other way.
"""

from __future__ import annotations

import argparse
from typing import Sequence

from csto_kg.errors import UsageError

RESERVED_PARAM_NAMES = {"data", "ontology", "no_bundled_data", "no_cache", "traceback",
                        "reasoner", "max_inferred", "max_seconds", "max_memory", "store", "endpoint", "graph_store",
                        "queries", "format", "lang", "list", "help", "file", "out", "timeout",
                        "max_file_bytes", "max_input_bytes", "max_literal_bytes", "max_list_items",
                        "max_blank_nodes"}
INPUT_BUDGETS = ("max_file_bytes", "max_input_bytes", "max_literal_bytes", "max_list_items", "max_blank_nodes")
_GLOBAL_DEFAULTS = {"reasoner": None, "max_inferred": None, "max_seconds": None, "max_memory": None,
                    **{name: None for name in INPUT_BUDGETS},
                    "store": None,
                    "endpoint": None,
                    "data": [], "ontology": None, "no_bundled_data": False,
                    "no_cache": False, "traceback": False, "queries": None}


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
                             description="Knowledge graph of the Collective Security Treaty Organization.")
    _add_global_options(parser, prefix="top_")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=UsageErrorParser)

    query = commands.add_parser("query", allow_abbrev=False, help="run a helper query",
                                usage="csto-kg query --list | csto-kg query NAME [--PARAM VALUE]... [options]")
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
                                help="reason and write closure.nt, closure.ttl and report.md")
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
                       help="query worker processes (default 2)")
    serve.add_argument("--base", default=None, metavar="IRI",
                       help="IRI prefix served at / (default https://w3id.org/csto-kg/)")
    serve.add_argument("--max-query-bytes", default=None, metavar="N",
                       help="largest query text in bytes, else 413 (default 65536; $CSTO_KG_MAX_QUERY_BYTES)")
    serve.add_argument("--max-query-depth", default=None, metavar="N",
                       help="deepest nesting of ( { [ in a query, else 400 (default 64; $CSTO_KG_MAX_QUERY_DEPTH)")
    serve.add_argument("--max-query-patterns", default=None, metavar="N",
                       help="most triple patterns in a query, else 400 (default 500; $CSTO_KG_MAX_QUERY_PATTERNS)")

    push = commands.add_parser("push", allow_abbrev=False,
                               help="upload ontology, data and inferred graphs to --endpoint (Graph Store Protocol)")
    push.add_argument("--graph-store", metavar="URL", default=None,
                      help="Graph Store Protocol URL (default: the endpoint with /query -> /store, /sparql -> /data)")

    timeline = commands.add_parser("timeline", allow_abbrev=False,
                                   help="draw a membership timeline chart as SVG or PNG",
                                   usage="csto-kg timeline (--org O | --state S) [--from D] [--to D] [--lang fr] -o FILE.svg|FILE.png")
    timeline.add_argument("--org", metavar="O", help="one row per member of this organization")
    timeline.add_argument("--state", metavar="S", help="one row per organization or treaty of this state")
    timeline.add_argument("--from", dest="since", metavar="D", help="left edge of the chart (YYYY[-MM[-DD]])")
    timeline.add_argument("--to", dest="until", metavar="D", help="right edge of the chart (YYYY[-MM[-DD]])")
    timeline.add_argument("--lang", default="en", help="label language (default en)")
    timeline.add_argument("-o", "--output", required=True, metavar="FILE", help="FILE.svg or FILE.png")

    for sub in commands.choices.values():
        _add_global_options(sub, prefix="")
    return parser


def _add_output_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--format", default="table", metavar="FMT",
                        help="table (default), csv, tsv, json; graphs: turtle, ntriples, jsonld, xml")
    parser.add_argument("--lang", default="en", help="label language for IRIs in table/csv/tsv (default en)")


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
        raise UsageError("missing command: query, sparql, reason, build, check, export or serve "
                         "(see: csto-kg --help)")
    if extra and options.command != "query":
        raise UsageError(f"unrecognized arguments: {' '.join(extra)}")
    return options, extra


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
