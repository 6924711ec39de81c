"""The query UI's page content (issue 15): its tabs, and the one query that runs every violation check."""

from __future__ import annotations

from csto_kg import KnowledgeGraph
from csto_kg.web.query_ui import checks_query, ui_tabs

KG = "https://w3id.org/csto-kg/id/"
BROKEN = """@prefix kg: <https://w3id.org/csto-kg/id/> .
@prefix csto: <https://w3id.org/csto-kg/ontology#> .
@prefix time: <http://www.w3.org/2006/time#> .
kg:x-conflict a csto:Conflict ; csto:claim kg:x-claim .
kg:x-fact csto:onDate kg:x-day .
kg:x-day time:inXSDDate "2001-02-03"^^<http://www.w3.org/2001/XMLSchema#date> .
"""


def test_checks_tab_holds_the_violation_checks_and_finds_what_each_finds(tmp_path):
    data = tmp_path / "broken.ttl"
    data.write_text(BROKEN, encoding="utf-8")
    kg = KnowledgeGraph.load(data=[data], bundled_data=False, cache=False)
    checks = [h for h in kg.helpers() if h.is_violation_check]
    text = checks_query(checks, resolve_entity=kg._resolve_for)
    assert text.startswith("# checks: the 6 violation checks in one query, one UNION branch each; "
                           "?check names the check of a row.\n# No rows: the data passes every check")
    rows = kg.sparql(text).rows
    found = sorted(((str(r["check"]), {k: str(v) for k, v in r.items() if k != "check" and v is not None})
                    for r in rows), key=repr)
    lacking = [("entity-without-labels-violation", {"entity": KG + entity, "lacking": f"an rdfs:label in {words}"})
               for entity in ("x-claim", "x-conflict", "x-fact") for words in ("English (@en)", "French (@fr)")]
    assert found == sorted([("conflict-without-two-claims-violation", {"conflict": KG + "x-conflict", "claims": "0"}),
                            ("dated-fact-without-source-violation", {"fact": KG + "x-fact"}), *lacking], key=repr)
    # the same rows as each check run alone
    alone = sorted(((h.name, {k: str(v) for k, v in r.items() if v is not None}) for h in checks
                    for r in kg.query(h.name).rows), key=repr)
    assert found == alone


def test_tabs_are_the_helpers_then_one_checks_tab(bundled_kg):
    tabs = ui_tabs(bundled_kg.helpers(), resolve_entity=bundled_kg._resolve_for, lang="ru")
    assert [t["name"] for t in tabs] == ["conflicts", "describe", "interventions", "members-at", "membership-history",
                                         "memberships-of", "office-holders", "organizations-of", "statuses-in",
                                         "timeline", "treaty-parties", "проверки"]
    assert tabs[-1]["id"] == "checks" and tabs[0]["id"] == "helper-conflicts"
    assert tabs[-1]["query"].startswith("# проверки: 6 проверок нарушений в одном запросе")
    assert bundled_kg.sparql(tabs[-1]["query"]).rows == []  # the bundled data passes every check
