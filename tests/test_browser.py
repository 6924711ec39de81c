"""The query UI, resource pages and graph view in headless Chromium (Debian's chromium, driven by playwright-core).

.ci/run installs chromium and runs `npm ci`; locally the test is skipped only
when chromium is absent.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from csto_kg.web.server import ServerSettings, start_server

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")


def _browser_or_skip() -> tuple[str, str]:
    """Chromium and node with playwright-core; skipped when absent, except under .ci/run.

    .ci/run installs Debian's chromium, runs `npm ci` and sets CSTO_KG_REQUIRE_BROWSER=1,
    so there a missing piece fails the test instead of skipping it.
    """
    node = shutil.which("node")
    missing = [what for what, ok in (("chromium", CHROMIUM), ("node", node),
                                     ("node_modules/playwright-core (run `npm ci`)",
                                      (ROOT / "node_modules" / "playwright-core").is_dir())) if not ok]
    if missing:
        message = "browser test needs " + ", ".join(missing) + " (.ci/run installs them)"
        if os.environ.get("CSTO_KG_REQUIRE_BROWSER"):
            pytest.fail(message)
        pytest.skip(message)
    return CHROMIUM, node


def test_query_ui_pages_and_graph_view(bundled_kg):
    chromium, node = _browser_or_skip()
    server = start_server(bundled_kg, settings=ServerSettings(port=0, workers=1, quiet=True, quick_workers=0))
    try:
        done = subprocess.run([node, str(ROOT / "tests" / "browser" / "ui_check.mjs"), server.url, chromium],
                              capture_output=True, text=True, timeout=120, cwd=ROOT)
    finally:
        server.close()
    assert done.returncode == 0, done.stderr[-3000:]
    seen = json.loads(done.stdout.strip().splitlines()[-1])
    assert seen["rows"] > 3 and seen["firstRow"].strip()
    check_query_ui(seen, server.url, bundled_kg)
    assert seen["resourceUrl"].endswith("/doc/id/CSTO.html")  # 303 followed to the HTML document
    assert seen["followedUrl"].startswith(server.url + "doc/id/") and seen["followedTitle"].strip()
    # the organization page: chart bars, and the graph view drawn (nodes, painted canvas, dashed inferred edges)
    statuses = bundled_kg.sparql("SELECT ?c WHERE { ?c a csto:Status ; csto:statusIn kg:CSTO }").rows
    assert seen["chartBars"] == len(statuses) == 9  # the CSTO's 8 memberships and Uzbekistan's suspension
    check_member_map_slider(seen["map"], bundled_kg)  # the member map's date slider (issue 17)
    assert 2 < seen["graph"]["nodes"] <= 25 and seen["graph"]["edges"] > seen["graph"]["dashed"] > 0
    assert (seen["graph"]["dashedStyle"], seen["graph"]["solidStyle"]) == ("dashed", "solid")
    assert seen["painted"] > 500
    check_graph_view(seen["view"], bundled_kg)  # issue 15: a readable graph view
    # a click on a node opens that entity's page
    assert seen["clickedHref"].startswith("/id/") and seen["clickedHref"] != "/id/CSTO"
    assert seen["graphFollowedUrl"] == server.url + "doc" + seen["clickedHref"] + ".html"
    assert seen["graphFollowedTitle"].strip()
    # an inferred fact's "inferred" mark opens its explanation, down to the lines and the passages
    assert seen["explainHref"].startswith("/explain?s=") and seen["explainUrl"] == server.url + seen["explainHref"][1:]
    assert seen["explainTitle"] == "Why: Serbia member of (at some time) CSTO Parliamentary Assembly"
    assert seen["explainRules"][:2] == ["prp-spo2", "ontology/csto.ttl:471:28"]
    assert "prp-inv1" in seen["explainRules"] and "data/memberships.ttl:84:48" in seen["explainRules"]
    assert "États observateurs à l'assemblée parlementaire - Serbie (hors CEI) (2013)" in seen["explainQuotes"]
    # French from Accept-Language, then Russian by the switcher (same path), then search from the page's box
    assert seen["french"]["lang"] == "fr" and seen["french"]["title"] == "Organisation du traité de sécurité collective"
    assert "Membres aujourd'hui" in seen["french"]["card"] and "Arménie" in seen["french"]["card"]
    assert seen["russian"]["url"] == server.url + "doc/id/CSTO.html?lang=ru" and seen["russian"]["lang"] == "ru"
    assert seen["russian"]["title"] == "Организация Договора о коллективной безопасности"
    assert "Запрос SPARQL" in seen["russian"]["nav"]
    assert seen["search"]["url"] == server.url + "search?q=ouzbekistan&lang=ru" and seen["search"]["lang"] == "ru"
    assert seen["search"]["first"] == "Узбекистан" and seen["search"]["firstHref"] == "/id/Uzbekistan?lang=ru"
    assert seen["offsite"] == []  # the UI works with no network: everything comes from the server


TABS = ["conflicts", "describe", "interventions", "members-at", "membership-history", "memberships-of",
        "office-holders", "organizations-of", "statuses-in", "timeline", "treaty-parties", "checks"]


def check_query_ui(seen: dict, url: str, kg) -> None:
    """The query UI (issue 15): tabs, the checks tab, result links and labels, autocompletion, reload, share link."""
    from csto_kg.web.ontology_terms import ontology_terms

    assert seen["tabs"] == TABS and seen["activeTab"] == "conflicts"
    assert TABS[:-1] == [h.name for h in kg.helpers() if not h.is_violation_check]
    assert seen["frenchTabs"] == TABS[:-1] + ["contrôles"]
    checks = [h for h in kg.helpers() if h.is_violation_check]
    assert len(checks) == 6 and all(f"# {h.name}: {h.summary}" in seen["checksQuery"] for h in checks)
    assert seen["checksHeaders"] == ["", "check"] + [c for h in checks for c in h.columns]  # and no rows
    # a result IRI links to this server (not to https://w3id.org/csto-kg/), its label beside it
    assert seen["resultCell"] == {"href": "/id/Afghanistan", "text": "kg:Afghanistan",
                                  "title": "https://w3id.org/csto-kg/id/Afghanistan", "label": "Afghanistan"}
    assert seen["resultLabelColumn"] == '"Afghanistan"@en'
    assert seen["resultOpened"] == {"url": url + "doc/id/Afghanistan.html", "title": "Afghanistan"}
    assert seen["labelColumnCell"]["label"] == "«Afghanistan»"  # the query's ?stateLabel, not the graph's label
    assert seen["dateCell"] == {"text": '"2002-10-07"^^xsd:date', "lines": 1}
    # autocompletion: the csto prefix added, then the ontology's classes and properties with their labels
    csto = "https://w3id.org/csto-kg/ontology#"
    labels = {t["iri"]: t["label"] for kind in ontology_terms(kg.dataset).values() for t in kind}
    assert seen["classHints"] == [[f"csto:{n}", labels[csto + n]] for n in ("Stance", "State", "Statement", "Status")]
    assert seen["classHints"][1] == ["csto:State", "state"]
    assert seen["completedClass"] == "PREFIX csto: <https://w3id.org/csto-kg/ontology#>\nSELECT * WHERE {\n  ?x a csto:Stance"
    assert seen["propertyHints"] == [["csto:memberOf", "member of (at some time)"]]
    # an edit typed and not run survives a reload; no tab comes twice
    assert seen["editedQuery"] == seen["completedClass"] + " ; csto:memberO ?o }"
    assert seen["reloaded"] == {"tabs": TABS, "active": "conflicts", "query": seen["editedQuery"]}
    # YASGUI's share link, opened in a fresh browser: the query in its own tab, run against this server
    assert seen["shareLink"].startswith(url + "sparql#query=PREFIX%20csto%3A%20") and "tabTitle=conflicts" in seen["shareLink"]
    assert seen["opened"] == {"query": seen["sharedQuery"], "endpoint": url + "sparql", "active": "conflicts",
                              "tabs": ["conflicts"] + TABS, "rows": ["/id/CIS", "/id/CPS", "/id/CSTO"]}


def check_graph_view(seen: dict, kg) -> None:
    """The CSTO's graph view: the 25 first-ranked entities of its JSON, coloured by kind, badged with their
    passages, no two label boxes overlapping; "show more" adds the next 25, still with no overlap."""
    from csto_kg.web.neighbourhood import neighbourhood
    from csto_kg.web.page_pictures import KIND_COLOURS

    def json_of(limit):  # what /neighbourhood/id/CSTO.json?lang=en&limit= answers
        return neighbourhood(kg.dataset, kg.resolve("CSTO"), lang="en", limit=limit)

    first, second = json_of(25), json_of(50)
    total = first["total"]
    assert total > 50
    rgb = {kind: f"rgb({int(c[1:3], 16)},{int(c[3:5], 16)},{int(c[5:7], 16)})" for kind, c in KIND_COLOURS.items()}
    for view, drawn in ((first, seen["first"]), (second, seen["more"])):
        assert sorted(drawn["nodes"]) == sorted(n["id"] for n in view["nodes"])
        assert drawn["edges"] == len(view["edges"])
        assert drawn["overlaps"] == []  # no two nodes' boxes, circle and label, intersect
        assert drawn["colours"] == {n["kind"]: [rgb[n["kind"]]] for n in view["nodes"]}
        assert sorted(drawn["badged"]) == sorted(n["id"] for n in view["nodes"] if n["passages"] > 0)
    assert len(seen["first"]["nodes"]) == 25 < len(seen["more"]["nodes"]) == 50
    assert seen["first"]["status"] == f"Entities: 25 of {total}; links: {len(first['edges'])}."
    assert seen["more"]["status"] == f"Entities: 50 of {total}; links: {len(second['edges'])}."
    assert seen["first"]["more"] == "Show 25 more"
    assert seen["more"]["more"] == (f"Show {min(25, total - 50)} more" if total > 50 else None)
    center = first["nodes"][0]
    assert seen["tooltip"] == (f"Collective Security Treaty Organization (organization); passages: {center['passages']}, "
                               f"source documents: {center['documents']}; links: {center['links']}")
    assert seen["named"] == sum(center["id"] in (e["source"], e["target"]) for e in first["edges"]) > 10


MAP_DATES = ["2004-06-01", "2006-03-01", "2010-06-01", "2020-06-01"]  # as in tests/browser/map_check.mjs


def check_member_map_slider(seen: dict, kg) -> None:
    """The CSTO page's map followed its slider (keyboard, dragged values, a click), as members-at says."""
    six = {code: "member" for code in ("ARM", "BLR", "KAZ", "KGZ", "RUS", "TJK")}
    assert seen["controlsShown"]
    # opened on the last day (the graph's latest date); Home: the founding day; one step right: the next day
    assert (seen["initial"]["shown"], seen["initial"]["svgDate"]) == ("2026-01-01", "on 2026-01-01")
    assert (seen["home"]["shown"], seen["home"]["classes"]) == ("2002-10-07", six)
    assert seen["right"]["shown"] == "2002-10-08" and seen["end"]["shown"] == "2026-01-01"
    assert seen["end"]["classes"] == {**six, "UZB": "uncertain"}
    codes = {"Armenia": "ARM", "Belarus": "BLR", "Kazakhstan": "KAZ", "Kyrgyzstan": "KGZ", "Russia": "RUS",
             "Tajikistan": "TJK", "Uzbekistan": "UZB"}
    for date in MAP_DATES:  # each position: the members in force that members-at gives, by ISO code
        rows = kg.query("members-at", date=date, include_suspended=True).rows
        certain = {codes[str(r["member"]).rsplit("/", 1)[1]] for r in rows if str(r["certainty"]) == "certain"}
        position = seen["positions"][date]
        assert (position["shown"], position["svgDate"]) == (date, f"on {date}")
        assert {code for code, css in position["classes"].items() if css == "member"} == certain
    assert seen["positions"]["2006-03-01"]["classes"]["UZB"] == "uncertain"  # rejoined "2006"
    assert seen["positions"]["2006-03-01"]["titleUZB"] == "Uzbekistan: member or no status (uncertain: date precision)"
    assert seen["positions"]["2010-06-01"]["titleUZB"] == "Uzbekistan: member"
    assert seen["positions"]["2020-06-01"]["classes"]["UZB"] == "uncertain"  # self-suspended, or a former member
    assert "2002-10-07" < seen["clicked"]["shown"] < "2026-01-01"  # a click on the track moved the map too


def test_vendored_world_atlas_equals_the_pinned_npm_package():
    """csto_kg/maps/world-atlas/ is a copy made by scripts/vendor_npm.py (plus its ISO 3166 table)."""
    source = ROOT / "node_modules" / "world-atlas"
    if not source.is_dir():
        pytest.skip("node_modules/world-atlas absent (run npm ci)")
    lock = json.loads((ROOT / "package-lock.json").read_text())
    version = lock["packages"]["node_modules/world-atlas"]["version"]
    vendored = ROOT / "csto_kg" / "maps" / "world-atlas"
    assert (vendored / "VERSION").read_text() == f"world-atlas {version} (ISC license)\n"
    assert sorted(p.name for p in vendored.iterdir()) == ["LICENSE", "VERSION", "countries-50m.json", "iso3166.json"]
    for name in ("countries-50m.json", "LICENSE"):
        assert (vendored / name).read_bytes() == (source / name).read_bytes(), name


def test_vendored_yasgui_equals_the_pinned_npm_package():
    """csto_kg/web/yasgui/ is a copy made by scripts/vendor_npm.py, never edited by hand."""
    source = ROOT / "node_modules" / "@zazuko" / "yasgui"
    if not source.is_dir():
        pytest.skip("node_modules/@zazuko/yasgui absent (run npm ci)")
    lock = json.loads((ROOT / "package-lock.json").read_text())
    version = lock["packages"]["node_modules/@zazuko/yasgui"]["version"]
    vendored = ROOT / "csto_kg" / "web" / "yasgui"
    assert (vendored / "VERSION").read_text().startswith(f"@zazuko/yasgui {version} ")
    for name in ("yasgui.min.js", "yasgui.min.css"):
        assert (vendored / name).read_bytes() == (source / "build" / name).read_bytes(), name


@pytest.mark.parametrize("name", ["layout-base", "cose-base", "cytoscape-fcose"])
def test_vendored_fcose_layout_equals_the_pinned_npm_packages(name):
    """csto_kg/web/<name>/ (the graph view's layout and the libraries under it) is a copy made by
    scripts/vendor_npm.py, never edited by hand."""
    source = ROOT / "node_modules" / name
    if not source.is_dir():
        pytest.skip(f"node_modules/{name} absent (run npm ci)")
    lock = json.loads((ROOT / "package-lock.json").read_text())
    assert json.loads((ROOT / "package.json").read_text())["devDependencies"][name] == \
        lock["packages"][f"node_modules/{name}"]["version"]  # pinned
    version = lock["packages"][f"node_modules/{name}"]["version"]
    vendored = ROOT / "csto_kg" / "web" / name
    assert (vendored / "VERSION").read_text() == f"{name} {version} (MIT license)\n"
    assert sorted(p.name for p in vendored.iterdir()) == sorted(["VERSION", "LICENSE", f"{name}.js"])
    for file in ("LICENSE", f"{name}.js"):
        assert (vendored / file).read_bytes() == (source / file).read_bytes(), file


def test_vendored_cytoscape_equals_the_pinned_npm_package():
    """csto_kg/web/cytoscape/ is a copy made by scripts/vendor_npm.py, never edited by hand."""
    source = ROOT / "node_modules" / "cytoscape"
    if not source.is_dir():
        pytest.skip("node_modules/cytoscape absent (run npm ci)")
    lock = json.loads((ROOT / "package-lock.json").read_text())
    version = lock["packages"]["node_modules/cytoscape"]["version"]
    vendored = ROOT / "csto_kg" / "web" / "cytoscape"
    assert (vendored / "VERSION").read_text().startswith(f"cytoscape {version} ")
    assert sorted(p.name for p in vendored.iterdir()) == ["VERSION", "cytoscape.min.js"]
    assert (vendored / "cytoscape.min.js").read_bytes() == (source / "dist" / "cytoscape.min.js").read_bytes()
