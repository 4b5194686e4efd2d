"""How one child, parent or family is classified for the status report: pure rules over a snapshot.

A child with two parents has two pairs; the child's *primary pair* (the one furthest along the
workflow, the lowest id on a tie) decides the child's status, eligibility and deadlines.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date

from reunite.families.deadlines import (
    PairClock,
    age_on,
    first_contact_due,
    reunification_deadline,
)
from reunite.families.safeguards import PairFacts, RemovalFacts, WaiverFacts, waiver_problems
from reunite.families.states import State
from reunite.reports.asof import (
    CaseSnapshot,
    ContactView,
    LocationView,
    PairView,
    ProceedingView,
    VettingView,
    WaiverView,
)

# Workflow progress, for choosing a child's primary pair. Ruled out is never primary while
# another pair is open.
_PROGRESS: dict[str, int] = {
    "ruled_out": -1,
    "candidate": 0,
    "confirmed": 1,
    "located": 2,
    "verified": 3,
    "contact": 4,
    "vetting": 5,
    "chose_reunify": 6,
    "declined": 6,
    "reunified": 8,
    "closed": 8,
}


# ---- children, parents, families ---------------------------------------------------------------------


@dataclass
class Index:
    """The snapshot, grouped the ways the figures need."""

    snap: CaseSnapshot
    pairs_by_child: dict[str, list[PairView]] = field(default_factory=lambda: defaultdict(list))
    pairs_by_parent: dict[str, list[PairView]] = field(default_factory=lambda: defaultdict(list))
    locations: dict[tuple[int, str], list[LocationView]] = field(
        default_factory=lambda: defaultdict(list)
    )
    waivers: dict[int, list[WaiverView]] = field(default_factory=lambda: defaultdict(list))
    contacts: dict[int, list[ContactView]] = field(default_factory=lambda: defaultdict(list))
    vettings: dict[int, list[VettingView]] = field(default_factory=lambda: defaultdict(list))
    proceedings: dict[str, list[ProceedingView]] = field(default_factory=lambda: defaultdict(list))

    @classmethod
    def build(cls, snap: CaseSnapshot) -> Index:
        index = cls(snap)
        for pair in sorted(snap.pairs.values(), key=lambda p: p.id):
            index.pairs_by_child[pair.child_person_id].append(pair)
            index.pairs_by_parent[pair.parent_person_id].append(pair)
        for loc in sorted(snap.locations.values(), key=lambda loc: loc.id):
            index.locations[(loc.pair_id, loc.subject)].append(loc)
        for waiver in sorted(snap.waivers.values(), key=lambda w: w.id):
            index.waivers[waiver.pair_id].append(waiver)
        for contact in sorted(snap.contacts.values(), key=lambda c: c.id):
            index.contacts[contact.pair_id].append(contact)
        for review in sorted(snap.vettings.values(), key=lambda v: v.id):
            index.vettings[review.pair_id].append(review)
        for proceeding in sorted(snap.proceedings.values(), key=lambda p: p.id):
            index.proceedings[proceeding.person_id].append(proceeding)
        return index

    def latest_location(self, pairs: Iterable[PairView], subject: str) -> LocationView | None:
        found = [loc for p in pairs for loc in self.locations.get((p.id, subject), [])]
        if not found:
            return None

        def key(loc: LocationView) -> tuple[date, int]:
            when = loc.as_of_date or (loc.recorded_at.date() if loc.recorded_at else date.min)
            return (when, loc.id)

        return max(found, key=key)


NO_PLACE = LocationView(id=0, pair_id=0, subject="", status="unknown")


def primary_pair(pairs: Sequence[PairView]) -> PairView:
    """The pair that speaks for a child: the one furthest along (lowest id on a tie)."""
    return max(pairs, key=lambda p: (_PROGRESS.get(p.state, 0), -p.id))


def identification(pairs: Sequence[PairView]) -> str:
    """under_review / confirmed / ruled_out for a child, from all its pairs."""
    state = primary_pair(pairs).state
    if state == State.RULED_OUT:
        return "ruled_out"
    return "under_review" if state == State.CANDIDATE else "confirmed"


def is_reunified(pair: PairView) -> bool:
    return pair.state == State.REUNIFIED or (
        pair.state == State.CLOSED and pair.close_reason == "reunified"
    )


def waiver_facts(index: Index, pair_id: int) -> tuple[WaiverFacts, ...]:
    return tuple(
        WaiverFacts(
            form_language=w.form_language,
            interpreter_language=w.interpreter_language,
            parent_language=w.parent_language,
            disputed=w.disputed,
            parent_can_read=w.parent_can_read,
            waiver_id=w.id,
        )
        for w in index.waivers.get(pair_id, [])
    )


def first_contact(index: Index, pair: PairView) -> date | None:
    """The day parent and child first spoke, or were together again."""
    calls = [
        c.attempted_at.date()
        for c in index.contacts.get(pair.id, [])
        if c.parent_child_call and c.attempted_at is not None
    ]
    # Being together counts as contact (as in families.service.pair_clock).
    candidates = [*calls, *([pair.reunified_date] if pair.reunified_date else [])]
    return min(candidates) if candidates else None


CHILD_IDENTIFICATION = {
    "under_review": "under review (candidate)",
    "confirmed": "confirmed separated",
    "ruled_out": "ruled out",
}
CHILD_STATUS = {
    "in_orr_care": "in ORR care",
    "reunified": "reunified with a parent",
    "discharged_to_released_parent": "discharged to a parent released in the US",
    "discharged_to_other_sponsor": "discharged to another sponsor",
    "aged_out": "aged out (turned 18)",
    "other": "other or not recorded",
}
PARENT_LOCATION = {
    "ice-custody": "in ICE custody",
    "criminal-custody": "in criminal custody",
    "released-us": "released in the US",
    "removed": "removed from the US",
    "unknown": "unknown or not recorded",
}
ELIGIBILITY = {
    "cleared": "cleared",
    "pending": "vetting pending",
    "not_yet_vetted": "not yet vetted",
    "not_eligible_permanent": "not eligible (permanent)",
    "not_eligible_at_this_time": "not eligible at this time",
    "waived": "waived reunification (valid waiver)",
    "waiver_disputed": "waiver disputed",
    "waiver_not_valid": "waiver on file but not knowing and voluntary",
}
REMOVED_PARENTS = {
    "reached": "reached",
    "unreachable": "tried, not reached",
    "no_contact_data": "no contact attempt recorded",
}
CONTACT = {
    "within_10_days": "first call within 10 days",
    "late": "first call after 10 days",
    "past_due_no_contact": "no call yet, past due",
    "not_yet_due": "no call yet, not yet due",
}
REUNIFICATION_DEADLINE = {
    "on_time": "reunified by the deadline",
    "late": "reunified after the deadline",
    "overdue": "not reunified, past the deadline",
    "not_yet_due": "not reunified, not yet due",
    "closed_without_reunification": "closed without reunification (decline, not eligible)",
    "no_deadline": "no deadline (18 or older at the start)",
}
AGE_BANDS = {
    "under_5": "under 5",
    "5_to_17": "5 to 17",
    "18_or_older": "18 or older",
    "age_unknown": "age unknown",
}

DAYS_BANDS = {
    "0_14": "0–14 days",
    "15_30": "15–30 days",
    "31_60": "31–60 days",
    "61_90": "61–90 days",
    "91_180": "91–180 days",
    "over_180": "more than 180 days",
    "separation_date_unknown": "separation date not recorded",
}
_DAYS_LIMITS = ((14, "0_14"), (30, "15_30"), (60, "31_60"), (90, "61_90"), (180, "91_180"))


def days_band(separated: date | None, reunified: date | None) -> str:
    if separated is None or reunified is None:
        return "separation_date_unknown"
    days = (reunified - separated).days
    return next((band for limit, band in _DAYS_LIMITS if days <= limit), "over_180")


def child_status(index: Index, pairs: Sequence[PairView]) -> str:
    primary = primary_pair(pairs)
    if is_reunified(primary):
        parent = index.latest_location(index.pairs_by_parent[primary.parent_person_id], "parent")
        in_us = primary.reunified_country in (None, "US")
        if parent is not None and parent.status == "released-us" and in_us:
            return "discharged_to_released_parent"
        return "reunified"
    location = index.latest_location(pairs, "child")
    status = location.status if location else None
    return {
        "orr-care": "in_orr_care",
        "with-sponsor": "discharged_to_other_sponsor",
        "reunified": "reunified",
        "aged-out": "aged_out",
    }.get(status or "", "other")


def eligibility(index: Index, pair: PairView) -> str:
    """Eligibility of one pair: a waiver decides first, then the latest vetting review."""
    waivers = waiver_facts(index, pair.id)
    if waivers:
        valid = [w for w in waivers if not waiver_problems(w, pair.parent_language)]
        if valid and pair.state in (State.DECLINED, State.CLOSED):
            return "waived"
        if any(w.disputed for w in waivers):
            return "waiver_disputed"
        if pair.state == State.DECLINED or (
            pair.state == State.CLOSED and pair.close_reason == "decline-verified"
        ):
            return "waiver_not_valid"
    reviews = index.vettings.get(pair.id, [])
    if not reviews:
        return "not_yet_vetted"
    return reviews[-1].status.replace("-", "_")


def parent_location(index: Index, parent_id: str) -> LocationView | None:
    return index.latest_location(index.pairs_by_parent[parent_id], "parent")


def contact_category(index: Index, pair: PairView, today: date) -> str:
    due = first_contact_due(separation_confirmed_date=pair.separation_confirmed_date)
    first = first_contact(index, pair)
    if first is not None:
        return "within_10_days" if first <= due else "late"
    return "past_due_no_contact" if due < today else "not_yet_due"


def reunification_category(pair: PairView, today: date) -> str:
    deadline = reunification_deadline(
        child_birth_date=pair.child_birth_date,
        separation_confirmed_date=pair.separation_confirmed_date,
    )
    if deadline.due_date is None:
        return "no_deadline"
    if pair.reunified_date is not None and is_reunified(pair):
        return "on_time" if pair.reunified_date <= deadline.due_date else "late"
    if pair.state == State.CLOSED:
        return "closed_without_reunification"
    return "overdue" if deadline.due_date < today else "not_yet_due"


def age_band(birth: date | None, on: date | None) -> str:
    if birth is None or on is None:
        return "age_unknown"
    age = age_on(birth, on)
    return "under_5" if age < 5 else "5_to_17" if age < 18 else "18_or_older"


def pair_clock(index: Index, pair: PairView) -> PairClock:
    return PairClock(
        case_id=pair.case_id,
        pair_id=pair.id,
        child_birth_date=pair.child_birth_date,
        separation_confirmed_date=pair.separation_confirmed_date,
        reunified_date=pair.reunified_date,
        first_contact_date=first_contact(index, pair),
        active=pair.state not in (State.RULED_OUT, State.CLOSED, State.CANDIDATE),
    )


def _pending_reinterviews(index: Index, person_id: str) -> tuple[int, ...]:
    return tuple(
        p.id
        for p in index.proceedings.get(person_id, [])
        if p.reinterview_settlement and p.outcome in ("pending", "continued")
    )


def removal_facts(index: Index, parent_id: str) -> RemovalFacts:
    snap = index.snap
    pairs = index.pairs_by_parent[parent_id]
    return RemovalFacts(
        person_id=parent_id,
        parent_language=next((p.parent_language for p in pairs if p.parent_language), None),
        pairs=tuple(
            PairFacts(
                child_person_id=p.child_person_id,
                state=State(p.state),
                stay_of_removal=snap.cases[p.case_id].stay_of_removal
                if p.case_id in snap.cases
                else True,
                close_reason=p.close_reason,
                waivers=waiver_facts(index, p.id),
                case_id=p.case_id,
                pair_id=p.id,
            )
            for p in pairs
        ),
        pending_reinterview_ids=_pending_reinterviews(index, parent_id),
    )
