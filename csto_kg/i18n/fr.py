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
    "entity": "entité",
    "lacking": "manque",
    # words the helper queries write into their answers
    "an rdfs:label in French (@fr)": "un rdfs:label en français (@fr)",
    "an rdfs:label in English (@en)": "un rdfs:label en anglais (@en)",
    "labels that are all strings (rdf:langString or xsd:string)": "des libellés qui soient tous des chaînes (rdf:langString ou xsd:string)",
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
    "The entities linked to this one, most linked first, coloured by kind, and the links among them. Passages and source documents are not drawn: the number in an entity's circle is the number of passages it is derived from or mentioned in. Point at an entity to read its links; solid grey: asserted; dashed orange: inferred by OWL RL reasoning. Click an entity to open its page.":
        "Les entités liées à celle-ci, les plus liées d'abord, colorées selon leur type, et les liens entre elles. Les passages et les documents sources ne sont pas dessinés : le nombre dans le cercle d'une entité est le nombre de passages dont elle est tirée ou qui la mentionnent. Pointez une entité pour lire ses liens ; gris plein : affirmé ; orange pointillé : inféré par le raisonnement OWL RL. Cliquez sur une entité pour ouvrir sa page.",
    'Entities: {shown} of {total}; links: {links}.':
        'Entités : {shown} sur {total} ; liens : {links}.',
    'Show {count} more':
        'Afficher {count} de plus',
    '{label} ({kind}); passages: {passages}, source documents: {documents}; links: {links}':
        '{label} ({kind}) ; passages : {passages}, documents sources : {documents} ; liens : {links}',
    'The graph view could not be drawn: {error}':
        "La vue en graphe n'a pas pu être dessinée : {error}",
    'Legend':
        'Légende',
    'treaty or other instrument':
        'traité ou autre instrument',
    'person':
        'personne',
    'other entity':
        'autre entité',
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
    # the ontology's documentation (/ontology): pyLODE's headings and property names
    'Metadata':
        'Métadonnées',
    'Properties':
        'Propriétés',
    'Object Properties':
        "Propriétés d'objet",
    'Datatype Properties':
        'Propriétés de données',
    'Annotation Properties':
        "Propriétés d'annotation",
    'Functional Properties':
        'Propriétés fonctionnelles',
    'Namespaces':
        'Espaces de noms',
    'Legend':
        'Légende',
    'Table of Contents':
        'Table des matières',
    'Title':
        'Titre',
    'Description':
        'Description',
    'Date Created':
        'Date de création',
    'Date Modified':
        'Date de modification',
    'License':
        'Licence',
    'Version Iri':
        'IRI de version',
    'Version Info':
        'Version',
    'Preferred Namespace Prefix':
        "Préfixe d'espace de noms préféré",
    'Preferred Namespace Uri':
        "IRI d'espace de noms préféré",
    'Source':
        'Source',
    'Note':
        'Note',
    'Sub Class Of':
        'Sous-classe de',
    'Super Class Of':
        'Super-classe de',
    'In Domain Of':
        'Dans le domaine de',
    'In Range Of':
        "Dans l'image de",
    'Sub Property Of':
        'Sous-propriété de',
    'Super Property Of':
        'Super-propriété de',
    'Domain':
        'Domaine',
    'Range':
        'Image',
    'Restriction':
        'Restriction',
    'Equivalentclass':
        'Classe équivalente',
    'Is Defined By':
        'Défini par',
    'Has Instance':
        'A pour instance',
    'Example':
        'Exemple',
    'OWL/RDFS Class':
        'Classe OWL/RDFS',
    'RDF Property':
        'Propriété RDF',
    'OWL Object Property':
        "Propriété d'objet OWL",
    'OWL Datatype Property':
        'Propriété de données OWL',
    'OWL Annotation Property':
        "Propriété d'annotation OWL",
    'OWL Functional Property':
        'Propriété fonctionnelle OWL',
    # the explanation of a triple (/explain, csto-kg explain) and the OWL 2 RL rules it names
    'Why: {triple}':
        'Pourquoi : {triple}',
    'W3C rule tables':
        'tables de règles du W3C',
    'The proof found by a backward search over the graph with the OWL 2 RL rules (rule ids of the {tables}), down to the asserted triples: where each is written and the passages of the sources it derives from.':
        "La preuve trouvée par une recherche à rebours dans le graphe avec les règles OWL 2 RL (identifiants des {tables}), jusqu'aux triplets affirmés : où chacun est écrit et les passages des sources dont il est tiré.",
    'Proof {n} of {count}':
        'Preuve {n} sur {count}',
    'Other proofs':
        'Autres preuves',
    'This explanation as {formats} (by {accept}: application/json, text/turtle); on the command line: {command}.':
        'Cette explication en {formats} (par {accept} : application/json, text/turtle) ; en ligne de commande : {command}.',
    'an asserted graph':
        'un graphe affirmé',
    'asserted in {where}':
        'affirmé dans {where}',
    'from {source}':
        'tiré de {source}',
    'inferred by {rule}: {description}, from:':
        'inféré par {rule} : {description}, à partir de :',
    'asserted at {places}':
        'affirmé en {places}',
    'passage {iri}: «{quote}»':
        'passage {iri} : « {quote} »',
    'by {rule}: {description}':
        'par {rule} : {description}',
    'by {rule}':
        'par {rule}',
    'Finding {number}: {finding}':
        'Constat {number} : {finding}',
    'axiom: {axiom}':
        'axiome : {axiom}',
    '(no explanation of this kind of finding: its triples are not known to csto-kg explain)':
        "(pas d'explication pour ce genre de constat : ses triplets sont inconnus de csto-kg explain)",
    'the axiom':
        "l'axiome",
    'the triples that clash':
        'les triplets en conflit',
    'domain of a property':
        "domaine d'une propriété",
    'range of a property':
        "image d'une propriété",
    'functional property':
        'propriété fonctionnelle',
    'inverse-functional property':
        'propriété fonctionnelle inverse',
    'symmetric property':
        'propriété symétrique',
    'transitive property':
        'propriété transitive',
    'sub-property':
        'sous-propriété',
    'property chain':
        'chaîne de propriétés',
    'equivalent property':
        'propriété équivalente',
    'equivalent property (the other way)':
        "propriété équivalente (dans l'autre sens)",
    'inverse property':
        'propriété inverse',
    'inverse property (the other way)':
        "propriété inverse (dans l'autre sens)",
    'key of a class (owlrl compares all key values but the last)':
        "clé d'une classe (owlrl compare toutes les valeurs de la clé sauf la dernière)",
    'hasValue restriction: members have the value':
        'restriction hasValue : les membres ont la valeur',
    'hasValue restriction: having the value makes a member':
        'restriction hasValue : avoir la valeur fait un membre',
    'someValuesFrom restriction':
        'restriction someValuesFrom',
    'someValuesFrom owl:Thing restriction':
        'restriction someValuesFrom owl:Thing',
    'allValuesFrom restriction':
        'restriction allValuesFrom',
    'intersection: member of every class':
        'intersection : membre de chaque classe',
    'intersection: member of each class':
        'intersection : membre de chacune des classes',
    'union of classes':
        'union de classes',
    'enumerated class (oneOf)':
        'classe énumérée (oneOf)',
    'max cardinality 1':
        'cardinalité maximale 1',
    'max qualified cardinality 1':
        'cardinalité qualifiée maximale 1',
    'max qualified cardinality 1 (owl:Thing)':
        'cardinalité qualifiée maximale 1 (owl:Thing)',
    'sub-class':
        'sous-classe',
    'equivalent class':
        'classe équivalente',
    'equivalent class (the other way)':
        "classe équivalente (dans l'autre sens)",
    'everything is the same as itself':
        'toute chose est identique à elle-même',
    'owl:sameAs is symmetric':
        'owl:sameAs est symétrique',
    'owl:sameAs is transitive':
        'owl:sameAs est transitive',
    'same subject':
        'même sujet',
    'same predicate':
        'même prédicat',
    'same object':
        'même objet',
    'every class is its own sub-class, above owl:Nothing and below owl:Thing':
        'toute classe est sa propre sous-classe, au-dessus de owl:Nothing et sous owl:Thing',
    'sub-class of a sub-class':
        "sous-classe d'une sous-classe",
    'equivalent classes are sub-classes':
        "des classes équivalentes sont sous-classes l'une de l'autre",
    'mutual sub-classes are equivalent':
        'des sous-classes mutuelles sont équivalentes',
    'every object property is its own sub-property':
        "toute propriété d'objet est sa propre sous-propriété",
    'every datatype property is its own sub-property':
        'toute propriété de données est sa propre sous-propriété',
    'sub-property of a sub-property':
        "sous-propriété d'une sous-propriété",
    'equivalent properties are sub-properties':
        "des propriétés équivalentes sont sous-propriétés l'une de l'autre",
    'mutual sub-properties are equivalent':
        'des sous-propriétés mutuelles sont équivalentes',
    'domain, widened to a super-class':
        'domaine, élargi à une super-classe',
    'domain of a super-property':
        "domaine d'une super-propriété",
    'range, widened to a super-class':
        'image, élargie à une super-classe',
    'range of a super-property':
        "image d'une super-propriété",
    'hasValue restrictions on sub-properties':
        'restrictions hasValue sur des sous-propriétés',
    'someValuesFrom restrictions on sub-classes':
        'restrictions someValuesFrom sur des sous-classes',
    'someValuesFrom restrictions on sub-properties':
        'restrictions someValuesFrom sur des sous-propriétés',
    'allValuesFrom restrictions on sub-classes':
        'restrictions allValuesFrom sur des sous-classes',
    'allValuesFrom restrictions on sub-properties':
        'restrictions allValuesFrom sur des sous-propriétés',
    'an intersection is a sub-class of each class':
        'une intersection est sous-classe de chaque classe',
    'each class is a sub-class of a union':
        "chaque classe est sous-classe d'une union",
    'owlrl one-time rule: owl:Thing is a class':
        "règle unique d'owlrl : owl:Thing est une classe",
    'owlrl one-time rule: owl:Nothing is a class':
        "règle unique d'owlrl : owl:Nothing est une classe",
    'owlrl one-time rule: the annotation properties':
        "règle unique d'owlrl : les propriétés d'annotation",
    'owlrl one-time rule: the OWL 2 RL datatypes are datatypes':
        "règle unique d'owlrl : les types de données OWL 2 RL sont des types de données",
    'owlrl one-time rule: a literal is a member of its datatype':
        "règle unique d'owlrl : un littéral appartient à son type de données",
    'owlrl one-time rule: a member of a datatype is a member of the wider ones':
        "règle unique d'owlrl : un membre d'un type de données appartient aux types plus larges",
    'owlrl one-time rule: disjoint datatypes':
        "règle unique d'owlrl : types de données disjoints",
    'owlrl one-time rule: the same as a member of a datatype, taken for a datatype':
        "règle unique d'owlrl : identique à un membre d'un type de données, pris pour un type de données",
}
