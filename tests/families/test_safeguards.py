"""The removal safeguard: BLOCKED with every reason, or CLEAR. Pure decisions, table-driven."""

from __future__ import annotations

from dataclasses import replace

import pytest

from reunite.families.safeguards import (
    PairFacts,
    ParentChildLinkView,
    RemovalFacts,
    SeparationSignal,
    WaiverFacts,
    check_schedule,
    decide,
    language_code,
    needs_separation_signals,
    separation_signal,
    waiver_is_valid,
    waiver_problems,
)
from reunite.families.states import State

S = State
PARENT = "P1"


def link(status: str, child: str = "C1", score: float | None = 0.93) -> ParentChildLinkView:
    return ParentChildLinkView(PARENT, child, status, score)  # type: ignore[arg-type]


def pair(state: State, child: str = "C1", **kw: object) -> PairFacts:
    return PairFacts(child, state, **kw)  # type: ignore[arg-type]


SPANISH_FORM_MAM_PARENT = WaiverFacts(
    form_language="spa", interpreter_language=None, parent_language="mam", waiver_id=7
)
VALID_WAIVER = WaiverFacts(
    form_language="spa", interpreter_language="mam", parent_language="mam", waiver_id=8
)


def codes(facts: RemovalFacts) -> list[str]:
    return [r.code for r in decide(facts).reasons]


def test_spanish_form_signed_by_mam_speaker_without_mam_interpreter_does_not_clear() -> None:
    facts = RemovalFacts(
        PARENT,
        parent_language="mam",
        links=(link("confirmed"),),
        pairs=(pair(S.DECLINED, waivers=(SPANISH_FORM_MAM_PARENT,)),),
    )
    decision = decide(facts)
    assert decision.decision == "BLOCKED"
    [reason] = decision.reasons
    assert reason.code == "child-not-reunified-no-valid-waiver"
    assert "waiver 7: form-not-in-parent-language" in reason.detail


def test_the_same_decline_with_a_mam_interpreter_clears() -> None:
    facts = RemovalFacts(
        PARENT, links=(link("confirmed"),), pairs=(pair(S.DECLINED, waivers=(VALID_WAIVER,)),)
    )
    assert decide(facts).decision == "CLEAR"


@pytest.mark.parametrize(
    ("waiver", "parent_language", "problems"),
    [
        (WaiverFacts("mam", None, "mam"), None, []),
        (WaiverFacts("Spanish", None, "es"), None, []),  # names and codes compare as languages
        (WaiverFacts("spa", "Mam", "mam"), None, []),
        (WaiverFacts("spa", None, "mam"), None, ["form-not-in-parent-language"]),
        (WaiverFacts("eng", "spa", "quc"), None, ["form-not-in-parent-language"]),
        (WaiverFacts("spa", None, None), "knj", ["form-not-in-parent-language"]),
        (WaiverFacts("spa", None, None), "spa", []),
        (WaiverFacts("spa", None, None), None, ["parent-language-unknown"]),
        (WaiverFacts("mam", "mam", "mam", disputed=True), None, ["disputed"]),
        (
            WaiverFacts("spa", None, "spa", parent_can_read=False),
            None,
            ["parent-cannot-read-no-interpreter"],
        ),
        (WaiverFacts("spa", "spa", "spa", parent_can_read=False), None, []),
        (
            WaiverFacts("eng", None, "mam", disputed=True, parent_can_read=False),
            None,
            ["disputed", "form-not-in-parent-language", "parent-cannot-read-no-interpreter"],
        ),
    ],
)
def test_waiver_validity(
    waiver: WaiverFacts, parent_language: str | None, problems: list[str]
) -> None:
    assert waiver_problems(waiver, parent_language) == problems
    assert waiver_is_valid(waiver, parent_language) is (not problems)


@pytest.mark.parametrize(
    ("facts", "expected"),
    [
        pytest.param(RemovalFacts(PARENT), [], id="no-children-clear"),
        pytest.param(
            RemovalFacts(PARENT, links=(link("confirmed"),)),
            ["child-not-reunified-no-valid-waiver"],
            id="confirmed-link-no-case-yet",
        ),
        pytest.param(
            RemovalFacts(PARENT, links=(link("proposed"),)),
            ["link-not-confirmed"],
            id="proposed-link-errs-for-the-family",
        ),
        pytest.param(RemovalFacts(PARENT, links=(link("rejected"),)), [], id="rejected-link"),
        pytest.param(
            RemovalFacts(PARENT, links=(link("review"),)),
            ["link-not-confirmed"],
            id="any-undecided-status-blocks",
        ),
        pytest.param(
            RemovalFacts(PARENT, links=(link("proposed"),), pairs=(pair(S.CANDIDATE),)),
            ["link-not-confirmed"],
            id="candidate-pair",
        ),
        pytest.param(
            RemovalFacts(PARENT, links=(link("proposed"),), pairs=(pair(S.LOCATED),)),
            ["child-not-reunified-no-valid-waiver"],
            id="case-confirmed-although-linkage-still-proposes",
        ),
        pytest.param(
            RemovalFacts(PARENT, pairs=(pair(S.RULED_OUT),), links=(link("proposed"),)),
            [],
            id="ruled-out-by-a-person",
        ),
        pytest.param(
            RemovalFacts(PARENT, pairs=(pair(S.RULED_OUT),), links=(link("confirmed"),)),
            ["conflicting-link-decisions"],
            id="ruled-out-but-link-confirmed",
        ),
        pytest.param(
            RemovalFacts(PARENT, pairs=(pair(S.REUNIFIED),)),
            ["reunified-family-under-stay"],
            id="reunified-under-stay",
        ),
        pytest.param(
            RemovalFacts(PARENT, pairs=(pair(S.CLOSED, close_reason="reunified"),)),
            ["reunified-family-under-stay"],
            id="closed-after-reunification-still-under-stay",
        ),
        pytest.param(
            RemovalFacts(PARENT, pairs=(pair(S.REUNIFIED, stay_of_removal=False),)),
            [],
            id="reunified-stay-lifted",
        ),
        pytest.param(
            RemovalFacts(PARENT, pairs=(pair(S.CLOSED, close_reason="not-eligible-permanent"),)),
            [],
            id="found-unfit",
        ),
        pytest.param(
            RemovalFacts(PARENT, pairs=(pair(S.CHOSE_REUNIFY, waivers=(VALID_WAIVER,)),)),
            ["child-not-reunified-no-valid-waiver"],
            id="waiver-on-file-but-parent-chose-reunification",
        ),
        pytest.param(
            RemovalFacts(
                PARENT,
                pairs=(pair(S.CLOSED, close_reason="decline-verified", waivers=(VALID_WAIVER,)),),
            ),
            [],
            id="closed-on-verified-decline",
        ),
        pytest.param(
            RemovalFacts(PARENT, pending_reinterview_ids=(3,)),
            ["pending-re-interview"],
            id="pending-re-interview",
        ),
        pytest.param(
            RemovalFacts(
                PARENT,
                links=(link("confirmed", "C1"), link("proposed", "C2"), link("confirmed", "C3")),
                pairs=(pair(S.REUNIFIED, "C3"),),
                pending_reinterview_ids=(3,),
            ),
            [
                "pending-re-interview",
                "child-not-reunified-no-valid-waiver",
                "link-not-confirmed",
                "reunified-family-under-stay",
            ],
            id="every-reason-is-listed",
        ),
        pytest.param(
            RemovalFacts(PARENT, links=(link("proposed"), link("confirmed"))),
            ["child-not-reunified-no-valid-waiver"],
            id="duplicate-links-most-protective-wins",
        ),
        pytest.param(
            RemovalFacts(PARENT, links=(ParentChildLinkView("OTHER", "C1", "confirmed"),)),
            [],
            id="another-parents-link-is-ignored",
        ),
    ],
)
def test_decide(facts: RemovalFacts, expected: list[str]) -> None:
    decision = decide(facts)
    assert codes(facts) == expected
    assert decision.decision == ("BLOCKED" if expected else "CLEAR")
    assert decision.blocked is bool(expected)


def test_check_schedule_with_a_fake_matcher() -> None:
    rows = [
        {"record_id": "R1", "a_number": "111"},
        {"record_id": "R2", "a_number": "222"},
        {"record_id": "R3", "a_number": "999"},
    ]
    people = {"111": "P1", "222": "P2"}
    facts = {
        "P1": RemovalFacts("P1", links=(ParentChildLinkView("P1", "C1", "confirmed", 0.99),)),
        "P2": RemovalFacts("P2"),
    }
    results = check_schedule(
        rows,
        match_person=lambda row: people.get(str(row["a_number"])),
        facts_for=lambda pid: facts[pid],
    )
    assert [(r.record_id, r.decision, r.person_id) for r in results] == [
        ("R1", "BLOCKED", "P1"),
        ("R2", "CLEAR", "P2"),
        ("R3", "CLEAR", None),
    ]
    assert results[0].to_json()["reasons"][0]["child_person_id"] == "C1"  # type: ignore[index]


@pytest.mark.parametrize(
    ("value", "code"),
    [
        ("Mam", "mam"),
        ("es", "spa"),
        ("Spanish", "spa"),
        ("K'iche'", "quc"),
        ("", None),
        (None, None),
    ],
)
def test_language_code(value: str | None, code: str | None) -> None:
    assert language_code(value) == code


def test_an_unreadable_schedule_row_is_blocked_until_read() -> None:
    rows = [{"record_id": "R9", "_row_number": 14, "_row_problem": "more fields than the header"}]
    [result] = check_schedule(
        rows, match_person=lambda _: None, facts_for=lambda _: RemovalFacts("")
    )
    assert (result.decision, result.row_number, result.reasons[0].code) == (
        "BLOCKED",
        14,
        "row-unreadable",
    )


# ---- what a person's own records say ----------------------------------------------------------


@pytest.mark.parametrize(
    ("role", "unit", "relationship", "notes", "signal"),
    [
        ("adult", None, None, "Separated from minor child", True),
        ("adult", None, None, "Separado de su hija en la frontera", True),
        ("adult", None, None, "Parent referred for prosecution 8 USC 1325", True),
        ("adult", None, None, "Family unit separated - zero tolerance", True),
        ("adult", "FMUA-18-00131", None, None, True),
        ("adult", None, "child", None, True),
        ("adult", None, None, "Transferred from USMS custody", True),
        ("adult", None, None, "Llegó de custodia penal (U.S. Marshals)", True),
        ("adult", None, None, "Single adult", False),
        ("adult", None, None, "8 USC 1326", False),
        ("adult", None, None, "Transfer from Krome Service Processing Center", False),
        ("adult", None, "sibling", "Reinstatement", False),
        # a child's record says the same words about the child
        ("minor", "FMUA-18-00131", None, "SEPARATED", False),
    ],
)
def test_a_separation_signal_is_read_on_adult_records_only(
    role: str, unit: str | None, relationship: str | None, notes: str | None, signal: bool
) -> None:
    said = separation_signal(
        role=role, family_unit_id=unit, related_relationship=relationship, notes=notes
    )
    assert bool(said) is signal


def test_a_separation_signal_blocks_only_when_no_child_is_accounted_for() -> None:
    signal = SeparationSignal("detention", "DET-1", "the notes say so")
    alone = RemovalFacts(person_id="P1", separation_signals=(signal,))
    verdict = decide(alone)
    assert verdict.blocked and [r.code for r in verdict.reasons] == ["separation-recorded"]
    assert "DET-1" in verdict.reasons[0].detail
    # A child rejected by a reviewer does not explain the record: still blocked.
    rejected = replace(alone, links=(ParentChildLinkView("P1", "C1", "rejected"),))
    assert [r.code for r in decide(rejected).reasons] == ["separation-recorded"]
    # A linked child reunified with its parent, no stay: the record is explained, CLEAR.
    reunified = replace(
        alone,
        links=(ParentChildLinkView("P1", "C1", "confirmed"),),
        pairs=(PairFacts("C1", State.REUNIFIED, stay_of_removal=False),),
    )
    assert decide(reunified).decision == "CLEAR"
    assert needs_separation_signals(alone) and not needs_separation_signals(reunified)
