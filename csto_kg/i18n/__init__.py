"""The words csto-kg shows people, in English, French and Russian: one message catalogue.

The command line (column headers, status lines, help) and the charts take their words
from here, and so can the web pages. A message is looked up by its English text
(gettext style): English needs no file, and each other language is one module of
translations (:mod:`csto_kg.i18n.fr`, :mod:`csto_kg.i18n.ru`), imported the first time
it is asked for. A message without a translation is shown in English.

>>> text("wrote {path}", "fr", path="csto.svg")
'écrit : csto.svg'
>>> text("a message nobody translated", "ru")
'a message nobody translated'
>>> header("host_state", "ru"), header("requested_by", "en")
('принимающее государство', 'requested by')

The labels of IRIs (states, organizations, roles) are not here: they are the graph's
own ``rdfs:label`` in each language.
"""

from __future__ import annotations

import importlib
import re

from csto_kg.errors import UsageError

#: the languages csto-kg speaks, with their own names
LANGUAGES = {"en": "English", "fr": "français", "ru": "русский"}
DEFAULT = "en"
_TAG = re.compile(r"^[A-Za-z]{2,3}(?:-[A-Za-z0-9]{1,8})*$")  # the shape of a BCP 47 tag
_catalogues: dict[str, dict[str, str]] = {"en": {}}


def supported() -> str:
    """``en (English), fr (français), ru (русский)``: for messages that name the languages."""
    return ", ".join(f"{code} ({name})" for code, name in LANGUAGES.items())


def language(tag: str | None, *, option: str = "--lang") -> str:
    """The supported language of ``tag`` (case ignored; a region such as ``fr-CA`` is its language).

    An unknown or malformed tag is a :class:`~csto_kg.errors.UsageError` that names the
    supported languages.

    >>> language("FR"), language("ru-RU"), language(None)
    ('fr', 'ru', 'en')
    >>> language("de")
    Traceback (most recent call last):
    ...
    csto_kg.errors.UsageError: --lang de: csto-kg has no translation in that language; use one of en (English), fr (français), ru (русский)
    >>> language("zz-!!")
    Traceback (most recent call last):
    ...
    csto_kg.errors.UsageError: --lang 'zz-!!' is not a language tag; use one of en (English), fr (français), ru (русский)
    """
    if tag is None:
        return DEFAULT
    if not _TAG.match(tag):
        raise UsageError(f"{option} {tag!r} is not a language tag; use one of {supported()}")
    code = tag.split("-", 1)[0].lower()
    if code not in LANGUAGES:
        raise UsageError(f"{option} {tag}: csto-kg has no translation in that language; "
                         f"use one of {supported()}")
    return code


def catalogue(lang: str) -> dict[str, str]:
    """The translations of one language (English text -> translated text); empty for English."""
    found = _catalogues.get(lang)
    if found is None:
        found = _catalogues[lang] = importlib.import_module(f"{__name__}.{lang}").MESSAGES
    return found


def text(message: str, lang: str = DEFAULT, **fields) -> str:
    """``message`` (its English text) in ``lang``, English when not translated, ``{fields}`` filled."""
    translated = catalogue(lang).get(message, message) if lang in LANGUAGES else message
    return translated.format(**fields) if fields else translated


def header(column: str, lang: str = DEFAULT) -> str:
    """A column's header in words: the variable's name with spaces (``host_state`` -> ``host state``), translated."""
    return text(column.replace("_", " "), lang)


def value(cell: str, lang: str = DEFAULT) -> str:
    """A word the helper queries write into their answers (``certain``, ``in force``, ``before 1992``), translated.

    >>> value("uncertain: date precision", "fr"), value("before 1992-05-15", "ru"), value("Armenia", "fr")
    ('incertain : précision de la date', 'до 1992-05-15', 'Armenia')
    >>> value("certain; disputed, see the conflicts helper", "fr")
    'certain; contesté, voir la requête conflicts'
    """
    if lang == DEFAULT or lang not in LANGUAGES:
        return cell
    if "; " in cell:  # "certain; disputed, see the conflicts helper"
        return "; ".join(value(part, lang) for part in cell.split("; "))
    words = catalogue(lang)
    found = words.get(cell)
    if found is not None:
        return found
    if cell.startswith("before ") and "before {date}" in words:
        return words["before {date}"].format(date=cell[len("before "):])
    return cell
