"""The removal safeguard: may this person be removed (deported) or transferred? Pure decisions, no I/O.

A parent is BLOCKED, with every reason that applies, when
- a linked child is not reunified and there is no valid waiver of reunification;
- the family was reunified and is under the court's stay of removal;
- a credible-fear re-interview (Dora / M.M.M. settlement) is pending;
- a parent–child link is only proposed, not yet confirmed or rejected by a person — we err on the side
  of the family: an unreviewed link blocks until someone looks at it;
- no child is linked, but one of the person's own records says they came as a parent: separated from
  a child, apprehended in a family unit, a child named on their record. A parent whose child is in
  no roster yet (or spelled past recognition) must not be removed before someone finds the child.
Otherwise CLEAR. The facts come from the case store and from linkage (through `ParentChildLinkView`,
so linkage plugs in with one adapter); `families.removal` gathers them.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from functools import lru_cache
from typing import Literal

from reunite.families.states import NOT_A_PAIR, State

LinkStatus = Literal["proposed", "confirmed", "rejected"]
Decision = Literal["BLOCKED", "CLEAR"]
ReasonCode = Literal[
    "child-not-reunified-no-valid-waiver",
    "reunified-family-under-stay",
    "pending-re-interview",
    "link-not-confirmed",
    "conflicting-link-decisions",
    "separation-recorded",
    "row-unreadable",
]
WaiverProblem = Literal[
    "disputed",
    "parent-language-unknown",
    "form-not-in-parent-language",
    "parent-cannot-read-no-interpreter",
]


@dataclass(frozen=True)
class ParentChildLinkView:
    """What the safeguard needs from one linkage parent–child link."""

    parent_person_id: str
    child_person_id: str
    status: LinkStatus
    score: float | None = None


@dataclass(frozen=True)
class WaiverFacts:
    """A waiver of reunification as signed: a decline counts only if knowing and voluntary."""

    form_language: str | None
    interpreter_language: str | None
    parent_language: str | None
    disputed: bool = False
    parent_can_read: bool | None = None
    waiver_id: int | None = None


@dataclass(frozen=True)
class PairFacts:
    """One case pair of this parent with one child, as the case workflow has it."""

    child_person_id: str
    state: State
    stay_of_removal: bool = True
    close_reason: str | None = None
    waivers: tuple[WaiverFacts, ...] = ()
    case_id: int | None = None
    pair_id: int | None = None


@dataclass(frozen=True)
class SeparationSignal:
    """One of the person's own records that says they came as a parent, and what it says."""

    source: str
    record_id: str
    says: str


@dataclass(frozen=True)
class RemovalFacts:
    """Everything known about one person scheduled for removal or transfer."""

    person_id: str
    parent_language: str | None = None
    links: tuple[ParentChildLinkView, ...] = ()
    pairs: tuple[PairFacts, ...] = ()
    pending_reinterview_ids: tuple[int, ...] = ()
    separation_signals: tuple[SeparationSignal, ...] = ()
    # A reviewer recorded that this person has no separated child: the signals do not block.
    no_separated_child: bool = False


@dataclass(frozen=True)
class Reason:
    code: ReasonCode
    detail: str
    child_person_id: str | None = None

    def to_json(self) -> dict[str, object]:
        return {"code": self.code, "detail": self.detail, "child_person_id": self.child_person_id}


@dataclass(frozen=True)
class SafeguardDecision:
    decision: Decision
    reasons: tuple[Reason, ...] = ()

    @property
    def blocked(self) -> bool:
        return self.decision == "BLOCKED"


# ---- language and waivers -------------------------------------------------------------------------

_EXTRA_LANGUAGE_NAMES = {
    "kiche": "quc",
    "quiche": "quc",
    "k'iche": "quc",
    "k'iche'": "quc",
    "qanjobal": "kjb",
    "q'anjob'al": "kjb",
    "qeqchi": "kek",
    "q'eqchi'": "kek",
    "kekchi": "kek",
    "akateko": "knj",
    "akatek": "knj",
    "chuj": "cac",
    "ixil": "ixl",
    "kaqchikel": "cak",
    "espanol": "spa",
    "español": "spa",
    "castellano": "spa",
    "ingles": "eng",
    "inglés": "eng",
}


@lru_cache(maxsize=512)
def language_code(value: str | None) -> str | None:
    """An ISO 639-3 code for a language code or name ("Mam", "es", "Spanish", "K'iche'"), else None."""
    if value is None or not value.strip():
        return None
    key = value.strip().lower()
    if key in _EXTRA_LANGUAGE_NAMES:
        return _EXTRA_LANGUAGE_NAMES[key]
    import pycountry  # lazily: its tables are large

    try:
        found = pycountry.languages.lookup(key)
    except LookupError:
        return key  # keep an unknown code as given; it still compares equal to itself
    return str(getattr(found, "alpha_3", key))


def waiver_problems(waiver: WaiverFacts, parent_language: str | None = None) -> list[WaiverProblem]:
    """Why a waiver does not count (empty when it is valid)."""
    problems: list[WaiverProblem] = []
    if waiver.disputed:
        problems.append("disputed")
    parent = language_code(waiver.parent_language) or language_code(parent_language)
    interpreter = language_code(waiver.interpreter_language)
    if parent is None:
        problems.append("parent-language-unknown")
    elif language_code(waiver.form_language) != parent and interpreter != parent:
        problems.append("form-not-in-parent-language")
    if waiver.parent_can_read is False and (parent is None or interpreter != parent):
        problems.append("parent-cannot-read-no-interpreter")
    return problems


def waiver_is_valid(waiver: WaiverFacts, parent_language: str | None = None) -> bool:
    return not waiver_problems(waiver, parent_language)


# ---- what a person's own records say -------------------------------------------------------------

# Words in an adult's record notes that say the adult was separated from a child or came with one
# (English and Spanish, folded to upper case without accents). They are read on adult records
# only: a child's record says the same words about the child.
_SEPARATION_WORDS = re.compile(
    r"\b(SEPARATED|SEPARAD[OA]S?|SEPARACION|FAMILY[ -]UNIT|UNIDAD FAMILIAR|FMUA|ZERO TOLERANCE"
    r"|TOLERANCIA CERO|PARENT|WITH (?:HIS |HER )?(?:MINOR )?"
    r"(?:CHILD|CHILDREN|SON|DAUGHTER)|CON SU[S]? (?:HIJ[OA]S?|MENOR(?:ES)?))\b"
)
# Words that say the adult came to immigration detention from criminal custody (the US Marshals
# hold those prosecuted for the border crossing). Under "zero tolerance" that prosecution is how
# parents were separated from their children, so it counts until a reviewer finds no child.
_PROSECUTION_WORDS = re.compile(
    r"\b(USMS|U\.? ?S\.? ?MARSHALS?|MARSHALS? SERVICE|CRIMINAL CUSTODY|CUSTODIA PENAL"
    r"|PROSECUTION|PROSECUTED|PROCESAD[OA] PENALMENTE)\b"
)


def separation_signal(
    *,
    role: str | None,
    family_unit_id: str | None,
    related_relationship: str | None,
    notes: str | None,
) -> str | None:
    """What an adult's record says about a separated child, in words, or None if nothing."""
    if role != "adult":
        return None
    said: list[str] = []
    if notes:
        folded = unicodedata.normalize("NFKD", notes).encode("ascii", "ignore").decode().upper()
        if _SEPARATION_WORDS.search(folded):
            said.append("the notes say the adult was separated from a child or came as a parent")
        elif _PROSECUTION_WORDS.search(folded):
            said.append(
                "the notes say the adult came from criminal (US Marshals) custody: parents"
                " prosecuted for the crossing were separated from their children"
            )
    if family_unit_id:
        said.append("apprehended as part of a family unit")
    if related_relationship == "child":
        said.append("the record names a child of this adult")
    return "; ".join(said) or None


def _child_accounted_for(facts: RemovalFacts) -> bool:
    """Is any child of this person linked (not rejected) or in a case pair (not ruled out)?"""
    return any(
        link.status != "rejected"
        for link in facts.links
        if link.parent_person_id == facts.person_id
    ) or any(pair.state not in NOT_A_PAIR for pair in facts.pairs)


def needs_separation_signals(facts: RemovalFacts) -> bool:
    """Signals decide only when no child is accounted for and no reviewer has found that there
    is none: gatherers may skip reading them otherwise."""
    return not facts.no_separated_child and not _child_accounted_for(facts)


# ---- the decision -----------------------------------------------------------------------------------

_DECLINE_STATES = frozenset({State.DECLINED, State.CLOSED})
_LINK_RANK: dict[str, int] = {"rejected": 0, "proposed": 1, "confirmed": 2}


def _rank(status: str) -> int:
    # Any other status ("review", a future one) counts as not yet decided: it blocks.
    return _LINK_RANK.get(status, 1)


def _is_reunified(pair: PairFacts) -> bool:
    return pair.state == State.REUNIFIED or (
        pair.state == State.CLOSED and pair.close_reason == "reunified"
    )


def _child_reasons(
    child_id: str,
    link: ParentChildLinkView | None,
    pairs: list[PairFacts],
    parent_language: str | None,
) -> list[Reason]:
    active = [p for p in pairs if p.state not in NOT_A_PAIR]
    link_confirmed = link is not None and link.status == "confirmed"
    if not active:
        if pairs and link_confirmed:
            return [
                Reason(
                    "conflicting-link-decisions",
                    "the link is confirmed but the case pair was ruled out; resolve before removal",
                    child_id,
                )
            ]
        if pairs or link is None or link.status == "rejected":
            return []  # ruled out or rejected by a person: not this parent's child
    confirmed = link_confirmed or any(p.state != State.CANDIDATE for p in active)
    if not confirmed:
        score = f" (score {link.score:.2f})" if link is not None and link.score is not None else ""
        return [
            Reason("link-not-confirmed", f"a possible child is not yet reviewed{score}", child_id)
        ]
    if any(_is_reunified(p) for p in active):
        if any(p.stay_of_removal for p in active if _is_reunified(p)):
            return [
                Reason("reunified-family-under-stay", "reunified family under the stay", child_id)
            ]
        return []
    if any(p.state == State.CLOSED and p.close_reason == "not-eligible-permanent" for p in active):
        # The order allows removal of a parent found unfit or a danger to the child.
        return []
    problems: list[str] = []
    for pair in active:
        for waiver in pair.waivers:
            found = waiver_problems(waiver, parent_language)
            if not found and pair.state in _DECLINE_STATES:
                return []
            label = f"waiver {waiver.waiver_id}" if waiver.waiver_id is not None else "waiver"
            problems.append(f"{label}: " + (", ".join(found) or "the parent has not declined"))
    detail = "; ".join(problems) if problems else "no waiver on file"
    return [Reason("child-not-reunified-no-valid-waiver", detail, child_id)]


def decide(facts: RemovalFacts) -> SafeguardDecision:
    """BLOCKED with every reason that applies, or CLEAR."""
    reasons: list[Reason] = [
        Reason("pending-re-interview", f"re-interview (proceeding {pid}) pending")
        for pid in facts.pending_reinterview_ids
    ]
    by_child: dict[str, tuple[ParentChildLinkView | None, list[PairFacts]]] = {}
    for link in facts.links:
        if link.parent_person_id != facts.person_id:
            continue
        current: ParentChildLinkView | None
        current, pairs = by_child.get(link.child_person_id, (None, []))
        # Several links to one child (re-runs): the most protective status wins.
        if current is None or _rank(link.status) > _rank(current.status):
            current = link
        by_child[link.child_person_id] = (current, pairs)
    for pair in facts.pairs:
        by_child.setdefault(pair.child_person_id, (None, []))[1].append(pair)
    for child_id in sorted(by_child):
        child_link, pairs = by_child[child_id]
        reasons.extend(_child_reasons(child_id, child_link, pairs, facts.parent_language))
    if needs_separation_signals(facts):
        reasons.extend(
            Reason(
                "separation-recorded",
                f"{signal.source} record {signal.record_id}: {signal.says}; no child is linked yet"
                " — find the child before removal",
            )
            for signal in facts.separation_signals
        )
    return SafeguardDecision("BLOCKED" if reasons else "CLEAR", tuple(reasons))


# ---- a whole schedule -------------------------------------------------------------------------------


@dataclass(frozen=True)
class ScheduleResult:
    record_id: str
    decision: Decision
    reasons: tuple[Reason, ...]
    person_id: str | None
    row_number: int | None = None
    extra: Mapping[str, object] = field(default_factory=dict)

    def to_json(self) -> dict[str, object]:
        return {
            "record_id": self.record_id,
            "decision": self.decision,
            "reasons": [r.to_json() for r in self.reasons],
            "person_id": self.person_id,
            "row_number": self.row_number,
        }


Row = Mapping[str, object]


PersonMatch = str | Sequence[str] | None


def check_schedule(
    rows: Iterable[Row],
    *,
    match_person: Callable[[Row], PersonMatch],
    facts_for: Callable[[str], RemovalFacts],
    row_signals: Callable[[Row], Sequence[SeparationSignal]] | None = None,
) -> list[ScheduleResult]:
    """Decide every row of a removal or transfer schedule.

    A row that matches no person is CLEAR (nothing links that person to a child) unless the row itself
    says the person came as a parent (`row_signals`); a row that could
    not be read is BLOCKED until someone reads it, since it may be a parent. A row that may be one
    of several persons is BLOCKED if any of them is, with every reason (`person_id` lists them all,
    separated by ";"). A row may carry `_row_number` (its place in the file) and `_row_problem`
    (why it could not be read).
    """
    results: list[ScheduleResult] = []
    for index, row in enumerate(rows, start=1):
        record_id = str(row.get("record_id") or "")
        number = row.get("_row_number")
        row_number = number if isinstance(number, int) else index
        problem = row.get("_row_problem")
        if problem:
            reason = Reason("row-unreadable", f"row {row_number}: {problem}")
            results.append(ScheduleResult(record_id, "BLOCKED", (reason,), None, row_number))
            continue
        matched = match_person(row)
        person_ids = [matched] if isinstance(matched, str) else list(matched or ())
        # What the row itself says counts for whoever it is, or for nobody we know.
        own = tuple(row_signals(row)) if row_signals is not None else ()
        if not person_ids:
            unknown = decide(RemovalFacts(person_id="", separation_signals=own))
            results.append(
                ScheduleResult(record_id, unknown.decision, unknown.reasons, None, row_number)
            )
            continue
        decisions = [
            decide(replace(facts, separation_signals=facts.separation_signals + own))
            for facts in map(facts_for, person_ids)
        ]
        reasons = tuple(reason for d in decisions for reason in d.reasons)
        results.append(
            ScheduleResult(
                record_id,
                "BLOCKED" if any(d.blocked for d in decisions) else "CLEAR",
                reasons,
                ";".join(person_ids),
                row_number,
            )
        )
    return results
