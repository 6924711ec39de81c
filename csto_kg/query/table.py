"""Plain-text tables that fit a width: columns narrowed, long cells wrapped, rows as blocks.

:func:`layout` lays out a table (headers and cells, all text) in at most ``width``
character cells per line. Columns keep their natural width while the whole table fits.
When it does not, each column keeps at least its longest word (up to 12 cells; never
less than 6 or its own width) and the room left is shared out so that narrow columns
are whole and wide ones get equal shares (columns of secondary detail, such as the
sources, get what the others leave and are shortened to one line); a cell too long for its column wraps at
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
from typing import Callable

GAP = "  "
MAX_LINES = 3  # lines of one wrapped cell in a table
MAX_BLOCK_LINES = 8  # lines of one wrapped value in a row shown as a block
MAX_CUT = 0.15  # past this share of cells shortened, the rows are shown as blocks
MIN_WIDTH = 6
WORD_CAP = 12
ONE_LINE_WIDTH = 16  # the least a column of secondary detail gets (when its content is that wide)
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


def layout(headers: list[str], rows: list[list[str]], *, width: int | None = None,
           one_line: dict[int, Callable[[str, int], str]] | None = None) -> str:
    """The table's text: a header, a rule, the rows; within ``width`` cells per line when given.

    ``one_line`` maps columns of secondary detail to a function that shortens one of their
    cells to a width: such a column is never wrapped, and gets what room the other columns
    leave (at least :data:`ONE_LINE_WIDTH` cells).

    >>> def short(cell, width):
    ...     return cell if display_width(cell) <= width else cut(cell, width - 1) + ELLIPSIS
    >>> print(layout(["state", "note"], [["Armenia", "a long note on Armenia, and more"]], width=30,
    ...              one_line={1: short}), end="")
    state    note
    -------  ---------------------
    Armenia  a long note on Armen…
    """
    one_line = one_line or {}
    natural = [max([display_width(h)] + [display_width(r[i]) for r in rows]) for i, h in enumerate(headers)]
    if width is None or _total(natural) <= width:
        return _table(headers, rows, natural, max_lines=None)
    floors = [min(n, ONE_LINE_WIDTH) if i in one_line else
              min(n, max(MIN_WIDTH, min(_longest_word(h, [r[i] for r in rows]), WORD_CAP)))
              for i, (h, n) in enumerate(zip(headers, natural))]
    if _total(floors) > width:
        return blocks(headers, rows, width=width)
    room = width - _total([0] * len(headers))
    first = _share([n if i not in one_line else f for i, (n, f) in enumerate(zip(natural, floors))], floors, room)
    widths = _share(natural, first, room)  # what the main columns leave goes to the one-line ones
    wrapped = [i for i in range(len(headers)) if i not in one_line]
    if _mostly_cut([[r[i] for i in wrapped] for r in rows], [widths[i] for i in wrapped]):
        return blocks(headers, rows, width=width)
    shortened = [[one_line[i](cell, widths[i]) if i in one_line else cell for i, cell in enumerate(row)]
                 for row in rows]
    return _table(headers, shortened, widths, max_lines=MAX_LINES)


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
            head = cut(word, width)
            lines.append(head)
            word = word[len(head):]
        current = word
    if current or not lines:
        lines.append(current)
    if max_lines is not None and len(lines) > max_lines:
        last = lines[max_lines - 1]
        lines = lines[:max_lines - 1] + [cut(last, width - 1).rstrip() + ELLIPSIS]
        if display_width(lines[-1]) > width:
            lines[-1] = cut(lines[-1], width - 1) + ELLIPSIS
    return lines


def cut(text: str, width: int) -> str:
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
    """Column widths from ``floors`` up to ``natural`` that fill ``room`` cells: a water level.

    Each column is as wide as the level allows (its floor at least, its natural width at
    most), the highest level that fits; cells still free go one by one to the narrowest
    columns that want more.

    >>> _share([10, 15, 10, 4, 25], [10, 8, 10, 4, 9], 54)
    [10, 15, 10, 4, 15]
    """
    def at(level: int) -> list[int]:
        return [min(n, max(f, level)) for n, f in zip(natural, floors)]

    low, high = 0, max(natural)
    while low < high:  # the highest level whose widths fit in the room
        middle = (low + high + 1) // 2
        if sum(at(middle)) <= room:
            low = middle
        else:
            high = middle - 1
    widths = at(low)
    left = room - sum(widths)
    for i in sorted(range(len(widths)), key=lambda i: widths[i]):
        if left <= 0:
            break
        if widths[i] < natural[i]:
            widths[i] += 1
            left -= 1
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
