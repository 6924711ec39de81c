"""Oxigraph's SPARQL syntax errors said briefly, with what to change.

Oxigraph reports a query it refuses as ``error at LINE:COL: expected one of ...``, the
list holding every token its grammar would take there (character classes written out
over several lines) and, when a rule of SPARQL is broken, that rule in words. This keeps
the position, the text there, the rule, and a hint that says how to write the query.
"""

from __future__ import annotations

import re

_ERROR = re.compile(r"^error at (\d+):(\d+): expected one of (.*)$", re.S)
_ITEM = re.compile(r'"(?:[^"\\]|\\.)*"|\[[^\]]*\]|[^,\[\]"]+')

#: rules of SPARQL that Oxigraph names, and how to keep them
HINTS = {
    "The SELECT contains an expression with a variable that is unbound": (
        "in a query with GROUP BY or an aggregate, SELECT may name only the variables grouped on, "
        "aggregates and constants (SPARQL 1.1, section 11.4); to show a grouped expression, name it in "
        "GROUP BY and select that name, e.g. GROUP BY (lang(?l) AS ?lang) with SELECT ?lang "
        "(COUNT(?s) AS ?n), or wrap the variable in an aggregate such as SAMPLE(?x)"),
    "The SELECT contains a variable that is unbound": (
        "in a query with GROUP BY or an aggregate, SELECT may name only the variables grouped on, "
        "aggregates and constants (SPARQL 1.1, section 11.4): add the variable to GROUP BY, or select "
        "an aggregate of it such as (SAMPLE(?x) AS ?any)"),
    "SELECT * is not authorized with GROUP BY": (
        "with GROUP BY, list what to show instead of *: the variables grouped on and aggregates"),
    "Duplicated variable name in SELECT": "give each column of the SELECT its own name",
    "The SELECT overrides an existing variable using an expression": (
        "after AS, use a name that the rest of the query does not use"),
}


def explain(message: str, text: str) -> str:
    """A short form of Oxigraph's syntax error ``message`` about the query ``text``.

    >>> explain('error at 1:29: expected one of "(", SELECT * is not authorized with GROUP BY, '
    ...         "['A' ..= 'Z'\\n| 'a' ..= 'z'], [_]", "SELECT * WHERE { ?s ?p ?o } GROUP BY ?s")
    'line 1, column 28, near "GROUP BY ?s": SELECT * is not authorized with GROUP BY; with GROUP BY, list what to show instead of *: the variables grouped on and aggregates'
    >>> explain('error at 1:26: expected one of LATERAL, SERVICE, [_]', "SELECT ?x WHERE { ?x ?p }")
    'line 1, column 25, near "}": expected LATERAL, SERVICE'
    >>> explain("something else", "ASK {}")
    'something else'
    """
    found = _ERROR.match(message.strip())
    if not found:
        return message
    line, column = int(found.group(1)), max(int(found.group(2)) - 1, 1)  # Oxigraph's is one past
    rules, tokens = [], []
    for item in (m.group(0).strip() for m in _ITEM.finditer(found.group(3))):
        if not item or item == "[_]":
            continue
        if item.startswith("["):
            if "a name" not in tokens:
                tokens.append("a name")
        elif " " in item and any(c.islower() for c in item):
            rules.append(item)
        else:
            tokens.append(item)
    where = f"line {line}, column {column}"
    near = _near(text, line, column)
    if near:
        where += f', near "{near}"'
    if rules:
        return where + ": " + "; ".join(f"{rule}; {HINTS[rule]}" if rule in HINTS else rule for rule in rules)
    return where + ": expected " + ", ".join(tokens)


def _near(text: str, line: int, column: int) -> str:
    lines = text.splitlines()
    if not 1 <= line <= len(lines):
        return ""
    rest = lines[line - 1][column - 1:].strip()
    return rest[:30] + ("..." if len(rest) > 30 else "")
