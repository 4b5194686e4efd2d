"""The status report's figures: what they count, that they reconcile, and that a past report holds."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from reunite.families.models import CasePair
from reunite.families.safeguards import ParentChildLinkView
from reunite.reports import asof
from reunite.reports.status import COHORTS, StatusReport, status_report

from .scenario import Clock, Pairs, build_after_july_5

pytestmark = pytest.mark.db

JULY_5 = date(2018, 7, 5)
JULY_10 = date(2018, 7, 10)


def _values(report: StatusReport, key: str) -> dict[str, int]:
    return {f.key: f.value for f in report.section(key).figures if f.value}


def assert_reconciles(report: StatusReport) -> None:
    ident = report.section("children_identified")
    confirmed = ident.value("confirmed")
    for key in ("child_status", "eligibility", "phone_contact", "reunification_deadline"):
        assert report.section(key).total == confirmed, key
    parents = report.section("parent_location")
    assert report.section("parents_by_country").total == parents.total
    assert report.section("parents_by_country_of_birth").total == parents.total
    not_ruled_out = ident.total - ident.value("ruled_out")
    assert report.section("children_by_country_of_birth").total == not_ruled_out
    families = report.section("families")
    assert families.total == families.value("confirmed") + families.value("under_review")
    assert report.section("removed_parents").total == parents.value("removed")
    assert report.section("children_in_care_by_facility").total == report.section(
        "child_status"
    ).value("in_orr_care")
    new = report.section("new_separations_by_reason").total
    assert report.section("new_separations_by_age").total == new


def test_every_section_says_its_unit_cohort_and_date(session: Session, pairs: Pairs) -> None:
    report = status_report(session, as_of=JULY_5)
    assert report.as_of == JULY_5
    units = {s.key: s.unit for s in report.sections}
    assert units["children_identified"] == units["child_status"] == "children"
    assert units["parent_location"] == units["removed_parents"] == "parents"
    assert units["families"] == "families"
    assert all(s.as_of == JULY_5 and s.cohort for s in report.sections)
    assert all(row["unit"] in ("children", "parents", "families") for row in report.rows())


def test_figures_as_of_july_5(session: Session, pairs: Pairs) -> None:
    report = status_report(session, as_of=JULY_5)
    assert _values(report, "children_identified") == {
        "under_review": 1,
        "confirmed": 3,
        "ruled_out": 1,
    }
    assert _values(report, "child_status") == {"reunified": 1, "in_orr_care": 2}
    assert _values(report, "parent_location") == {
        "ice-custody": 1,
        "criminal-custody": 1,
        "removed": 1,
        "unknown": 1,  # P-B, whose child is still under review
    }
    assert _values(report, "removed_parents") == {"unreachable": 1}
    assert _values(report, "eligibility") == {"cleared": 1, "not_yet_vetted": 2}
    assert _values(report, "phone_contact") == {"within_10_days": 1, "not_yet_due": 2}
    assert _values(report, "reunification_deadline") == {"on_time": 1, "not_yet_due": 2}
    assert _values(report, "families") == {
        "confirmed": 2,
        "under_review": 1,
        "at_removal_risk": 1,
    }
    assert _values(report, "children_in_care_by_facility") == {"Casa Padre": 1, "Cayuga": 1}
    assert _values(report, "parents_by_country") == {"US": 2, "GT": 1, "not recorded": 1}
    # C-A1 and C-A2 have one parent, P-A, whose country only C-A1's pair records.
    assert _values(report, "children_by_country_of_birth") == {"GT": 1, "not recorded": 3}
    assert _values(report, "parents_by_country_of_birth") == {"GT": 1, "not recorded": 3}
    assert report.overdue == ()
    [risk] = report.removal_risk
    assert risk.parent_person_id == "P-A" and risk.facility == "Port Isabel"
    assert set(risk.reasons) == {
        "reunified-family-under-stay",
        "child-not-reunified-no-valid-waiver",
    }
    assert_reconciles(report)


def test_figures_as_of_july_10(session: Session, clock: Clock, pairs: Pairs) -> None:
    build_after_july_5(session, clock, pairs)
    session.commit()
    report = status_report(session, as_of=JULY_10)
    assert _values(report, "children_identified") == {
        "under_review": 1,
        "confirmed": 4,
        "ruled_out": 1,
    }
    assert _values(report, "child_status") == {
        "reunified": 1,
        "discharged_to_other_sponsor": 1,  # the back-dated record counts from July 8 on
        "in_orr_care": 1,
        "other": 1,
    }
    assert _values(report, "removed_parents") == {"reached": 1}
    assert _values(report, "eligibility") == {
        "cleared": 1,
        "not_yet_vetted": 2,
        "waiver_not_valid": 1,  # a Spanish form, a Mam speaker who cannot read, no interpreter
    }
    assert _values(report, "new_separations_by_reason") == {"medical": 1}
    assert _values(report, "new_separations_by_age") == {"under_5": 1}
    assert {(o.pair_id, o.kind) for o in report.overdue} == {
        (pairs.a2, "first-contact"),
        (pairs.d1, "first-contact"),
        (pairs.d2, "first-contact"),
    }
    assert all(o.days_overdue == 3 for o in report.overdue)
    assert_reconciles(report)


def test_a_past_report_gives_the_same_figures_after_new_changes(
    session: Session, clock: Clock, pairs: Pairs
) -> None:
    before = status_report(session, as_of=JULY_5)
    build_after_july_5(session, clock, pairs)
    session.commit()
    after = status_report(session, as_of=JULY_5)
    assert after.rows() == before.rows()
    assert after.overdue == before.overdue and after.removal_risk == before.removal_risk
    assert after.audit_head == before.audit_head
    assert status_report(session, as_of=JULY_10).rows() != before.rows()


def test_the_replayed_log_matches_the_case_tables(
    session: Session, clock: Clock, pairs: Pairs
) -> None:
    build_after_july_5(session, clock, pairs)
    session.commit()
    snap = asof.snapshot_as_of(session, datetime(2030, 1, 1, tzinfo=UTC))
    assert snap.skipped_events == 0
    for row in session.execute(select(CasePair)).scalars():
        view = snap.pairs[row.id]
        for name in (
            "state",
            "close_reason",
            "separation_confirmed_date",
            "reunified_date",
            "reunified_place",
            "reunified_country",
            "parent_country_code",
            "child_country_code",
        ):
            assert getattr(view, name) == getattr(row, name), (row.id, name)
        assert view.child_birth_date == row.child_birth_date


def test_cohorts_count_only_their_separations(session: Session, pairs: Pairs) -> None:
    report = status_report(session, as_of=JULY_5, cohort=COHORTS["after-order"])
    assert report.section("children_identified").total == 0
    ms_l = status_report(session, as_of=JULY_5, cohort="ms-l-class")
    assert ms_l.section("children_identified").total == 5
    assert ms_l.section("child_status").cohort.startswith("separated 2017-07-01")


def test_an_empty_store_reports_zeros(session: Session) -> None:
    report = status_report(session, as_of=JULY_5)
    assert all(s.total == 0 for s in report.sections)
    assert report.audit_head == "0:"


def test_a_report_can_be_scoped_to_some_cases(session: Session, pairs: Pairs) -> None:
    report = status_report(session, as_of=JULY_5, case_ids=[1])
    assert report.section("children_identified").total == 2
    assert report.section("parent_location").total == 1
    assert_reconciles(report)


def test_linkage_links_can_join_the_safeguard_for_a_report_as_of_now(
    session: Session, pairs: Pairs
) -> None:
    def links_for(person_id: str) -> list[ParentChildLinkView]:
        return [ParentChildLinkView(person_id, "C-unreviewed", "proposed", 0.91)]

    report = status_report(session, links_for=links_for)
    [risk] = report.removal_risk
    assert "link-not-confirmed" in risk.reasons
    with pytest.raises(ValueError, match="as of a date"):
        status_report(session, as_of=JULY_5, links_for=links_for)
