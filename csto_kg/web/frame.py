"""The frame every HTML page shares: the page's language, the navigation, the language switcher, the search box.

A page's language comes from ``?lang=``, else the ``Accept-Language`` header (q-values
honoured, a region such as ``fr-CA`` counts as its language), else English. Every word
of the frame comes from the message catalogue (:mod:`csto_kg.i18n`).
"""

from __future__ import annotations

from html import escape
from urllib.parse import urlencode

from csto_kg.i18n import DEFAULT, LANGUAGES
from csto_kg.i18n import text as t
from csto_kg.web.sparql_results import weighted_items

#: the style of the site's header, also put into pages made by other tools (the ontology's pyLODE page)
HEADER_STYLE = """header.site{display:flex;flex-wrap:wrap;gap:.6em 1.2em;align-items:center;
border-bottom:1px solid #ddd;padding-bottom:.5em}header.site nav a{margin-right:1em}
.langs a,.langs strong{margin-left:.5em}form.search input[type=search]{width:14em}"""
STYLE = """body{font-family:system-ui,sans-serif;max-width:70em;margin:1em auto;padding:0 1em;color:#222}
a{color:#0645ad}table{border-collapse:collapse;width:100%}td,th{border-bottom:1px solid #ddd;padding:.3em;
vertical-align:top;text-align:left}.inferred{color:#777;font-size:.8em;border:1px solid #aaa;border-radius:3px;
padding:0 .3em;margin-left:.4em}blockquote{border-left:3px solid #ccc;margin:.3em 0;padding:.2em .8em;
background:#f8f8f8}.iri{font-family:monospace;font-size:.85em;color:#555}
.lang{color:#777;font-size:.8em}""" + HEADER_STYLE + """
.card{border:1px solid #ccd;border-radius:6px;background:#f6f8fc;padding:.6em 1em;margin:.8em 0}
.card dl{display:grid;grid-template-columns:max-content 1fr;gap:.2em 1em;margin:.3em 0}.card dt{font-weight:600}
.card dd{margin:0}td.prop{width:28%}ul.values{margin:0;padding-left:1.1em}
details.cls summary{cursor:pointer;font-size:1.1em;margin:.3em 0}
a.inferred{text-decoration:none}a.inferred:hover{border-color:#0645ad;color:#0645ad}
ul.proof{list-style:none;padding-left:1.2em;border-left:1px solid #ddd;margin:.2em 0}ul.proof.root{border:0;padding:0}
.how{color:#555;font-size:.9em;margin:.1em 0 .3em}.how code{background:#f0f0f0;padding:0 .3em;border-radius:3px}"""


def page_language(asked: str | None, accept_language: str | None) -> str:
    """The language of a page: ``?lang=`` when csto-kg speaks it, else the best of ``Accept-Language``, else English.

    >>> page_language("ru", "fr"), page_language(None, "de;q=1, fr-CH;q=0.8, ru;q=0.9"), page_language(None, None)
    ('ru', 'ru', 'en')
    >>> page_language("xx", "fr, en;q=0.5"), page_language(None, "fr;q=0, *;q=0.1")
    ('fr', 'en')
    """
    if asked:
        code = asked.split("-", 1)[0].lower()
        if code in LANGUAGES:
            return code
    best, best_q = DEFAULT, 0.0
    for tag, q in weighted_items(accept_language):
        code = tag.split("-", 1)[0]
        if code in LANGUAGES and q > best_q:
            best, best_q = code, q
    return best


def with_lang(path: str, lang: str, params: dict | None = None) -> str:
    """``path`` with its query (``params``) and ``lang`` (left out for English), before its ``#fragment``.

    >>> with_lang("/search", "fr", {"q": "Arménie"}), with_lang("/id/CSTO", "en")
    ('/search?q=Arm%C3%A9nie&lang=fr', '/id/CSTO')
    >>> with_lang("/ontology#memberOf", "ru")
    '/ontology?lang=ru#memberOf'
    """
    path, hash_, fragment = path.partition("#")
    query = {k: v for k, v in (params or {}).items() if k != "lang"}
    if lang != DEFAULT:
        query["lang"] = lang
    return path + ("?" + urlencode(query) if query else "") + hash_ + fragment


def header(lang: str, *, here: str = "/", params: dict | None = None, query: str = "") -> str:
    """The site header: navigation, search box and language switcher (links keep the path)."""
    nav = "".join(f'<a href="{escape(with_lang(path, lang), quote=True)}">{escape(name)}</a>'
                  for path, name in (("/", t("Index", lang)), ("/sparql", t("SPARQL query", lang)),
                                     ("/ontology", t("Ontology", lang)),
                                     ("/.well-known/void", t("Dataset (VoID)", lang))))
    hidden = f'<input type="hidden" name="lang" value="{lang}">' if lang != DEFAULT else ""
    search = (f'<form class="search" action="/search" method="get" role="search">'
              f'<input type="search" name="q" value="{escape(query, quote=True)}" '
              f'placeholder="{escape(t("Search by name", lang), quote=True)}" '
              f'aria-label="{escape(t("Search by name", lang), quote=True)}">{hidden}'
              f'<button type="submit">{escape(t("Search", lang))}</button></form>')
    switch = []
    for code, name in LANGUAGES.items():
        if code == lang:
            switch.append(f'<strong lang="{code}">{escape(name)}</strong>')
        else:
            href = with_lang(here, code, params)
            if code == DEFAULT:  # an explicit lang=en, so that Accept-Language does not win again
                href = here + "?" + urlencode({**{k: v for k, v in (params or {}).items() if k != "lang"},
                                               "lang": DEFAULT})
            switch.append(f'<a href="{escape(href, quote=True)}" hreflang="{code}" lang="{code}">{escape(name)}</a>')
    langs = f'<span class="langs" aria-label="{escape(t("Language", lang), quote=True)}">{"".join(switch)}</span>'
    return f'<header class="site"><nav>{nav}</nav>{search}{langs}</header>'


def page(title: str, body: str, *, lang: str = DEFAULT, here: str = "/", params: dict | None = None,
         head: str = "", query: str = "") -> str:
    """A complete HTML document in ``lang`` with the site header (``head``: more elements for ``<head>``).

    >>> html = page("Test", "<p>x</p>", lang="fr", here="/id/CSTO")
    >>> '<html lang="fr">' in html, 'href="/id/CSTO?lang=ru"' in html, ">Rechercher<" in html
    (True, True, True)
    """
    return (f'<!DOCTYPE html>\n<html lang="{lang}"><head><meta charset="utf-8">'
            f'<meta name="viewport" content="width=device-width, initial-scale=1">'
            f'<link rel="icon" href="/favicon.ico">'
            f"<title>{escape(title)}</title><style>{STYLE}</style>{head}</head><body>"
            f"{header(lang, here=here, params=params, query=query)}"
            f"{body}</body></html>\n")
