"""The dashboard shows the status report's own figures (`reports.status.status_report`): one
function for the CLI, the PDF and the web, so the dashboard and the report never disagree."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import select

from reunite.db.engine import transaction
from reunite.families.linked import links_for
from reunite.families.models import FamilyCase
from reunite.reports.status import StatusReport, status_report
from reunite.web.data import assign_case
from tests.reports.scenario import build_until_july_5, install_clock

Clients = Callable[[str], TestClient]


def _number(text: str) -> int:
    return int(text.replace(",", "").replace("\u00a0", "").replace(".", ""))


def _shown(html: str) -> dict[str, object]:
    """Every figure on the dashboard page: tiles, and each section's figures and total."""
    tiles = {key: _number(value) for key, value in re.findall(r'id="tile-([a-z]+)">([^<]*)<', html)}
    sections: dict[str, dict[str, int]] = {}
    for key, body in re.findall(r'<table data-section="([^"]+)">(.*?)</table>', html, re.S):
        figures = {k: _number(v) for k, v in re.findall(r'data-figure="([^"]+)">([^<]*)<', body)}
        total = re.search(r'data-total="[^"]+">([^<]*)<', body)
        assert total is not None
        figures["_total"] = _number(total.group(1))
        sections[key] = figures
    return {"tiles": tiles, "sections": sections}


def _expected(report: StatusReport) -> dict[str, object]:
    return {
        "overdue": len(report.overdue),
        "risk": len(report.removal_risk),
        "children": report.section("children_identified").total,
        "families": report.section("families").total,
        "sections": {
            s.key: {**{f.key: f.value for f in s.figures}, "_total": s.total}
            for s in report.sections
        },
    }


@pytest.fixture
def caseload(app: FastAPI, monkeypatch: pytest.MonkeyPatch) -> dict[str, list[int]]:
    """The report tests' 2018 caseload; every case in org-a except one in org-b."""
    clock = install_clock(monkeypatch, date(2018, 6, 27))
    with transaction(app.state.engine) as session:
        build_until_july_5(session, clock)
        ids = sorted(session.scalars(select(FamilyCase.id)))
        other = ids[0]  # case A: two confirmed children, overdue deadlines
        for case_id in ids:
            organization = "org-b" if case_id == other else "org-a"
            assign_case(session, case_id=case_id, organization=organization, actor="test")
    return {"org-a": [i for i in ids if i != other], "org-b": [other]}


@pytest.mark.parametrize(
    ("username", "scope"), [("supervisor", "org-a"), ("monitor", None), ("admin", None)]
)
def test_dashboard_shows_the_status_report_figures(
    app: FastAPI,
    client_for: Clients,
    caseload: dict[str, list[int]],
    username: str,
    scope: str | None,
) -> None:
    html = client_for(username).get("/").text
    with transaction(app.state.engine) as session:
        report = status_report(
            session,
            case_ids=caseload[scope] if scope else None,
            links_for=links_for(session),
        )
    expected = _expected(report)
    shown = _shown(html)
    tiles = shown["tiles"]
    assert isinstance(tiles, dict)
    for tile in ("overdue", "risk", "children", "families"):
        assert tiles[tile] == expected[tile], tile
    assert shown["sections"] == expected["sections"]
    # The figures are not all zero: the comparison means something.
    assert report.section("children_identified").total > 0
    assert len(report.overdue) > 0 or scope == "org-a"


def test_dashboard_is_scoped_to_the_organization(
    app: FastAPI, client_for: Clients, caseload: dict[str, list[int]]
) -> None:
    every = _shown(client_for("monitor").get("/").text)["sections"]
    own = _shown(client_for("supervisor").get("/").text)["sections"]
    assert isinstance(every, dict) and isinstance(own, dict)
    assert own["children_identified"]["_total"] < every["children_identified"]["_total"]


def test_monitor_sees_no_names_or_case_links(
    client_for: Clients, caseload: dict[str, list[int]]
) -> None:
    html = client_for("monitor").get("/").text
    assert "/families/" not in html
    assert "P-A" not in html and "C-A1" not in html
