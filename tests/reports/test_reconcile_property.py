"""Property: whatever the caseload, the parts of every figure add up to its total."""

from __future__ import annotations

from datetime import UTC, date, datetime

from hypothesis import given, settings
from hypothesis import strategies as st

from reunite.families.states import State
from reunite.reports.asof import (
    CaseSnapshot,
    CaseView,
    ContactView,
    LocationView,
    PairView,
    VettingView,
    WaiverView,
)
from reunite.reports.status import compute_status

from .test_status import assert_reconciles

CUTOFF = datetime(2018, 9, 1, tzinfo=UTC)
days = st.dates(date(2017, 6, 1), date(2018, 8, 31))
maybe_days = st.none() | days
states = st.sampled_from([s.value for s in State])
parent_places = st.sampled_from(
    ["ice-custody", "criminal-custody", "released-us", "removed", "unknown"]
)
child_places = st.sampled_from(["orr-care", "with-sponsor", "reunified", "aged-out", "unknown"])


@st.composite
def snapshots(draw: st.DrawFn) -> CaseSnapshot:
    snap = CaseSnapshot(cutoff=CUTOFF, head_sequence=1, head_hash="h")
    n_pairs = draw(st.integers(0, 12))
    for pid in range(1, n_pairs + 1):
        case_id = draw(st.integers(1, 4))
        snap.cases.setdefault(case_id, CaseView(case_id, "manual", draw(st.booleans())))
        state = draw(states)
        snap.pairs[pid] = PairView(
            id=pid, case_id=case_id,
            parent_person_id=f"P{draw(st.integers(1, 5))}",
            child_person_id=f"C{draw(st.integers(1, 8))}",
            state=state,
            close_reason=draw(st.sampled_from([None, "reunified", "decline-verified",
                                               "not-eligible-permanent"])),
            parent_language=draw(st.sampled_from([None, "mam", "spa"])),
            child_birth_date=draw(st.none() | st.dates(date(1999, 1, 1), date(2018, 6, 1))),
            separation_date=draw(maybe_days),
            separation_reason=draw(st.sampled_from([None, "Prosecution", "medical", " "])),
            separation_confirmed_date=draw(maybe_days),
            reunified_date=draw(maybe_days) if state in ("reunified", "closed") else None,
            reunified_country=draw(st.sampled_from([None, "US", "GT"])),
        )  # fmt: skip
        for i in range(draw(st.integers(0, 2))):
            subject = draw(st.sampled_from(["parent", "child"]))
            status = draw(parent_places if subject == "parent" else child_places)
            lid = pid * 10 + i
            snap.locations[lid] = LocationView(
                lid, pid, subject, status, draw(st.sampled_from([None, "Casa Padre", "Otero"])),
                draw(st.sampled_from([None, "US", "GT"])), draw(maybe_days),
            )  # fmt: skip
        for i in range(draw(st.integers(0, 2))):
            cid = pid * 10 + i
            snap.contacts[cid] = ContactView(
                cid, pid, datetime(2018, 7, draw(st.integers(1, 30)), tzinfo=UTC), "phone",
                draw(st.sampled_from(["reached", "unreachable"])), draw(st.booleans()),
            )  # fmt: skip
        if draw(st.booleans()):
            snap.vettings[pid] = VettingView(pid, pid, draw(st.sampled_from(
                ["cleared", "pending", "not-eligible-permanent", "not-eligible-at-this-time"])))  # fmt: skip
        if draw(st.booleans()):
            snap.waivers[pid] = WaiverView(
                pid, pid, draw(st.sampled_from(["spa", "mam"])), None, "mam",
                draw(st.none() | st.booleans()), draw(st.booleans()),
            )  # fmt: skip
    return snap


@settings(max_examples=60, deadline=None)
@given(snapshots(), st.sampled_from(["all", "ms-l-class", "after-order"]))
def test_every_report_reconciles(snap: CaseSnapshot, cohort: str) -> None:
    report = compute_status(snap, cohort=cohort)
    assert_reconciles(report)
    children = {p.child_person_id for p in snap.pairs.values()}
    if cohort == "all":
        assert report.section("children_identified").total == len(children)
    assert report.section("families").value("at_removal_risk") <= report.section("families").total
    assert compute_status(snap, cohort=cohort) == report  # pure: same snapshot, same report
