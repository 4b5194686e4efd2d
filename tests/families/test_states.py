"""The transition table: every (from, to) pair of states is either allowed or raises."""

from __future__ import annotations

import itertools

import pytest

from reunite.errors import IllegalTransitionError
from reunite.families.states import (
    ALLOWED,
    CLOSE_REASON_FROM,
    State,
    can_transition,
    parse_state,
    transition,
)

S = State

# Written out by hand from DOMAIN.md, independently of the table, so a change to either is noticed.
EXPECTED: set[tuple[str, str]] = {
    ("candidate", "confirmed"),
    ("candidate", "ruled_out"),
    ("confirmed", "located"),
    ("confirmed", "candidate"),
    ("confirmed", "ruled_out"),
    ("ruled_out", "candidate"),
    ("located", "verified"),
    ("located", "ruled_out"),
    ("verified", "contact"),
    ("verified", "ruled_out"),
    ("contact", "vetting"),
    ("contact", "ruled_out"),
    ("vetting", "chose_reunify"),
    ("vetting", "declined"),
    ("vetting", "closed"),
    ("vetting", "ruled_out"),
    ("chose_reunify", "reunified"),
    ("chose_reunify", "declined"),
    ("chose_reunify", "vetting"),
    ("chose_reunify", "ruled_out"),
    ("declined", "chose_reunify"),
    ("declined", "vetting"),
    ("declined", "closed"),
    ("declined", "ruled_out"),
    ("reunified", "closed"),
    ("closed", "vetting"),
}

ALL_PAIRS = list(itertools.product(State, State))


def test_every_state_has_a_row() -> None:
    assert set(ALLOWED) == set(State)


def test_the_table_matches_the_hand_written_expectation() -> None:
    actual = {(a.value, b.value) for a, targets in ALLOWED.items() for b in targets}
    assert actual == EXPECTED


@pytest.mark.parametrize(("current", "target"), ALL_PAIRS, ids=[f"{a}->{b}" for a, b in ALL_PAIRS])
def test_transition_allowed_iff_in_the_table(current: State, target: State) -> None:
    allowed = (current.value, target.value) in EXPECTED
    assert can_transition(current, target) is allowed
    if allowed:
        assert transition(current, target) is target
    else:
        with pytest.raises(
            IllegalTransitionError, match=f"from '{current.value}' to '{target.value}'"
        ):
            transition(current, target)


def test_no_state_moves_to_itself() -> None:
    assert all(s not in targets for s, targets in ALLOWED.items())


def test_every_state_is_reachable_from_candidate() -> None:
    seen, frontier = {S.CANDIDATE}, [S.CANDIDATE]
    while frontier:
        for nxt in ALLOWED[frontier.pop()]:
            if nxt not in seen:
                seen.add(nxt)
                frontier.append(nxt)
    assert seen == set(State)


def test_corrections_are_possible() -> None:
    assert can_transition(S.RULED_OUT, S.CANDIDATE)
    assert can_transition(S.CONFIRMED, S.CANDIDATE)
    assert can_transition(S.DECLINED, S.CHOSE_REUNIFY)


def test_contact_never_closes_a_case_by_itself() -> None:
    # "Unreachable" is a contact outcome, never a state, and the contact stage cannot close.
    assert "unreachable" not in {s.value for s in State}
    for state in (S.CANDIDATE, S.CONFIRMED, S.LOCATED, S.VERIFIED, S.CONTACT):
        assert not can_transition(state, S.CLOSED)
    assert set(CLOSE_REASON_FROM) == {s for s, t in ALLOWED.items() if S.CLOSED in t}


def test_a_reunified_pair_cannot_be_ruled_out_or_declined() -> None:
    assert ALLOWED[S.REUNIFIED] == frozenset({S.CLOSED})


@pytest.mark.parametrize(
    ("text", "state"),
    [("ruled out", S.RULED_OUT), ("Ruled-Out", S.RULED_OUT), (" CANDIDATE ", S.CANDIDATE)],
)
def test_parse_state(text: str, state: State) -> None:
    assert parse_state(text) is state


def test_parse_state_unknown_names_the_states() -> None:
    with pytest.raises(IllegalTransitionError, match="candidate, confirmed"):
        parse_state("unreachable")
