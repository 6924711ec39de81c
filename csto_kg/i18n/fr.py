"""French translations of csto-kg's messages (English text -> French)."""

MESSAGES = {
    # column headers of the helpers (their variables, in words)
    "member": "membre",
    "role": "rôle",
    "start": "début",
    "end": "fin",
    "certainty": "certitude",
    "conflicts": "conflits",
    "org from": "organisation depuis",
    "org until": "organisation jusqu'à",
    "sources": "sources",
    "kind": "type",
    "body": "organisme",
    "disputed": "contesté",
    "state": "État",
    "signed": "signé",
    "ratified": "ratifié",
    "exited": "sorti",
    "post": "poste",
    "holder": "titulaire",
    "capacity": "qualité",
    "intervention": "intervention",
    "host state": "État hôte",
    "requested by": "demandée par",
    "decided by": "décidée par",
    "commander": "commandant",
    "troops": "effectifs",
    "approximation": "approximation",
    "organization": "organisation",
    "membership": "adhésion",
    "date": "date",
    "what": "fait",
    "conflict": "désaccord",
    "aspect": "aspect",
    "claim": "affirmation",
    "value": "valeur",
    "direction": "sens",
    "property": "propriété",
    "status": "statut",
    "action": "acte",
    "instrument": "instrument",
    "acted": "date de l'acte",
    "concluded": "conclu",
    "claims": "affirmations",
    "fact": "fait",
    "subject": "sujet",
    "begins": "commence",
    "ends": "prend fin",
    "first": "premier",
    "second": "second",
    # words the helper queries write into their answers
    "certain": "certain",
    "uncertain": "incertain",
    "uncertain: date precision": "incertain : précision de la date",
    "uncertain: beginning not given": "incertain : début non indiqué",
    "uncertain: beginning known only as before a date": "incertain : début connu seulement comme antérieur à une date",
    "disputed, see the conflicts helper": "contesté, voir la requête conflicts",
    "suspended": "suspendu",
    "observer": "observateur",
    "other": "autre",
    "in force": "en vigueur",
    "begins before": "commence avant",
    "before {date}": "avant {date}",
    "source": "source",
    "out": "sortant",
    "in": "entrant",
    "open": "ouverte",
    "treaty participation": "participation au traité",
    "treaty action": "acte relatif au traité",
    "total strength": "effectif total",
    "suspension": "suspension",
    "former membership": "ancienne adhésion",
    "event": "événement",
    "contingent": "contingent",
    "asserted": "affirmé",
    "inferred": "inféré",
    "acting": "par intérim",
    "de facto": "de facto",
    # messages of the command line
    "wrote {path}": "écrit : {path}",
    "wrote {path}: {rows} rows, {bars} bars, {markers} markers": "écrit : {path} : {rows} lignes, {bars} barres, {markers} repères",
    "wrote {path} ({size} bytes)": "écrit : {path} ({size} octets)",
    "No helper queries found.": "Aucune requête trouvée.",
    "default {value}": "par défaut {value}",
    "optional": "facultatif",
    "required": "obligatoire",
    "(cached result)": "(résultat en cache)",
    "asserted triples": "triplets affirmés",
    "inferred triples": "triplets inférés",
    "total triples": "total des triplets",
    "reasoning time": "durée du raisonnement",
    "findings": "constats",
    "ok": "ok",
    "{rows} row(s)": "{rows} ligne(s)",
    "consistent; all violation checks passed": "cohérent ; toutes les vérifications sont passées",
    # csto-kg query NAME --help
    "usage:": "usage :",
    "(no summary)": "(pas de résumé)",
    "parameters:": "paramètres :",
    "columns:": "colonnes :",
    "examples:": "exemples :",
    "e.g. {example}": "p. ex. {example}",
    "a date: YYYY, YYYY-MM or YYYY-MM-DD": "une date : AAAA, AAAA-MM ou AAAA-MM-JJ",
    "an IRI, a CURIE or a label in any language": "une IRI, une CURIE ou un libellé dans n'importe quelle langue",
    "boolean: given bare, true": "booléen : seul, vrai",
    "text": "texte",
    "a whole number": "un nombre entier",
    "options: --format table|csv|tsv|json, --wide, --lang en|fr|ru, --timeout SECONDS (see: csto-kg query --help)":
        "options : --format table|csv|tsv|json, --wide, --lang en|fr|ru, --timeout SECONDES (voir : csto-kg query --help)",
    # charts
    "{name}: members": "{name} : membres",
    "{name}: memberships and treaty participations": "{name} : adhésions et participations aux traités",
    "Source: csto-kg, from the French Wikipedia article on the CSTO and cross-checked public sources":
        "Source : csto-kg, d'après l'article de Wikipédia en français sur l'OTSC et des sources publiques recoupées",
    "Hatched: date known only to the year, month or as a bound; fading: open end.":
        "Hachures : date connue seulement à l'année, au mois ou comme borne ; dégradé : fin ouverte.",
    # web pages (csto_kg/web)
    'Index':
        'Index',
    'SPARQL query':
        'Requête SPARQL',
    'Ontology':
        'Ontologie',
    'Dataset (VoID)':
        'Jeu de données (VoID)',
    'Search by name':
        'Rechercher par nom',
    'Search':
        'Rechercher',
    'Language':
        'Langue',
    'Dates':
        'Dates',
    'Members and structure':
        'Membres et structure',
    'Places and languages':
        'Lieux et langues',
    'Description':
        'Description',
    'Identifiers and links':
        'Identifiants et liens',
    'Sources':
        'Sources',
    'Other facts':
        'Autres faits',
    'This description as:':
        'Cette description en :',
    'What it is':
        'Nature',
    'Members in force today':
        "Membres aujourd'hui",
    'Memberships in force today':
        "Adhésions en vigueur aujourd'hui",
    'Summary':
        'Résumé',
    'none':
        'aucun',
    'Names':
        'Noms',
    'Referenced by':
        'Cité par',
    '… and {count} more':
        '… et {count} autres',
    'inferred by OWL RL reasoning: why?':
        'inféré par le raisonnement OWL RL : pourquoi ?',
    'inferred by OWL RL reasoning':
        'inféré par le raisonnement OWL RL',
    'Mentioned in':
        'Mentionné dans',
    'in (document)':
        'dans',
    'csto-kg: the Collective Security Treaty Organization knowledge graph':
        "csto-kg : le graphe de connaissances de l'Organisation du traité de sécurité collective",
    'Resources by class (asserted and inferred types), with their number.':
        'Ressources par classe (types affirmés et inférés), avec leur nombre.',
    'Classes':
        'Classes',
    'Membership timeline':
        'Chronologie des adhésions',
    'Neighbourhood':
        'Voisinage',
    'graph of the entities linked to this one':
        'graphe des entités liées à celle-ci',
    'The entities one link away from this one (at most {limit}; literals, types, classes and external IRIs are left out) and the links among them, labelled by property (zoom in to read the labels). Solid grey: asserted; dashed orange: inferred by OWL RL reasoning. Click an entity to open its page.':
        'Les entités à un lien de celle-ci (au plus {limit} ; littéraux, types, classes et IRI externes exclus) et les liens entre elles, étiquetés par propriété (zoomez pour lire les étiquettes). Gris plein : affirmé ; orange pointillé : inféré par le raisonnement OWL RL. Cliquez sur une entité pour ouvrir sa page.',
    'csto-kg SPARQL query':
        'Requête SPARQL csto-kg',
    'Not found':
        'Introuvable',
    '{iri} is not in the graph.':
        "{iri} n'est pas dans le graphe.",
    '{count} results for “{query}”':
        '{count} résultats pour « {query} »',
    'Type a name in any language: accents and case do not matter.':
        "Tapez un nom dans n'importe quelle langue : accents et majuscules sont sans importance.",
    'checks':
        'contrôles',
    'checks: the {count} violation checks in one query, one UNION branch each; ?check names the check of a row.':
        "contrôles : les {count} contrôles de violations en une requête, une branche UNION chacun ; ?check nomme le contrôle d'une ligne.",
    'No rows: the data passes every check (csto-kg check runs the same queries).':
        'Aucune ligne : les données passent tous les contrôles (csto-kg check exécute les mêmes requêtes).',
}
