"""Where terms occur in a Turtle text: a small tokenizer and statement walker.

rdflib's parser gives triples but no positions. To report ``file:line:col``
the validator scans the text of a file that rdflib has already parsed
successfully and records, for every term, its role (subject, predicate,
object, datatype), its value (full IRI with the file's prefixes, or a
literal's lexical form with its language tag or datatype IRI) and where it
starts, and every triple as written (:class:`Statement`: its subject, predicate and
object, and where its object starts), so a triple can be located too. Limits: relative
IRIs are resolved only against an explicit ``@base``/``BASE``; RDF-star and N3 extensions are not understood (the walker
stops at the first token it does not expect and keeps what it found).
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field
from urllib.parse import urljoin

_TOKEN = re.compile(r"""
  (?P<ws>\s++|\#[^\n]*+)
| (?P<iri><[^<>"{}|^`\\\x00-\x20]*+>)
| (?P<lstring>\"\"\"(?:[^"\\]++|\\.|"(?!""))*+\"\"\"|'''(?:[^'\\]++|\\.|'(?!''))*+''')
| (?P<string>"(?:[^"\\\n\r]++|\\.)*+"|'(?:[^'\\\n\r]++|\\.)*+')
| (?P<directive>@(?:prefix|base)\b)
| (?P<lang>@[A-Za-z0-9]+(?:-[A-Za-z0-9]+)*)
| (?P<caret>\^\^)
| (?P<bnode>_:[\w](?:[\w.\-]*[\w\-])?)
| (?P<pname>(?:[^\W\d_](?:[\w.\-]*[\w\-])?)?:(?:(?:[\w:%\-]|\\.)(?:(?:[\w.:%\-]|\\.)*(?:[\w:%\-]|\\.))?)?)
| (?P<number>[+-]?(?:\d*\.\d+(?:[eE][+-]?\d+)?|\d+\.\d*[eE][+-]?\d+|\d+(?:[eE][+-]?\d+)?))
| (?P<word>[A-Za-z]+)
| (?P<punct>[.;,\[\]()])
""", re.VERBOSE | re.DOTALL)

_ESCAPES = {"t": "\t", "b": "\b", "n": "\n", "r": "\r", "f": "\f", '"': '"', "'": "'", "\\": "\\"}
XSD = "http://www.w3.org/2001/XMLSchema#"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
_RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
RDF_FIRST, RDF_REST, RDF_NIL = _RDF + "first", _RDF + "rest", _RDF + "nil"


@dataclass(frozen=True)
class Term:
    """One occurrence of a term in the text."""

    role: str  # subject | predicate | object | datatype
    kind: str  # iri | bnode | literal
    value: str  # full IRI, blank node label or lexical form
    line: int | None  # None: a term of a file whose syntax is not scanned (triples_scan)
    column: int | None
    lang: str | None = None
    datatype: str | None = None
    raw: str = ""  # the token as written


@dataclass(frozen=True)
class Statement:
    """One triple as written, at the line and column where its object starts.

    Subject and object are keys: ``("iri", iri)``, ``("literal", lexical form, language,
    datatype)`` or ``("blank", name)``, where a ``[ ]`` or a list cell is named after its
    position (``[]3:5``, ``()3:5/0``) and ``_:x`` after its label (``_:x``).
    """

    subject: tuple
    predicate: str
    object: tuple
    line: int
    column: int


@dataclass
class Scan:
    """What :func:`scan` found in one text."""

    prefixes: dict[str, str] = field(default_factory=dict)
    terms: list[Term] = field(default_factory=list)
    statements: list[Statement] = field(default_factory=list)
    complete: bool = True  # False when the walker stopped early

    def first_subject_lines(self) -> dict[str, tuple[int, int]]:
        """IRI -> (line, column) of its first occurrence in subject position."""
        found: dict[str, tuple[int, int]] = {}
        for term in self.terms:
            if term.role == "subject" and term.kind == "iri":
                found.setdefault(term.value, (term.line, term.column))
        return found


def triples_scan(triples) -> Scan:
    """The terms of parsed ``triples`` as a :class:`Scan` with no positions: what the located checks
    read for a file whose syntax is not scanned (JSON-LD, RDF/XML), so that its findings name the
    file (line and column None).

    >>> from rdflib import Literal, URIRef
    >>> s = triples_scan([(URIRef("http://x/a"), URIRef("http://x/p"), Literal("1", datatype=URIRef(XSD + "int")))])
    >>> [(t.role, t.kind, t.line) for t in s.terms]
    [('subject', 'iri', None), ('predicate', 'iri', None), ('datatype', 'iri', None), ('object', 'literal', None)]
    """
    from rdflib import BNode, Literal

    result = Scan(complete=False)
    add = result.terms.append
    for s, p, o in triples:
        add(Term("subject", "bnode" if isinstance(s, BNode) else "iri", str(s), None, None))
        add(Term("predicate", "iri", str(p), None, None))
        if isinstance(o, Literal):
            if o.datatype is not None:
                add(Term("datatype", "iri", str(o.datatype), None, None))
            add(Term("object", "literal", str(o), None, None, lang=o.language,
                     datatype=str(o.datatype) if o.datatype is not None else None))
        else:
            add(Term("object", "bnode" if isinstance(o, BNode) else "iri", str(o), None, None))
    return result


class _Stop(Exception):
    pass


def scan(text: str) -> Scan:
    """Scan a Turtle text (that rdflib accepted) for its terms and their positions.

    >>> s = scan('@prefix kg: <https://w3id.org/csto-kg/id/> .\\n'
    ...          'kg:a kg:p "x"@en ,\\n  kg:b ; kg:q [ kg:r 5 ] .')
    >>> [(t.role, t.value.rsplit("/", 1)[-1], t.line, t.column) for t in s.terms][:4]
    [('subject', 'a', 2, 1), ('predicate', 'p', 2, 6), ('object', 'x', 2, 11), ('object', 'b', 3, 3)]
    >>> s.terms[-1].datatype
    'http://www.w3.org/2001/XMLSchema#integer'
    >>> [(st.subject[1].rsplit("/", 1)[-1], st.predicate.rsplit("/", 1)[-1], st.object[1].rsplit("/", 1)[-1],
    ...   st.line, st.column) for st in s.statements]
    [('a', 'p', 'x', 2, 11), ('a', 'p', 'b', 3, 3), ('[]3:15', 'r', '5', 3, 22), ('a', 'q', '[]3:15', 3, 15)]
    """
    return _Walker(text).run()


def stop_offset(text: str) -> int | None:
    """Offset of the first character the tokenizer cannot read (an unterminated string...).

    >>> stop_offset('kg:a kg:b "open .')
    10
    >>> stop_offset('kg:a kg:b "closed" .') is None
    True
    """
    pos = 0
    while pos < len(text):
        match = _TOKEN.match(text, pos)
        if not match:
            return pos
        pos = match.end()
    return None


def line_column(text: str, offset: int, newlines: list[int] | None = None) -> tuple[int, int]:
    """1-based line and column (in characters) of ``offset`` in ``text``.

    >>> line_column("ab\\ncd", 4)
    (2, 2)
    """
    if newlines is None:
        newlines = [i for i, c in enumerate(text) if c == "\n"]
    line = bisect.bisect_left(newlines, offset)
    start = newlines[line - 1] + 1 if line else 0
    return line + 1, offset - start + 1


def unescape_string(token: str) -> str:
    """The lexical form of a Turtle string token (quotes removed, escapes decoded).

    >>> unescape_string('"a\\\\"b\\\\u00e9"')
    'a"bé'
    """
    body = token[3:-3] if token[:3] in ('"""', "'''") else token[1:-1]
    return re.sub(r"\\(u[0-9A-Fa-f]{4}|U[0-9A-Fa-f]{8}|.)", _unescape_one, body, flags=re.DOTALL)


def _unescape_one(match: re.Match) -> str:
    code = match.group(1)
    if code[0] in "uU" and len(code) > 1:
        return chr(int(code[1:], 16))
    return _ESCAPES.get(code, code)


class _Walker:
    def __init__(self, text: str):
        self.text = text
        self.newlines = [i for i, c in enumerate(text) if c == "\n"]
        self.tokens = self._tokenize()
        self.i = 0
        self.base: str | None = None
        self.result = Scan()

    def _tokenize(self) -> list[tuple[str, str, int]]:
        tokens, pos, text = [], 0, self.text
        while pos < len(text):
            match = _TOKEN.match(text, pos)
            if not match:
                break  # not Turtle we understand: keep what we have
            if match.lastgroup != "ws":
                tokens.append((match.lastgroup, match.group(), pos))
            pos = match.end()
        return tokens

    def run(self) -> Scan:
        try:
            while self.i < len(self.tokens):
                self._statement()
        except (_Stop, IndexError, RecursionError):  # RecursionError: [ ] or ( ) nested too deeply
            self.result.complete = False
        return self.result

    # -- tokens --------------------------------------------------------------

    def _peek(self) -> tuple[str, str, int]:
        if self.i >= len(self.tokens):
            raise _Stop
        return self.tokens[self.i]

    def _next(self) -> tuple[str, str, int]:
        token = self._peek()
        self.i += 1
        return token

    def _expect(self, value: str) -> None:
        if self._next()[1] != value:
            raise _Stop

    def _at(self, offset: int) -> tuple[int, int]:
        return line_column(self.text, offset, self.newlines)

    # -- grammar ---------------------------------------------------------------

    def _statement(self) -> None:
        kind, value, _ = self._peek()
        if kind == "directive" or (kind == "word" and value.upper() in ("PREFIX", "BASE")):
            self._directive()
            return
        self._triples()
        self._expect(".")

    def _directive(self) -> None:
        kind, value, _ = self._next()
        sparql_style = kind == "word"
        if value.lower().endswith("prefix"):
            name = self._next()
            iri = self._next()
            if name[0] != "pname" or iri[0] != "iri":
                raise _Stop
            self.result.prefixes[name[1][:-1]] = self._iri(iri[1][1:-1])
        else:
            iri = self._next()
            if iri[0] != "iri":
                raise _Stop
            self.base = self._iri(iri[1][1:-1])
        if not sparql_style:
            self._expect(".")

    def _triples(self) -> None:
        kind, value, _ = self._peek()
        if value not in ("[", "("):
            self._predicate_object_list(self._term("subject"))
        elif value == "[":
            subject = self._blank_property_list()
            if self._peek()[1] != ".":
                self._predicate_object_list(subject)
        else:
            self._predicate_object_list(self._collection())

    def _predicate_object_list(self, subject: tuple) -> None:
        self._object_list(subject, self._verb())
        while self._peek()[1] == ";":
            self.i += 1
            if self._peek()[1] in (".", "]", ";"):
                continue
            self._object_list(subject, self._verb())

    def _verb(self) -> str:
        kind, value, offset = self._peek()
        if kind == "word" and value == "a":
            self.i += 1
            line, column = self._at(offset)
            self.result.terms.append(Term("predicate", "iri", RDF_TYPE, line, column, raw="a"))
            return RDF_TYPE
        return self._term("predicate")[1]

    def _object_list(self, subject: tuple, predicate: str) -> None:
        self._object(subject, predicate)
        while self._peek()[1] == ",":
            self.i += 1
            self._object(subject, predicate)

    def _object(self, subject: tuple, predicate: str) -> None:
        node, line, column = self._object_node()
        self.result.statements.append(Statement(subject, predicate, node, line, column))

    def _object_node(self) -> tuple[tuple, int, int]:
        kind, value, offset = self._peek()
        line, column = self._at(offset)
        if value == "[":
            return self._blank_property_list(), line, column
        if value == "(":
            return self._collection(), line, column
        return self._term("object"), line, column

    def _blank_property_list(self) -> tuple:
        line, column = self._at(self._peek()[2])
        node = ("blank", f"[]{line}:{column}")
        self._expect("[")
        if self._peek()[1] != "]":
            self._predicate_object_list(node)
        self._expect("]")
        return node

    def _collection(self) -> tuple:
        line, column = self._at(self._peek()[2])
        self._expect("(")
        items = []
        while self._peek()[1] != ")":
            items.append(self._object_node())
        self.i += 1
        cells = [("blank", f"(){line}:{column}/{n}") for n in range(len(items))]
        for n, (node, item_line, item_column) in enumerate(items):
            rest = cells[n + 1] if n + 1 < len(cells) else ("iri", RDF_NIL)
            self.result.statements.append(Statement(cells[n], RDF_FIRST, node, item_line, item_column))
            self.result.statements.append(Statement(cells[n], RDF_REST, rest, item_line, item_column))
        return cells[0] if cells else ("iri", RDF_NIL)

    def _term(self, role: str) -> tuple:
        kind, value, offset = self._next()
        line, column = self._at(offset)
        terms = self.result.terms
        if kind == "iri":
            terms.append(Term(role, "iri", self._iri(value[1:-1]), line, column, raw=value))
        elif kind == "pname":
            terms.append(Term(role, "iri", self._expand(value), line, column, raw=value))
        elif kind == "bnode":
            terms.append(Term(role, "bnode", value[2:], line, column, raw=value))
            return ("blank", value)
        elif kind in ("string", "lstring") and role == "object":
            return self._literal(value, line, column)
        elif kind == "number" and role == "object":
            datatype = "double" if "e" in value.lower() else "decimal" if "." in value else "integer"
            terms.append(Term(role, "literal", value, line, column, datatype=XSD + datatype, raw=value))
            return ("literal", value, None, XSD + datatype)
        elif kind == "word" and value in ("true", "false") and role == "object":
            terms.append(Term(role, "literal", value, line, column, datatype=XSD + "boolean", raw=value))
            return ("literal", value, None, XSD + "boolean")
        else:
            raise _Stop
        return ("iri", terms[-1].value)

    def _literal(self, token: str, line: int, column: int) -> tuple:
        lexical = unescape_string(token)
        lang = datatype = None
        if self.i < len(self.tokens):
            kind, value, offset = self.tokens[self.i]
            if kind == "lang":
                self.i += 1
                lang = value[1:]
            elif kind == "caret":
                self.i += 1
                kind, value, offset = self._next()
                if kind not in ("iri", "pname"):
                    raise _Stop
                datatype = self._iri(value[1:-1]) if kind == "iri" else self._expand(value)
                d_line, d_column = self._at(offset)
                self.result.terms.append(Term("datatype", "iri", datatype, d_line, d_column, raw=value))
        self.result.terms.append(Term("object", "literal", lexical, line, column, lang=lang,
                                      datatype=datatype, raw=token))
        return ("literal", lexical, lang, datatype)

    def _expand(self, pname: str) -> str:
        prefix, _, local = pname.partition(":")
        if prefix not in self.result.prefixes:
            raise _Stop
        return self.result.prefixes[prefix] + re.sub(r"\\(.)", r"\1", local)

    def _iri(self, iri: str) -> str:
        return urljoin(self.base, iri) if self.base and ":" not in iri.split("/", 1)[0] else iri
