"""Stage 3, store: the reasoned dataset put together, cached, kept and answered.

``assembly`` loads and reasons (or reads the cache, ``cache``); ``oxigraph`` keeps
the dataset in an Oxigraph store, ``endpoint`` talks to a SPARQL 1.1 server
(values travel as validated terms, ``values``); answers are plain data
(``results``); ``exports`` writes the dataset in the six RDF syntaxes.
Imports the base modules, inputs and reasoning.
"""
