"""The report's files: HTML checked by parsing, CSV and JSON by reading back, PDF by its header."""

from __future__ import annotations

import csv
import io
import json
from datetime import date
from xml.etree import ElementTree

import pytest
from sqlalchemy.orm import Session

from reunite.reports import charts, render
from reunite.reports.status import status_report

from .htmlparse import parse
from .scenario import Clock, Pairs, build_after_july_5

pytestmark = pytest.mark.db

JULY_5 = date(2018, 7, 5)


def _html(session: Session, as_of: date = JULY_5) -> str:
    report = status_report(session, as_of=as_of)
    return render.render_html(report, charts.build_charts(session, report))


def test_html_states_the_date_and_counts_each_unit_separately(
    session: Session, pairs: Pairs
) -> None:
    page = parse(_html(session))
    assert page.find("time").attrs["datetime"] == "2018-07-05"
    assert "2018-07-05" in page.find(id="as-of").text
    headline = {
        div.attrs["data-unit"]: int(div.find("dd").attrs["data-value"])
        for div in page.find(id="headline").find_all("div")
    }
    assert headline == {"children": 5, "parents": 4, "families": 3}
    sections = page.find_all("section", **{"class": "figures"})
    assert len(sections) >= 10
    for section in sections:
        assert section.attrs["data-unit"] in ("children", "parents", "families")
        assert section.attrs["data-as-of"] == "2018-07-05" and section.attrs["data-cohort"]
        assert section.attrs["data-unit"] in section.find("h2").text
    status = page.find("section", id="s-child_status")
    values = {
        row.attrs["data-key"]: int(row.find("td", **{"class": "num"}).attrs["data-value"])
        for row in status.find_all("tr")
        if "data-key" in row.attrs
    }
    assert values["reunified"] == 1 and values["in_orr_care"] == 2 and values["total"] == 3
    assert "P-A" in page.find(id="removal-risk").text
    assert len(page.find_all("svg")) == 3


def test_a_copy_without_ids_keeps_the_figures_and_drops_the_ids(
    session: Session, pairs: Pairs
) -> None:
    report = status_report(session, as_of=JULY_5)
    html = render.render_html(report, show_ids=False)
    assert "P-A" not in html and "C-A" not in html
    assert "1 parent(s) at removal risk" in parse(html).find(id="removal-risk").text
    document = json.loads(render.render_json(report, show_ids=False))
    assert document["removal_risk"] == {"count": 1, "ids": "left out"}
    assert document["sections"] == json.loads(render.render_json(report))["sections"]


def test_a_past_report_is_the_same_file_after_new_changes(
    session: Session, clock: Clock, pairs: Pairs
) -> None:
    report = status_report(session, as_of=JULY_5)
    files = (_html(session), render.render_csv(report), render.render_json(report))
    build_after_july_5(session, clock, pairs)
    session.commit()
    again = status_report(session, as_of=JULY_5)
    assert (_html(session), render.render_csv(again), render.render_json(again)) == files


def test_csv_has_one_labelled_row_per_figure(session: Session, pairs: Pairs) -> None:
    report = status_report(session, as_of=JULY_5)
    rows = list(csv.DictReader(io.StringIO(render.render_csv(report))))
    assert rows and all(r["as_of"] == "2018-07-05" and r["cohort"] for r in rows)
    assert {r["unit"] for r in rows} == {"children", "parents", "families"}
    identified = [r for r in rows if r["section"] == "children_identified"]
    assert sum(int(r["value"]) for r in identified) == 5


def test_json_carries_the_lists_and_the_audit_head(session: Session, pairs: Pairs) -> None:
    document = json.loads(render.render_json(status_report(session, as_of=JULY_5)))
    assert document["as_of"] == "2018-07-05" and document["audit_head"].count(":") == 1
    assert document["removal_risk"][0]["parent_person_id"] == "P-A"
    assert {s["unit"] for s in document["sections"]} == {"children", "parents", "families"}


def test_charts_are_well_formed_svg(session: Session, pairs: Pairs) -> None:
    report = status_report(session, as_of=JULY_5)
    for name, svg in charts.build_charts(session, report).items():
        root = ElementTree.fromstring(svg)
        assert root.tag.endswith("svg") and root.attrib["role"] == "img", name


def test_a_pdf_is_written_with_its_charts(session: Session, pairs: Pairs) -> None:
    reason = render.pdf_available()
    if reason:
        pytest.skip(reason)
    report = status_report(session, as_of=JULY_5)
    pdf = render.render_pdf(report, charts.build_charts(session, report))
    assert pdf.startswith(b"%PDF") and len(pdf) > 5000
    bare = render.render_pdf(report)
    assert pdf.count(b"/XObject") > bare.count(b"/XObject")  # the charts are in it, as vectors
