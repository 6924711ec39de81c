"""Fact coverage: one row per fact of the source document (and some of the cross-check).

Each row of FACTS is (id, where the fact stands in the source, a SPARQL SELECT over
the reasoned graph, the exact expected answer set, the passages of the source the
row covers). Answers are compared as exact sets of tuples of strings: literals by
their lexical form (labels in English unless the row says otherwise), IRIs in
full, an unbound variable as "".

The expected answers are what the source says; where the graph models a fact in a
particular way (a treaty participation for the CST, an observer role, ...) the
query follows the model. `test_every_source_passage_is_covered` checks that the
rows together cover every `csto:Passage` of `kg:doc-source`, and
`test_row_passages_are_linked` that each passage a row claims is really tied to
that row (named in the query, or mentioning / being the source of a resource the
query names).

Dates: POS below reads an instant's position at whatever precision it has
(day, month or year), so the answers show the source's precision.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import pytest

from conftest import answer_set

KG = "https://w3id.org/csto-kg/id/"
TIME = "http://www.w3.org/2006/time#"
POS = "(time:inXSDDate|time:inXSDgYearMonth|time:inXSDgYear)"


def en(var: str, node: str) -> str:
    """Bind ``?var`` to the English rdfs:label of ``node``."""
    return f'{node} rdfs:label ?{var} . FILTER(LANG(?{var}) = "en")'


@dataclass(frozen=True)
class Fact:
    id: str
    where: str
    query: str
    expected: frozenset
    covers: frozenset


def fact(id_, where, query, expected, covers):
    return Fact(id_, where, query, frozenset(tuple(row) for row in expected),
                frozenset(covers.split()))


SIX = ["Armenia", "Belarus", "Kazakhstan", "Kyrgyzstan", "Russia", "Tajikistan"]


def signatory_row(state: str) -> Fact:
    """List 'États signataires': '<State> (1992), État membre fondateur'."""
    begin = {"Belarus": "1992"}.get(state, "1992-05-15")
    return fact(
        f"signatory-{state}", f"list 'États signataires', {state}",
        f"""SELECT ?role ?start ?end WHERE {{
              ?p csto:party kg:{state} ; csto:partyTo kg:CST ; csto:partyRole ?r ;
                 csto:during ?i ; prov:wasDerivedFrom kg:sig-{state} .
              {en('role', '?r')}
              ?i time:hasBeginning/{POS} ?start .
              OPTIONAL {{ ?i time:hasEnd/{POS} ?end }} }}""",
        [("founding member", begin, "")], f"sig-{state}")


def table_row(state: str, where: str, expected) -> Fact:
    """Every claim a row of the country table supports: memberships, participations,
    treaty actions (each with role/kind, start and end) and non-ratification."""
    passage = f"row-{state}"
    return fact(
        f"table-{state}", f"country table, row {where}",
        f"""SELECT ?kind ?thing ?role ?start ?end WHERE {{
          {{ ?c a csto:Membership ; org:member kg:{state} ; org:organization ?t ; org:role ?r ;
                org:memberDuring ?i ; prov:wasDerivedFrom kg:{passage} .
             OPTIONAL {{ ?i time:hasBeginning/{POS} ?start }}
             OPTIONAL {{ ?i time:hasEnd/{POS} ?end }}
             {en('role', '?r')} BIND("membership" AS ?kind) }}
          UNION
          {{ ?c a csto:TreatyParticipation ; csto:party kg:{state} ; csto:partyTo ?t ;
                csto:partyRole ?r ; csto:during ?i ; prov:wasDerivedFrom kg:{passage} .
             OPTIONAL {{ ?i time:hasBeginning/{POS} ?start }}
             OPTIONAL {{ ?i time:hasEnd/{POS} ?end }}
             {en('role', '?r')} BIND("participation" AS ?kind) }}
          UNION
          {{ ?c a csto:SuspensionPeriod ; csto:statusHolder kg:{state} ; csto:statusIn ?t ;
                csto:statusRole ?r ; csto:statusDuring ?i ; prov:wasDerivedFrom kg:{passage} .
             OPTIONAL {{ ?i time:hasBeginning/{POS} ?start }}
             OPTIONAL {{ ?i time:hasEnd/{POS} ?end }}
             {en('role', '?r')} BIND("suspension" AS ?kind) }}
          UNION
          {{ ?c a csto:TreatyAction ; csto:actor kg:{state} ; csto:instrument ?t ;
                csto:actionKind ?r ; prov:wasDerivedFrom kg:{passage} .
             OPTIONAL {{ ?c csto:onDate/{POS} ?start }}
             {en('role', '?r')} BIND("action" AS ?kind) }}
          UNION
          {{ kg:{state} csto:hasNotRatified ?t . kg:{passage} csto:mentions kg:{state} .
             BIND("not ratified" AS ?kind) }}
          {en('thing', '?t')}
        }}""",
        expected, passage)


CIS = "Commonwealth of Independent States"
CSTO_ = "Collective Security Treaty Organization"
EURASEC = "Eurasian Economic Community"
CST = "Collective Security Treaty"


def founding_row(state, where, cis=("member", "", "")):
    """Rows of the five founding states that ratified on 15 May 1992."""
    return table_row(state, where, [
        ("membership", CIS, *cis),
        ("membership", CSTO_, "founding member", "2002-10-07", ""),
        ("membership", EURASEC, "founding member", "2000", "2015"),
        ("action", CST, "ratification", "1992-05-15", ""),
        ("participation", CST, "founding member", "1992-05-15", ""),
    ])


FACTS: list[Fact] = [
    # ------------------------------------------------------------------ news article
    fact("news-armenian-soldiers", "article, title",
         f"""SELECT ?state ?n ?approx ?org ?host WHERE {{
               ?c csto:contingentOf ?i ; csto:contributingState ?s ; csto:troopCount ?n ;
                  csto:approximation ?a ; prov:wasDerivedFrom kg:p-title .
               ?i csto:intervenor ?o ; csto:hostState ?h .
               {en('state', '?s')} {en('approx', '?a')} {en('org', '?o')} {en('host', '?h')} }}""",
         [("Armenia", "100", "as given", CSTO_, "Kazakhstan")], "p-title"),
    fact("news-csto-interventions", "article, title",
         f"""SELECT ?host ?start ?end WHERE {{
               ?i a csto:Intervention ; csto:intervenor kg:CSTO ; csto:hostState ?h ; csto:during ?d .
               ?d time:hasBeginning/{POS} ?start . ?d time:hasEnd/{POS} ?end . {en('host', '?h')} }}""",
         [("Kazakhstan", "2022-01-06", "2022-01-19")], "p-title"),
    fact("news-terrorist-attack", "article, lead",
         f"""SELECT ?speaker ?quote ?about WHERE {{
               ?st a csto:Statement ; csto:speaker ?sp ; csto:quote ?quote ; csto:about ?ab ;
                   prov:wasDerivedFrom kg:p-tokayev-says .
               {en('speaker', '?sp')} {en('about', '?ab')} }}""",
         [("Kassym-Jomart Tokayev", "le Kazakhstan était confronté à une attaque terroriste",
           "Mini-revolt in Kazakhstan, January 2022")], "p-tokayev-says"),
    fact("news-tokayev-post", "article, lead and paragraph 1 ('le chef de l'État kazakhstanais')",
         f"""SELECT ?post ?in WHERE {{ kg:Tokayev org:holds ?p . ?p csto:postIn ?s .
               {en('post', '?p')} {en('in', '?s')} }}""",
         [("President of Kazakhstan", "Kazakhstan")], "p-tokayev-says p-friday"),
    fact("news-rioters-killed", "article, paragraph 1",
         f"""SELECT ?n ?group ?kind ?place ?date ?by WHERE {{
               ?c a csto:CasualtyCount ; csto:count ?n ; csto:casualtyGroup ?group ; csto:casualtyKind ?kind ;
                  csto:place ?pl ; csto:onDate/time:inXSDDate ?date ; csto:reportedBy ?rb ;
                  csto:casualtiesOf kg:Unrest-Kazakhstan-2022 ; prov:wasDerivedFrom kg:p-friday .
               FILTER(LANG(?group) = "fr" && LANG(?kind) = "fr" && ?group = "émeutiers"@fr)
               {en('place', '?pl')} {en('by', '?rb')} }}""",
         [("26", "émeutiers", "« liquidés »", "Almaty", "2022-01-06", "Kazakh authorities")], "p-friday"),
    fact("news-police-killed", "article, paragraph 1",
         f"""SELECT ?n ?group ?kind ?place ?date ?by WHERE {{
               ?c a csto:CasualtyCount ; csto:count ?n ; csto:casualtyGroup ?group ; csto:casualtyKind ?kind ;
                  csto:place ?pl ; csto:onDate/time:inXSDDate ?date ; csto:reportedBy ?rb ;
                  csto:casualtiesOf kg:Unrest-Kazakhstan-2022 ; prov:wasDerivedFrom kg:p-friday .
               FILTER(LANG(?group) = "en" && LANG(?kind) = "en" && ?group = "police officers"@en)
               {en('place', '?pl')} {en('by', '?rb')} }}""",
         [("18", "police officers", "killed", "Almaty", "2022-01-06", "Kazakh authorities")], "p-friday"),
    fact("news-martial-speech", "article, paragraph 1",
         f"""SELECT ?date ?day ?quote WHERE {{
               kg:st-tokayev-speech csto:speaker kg:Tokayev ; csto:onDate ?t ; csto:quote ?quote .
               ?t time:inXSDDate ?date ; time:dayOfWeek ?day }}""",
         [("2022-01-07", TIME + "Friday", "des bandits et des terroristes")], "p-friday"),
    fact("news-shoot-to-kill", "article, paragraph 1",
         f"""SELECT ?speaker ?addressee ?quote ?date ?partOf WHERE {{
               ?o a csto:Order ; csto:speaker ?s ; csto:addressee ?a ; csto:quote ?quote ;
                  csto:onDate/time:inXSDDate ?date ; csto:partOfEvent ?e ; prov:wasDerivedFrom kg:p-friday .
               {en('speaker', '?s')} {en('addressee', '?a')} {en('partOf', '?e')} }}""",
         [("Kassym-Jomart Tokayev", "Kazakh police", "ouvrir le feu sur eux pour tuer, sans sommation",
           "2022-01-07", "Tokayev's martial speech against 'bandits and terrorists'")], "p-friday"),
    fact("news-protests-began-sunday-in-west", "article, paragraphs 2 and 3",
         f"""SELECT ?date ?day ?startPlace ?country WHERE {{
               kg:Protests-Kazakhstan-2022 csto:during/time:hasBeginning ?b ; csto:startPlace ?sp ; csto:place ?c .
               ?b time:inXSDDate ?date ; time:dayOfWeek ?day .
               ?sp csto:locatedIn ?c . {en('startPlace', '?sp')} {en('country', '?c')} }}""",
         [("2022-01-02", TIME + "Sunday", "western Kazakhstan (oil-producing)", "Kazakhstan")],
         "p-malaise p-west"),
    fact("news-protest-causes", "article, paragraphs 2 and 3",
         f"""SELECT ?cause WHERE {{ kg:Protests-Kazakhstan-2022 csto:cause ?c . {en('cause', '?c')} }}""",
         [("Doubling of the price of liquefied petroleum gas",), ("Great socio-economic malaise",)],
         "p-malaise p-west"),
    fact("news-lpg-vehicle-fuel", "article, paragraph 3",
         f"""SELECT ?d WHERE {{ kg:Protests-Kazakhstan-2022 csto:cause ?c . ?c dcterms:description ?d FILTER(LANG(?d) = "fr") }}""",
         [("Un carburant pour véhicules très utilisé dans cette partie de l'ex-république soviétique.",)],
         "p-west"),
    fact("news-opposition-explanation", "article, paragraph 2",
         f"""SELECT ?speaker ?about ?cause ?causeAbout WHERE {{
               ?st csto:speaker ?s ; csto:about ?a ; csto:cause ?c ; prov:wasDerivedFrom kg:p-malaise .
               ?c csto:about ?ca .
               {en('speaker', '?s')} {en('about', '?a')} {en('cause', '?c')} {en('causeAbout', '?ca')} }}""",
         [("Kazakh opposition", "Great socio-economic malaise", "Bad governance of the ruling circles",
           "Kazakhstan's ruling circles")], "p-malaise"),
    fact("news-spread-to-mini-revolt", "article, paragraph 3",
         f"""SELECT ?into ?place ?desc WHERE {{
               kg:Protests-Kazakhstan-2022 csto:escalatedInto ?u ; dcterms:description ?desc .
               ?u a csto:Unrest ; csto:place ?p . FILTER(LANG(?desc) = "fr")
               {en('into', '?u')} {en('place', '?p')} }}""",
         [("Mini-revolt in Kazakhstan, January 2022", "Kazakhstan",
           "Commencées dans l'ouest pétrolier du pays, avant de s'étendre partout sur son immense "
           "territoire et muter vers une mini-révolte.")], "p-west"),
    fact("news-order-largely-restored", "article, last line",
         f"""SELECT ?speaker ?quote WHERE {{
               ?st csto:speaker ?s ; csto:quote ?quote ; prov:wasDerivedFrom kg:p-restored . {en('speaker', '?s')} }}""",
         [("Kassym-Jomart Tokayev", "largement rétabli")], "p-restored"),

    # ------------------------------------------------------------------ introduction, infobox
    fact("intro-founded", "introduction; infobox 'Création'",
         f"""SELECT ?date WHERE {{ kg:CSTO csto:foundedOn/time:inXSDDate ?date }}""",
         [("2002-10-07",)], "p-intro ib-creation"),
    fact("intro-founding-event-sources", "introduction; infobox 'Création'",
         """SELECT ?p WHERE { ?e csto:founds kg:CSTO ; prov:wasDerivedFrom ?p }""",
         [(KG + "p-intro",), (KG + "ib-creation",)], "p-intro ib-creation"),
    fact("intro-members", "introduction ('Elle regroupe ...')",
         f"""SELECT ?state ?role ?start WHERE {{
               ?m org:organization kg:CSTO ; org:member ?s ; org:role ?r ; prov:wasDerivedFrom kg:p-intro ;
                  org:memberDuring/time:hasBeginning/time:inXSDDate ?start .
               {en('state', '?s')} {en('role', '?r')} }}""",
         [(s, "founding member", "2002-10-07") for s in SIX], "p-intro"),
    fact("intro-russian-name", "introduction ('russe : ...')",
         """SELECT ?name WHERE { kg:CSTO rdfs:label|skos:altLabel ?name FILTER(LANG(?name) = "ru") }""",
         [("Организация Договора о коллективной безопасности",), ("ОДКБ",)], "p-intro"),
    fact("intro-politico-military", "introduction ('à vocation politico-militaire')",
         """SELECT ?n WHERE { kg:CSTO csto:note ?n FILTER(LANG(?n) = "fr") }""",
         [("Organisation à vocation politico-militaire.",)], "p-intro"),
    fact("infobox-type", "infobox 'Type'",
         f"""SELECT ?type WHERE {{ kg:CSTO a ?c . FILTER(STRSTARTS(STR(?c), STR(csto:))) {en('type', '?c')} }}""",
         [("organization",), ("international organization",), ("military alliance",)], "ib-type"),
    fact("infobox-seat", "infobox 'Siège'",
         f"""SELECT ?city ?located WHERE {{ kg:CSTO csto:headquarters ?c . {en('city', '?c')}
               BIND(EXISTS {{ ?c csto:locatedIn ?anywhere }} AS ?located) }}""",
         [("Moscow", "false")], "ib-seat"),
    fact("infobox-languages", "infobox 'Langue'",
         f"""SELECT ?lang WHERE {{ kg:CSTO csto:officialLanguage ?l . ?l rdfs:label ?lang FILTER(LANG(?lang) = "fr") }}""",
         [("russe",), ("arménien",), ("biélorusse",), ("kazakh",), ("kirghize",), ("tadjik",)], "ib-languages"),
    fact("infobox-budget", "infobox 'Budget'",
         """SELECT ?b WHERE { kg:CSTO csto:budgetStatus ?b }""",
         [("En préparation",), ("In preparation",)], "ib-budget"),
    fact("infobox-members", "infobox 'Membres'",
         f"""SELECT ?state WHERE {{ ?m org:organization kg:CSTO ; org:member ?s ; prov:wasDerivedFrom kg:ib-members .
               {en('state', '?s')} }}""",
         [(s,) for s in SIX], "ib-members"),
    fact("infobox-secretary-general", "infobox 'Secrétaire général'",
         f"""SELECT ?holder ?post ?start ?end WHERE {{
               ?t csto:holder ?h ; csto:post ?p ; csto:during ?i ; prov:wasDerivedFrom kg:ib-secgen .
               ?i time:hasBeginning/{POS} ?start . OPTIONAL {{ ?i time:hasEnd/{POS} ?end }}
               {en('holder', '?h')} {en('post', '?p')} }}""",
         [("Stanislav Zas", "Secretary General of the CSTO", "2020", "")], "ib-secgen"),
    fact("infobox-sargsyan-de-facto-head", "infobox 'Personnes clés'",
         f"""SELECT ?post ?org ?start ?end ?deFacto WHERE {{
               ?t csto:holder kg:Sargsyan ; csto:post ?p ; csto:deFacto ?deFacto ; csto:during ?i .
               ?p csto:postIn ?o . ?i time:hasBeginning/{POS} ?start ; time:hasEnd/{POS} ?end .
               {en('post', '?p')} {en('org', '?o')} }}""",
         [("Head of the CSTO", CSTO_, "2008-09-05", "2018-05-08", "true")], "ib-keypeople"),
    fact("infobox-sargsyan-posts", "infobox 'Personnes clés' ('ancien président de l'Arménie')",
         f"""SELECT ?post ?nationality WHERE {{ kg:Sargsyan org:holds ?p ; csto:nationality ?n .
               {en('post', '?p')} {en('nationality', '?n')} }}""",
         [("Head of the CSTO", "Armenia"), ("President of Armenia", "Armenia")], "ib-keypeople"),
    fact("infobox-affiliated", "infobox 'Organisations affiliées'",
         f"""SELECT ?org WHERE {{ kg:CSTO csto:affiliatedWith ?o . {en('org', '?o')} }}""",
         [(CIS,), (EURASEC,)], "ib-affiliated"),
    fact("infobox-affiliated-symmetric", "infobox 'Organisations affiliées'",
         f"""SELECT ?a ?b WHERE {{ VALUES ?x {{ kg:CIS kg:EurAsEC }} ?x csto:affiliatedWith ?y .
               {en('a', '?x')} {en('b', '?y')} }}""",
         [(CIS, CSTO_), (EURASEC, CSTO_)], "ib-affiliated"),

    # ------------------------------------------------------------------ signatory states
    *[signatory_row(s) for s in SIX],
    fact("signatory-armed-forces", "list 'États signataires' (armed forces)",
         """SELECT ?state ?forces ?passage WHERE { ?f csto:armedForcesOf ?s . ?s csto:isPartyTo kg:CST ;
               rdfs:label ?state . ?f rdfs:label ?forces .
               FILTER(LANG(?state) = "fr" && LANG(?forces) = "fr")
               ?passage csto:mentions ?f , ?s ; dcterms:isPartOf kg:doc-source }""",
         [("Arménie", "Armée arménienne", KG + "sig-Armenia"),
          ("Biélorussie", "Forces armées biélorusses", KG + "sig-Belarus"),
          ("Kazakhstan", "Forces armées kazakhes", KG + "sig-Kazakhstan"),
          ("Kirghizistan", "Forces armées kirghizes", KG + "sig-Kyrgyzstan"),
          ("Russie", "Forces armées de la Fédération de Russie", KG + "sig-Russia"),
          ("Tadjikistan", "Forces armées tadjikes", KG + "sig-Tajikistan")],
         "sig-Armenia sig-Belarus sig-Kazakhstan sig-Kyrgyzstan sig-Russia sig-Tajikistan"),

    # ------------------------------------------------------------------ Serbia
    fact("serbia-pa-observer", "list 'États observateurs à l'assemblée parlementaire'",
         f"""SELECT ?org ?parent ?role ?start WHERE {{
               ?m org:member kg:Serbia ; org:organization ?o ; org:role ?r ;
                  org:memberDuring/time:hasBeginning/{POS} ?start ; prov:wasDerivedFrom kg:obs-Serbia .
               ?o csto:organOf ?pa . {en('org', '?o')} {en('parent', '?pa')} {en('role', '?r')} }}""",
         [("CSTO Parliamentary Assembly", CSTO_, "observer", "2013")], "obs-Serbia"),
    fact("serbia-outside-cis", "list 'États observateurs à l'assemblée parlementaire' ('hors CEI')",
         f"""SELECT ?org WHERE {{ kg:Serbia csto:notMemberOf ?o . {en('org', '?o')} }}""",
         [(CIS,)], "obs-Serbia"),
    fact("xc-pa-observers", "cross-check: observers in the Parliamentary Assembly",
         f"""SELECT ?state ?start WHERE {{
               ?m org:organization kg:CSTO-ParliamentaryAssembly ; org:member ?s ; org:role ?r ;
                  org:memberDuring/time:hasBeginning/{POS} ?start .
               ?r rdfs:label "observer"@en . {en('state', '?s')} }}""",
         [("Serbia", "2013"), ("Afghanistan", "2013")], "obs-Serbia"),

    # ------------------------------------------------------------------ former signatories
    fact("former-azerbaijan-cst", "list 'Anciens États signataires', Azerbaïdjan",
         f"""SELECT ?role ?start ?end WHERE {{
               ?p csto:party kg:Azerbaijan ; csto:partyTo kg:CST ; csto:partyRole ?r ; csto:during ?i ;
                  prov:wasDerivedFrom kg:former-Azerbaijan .
               ?i time:hasBeginning/{POS} ?start ; time:hasEnd/{POS} ?end . {en('role', '?r')} }}""",
         [("member", "1992", "1999")], "former-Azerbaijan"),
    fact("former-azerbaijan-guam", "list 'Anciens États signataires', Azerbaïdjan ('membre du GUAM depuis 1997')",
         f"""SELECT ?role ?start ?end WHERE {{
               ?m org:member kg:Azerbaijan ; org:organization kg:GUAM ; org:role ?r ; org:memberDuring ?i ;
                  prov:wasDerivedFrom kg:former-Azerbaijan .
               ?i time:hasBeginning/{POS} ?start . OPTIONAL {{ ?i time:hasEnd/{POS} ?end }} {en('role', '?r')} }}""",
         [("founding member", "1997-10-10", "")], "former-Azerbaijan"),
    fact("former-georgia-cst", "list 'Anciens États signataires', Géorgie",
         f"""SELECT ?role ?start ?end WHERE {{
               ?p csto:party kg:Georgia ; csto:partyTo kg:CST ; csto:partyRole ?r ; csto:during ?i ;
                  prov:wasDerivedFrom kg:former-Georgia .
               ?i time:hasBeginning/{POS} ?start ; time:hasEnd/{POS} ?end . {en('role', '?r')} }}""",
         [("member", "1993-12-09", "1999")], "former-Georgia"),
    fact("former-georgia-guam", "list 'Anciens États signataires', Géorgie ('membre du GUAM depuis 1997')",
         f"""SELECT ?role ?start ?end WHERE {{
               ?m org:member kg:Georgia ; org:organization kg:GUAM ; org:role ?r ; org:memberDuring ?i ;
                  prov:wasDerivedFrom kg:former-Georgia .
               ?i time:hasBeginning/{POS} ?start . OPTIONAL {{ ?i time:hasEnd/{POS} ?end }} {en('role', '?r')} }}""",
         [("founding member", "1997-10-10", "")], "former-Georgia"),
    fact("former-georgia-nato", "list 'Anciens États signataires', Géorgie ('négocie son entrée à l'OTAN')",
         f"""SELECT ?org WHERE {{ kg:Georgia csto:negotiatingAccessionTo ?o . {en('org', '?o')} }}""",
         [("North Atlantic Treaty Organization",)], "former-Georgia"),
    fact("former-uzbekistan-cst", "list 'Anciens États signataires', Ouzbékistan",
         f"""SELECT ?role ?start ?end WHERE {{
               ?p csto:party kg:Uzbekistan ; csto:partyTo kg:CST ; csto:partyRole ?r ; csto:during ?i ;
                  prov:wasDerivedFrom kg:former-Uzbekistan .
               ?i time:hasBeginning/{POS} ?start ; time:hasEnd/{POS} ?end . {en('role', '?r')} }}""",
         [("founding member", "1992-05-15", "1999")], "former-Uzbekistan"),
    fact("former-uzbekistan-guam-and-csto", "list 'Anciens États signataires', Ouzbékistan",
         f"""SELECT ?org ?role ?start ?end WHERE {{
               ?m a csto:Membership ; org:member kg:Uzbekistan ; org:organization ?o ; org:role ?r ;
                  org:memberDuring ?i ; prov:wasDerivedFrom kg:former-Uzbekistan .
               ?i time:hasBeginning/{POS} ?start ; time:hasEnd/{POS} ?end . {en('org', '?o')} {en('role', '?r')} }}""",
         [("GUAM Organization for Democracy and Economic Development", "member", "1999-04-24", "2005-05"),
          (CSTO_, "member", "2006", "2012")], "former-Uzbekistan"),
    fact("former-uzbekistan-after-2012", "list 'Anciens États signataires', Ouzbékistan (a former member after 2012)",
         f"""SELECT ?class ?org ?role ?start ?end WHERE {{
               ?s a csto:FormerMembership ; csto:statusHolder kg:Uzbekistan ; csto:statusIn ?o ; csto:statusRole ?r ;
                  csto:statusDuring ?i ; prov:wasDerivedFrom kg:former-Uzbekistan .
               BIND(IF(EXISTS {{ ?s a org:Membership }}, "org:Membership", "not an org:Membership") AS ?class)
               ?i time:hasBeginning/{POS} ?start . OPTIONAL {{ ?i time:hasEnd/{POS} ?end }}
               {en('org', '?o')} {en('role', '?r')} }}""",
         [("not an org:Membership", CSTO_, "former member", "2012", "")], "former-Uzbekistan"),

    # ------------------------------------------------------------------ objectives, navigation box
    fact("objectives", "section 'Objectifs'",
         """SELECT ?n ?objective WHERE { kg:CSTO csto:objective ?o . ?o csto:listOrder ?n ; rdfs:label ?objective
               FILTER(LANG(?objective) = "fr") }""",
         [("1", "Garantir la sécurité collective des États membres de la CEI"),
          ("2", "Coopération militaire entre les États membres"),
          ("3", "Défendre la souveraineté, l'indépendance et l'intégrité territoriale des États membres"),
          ("4", "Maintenir la paix, la sécurité et la stabilité dans la région"),
          ("5", "Lutter contre le terrorisme"),
          ("6", "Lutter contre la prolifération d'armes de destruction massive"),
          ("7", "Lutter contre la criminalité transnationale")], "p-objectives"),
    fact("objectives-transnational-crime", "section 'Objectifs', last item (parenthesis)",
         """SELECT ?n ?sub WHERE { kg:CSTO csto:objective kg:obj-transnational-crime .
               ?o skos:broader kg:obj-transnational-crime ; csto:listOrder ?n ; rdfs:label ?sub
               FILTER(LANG(?sub) = "fr") }""",
         [("1", "Trafic d'êtres humains et immigration clandestine"), ("2", "Trafic d'armes et de narcotiques")],
         "p-objectives"),
    fact("navbox-major-military-alliances", "navigation box 'Les grandes alliances militaires'",
         """SELECT ?org WHERE { ?o csto:listedIn kg:MajorMilitaryAlliances ; rdfs:label ?org FILTER(LANG(?org) = "fr")
               kg:p-navbox csto:mentions ?o }""",
         [("Organisation du traité de l'Atlantique nord",),
          ("Organisation pour la sécurité et la coopération en Europe",),
          ("Organisation de coopération de Shanghai",), ("Organisation du traité de sécurité collective",),
          ("CPS",), ("Conseil de Défense de l'Amérique du Sud",)], "p-navbox"),
    fact("navbox-cps-named-as-the-source-names-it", "navigation box: 'CPS6', 6 a footnote mark",
         """SELECT ?o ?en ?fr WHERE { ?o csto:listedIn kg:MajorMilitaryAlliances ; rdfs:label ?en , ?fr
               FILTER(LANG(?en) = "en" && LANG(?fr) = "fr" && STRSTARTS(?en, "CPS")) kg:p-navbox csto:mentions ?o }""",
         [(KG + "CPS", "CPS", "CPS")], "p-navbox"),
    fact("navbox-classifies-nothing", "navigation box: being listed makes no organization a military alliance",
         """SELECT ?o WHERE { ?o csto:listedIn kg:MajorMilitaryAlliances ; a csto:MilitaryAlliance }""",
         [(KG + "CSTO",)], "p-navbox"),

    # ------------------------------------------------------------------ captions
    fact("caption-map", "infobox, map caption",
         """SELECT ?quote ?about WHERE { kg:cap-map csto:quote ?quote ; csto:mentions ?about }""",
         [("Carte des États membres.", KG + "CSTO")], "cap-map"),
    fact("caption-flag", "caption under the infobox: the CSTO's flag",
         """SELECT ?flag ?of WHERE { ?f a csto:Flag ; csto:flagOf ?o ; prov:wasDerivedFrom kg:cap-flag ;
               rdfs:label ?flag FILTER(LANG(?flag) = "fr") ?o rdfs:label ?of FILTER(LANG(?of) = "en") }""",
         [("Drapeau de l'Organisation du traité de sécurité collective", "Collective Security Treaty Organization")],
         "cap-flag"),
    fact("caption-dnepr-and-diagram", "captions of a Dnepr launch and of the December 2017 diagram of alliances (no fact)",
         """SELECT ?quote ?mentions WHERE { VALUES ?p { kg:cap-dnepr kg:cap-alliances-2017 }
               ?p csto:quote ?quote . BIND(EXISTS { ?p csto:mentions ?any } AS ?mentions) }""",
         [("Décollage d'un Dnepr.", "false"),
          ("Schéma des alliances inter-étatiques dans l'espace eurasiatique - décembre 2017", "false")],
         "cap-dnepr cap-alliances-2017"),
    fact("caption-leaders", "caption of the leaders' photo",
         """SELECT ?quote ?about WHERE { kg:cap-leaders csto:quote ?quote ; csto:mentions ?about }""",
         [("Les dirigeants des États membres de l'OTSC.", KG + "CSTO")], "cap-leaders"),
    fact("article-order-restoration", "article, paragraph 3 ('L'heure est au rétablissement de l'ordre')",
         """SELECT ?what ?about WHERE { ?e a csto:Event ; prov:wasDerivedFrom kg:p-order-time ; csto:about ?a ;
               rdfs:label ?what FILTER(LANG(?what) = "en") ?a rdfs:label ?about FILTER(LANG(?about) = "en") }""",
         [("Restoration of order in Kazakhstan, under way when the article was written", "Kazakhstan"),
          ("Restoration of order in Kazakhstan, under way when the article was written", "Mini-revolt in Kazakhstan, January 2022")],
         "p-order-time"),

    # ------------------------------------------------------------------ history: context
    fact("history-cis-founded", "history, item 1 (8 and 21 December 1991)",
         f"""SELECT ?instrument ?place ?date WHERE {{ kg:CIS csto:establishedBy ?t . OPTIONAL {{ ?t csto:concludedAt ?p }}
               ?t csto:concludedOn/time:inXSDDate ?date . {en('instrument', '?t')} BIND(COALESCE(STR(?p), "") AS ?place) }}""",
         [("Minsk (Belovezha) agreement", "", "1991-12-08"), ("Alma-Ata Protocol", "", "1991-12-21")],
         "h-cis"),
    fact("history-cis-founding-dates", "history, item 1",
         """SELECT ?date WHERE { kg:CIS csto:foundedOn/time:inXSDDate ?date }""",
         [("1991-12-08",), ("1991-12-21",)], "h-cis"),
    fact("history-1991-ussr-and-army", "history, paragraph 1 ('En 1991, à la chute de l'URSS ...')",
         f"""SELECT ?what ?year WHERE {{ VALUES ?x {{ kg:SovietUnion kg:SovietArmy }}
               ?x csto:dissolvedOn/time:inXSDgYear ?year . {en('what', '?x')} }}""",
         [("Soviet Union", "1991"), ("Soviet Army", "1991")], "h-1991"),
    fact("history-joint-command", "history, paragraph 1 ('un commandement militaire commun ...')",
         f"""SELECT ?organ ?of ?founded ?abolished WHERE {{
               kg:CIS-JointMilitaryCommand org:unitOf ?o ; csto:foundedOn/time:inXSDgYear ?founded ;
                  csto:dissolvedOn/time:inXSDgYear ?abolished .
               {en('organ', 'kg:CIS-JointMilitaryCommand')} {en('of', '?o')} }}""",
         [("CIS joint military command", CIS, "1991", "1993")], "h-command h-1993"),
    fact("history-1992-remnants", "history, paragraph 1 ('En 1992, les derniers reliquats ...')",
         f"""SELECT ?event ?year WHERE {{ ?e csto:about kg:SovietArmy ; csto:onDate/time:inXSDgYear ?year .
               {en('event', '?e')} }}""",
         [("The last remnants of the Soviet army in the independent republics are dissolved", "1992")], "h-1992"),
    fact("history-withdrawal-places", "history, paragraph 1 (forces withdrawn from 1992 to 1994)",
         f"""SELECT ?place ?start ?end WHERE {{ kg:Withdrawal-ExSovietForces a csto:ForceWithdrawal ; csto:place ?p ; csto:during ?i .
               ?i time:hasBeginning/time:inXSDgYear ?start ; time:hasEnd/time:inXSDgYear ?end .
               ?p rdfs:label ?place FILTER(LANG(?place) = "fr") }}""",
         [(p, "1992", "1994") for p in ("Allemagne orientale", "Hongrie", "Pologne", "Tchécoslovaquie", "Roumanie",
                                        "Bulgarie", "Lituanie", "Lettonie", "Estonie", "Mongolie", "Cuba")],
         "h-1992"),
    fact("history-former-states", "history, paragraph 1 (the fall of the USSR; the source does not say East Germany or Czechoslovakia no longer exist)",
         f"""SELECT ?state WHERE {{ {{ kg:Withdrawal-ExSovietForces csto:place ?s }}
               UNION {{ kg:SovietArmy csto:armedForcesOf ?s }} ?s a csto:FormerState . {en('state', '?s')} }}""",
         [("Soviet Union",)], "h-1992 h-1991"),
    fact("history-cst-signed", "history, paragraph 2 (15 May 1992, Tashkent, six CIS states)",
         f"""SELECT ?state ?date ?place WHERE {{ ?a csto:instrument kg:CST ; csto:actionKind csto:Signature ;
               csto:actor ?s ; csto:onDate/time:inXSDDate ?date ; csto:place ?p ; prov:wasDerivedFrom kg:h-cst .
               {en('state', '?s')} {en('place', '?p')} }}""",
         [(s, "1992-05-15", "Tashkent") for s in
          ("Armenia", "Kazakhstan", "Kyrgyzstan", "Uzbekistan", "Russia", "Tajikistan")], "h-cst"),
    fact("history-cst-names", "history, paragraph 2 ('TSC ou encore traité de Tachkent')",
         """SELECT ?name WHERE { kg:CST skos:altLabel ?name FILTER(LANG(?name) != "ru") }""",
         [("CST",), ("TSC",), ("Tashkent Treaty",), ("traité de Tachkent",)], "h-cst"),
    fact("history-cst-little-success", "history, paragraph 2 ('il ne remporte pas un réel succès')",
         """SELECT ?n WHERE { kg:CST csto:note ?n FILTER(LANG(?n) = "en" && CONTAINS(?n, "success")) }""",
         [("It did not meet with real success: it did not win the unanimity of the CIS members.",)],
         "h-success"),
    fact("history-russia-military-potential", "history, paragraph 3 ('la Russie continue à disposer d'un potentiel militaire')",
         f"""SELECT ?entity WHERE {{ kg:h-potential csto:mentions ?e . {en('entity', '?e')} }}""",
         [("Russia",), ("Soviet Union",)], "h-potential"),
    fact("history-cst-cis-content", "history, paragraph 4 ('le TSC regroupe presque l'ensemble ...')",
         """SELECT ?n WHERE { kg:CST csto:note ?n FILTER(LANG(?n) = "en" && CONTAINS(?n, "peacekeeping")) }""",
         [("From 1993 it gathers almost all of the CIS's politico-military content, except the CIS "
           "peacekeeping missions under way.",)], "h-content"),
    fact("history-security-zones", "history, paragraph 4 (Moscow proposes four security zones)",
         f"""SELECT ?proposal ?speaker WHERE {{ ?p a csto:Proposal ; csto:about kg:CIS ; prov:wasDerivedFrom kg:h-zones .
               {en('proposal', '?p')} OPTIONAL {{ ?p csto:speaker ?s . {en('speaker', '?s')} }} }}""",
         [("Moscow proposes four security zones on CIS territory", "Russia"),
          ("Proposals to coordinate the security services of the CIS members are relaunched", "")], "h-zones"),
    fact("history-cst-aim", "history, paragraph 4 ('Le but du TSC ...')",
         f"""SELECT ?aim WHERE {{ kg:CST csto:objective ?o . {en('aim', '?o')} }}""",
         [("Improve military integration within the CIS",)], "h-aim"),
    fact("history-cst-accessions", "history, paragraph 5 (Azerbaijan, Georgia, Belarus join)",
         f"""SELECT ?state ?date WHERE {{ ?a csto:instrument kg:CST ; csto:actionKind csto:Accession ; csto:actor ?s ;
               csto:onDate/time:inXSDDate ?date ; prov:wasDerivedFrom kg:h-joins . {en('state', '?s')} }}""",
         [("Azerbaijan", "1993-09-24"), ("Georgia", "1993-12-09"), ("Belarus", "1993-12-31")], "h-joins"),
    fact("history-cst-in-force", "history, paragraph 6 (20 April 1994)",
         """SELECT ?date WHERE { ?a csto:instrument kg:CST ; csto:actionKind csto:EntryIntoForce ;
               csto:onDate/time:inXSDDate ?date }""",
         [("1994-04-20",)], "h-force"),
    fact("history-border-treaty", "history, paragraph 7 (26 May 1995, Minsk)",
         f"""SELECT ?state ?date ?place WHERE {{ ?a csto:instrument kg:BorderTreaty-1995 ; csto:actionKind csto:Signature ;
               csto:actor ?s ; csto:onDate/time:inXSDDate ?date ; csto:place ?p .
               {en('state', '?s')} {en('place', '?p')} }}""",
         [(s, "1995-05-26", "Minsk") for s in
          ("Russia", "Belarus", "Kazakhstan", "Kyrgyzstan", "Tajikistan", "Armenia", "Georgia")], "h-borders"),
    fact("history-border-guards-opposed", "history, paragraph 7 (five states oppose Russian guards)",
         f"""SELECT ?state WHERE {{ ?st csto:about kg:BorderTreaty-1995 ; csto:stance csto:Opposes ; csto:speaker ?s ;
                   prov:wasDerivedFrom kg:h-oppose .
               {en('state', '?s')} }}""",
         [("Uzbekistan",), ("Turkmenistan",), ("Azerbaijan",), ("Moldova",), ("Ukraine",)], "h-oppose"),
    fact("history-renewal-protocol", "history, paragraph 8 (2 April 1999, five years, six signatories)",
         f"""SELECT ?state ?date ?years WHERE {{ kg:RenewalProtocol-1999 csto:amends kg:CST ; csto:renewalPeriodYears ?years ;
               csto:concludedOn/time:inXSDDate ?date .
               ?a csto:instrument kg:RenewalProtocol-1999 ; csto:actionKind csto:Signature ; csto:actor ?s .
               {en('state', '?s')} }}""",
         [(s, "1999-04-02", "5") for s in SIX], "h-protocol"),
    fact("history-cst-withdrawals-1999", "history, paragraph 8 (Azerbaijan, Georgia, Uzbekistan withdraw)",
         f"""SELECT ?state ?kind ?date WHERE {{ ?a csto:instrument kg:CST ; csto:actionKind ?k ; csto:actor ?s ;
               csto:onDate/{POS} ?date ; prov:wasDerivedFrom kg:h-leave . {en('state', '?s')} {en('kind', '?k')} }}""",
         [(s, k, d) for s in ("Azerbaijan", "Georgia", "Uzbekistan")
          for k, d in (("withdrawal", "1999"), ("non-renewal", "1999-04-02"))], "h-leave"),
    fact("history-uzbekistan-joins-guam", "history, paragraph 8 ('Dans le même temps, l'Ouzbékistan a rejoint le GUAM')",
         f"""SELECT ?state ?start WHERE {{ ?m org:organization kg:GUAM ; org:member ?s ; prov:wasDerivedFrom kg:h-guam ;
               org:memberDuring/time:hasBeginning/{POS} ?start . {en('state', '?s')} }}""",
         [("Uzbekistan", "1999-04-24")], "h-guam"),
    fact("history-guam-counters-russia", "history, paragraph 8 (GUAM 'contrer l'influence russe')",
         """SELECT ?n WHERE { kg:GUAM csto:note ?n FILTER(LANG(?n) = "fr") }""",
         [("Largement considéré comme ayant l'intention de contrer l'influence russe dans la région.",)], "h-guam"),

    # ------------------------------------------------------------------ history: creation of the Organization
    fact("creation-charter-signed", "history, 'Création', paragraph 1 (7 Oct 2002, Chisinau, Moldova)",
         f"""SELECT ?state ?date ?place ?country WHERE {{ ?a csto:instrument kg:CSTOCharter ; csto:actionKind csto:Signature ;
               csto:actor ?s ; csto:onDate/time:inXSDDate ?date ; csto:place ?p ; prov:wasDerivedFrom kg:h-charter .
               ?p csto:locatedIn ?c . {en('state', '?s')} {en('place', '?p')} {en('country', '?c')} }}""",
         [(s, "2002-10-07", "Chisinau", "Moldova") for s in SIX], "h-charter"),
    fact("creation-cis-reforms", "history, 'Création', paragraph 1 ('à l'occasion des réformes de la CEI')",
         """SELECT ?n WHERE { kg:CSTOCharter csto:note ?n FILTER(LANG(?n) = "en") }""",
         [("Signed on the occasion of the reforms of the CIS.",)], "h-charter"),
    fact("creation-charter-establishes", "history, 'Création', paragraph 1 (the Charter creates the CSTO to apply the CST)",
         f"""SELECT ?charter ?implements WHERE {{ ?c csto:establishes kg:CSTO . kg:CSTO csto:implements ?t .
               {en('charter', '?c')} {en('implements', '?t')} }}""",
         [("Charter of the Collective Security Treaty Organization", CST)], "h-creation"),
    fact("creation-effective", "history, 'Création', paragraph 1 (18 Sep 2003)",
         """SELECT ?date WHERE { kg:CSTO csto:effectiveOn/time:inXSDDate ?date }""",
         [("2003-09-18",)], "h-effective"),
    fact("today-central-asia-eurasec", "history, 'Création', paragraph 2 (active in Central Asia, complement of EurAsEC)",
         f"""SELECT ?region ?complement WHERE {{ kg:CSTO csto:activeIn ?r ; csto:complementOf ?c .
               {en('region', '?r')} {en('complement', '?c')} }}""",
         [("Central Asia", EURASEC)], "h-today table-header"),
    fact("today-cis-decline", "history, 'Création', paragraph 2 ('malgré le déclin de la CEI')",
         """SELECT ?n WHERE { kg:CIS csto:note ?n FILTER(LANG(?n) = "fr" && CONTAINS(?n, "déclin")) }""",
         [("La CEI est en déclin (« malgré le déclin de la CEI »).",)], "h-today"),
    fact("cst-eleven-cis-members", "history, paragraph 2 ('six États membres de la CEI sur onze')",
         """SELECT ?n WHERE { kg:CIS csto:note ?n FILTER(LANG(?n) = "en" && CONTAINS(?n, "eleven")) }""",
         [("In May 1992 the CIS has eleven member states (\"six of the eleven CIS member states\").",)], "h-cst"),
    fact("cst-signatories-were-cis-members", "history, paragraph 2 (the six signatories were CIS members)",
         f"""SELECT ?state ?before WHERE {{ ?m org:member ?s ; org:organization kg:CIS ; org:memberDuring ?i ;
               prov:wasDerivedFrom kg:h-cst . ?i time:hasBeginning/time:before/time:inXSDDate ?before .
               {en('state', '?s')} }}""",
         [(s, "1992-05-15") for s in ("Armenia", "Kazakhstan", "Kyrgyzstan", "Tajikistan", "Uzbekistan")], "h-cst"),
    fact("today-all-csto-members", "history, 'Création', paragraph 2 ('L'OTSC regroupe désormais ...'): seven",
         f"""SELECT ?count ?state WHERE {{ ?l csto:listOf kg:CSTO ; csto:memberCount ?count ; csto:listedMember ?s ;
               prov:wasDerivedFrom kg:h-members-now . {en('state', '?s')} }}""",
         [("7", s) for s in SIX + ["Uzbekistan"]], "h-members-now"),
    fact("intro-six-csto-members", "introduction and infobox 'Membres': six",
         f"""SELECT ?count ?state WHERE {{ ?l csto:listOf kg:CSTO ; csto:memberCount ?count ; csto:listedMember ?s ;
               prov:wasDerivedFrom kg:p-intro , kg:ib-members . {en('state', '?s')} }}""",
         [("6", s) for s in SIX], "p-intro ib-members"),
    fact("conflict-six-or-seven-members", "introduction and infobox (six) against history 'désormais' (seven)",
         f"""SELECT ?aspect ?count WHERE {{ ?c csto:claim ?l ; csto:about kg:CSTO ; csto:disputedAspect ?a .
               ?l csto:memberCount ?count . {en('aspect', '?a')} }}""",
         [("members", "6"), ("members", "7")], "h-members-now p-intro"),
    fact("conflict-uzbekistan-after-2012", "country table (self-suspended again) against the list of former signatory states",
         f"""SELECT ?aspect ?class ?role ?start WHERE {{ ?c csto:about kg:Uzbekistan , kg:CSTO ; csto:disputedAspect ?a ;
               csto:claim ?s . ?s a ?cl ; csto:statusRole ?r ; csto:statusDuring/time:hasBeginning/{POS} ?start .
               FILTER(?cl IN (csto:SuspensionPeriod, csto:FormerMembership)) BIND(STRAFTER(STR(?cl), "#") AS ?class)
               {en('aspect', '?a')} {en('role', '?r')} }}""",
         [("status", "SuspensionPeriod", "self-suspended member", "2012"),
          ("status", "FormerMembership", "former member", "2012")], "row-Uzbekistan former-Uzbekistan"),
    fact("today-uzbekistan-back-2006", "history, 'Création', paragraph 2 (Uzbekistan left GUAM in 2005, rejoined in 2006)",
         f"""SELECT ?org ?start ?end WHERE {{ ?m org:member kg:Uzbekistan ; org:organization ?o ; org:memberDuring ?i ;
               prov:wasDerivedFrom kg:h-members-now . ?i time:hasBeginning/{POS} ?start ; time:hasEnd/{POS} ?end .
               {en('org', '?o')} }}""",
         [("GUAM Organization for Democracy and Economic Development", "1999-04-24", "2005-05"),
          (CSTO_, "2006", "2012")], "h-members-now"),
    fact("today-armed-wing", "history, 'Création', paragraph 2 (armed wing of the CIS, fights terrorism and the mafia)",
         f"""SELECT ?wingOf ?threat WHERE {{ kg:CSTO csto:armedWingOf ?o ; csto:combats ?t .
               {en('wingOf', '?o')} {en('threat', '?t')} }}""",
         [(CIS, "terrorism"), (CIS, "mafia")], "h-armed-wing"),
    fact("un-general-assembly", "history, 'Création', paragraph 3; cross-check (observer since 2 Dec 2004)",
         f"""SELECT ?org ?role ?start WHERE {{ ?m org:member kg:CSTO ; org:organization ?o ; org:role ?r ;
               org:memberDuring/time:hasBeginning/time:inXSDDate ?start ; prov:wasDerivedFrom kg:h-un .
               {en('org', '?o')} {en('role', '?r')} }}""",
         [("United Nations General Assembly", "observer", "2004-12-02")], "h-un"),
    fact("iran-bordyuzha", "history, 'Création', paragraph 4 (May 2007, Bordyuzha on Iran)",
         f"""SELECT ?speaker ?date ?stance ?about WHERE {{ ?st csto:speaker ?s ; csto:onDate/time:inXSDgYearMonth ?date ;
               csto:stance ?k ; csto:about ?a ; prov:wasDerivedFrom kg:h-iran .
               {en('speaker', '?s')} {en('stance', '?k')} {en('about', '?a')} }}""",
         [("Nikolai Bordyuzha", "2007-05", "open to examination", "Iran"),
          ("Nikolai Bordyuzha", "2007-05", "open to examination", CSTO_)], "h-iran"),
    fact("iran-bordyuzha-quote", "history, 'Création', paragraph 4 (quotation)",
         """SELECT ?q WHERE { ?st csto:speaker kg:Bordyuzha ; csto:quote ?q }""",
         [("L'OTSC est une organisation ouverte. Si l'Iran applique en conformité avec notre charte, "
           "nous allons examiner la demande",)], "h-iran"),
    fact("iran-bordyuzha-secretary-general-in-2007", "history, 'Création', paragraph 4 ('le Secrétaire général de l'OTSC')",
         f"""SELECT ?holder WHERE {{ kg:st-bordyuzha-iran csto:speaker ?h .
               ?t csto:post kg:CSTO-SecretaryGeneral ; csto:holder ?h ; csto:during ?i .
               ?i time:hasBeginning/{POS} ?b ; time:hasEnd/{POS} ?e .
               FILTER(STR(?b) <= "2007-05" && STR(?e) > "2007-05") {en('holder', '?h')} }}""",
         [("Nikolai Bordyuzha",)], "h-iran"),
    fact("iran-first-outside-ussr", "history, 'Création', paragraph 4 ('le premier pays en dehors de l'ex-Union soviétique')",
         """SELECT ?d WHERE { kg:st-bordyuzha-iran dcterms:description ?d FILTER(LANG(?d) = "en") }""",
         [("If Iran joined, it would be the first country outside the former Soviet Union to become a member.",)],
         "h-iran-first"),
    fact("iran-not-ex-soviet", "history, 'Création', paragraph 4 (Iran was not part of the USSR)",
         """SELECT ?state WHERE { VALUES ?s { kg:Iran kg:Armenia kg:Serbia } ?s rdfs:label ?state
               FILTER(LANG(?state) = "en") FILTER NOT EXISTS { ?s csto:formerlyPartOf kg:SovietUnion } }""",
         [("Iran",), ("Serbia",)], "h-iran-first"),

    # ------------------------------------------------------------------ country table
    fact("table-header-columns", "country table, header (EurAsEC economic complement, GUAM objectives opposed)",
         f"""SELECT ?complement ?opposed WHERE {{ kg:CSTO csto:complementOf ?c ; csto:objectivesOpposedTo ?o .
               {en('complement', '?c')} {en('opposed', '?o')} }}""",
         [(EURASEC, "GUAM Organization for Democracy and Economic Development")], "table-header"),
    fact("table-header-guam-symmetric", "country table, header (GUAM's objectives are opposed to the CSTO's)",
         f"""SELECT ?org WHERE {{ kg:GUAM csto:objectivesOpposedTo ?o . {en('org', '?o')} }}""",
         [(CSTO_,)], "table-header"),
    table_row("Armenia", "Arménie", [
        ("membership", CIS, "member", "", ""),
        ("membership", CSTO_, "founding member", "2002-10-07", ""),
        ("membership", EURASEC, "observer", "2003", "2015"),
        ("action", CST, "ratification", "1992-05-15", ""),
        ("participation", CST, "founding member", "1992-05-15", ""),
    ]),
    founding_row("Kazakhstan", "Kazakhstan"),
    founding_row("Kyrgyzstan", "Kirghizistan"),
    founding_row("Russia", "Russie", cis=("founding member", "1991-12-08", "")),
    founding_row("Tajikistan", "Tadjikistan"),
    table_row("Belarus", "Biélorusie", [
        ("membership", CIS, "founding member", "1991-12-08", ""),
        ("membership", CSTO_, "founding member", "2002-10-07", ""),
        ("membership", EURASEC, "member", "2000", "2015"),
        ("action", CST, "ratification", "1993-12-31", ""),
        ("participation", CST, "member", "1993-12-31", ""),
    ]),
    table_row("Azerbaijan", "Azerbaïdjan", [
        ("membership", CIS, "member", "", ""),
        ("action", CST, "ratification", "1993-09-24", ""),
        ("action", CST, "annulment of ratification", "1999", ""),
        ("participation", CST, "member", "1993-09-24", "1999"),
    ]),
    table_row("Georgia", "Géorgie", [
        ("membership", CIS, "member", "", "2008-08"),
        ("action", CST, "ratification", "1993-12-09", ""),
        ("action", CST, "annulment of ratification", "1999", ""),
        ("participation", CST, "member", "1993-12-09", "1999"),
    ]),
    table_row("Uzbekistan", "Ouzbékistan", [
        ("membership", CIS, "member", "", ""),
        ("action", CST, "ratification", "1992-05-15", ""),
        ("participation", CST, "founding member", "1992", "1998"),
        ("suspension", CST, "self-suspended member", "1998", "2006"),
        ("action", CST, "suspension", "1998", ""),
        ("membership", CSTO_, "member", "2006", "2012"),
        ("suspension", CSTO_, "self-suspended member", "2012", ""),
        ("membership", EURASEC, "member", "2006", "2008"),
        ("suspension", EURASEC, "self-suspended member", "2008", "2015"),
    ]),
    table_row("Moldova", "Moldavie", [
        ("membership", CIS, "member", "", ""),
        ("not ratified", CST, "", "", ""),
        ("membership", EURASEC, "observer", "2002", "2015"),
    ]),
    table_row("Ukraine", "Ukraine", [
        ("membership", CIS, "founding member", "1991-12-08", "2014-03"),
        ("not ratified", CST, "", "", ""),
        ("membership", EURASEC, "observer", "2000", "2015"),
    ]),
    table_row("Turkmenistan", "Turkménistan", [
        ("membership", CIS, "member", "", ""),
        ("not ratified", CST, "", "", ""),
    ]),
    fact("table-conflicts-uzbekistan-exit", "country table, row Ouzbékistan vs. history and list (1998 or 1999)",
         f"""SELECT ?aspect ?end WHERE {{ kg:c-uzbekistan-cst-exit csto:disputedAspect ?a ; csto:claim ?c .
               ?c csto:during/time:hasEnd/{POS} ?end . {en('aspect', '?a')} }}""",
         [("end", "1998"), ("end", "1999")], "row-Uzbekistan former-Uzbekistan"),
    fact("table-conflicts-georgia-cis-exit", "country table, row Géorgie ('Non (depuis août 2008)') vs. cross-check",
         f"""SELECT ?end WHERE {{ ?c csto:inConflict kg:c-georgia-cis-exit ; org:memberDuring/time:hasEnd/{POS} ?end }}""",
         [("2008-08",), ("2009-08-18",)], "row-Georgia"),
    fact("table-conflicts-belarus-start", "country table, row Biélorusie vs. list 'États signataires'",
         f"""SELECT ?role ?start WHERE {{ ?c csto:inConflict kg:c-belarus-cst-start ; csto:partyRole ?r ;
               csto:during/time:hasBeginning/{POS} ?start . {en('role', '?r')} }}""",
         [("member", "1993-12-31"), ("founding member", "1992")], "row-Belarus sig-Belarus"),

    # ------------------------------------------------------------------ Charter
    fact("charter-provisions", "section 'Charte de l'OTSC'",
         f"""SELECT ?provision WHERE {{ kg:CSTOCharter csto:provision ?p . {en('provision', '?p')} }}""",
         [("The signatories refrain from the use or threat of force",),
          ("The signatories may not join other military alliances or groups of states",),
          ("Aggression against one signatory is aggression against all",),
          ("Institutions framing the Collective Security Treaty",)], "charter-1 charter-2 charter-3"),
    fact("charter-signed", "section 'Charte de l'OTSC' ('Signée le 7 octobre 2002')",
         f"""SELECT ?date ?place WHERE {{ kg:CSTOCharter csto:concludedOn/time:inXSDDate ?date ; csto:concludedAt ?p .
               {en('place', '?p')} }}""",
         [("2002-10-07", "Chisinau")], "charter-1 h-charter"),
    fact("charter-cst-distinct-from-csto", "sections 'Création' and 'Charte' (the treaty is not the Organization)",
         """SELECT ?cst ?csto WHERE { kg:CST a ?t1 . kg:CSTO a ?t2 .
               FILTER(?t1 = csto:Treaty && ?t2 = csto:MilitaryAlliance)
               FILTER NOT EXISTS { kg:CST owl:sameAs kg:CSTO }
               FILTER NOT EXISTS { kg:CST a csto:Organization }
               BIND(STR(kg:CST) AS ?cst) BIND(STR(kg:CSTO) AS ?csto) }""",
         [(KG + "CST", KG + "CSTO")], "h-creation charter-3"),

    # ------------------------------------------------------------------ merger proposal
    fact("merger-proposal", "section 'Proposition de fusion' (Uzbekistan advocates the merger)",
         f"""SELECT ?speaker ?stance WHERE {{ ?p a csto:Proposal ; csto:speaker ?s ; csto:stance ?k ;
               csto:about kg:CSTO , kg:EurAsEC ; prov:wasDerivedFrom kg:merge-proposal .
               {en('speaker', '?s')} {en('stance', '?k')} }}""",
         [("Uzbekistan", "supports"), ("Islam Karimov", "supports")], "merge-proposal"),
    fact("merger-karimov-quote", "section 'Proposition de fusion' (Karimov's words)",
         """SELECT ?q WHERE { ?p csto:speaker kg:Karimov ; csto:quote ?q ; prov:wasDerivedFrom kg:merge-quote }""",
         [("L'Eurasec et l'OTSC ont des agendas similaires et font souvent doublon. En Ouzbékistan, nous discutons "
           "de la création d'une organisation sur la base de la fusion de l'OTSC et de l'Eurasec [...] En cas de "
           "fusion, une telle organisation serait beaucoup plus efficace",)], "merge-quote"),
    fact("merger-karimov-president", "section 'Proposition de fusion' (picture caption, 'le président ouzbek')",
         f"""SELECT ?name ?post WHERE {{ kg:Karimov org:holds ?p ; rdfs:label ?name FILTER(LANG(?name) = "fr")
               {en('post', '?p')} }}""",
         [("Islom Karimov", "President of Uzbekistan")], "karimov-caption merge-quote"),
    fact("merger-medvedev-answer", "section 'Proposition de fusion' (Medvedev: worth examining)",
         f"""SELECT ?speaker ?post ?stance ?respondsTo WHERE {{ ?st csto:speaker ?s ; csto:stance ?k ; csto:respondsTo ?r ;
               prov:wasDerivedFrom kg:medvedev-answer . ?s org:holds ?p .
               {en('speaker', '?s')} {en('post', '?p')} {en('stance', '?k')} {en('respondsTo', '?r')} }}""",
         [("Dmitry Medvedev", "President of Russia", "open to examination",
           "Uzbekistan (President Karimov) advocates merging the CSTO and EurAsEC")], "medvedev-answer"),
    fact("merger-eurasec-ended", "section 'Proposition de fusion' ('l'Eurasec a cessé de fonctionner en 2015'); cross-check",
         f"""SELECT ?date ?successor WHERE {{ kg:EurAsEC csto:dissolvedOn/{POS} ?date ; csto:succeededBy ?s .
               {en('successor', '?s')} }}""",
         [("2015", "Eurasian Economic Union"), ("2015-01-01", "Eurasian Economic Union")], "eurasec-end"),

    # ------------------------------------------------------------------ cross-check (a few)
    fact("xc-secretaries-general", "cross-check: Secretaries General",
         f"""SELECT ?holder ?start ?end ?acting WHERE {{ ?t csto:post kg:CSTO-SecretaryGeneral ; csto:holder ?h ;
               csto:during ?i . ?i time:hasBeginning/{POS} ?start . OPTIONAL {{ ?i time:hasEnd/{POS} ?end }}
               OPTIONAL {{ ?t csto:acting ?acting }} {en('holder', '?h')} }}""",
         [("Nikolai Bordyuzha", "2003", "2016-12-31", ""),
          ("Valery Semerikov", "2017-01-01", "2017-04", "true"),
          ("Yuri Khachaturov", "2017-04", "2018-11", ""),
          ("Valery Semerikov", "2018-11", "2019-12-31", "true"),
          ("Stanislav Zas", "2020", "", ""),
          ("Stanislav Zas", "2020-01-01", "2022-12-31", ""),
          ("Imangali Tasmagambetov", "2023-01-01", "2025-12-31", ""),
          ("Taalatbek Masadykov", "2026-01-01", "", "")], "ib-secgen"),
    fact("xc-kazakhstan-2022-phases", "cross-check: January 2022 deployment",
         f"""SELECT ?phase ?date WHERE {{ kg:Intervention-Kazakhstan-2022 csto:phase ?p .
               ?p csto:onDate/time:inXSDDate ?date . {en('phase', '?p')} }}""",
         [("Tokayev asks the CSTO for help", "2022-01-05"),
          ("The Collective Security Council decides; first troops arrive", "2022-01-06"),
          ("Mission declared complete", "2022-01-11"), ("Withdrawal ceremony in Almaty", "2022-01-13"),
          ("Pull-out complete", "2022-01-19")], "p-title"),
    fact("xc-kazakhstan-2022-contingents", "article, title; cross-check: contingents",
         f"""SELECT ?state ?n ?approx WHERE {{ kg:Intervention-Kazakhstan-2022 csto:hasContingent ?c .
               ?c csto:contributingState ?s ; csto:troopCount ?n ; csto:approximation ?a .
               {en('state', '?s')} {en('approx', '?a')} }}""",
         [("Armenia", "100", "as given"), ("Kyrgyzstan", "150", "about"), ("Kyrgyzstan", "200", "as given"),
          ("Tajikistan", "200", "about")], "p-title"),
    fact("xc-kazakhstan-2022-strength", "cross-check: total strength (disputed)",
         """SELECT ?n ?approx WHERE { ?f csto:strengthOf kg:Intervention-Kazakhstan-2022 ; csto:troopCount ?n ;
               csto:approximation ?a . ?a rdfs:label ?approx FILTER(LANG(?approx) = "en") }""",
         [("2000", "more than"), ("2500", "about")], "p-title"),
    fact("xc-kazakhstan-2022-participants", "article, title; cross-check (states that sent troops)",
         f"""SELECT ?state WHERE {{ ?s csto:participatesIn kg:Intervention-Kazakhstan-2022 . {en('state', '?s')} }}""",
         [("Armenia",), ("Kyrgyzstan",), ("Tajikistan",)], "p-title"),
    fact("xc-kazakhstan-2022-command", "cross-check: commander, request, decision",
         f"""SELECT ?commander ?nationality ?requestedBy ?decidedBy WHERE {{ kg:Intervention-Kazakhstan-2022
               csto:commander ?c ; csto:requestedBy ?r ; csto:decidedBy ?d . ?c csto:nationality ?n .
               {en('commander', '?c')} {en('nationality', '?n')} {en('requestedBy', '?r')} {en('decidedBy', '?d')} }}""",
         [("Andrei Serdyukov", "Russia", "Kassym-Jomart Tokayev", "Collective Security Council")], "p-title"),
    fact("xc-guam-founded", "cross-check: GUAM founded 10 Oct 1997; list 'Anciens États signataires'",
         f"""SELECT ?state ?role WHERE {{ kg:GUAM csto:foundedOn/time:inXSDDate "1997-10-10"^^xsd:date .
               ?m org:organization kg:GUAM ; org:member ?s ; org:role ?r ;
                  org:memberDuring/time:hasBeginning/time:inXSDDate "1997-10-10"^^xsd:date .
               {en('state', '?s')} {en('role', '?r')} }}""",
         [(s, "founding member") for s in ("Azerbaijan", "Georgia", "Moldova", "Ukraine")],
         "former-Azerbaijan former-Georgia"),
    fact("xc-uzbekistan-return-2006", "cross-check: Uzbekistan rejoins (2006, ratified 2008)",
         f"""SELECT ?kind ?instrument ?date WHERE {{ ?a csto:actor kg:Uzbekistan ; csto:actionKind ?k ; csto:instrument ?t ;
               csto:onDate/time:inXSDDate ?date . FILTER(?date >= "2006-01-01"^^xsd:date && ?date < "2009-01-01"^^xsd:date)
               {en('kind', '?k')} {en('instrument', '?t')} }}""",
         [("resumption", CST, "2006-06-23"),
          ("signature", "Protocol on Uzbekistan's return to the CSTO (2006)", "2006-08-16"),
          ("ratification", "Protocol on Uzbekistan's return to the CSTO (2006)", "2008-03-28")],
         "h-members-now"),
    fact("xc-uzbekistan-suspension-2012", "cross-check: Uzbekistan suspends (note 28 Jun 2012, decision 19 Dec 2012)",
         f"""SELECT ?event ?date WHERE {{ ?e csto:onDate/time:inXSDDate ?date . {{ ?e a csto:Event ; csto:actor kg:Uzbekistan ;
               csto:about kg:CSTO }} UNION {{ ?e csto:about kg:Uzbekistan ;
               csto:decidedBy kg:CSTO-CollectiveSecurityCouncil }} {en('event', '?e')} }}""",
         [("Uzbekistan sends its note suspending its participation in the CSTO", "2012-06-28"),
          ("The Collective Security Council decides Uzbekistan's suspension", "2012-12-19")], "row-Uzbekistan"),
    fact("xc-armenia-freeze", "cross-check: Armenia freezes its participation (22-23 Feb 2024)",
         f"""SELECT ?start ?end WHERE {{ ?st csto:speaker kg:Armenia ; csto:about kg:CSTO ; csto:during ?i .
               ?i time:hasBeginning/time:inXSDDate ?start ; time:hasEnd/time:inXSDDate ?end }}""",
         [("2024-02-22", "2024-02-23")], "p-intro"),
    fact("xc-georgia-accession-disputed", "history, paragraph 5; cross-check (9 Dec or 9 Sep 1993)",
         f"""SELECT ?date WHERE {{ ?c csto:inConflict kg:c-georgia-cst-accession ; csto:onDate/time:inXSDDate ?date }}""",
         [("1993-12-09",), ("1993-09-09",)], "h-joins"),
]


def _ids():
    return [f.id for f in FACTS]


def test_table_size_and_unique_ids():
    assert len(FACTS) >= 90
    assert len(set(_ids())) == len(FACTS), "duplicate fact ids"


@pytest.mark.parametrize("row", FACTS, ids=_ids())
def test_fact(bundled_kg, row):
    got = answer_set(bundled_kg, row.query)
    assert got == set(row.expected), (
        f"{row.id} ({row.where})\nmissing: {sorted(set(row.expected) - got)}\n"
        f"unexpected: {sorted(got - set(row.expected))}")


def _source_passages(kg) -> set[str]:
    rows = answer_set(kg, "SELECT ?p WHERE { ?p a csto:Passage ; dcterms:isPartOf kg:doc-source }")
    return {p[len(KG):] for (p,) in rows}


def test_every_source_passage_is_covered(bundled_kg):
    """The union of the passages the rows cover is exactly the source's passages."""
    passages = _source_passages(bundled_kg)
    covered = set().union(*(row.covers for row in FACTS))
    assert passages - covered == set(), "passages of kg:doc-source no row covers"
    assert covered - passages == set(), "rows claim passages that are not passages of kg:doc-source"


_IRI = re.compile(r"\bkg:([A-Za-z0-9_-]+)")


@pytest.mark.parametrize("row", FACTS, ids=_ids())
def test_row_passages_are_linked(bundled_kg, row):
    """Each passage a row covers is named in its query, or mentions, or is the source of,
    a resource the query or its answer names (so a row cannot claim an unrelated passage)."""
    named = set(_IRI.findall(row.query))
    named |= {v[len(KG):] for t in row.expected for v in t if v.startswith(KG)}
    for passage in row.covers:
        if passage in named:
            continue
        values = " ".join(f"kg:{n}" for n in sorted(named))
        linked = bundled_kg.sparql(f"""ASK {{ VALUES ?x {{ {values} }}
            {{ ?x prov:wasDerivedFrom kg:{passage} }} UNION {{ kg:{passage} csto:mentions ?x }}
            UNION {{ ?x csto:claim|csto:phase|csto:hasContingent|csto:establishes|csto:implements ?y .
                     ?y prov:wasDerivedFrom kg:{passage} }} }}""").answer
        assert linked, f"{row.id}: passage kg:{passage} is not tied to the query's resources {sorted(named)}"
