"""The data's own literals in the answers of an Oxigraph store.

Oxigraph's store keeps a literal of a numeric, boolean, date, time or duration datatype as its
value and gives it back in canonical form (oxigraph/oxigraph#526, open): ``"05"^^xsd:integer``
comes back as ``"5"``, and every datatype derived from ``xsd:integer`` is lost, so the data's
``"100"^^xsd:nonNegativeInteger`` (a troop count) came out of ``csto-kg sparql``, the helpers and
the HTTP endpoint as ``"100"^^xsd:integer``. :class:`LiteralForms` maps each literal the store
gives back in another form to the data's literal, when the data holds exactly one literal of that
value and that form; answers are read back through it, so they carry the data's terms again.

What it cannot give back, because Oxigraph evaluates on the stored value: inside a query,
``DATATYPE(?count)`` is ``xsd:integer`` and ``STR(?n)`` the canonical form. And a value the query
computes (``COUNT``, ``BIND``, a select expression: a variable after ``AS``) is left as computed
even when the data holds the same value in another form.
"""

from __future__ import annotations

import re
from functools import lru_cache

XSD = "http://www.w3.org/2001/XMLSchema#"
_XSD_STRING = XSD + "string"
_PROBE = "urn:csto-kg:literal-form:"


class LiteralForms:
    """Stored literal -> the data's literal (pyoxigraph terms given; read as rdflib terms, as
    :func:`~csto_kg.inputs.terms.from_ox` makes them from the store's answers); empty when the
    store keeps every literal as written.

    >>> import pyoxigraph as ox
    >>> x, p = ox.NamedNode("http://x/a"), ox.NamedNode("http://x/p")
    >>> def typed(lexical, name):
    ...     return ox.Quad(x, p, ox.Literal(lexical, datatype=ox.NamedNode(XSD + name)))
    >>> forms = LiteralForms.of_quads([typed("100", "nonNegativeInteger"), typed("05", "integer"),
    ...                                typed("7", "positiveInteger"), typed("7", "integer"), typed("2022", "gYear")])
    >>> sorted((str(k), str(v), v.datatype[len(XSD):]) for k, v in forms.items())
    [('100', '100', 'nonNegativeInteger'), ('5', '05', 'integer')]
    """

    def __init__(self, mapping: dict | None = None):
        from csto_kg.inputs.terms import from_ox

        self._ox = dict(mapping or {})  # pyoxigraph Literal as stored -> as the data wrote it
        self._map = {from_ox(stored): from_ox(original) for stored, original in self._ox.items()}

    def __bool__(self) -> bool:
        return bool(self._map)

    def __len__(self) -> int:
        return len(self._map)

    def items(self):
        return self._map.items()

    def get(self, term, default=None):
        return self._map.get(term, default)

    @classmethod
    def of_quads(cls, quads) -> "LiteralForms":
        """From the quads the store is filled with (pyoxigraph Quads, lexical forms as written)."""
        typed: set = set()
        for _quad in collecting(quads, typed):
            pass
        return cls.of_literals(typed)

    @classmethod
    def of_nquads(cls, data: bytes) -> "LiteralForms":
        """From the N-Quads text the store is filled with (as Oxigraph wrote it from the parser's terms).

        >>> forms = LiteralForms.of_nquads(b'<http://x/a> <http://x/p> "+3"^^<http://www.w3.org/2001/XMLSchema#integer> <http://x/g> .\\n')
        >>> [(str(k), str(v)) for k, v in forms.items()]
        [('3', '+3')]
        """
        return cls.of_literals(_literals({m.group(0) for m in _TYPED_LITERAL.finditer(data) if _starts_a_term(m)}))

    @classmethod
    def of_pairs(cls, pairs) -> "LiteralForms":
        """From ``[stored, original]`` pairs of N-Triples terms (:meth:`pairs`, as a sidecar keeps them)."""
        pairs = list(pairs)
        terms = _literals([term.encode("utf-8") for pair in pairs for term in pair])
        return cls(dict(zip(terms[0::2], terms[1::2])))

    def pairs(self) -> list[list[str]]:
        """``[stored, original]`` as N-Triples terms, sorted (for a sidecar file).

        >>> import pyoxigraph as ox
        >>> five = [ox.Literal(n, datatype=ox.NamedNode(XSD + "integer")) for n in ("5", "05")]
        >>> pairs = LiteralForms({five[0]: five[1]}).pairs()
        >>> pairs
        [['"5"^^<http://www.w3.org/2001/XMLSchema#integer>', '"05"^^<http://www.w3.org/2001/XMLSchema#integer>']]
        >>> LiteralForms.of_pairs(pairs).pairs() == pairs
        True
        """
        return sorted([str(stored), str(original)] for stored, original in self._ox.items())

    def rewrite_nquads(self, data: bytes) -> bytes:
        """N-Quads text written from the store with the data's literals again (each literal of the
        store is one of the data, and a stored form in this map stands for one literal only).

        >>> import pyoxigraph as ox
        >>> five = [ox.Literal(n, datatype=ox.NamedNode(XSD + "integer")) for n in ("5", "05")]
        >>> LiteralForms({five[0]: five[1]}).rewrite_nquads(b'<x:a> <x:p> "5"^^<http://www.w3.org/2001/XMLSchema#integer> .\\n')
        b'<x:a> <x:p> "05"^^<http://www.w3.org/2001/XMLSchema#integer> .\\n'
        """
        if not self._ox:
            return data
        table = {str(stored).encode("utf-8"): str(original).encode("utf-8") for stored, original in self._ox.items()}
        return _TYPED_LITERAL.sub(lambda m: table.get(m.group(0), m.group(0)) if _starts_a_term(m) else m.group(0), data)

    @classmethod
    def of_literals(cls, literals) -> "LiteralForms":
        """From the data's typed literals (pyoxigraph Literals, e.g. gathered by :func:`collecting`):
        each is put in a scratch store and read back, and those that come back otherwise are kept."""
        import pyoxigraph as ox

        literals = [lit for lit in literals if lit.datatype.value != XSD + "string"]
        if not literals:
            return cls()
        scratch, p = ox.Store(), ox.NamedNode(_PROBE + "p")
        scratch.bulk_extend(ox.Quad(ox.NamedNode(f"{_PROBE}{i}"), p, lit) for i, lit in enumerate(literals))
        originals: dict = {}
        for quad in scratch:
            original = literals[int(quad.subject.value[len(_PROBE):])]
            originals.setdefault(quad.object, set()).add(original)
        mapping = {}
        for stored, found in originals.items():
            # one literal of the data stored so, and not itself as written: otherwise the answer's
            # literal may be any of them, and is left as the store gives it
            if len(found) == 1 and stored not in found:
                (original,) = found
                mapping[stored] = original
        return cls(mapping)

    def restore_rows(self, rows: list, kept: list[str]) -> list:
        """``rows`` (dicts of rdflib terms) with the data's literals in the ``kept`` columns
        (:func:`restorable_columns`).

        >>> import pyoxigraph as ox
        >>> from rdflib import Literal, URIRef
        >>> forms = LiteralForms({ox.Literal("5", datatype=ox.NamedNode(XSD + "integer")): ox.Literal("05", datatype=ox.NamedNode(XSD + "integer"))})
        >>> five = Literal("5", datatype=URIRef(XSD + "integer"))
        >>> text = "SELECT ?n (COUNT(*) AS ?c) {}"
        >>> [str(v) for r in forms.restore_rows([{"n": five, "c": five}], restorable_columns(text, ["n", "c"])) for v in r.values()]
        ['05', '5']
        """
        for row in rows:
            self.restore_row(row, kept)
        return rows

    def restore_row(self, row: dict, kept: list[str]) -> dict:
        """One row, as :meth:`restore_rows`."""
        get = self._map.get
        for column in kept:
            value = row.get(column)
            if value is not None:
                row[column] = get(value, value)
        return row

    def restore_triples(self, triples) -> list:
        """``(s, p, o)`` rdflib triples with the data's literals as objects (asked only when
        :func:`restorable_triples` says the query writes no value of its own)."""
        get = self._map.get
        return [(s, p, get(o, o)) for s, p, o in triples]


def collecting(quads, typed: set):
    """``quads`` (pyoxigraph Quads) as they stream by, each XSD-typed literal object added to
    ``typed`` (so a store is filled and its forms found in one pass, no list of every quad held).

    >>> import pyoxigraph as ox
    >>> typed = set()
    >>> q = ox.Quad(ox.NamedNode("http://x/a"), ox.NamedNode("http://x/p"), ox.Literal("1", datatype=ox.NamedNode(XSD + "int")))
    >>> len(list(collecting([q], typed))), [t.value for t in typed]
    (1, ['1'])
    """
    import pyoxigraph as ox

    Literal, add = ox.Literal, typed.add
    for quad in quads:
        o = quad.object
        if type(o) is Literal and o.datatype.value.startswith(XSD):
            add(o)
        yield quad


def is_value_literal(term) -> bool:
    """Whether ``term`` is a literal of a datatype other than ``xsd:string`` (the only literals a
    store gives back in another form): the forms are made only when an answer holds one."""
    datatype = getattr(term, "datatype", None)
    return datatype is not None and datatype != _XSD_STRING


def holds_values(rows, kept: list[str]) -> bool:
    """Whether some row holds a value literal (:func:`is_value_literal`) in a ``kept`` column."""
    return any(is_value_literal(row.get(column)) for row in rows for column in kept)


def restorable_triples(triples, text: str) -> bool:
    """Whether a graph answer's objects are read back to the data's literals: some is a value
    literal and ``text`` writes no value of its own (:func:`may_write_constants`: a template may
    put it in any triple)."""
    return not may_write_constants(text) and any(is_value_literal(o) for _s, _p, o in triples)


def restorable_columns(text: str, columns: list[str]) -> list[str]:
    """The ``columns`` that ``text`` does not bind to a value of its own (a variable after ``AS``,
    or one a ``VALUES`` block gives).

    >>> restorable_columns("SELECT ?a (MAX(?b) AS ?m) WHERE { ?a ?p ?b BIND(1 AS $one) }", ["a", "m", "one"])
    ['a']
    >>> restorable_columns("SELECT * { VALUES ?x { 100 } VALUES (?y $z) { (1 2) } ?w ?p ?x }", ["w", "x", "y", "z"])
    ['w']
    """
    computed = _computed(text)
    return [c for c in columns if c not in computed]


@lru_cache(maxsize=256)
def _computed(text: str) -> frozenset:
    names = set(_COMPUTED.findall(text)) | set(_VALUES_ONE.findall(text))
    for inside in _VALUES_MANY.findall(text):
        names.update(_VARIABLE.findall(inside))
    return frozenset(names)


@lru_cache(maxsize=256)
def may_write_constants(text: str) -> bool:
    """Whether ``text`` may put a value of its own into a graph: a computed or ``VALUES`` variable,
    or a number, boolean or typed literal written in it (a CONSTRUCT template's constants come back
    as the query wrote them). Over-cautious: ``LIMIT 5`` counts too, and only costs a restoration.

    >>> may_write_constants("CONSTRUCT { ?s ex:flag true } WHERE { ?s ?p ?o }"), may_write_constants("DESCRIBE kg:CSTO")
    (True, False)
    """
    return bool(_computed(text)) or _CONSTANT.search(text) is not None


def _starts_a_term(match) -> bool:
    """Whether a :data:`_TYPED_LITERAL` match starts at a term's opening quote, not at an escaped
    quote inside a literal (``"a\\"5"^^xsd:integer`` holds ``"5"^^xsd:integer`` as text): checked
    after the search, as a look-behind in the pattern made it 7x slower. A literal whose opening
    quote is passed over so holds an escape, and is no value the store rewrites.

    >>> [m.group(0) for m in _TYPED_LITERAL.finditer(b'<x:a> <x:p> "a\\\\"5"^^<http://www.w3.org/2001/XMLSchema#integer> .') if _starts_a_term(m)]
    []
    """
    return match.start() == 0 or match.string[match.start() - 1] != 0x5C  # a backslash


def _literals(texts) -> list:
    """pyoxigraph Literals of their N-Triples texts (bytes), in order."""
    import pyoxigraph as ox

    texts = list(texts)
    if not texts:
        return []
    data = b"".join(b"<urn:x:s> <urn:x:p> " + text + b" .\n" for text in texts)
    return [t.object for t in ox.parse(data, format=ox.RdfFormat.N_TRIPLES)]


# a SPARQL variable's name (VARNAME): Unicode letters, digits, "_" and its few other characters; not
# as the ranges of the grammar, which took this module 22 ms to compile (under case folding)
_NAME = r"[\w\u00B7\u0300-\u036F\u203F\u2040]+"
_VARIABLE = re.compile(r"[?$](" + _NAME + ")")
_VALUES_ONE = re.compile(r"(?i)\bVALUES\s*[?$](" + _NAME + ")")
_VALUES_MANY = re.compile(r"(?i)\bVALUES\s*\(([^)]*)\)")
# a number, a boolean or a typed literal written in the query (not inside a name or an IRI)
_CONSTANT = re.compile(r"(?<![\w?$:#/.\-])(?:[+-]?\.?\d|true\b|false\b)|\^\^")
_COMPUTED = re.compile(r"(?i)\bAS\s+[?$](" + _NAME + ")")
# a typed literal of an XSD datatype in N-Quads as Oxigraph writes it ("..." then ^^<xsd:...>); one
# with an escape (a quote, a backslash, a control character) is no number, date or boolean and is
# kept as written by the store: not looked for (an alternation for escapes made the search 4x slower)
_TYPED_LITERAL = re.compile(rb'"[^"\\\n]*"\^\^<http://www\.w3\.org/2001/XMLSchema#[A-Za-z]+>')
