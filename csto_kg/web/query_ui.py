"""The browser query UI: YASGUI, served from the package, with a tab per helper query and one for the checks.

Each helper's text is shown with its parameters filled in (the declared
default, else an example value of its type; optional parameters stay
unbound) so that a tab runs as is; the
``#+`` header stays on top to say what the helper does and takes. This text
is only shown to the user: the CLI and API still bind parameters with
``initBindings``. The violation checks (``*-violation``) share one tab: a
query with a ``UNION`` branch per check (:func:`checks_query`). What the
browser does with the page (tabs kept across reloads, share links, result
links and labels, autocompletion) is in ``ui.js``.
"""

from __future__ import annotations

import json
import re
from html import escape

from rdflib import Literal

from csto_kg.i18n import text as t
from csto_kg.namespaces import BASE, PREFIXES
from csto_kg.query.helpers import _STRINGS_AND_IRIS, Helper
from csto_kg.query.parameters import TYPE_EXAMPLES as EXAMPLES, convert
from csto_kg.web.frame import STYLE, header

_PROTECTED = re.compile(_STRINGS_AND_IRIS.pattern + r"|#[^\n]*")


def filled_query(helper: Helper, *, resolve_entity) -> str:
    """The helper's query with ``$param`` replaced by its default or an example value.

    >>> from csto_kg.api import _fixture_kg
    >>> kg = _fixture_kg()
    >>> text = filled_query(kg.helper("members"), resolve_entity=kg._resolve_for)
    >>> '"2010"^^xsd:gYear' in text and "$date" not in text.split("\\n", 3)[-1]
    True
    """
    values = {}
    notes = []
    for param in helper.params:
        if param.optional and param.default is None:
            notes.append(f"# ${param.name} ({param.type}) left unbound  [optional]")
            continue
        raw = param.default if param.default is not None else EXAMPLES[param.type]
        term = convert(param, raw, resolve_entity=resolve_entity)
        values[param.name] = _sparql_term(term)
        kind = "default" if param.default is not None else "example"
        notes.append(f"# ${param.name} ({param.type}) = {values[param.name]}  [{kind}]")

    def substitute(segment: str) -> str:
        return re.sub(r"\$([A-Za-z_][A-Za-z0-9_]*)",
                      lambda m: values.get(m.group(1), m.group(0)), segment)

    pieces, position = [], 0
    for match in _PROTECTED.finditer(helper.text):
        pieces.append(substitute(helper.text[position:match.start()]))
        pieces.append(match.group(0))
        position = match.end()
    pieces.append(substitute(helper.text[position:]))
    header = [f"# helper: {helper.name}"] + notes
    declared = [f"PREFIX {p}: <{ns}>" for p, ns in PREFIXES.items()
                if f"PREFIX {p}:" not in helper.text and f"{p}:" in "".join(pieces + header)]
    return "\n".join(header + declared) + "\n" + "".join(pieces)


def _sparql_term(term) -> str:
    from csto_kg.namespaces import curie

    text = term.n3()
    if hasattr(term, "datatype") and getattr(term, "datatype", None) is not None:
        short = curie(str(term.datatype))
        if short:
            text = text.replace(f"<{term.datatype}>", short)
    elif text.startswith("<"):
        text = curie(str(term)) or text
    return text


_PREFIX_LINE = re.compile(r"^\s*PREFIX\s+([A-Za-z][\w.-]*)?:\s*<([^>]*)>\s*$", re.IGNORECASE)
_CHECK_INDENT = "    "


def checks_query(checks: list[Helper], *, resolve_entity, lang: str = "en") -> str:
    """One query that runs every violation check: a ``UNION`` branch per check, ``?check`` naming it.

    Each branch is the check's own query (parameters filled in as in :func:`filled_query`)
    as a subquery; its ``PREFIX`` lines move to the top (a check that gives a prefix another
    meaning than an earlier check is left out: it keeps a tab of its own, see :func:`ui_tabs`).
    The columns are ``?check`` then each check's declared columns, in order.

    >>> from csto_kg.api import _fixture_kg
    >>> kg = _fixture_kg()
    >>> checks = [h for h in kg.helpers() if h.is_violation_check]
    >>> text = checks_query(checks, resolve_entity=kg._resolve_for)
    >>> text.split("SELECT", 1)[1].split("{", 1)[0]
    ' ?check ?membership WHERE '
    >>> kg.sparql(text).rows
    []
    """
    prefixes: dict[str, str] = {}
    branches, columns = [], ["check"]
    for check in checks:
        own, body = _split_prefixes(filled_query(check, resolve_entity=resolve_entity))
        if any(prefixes.get(name, iri) != iri for name, iri in own.items()):
            continue
        prefixes.update(own)
        columns += [c for c in check.columns if c not in columns]
        inner = "\n".join(_CHECK_INDENT * 2 + line if line else line for line in body.strip("\n").split("\n"))
        branches.append(f"{_CHECK_INDENT}# {check.name}: {check.summary}\n"
                        f"{_CHECK_INDENT}{{ {{\n{inner}\n{_CHECK_INDENT}  }}\n"
                        f"{_CHECK_INDENT}  BIND({Literal(check.name).n3()} AS ?check) }}")
    header = [f"# {line}" for line in (
        t("checks: the {count} violation checks in one query, one UNION branch each; ?check names the check of a row.",
          lang, count=len(branches)),
        t("No rows: the data passes every check (csto-kg check runs the same queries).", lang))]
    declared = [f"PREFIX {name}: <{iri}>" for name, iri in prefixes.items()]
    projection = " ".join(f"?{c}" for c in columns)
    return ("\n".join(header + declared) + f"\n\nSELECT {projection} WHERE {{\n"
            + f"\n{_CHECK_INDENT}UNION\n".join(branches) + "\n}\nORDER BY ?check\n")


def _split_prefixes(text: str) -> tuple[dict[str, str], str]:
    """The ``PREFIX`` declarations of a query (name to IRI) and the rest, leading comment lines left out."""
    prefixes, rest = {}, []
    for line in text.split("\n"):
        match = _PREFIX_LINE.match(line)
        if match:
            prefixes[match.group(1) or ""] = match.group(2)
        elif rest or (line.strip() and not line.lstrip().startswith("#")):
            rest.append(line)
    return prefixes, "\n".join(rest)


def ui_tabs(helpers: list[Helper], *, resolve_entity, lang: str = "en") -> list[dict[str, str]]:
    """The tabs the query UI opens: each helper query, then one tab that runs all the violation checks.

    Each tab has a stable ``id`` (so that the browser knows which tabs it has offered
    already), a ``name`` (its title) and its ``query``.

    >>> from csto_kg.api import _fixture_kg
    >>> kg = _fixture_kg()
    >>> tabs = ui_tabs(kg.helpers(), resolve_entity=kg._resolve_for, lang="fr")
    >>> [(tab["id"], tab["name"]) for tab in tabs]
    [('helper-members', 'members'), ('helper-state-label', 'state-label'), ('checks', 'contrôles')]
    """
    tabs = [{"id": f"helper-{h.name}", "name": h.name, "query": filled_query(h, resolve_entity=resolve_entity)}
            for h in helpers if not h.is_violation_check]
    checks = [h for h in helpers if h.is_violation_check]
    if checks:
        query = checks_query(checks, resolve_entity=resolve_entity, lang=lang)
        tabs.append({"id": "checks", "name": t("checks", lang), "query": query})
        tabs += [{"id": f"helper-{h.name}", "name": h.name, "query": filled_query(h, resolve_entity=resolve_entity)}
                 for h in checks if f"# {h.name}: " not in query]
    return tabs


def ui_page(helpers: list[Helper], *, resolve_entity, lang: str = "en", base: str = BASE,
            terms: dict | None = None) -> str:
    """The HTML of the query UI page, its frame in ``lang`` (YASGUI itself speaks English).

    The page carries what ``ui.js`` needs as JSON: the tabs, the base IRI (result IRIs
    under it link to this server), the prefixes, the page's language (for labels) and the
    ontology's classes and properties (``terms``, see
    :func:`csto_kg.web.ontology_terms.ontology_terms`) for autocompletion.
    """
    data = {"base": base, "lang": lang, "prefixes": PREFIXES,
            "tabs": ui_tabs(helpers, resolve_entity=resolve_entity, lang=lang),
            "terms": terms or {"classes": [], "properties": []}}
    text = json.dumps(data, ensure_ascii=False).replace("</", "<\\/")
    title = t("csto-kg SPARQL query", lang)
    return (f'<!DOCTYPE html>\n<html lang="{lang}"><head><meta charset="utf-8">'
            f"<title>{escape(title)}</title>"
            '<link rel="icon" href="/favicon.ico">'
            '<link rel="stylesheet" href="/static/yasgui/yasgui.min.css">'
            f"<style>{STYLE}body{{max-width:none;margin:0 1em}}{UI_STYLE}</style>"
            f'</head><body>{header(lang, here="/sparql")}'
            f"<h1>{escape(title)}</h1>"
            '<div id="yasgui"></div>'
            f'<script id="csto-ui" type="application/json">{text}</script>'
            '<script src="/static/yasgui/yasgui.min.js"></script>'
            '<script src="/static/ui.js"></script></body></html>\n')


#: the result table (labels beside IRIs, cells whole) and the autocompletion's labels
UI_STYLE = (".yasr .dataTable td div .csto-label{display:block;color:#333;word-break:normal;overflow-wrap:anywhere}"
            ".yasr .dataTable td div .csto-typed{white-space:nowrap;word-break:keep-all}"
            ".CodeMirror-hint .csto-hint-label{color:#666;margin-left:1em;font-family:system-ui,sans-serif}"
            ".CodeMirror-hint-active .csto-hint-label{color:#fff}")
