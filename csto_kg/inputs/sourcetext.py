"""The plain text of a shipped source document, against which passages are checked.

The source article was captured with light markup: Markdown links ``[text](#)``,
emphasis ``**x**`` / ``*x*``, escaped parentheses ``\\(`` and a few HTML tags
(``<p>``, ``<i>``). A passage quotes the text a reader sees, so :func:`plain_text`
removes that markup and collapses every run of whitespace (tabs of the tables,
line breaks) into one space. Nothing else is changed: accents, quotation marks,
footnote marks and the source's own typos stay as they are.

>>> plain_text("L'**Organisation** ([russe](#) : x)\\t<p> Arménie ;</p>")
"L'Organisation (russe : x) Arménie ;"
"""

from __future__ import annotations

import re

_LINK = re.compile(r"\[([^\[\]]*(?:\\\)[^\[\]]*)*)\]\(#\)")
_TAG = re.compile(r"</?[a-zA-Z][^>]*>")
_EMPHASIS = re.compile(r"\*\*|\*")
_SPACE = re.compile(r"\s+")


def plain_text(raw: str) -> str:
    """Return ``raw`` without link, emphasis and HTML markup, whitespace collapsed.

    >>> plain_text("[Nikolaï Bordiouja \\\\(en\\\\)](#) a   dit")
    'Nikolaï Bordiouja (en) a dit'
    """
    text = _LINK.sub(lambda m: m.group(1), raw)
    text = text.replace("\\(", "(").replace("\\)", ")")
    text = _TAG.sub(" ", text)
    text = _EMPHASIS.sub("", text)
    return _SPACE.sub(" ", text).strip()
