"""Keep family cases in step with linkage: every linked parent–child pair is in a case.

After `reunite link`, each proposed or confirmed parent–child link that no case holds yet becomes a
case pair: proposed links as candidates (the report's "identified, under review"), confirmed ones
as confirmed. Links that share a person go in one case (a child with both parents, a parent with
several children), and a pair joins the case that already holds its parent or child. What the
rosters say is recorded with it, each fact naming the record it came from: the child's birth date
(for the deadline), the parent's language (for waivers), the separation's date and place (the
child's first event) and where parent and child were last listed (a facility in the US: ICE
custody for the parent, ORR care for the child; a Border Patrol station or port of entry is not a
place anyone stays, so it records nothing).

Human decisions move pairs that nobody has worked yet: a link confirmed in review confirms its
candidate pair; a rejected link rules it out. A pair that has moved on is never touched here, and
a link that a re-run stops proposing leaves its pair as it is — a case is never lost to a re-run.
Links waiting in the review queue open nothing until someone confirms them (the removal safeguard
already blocks on them).
"""

from __future__ import annotations

import logging
import re
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from reunite.audit import events
from reunite.audit import service as audit_service
from reunite.db.base import Base
from reunite.families import service
from reunite.families.models import CasePair, FamilyCase, LocationRecord
from reunite.families.safeguards import language_code
from reunite.families.service import at_or_now
from reunite.families.states import State
from reunite.people.models import SourceRecord
from reunite.people.persons import ParentChildLink, PersonMember

logger = logging.getLogger(__name__)

OPENING_STATUSES = {"proposed": State.CANDIDATE, "confirmed": State.CONFIRMED}
GROUPS_PER_CHUNK = 20_000


# A Border Patrol station or port of entry holds people for hours or days before ICE or ORR takes
# them: being listed there says nothing about where they are now.
_BORDER_STATION = re.compile(
    r"\b(station|estaci[oó]n|cbp|border patrol|patrulla fronteriza|port of entry|poe|"
    r"sector|ursula|centralized processing)\b",
    re.IGNORECASE,
)


def is_border_station(facility: str) -> bool:
    return bool(_BORDER_STATION.search(facility))


def person_label(person_id: int) -> str:
    return f"P{person_id:07d}"


@dataclass
class SyncSummary:
    cases_opened: int = 0
    pairs_added: int = 0
    pairs_confirmed: int = 0
    pairs_ruled_out: int = 0
    locations_recorded: int = 0

    def as_dict(self) -> dict[str, int]:
        return dict(self.__dict__)


@dataclass
class PersonFacts:
    """What a person's records say, as far as a case needs it; each fact names its record."""

    birth_dates: Counter[date] = field(default_factory=Counter)
    languages: Counter[str] = field(default_factory=Counter)
    countries: Counter[str] = field(default_factory=Counter)
    first_event: tuple[date, str | None, str] | None = None  # (date, place, source:record_id)
    last_facility: tuple[date, str, str] | None = None  # (date, facility, source:record_id)

    def add(self, row: Any) -> None:
        """Take in one record (a row with `_FACT_COLUMNS`)."""
        ref = f"{row.source}:{row.record_id}"
        if row.birth_date and not row.birth_date_placeholder:
            self.birth_dates[row.birth_date] += 1
        if row.language_code:
            self.languages[row.language_code] += 1
        if row.country_code:
            self.countries[row.country_code] += 1
        if row.event_date and (self.first_event is None or row.event_date < self.first_event[0]):
            self.first_event = (row.event_date, row.event_place, ref)
        if (
            row.facility
            and row.event_date
            and not is_border_station(row.facility)
            and (self.last_facility is None or row.event_date > self.last_facility[0])
        ):
            self.last_facility = (row.event_date, row.facility, ref)

    @property
    def birth_date(self) -> date | None:
        # The date most records agree on; ties go to the earliest, an older child's shorter clock.
        if not self.birth_dates:
            return None
        return min(self.birth_dates.items(), key=lambda kv: (-kv[1], kv[0]))[0]

    @property
    def language(self) -> str | None:
        return _most_common(self.languages)

    @property
    def country(self) -> str | None:
        return _most_common(self.countries)


def _most_common(counts: Counter[str]) -> str | None:
    """The value most records agree on (ties: the first in order), or None."""
    if not counts:
        return None
    return min(counts.items(), key=lambda kv: (-kv[1], kv[0]))[0]


_FACT_COLUMNS = (
    SourceRecord.source,
    SourceRecord.record_id,
    SourceRecord.birth_date,
    SourceRecord.birth_date_placeholder,
    SourceRecord.language_code,
    SourceRecord.country_code,
    SourceRecord.event_date,
    SourceRecord.event_place,
    SourceRecord.facility,
)


def _person_facts(session: Session, person_ids: Iterable[int]) -> dict[int, PersonFacts]:
    wanted = sorted(set(person_ids))
    facts: dict[int, PersonFacts] = defaultdict(PersonFacts)
    for start in range(0, len(wanted), 500):
        chunk = wanted[start : start + 500]
        rows = session.execute(
            select(PersonMember.person_id, *_FACT_COLUMNS)
            .join(SourceRecord, SourceRecord.id == PersonMember.source_record_id)
            .where(PersonMember.person_id.in_(chunk))
            .order_by(SourceRecord.id)
        )
        for row in rows:
            facts[row.person_id].add(row)
    return facts


def _components(links: list[Any]) -> list[list[Any]]:
    """Links that share a person, together: one family per component."""
    parent: dict[int, int] = {}

    def find(x: int) -> int:
        parent.setdefault(x, x)
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for link in links:
        parent[find(link.parent_person_id)] = find(link.child_person_id)
    groups: dict[int, list[Any]] = defaultdict(list)
    for link in links:
        groups[find(link.parent_person_id)].append(link)
    return [groups[key] for key in sorted(groups, key=lambda k: min(li.id for li in groups[k]))]


def sync_cases_from_links(
    session: Session,
    *,
    actor: str,
    now: datetime | None = None,
    on_progress: Callable[[int, int], None] | None = None,
) -> SyncSummary:
    """Bring the case store in step with linkage's links (see the module docstring)."""
    summary = SyncSummary()
    # Plain rows, not ORM objects: at a million records there are hundreds of thousands of links.
    links: list[Any] = list(
        session.execute(
            select(
                ParentChildLink.id,
                ParentChildLink.parent_person_id,
                ParentChildLink.child_person_id,
                ParentChildLink.status,
            ).order_by(ParentChildLink.id)
        )
    )
    pairs_by_people: dict[tuple[str, str], list[CasePair]] = defaultdict(list)
    case_of_person: dict[str, int] = {}
    for pair in session.execute(select(CasePair).order_by(CasePair.id)).scalars():
        pairs_by_people[(pair.parent_person_id, pair.child_person_id)].append(pair)
        case_of_person.setdefault(pair.parent_person_id, pair.case_id)
        case_of_person.setdefault(pair.child_person_id, pair.case_id)

    new_links: list[Any] = []
    for link in links:
        key = (person_label(link.parent_person_id), person_label(link.child_person_id))
        existing = pairs_by_people.get(key)
        if existing:
            _apply_decision(session, actor, link, existing, summary, now)
        elif link.status in OPENING_STATUSES:
            new_links.append(link)

    groups = _components(new_links)
    at = at_or_now(now)
    # A chunk of families at a time keeps memory bounded at a million records.
    for start in range(0, len(groups), GROUPS_PER_CHUNK):
        chunk = groups[start : start + GROUPS_PER_CHUNK]
        people = [
            p for group in chunk for li in group for p in (li.parent_person_id, li.child_person_id)
        ]
        _open_in_bulk(
            session, actor, chunk, _person_facts(session, people), case_of_person, summary, at,
        )  # fmt: skip
        if on_progress is not None:
            on_progress(start + len(chunk), len(groups))
    logger.info("Cases from links: %s", summary.as_dict())
    return summary


def _apply_decision(
    session: Session,
    actor: str,
    link: Any,
    pairs: list[CasePair],
    summary: SyncSummary,
    now: datetime | None,
) -> None:
    for pair in pairs:
        if pair.state != State.CANDIDATE.value:
            continue  # someone has worked this pair: their record stands
        if link.status == "confirmed":
            service.transition_pair(
                session, actor=actor, pair_id=pair.id, to=State.CONFIRMED,
                reason=f"parent–child link {link.id} confirmed in review", now=now,
            )  # fmt: skip
            summary.pairs_confirmed += 1
        elif link.status == "rejected":
            service.transition_pair(
                session, actor=actor, pair_id=pair.id, to=State.RULED_OUT,
                reason=f"parent–child link {link.id} rejected in review", now=now,
            )  # fmt: skip
            summary.pairs_ruled_out += 1


def _row(model: type[Base], values: dict[str, Any]) -> dict[str, Any]:
    """Every column of `model`, as `service.snapshot` gives it for a new row."""
    return {column.key: values.get(column.key) for column in model.__table__.columns}


def _insert(session: Session, model: type[Base], rows: list[dict[str, Any]]) -> None:
    """Insert `rows` in one statement and write each new id into its dict."""
    if not rows:
        return
    table = model.__table__
    ids = session.scalars(
        insert(model).returning(table.c.id, sort_by_parameter_order=True),
        [{k: v for k, v in row.items() if k != "id"} for row in rows],
    ).all()
    for row, new_id in zip(rows, ids, strict=True):
        row["id"] = new_id


def _open_in_bulk(
    session: Session,
    actor: str,
    groups: list[list[Any]],
    facts: dict[int, PersonFacts],
    case_of_person: dict[str, int],
    summary: SyncSummary,
    at: datetime,
) -> None:
    """Open cases and add pairs and locations for thousands of links in a few statements.

    The rows and audit events are exactly those `service.open_case`, `service.add_pair` and
    `steps.record_location` write one at a time (same columns, same events, same chain), only
    inserted together: at a million records one at a time would take most of an hour.
    """
    cases: list[dict[str, Any]] = []
    case_for_group: list[dict[str, Any] | int] = []
    for group in groups:
        people = [
            person_label(p) for li in group for p in (li.parent_person_id, li.child_person_id)
        ]
        existing = next((case_of_person[p] for p in people if p in case_of_person), None)
        if existing is None:
            row = _row(FamilyCase, {
                "origin": "links", "origin_ref": f"parent-child link {group[0].id}",
                "stay_of_removal": True, "note": "Opened from linkage's parent–child links",
                "opened_at": at, "opened_by": actor,
            })  # fmt: skip
            cases.append(row)
            case_for_group.append(row)
        else:
            case_for_group.append(existing)
    _insert(session, FamilyCase, cases)

    pairs: list[dict[str, Any]] = []
    locations: list[dict[str, Any]] = []
    pair_of_location: list[dict[str, Any]] = []
    for group, case in zip(groups, case_for_group, strict=True):
        case_id = case if isinstance(case, int) else case["id"]
        for link in group:
            pair = _pair_row(link, facts, case_id, at)
            pairs.append(pair)
            for subject, status, place in _locations(link, facts):
                locations.append(_row(LocationRecord, {
                    "subject": subject, "status": status, "place": place[1],
                    "country_code": "US", "as_of_date": place[0],
                    "note": f"listed at this facility in roster record {place[2]}",
                    "recorded_at": at, "recorded_by": actor,
                }))  # fmt: skip
                pair_of_location.append(pair)
            case_of_person.setdefault(pair["parent_person_id"], case_id)
            case_of_person.setdefault(pair["child_person_id"], case_id)
    _insert(session, CasePair, pairs)
    for location, pair in zip(locations, pair_of_location, strict=True):
        location["pair_id"] = pair["id"]
    _insert(session, LocationRecord, locations)

    audit_service.record_many(
        session,
        [events.CaseOpened(entity_id=c["id"], case_id=c["id"], after=c) for c in cases]
        + [events.PairAdded(entity_id=p["id"], case_id=p["case_id"], after=p) for p in pairs]
        + [
            events.LocationRecorded(entity_id=loc["id"], case_id=pair["case_id"], after=loc)
            for loc, pair in zip(locations, pair_of_location, strict=True)
        ],
        actor,
        at=at,
    )
    summary.cases_opened += len(cases)
    summary.pairs_added += len(pairs)
    summary.locations_recorded += len(locations)


def _pair_row(
    link: Any, facts: dict[int, PersonFacts], case_id: int, at: datetime
) -> dict[str, Any]:
    spec = _spec(link, facts)
    return _row(CasePair, {
        "case_id": case_id, "parent_person_id": spec.parent_person_id,
        "child_person_id": spec.child_person_id, "link_id": spec.link_id,
        "state": spec.state.value, "state_changed_at": at,
        "parent_language": language_code(spec.parent_language),
        "child_birth_date": spec.child_birth_date,
        "parent_country_code": spec.parent_country_code,
        "child_country_code": spec.child_country_code,
        "separation_date": spec.separation_date, "separation_place": spec.separation_place,
        # A confirmed pair's separation counts as confirmed today, as `service.add_pair` does.
        "separation_confirmed_date": at.date() if spec.state == State.CONFIRMED else None,
    })  # fmt: skip


def _spec(link: Any, facts: dict[int, PersonFacts]) -> service.PairSpec:
    parent = facts.get(link.parent_person_id, PersonFacts())
    child = facts.get(link.child_person_id, PersonFacts())
    separation = child.first_event
    return service.PairSpec(
        parent_person_id=person_label(link.parent_person_id),
        child_person_id=person_label(link.child_person_id),
        state=OPENING_STATUSES[link.status],
        link_id=str(link.id),
        parent_language=parent.language,
        child_birth_date=child.birth_date,
        parent_country_code=parent.country,
        child_country_code=child.country,
        separation_date=separation[0] if separation else None,
        separation_place=separation[1] if separation else None,
        separation_reason=None,
        separated_by=None,
    )


def _locations(
    link: Any, facts: dict[int, PersonFacts]
) -> list[tuple[str, str, tuple[date, str, str]]]:
    """Where the rosters last listed each of them: a detention facility, an ORR shelter."""
    found = []
    for subject, person_id, status in (
        ("parent", link.parent_person_id, "ice-custody"),
        ("child", link.child_person_id, "orr-care"),
    ):
        seen = facts.get(person_id, PersonFacts()).last_facility
        if seen is not None:
            found.append((subject, status, seen))
    return found
