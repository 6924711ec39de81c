"""Query results as plain data (the CLI renders them, the library returns them)."""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field

from rdflib import Graph


@dataclass
class Result:
    """Outcome of a query.

    ``kind`` is ``select``, ``ask`` or ``graph`` (CONSTRUCT/DESCRIBE). For
    ``select``, ``columns`` are the projected variable names and each row maps
    a column to an rdflib term or None (unbound).
    """

    kind: str
    columns: list[str] = field(default_factory=list)
    rows: list[dict] = field(default_factory=list)
    answer: bool | None = None
    graph: Graph | None = None

    def __len__(self) -> int:
        if self.kind == "graph":
            return len(self.graph) if self.graph is not None else 0
        if self.kind == "ask":
            return 1
        return len(self.rows)

    def in_query_order(self, text: str) -> "Result":
        """This result with its columns in the order the query names them (see :func:`column_order`).

        Backends order ``SELECT *`` differently (Oxigraph by name, rdflib by hash, which
        changes with ``PYTHONHASHSEED``); scripts that read columns by position need one order.

        >>> Result("select", ["o", "p", "s"], [{"o": 1, "p": 2, "s": 3}]).in_query_order("SELECT * { ?s ?p ?o }").columns
        ['s', 'p', 'o']
        """
        if self.kind != "select" or len(self.columns) < 2:
            return self
        self.columns = column_order(text, self.columns)
        return self

    def values(self, column: str) -> list:
        """Python values of one column (``toPython()``), None when unbound."""
        return [row[column].toPython() if row.get(column) is not None else None
                for row in self.rows]


def from_rdflib(result, *, lazy: bool = False) -> Result:
    """Convert an rdflib ``SPARQLResult``; ``lazy``: a SELECT's rows are an iterator over it."""
    if result.type == "ASK":
        return Result(kind="ask", answer=bool(result.askAnswer))
    if result.type in ("CONSTRUCT", "DESCRIBE"):
        return Result(kind="graph", graph=result.graph)
    columns = [str(v) for v in (result.vars or [])]
    if lazy:
        return Result(kind="select", columns=columns, rows=_rows_kept_nowhere(result, columns))
    return Result(kind="select", columns=columns, rows=[{c: row[i] for i, c in enumerate(columns)} for row in result])


def _rows_kept_nowhere(result, columns: list[str]):
    """The rows of an rdflib SELECT, each made as it is asked for and kept nowhere: iterating the
    ``Result`` itself would keep every row in it (rdflib's ``Result.__iter__`` caches its bindings).

    >>> from rdflib import Graph
    >>> result = Graph().query("SELECT ?n WHERE { VALUES ?n { 1 2 } }")
    >>> [str(row["n"]) for row in _rows_kept_nowhere(result, ["n"])], result._bindings
    (['1', '2'], [])
    """
    bindings = getattr(result, "_genbindings", None)
    if bindings is None:  # already computed (or an rdflib without the attribute): the rows it keeps
        yield from ({c: row[i] for i, c in enumerate(columns)} for row in result)
        return
    result._genbindings = None  # the generator is ours now
    variables = list(result.vars or [])
    for binding in bindings:
        if binding:  # rdflib leaves out an empty binding {} as a row too
            yield {c: binding.get(v) for c, v in zip(columns, variables)}


_STRINGS_IRIS_COMMENTS = re.compile(r'"""[\s\S]*?"""|\'\'\'[\s\S]*?\'\'\'|"(?:[^"\\\n]|\\.)*"|'
                                    r"'(?:[^'\\\n]|\\.)*'|<[^\s<>\"{}|^`\\]*>|#[^\n]*")
# the keywords in any case (scoped: IGNORECASE over the whole pattern made compiling the name
# class 8 ms of every command's start)
_TOKEN = re.compile(r"[?$]([A-Za-z0-9_\u00B7\u00C0-\uFFFF]+)|(\()|(\))|(\{)|(?<![?$\w:])((?i:AS|WHERE|FROM))\b(?!:)"
                    r"|(\*)|(?<![?$\w:])((?i:SELECT))\b(?!:)")


def column_order(text: str, columns: list[str]) -> list[str]:
    """``columns`` (the variables an answer has) in the order the query's outer SELECT names
    them; for ``SELECT *``, in the order they first appear in the query.

    Read from the text with its strings, IRIs and comments left out; a column the text does
    not show keeps its place after the others.

    >>> column_order("SELECT (lang(?l) AS ?lang) (COUNT(?s) AS ?n) WHERE { ?s rdfs:label ?l } GROUP BY ?x", ["n", "lang"])
    ['lang', 'n']
    >>> column_order("PREFIX ex: <http://ex/?z> SELECT * WHERE { ?s ?p ?o # ?a\\n OPTIONAL { ?o ex:q '?b' } }", ["o", "p", "s"])
    ['s', 'p', 'o']
    >>> column_order("SELECT ?b (?b AS ?a) WHERE { ?b ?c ?d }", ["a", "b"])
    ['b', 'a']
    """
    return list(_column_order(text, tuple(columns)))


@functools.lru_cache(maxsize=512)
def _column_order(text: str, columns: tuple[str, ...]) -> tuple[str, ...]:
    """:func:`column_order`, read once per query text and set of columns (a helper's text is read
    again at every call otherwise)."""
    body = _STRINGS_IRIS_COMMENTS.sub(" ", text)
    order: list[str] = []
    depth, after_as, projecting, star = 0, False, False, False
    for match in _TOKEN.finditer(body):
        name, opening, closing, brace, keyword, asterisk, select = match.groups()
        if not projecting:
            if select:
                projecting = True
            continue
        if keyword and keyword.upper() in ("WHERE", "FROM") or brace:
            break
        if opening:
            depth += 1
        elif closing:
            depth -= 1
        elif keyword:  # AS
            after_as = True
        elif asterisk and depth == 0:
            star = True
            break
        elif name and (depth == 0 or after_as):
            order.append(name)
            after_as = False
    if star or not projecting:
        order = [m.group(1) for m in _TOKEN.finditer(body) if m.group(1)]
    wanted = set(columns)
    seen: list[str] = []
    for name in order:
        if name in wanted and name not in seen:
            seen.append(name)
    return tuple(seen + [c for c in columns if c not in seen])
