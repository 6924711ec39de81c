"""``csto-kg validate``: every check of the input, as located, typed findings.

Order: each file on its own (:mod:`csto_kg.file_checks`: encoding, emptiness,
format, syntax, ill-typed literals, language tags); then, when every file
parses, the whole graph: undeclared ``csto:`` terms, dangling ``kg:``
references, duplicate labels (:mod:`csto_kg.graph_checks`), owlrl's
inconsistencies, the SHACL shapes over the reasoned graph
(:mod:`csto_kg.shacl_checks`) and the ``*-violation`` helper queries.

A report is cached next to the reasoning cache (same folder), keyed by the
inputs, the shapes, the violation queries and the versions of the checkers,
so the commands that refuse invalid data (build, reason, query) stay fast.
"""

from __future__ import annotations

import hashlib
import json
import os
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path
from typing import Sequence

from rdflib import Graph

from . import cache as kg_cache
from .atomicio import atomic_write
from .errors import CstoKgError, ExitCode, LoadError
from .file_checks import FileResult, check_file
from .findings import ERROR, WARNING, Finding
from .inputs import SHAPES_FILE, InputFile, bundled_root, discover

VALIDATOR_VERSION = 1
REPORT_PREFIX = "val-"
HINT = "nothing was done; run `csto-kg validate` to see every finding"
KEEP_REPORTS = 8

PathLike = str | os.PathLike


@dataclass
class ValidationReport:
    """The findings of a validation run, sorted by file, line and column."""

    findings: list[Finding] = field(default_factory=list)
    files: list[str] = field(default_factory=list)
    graph_checked: bool = True  # False when a file could not be parsed
    shapes: str | None = None  # the shapes file used, as displayed

    @property
    def errors(self) -> list[Finding]:
        return [f for f in self.findings if f.severity == ERROR]

    @property
    def warnings(self) -> list[Finding]:
        return [f for f in self.findings if f.severity == WARNING]

    @property
    def fatal(self) -> bool:
        """Whether some file could not be read or parsed at all."""
        return not self.graph_checked

    @property
    def exit_code(self) -> ExitCode:
        """1 when there is an error, else 0 (warnings alone do not fail)."""
        return ExitCode.FINDINGS if self.errors else ExitCode.OK

    def summary(self) -> str:
        """One line: counts of errors, warnings and files.

        >>> ValidationReport(files=["a.ttl"]).summary()
        '0 errors, 0 warnings in 1 file'
        """
        def count(n: int, word: str) -> str:
            return f"{n} {word}{'' if n == 1 else 's'}"
        text = (f"{count(len(self.errors), 'error')}, {count(len(self.warnings), 'warning')} "
                f"in {count(len(self.files), 'file')}")
        if not self.graph_checked:
            text += " (graph checks skipped: fix the files that do not parse first)"
        return text

    def to_json(self) -> dict:
        return {"findings": [f.to_json() for f in self.findings], "files": self.files,
                "graph_checked": self.graph_checked, "shapes": self.shapes,
                "errors": len(self.errors), "warnings": len(self.warnings)}

    @classmethod
    def from_json(cls, value: dict) -> "ValidationReport":
        return cls([Finding.from_json(f) for f in value["findings"]], list(value["files"]),
                   bool(value["graph_checked"]), value.get("shapes"))


class DataRejected(CstoKgError):
    """A command refused data that does not validate (nothing was written)."""

    def __init__(self, report: ValidationReport):
        self.report = report
        self.exit_code = ExitCode.USAGE if report.fatal else ExitCode.FINDINGS
        errors = report.errors
        first = errors[0]
        text = f"{first.location}: {first.message}"
        if len(errors) > 1:
            text += f"\n  ... and {len(errors) - 1} more error(s)"
        text += f"\n  {HINT}"
        super().__init__(text)


def validate(*, ontology: Sequence[PathLike] | None = None, data: Sequence[PathLike] = (),
             bundled_data: bool = True, queries: PathLike | None = None,
             cache: bool = True, kg=None) -> ValidationReport:
    """Validate the ontology and data the options describe; returns the report.

    ``kg`` is the already loaded :class:`~csto_kg.api.KnowledgeGraph` of the same
    options, when the caller has it (it is loaded otherwise).

    >>> from csto_kg.fixtures import FIXTURE_ONTOLOGY, FIXTURE_DATA, FIXTURE_QUERIES
    >>> report = validate(ontology=[FIXTURE_ONTOLOGY], data=[FIXTURE_DATA], bundled_data=False,
    ...                   queries=FIXTURE_QUERIES, cache=False)
    >>> report.summary(), report.exit_code
    ('0 errors, 0 warnings in 3 files', <ExitCode.OK: 0>)
    """
    files = discover(ontology=ontology, data=data, bundled_data=bundled_data)
    shapes = shapes_file(ontology)
    key = _report_key(files, shapes, queries) if cache else None
    if key:
        cached = _read_report(key)
        if cached is not None:
            return cached
    report = _run(files, shapes, ontology=ontology, data=data, bundled_data=bundled_data,
                  queries=queries, cache=cache, kg=kg)
    if key:
        _write_report(key, report)
    return report


def require_valid(**options) -> ValidationReport:
    """Validate (same options as :func:`validate`); raise :class:`DataRejected` on errors."""
    report = validate(**options)
    if report.errors:
        raise DataRejected(report)
    return report


def rejected(error: LoadError) -> CstoKgError:
    """The error a command gives for a file it cannot load: the loader's message plus the hint.

    >>> str(rejected(LoadError(file="x.ttl", line=2, message="bad")))
    'x.ttl:2: bad\\n  nothing was done; run `csto-kg validate` to see every finding'
    """
    failure = CstoKgError(f"{error}\n  {HINT}")
    failure.exit_code = error.exit_code
    return failure


def shapes_file(ontology: Sequence[PathLike] | None) -> Path | None:
    """The shapes to use: ``shapes.ttl`` of the bundled ontology, or of the given ontology folders.

    >>> shapes_file(None).name
    'shapes.ttl'
    """
    if ontology is None:
        candidate = bundled_root("ontology") / SHAPES_FILE
        return candidate if candidate.is_file() else None
    for given in ontology:
        path = Path(given).expanduser()
        if path.is_dir() and (path / SHAPES_FILE).is_file():
            return (path / SHAPES_FILE).resolve()
    return None


def _run(files: list[InputFile], shapes: Path | None, **options) -> ValidationReport:
    from .api import KnowledgeGraph  # the graph checks need the reasoned graph
    from .graph_checks import (declared_terms, dangling_findings, duplicate_label_findings,
                               located_inconsistencies, undeclared_term_findings, violation_findings)
    from .locations import Locator
    from .shacl_checks import shacl_findings

    results = [check_file(f) for f in files]
    findings = [finding for r in results for finding in r.findings]
    report = ValidationReport(files=[f.display for f in files],
                              shapes=_display(shapes) if shapes else None)
    if any(r.fatal for r in results):
        report.graph_checked = False
        report.findings = _sorted(findings)
        return report
    scans = [(r.input_file.display, r.scan) for r in results]
    data_scans = [(r.input_file.display, r.scan) for r in results if r.input_file.role == "data"]
    locator = Locator(scans)
    kg = options["kg"] or KnowledgeGraph.load(ontology=options["ontology"], data=options["data"],
                                              bundled_data=options["bundled_data"], cache=options["cache"],
                                              queries=options["queries"])
    ontology_graph = Graph()
    for result in results:
        if result.input_file.role == "ontology":
            ontology_graph += kg.dataset.graph(result.input_file.graph)
    asserted = asserted_union_without_inferred(kg)
    findings += undeclared_term_findings(data_scans, declared_terms(ontology_graph))
    dangling = dangling_findings(data_scans, asserted)
    findings += dangling
    findings += duplicate_label_findings(asserted, locator)
    findings += located_inconsistencies(kg.findings, locator)
    if shapes is not None:
        # a dangling IRI is reported once, not again for lacking labels or required properties
        missing = {r for finding in dangling for r in finding.resources}
        findings += [f for f in shacl_findings(kg.closure(), Graph().parse(shapes, format="turtle"),
                                               locator, asserted=asserted)
                     if not (f.resources and f.resources[0] in missing)]
    findings += violation_findings(kg, locator)
    report.findings = _sorted(findings)
    return report


def asserted_union_without_inferred(kg) -> Graph:
    """Every asserted triple of ``kg`` (all named graphs but the inferred one)."""
    from .namespaces import INFERRED_GRAPH

    union = Graph()
    for graph in kg.dataset.graphs():
        if graph.identifier != INFERRED_GRAPH:
            union += graph
    return union


def _sorted(findings: list[Finding]) -> list[Finding]:
    unique = list(dict.fromkeys(findings))
    return sorted(unique, key=lambda f: (f.file is None, f.file or "", f.line or 0, f.column or 0,
                                         f.severity, f.code, f.message))


def _display(path: Path) -> str:
    try:
        return path.resolve().relative_to(Path.cwd()).as_posix()
    except ValueError:
        return str(path)


# -- report cache -----------------------------------------------------------------

def _report_key(files: list[InputFile], shapes: Path | None, queries: PathLike | None) -> str:
    from .helpers import load_helpers
    from .shacl_checks import ENGINE as SHACL_ENGINE

    digest = hashlib.sha256()
    parts = [f"validator={VALIDATOR_VERSION}", f"shacl={SHACL_ENGINE}={_version(SHACL_ENGINE)}",
             f"inputs={kg_cache.cache_key(files)}", f"cwd={Path.cwd()}"]
    parts += [f"display={f.display}" for f in files]
    if shapes is not None:
        parts.append("shapes=" + hashlib.sha256(shapes.read_bytes()).hexdigest())
    for helper in load_helpers(queries).values():
        if helper.is_violation_check:
            parts.append(f"query={helper.name}:" + hashlib.sha256(helper.text.encode()).hexdigest())
    for part in parts:
        digest.update(part.encode() + b"\0")
    return digest.hexdigest()


def _report_path(key: str) -> Path:
    return kg_cache.cache_dir() / f"{REPORT_PREFIX}{key[:40]}.json"


def _read_report(key: str) -> ValidationReport | None:
    try:
        value = json.loads(_report_path(key).read_text(encoding="utf-8"))
        if value.get("key") != key:
            return None
        return ValidationReport.from_json(value["report"])
    except (OSError, ValueError, KeyError, TypeError):
        return None


def _write_report(key: str, report: ValidationReport) -> None:
    try:
        path = atomic_write(_report_path(key), json.dumps({"key": key, "report": report.to_json()}))
    except OSError:
        return
    old = sorted(path.parent.glob(f"{REPORT_PREFIX}*.json"), key=lambda p: p.stat().st_mtime, reverse=True)
    for stale in old[KEEP_REPORTS:]:
        try:
            stale.unlink()
        except OSError:
            pass


def _version(name: str) -> str:
    try:
        return metadata.version(name)
    except metadata.PackageNotFoundError:
        return "unknown"
