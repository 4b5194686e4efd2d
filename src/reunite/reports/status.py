"""The court status report: every figure of DOMAIN.md's "What must be reported", from one function.

`compute_status(snapshot, ...)` is pure: it takes a `CaseSnapshot` (the case store as of a moment,
rebuilt from the audit log by `reports.asof`) and returns a `StatusReport`. `status_report(session)`
is the one entry point the CLI, the PDF and the web dashboard all call, so they never disagree.

Every figure names its unit (children, parents or families), its cohort and its as-of date: the 2018
reports switched from parents to children and their totals could not be compared.
How each child, parent and family is classified lives in `reports.figures`.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, datetime, timedelta
from typing import Literal

from sqlalchemy.orm import Session

from reunite.families.deadlines import ORDER_DATE, DeadlineItem, deadline_items, overdue
from reunite.families.safeguards import ParentChildLinkView, decide
from reunite.families.states import State
from reunite.reports.asof import (
    CaseSnapshot,
    LocationView,
    PairView,
    report_date,
    snapshot_as_of,
)
from reunite.reports.figures import (
    AGE_BANDS,
    CHILD_IDENTIFICATION,
    CHILD_STATUS,
    CONTACT,
    DAYS_BANDS,
    ELIGIBILITY,
    NO_PLACE,
    PARENT_LOCATION,
    REMOVED_PARENTS,
    REUNIFICATION_DEADLINE,
    Index,
    age_band,
    child_status,
    contact_category,
    days_band,
    eligibility,
    identification,
    is_reunified,
    pair_clock,
    parent_location,
    primary_pair,
    removal_facts,
    reunification_category,
)
from reunite.reports.live import snapshot_now

Unit = Literal["children", "parents", "families"]
LinksFor = Callable[[str], Sequence[ParentChildLinkView]]


@dataclass(frozen=True)
class Cohort:
    """Which separations a report counts, by separation date (inclusive bounds)."""

    key: str
    label: str
    separated_from: date | None = None
    separated_to: date | None = None

    def includes(self, separation_date: date | None) -> bool:
        if self.separated_from is None and self.separated_to is None:
            return True
        if separation_date is None:
            return False  # an unknown date is counted only in the cohort without bounds
        if self.separated_from is not None and separation_date < self.separated_from:
            return False
        return self.separated_to is None or separation_date <= self.separated_to


COHORTS: dict[str, Cohort] = {
    c.key: c
    for c in (
        Cohort("all", "all parent–child pairs in Reunite's family cases"),
        Cohort(
            "ms-l-class",
            "separated 2017-07-01 to 2018-06-26 (Ms. L. class)",
            date(2017, 7, 1),
            ORDER_DATE,
        ),
        Cohort("after-order", "separated after the 2018-06-26 order", ORDER_DATE + timedelta(1)),
    )
}
NEW_SEPARATIONS = COHORTS["after-order"]


@dataclass(frozen=True)
class Figure:
    key: str
    label: str
    value: int
    in_total: bool = True  # False for a sub-figure that is not one of the parts of the total


@dataclass(frozen=True)
class Section:
    """A group of figures that count one unit, in one cohort, as of one date."""

    key: str
    title: str
    unit: Unit
    cohort: str
    as_of: date
    figures: tuple[Figure, ...]
    total_label: str
    note: str = ""

    @property
    def total(self) -> int:
        return sum(f.value for f in self.figures if f.in_total)

    def value(self, key: str) -> int:
        return next(f.value for f in self.figures if f.key == key)

    def to_json(self) -> dict[str, object]:
        return {
            "key": self.key,
            "title": self.title,
            "unit": self.unit,
            "cohort": self.cohort,
            "as_of": self.as_of.isoformat(),
            "total": self.total,
            "total_label": self.total_label,
            "note": self.note,
            "figures": [
                {"key": f.key, "label": f.label, "value": f.value, "in_total": f.in_total}
                for f in self.figures
            ],
        }


@dataclass(frozen=True)
class OverdueEntry:
    case_id: int
    pair_id: int
    parent_person_id: str
    child_person_id: str
    kind: str
    due_date: date
    days_overdue: int


@dataclass(frozen=True)
class RemovalRiskEntry:
    case_ids: tuple[int, ...]
    parent_person_id: str
    facility: str | None
    reasons: tuple[str, ...]


@dataclass(frozen=True)
class StatusReport:
    as_of: date
    cutoff: datetime
    audit_head: str
    cohort: Cohort
    sections: tuple[Section, ...]
    overdue: tuple[OverdueEntry, ...]
    removal_risk: tuple[RemovalRiskEntry, ...]
    skipped_events: int = 0
    series: dict[str, object] = field(default_factory=dict)  # chart data, filled by charts

    def section(self, key: str) -> Section:
        return next(s for s in self.sections if s.key == key)

    def rows(self) -> list[dict[str, object]]:
        """One row per figure: the flat shape for CSV."""
        return [
            {
                "section": s.key,
                "figure": f.key,
                "label": f.label,
                "unit": s.unit,
                "cohort": s.cohort,
                "as_of": s.as_of.isoformat(),
                "value": f.value,
                "part_of_total": f.in_total,
            }
            for s in self.sections
            for f in s.figures
        ]


# ---- sections ----------------------------------------------------------------------------------------


def _section(
    key: str,
    title: str,
    unit: Unit,
    cohort: str,
    as_of: date,
    counts: Counter[str],
    labels: dict[str, str],
    total_label: str,
    note: str = "",
    extra: Sequence[Figure] = (),
) -> Section:
    figures = [Figure(k, label, counts.get(k, 0)) for k, label in labels.items()]
    # A value no label knows (a new vetting status, say) is still counted, under its own name.
    figures += [Figure(k, k, v) for k, v in counts.items() if k not in labels]
    return Section(key, title, unit, cohort, as_of, (*figures, *extra), total_label, note)


def _grouped(counts: Counter[str], missing: str) -> dict[str, str]:
    """Labels for an open-ended breakdown (facilities, countries), largest first, unknown last."""
    keys = sorted((k for k in counts if k != missing), key=lambda k: (-counts[k], k))
    return {**{k: k for k in keys}, **({missing: missing} if missing in counts else {})}


# ---- the report -------------------------------------------------------------------------------------


def compute_status(
    snap: CaseSnapshot,
    *,
    cohort: Cohort | str = "all",
    case_ids: Collection[int] | None = None,
    links_for: LinksFor | None = None,
) -> StatusReport:
    """Every figure the court asks for, from one snapshot. Pure: same snapshot, same report.

    `case_ids` restricts the report to those cases (a dashboard scoped to one organization).
    `links_for` adds linkage's parent–child links to the removal safeguard; links are not in the
    audit history, so pass it only for a report as of now (the dashboard), never for a past date.
    """
    chosen = COHORTS[cohort] if isinstance(cohort, str) else cohort
    today = report_date(snap.cutoff)
    if case_ids is not None:
        wanted = set(case_ids)
        snap = replace(snap, pairs={k: p for k, p in snap.pairs.items() if p.case_id in wanted})
    index = Index.build(snap)
    label = chosen.label

    def section(key: str, title: str, unit: Unit, counts: Counter[str], labels: dict[str, str],
                total: str, *, cohort_label: str = label, note: str = "",
                extra: Sequence[Figure] = ()) -> Section:  # fmt: skip
        return _section(key, title, unit, cohort_label, today, counts, labels, total, note, extra)

    # Children: every child with a pair in the cohort, by its primary pair.
    children: dict[str, list[PairView]] = {
        child: pairs
        for child, pairs in index.pairs_by_child.items()
        if any(chosen.includes(p.separation_date) for p in pairs)
    }
    ident = Counter(identification(pairs) for pairs in children.values())
    confirmed = {c: pairs for c, pairs in children.items() if identification(pairs) == "confirmed"}
    primaries = {c: primary_pair(pairs) for c, pairs in confirmed.items()}
    status = {c: child_status(index, pairs) for c, pairs in confirmed.items()}

    # Parents: every parent of a child identified and not ruled out, through a pair that is not
    # ruled out — confirmed or still under review. A parent whose possible child is still under
    # review can be removed just the same, so they count here and in the removal-risk list.
    identified = {c: pairs for c, pairs in children.items() if identification(pairs) != "ruled_out"}
    parents = sorted(
        {
            p.parent_person_id
            for pairs in identified.values()
            for p in pairs
            if p.state != State.RULED_OUT
        }
    )
    locations = {pid: parent_location(index, pid) for pid in parents}
    where = {pid: loc.status if loc else "unknown" for pid, loc in locations.items()}

    removed = [pid for pid in parents if where[pid] == "removed"]
    removed_counts: Counter[str] = Counter()
    wants = 0
    for pid in removed:
        outcomes = [
            c.outcome for p in index.pairs_by_parent[pid] for c in index.contacts.get(p.id, [])
        ]
        removed_counts[
            "reached" if "reached" in outcomes else "unreachable" if outcomes else "no_contact_data"
        ] += 1
        wants += any(
            p.state == State.CHOSE_REUNIFY or is_reunified(p) for p in index.pairs_by_parent[pid]
        )

    # Families: cases with a child identified in the cohort; confirmed when one child is confirmed.
    family_ids = sorted(
        {p.case_id for pairs in identified.values() for p in pairs if p.state != State.RULED_OUT}
    )
    confirmed_families = sorted({p.case_id for pairs in confirmed.values() for p in pairs})
    # A family is fully reunified when every confirmed child whose primary pair is in it is.
    reunified_by_case: dict[int, bool] = {}
    for primary in primaries.values():
        reunified_by_case[primary.case_id] = reunified_by_case.get(
            primary.case_id, True
        ) and is_reunified(primary)
    fully_reunified = sum(reunified_by_case.get(case_id, True) for case_id in confirmed_families)
    family_counts = Counter(
        confirmed=len(confirmed_families), under_review=len(family_ids) - len(confirmed_families)
    )
    risk = _removal_risk(index, parents, locations, links_for)
    # A parent's removal endangers each of their cases; the figure counts those among the families
    # identified above, so it is always a part of that total (the list shows every case).
    risk_families = sorted({cid for entry in risk for cid in entry.case_ids} & set(family_ids))

    # New separations (after the order), whatever the report's cohort.
    new = {
        child: min((p for p in pairs if NEW_SEPARATIONS.includes(p.separation_date)),
                   key=lambda p: p.id)
        for child, pairs in index.pairs_by_child.items()
        if identification(pairs) != "ruled_out"
        and any(NEW_SEPARATIONS.includes(p.separation_date) for p in pairs)
    }  # fmt: skip
    by_reason = Counter(
        (p.separation_reason or "").strip().lower() or "not recorded" for p in new.values()
    )
    by_age = Counter(age_band(p.child_birth_date, p.separation_date) for p in new.values())

    in_care = Counter(
        (index.latest_location(confirmed[c], "child") or NO_PLACE).place or "not recorded"
        for c, s in status.items()
        if s == "in_orr_care"
    )
    in_custody = Counter(
        (locations[pid] or NO_PLACE).place or "not recorded"
        for pid in parents
        if where[pid] in ("ice-custody", "criminal-custody")
    )
    by_country = Counter(
        (locations[pid] or NO_PLACE).country_code or "not recorded" for pid in parents
    )
    children_by_origin = Counter(
        next((p.child_country_code for p in pairs if p.child_country_code), None) or "not recorded"
        for pairs in identified.values()
    )
    parents_by_origin = Counter(
        next(
            (p.parent_country_code for p in index.pairs_by_parent[pid] if p.parent_country_code),
            None,
        )
        or "not recorded"
        for pid in parents
    )

    days = Counter(
        days_band(p.separation_date, p.reunified_date)
        for p in primaries.values()
        if is_reunified(p)
    )

    sections = (
        section("children_identified", "Children identified", "children", ident,
                CHILD_IDENTIFICATION, "children identified"),
        section("child_status", "Status of confirmed children", "children", Counter(status.values()),
                CHILD_STATUS, "children confirmed separated"),
        section("parent_location", "Where the parents are", "parents", Counter(where.values()),
                PARENT_LOCATION, "parents identified (of children confirmed or under review)"),
        section("eligibility", "Eligibility for reunification", "children",
                Counter(eligibility(index, p) for p in primaries.values()), ELIGIBILITY,
                "children confirmed separated"),
        section("removed_parents", "Removed parents", "parents", removed_counts, REMOVED_PARENTS,
                "parents removed", extra=(Figure("wants_reunification",
                "chose reunification (part of the above)", wants, in_total=False),)),
        section("phone_contact", "Phone contact within 10 days", "children",
                Counter(contact_category(index, p, today) for p in primaries.values()), CONTACT,
                "children confirmed separated"),
        section("reunification_deadline", "Reunification deadline (14 days under 5, 30 days 5–17)",
                "children", Counter(reunification_category(p, today) for p in primaries.values()),
                REUNIFICATION_DEADLINE, "children confirmed separated"),
        section("days_to_reunification", "Days from separation to reunification", "children",
                days, DAYS_BANDS, "children reunified"),
        section("families", "Families", "families", family_counts,
                {"confirmed": "with a confirmed separated child",
                 "under_review": "with children under review only"},
                "families identified",
                extra=(Figure("fully_reunified", "every confirmed child reunified",
                              fully_reunified, in_total=False),
                       Figure("at_removal_risk", "at removal risk (see the list)",
                              len(risk_families), in_total=False))),
        section("new_separations_by_reason", "New separations by stated reason", "children",
                by_reason, _grouped(by_reason, "not recorded"), "children separated after the order",
                cohort_label=NEW_SEPARATIONS.label),
        section("new_separations_by_age", "New separations by age at separation", "children",
                by_age, AGE_BANDS, "children separated after the order",
                cohort_label=NEW_SEPARATIONS.label),
        section("children_in_care_by_facility", "Children in ORR care, by facility", "children",
                in_care, _grouped(in_care, "not recorded"), "children in ORR care"),
        section("parents_in_custody_by_facility", "Parents in custody, by facility", "parents",
                in_custody, _grouped(in_custody, "not recorded"), "parents in custody"),
        section("parents_by_country", "Parents by country of their last known location",
                "parents", by_country, _grouped(by_country, "not recorded"),
                "parents identified (of children confirmed or under review)"),
        section("children_by_country_of_birth", "Children by country of birth", "children",
                children_by_origin, _grouped(children_by_origin, "not recorded"),
                "children identified (confirmed or under review)"),
        section("parents_by_country_of_birth", "Parents by country of birth", "parents",
                parents_by_origin, _grouped(parents_by_origin, "not recorded"),
                "parents identified (of children confirmed or under review)"),
    )  # fmt: skip
    return StatusReport(
        as_of=today,
        cutoff=snap.cutoff,
        audit_head=snap.audit_head,
        cohort=chosen,
        sections=sections,
        overdue=tuple(_overdue(index, confirmed, today)),
        removal_risk=tuple(risk),
        skipped_events=snap.skipped_events,
    )


def _overdue(index: Index, confirmed: dict[str, list[PairView]], today: date) -> list[OverdueEntry]:
    items: list[DeadlineItem] = []
    for pairs in confirmed.values():
        for pair in pairs:
            items.extend(deadline_items(pair_clock(index, pair)))
    return [
        OverdueEntry(
            case_id=item.case_id,
            pair_id=item.pair_id,
            parent_person_id=index.snap.pairs[item.pair_id].parent_person_id,
            child_person_id=index.snap.pairs[item.pair_id].child_person_id,
            kind=item.kind,
            due_date=item.due_date,
            days_overdue=(today - item.due_date).days,
        )
        for item in overdue(items, today)
    ]


def _removal_risk(
    index: Index,
    parents: Sequence[str],
    locations: dict[str, LocationView | None],
    links_for: LinksFor | None = None,
) -> list[RemovalRiskEntry]:
    """Parents in ICE custody (removable) whom the safeguard says must not be removed."""
    entries = []
    for pid in parents:
        location = locations[pid]
        if location is None or location.status != "ice-custody":
            continue
        facts = removal_facts(index, pid)
        if links_for is not None:
            facts = replace(facts, links=tuple(links_for(pid)))
        decision = decide(facts)
        if not decision.blocked:
            continue
        cases = tuple(
            sorted({p.case_id for p in index.pairs_by_parent[pid] if p.state != State.RULED_OUT})
        )
        reasons = tuple(dict.fromkeys(r.code for r in decision.reasons))
        entries.append(RemovalRiskEntry(cases, pid, location.place, reasons))
    return entries


def status_report(
    session: Session,
    *,
    as_of: date | datetime | None = None,
    cohort: Cohort | str = "all",
    case_ids: Collection[int] | None = None,
    links_for: LinksFor | None = None,
) -> StatusReport:
    """THE status report: the CLI, the PDF and the web dashboard all call this one function."""
    if links_for is not None and as_of is not None:
        raise ValueError("links_for reflects linkage now; a report as of a date cannot use it")
    # Now: the live tables (the same as replaying the whole log, only without the wait); any
    # other moment: the audit log, so a past report never drifts.
    snap = snapshot_now(session) if as_of is None else snapshot_as_of(session, as_of)
    return compute_status(snap, cohort=cohort, case_ids=case_ids, links_for=links_for)
