"""Stage 5, query: the helper queries and how a query runs.

Helpers (``helpers``) with typed parameters (``parameters``) and entities found by
label (``entities``); every query checked against limits (``limits``) and parsed
safely (``safety``), its parsed form cached (``codec``), run under a hard timeout
in child or worker processes (``pool``); results rendered as tables, CSV, TSV,
JSON (``render``). Imports the base modules, inputs, reasoning and store.
"""
