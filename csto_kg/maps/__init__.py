"""Maps of an organization's members on a date: country outlines (:mod:`~csto_kg.maps.outlines`),
each state's status as data (:mod:`~csto_kg.maps.member_maps`), and the drawing as SVG or PNG
(:mod:`~csto_kg.maps.drawing`). Same stage as the charts: it reads the graph through the API and
the query stage's cells (:mod:`csto_kg.query.panel`), and the web pages import it.
"""
