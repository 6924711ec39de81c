"""Plain-text tables that fit a width: columns narrowed, long cells wrapped, rows as blocks.

:func:`layout` lays out a table (headers and cells, all text) in at most ``width``
character cells per line. Columns keep their natural width while the whole table fits.
When it does not, each column keeps at least its longest word (up to 12 cells; never
less than 6 or its own width) and the room left is shared out so that narrow columns
are whole and wide ones get equal shares; a cell too long for its column wraps at
spaces over up to three lines, the last one shortened with an ellipsis (…) when more
would be needed. When even those minimum widths do not fit (many columns on a narrow
terminal), or more than 15% of the cells would be shortened, each row is shown as a
block of ``header  value`` lines instead.

Widths are counted in terminal cells: wide (East Asian) characters take two, combining
marks none.

>>> print(layout(["state", "role"], [["Armenia", "founding member"]]), end="")
state    role
-------  ---------------
Armenia  founding member
>>> print(layout(["state", "role"], [["Armenia", "founding member"]], width=18), end="")
state    role
-------  ---------
Armenia  founding
         member
>>> print(layout(["state", "role", "start"], [["Armenia", "founding member", "2002-10-07"]], width=24), end="")
state  Armenia
role   founding member
start  2002-10-07
"""

from __future__ import annotations

import unicodedata

GAP = "  "
MAX_LINES = 3  # lines of one wrapped cell in a table
MAX_BLOCK_LINES = 8  # lines of one wrapped value in a row shown as a block
MAX_CUT = 0.15  # past this share of cells shortened, the rows are shown as blocks
MIN_WIDTH = 6
WORD_CAP = 12
ELLIPSIS = "…"


def display_width(text: str) -> int:
    """Terminal cells taken by ``text``.

    >>> display_width("Ouzbékistan"), display_width("Узбекистан"), display_width("東京"), display_width("e\\u0301")
    (11, 10, 4, 1)
    """
    if text.isascii():
        return len(text)
    width = 0
    for char in text:
        if unicodedata.combining(char):
            continue
        width += 2 if unicodedata.east_asian_width(char) in ("W", "F") else 1
    return width


def layout(headers: list[str], rows: list[list[str]], *, width: int | None = None) -> str:
    """The table's text: a header, a rule, the rows; within ``width`` cells per line when given."""
    natural = [max([display_width(h)] + [display_width(r[i]) for r in rows]) for i, h in enumerate(headers)]
    if width is None or _total(natural) <= width:
        return _table(headers, rows, natural, max_lines=None)
    floors = [min(n, max(MIN_WIDTH, min(_longest_word(h, [r[i] for r in rows]), WORD_CAP)))
              for i, (h, n) in enumerate(zip(headers, natural))]
    if _total(floors) > width:
        return blocks(headers, rows, width=width)
    widths = _share(natural, floors, width - _total([0] * len(headers)))
    if _mostly_cut(rows, widths):
        return blocks(headers, rows, width=width)
    return _table(headers, rows, widths, max_lines=MAX_LINES)


def blocks(headers: list[str], rows: list[list[str]], *, width: int) -> str:
    """Each row as a block of ``header  value`` lines, blocks apart by an empty line.

    >>> print(blocks(["state", "role"], [["Armenia", "member"], ["Russia", "founding member"]], width=15), end="")
    state  Armenia
    role   member
    <BLANKLINE>
    state  Russia
    role   founding
           member
    """
    label = min(max(display_width(h) for h in headers), max(width // 2 - 1, 1))
    room = max(width - label - len(GAP), 1)
    out: list[str] = []
    for number, row in enumerate(rows):
        if number:
            out.append("")
        for name, cell in zip(headers, row):
            names = wrap(name, label, max_lines=MAX_LINES)
            values = wrap(cell, room, max_lines=MAX_BLOCK_LINES)
            for i in range(max(len(names), len(values))):
                left = names[i] if i < len(names) else ""
                right = values[i] if i < len(values) else ""
                out.append((_pad(left, label) + GAP + right).rstrip())
    return "\n".join(out) + "\n" if out else ""


def wrap(text: str, width: int, *, max_lines: int | None = MAX_LINES) -> list[str]:
    """``text`` in lines of at most ``width`` cells, broken at spaces (a longer word is cut);
    past ``max_lines`` the last line ends with an ellipsis.

    >>> wrap("source: history to 2002, ¶2 +3", 12)
    ['source:', 'history to', '2002, ¶2 +3']
    >>> wrap("Collective Security Treaty Organization", 10, max_lines=2)
    ['Collective', 'Security…']
    >>> wrap("", 5)
    ['']
    """
    width = max(width, 1)
    if display_width(text) <= width:
        return [text]
    lines: list[str] = []
    current = ""
    for word in text.split(" "):
        candidate = f"{current} {word}" if current else word
        if display_width(candidate) <= width:
            current = candidate
            continue
        if current:
            lines.append(current)
        while display_width(word) > width:  # a word longer than the column is cut
            head = _cut(word, width)
            lines.append(head)
            word = word[len(head):]
        current = word
    if current or not lines:
        lines.append(current)
    if max_lines is not None and len(lines) > max_lines:
        last = lines[max_lines - 1]
        lines = lines[:max_lines - 1] + [_cut(last, width - 1).rstrip() + ELLIPSIS]
        if display_width(lines[-1]) > width:
            lines[-1] = _cut(lines[-1], width - 1) + ELLIPSIS
    return lines


def _cut(text: str, width: int) -> str:
    """The longest start of ``text`` that takes at most ``width`` cells (at least one character)."""
    taken, end = 0, 0
    for end, char in enumerate(text, 1):
        taken += display_width(char)
        if taken > width:
            return text[:max(end - 1, 1)]
    return text


def _mostly_cut(rows: list[list[str]], widths: list[int]) -> bool:
    """Whether more than :data:`MAX_CUT` of the cells would need more than :data:`MAX_LINES` lines."""
    filled = cut = 0
    for row in rows:
        for cell, width in zip(row, widths):
            if cell:
                filled += 1
                if display_width(cell) > width and len(wrap(cell, width, max_lines=None)) > MAX_LINES:
                    cut += 1
    return cut > MAX_CUT * filled


def _longest_word(header: str, cells: list[str]) -> int:
    return max(display_width(word) for text in [header, *cells] for word in text.split(" "))


def _total(widths: list[int]) -> int:
    return sum(widths) + len(GAP) * (len(widths) - 1)


def _share(natural: list[int], floors: list[int], room: int) -> list[int]:
    """Column widths from ``floors`` up to ``natural``: the ``room`` cells shared out (water-filling)."""
    widths = list(floors)
    left = room - sum(widths)
    while left > 0:
        wanting = [i for i, w in enumerate(widths) if w < natural[i]]
        if not wanting:
            break
        share = max(left // len(wanting), 1)
        for i in sorted(wanting, key=lambda i: natural[i] - widths[i]):
            give = min(share, natural[i] - widths[i], left)
            widths[i] += give
            left -= give
            if left == 0:
                break
    return widths


def _table(headers: list[str], rows: list[list[str]], widths: list[int], *, max_lines: int | None) -> str:
    lines = _lines(headers, widths, max_lines=None)
    lines.append(_join(["-" * w for w in widths], widths))
    for row in rows:
        lines += _lines(row, widths, max_lines=max_lines)
    return "\n".join(lines) + "\n"


def _lines(cells: list[str], widths: list[int], *, max_lines: int | None) -> list[str]:
    if all(display_width(c) <= w for c, w in zip(cells, widths)):
        return [_join(cells, widths)]
    wrapped = [wrap(c, w, max_lines=max_lines) for c, w in zip(cells, widths)]
    height = max(len(w) for w in wrapped)
    return [_join([w[i] if i < len(w) else "" for w in wrapped], widths) for i in range(height)]


def _join(cells: list[str], widths: list[int]) -> str:
    return GAP.join(_pad(c, w) for c, w in zip(cells, widths)).rstrip()


def _pad(text: str, width: int) -> str:
    return text + " " * (width - display_width(text))
