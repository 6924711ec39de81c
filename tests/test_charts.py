"""Membership timeline charts: SVG bars counted against SPARQL, text kept as text, PNG valid."""

from __future__ import annotations

import struct
import xml.etree.ElementTree as ET

import pytest

from csto_kg import KnowledgeGraph
from csto_kg.charts import draw_chart, membership_chart, span_of
from csto_kg.errors import UsageError

SVG = "{http://www.w3.org/2000/svg}"


@pytest.fixture(scope="module")
def kg() -> KnowledgeGraph:
    return KnowledgeGraph.load(cache=False)


def memberships_by_sparql(kg, org_iri: str) -> set[str]:
    result = kg.sparql(f"""SELECT ?m WHERE {{ ?m a csto:Status ; csto:statusIn <{org_iri}> }}""")
    return {str(r["m"]).rsplit("/", 1)[-1] for r in result.rows}


def svg_tree(path):
    return ET.parse(path).getroot()


@pytest.mark.parametrize("org", ["https://w3id.org/csto-kg/id/CSTO", "https://w3id.org/csto-kg/id/EurAsEC",
                                 "https://w3id.org/csto-kg/id/CIS", "https://w3id.org/csto-kg/id/GUAM"])
def test_svg_has_one_bar_per_membership_and_the_states_as_text(kg, org, tmp_path):
    out = draw_chart(membership_chart(kg, org=org), tmp_path / "chart.svg")
    root = svg_tree(out)
    bars = {el.get("id")[len("membership-"):] for el in root.iter() if (el.get("id") or "").startswith("membership-")}
    assert bars == memberships_by_sparql(kg, org)
    texts = {"".join(t.itertext()).strip() for t in root.iter(SVG + "text")}
    members = kg.sparql(f"""SELECT DISTINCT ?label WHERE {{ ?m org:organization <{org}> ; org:member ?s .
                            ?s rdfs:label ?label FILTER(LANG(?label) = "en") }}""")
    assert {str(r["label"]) for r in members.rows} <= texts


def test_svg_title_names_the_organization_and_the_source(kg, tmp_path):
    root = svg_tree(draw_chart(membership_chart(kg, org="OTSC"), tmp_path / "c.svg"))
    texts = " ".join("".join(t.itertext()) for t in root.iter(SVG + "text"))
    assert "Collective Security Treaty Organization: members" in texts
    assert "Source: csto-kg" in texts
    for legend in ("founding member", "member", "suspended member", "treaty action", "intervention"):
        assert legend in texts


def test_french_labels(kg, tmp_path):
    root = svg_tree(draw_chart(membership_chart(kg, org="CSTO", lang="fr"), tmp_path / "c.svg"))
    texts = {"".join(t.itertext()).strip() for t in root.iter(SVG + "text")}
    assert {"Arménie", "Biélorussie", "Ouzbékistan", "membre fondateur"} <= texts


def test_png_has_a_valid_header_and_size(kg, tmp_path):
    data = draw_chart(membership_chart(kg, org="CIS"), tmp_path / "c.png").read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = struct.unpack(">II", data[16:24])
    assert width == 1100 and 300 <= height <= 700


def test_state_mode_rows_are_organizations_and_instruments(kg):
    chart = membership_chart(kg, state="Ouzbékistan")
    assert set(chart.row_labels.values()) == {
        "Collective Security Treaty", "Commonwealth of Independent States",
        "GUAM Organization for Democracy and Economic Development", "Collective Security Treaty Organization",
        "Eurasian Economic Community", "Protocol on Uzbekistan's return to the CSTO (2006)"}
    # five CST claims (three participations, two suspensions); seven statuses in organizations
    # (four memberships, two suspensions, the former membership of the CSTO)
    assert len(chart.bars) == 5 + 7


def test_year_precision_is_kept(kg):
    chart = membership_chart(kg, org="CSTO")
    uzbek = [b for b in chart.bars if str(b.membership).endswith("m-CSTO-Uzbekistan-2006")][0]
    assert (uzbek.start.first.isoformat(), uzbek.start.last.isoformat()) == ("2006-01-01", "2006-12-31")
    assert not uzbek.start.exact


def test_height_grows_with_rows_and_stays_readable(kg, tmp_path):
    small = draw_chart(membership_chart(kg, org="GUAM"), tmp_path / "s.png").read_bytes()
    big = draw_chart(membership_chart(kg, org="CIS"), tmp_path / "b.png").read_bytes()
    assert struct.unpack(">I", small[20:24])[0] < struct.unpack(">I", big[20:24])[0]


def test_errors(kg, tmp_path):
    with pytest.raises(UsageError, match="either --org or --state"):
        membership_chart(kg)
    with pytest.raises(UsageError, match=r"\.svg or \.png"):
        draw_chart(membership_chart(kg, org="CSTO"), tmp_path / "chart.pdf")
    with pytest.raises(UsageError, match="before --from"):
        membership_chart(kg, org="CSTO", since="2010", until="2000")


def test_span_of_month():
    assert span_of("2008-02").last.isoformat() == "2008-02-29"


def test_cli_timeline_writes_svg_and_png(tmp_path):
    from conftest import run_cli

    done = run_cli("timeline", "--org", "OTSC", "-o", str(tmp_path / "csto.svg"))
    assert done.returncode == 0, done.stderr
    assert done.stdout == "" and done.stderr.startswith(f"wrote {tmp_path / 'csto.svg'}: 7 rows, 9 bars, ")
    assert done.stderr.endswith(" markers\n")
    assert ET.parse(tmp_path / "csto.svg").getroot().tag == SVG + "svg"
    done = run_cli("timeline", "--state", "Ouzbékistan", "--from", "1990", "--to", "2020", "--lang", "fr",
                   "-o", str(tmp_path / "uz.png"))
    assert done.returncode == 0, done.stderr
    assert (tmp_path / "uz.png").read_bytes()[:4] == b"\x89PNG"


def test_cli_timeline_errors(tmp_path):
    from conftest import run_cli

    done = run_cli("timeline", "--org", "OTSC", "-o", str(tmp_path / "chart.pdf"))
    assert (done.returncode, done.stdout) == (2, "")
    assert done.stderr.startswith("Error: ") and ".svg or .png" in done.stderr
    assert not (tmp_path / "chart.pdf").exists()
    done = run_cli("timeline", "-o", str(tmp_path / "c.svg"))
    assert done.returncode == 2 and "either --org or --state" in done.stderr
    done = run_cli("timeline", "--org", "Atlantis", "-o", str(tmp_path / "c.svg"))
    assert done.returncode == 2 and "unknown entity 'Atlantis'" in done.stderr
