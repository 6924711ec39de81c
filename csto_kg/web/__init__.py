"""Stage 7, web: ``csto-kg serve`` and what it shows.

The server and its routes (``server``), resource pages (``resource_pages``) with their
membership chart (``page_charts``) and neighbourhood graph view (``neighbourhood``,
``page_pictures``), the query page (``query_ui``), the ontology documentation
(``ontology_docs``), the dataset description (``dataset_description``), the JSON-LD
context generator (``jsonld_context``), SPARQL result formats (``sparql_results``);
static files stay in this folder. Imports every stage below it and the API.
"""
