"""The removal safeguard over the case store: facts gathered from cases, waivers and proceedings."""

from __future__ import annotations

import csv
from collections import defaultdict
from pathlib import Path

import pytest
from sqlalchemy.orm import Session

from reunite.audit import service as audit_service
from reunite.families import removal, steps
from reunite.families import service as cases
from reunite.families.safeguards import ParentChildLinkView
from reunite.families.service import PairSpec
from reunite.families.states import State
from reunite.proceedings import service as proceedings

pytestmark = pytest.mark.db
ACTOR = "caseworker-1"


def _pair(session: Session, parent: str, child: str, language: str | None = "mam") -> int:
    case = cases.open_case(
        session,
        actor=ACTOR,
        pairs=[PairSpec(parent, child, state=State.CONFIRMED, parent_language=language)],
    )
    return cases.pairs_of(session, case.id)[0].id


def _to_vetting(session: Session, pair_id: int) -> None:
    for state in (State.LOCATED, State.VERIFIED, State.CONTACT, State.VETTING):
        cases.transition_pair(session, actor=ACTOR, pair_id=pair_id, to=state)


def codes(
    session: Session, person_id: str, links: tuple[ParentChildLinkView, ...] = ()
) -> list[str]:
    decision = removal.check_person(session, person_id=person_id, links_for=lambda _: links)
    return [r.code for r in decision.reasons]


def test_mam_parent_with_spanish_waiver_is_blocked(session: Session) -> None:
    pair_id = _pair(session, "P-MAM", "C-1")
    _to_vetting(session, pair_id)
    cases.record_waiver(session, actor=ACTOR, pair_id=pair_id, form_language="spa")
    cases.transition_pair(session, actor=ACTOR, pair_id=pair_id, to=State.DECLINED)
    decision = removal.check_person(session, person_id="P-MAM")
    assert decision.decision == "BLOCKED"
    assert "form-not-in-parent-language" in decision.reasons[0].detail

    cases.record_waiver(
        session, actor=ACTOR, pair_id=pair_id, form_language="spa", interpreter_language="mam"
    )
    assert removal.check_person(session, person_id="P-MAM").decision == "CLEAR"


def test_every_reason_from_the_store(session: Session) -> None:
    pair_id = _pair(session, "P-1", "C-1")
    reunified = _pair(session, "P-1", "C-2")
    _to_vetting(session, reunified)
    steps.record_vetting(session, actor=ACTOR, pair_id=reunified, status="cleared")
    cases.transition_pair(session, actor=ACTOR, pair_id=reunified, to=State.CHOSE_REUNIFY)
    cases.transition_pair(session, actor=ACTOR, pair_id=reunified, to=State.REUNIFIED)
    interview = proceedings.record_proceeding(
        session,
        actor=ACTOR,
        person_id="P-1",
        kind="credible-fear-interview",
        reinterview_settlement=True,
    )
    proposed = (ParentChildLinkView("P-1", "C-3", "proposed", 0.6),)
    assert codes(session, "P-1", proposed) == [
        "pending-re-interview",
        "child-not-reunified-no-valid-waiver",
        "reunified-family-under-stay",
        "link-not-confirmed",
    ]
    proceedings.record_outcome(session, actor=ACTOR, proceeding_id=interview.id, outcome="positive")
    cases.transition_pair(session, actor=ACTOR, pair_id=pair_id, to=State.RULED_OUT)
    assert codes(session, "P-1") == ["reunified-family-under-stay"]


def test_an_adult_with_no_child_is_clear(session: Session) -> None:
    _pair(session, "P-1", "C-1")
    assert codes(session, "P-OTHER") == []
    assert codes(session, "C-1") == []  # a child is not a parent of anyone here


def test_check_schedule_rows_audits_the_check(session: Session) -> None:
    _pair(session, "P-1", "C-1")
    rows = [
        {"record_id": "S-1", "person_id": "P-1"},
        {"record_id": "S-2", "person_id": "P-2"},
        {"record_id": "S-3", "person_id": ""},
    ]
    results = removal.check_schedule_rows(
        session,
        actor=ACTOR,
        rows=rows,
        match_person=lambda row: str(row.get("person_id") or "") or None,
        schedule_ref="sha256:abc",
    )
    assert [(r.record_id, r.decision) for r in results] == [
        ("S-1", "BLOCKED"),
        ("S-2", "CLEAR"),
        ("S-3", "CLEAR"),
    ]
    [event] = audit_service.entity_history(session, "removal_schedule", "sha256:abc")
    assert event.event_type == "safeguard-checked"
    assert event.after and event.after["blocked"] == 1 and event.after["rows"] == 3


def test_a_synthetic_detention_roster_as_a_removal_schedule(
    session: Session, tmp_path: Path
) -> None:
    """Every detained parent with a child in the data is BLOCKED; every other adult is CLEAR.

    The truth files stand in for linkage (a perfect matcher and confirmed links), so this checks the
    plumbing from a real roster file to decisions; linkage's own recall is measured elsewhere.
    """
    from reunite.synth import generate, write

    write(generate(150, seed=11), tmp_path)
    with (tmp_path / "truth" / "persons.csv").open(encoding="utf-8") as handle:
        person_of = {(r["source"], r["record_id"]): r["person_id"] for r in csv.DictReader(handle)}
    links: dict[str, list[ParentChildLinkView]] = defaultdict(list)
    with (tmp_path / "truth" / "parent_child.csv").open(encoding="utf-8") as handle:
        for r in csv.DictReader(handle):
            links[r["parent_person_id"]].append(
                ParentChildLinkView(r["parent_person_id"], r["child_person_id"], "confirmed", 1.0)
            )
    schedule = removal.read_schedule(tmp_path / "detention.csv")
    results = removal.check_schedule_rows(
        session,
        actor=ACTOR,
        rows=schedule.rows,
        match_person=lambda row: person_of.get(("detention", str(row.get("record_id")))),
        links_for=lambda pid: links.get(pid, []),
    )
    assert len(results) == len(schedule.rows) > 0
    readable = [r for r in results if not any(x.code == "row-unreadable" for x in r.reasons)]
    parents = [r for r in readable if r.person_id in links]
    others = [r for r in readable if r.person_id not in links]
    assert parents and others
    assert all(r.decision == "BLOCKED" for r in parents)  # recall 1.0 given the links
    assert all(r.decision == "CLEAR" for r in others)
    assert all(r.decision == "BLOCKED" for r in results if r not in readable)
