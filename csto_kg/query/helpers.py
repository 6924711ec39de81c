"""Helper queries: one SPARQL file per helper, ``queries/NAME.rq``, with a header.

Header lines (grlc style)::

    #+ summary: Members of an organization on a date, with role, start and end.
    #+ param: date: date
    #+ param: org: entity = kg:CSTO
    #+ param: until: date (optional)
    #+ columns: state, role, start, end, certainty, source
    #+ example: --date 2010-01-01
    #+ example: --date 2003-06 --org Eurasec --include-observers

``example`` lines are the parameters of example commands (``csto-kg query NAME ...``),
shown by ``csto-kg query NAME --help``. A parameter ``foo`` appears in the query as ``$foo`` and is bound with
rdflib ``initBindings`` (never formatted into the text). Files named
``*-violation.rq`` are checks that must return no rows.
"""

from __future__ import annotations

import difflib
import re
import shlex
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any, Callable, Mapping

from rdflib import URIRef, Variable

from csto_kg.errors import QueryError, UsageError
from csto_kg.inputs.files import bundled_root
from csto_kg.query.parameters import TYPE_EXAMPLES, TYPES, Param, convert
from csto_kg.namespaces import PREFIXES

VIOLATION_SUFFIX = "-violation"
_HEADER = re.compile(r"^\s*#\+\s*(\w+)\s*:\s*(.*?)\s*$")
_PARAM = re.compile(r"^(\w+)\s*:\s*(\w+)\s*(\(optional\))?\s*(?:=\s*(.*?))?\s*(\(optional\))?$")
_DOLLAR_VAR = re.compile(r"\$([A-Za-z_][A-Za-z0-9_]*)")
_REMOTE = {"service": re.compile(r"(?<![?$\w:])SERVICE\b(?!:)", re.IGNORECASE),
           "from": re.compile(r"(?<![?$\w:])FROM\b(?!:)", re.IGNORECASE)}
_QUERY_FORM = re.compile(r"(?<![?$\w:])(SELECT|ASK|CONSTRUCT|DESCRIBE)\b(?!:)", re.IGNORECASE)
_STRINGS_AND_IRIS = re.compile(r'"""[\s\S]*?"""|\'\'\'[\s\S]*?\'\'\'|"(?:[^"\\\n]|\\.)*"|'
                               r"'(?:[^'\\\n]|\\.)*'|<[^\s<>$]*>")


@dataclass
class Helper:
    """One helper query and its declared interface."""

    name: str
    path: Path
    text: str
    summary: str = ""
    params: list[Param] = field(default_factory=list)
    columns: list[str] = field(default_factory=list)
    examples: list[str] = field(default_factory=list)

    def example_value(self, param: Param) -> str | None:
        """The value the first example that gives ``param`` gives it (a boolean given bare: ``true``).

        >>> h = Helper("x", Path("x.rq"), "", examples=["--date 2006 --include-observers", "--org 'traité de Tachkent'"])
        >>> [h.example_value(Param(n, t)) for n, t in [("date", "date"), ("include_observers", "boolean"),
        ...                                            ("org", "entity"), ("state", "entity")]]
        ['2006', 'true', 'traité de Tachkent', None]
        """
        for example in self.examples:
            words = shlex.split(example)
            if param.flag in words:
                at = words.index(param.flag)
                following = words[at + 1] if at + 1 < len(words) else None
                if param.type == "boolean" and (following is None or following.startswith("--")):
                    return "true"
                return following
        return None

    @cached_property
    def _body(self) -> str:
        """The query text without its strings, IRIs and comments (for reading its keywords and variables)."""
        return _strip_comments(_STRINGS_AND_IRIS.sub(" ", self.text))

    @cached_property
    def kind(self) -> str:
        """``graph`` for a CONSTRUCT or DESCRIBE helper, else ``table``: its query form, read from the text.

        >>> Helper("x", Path("x.rq"), "PREFIX select: <http://a/select> CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }").kind
        'graph'
        >>> Helper("y", Path("y.rq"), "ASK { ?describe ?p 'DESCRIBE' }").kind
        'table'
        """
        form = _QUERY_FORM.search(self._body)
        return "graph" if form and form.group(1).upper() in ("CONSTRUCT", "DESCRIBE") else "table"

    def refuse_remote_access(self) -> None:
        """:class:`QueryError` when the helper says ``SERVICE`` or ``FROM`` (strings, IRIs, comments aside).

        The same refusal as :func:`csto_kg.query.safety.refuse_remote_access` gives on the parsed
        query, read from the text: Oxigraph would call a SERVICE endpoint over HTTP, and the
        helpers run on Oxigraph without being parsed by rdflib first.

        >>> Helper("remote", Path("remote.rq"), "SELECT * WHERE { SERVICE <http://x/> { ?s ?p ?o } }").refuse_remote_access()
        Traceback (most recent call last):
        ...
        csto_kg.errors.QueryError: remote.rq: SERVICE is not allowed (csto-kg never fetches remote data)
        >>> Helper("fine", Path("fine.rq"), "SELECT ?service WHERE { ?service ?p 'FROM SERVICE' }").refuse_remote_access()
        """
        refusal = self._remote_refusal
        if refusal:
            raise QueryError(refusal)

    @cached_property
    def _remote_refusal(self) -> str:
        """The message :meth:`refuse_remote_access` raises, or "": read once (the text does not change;
        searched at every call, it was 0.3 ms of each call of the longer helpers)."""
        body = self._body
        if _REMOTE["service"].search(body):
            return f"{self.path.name}: SERVICE is not allowed (csto-kg never fetches remote data)"
        if _REMOTE["from"].search(body):
            return (f"{self.path.name}: FROM / FROM NAMED is not allowed (queries run over the "
                    "loaded knowledge graph only; use GRAPH <name> { } to pick a named graph)")
        return ""

    @property
    def is_violation_check(self) -> bool:
        return self.name.endswith(VIOLATION_SUFFIX)

    @cached_property
    def prepared(self):
        """The parsed query (parsed on first use, or read from the parsed-query cache)."""
        from csto_kg.query.codec import prepare_cached, query_cache_folder
        from csto_kg.query.safety import prepare  # lazy: rdflib's SPARQL engine is off the warm path

        return prepare_cached(self.text, prepare=lambda text: prepare(text, source=self.path.name),
                              prefixes=PREFIXES, folder=query_cache_folder())

    def dollar_variables(self) -> set[str]:
        """Names written ``$name`` in the query body (comments, strings, IRIs ignored)."""
        return set(_DOLLAR_VAR.findall(self._body))

    def select_variables(self) -> list[str]:
        """Projected variables of a SELECT query, in order."""
        return [str(v) for v in (self.prepared.algebra.get("PV") or [])]

    def param(self, name: str) -> Param:
        for param in self.params:
            if param.name == name:
                return param
        raise UsageError(f"helper '{self.name}' has no parameter {name!r}; "
                         f"it takes: {', '.join(p.flag for p in self.params) or 'none'}")

    def bindings(self, values: Mapping[str, Any], *,
                 resolve_entity: Callable[[str, str], URIRef]) -> dict[Variable, Any]:
        """initBindings for given values (defaults applied, required checked)."""
        for name in values:
            self.param(name)
        bound: dict[Variable, Any] = {}
        for param in self.params:
            value = values.get(param.name)
            if value is None:
                value = param.default
            if value is None:
                if param.required:
                    example = self.example_value(param) or TYPE_EXAMPLES[param.type]
                    raise UsageError(f"helper '{self.name}' needs {param.flag} ({param.type}), e.g. "
                                     f"{param.flag} {shlex.quote(example)} (see: csto-kg query {self.name} --help)")
                continue
            bound[Variable(param.name)] = convert(param, value, resolve_entity=resolve_entity)
        return bound


def parse_helper(path: Path) -> Helper:
    """Read a ``.rq`` file and its header."""
    text = path.read_text(encoding="utf-8")
    helper = Helper(name=path.stem, path=path, text=text)
    for line in text.splitlines():
        match = _HEADER.match(line)
        if match:
            _apply_header(helper, match.group(1).lower(), match.group(2))
    return helper


def _apply_header(helper: Helper, key: str, value: str) -> None:
    if key == "summary":
        helper.summary = value
    elif key == "columns":
        helper.columns = [c.strip().lstrip("?$") for c in value.split(",") if c.strip()]
    elif key == "param":
        helper.params.append(_parse_param(helper.path, value))
    elif key == "example":
        helper.examples.append(value)


def _parse_param(path: Path, text: str) -> Param:
    match = _PARAM.match(text)
    if not match or match.group(2) not in TYPES:
        raise UsageError(f"{path.name}: bad '#+ param:' line '{text}'; expected "
                         f"'name: type [= default] [(optional)]' with type one of {', '.join(TYPES)}")
    name, kind, optional_before, default, optional_after = match.groups()
    return Param(name=name, type=kind, default=default or None,
                 optional=bool(optional_before or optional_after))


def _strip_comments(text: str) -> str:
    return "\n".join(line.split("#", 1)[0] for line in text.splitlines())


def load_helpers(folder: str | Path | None = None) -> dict[str, Helper]:
    """All helpers of a folder (default: the bundled ``queries/``), by name."""
    root = Path(folder) if folder is not None else bundled_root("queries")
    if folder is not None and not root.is_dir():
        raise UsageError(f"--queries {folder}: no such folder; give a folder of helper queries (*.rq)")
    if not root.is_dir():
        return {}
    return {p.stem: parse_helper(p) for p in sorted(root.glob("*.rq"))}


def find_helper(helpers: Mapping[str, Helper], name: str) -> Helper:
    """The helper called ``name``; :class:`UsageError` with suggestions if unknown."""
    try:
        return helpers[name]
    except KeyError:
        nearest = difflib.get_close_matches(name, list(helpers), n=3)
        hint = f"; did you mean: {', '.join(nearest)}" if nearest else ""
        raise UsageError(f"unknown helper '{name}'{hint} (see: csto-kg query --list)") from None
