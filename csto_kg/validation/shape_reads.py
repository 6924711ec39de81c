"""Which predicates of the data a SHACL shapes graph can read, so that the engine is handed
only those triples.

The SHACL engine spends most of its time building its own indexes of the data graph (at 100k
synthetic triples, about 1 s of its 2 s whatever the shapes), and most triples of the reasoned
graph (labels, inverse properties, provenance links) are never looked at by a shape. A shape
reads the data through:

- its paths (``sh:path``, with inverse, alternative, sequence and repeated paths inside),
  ``sh:targetSubjectsOf`` / ``sh:targetObjectsOf`` and the property pair constraints
  (``sh:equals``, ``sh:disjoint``, ``sh:lessThan``, ``sh:lessThanOrEquals``): the IRIs they name;
- class membership (``sh:class``, ``sh:targetClass``, implicit class targets): ``rdf:type``
  and ``rdfs:subClassOf``;
- SHACL-SPARQL targets and constraints (``sh:select``, ``sh:ask``): the IRIs their text names,
  when no variable and no negated property set stands where a predicate goes.

Every other SHACL term compares the values those reads give. :func:`read_predicates` gives the
predicates, or None whenever it cannot be sure: a closed shape (it reads every property of its
focus nodes), a SHACL term it does not know (rules, custom constraint components, node
expressions...), or a query whose predicates it cannot tell. None means: hand the engine every
triple. ``tests/test_shacl_engines.py`` checks, on the invalid corpus and the bundled data, that
the findings are the same either way.
"""

from __future__ import annotations

import re

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import RDF, RDFS, SH

# read as values of the reads above (or describe the shape), never name a predicate of the data
_VALUE_TERMS = frozenset(SH[name] for name in (
    "class", "datatype", "nodeKind", "minCount", "maxCount", "minExclusive", "minInclusive",
    "maxExclusive", "maxInclusive", "minLength", "maxLength", "pattern", "flags", "languageIn",
    "uniqueLang", "hasValue", "in", "message", "severity", "deactivated", "name", "description",
    "order", "group", "defaultValue", "node", "property", "not", "and", "or", "xone",
    "qualifiedValueShape", "qualifiedMinCount", "qualifiedMaxCount", "qualifiedValueShapesDisjoint",
    "targetClass", "targetNode", "target", "sparql", "prefixes", "declare", "prefix", "namespace",
    "ignoredProperties", "inversePath", "alternativePath", "zeroOrMorePath", "oneOrMorePath",
    "zeroOrOnePath"))
_NAMING_TERMS = frozenset(SH[name] for name in (
    "targetSubjectsOf", "targetObjectsOf", "equals", "disjoint", "lessThan", "lessThanOrEquals"))
_QUERY_TERMS = frozenset((SH.select, SH.ask))
_ALWAYS = frozenset((str(RDF.type), str(RDFS.subClassOf)))


def read_predicates(shapes: Graph) -> frozenset[str] | None:
    """The predicates (IRIs) of the data that ``shapes`` can read, ``rdf:type`` and
    ``rdfs:subClassOf`` among them; None when that cannot be told (see the module's text).

    >>> shapes = Graph().parse(data='''@prefix sh: <http://www.w3.org/ns/shacl#> . @prefix ex: <http://x/> .
    ... ex:S a sh:NodeShape ; sh:targetClass ex:C ; sh:property [ sh:path [ sh:inversePath ex:p ] ; sh:class ex:D ] ;
    ...     sh:property [ sh:path ( ex:q ex:r ) ; sh:minCount 1 ] .''')
    >>> sorted(read_predicates(shapes))
    ['http://www.w3.org/1999/02/22-rdf-syntax-ns#nil', 'http://www.w3.org/1999/02/22-rdf-syntax-ns#type', 'http://www.w3.org/2000/01/rdf-schema#subClassOf', 'http://x/p', 'http://x/q', 'http://x/r']
    >>> read_predicates(shapes.parse(data='<http://x/S> <http://www.w3.org/ns/shacl#closed> true .')) is None
    True
    """
    reads = set(_ALWAYS)
    prefixes = declared_prefixes(shapes)
    for _s, p, o in shapes:
        if type(p) is not URIRef or not p.startswith(SH):
            continue  # rdf:type, labels, list cells: the shapes' own description
        if p == SH.path:
            reads.update(_path_iris(shapes, o))
        elif p in _NAMING_TERMS:
            if type(o) is not URIRef:
                return None
            reads.add(str(o))
        elif p in _QUERY_TERMS:
            named = sparql_predicates(str(o), prefixes)
            if named is None:
                return None
            reads.update(named)
        elif p == SH.closed:
            if not (isinstance(o, Literal) and o.value is False):
                return None  # a closed shape reads every property of its focus nodes
        elif p not in _VALUE_TERMS:
            return None  # sh:rule, sh:parameter, sh:expression...: not known here
    return frozenset(reads)


def _path_iris(shapes: Graph, path) -> set[str]:
    """Every IRI inside the path expression ``path`` (a predicate, or a node of inverse,
    alternative, sequence... paths)."""
    found: set[str] = set()
    todo, seen = [path], set()
    while todo:
        node = todo.pop()
        if type(node) is URIRef:
            found.add(str(node))
        elif isinstance(node, BNode) and node not in seen:
            seen.add(node)
            todo.extend(shapes.objects(node, None))
    return found


def declared_prefixes(shapes: Graph) -> dict[str, set[str]]:
    """Every ``sh:declare`` of the shapes, and every prefix bound in the shapes graph (which the
    engine falls back on): prefix -> namespaces (one prefix may have several; all are kept)."""
    found: dict[str, set[str]] = {}
    for prefix, namespace in shapes.namespaces():  # the engine resolves a prefix no query declares by these
        found.setdefault(str(prefix), set()).add(str(namespace))
    for declaration in shapes.objects(None, SH.declare):
        for prefix in shapes.objects(declaration, SH.prefix):
            for namespace in shapes.objects(declaration, SH.namespace):
                found.setdefault(str(prefix), set()).add(str(namespace))
    return found


_NAME = r"[\w\u00B7]"  # \w, not the grammar's ranges: 4 ms to compile instead of 22
_SPARQL_TOKEN = re.compile(r'''
    (?P<space>\s+)
  | (?P<literal>"""(?:[^"\\]|\\.|"(?!""))*"""|\'\'\'(?:[^'\\]|\\.|'(?!''))*\'\'\'
               |"(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*')
  | (?P<iri><[^<>"{}|^`\\\x00-\x20]*>)
  | (?P<comment>\#[^\n]*)
  | (?P<var>[?$]''' + _NAME + r'''+)
  | (?P<bnode>_:''' + _NAME + r'''[\w.-]*)
  | (?P<pname>(?:[^\W\d_][\w.\u00B7-]*)?:(?:[\w:%\u00B7-]|\.(?=[\w:%-]))*)
  | (?P<number>[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?)
  | (?P<word>[A-Za-z_]\w*)
  | (?P<punct>\S)
''', re.VERBOSE | re.DOTALL)
_NODES = frozenset(("var", "iri", "pname", "literal", "number", "bnode"))
_OPENERS = frozenset((("punct", "["), ("punct", "("), ("word", "true"), ("word", "false")))
_REFUSED_WORDS = frozenset(("CONSTRUCT", "DESCRIBE", "SERVICE", "INSERT", "DELETE", "LOAD", "CLEAR", "BASE"))
_LIST_ENDS = frozenset(("LIMIT", "OFFSET", "VALUES", "HAVING"))
_ABSOLUTE = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*:")


def sparql_predicates(text: str, prefixes: dict[str, set[str]]) -> set[str] | None:
    """The IRIs a SHACL-SPARQL query names (its predicates among them), or None when a variable or
    a negated property set stands where a predicate goes, or the text is beyond this reading.
    ``prefixes``: the shapes' declarations (:func:`declared_prefixes`), beside the query's own.

    >>> sorted(sparql_predicates("SELECT $this ?v WHERE { $this a ex:C ; ex:p|ex:q ?v . FILTER(?v != 1) }",
    ...                          {"ex": {"http://x/"}}))
    ['http://x/C', 'http://x/p', 'http://x/q']
    >>> sparql_predicates("SELECT $this WHERE { $this ?p ?o }", {}) is None
    True
    >>> sparql_predicates("ASK { $this !ex:p ?o }", {"ex": {"http://x/"}}) is None
    True
    """
    tokens = []
    for match in _SPARQL_TOKEN.finditer(text):
        kind = match.lastgroup
        if kind not in ("space", "comment"):
            tokens.append((kind, match.group()))
    own: dict[str, set[str]] = {}
    named: set[str] = set()
    kept: list = []
    i = 0
    while i < len(tokens):
        kind, value = tokens[i]
        word = value.upper() if kind == "word" else None
        if word in _REFUSED_WORDS:
            return None
        if word == "PREFIX" and i + 2 < len(tokens) and tokens[i + 1][0] == "pname" and tokens[i + 2][0] == "iri":
            own.setdefault(tokens[i + 1][1][:-1], set()).add(tokens[i + 2][1][1:-1])
            i += 3
            continue
        if word == "SELECT":  # its projection lists variables side by side: skipped up to the pattern
            i += 1
            while i < len(tokens) and tokens[i] != ("punct", "{") and tokens[i][1].upper() != "WHERE":
                i += 1
            continue
        if word in ("GROUP", "ORDER", "HAVING"):
            i += 1
            while i < len(tokens) and tokens[i] != ("punct", "}") and tokens[i][1].upper() not in _LIST_ENDS:
                if tokens[i] == ("punct", "{"):
                    return None  # an EXISTS pattern among the conditions: not skipped, not read here
                i += 1
            continue
        if word == "VALUES":  # its variables and rows, up to the end of its block
            i += 1
            while i < len(tokens) and tokens[i] != ("punct", "{"):
                i += 1
            while i < len(tokens) and tokens[i] != ("punct", "}"):
                i += 1
            i += 1
            continue
        kept.append((kind, value))
        i += 1
    for index, (kind, value) in enumerate(kept):
        after = kept[index + 1] if index + 1 < len(kept) else ("end", "")
        if kind == "punct" and value == "!" and after != ("punct", "="):
            return None  # a negated property set (or a negation: not told apart here)
        if kind == "punct" and (value == "\\" or not value.isascii()):
            return None  # an escape in a name (ex:p\.q), a character no name holds here: beyond this reading
        if kind == "var":
            before = kept[index - 1] if index else ("start", "")
            if before in (("punct", ";"), ("punct", "[")):
                return None
            after_node = after[0] in _NODES or after in _OPENERS
            before_node = (before[0] in _NODES or before in (("punct", "]"), ("punct", ")"))
                           or before == ("word", "a"))
            if before_node and after_node:
                return None  # subject, variable, object: a variable predicate
        elif kind == "iri":
            iri = value[1:-1]
            if not _ABSOLUTE.match(iri) or re.search(r"[?$]\w|[()]", iri):
                return None  # a relative IRI, or a comparison read as one (?a<?b>..., 1<ex:c,true)>...)
            named.add(iri)
        elif kind == "pname":
            prefix, _, local = value.partition(":")
            namespaces = own.get(prefix) or prefixes.get(prefix)
            if not namespaces or "\\" in local:
                return None
            named.update(namespace + local for namespace in namespaces)
    return named
