"""Member maps (issue 17): classes against members-at and treaty-parties, the SVG's elements and
texts, the PNG, the ISO 3166 codes of every state of the graph, and the vendored outlines."""

from __future__ import annotations

import datetime as dt
import json
import struct
import xml.etree.ElementTree as ET

import pytest

from csto_kg.errors import UsageError
from csto_kg.maps.drawing import draw_map, svg
from csto_kg.maps.member_maps import map_history, member_map, placement
from csto_kg.maps.outlines import ISO_TABLE, TOPOLOGY, atlas
from csto_kg.namespaces import CSTO

SVG = "{http://www.w3.org/2000/svg}"
IN_FORCE = {CSTO.FoundingMember, CSTO.FullMember}


def expected_classes(result, state_column: str) -> dict:
    """What a helper's rows on a date say each state's class is (uncertain rows: "uncertain")."""
    expected = {}
    for row in result.rows:
        certain = str(row["certainty"]).startswith("certain")
        role = row["role"]
        css = ("member" if role in IN_FORCE else "observer" if role == CSTO.Observer else "suspended")
        expected[row[state_column]] = css if certain else "uncertain"
    return expected


@pytest.mark.parametrize("org, date, others", [
    ("CSTO", "2004-06-01", {"Uzbekistan": "none"}),
    ("CSTO", "2006-03-01", {}),  # Uzbekistan rejoined "2006": uncertain that day
    ("CSTO", "2010-06-01", {}),
    ("GUAM", "2003-01-01", {}),
    ("GUAM", "2008-06-01", {"Uzbekistan": "former"}),  # left in May 2005
    ("EurAsEC", "2010-06-01", {}),  # Uzbekistan self-suspended from 2008, three observers
])
def test_map_classes_are_those_of_members_at(bundled_kg, org, date, others):
    rows = bundled_kg.query("members-at", org=org, date=date, include_observers=True, include_suspended=True)
    expected = expected_classes(rows, "member")
    label = bundled_kg.labeler()
    expected.update({bundled_kg.resolve(name): css for name, css in others.items()})
    data = member_map(bundled_kg, org=org, date=date)
    got = {status.state: status.css_class for status in data.countries.values()}
    assert got == expected, {label(k): v for k, v in got.items()}
    assert len(rows.rows) >= 4  # a case with members proves something


def test_map_classes_of_the_treaty_are_those_of_treaty_parties(bundled_kg):
    rows = bundled_kg.query("treaty-parties", treaty="CST", date="2001-06-01", include_suspended=True)
    expected = expected_classes(rows, "state")
    expected.update({bundled_kg.resolve("Azerbaijan"): "former", bundled_kg.resolve("Georgia"): "former"})
    data = member_map(bundled_kg, org="CST", date="2001-06-01")
    assert {s.state: s.css_class for s in data.countries.values()} == expected
    assert expected[bundled_kg.resolve("Uzbekistan")] == "suspended"


def test_uncertain_countries_name_the_classes_left_open(bundled_kg):
    uzbekistan = member_map(bundled_kg, org="CSTO", date="2020").countries["UZB"]
    assert (uzbekistan.css_class, uzbekistan.candidates) == ("uncertain", ("suspended", "former"))
    assert uzbekistan.title() == ("Uzbekistan: suspended or former member "
                                  "(uncertain: sources disagree, see the conflicts helper)")
    rejoining = member_map(bundled_kg, org="CSTO", date="2006-03-01").countries["UZB"]
    assert (rejoining.candidates, rejoining.certainty) == (("member", "none"), "uncertain: date precision")


def test_the_history_is_cut_where_a_class_changes(bundled_kg):
    history, last = map_history(bundled_kg, org="CSTO")
    assert (history.first, history.last, last.date_text) == (dt.date(2002, 10, 7), dt.date(2026, 1, 1), "2026-01-01")
    uzbekistan = [(day.isoformat(), s["UZB"].candidates) for day, s in history.segments]
    assert uzbekistan == [("2002-10-07", ("none",)), ("2006-01-01", ("member", "none")), ("2007-01-01", ("member",)),
                          # 2012: the membership ends and the suspension (or withdrawal) begins, days not given
                          ("2012-01-01", ("member", "suspended", "former", "none")),
                          ("2013-01-01", ("suspended", "former"))]
    assert all(s["ARM"].css_class == "member" for _, s in history.segments)


def test_a_date_before_the_organization_is_a_usage_error(bundled_kg):
    with pytest.raises(UsageError) as error:
        member_map(bundled_kg, org="CSTO", date="2002-10-06")
    assert str(error.value) == ("--date 2002-10-06: Collective Security Treaty Organization did not exist then "
                                "(founded 2002-10-07)")
    with pytest.raises(UsageError, match=r"^--date 2016: Eurasian Economic Community did not exist then "
                                         r"\(founded 2000, dissolved 2015 or 2015-01-01\)$"):
        member_map(bundled_kg, org="EurAsEC", date="2016")
    with pytest.raises(UsageError, match="no state holds a status in it"):
        member_map(bundled_kg, org="NATO", date="2010")


def test_svg_has_one_element_per_country_with_its_class_and_the_texts_as_text(bundled_kg, tmp_path):
    root = ET.parse(draw_map(member_map(bundled_kg, org="GUAM", date="2008-06-01", lang="fr"),
                             tmp_path / "guam.svg")).getroot()
    countries = [el for el in root.iter(SVG + "path") if (el.get("class") or "").startswith("country")]
    ids = [el.get("id") for el in countries if el.get("id")]
    assert len(ids) == len(set(ids)) == len(atlas().outlines) - 3  # Kosovo, N. Cyprus, Siachen: no ISO code
    classes = {el.get("id"): el.get("class") for el in countries if el.get("id")}
    assert {k for k, v in classes.items() if v != "country none"} == {
        "country-AZE", "country-GEO", "country-MDA", "country-UKR", "country-UZB"}
    assert classes["country-UZB"] == "country former" and classes["country-FRA"] == "country none"
    texts = {el.get("id"): "".join(el.itertext()) for el in root.iter(SVG + "text") if el.get("id")}
    assert texts["map-heading"] == "GUAM Organisation pour la démocratie et le développement économique : membres"
    assert texts["map-date"] == "au 2008-06-01" and texts["map-outlines"].startswith("Contours : Natural Earth")
    legend = ["".join(t.itertext()) for t in root.find(f".//{SVG}g[@id='map-legend']").iter(SVG + "text")]
    assert legend == ["membre", "ancien membre", "aucun statut"]
    uzbekistan = root.find(f".//{SVG}path[@id='country-UZB']")
    assert uzbekistan.get("fill") == "#000000" and uzbekistan.find(SVG + "title").text == "Ouzbékistan : ancien membre"


def test_png_is_a_picture_of_the_frame(bundled_kg, tmp_path):
    out = draw_map(member_map(bundled_kg, org="CSTO", date="2015"), tmp_path / "csto.png")
    data = out.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = struct.unpack(">II", data[16:24])
    assert (width, height) == (960, round(58 + atlas().frame.height + 62))
    with pytest.raises(UsageError, match=r"the map is written as \.svg or \.png, not '\.pdf'"):
        draw_map(member_map(bundled_kg, org="CSTO", date="2015"), tmp_path / "csto.pdf")


EXPECTED_ISO = {"Afghanistan": "AFG", "Armenia": "ARM", "Azerbaijan": "AZE", "Belarus": "BLR", "Bulgaria": "BGR",
                "Cuba": "CUB", "Estonia": "EST", "Georgia": "GEO", "Hungary": "HUN", "Iran": "IRN",
                "Kazakhstan": "KAZ", "Kyrgyzstan": "KGZ", "Latvia": "LVA", "Lithuania": "LTU", "Moldova": "MDA",
                "Mongolia": "MNG", "Poland": "POL", "Romania": "ROU", "Russia": "RUS", "Serbia": "SRB",
                "Tajikistan": "TJK", "Turkmenistan": "TKM", "Ukraine": "UKR", "Uzbekistan": "UZB"}


def test_every_state_of_the_graph_has_its_iso_code_or_is_said_to_have_no_outline(bundled_kg):
    states = [r["s"] for r in bundled_kg.sparql("SELECT ?s WHERE { ?s a csto:State }").rows]
    label = bundled_kg.labeler()
    drawn, outside, missing = placement(atlas(), states, label)
    assert {label(s): o.alpha3 for s, o in drawn.items()} == {k: v for k, v in EXPECTED_ISO.items() if k != "Cuba"}
    assert [label(s) for s in outside] == ["Cuba"]  # has an outline, west of the frame
    assert sorted(label(s) for s in missing) == ["Czechoslovakia", "East Germany", "Soviet Union"]  # former states


def test_iso_table_is_pycountrys(tmp_path):
    pycountry = pytest.importorskip("pycountry")
    table = json.loads(ISO_TABLE.read_text(encoding="utf-8"))["countries"]
    ids = {g["id"] for g in json.loads(TOPOLOGY.read_text())["objects"]["countries"]["geometries"] if g.get("id")}
    assert set(table) == ids and len(ids) == 235  # 241 outlines: 5 without an id, Australia's twice
    assert all(pycountry.countries.get(numeric=n).alpha_3 == e["alpha3"] for n, e in table.items())


def test_inline_svg_parses_and_keeps_the_page_patterns(bundled_kg):
    data = member_map(bundled_kg, org="CSTO", date="2010")
    root = ET.fromstring(svg(data, patterns=[("suspended", "former")], legend=["uncertain"]))
    assert root.get("id") == "member-map"
    assert {p.get("id") for p in root.iter(SVG + "pattern")} == {"hatch-suspended-former", "hatch-legend"}


def test_cli_map_writes_the_file_and_says_so_on_stderr(bundled_cli, tmp_path):
    code, out, err = bundled_cli("map", "--org", "GUAM", "--date", "2008-06-01", "-o", str(tmp_path / "guam.svg"))
    assert (code, out) == (0, "")
    assert err == (f"wrote {tmp_path / 'guam.svg'}: GUAM Organization for Democracy and Economic Development: "
                   "members, on 2008-06-01: 1 former, 4 member\n")
    assert ET.parse(tmp_path / "guam.svg").getroot().get("id") == "member-map"


@pytest.mark.parametrize("argv, message", [
    (["--date", "2010", "-o", "x.pdf"], "Error: x.pdf: the map is written as .svg or .png\n"),
    (["--date", "2010-13", "-o", "x.svg"], "Error: invalid date '2010-13' for --date: month 13 is not 01-12; "
                                           "accepted forms: YYYY, YYYY-MM or YYYY-MM-DD\n"),
    (["--date", "1999", "-o", "x.svg"], "Error: --date 1999: Collective Security Treaty Organization did not "
                                        "exist then (founded 2002-10-07)\n"),
    (["-o", "x.svg"], "Error: the following arguments are required: --date (see: csto-kg map --help)\n"),
])
def test_cli_map_errors_exit_2_and_write_nothing(bundled_cli, tmp_path, monkeypatch, argv, message):
    monkeypatch.chdir(tmp_path)
    code, out, err = bundled_cli("map", "--org", "CSTO", *argv)
    assert (code, out, err) == (2, "", message) and list(tmp_path.iterdir()) == []
