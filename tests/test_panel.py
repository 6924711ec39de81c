"""State-year panels in the COW IGO coding (issue 17): cells against hand-worked answers.

Each expected cell is read off data/memberships.ttl and data/treaties.ttl by hand, with the
yearly rule of the README (the status in force on 31 December). In-process on the session's
bundled graph; the CLI is called through ``main()`` with that graph.
"""

from __future__ import annotations

import csv
import io
import json

import pytest
from rdflib import URIRef

from csto_kg.errors import UsageError

CONFLICT = "uncertain: sources disagree, see the conflicts helper"


@pytest.fixture(scope="module")
def panels(bundled_kg):
    return {org: bundled_kg.panel(org) for org in ("CSTO", "CST", "GUAM", "EurAsEC")}


def cells(panel, state: str) -> dict[int, tuple]:
    return {r.year: (r.cow_status, r.status, r.certainty) for r in panel.rows if r.state_label == state}


def test_row_counts_and_years_are_bounded_by_each_organizations_existence(panels):
    shape = {org: (p.first_year, p.last_year, len(p.states), len(p.rows)) for org, p in panels.items()}
    # CSTO founded 2002-10-07, the CST concluded 1992-05-15, GUAM founded 1997-10-10: open, up to the
    # graph's latest date (2026-01-01); EurAsEC founded 2000, dissolved 2015-01-01 (or "2015"): last 2014
    assert shape == {"CSTO": (2002, 2026, 7, 175), "CST": (1992, 2026, 9, 315), "GUAM": (1997, 2026, 5, 150),
                     "EurAsEC": (2000, 2014, 9, 135)}
    for panel in panels.values():
        years = sorted({r.year for r in panel.rows})
        assert years == list(range(panel.first_year, panel.last_year + 1))
        assert len(panel.rows) == len(years) * len(panel.states)  # one row per state and year


def test_csto_founding_members_and_uzbekistan(panels):
    armenia = cells(panels["CSTO"], "Armenia")
    assert armenia[2002] == armenia[2026] == (1, "founding member", "certain")
    uzbekistan = cells(panels["CSTO"], "Uzbekistan")
    assert uzbekistan[2005] == (0, "none", "certain")
    # rejoined "2006" (known to the year): a member on 31 December 2006 whatever the day
    assert uzbekistan[2006] == uzbekistan[2011] == (1, "member", "certain")
    # from 2012 self-suspended (country table) or a former member (list): code 0 either way
    assert uzbekistan[2012] == uzbekistan[2026] == (0, "suspended or none", "certain")
    row = next(r for r in panels["CSTO"].rows if r.state_label == "Uzbekistan" and r.year == 2013)
    assert row.sources == "source: former signatories, Ouzbékistan | source: table, Ouzbékistan"
    assert row.state == URIRef("https://w3id.org/csto-kg/id/Uzbekistan")


def test_cst_conflicts_suspensions_and_withdrawals(panels):
    cst = panels["CST"]
    belarus = cells(cst, "Belarus")  # founding party from 1992 (signatories) or party from 31 Dec 1993 (history)
    assert belarus[1992] == (-9, "founding member or none", CONFLICT)
    assert belarus[1993] == belarus[2026] == (1, "founding member or member", "certain")
    azerbaijan = cells(cst, "Azerbaijan")  # from 1992 (list) or 24 Sep 1993 (history), to 1999
    assert azerbaijan[1992] == (-9, "member or none", CONFLICT)
    assert (azerbaijan[1993], azerbaijan[1998], azerbaijan[1999]) == ((1, "member", "certain"),) * 2 + (
        (0, "none", "certain"),)
    georgia = cells(cst, "Georgia")  # 9 Dec 1993 to 1999
    assert (georgia[1992], georgia[1993], georgia[1999]) == ((0, "none", "certain"), (1, "member", "certain"),
                                                              (0, "none", "certain"))
    uzbekistan = cells(cst, "Uzbekistan")
    # 1998: founding party to 1999 (history) while self-suspended from 1998 (table)
    assert uzbekistan[1998] == (-9, "founding member or suspended", CONFLICT)
    assert uzbekistan[1999] == uzbekistan[2005] == (0, "suspended", "certain")
    assert uzbekistan[2006] == (1, "member", "certain")  # full participant again from 2006-06-23
    assert uzbekistan[2012] == uzbekistan[2026] == (0, "suspended", "certain")  # by decision from 2012-12-19


def test_guam_and_eurasec_observers_suspension_and_end(panels):
    uzbekistan = cells(panels["GUAM"], "Uzbekistan")  # 1999-04-24 to 2005-05
    assert [uzbekistan[y][0] for y in (1998, 1999, 2004, 2005, 2026)] == [0, 1, 1, 0, 0]
    left = next(r for r in panels["GUAM"].rows if r.state_label == "Uzbekistan" and r.year == 2005)
    assert left.status == "none" and left.sources.startswith("cross-check: rferl.org; Itar-Tass 11 May 2005")
    eurasec = panels["EurAsEC"]
    ukraine = cells(eurasec, "Ukraine")  # observer since 2000 (source) or since May 2002 (ereport.ru)
    assert ukraine[2000] == ukraine[2001] == (-9, "observer or none", CONFLICT)
    assert ukraine[2002] == ukraine[2014] == (3, "observer", "certain")
    assert [cells(eurasec, "Armenia")[y][0] for y in (2002, 2003)] == [0, 3]
    assert [cells(eurasec, "Uzbekistan")[y][:2] for y in (2005, 2006, 2007, 2008, 2014)] == [
        (0, "none"), (1, "member"), (1, "member"), (0, "suspended"), (0, "suspended")]
    assert 2015 not in cells(eurasec, "Russia")


def test_a_suspended_member_is_never_coded_one(panels):
    suspended = [r for p in panels.values() for r in p.rows if "suspended" in r.status]
    # the CSTO: Uzbekistan 2012-2026; the CST: Uzbekistan 1998 (disputed), 1999-2005, 2012-2026; EurAsEC: 2008-2014
    assert len(suspended) == 15 + (1 + 7 + 15) + 7
    assert {r.cow_status for r in suspended} == {0, -9}


def test_a_beginning_known_only_as_before_a_date_is_uncertain(bundled_kg):
    armenia = cells(bundled_kg.panel("CIS", until=1992), "Armenia")  # a CIS member "before 1992-05-15"
    assert armenia == {1991: (-9, "member or none", "uncertain: beginning known only as before a date"),
                       1992: (1, "member", "certain")}


def test_all_states_leaves_out_the_soviet_union_after_1991(bundled_kg):
    panel = bundled_kg.panel("CSTO", states="all", until=2003)
    names = {r.state_label for r in panel.rows}
    assert len(names) == 26 and "Soviet Union" not in names and len(panel.rows) == 52
    assert cells(panel, "Serbia") == {2002: (0, "none", "certain"), 2003: (0, "none", "certain")}
    assert {r.state_label for r in bundled_kg.panel("CIS", states="all", until=1991).rows} >= {"Cuba", "Armenia"}
    assert "Soviet Union" not in {r.state_label for r in bundled_kg.panel("CIS", states="all", until=1991).rows}


def test_french_labels_and_years_asked(bundled_kg):
    panel = bundled_kg.panel("GUAM", since="2004", until=2005, lang="fr")
    assert [(r.state_label, r.year, r.cow_status) for r in panel.rows if r.state.endswith("Uzbekistan")] == [
        ("Ouzbékistan", 2004, 1), ("Ouzbékistan", 2005, 0)]


@pytest.mark.parametrize("options, message", [
    ({"since": 1995, "until": 1999}, "no panel rows: Collective Security Treaty Organization did not exist on "
                                     "31 December of any year from 1995 to 1999 (founded 2002-10-07)"),
    ({"since": 2005, "until": 2004}, "--to 2004 is before --from 2005"),
    ({"since": "2002-10"}, "invalid year '2002-10' for --from: expected YYYY, e.g. 2002"),
    ({"states": "some"}, "--states some: use members or all"),
])
def test_bad_panel_options_are_usage_errors(bundled_kg, options, message):
    with pytest.raises(UsageError) as error:
        bundled_kg.panel("CSTO", **options)
    assert str(error.value) == message


@pytest.fixture
def cli(bundled_cli):
    return bundled_cli


def test_cli_panel_csv_tsv_json(cli):
    code, out, err = cli("panel", "--org", "GUAM", "--to", "1998")
    rows = list(csv.reader(io.StringIO(out)))
    assert code == 0 and rows[0] == ["state", "state_label", "year", "cow_status", "status", "certainty", "sources"]
    assert rows[-1] == ["https://w3id.org/csto-kg/id/Uzbekistan", "Uzbekistan", "1998", "0", "none", "certain", ""]
    assert len(rows) == 11 and out.endswith("\r\n")
    assert err == "panel of GUAM Organization for Democracy and Economic Development: 10 rows, 5 states, 1997-1998\n"
    code, out, _ = cli("panel", "--org", "CST", "--from", "1992", "--to", "1992", "--format", "tsv")
    line = next(line for line in out.splitlines() if "\tBelarus\t" in line)
    # both claims of the conflict stand behind the cell, their passages sorted
    assert code == 0 and line.split("\t") == [
        "https://w3id.org/csto-kg/id/Belarus", "Belarus", "1992", "-9", "founding member or none", CONFLICT,
        "cross-check: mfa.gov.by (CSTO page) | source: history to 2002, ¶5 | source: signatories, Biélorussie | "
        "source: table, Biélorusie"]
    code, out, _ = cli("panel", "--org", "Eurasec", "--to", "2000", "--format", "json", "--lang", "fr")
    records = json.loads(out)
    assert code == 0 and len(records) == 9 and records[0] == {
        "state": "https://w3id.org/csto-kg/id/Armenia", "state_label": "Arménie", "year": 2000, "cow_status": 0,
        "status": "none", "certainty": "certain", "sources": ""}


@pytest.mark.parametrize("argv, message", [
    (["panel", "--org", "CSTO", "--format", "xml"], "Error: panel --format xml: use csv, tsv or json\n"),
    (["panel", "--org", "CSTO", "--states", "some"], "Error: panel --states some: use members or all\n"),
    (["panel", "--org", "CSTO", "--to", "20x6"], "Error: invalid year '20x6' for --to: expected YYYY, e.g. 2002\n"),
    (["panel", "--from", "2002"], "Error: the following arguments are required: --org (see: csto-kg panel --help)\n"),
    (["panel", "--org", "Atlantis"], "Error: unknown entity 'Atlantis' for --org; nearest: "),
])
def test_cli_panel_errors_exit_2_with_one_line(cli, argv, message):
    code, out, err = cli(*argv)
    assert (code, out) == (2, "") and err.startswith(message) and err.count("\n") == 1
