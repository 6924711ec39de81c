"""``csto-kg validate``: every check of the input, as located, typed findings.

Order: each file on its own (:mod:`csto_kg.validation.file_checks`: encoding, emptiness,
format, syntax, ill-typed literals, language tags); then, when every file
parses, the whole graph: undeclared ``csto:`` terms, dangling ``kg:``
references, duplicate labels (:mod:`csto_kg.validation.graph_checks`), owlrl's
inconsistencies, the SHACL shapes over the reasoned graph
(:mod:`csto_kg.validation.shacl_checks`) and the ``*-violation`` helper queries.

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
from typing import TYPE_CHECKING, Sequence

from rdflib import Graph, URIRef

from csto_kg.store import cache as kg_cache
from csto_kg.atomicio import atomic_write
from csto_kg.errors import CstoKgError, ExitCode, LoadError
from csto_kg.reasoning.findings import ERROR, WARNING, Finding
from csto_kg.inputs.files import SHAPES_FILE, InputFile, bundled_root, display_path
from csto_kg.validation.background import BackgroundCall

if TYPE_CHECKING:  # the file checks are imported when files are checked (not on a cached run)
    from csto_kg.validation.file_checks import FileResult

VALIDATOR_VERSION = 2  # 2: input budgets, XML safety in any encoding, non-Turtle files located, unwritable characters
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
    shapes_missing: bool = False  # shapes were looked for beside --ontology and none was found

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
        elif self.shapes_missing:
            text += " (no SHACL shapes: no shapes.ttl in or beside the --ontology paths; shape checks skipped)"
        return text

    def to_json(self) -> dict:
        return {"findings": [f.to_json() for f in self.findings], "files": self.files,
                "graph_checked": self.graph_checked, "shapes": self.shapes, "shapes_missing": self.shapes_missing,
                "errors": len(self.errors), "warnings": len(self.warnings)}

    @classmethod
    def from_json(cls, value: dict) -> "ValidationReport":
        return cls([Finding.from_json(f) for f in value["findings"]], list(value["files"]),
                   bool(value["graph_checked"]), value.get("shapes"), bool(value.get("shapes_missing")))


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


def rejected(error: LoadError) -> CstoKgError:
    """The error a command gives for a file it cannot load: the loader's message plus the hint.

    >>> str(rejected(LoadError(file="x.ttl", line=2, message="bad")))
    'x.ttl:2: bad\\n  nothing was done; run `csto-kg validate` to see every finding'
    """
    failure = CstoKgError(f"{error}\n  {HINT}")
    failure.exit_code = error.exit_code
    return failure


def shapes_file(ontology: Sequence[PathLike] | None) -> Path | None:
    """The shapes to use: ``shapes.ttl`` of the bundled ontology, or beside the given ontology.

    For each ``--ontology`` path in order: a folder's ``shapes.ttl``; for a file, the file
    itself when it is named ``shapes.ttl`` (it is then never loaded as ontology), else the
    ``shapes.ttl`` in its folder. None when there is none (the report says so).

    >>> shapes_file(None).name
    'shapes.ttl'
    >>> from csto_kg.inputs.fixtures import FIXTURE_ONTOLOGY
    >>> shapes_file([FIXTURE_ONTOLOGY / "core.ttl"]) == shapes_file([FIXTURE_ONTOLOGY]) == (FIXTURE_ONTOLOGY / "shapes.ttl").resolve()
    True
    """
    if ontology is None:
        candidate = bundled_root("ontology") / SHAPES_FILE
        return candidate if candidate.is_file() else None
    for given in ontology:
        path = Path(given).expanduser()
        folder = path if path.is_dir() else path.parent
        candidate = path if path.is_file() and path.name == SHAPES_FILE else folder / SHAPES_FILE
        if candidate.is_file():
            return candidate.resolve()
    return None


def check_files(files: Sequence[InputFile], *, assembled=None) -> list[FileResult]:
    """Each file on its own: encoding, emptiness, format, syntax, literals, language tags.

    ``assembled`` is what loading made of the same files (:class:`~csto_kg.store.assembly.Assembled`):
    each file's triples are then taken from it instead of being parsed a second time.
    """
    from csto_kg.inputs.loading import ParsedFile
    from csto_kg.validation.file_checks import check_file

    if assembled is None:
        return [check_file(f) for f in files]
    if assembled.parsed is not None:
        return [check_file(f, parsed=p) for f, p in zip(files, assembled.parsed)]
    return [check_file(f, parsed=ParsedFile(f, assembled.file_triples(f), None, None)) for f in files]


def start_shacl(assembled, shapes: Path | None):
    """The SHACL validation of ``assembled`` (the reasoned graph) against ``shapes``, begun now so
    that it runs alongside the other checks (:class:`~csto_kg.validation.shacl_checks.ShaclRun`);
    None without shapes, or when the shapes do not parse (:func:`report_for` then says so where
    it always has, after the file checks)."""
    from csto_kg.validation.shacl_checks import ShaclRun

    if shapes is None:
        return None
    try:
        return ShaclRun(assembled, shapes_graph(shapes))
    except LoadError:
        return None


def report_for(files: Sequence[InputFile], results: Sequence[FileResult], shapes: Path | None, *,
               assembled=None, reasoning_findings=(), violations=(), on_stage=None,
               shacl=None, meanwhile=None) -> ValidationReport:
    """The report of ``files``, from what the earlier stages produced.

    ``results`` are the file checks (:func:`check_files`); when none is fatal the graph
    checks run on ``assembled`` (the reasoned graph, :class:`~csto_kg.store.assembly.Assembled`:
    each file's triples and every quad), ``reasoning_findings`` (the reasoner's
    inconsistencies) and ``violations``: the rows of the ``*-violation`` helpers as
    ``(helper, result)`` pairs (a helper has ``name``, ``summary`` and ``path``; a result
    ``columns`` and ``rows``), or a :class:`~csto_kg.validation.background.BackgroundCall`
    giving them: running on a thread of its own, it is waited for after the graph checks. No
    whole-graph copy is made, and a file is scanned for positions only when a finding needs one.
    ``shacl`` is the SHACL validation begun earlier (:func:`start_shacl`); without it the shapes
    are checked here. ``on_stage`` may have an
    ``alongside(stage, seconds)`` method: it is told how long the SHACL validation took in all
    when it ran alongside the other checks (the ``shacl`` stage is then the wait for its end),
    and ``meanwhile()`` (when given) is called before that wait, unless an error found already
    rejects the data (see :func:`csto_kg.validate`).
    """
    from csto_kg.inputs.locations import Locator
    from csto_kg.validation.graph_checks import (dangles, dangling_findings, declared_terms,
                                                 duplicate_label_findings, located_inconsistencies,
                                                 undeclared_term_findings, uses_undeclared)
    from csto_kg.validation.shacl_checks import ShaclRun

    findings = [finding for r in results for finding in r.findings]
    report = ValidationReport(files=[f.display for f in files],
                              shapes=display_path(shapes) if shapes else None, shapes_missing=shapes is None)
    if any(r.fatal for r in results):
        report.graph_checked = False
        report.findings = _sorted(findings)
        return report
    if on_stage:
        on_stage("graph checks", "checking terms, references, labels and consistency")
    locator = Locator(lazy=lambda: [(r.input_file.display, r.scan) for r in results])
    data = [r for r in results if r.input_file.role == "data"]
    declared = declared_terms(t for r in results if r.input_file.role == "ontology" for t in r.triples)
    described: set[str] = set()
    labels = []
    label, same = str(RDFS_LABEL), str.__eq__  # a predicate is an IRI: str's comparison, not rdflib's
    for r in results:
        for s, p, o in r.triples:
            if type(s) is URIRef:
                described.add(str(s))
            if same(p, label):
                labels.append((s, o))
    findings += undeclared_term_findings([(r.input_file.display, r.scan) for r in data
                                          if uses_undeclared(r.triples, declared)], declared)
    dangling = dangling_findings([(r.input_file.display, r.scan) for r in data if dangles(r.triples, described)],
                                 described)
    findings += dangling
    findings += duplicate_label_findings(labels, locator)
    findings += located_inconsistencies(list(reasoning_findings), locator)
    # a dangling IRI is reported once, not again for lacking labels or required properties
    missing = {r for finding in dangling for r in finding.resources}
    alongside = isinstance(violations, BackgroundCall) and violations.in_parallel  # begun before the checks above
    if alongside and on_stage:
        on_stage("violation checks", "finishing the violation checks")
    findings += _violation_findings(violations, locator, missing)
    if alongside and callable(getattr(on_stage, "alongside", None)):
        on_stage.alongside("violation checks", violations.seconds)
    if shapes is not None:
        run = shacl if shacl is not None else ShaclRun(assembled, shapes_graph(shapes))
        # what the caller prepares for valid data: not when an error already rejects it
        if meanwhile is not None and run.in_parallel and not any(f.severity == ERROR for f in findings):
            meanwhile()
        if on_stage:
            on_stage("shacl", f"{'finishing' if run.in_parallel else 'checking'} the SHACL shapes of "
                              f"{display_path(shapes)}")
        findings += [f for f in run.findings(locator, asserted=lambda: _asserted_graph(results))
                     if not (f.resources and f.resources[0] in missing)]
        if run.in_parallel and callable(getattr(on_stage, "alongside", None)):
            on_stage.alongside("shacl", run.seconds)
    report.findings = _sorted(findings)
    return report


def _violation_findings(violations, locator, missing: set) -> list[Finding]:
    """The findings of the violation queries' rows (``(helper, result)`` pairs, or a
    :class:`~csto_kg.validation.background.BackgroundCall` giving them), but none about a
    resource already reported as ``missing`` (a dangling IRI)."""
    from csto_kg.validation.graph_checks import violation_findings

    pairs = violations.result() if isinstance(violations, BackgroundCall) else violations
    return [f for f in violation_findings(pairs, locator) if not (f.resources and f.resources[0] in missing)]


RDFS_LABEL = URIRef("http://www.w3.org/2000/01/rdf-schema#label")


def shapes_graph(shapes: Path) -> Graph:
    """The SHACL shapes, read as every input file is (safely, within the input budgets); a file
    that does not parse is a :class:`~csto_kg.errors.LoadError` (exit 2) at its place.

    >>> len(shapes_graph(shapes_file(None))) > 100
    True
    """
    from csto_kg.inputs.loading import parse_file

    graph = Graph()
    shapes_input = InputFile("shapes", shapes, URIRef(shapes.resolve().as_uri()), display_path(shapes))
    graph.addN((s, p, o, graph) for s, p, o in parse_file(shapes_input).triples)
    return graph


def _asserted_graph(results) -> Graph:
    """Every asserted triple as one Graph (built only to name a blank SHACL focus node)."""
    union = Graph()
    for r in results:
        union.addN((s, p, o, union) for s, p, o in r.triples)
    return union


def _sorted(findings: list[Finding]) -> list[Finding]:
    unique = list(dict.fromkeys(findings))
    return sorted(unique, key=lambda f: (f.file is None, f.file or "", f.line or 0, f.column or 0,
                                         f.severity, f.code, f.message))


# -- report cache -----------------------------------------------------------------

def report_key(files: Sequence[InputFile], shapes: Path | None, violation_queries: Sequence[tuple[str, str]]) -> str:
    """The cache key of a report: inputs, shapes, the ``(name, text)`` of each violation query, versions."""
    from csto_kg.validation.shacl_checks import ENGINE as SHACL_ENGINE

    digest = hashlib.sha256()
    parts = [f"validator={VALIDATOR_VERSION}", f"shacl={SHACL_ENGINE}={_version(SHACL_ENGINE)}",
             f"inputs={kg_cache.cache_key(files)}"]  # contents, roles, graphs: not the working folder
    if shapes is not None:
        parts.append("shapes=" + hashlib.sha256(shapes.read_bytes()).hexdigest())
    for name, text in violation_queries:
        parts.append(f"query={name}:" + hashlib.sha256(text.encode()).hexdigest())
    for part in parts:
        digest.update(part.encode() + b"\0")
    return digest.hexdigest()


def _report_path(key: str) -> Path:
    return kg_cache.cache_dir() / f"{REPORT_PREFIX}{key[:40]}.json"


REPORT_MAGIC = b"CSTO-KG-REPORT 1"


def read_report(key: str, files: Sequence[InputFile], shapes: Path | None) -> ValidationReport | None:
    """The cached report of ``key``, its file names shown as from the working folder of now; None
    when there is none or any byte of it differs from what was written (it is then rebuilt)."""
    try:
        body = kg_cache.unseal(REPORT_MAGIC, _report_path(key).read_bytes())
        if body is None:
            return None
        value = json.loads(body.decode("utf-8"))
        if value.get("key") != key:
            return None
        return ValidationReport.from_json(_located(value["report"], _displays(files, shapes), back=True))
    except (OSError, ValueError, KeyError, TypeError, IndexError, AttributeError):
        return None


def write_report(key: str, report: ValidationReport, files: Sequence[InputFile], shapes: Path | None) -> None:
    """Cache ``report`` under ``key``; file names are kept as positions in ``files``, not as shown."""
    portable = _located(report.to_json(), _displays(files, shapes), back=False)
    try:
        path = atomic_write(_report_path(key), kg_cache.seal(REPORT_MAGIC, json.dumps({"key": key, "report": portable}).encode()))
    except OSError:
        return
    kg_cache.prune(path.parent, f"{REPORT_PREFIX}*.json", keep=KEEP_REPORTS)


def _displays(files: Sequence[InputFile], shapes: Path | None) -> list[str]:
    return [f.display for f in files] + ([display_path(shapes)] if shapes is not None else [])


def _located(value: dict, displays: list[str], *, back: bool) -> dict:
    """``value`` (a report as JSON) with each file name turned into ``@N`` (its position) or back."""
    if back:
        def convert(name):
            return displays[int(name[1:])] if isinstance(name, str) and name.startswith("@") else name
    else:
        where = {name: f"@{i}" for i, name in reversed(list(enumerate(displays)))}

        def convert(name):
            return where.get(name, name)
    value = dict(value)
    value["files"] = [convert(name) for name in value["files"]]
    value["shapes"] = convert(value.get("shapes"))
    value["findings"] = [dict(f, file=convert(f.get("file"))) for f in value["findings"]]
    return value


def _version(name: str) -> str:
    try:
        return metadata.version(name)
    except metadata.PackageNotFoundError:
        return "unknown"
