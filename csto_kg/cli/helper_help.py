"""``csto-kg query NAME --help``: a helper's summary, parameters and example commands, from its header.

>>> from csto_kg.query.helpers import load_helpers
>>> text = helper_help(load_helpers()["members-at"], width=100)
>>> print(text.split("\\n\\n")[2])
parameters:
  --date DATE          required; a date: YYYY, YYYY-MM or YYYY-MM-DD; e.g. --date 2006-03-01
  --org ENTITY         default kg:CSTO; an IRI, a CURIE or a label in any language; e.g. --org
                       Eurasec
  --include-observers  boolean: given bare, true; default false; e.g. --include-observers
  --include-suspended  boolean: given bare, true; default false; e.g. --include-suspended
"""

from __future__ import annotations

import shlex

from csto_kg import i18n
from csto_kg.query.helpers import Helper
from csto_kg.query.parameters import TYPE_EXAMPLES
from csto_kg.query.table import wrap

#: what a value of each parameter type is, in words
TYPE_WORDS = {
    "date": "a date: YYYY, YYYY-MM or YYYY-MM-DD",
    "entity": "an IRI, a CURIE or a label in any language",
    "boolean": "boolean: given bare, true",
    "string": "text",
    "integer": "a whole number",
}

OPTIONS = ("options: --format table|csv|tsv|json, --wide, --lang en|fr|ru, --timeout SECONDS "
           "(see: csto-kg query --help)")


def helper_help(helper: Helper, *, lang: str = "en", width: int = 100) -> str:
    """The help text of one helper, lines within ``width`` cells."""
    def t(message: str, **fields) -> str:
        return i18n.text(message, lang, **fields)

    usage = " ".join(["csto-kg query", helper.name] + [_usage(p) for p in helper.params] + ["[options]"])
    blocks = ["\n".join(_hanging(t("usage:") + " ", usage, width)),
              "\n".join(wrap(helper.summary or t("(no summary)"), width, max_lines=None))]
    if helper.params:
        flags = [f"{p.flag}" if p.type == "boolean" else f"{p.flag} {p.type.upper()}" for p in helper.params]
        left = max(len(f) for f in flags)
        lines = [t("parameters:")]
        for param, flag in zip(helper.params, flags):
            notes = [t("required") if param.required else
                     t("default {value}", value=param.default) if param.default is not None else t("optional"),
                     t(TYPE_WORDS[param.type])]
            if param.type == "boolean":
                notes.reverse()
            notes.append(t("e.g. {example}", example=_example_words(helper, param)))
            lines += _hanging(f"  {flag.ljust(left)}  ", "; ".join(notes), width)
        blocks.append("\n".join(lines))
    if helper.columns:
        columns = ", ".join(i18n.header(c, lang) for c in helper.columns)
        blocks.append("\n".join(_hanging(t("columns:") + " ", columns, width)))
    examples = [f"csto-kg query {helper.name} {e}".rstrip() for e in helper.examples] or [f"csto-kg query {helper.name}"]
    lines = [t("examples:")]
    for example in examples:
        lines += _hanging("  ", example, width)
    blocks.append("\n".join(lines))
    blocks.append("\n".join(wrap(t(OPTIONS), width, max_lines=None)))
    return "\n\n".join(blocks) + "\n"


def _usage(param) -> str:
    flag = param.flag if param.type == "boolean" else f"{param.flag} {param.type.upper()}"
    return flag if param.required else f"[{flag}]"


def _example_words(helper: Helper, param) -> str:
    """``--flag value`` as an example gives it (quoted when needed), else with the default or a typical value."""
    value = helper.example_value(param)
    if param.type == "boolean":
        return param.flag if value in (None, "true") else f"{param.flag} {value}"
    if value is None:
        value = param.default if param.default is not None else TYPE_EXAMPLES[param.type]
    return f"{param.flag} {shlex.quote(value)}"


def _hanging(first: str, text: str, width: int) -> list[str]:
    """``first`` then ``text`` wrapped, the next lines indented under the start of ``text``."""
    lines = wrap(text, max(width - len(first), 10), max_lines=None)
    return [first + lines[0]] + [" " * len(first) + line for line in lines[1:]]
