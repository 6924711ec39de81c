"""Pictures on the server's pages: membership charts (inline SVG), the neighbourhood JSON, and
that matplotlib stays out of start-up.

The chart's bars are counted against SPARQL; the JSON's inferred marks against the named graphs.
"""

from __future__ import annotations

import http.client
import json
import os
import re
import subprocess
import sys
import xml.etree.ElementTree as ET
from urllib.parse import urlsplit

import pytest

from csto_kg.namespaces import BASE, INFERRED_GRAPH
from csto_kg.web.server import ServerSettings, start_server

from conftest import FIXTURE_ARGS, ROOT

SVG = "{http://www.w3.org/2000/svg}"


@pytest.fixture(scope="module")
def server(bundled_kg):
    running = start_server(bundled_kg, settings=ServerSettings(port=0, workers=1, quiet=True, quick_workers=0))
    yield running
    running.close()


def get(server, path):
    parts = urlsplit(server.url)
    connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=60)
    try:
        connection.request("GET", path)
        response = connection.getresponse()
        return response.status, {k.lower(): v for k, v in response.getheaders()}, response.read()
    finally:
        connection.close()


def page_svgs(html: str) -> list[ET.Element]:
    """Every inline <svg> of a page, parsed as XML."""
    return [ET.fromstring(m) for m in re.findall(r"<svg\b.*?</svg>", html, flags=re.S)]


def bars_and_texts(svg: ET.Element) -> tuple[list[str], set[str]]:
    bars = [el.get("id")[len("membership-"):] for el in svg.iter() if (el.get("id") or "").startswith("membership-")]
    texts = {"".join(t.itertext()).strip() for t in svg.iter(SVG + "text")}
    return bars, texts


def local_names(kg, query: str) -> list[str]:
    return sorted(str(r["c"]).rsplit("/", 1)[-1] for r in kg.sparql(query).rows)


@pytest.mark.parametrize("org", ["CSTO", "CIS", "GUAM", "CSTO-ParliamentaryAssembly"])
def test_organization_page_has_one_bar_per_membership_and_the_states_as_text(server, bundled_kg, org):
    status, _, body = get(server, f"/doc/id/{org}.html")
    html = body.decode()
    assert status == 200
    svgs = page_svgs(html)  # the chart, then the member map (issue 17)
    assert [s.get("id") for s in svgs][1:] == ["member-map"]
    assert html.index("<h2>Membership timeline</h2>") < html.index("<svg")
    bars, texts = bars_and_texts(svgs[0])
    assert sorted(bars) == local_names(bundled_kg, f"SELECT ?c WHERE {{ ?c a csto:Status ; csto:statusIn kg:{org} }}")
    states = bundled_kg.sparql(f"""SELECT DISTINCT ?label WHERE {{ ?m a csto:Status ; csto:statusIn kg:{org} ;
                                   csto:statusHolder ?s . ?s rdfs:label ?label FILTER(LANG(?label) = "en") }}""")
    assert {str(r["label"]) for r in states.rows} <= texts and states.rows


@pytest.mark.parametrize("state", ["Uzbekistan", "Armenia", "Serbia"])
def test_state_page_has_one_bar_per_membership_and_treaty_participation(server, bundled_kg, state):
    status, _, body = get(server, f"/doc/id/{state}.html")
    assert status == 200
    (svg,) = page_svgs(body.decode())
    bars, texts = bars_and_texts(svg)
    assert sorted(bars) == local_names(bundled_kg, f"""SELECT ?c WHERE {{
        ?c a csto:Status ; csto:statusHolder kg:{state} }}""")
    bodies = bundled_kg.sparql(f"""SELECT DISTINCT ?label WHERE {{
        ?c a csto:Status ; csto:statusHolder kg:{state} ; csto:statusIn ?b .
        ?b rdfs:label ?label FILTER(LANG(?label) = "en") }}""")
    name = str(bundled_kg.labeler()(bundled_kg.resolve(state)))
    assert {str(r["label"]) for r in bodies.rows} <= texts
    assert any(t.startswith(name + ": memberships") for t in texts)


@pytest.mark.parametrize("entity", ["NATO", "CST", "Khachaturov"])
def test_no_chart_without_memberships_but_a_graph_view(server, bundled_kg, entity):
    status, _, body = get(server, f"/doc/id/{entity}.html")
    assert status == 200 and b"Membership timeline" not in body
    # a treaty has parties, not memberships: no chart, but its member map (issue 17)
    assert [s.get("id") for s in page_svgs(body.decode())] == (["member-map"] if entity == "CST" else [])
    assert f'data-src="/neighbourhood/id/{entity}.json?lang=en"'.encode() in body


def test_chart_is_drawn_once_per_entity(server):
    app = server.app
    get(server, "/doc/id/GUAM.html")
    cached = app._cache[("chart", app.kg.resolve("GUAM"), "en")]
    get(server, "/doc/id/GUAM.html")
    assert app._cache[("chart", app.kg.resolve("GUAM"), "en")] is cached


def test_neighbourhood_json_marks_asserted_and_inferred_edges(server, bundled_kg):
    status, headers, body = get(server, "/neighbourhood/id/Armenia.json")
    assert status == 200 and headers["content-type"].startswith("application/json")
    view = json.loads(body)
    (row,) = bundled_kg.sparql("""SELECT (COUNT(DISTINCT ?p) AS ?n) WHERE {
        { kg:Armenia prov:wasDerivedFrom ?p } UNION { ?p csto:mentions kg:Armenia } ?p a csto:Passage }""").rows
    passages = int(row["n"])  # the passages Armenia is derived from or mentioned in, counted on its node
    assert passages > 0
    assert view["nodes"][0] == {"id": BASE + "id/Armenia", "label": "Armenia", "href": "/id/Armenia", "center": True,
                                "kind": "state", "links": view["nodes"][0]["links"], "passages": passages, "documents": 1}
    ids = {n["id"] for n in view["nodes"]}
    assert all(n["id"].startswith(BASE + "id/") and n["href"] == "/" + n["id"][len(BASE):] for n in view["nodes"])
    assert all(e["source"] in ids and e["target"] in ids for e in view["edges"])
    edges = {(e["source"].rsplit("/", 1)[1], e["property"], e["target"].rsplit("/", 1)[1]): e for e in view["edges"]}
    org = "http://www.w3.org/ns/org#"
    asserted = edges[("m-CSTO-Armenia", "https://w3id.org/csto-kg/ontology#member", "Armenia")]
    inferred = edges[("CSTO", "https://w3id.org/csto-kg/ontology#hasMember", "Armenia")]
    assert (asserted["inferred"], asserted["label"]) == (False, "member")
    assert (inferred["inferred"], inferred["label"]) == (True, "has member (at some time)")
    # org:memberOf folded into csto:memberOf, and that into its inverse csto:hasMember: one edge per pair
    assert not any(e["property"] in (org + "memberOf", org + "hasMember") for e in view["edges"])
    assert ("Armenia", "https://w3id.org/csto-kg/ontology#memberOf", "CSTO") not in edges
    pairs = [frozenset((e["source"], e["target"])) for e in view["edges"]]
    assert pairs.count(frozenset((BASE + "id/Armenia", BASE + "id/CSTO"))) == 1
    for e in view["edges"]:  # every mark agrees with the named graphs
        triple = f"<{e['source']}> <{e['property']}> <{e['target']}>"
        only_inferred = bundled_kg.sparql(f"""ASK {{ GRAPH <{INFERRED_GRAPH}> {{ {triple} }}
            FILTER NOT EXISTS {{ GRAPH ?g {{ {triple} }} FILTER(?g != <{INFERRED_GRAPH}>) }} }}""").answer
        assert e["inferred"] is only_inferred, e


def test_neighbourhood_is_bounded_labelled_by_language_and_checked(server):
    view = json.loads(get(server, "/neighbourhood/id/CSTO.json")[2])
    assert len(view["nodes"]) == view["limit"] == 25 and view["truncated"] and view["total"] == view["neighbours"] + 1
    assert len(view["edges"]) <= 4 * view["limit"]
    more = json.loads(get(server, "/neighbourhood/id/CSTO.json?limit=50")[2])
    assert len(more["nodes"]) == more["limit"] == 50 and more["total"] == view["total"] > 50
    assert [n["id"] for n in more["nodes"][:25]] == [n["id"] for n in view["nodes"]]
    assert get(server, "/neighbourhood/id/CSTO.json?limit=0")[0:3:2] == (
        400, b"Error: limit must be a whole number from 1 to 500\n")
    french = json.loads(get(server, "/neighbourhood/id/Armenia.json?lang=fr")[2])
    assert french["nodes"][0]["label"] == "Arménie" and french["lang"] == "fr"
    assert get(server, "/neighbourhood/id/Armenia.json?lang=%3Cscript%3E")[0] == 400
    assert get(server, "/neighbourhood/id/Atlantis.json")[0] == 404
    assert get(server, "/neighbourhood/id/Armenia")[0] == 404


def test_graph_view_scripts_are_served_from_the_package(server):
    status, headers, body = get(server, "/static/cytoscape/cytoscape.min.js")
    assert status == 200 and headers["content-type"].startswith("text/javascript") and len(body) > 300_000
    status, _, body = get(server, "/static/graph_view.js")
    assert status == 200 and b"cytoscape(" in body and b"line-style" in body and b"fcose" in body
    for name in ("layout-base", "cose-base", "cytoscape-fcose"):  # the fCoSE layout and the libraries under it
        status, headers, body = get(server, f"/static/{name}/{name}.js")
        assert status == 200 and headers["content-type"].startswith("text/javascript") and len(body) > 50_000, name
    html = get(server, "/doc/id/CSTO.html?lang=ru")[2].decode()
    scripts = re.findall(r'<script src="(/static/[^"]+)"', html)
    assert scripts[scripts.index("/static/cytoscape/cytoscape.min.js"):] == [
        "/static/cytoscape/cytoscape.min.js", "/static/layout-base/layout-base.js", "/static/cose-base/cose-base.js",
        "/static/cytoscape-fcose/cytoscape-fcose.js", "/static/graph_view.js"]  # each after the ones it needs
    legend = re.findall(r'<li data-kind="(\w+)" data-colour="#\w{6}"><span class="swatch"[^>]*></span>([^<]+)</li>', html)
    assert legend == [("state", "государство"), ("organization", "организация"),
                      ("treaty", "договор или иной документ"), ("intervention", "операция"), ("person", "человек"),
                      ("other", "другая сущность")]
    messages = json.loads(re.search(r'<script type="application/json" id="graph-messages">(.*?)</script>', html).group(1))
    assert messages["more"] == "Показать ещё {count}" and messages["status"] == "Сущности: {shown} из {total}; связи: {links}."


def test_matplotlib_is_not_imported_at_start_up():
    env = dict(os.environ, PYTHONPATH=str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", ""))
    check = ("import sys, csto_kg.cli, csto_kg.cli.commands, csto_kg.web.server, csto_kg.charts; "
             "print(sorted(m for m in sys.modules if m.split('.')[0] == 'matplotlib'))")
    done = subprocess.run([sys.executable, "-c", check], capture_output=True, text=True, env=env, timeout=120)
    assert done.returncode == 0 and done.stdout.strip() == "[]", done.stderr
    for args in (["--help"], ["query", "members", "--date", "2010", *FIXTURE_ARGS]):
        done = subprocess.run([sys.executable, "-X", "importtime", "-m", "csto_kg", *args], capture_output=True,
                              text=True, env=env, timeout=120, cwd=ROOT)
        assert done.returncode == 0, done.stderr[-2000:]
        assert "| csto_kg" in done.stderr and "matplotlib" not in done.stderr, args
