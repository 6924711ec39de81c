"""Stage 1, inputs: finding the input files, reading them safely, parsing them, positions.

What a fact is before anything is inferred from it: which files (``files``), read
without outside access (``safety``), parsed into an rdflib Dataset (``loading``),
scanned for lines and columns (``turtle_scan``, ``locations``), with the lexical
forms as written (``lexical``); the plain text of the shipped source document
(``sourcetext``). Imports only the base modules (errors, namespaces, vocab, atomicio).
"""
