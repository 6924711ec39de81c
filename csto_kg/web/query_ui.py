"""The browser query UI: YASGUI, served from the package, with a tab per helper query.

Each helper's text is shown with its parameters filled in (the declared
default, else an example value of its type; optional parameters stay
unbound) so that a tab runs as is; the
``#+`` header stays on top to say what the helper does and takes. This text
is only shown to the user: the CLI and API still bind parameters with
``initBindings``.
"""

from __future__ import annotations

import json
import re
from html import escape

from csto_kg.i18n import text as t
from csto_kg.query.helpers import _STRINGS_AND_IRIS, Helper
from csto_kg.namespaces import PREFIXES
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


def ui_page(helpers: list[Helper], *, resolve_entity, lang: str = "en") -> str:
    """The HTML of the query UI page, its frame in ``lang`` (YASGUI itself speaks English)."""
    tabs = [{"name": h.name, "query": filled_query(h, resolve_entity=resolve_entity)}
            for h in helpers if not h.is_violation_check] + \
           [{"name": h.name, "query": filled_query(h, resolve_entity=resolve_entity)}
            for h in helpers if h.is_violation_check]
    data = json.dumps(tabs, ensure_ascii=False).replace("</", "<\\/")
    title = t("csto-kg SPARQL query", lang)
    return (f'<!DOCTYPE html>\n<html lang="{lang}"><head><meta charset="utf-8">'
            f"<title>{escape(title)}</title>"
            '<link rel="icon" href="/favicon.ico">'
            '<link rel="stylesheet" href="/static/yasgui/yasgui.min.css">'
            f"<style>{STYLE}body{{max-width:none;margin:0 1em}}</style>"
            f'</head><body>{header(lang, here="/sparql")}'
            f"<h1>{escape(title)}</h1>"
            '<div id="yasgui"></div>'
            f'<script id="csto-helpers" type="application/json">{data}</script>'
            '<script src="/static/yasgui/yasgui.min.js"></script>'
            '<script src="/static/ui.js"></script></body></html>\n')
