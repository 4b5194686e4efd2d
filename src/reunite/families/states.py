"""The workflow of one parent–child pair, as data: every allowed move is a row of `ALLOWED`.

The happy path follows DOMAIN.md: candidate → confirmed → located → verified → contact → vetting →
the parent's choice (reunify, or decline with a waiver) → reunified / closed. Corrections run backwards
(confirmed → candidate, ruled out → candidate, declined → reunify, closed → vetting when a waiver is
disputed after closing), and parentage can be ruled out at any point before the child is handed over.

There is no "unreachable" state on purpose: failing to reach a parent is a contact attempt's outcome,
never a reason for a case to close. Only a reunification, a verified decline or a permanent
ineligibility closes a pair; `families.service` checks those preconditions.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Literal

from reunite.errors import IllegalTransitionError


class State(StrEnum):
    CANDIDATE = "candidate"  # identified: may be separated, under review
    CONFIRMED = "confirmed"  # identified: separation confirmed
    RULED_OUT = "ruled_out"  # identified: not a separated parent–child pair (reversible)
    LOCATED = "located"  # where the parent and the child are is known
    VERIFIED = "verified"  # parentage established (documents, interview, consulate, DNA)
    CONTACT = "contact"  # parent and child have spoken
    VETTING = "vetting"  # background, parentage and fitness review
    CHOSE_REUNIFY = "chose_reunify"  # the parent chose reunification
    DECLINED = "declined"  # the parent declined, with a waiver on file
    REUNIFIED = "reunified"
    CLOSED = "closed"


S = State

ALLOWED: dict[State, frozenset[State]] = {
    S.CANDIDATE: frozenset({S.CONFIRMED, S.RULED_OUT}),
    S.CONFIRMED: frozenset({S.LOCATED, S.CANDIDATE, S.RULED_OUT}),
    S.RULED_OUT: frozenset({S.CANDIDATE}),
    S.LOCATED: frozenset({S.VERIFIED, S.RULED_OUT}),
    S.VERIFIED: frozenset({S.CONTACT, S.RULED_OUT}),
    S.CONTACT: frozenset({S.VETTING, S.RULED_OUT}),
    S.VETTING: frozenset({S.CHOSE_REUNIFY, S.DECLINED, S.CLOSED, S.RULED_OUT}),
    S.CHOSE_REUNIFY: frozenset({S.REUNIFIED, S.DECLINED, S.VETTING, S.RULED_OUT}),
    S.DECLINED: frozenset({S.CHOSE_REUNIFY, S.VETTING, S.CLOSED, S.RULED_OUT}),
    S.REUNIFIED: frozenset({S.CLOSED}),
    S.CLOSED: frozenset({S.VETTING}),
}

INITIAL_STATES: frozenset[State] = frozenset({S.CANDIDATE, S.CONFIRMED})
"""A pair enters the workflow as a candidate (proposed link, tracing request) or confirmed."""

NOT_A_PAIR: frozenset[State] = frozenset({S.RULED_OUT})
"""States in which the two people are not treated as a separated parent and child."""

CloseReason = Literal["reunified", "decline-verified", "not-eligible-permanent"]
CLOSE_REASONS: tuple[CloseReason, ...] = ("reunified", "decline-verified", "not-eligible-permanent")

# Which close reason goes with which state a pair closes from; anything else is refused.
CLOSE_REASON_FROM: dict[State, CloseReason] = {
    S.REUNIFIED: "reunified",
    S.DECLINED: "decline-verified",
    S.VETTING: "not-eligible-permanent",
}


def parse_state(value: str) -> State:
    """The state named `value` ("ruled out", "Ruled-Out" and "ruled_out" all work)."""
    key = value.strip().lower().replace("-", "_").replace(" ", "_")
    try:
        return State(key)
    except ValueError:
        names = ", ".join(s.value for s in State)
        raise IllegalTransitionError(f"Unknown state {value!r}; the states are: {names}") from None


def can_transition(current: State, target: State) -> bool:
    return target in ALLOWED[current]


def transition(current: State, target: State) -> State:
    """Return `target` if the table allows the move from `current`, else raise IllegalTransitionError."""
    if target in ALLOWED[current]:
        return target
    allowed = ", ".join(sorted(s.value for s in ALLOWED[current]))
    raise IllegalTransitionError(
        f"A pair cannot move from {current.value!r} to {target.value!r}; "
        f"from {current.value!r} it can move to: {allowed}"
    )
