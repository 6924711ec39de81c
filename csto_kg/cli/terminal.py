"""The width tables are fitted to: the terminal's, else ``$COLUMNS``, else 100.

>>> import io
>>> output_width(environ={"COLUMNS": "80"}, stream=io.StringIO())
80
>>> output_width(environ={}, stream=io.StringIO())
100
>>> output_width(environ={"COLUMNS": "wide"}, stream=io.StringIO())
100
"""

from __future__ import annotations

import os
import sys

DEFAULT_WIDTH = 100  # when standard output is not a terminal and $COLUMNS is not set
MIN_WIDTH = 20


def output_width(*, environ=None, stream=None) -> int:
    """Character cells per line for output to ``stream`` (default: standard output).

    ``$COLUMNS`` wins when it is set to a number (as ``shutil.get_terminal_size`` reads it),
    then the width of the terminal ``stream`` is, else :data:`DEFAULT_WIDTH` (a file or a pipe).
    """
    environ = os.environ if environ is None else environ
    given = environ.get("COLUMNS", "").strip()
    if given.isdigit() and int(given) > 0:
        return max(int(given), MIN_WIDTH)
    stream = sys.stdout if stream is None else stream
    try:
        if stream is not None and stream.isatty():
            return max(os.get_terminal_size(stream.fileno()).columns, MIN_WIDTH)
    except (AttributeError, OSError, ValueError):
        pass
    return DEFAULT_WIDTH
