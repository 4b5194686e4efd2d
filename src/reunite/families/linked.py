"""The removal safeguard's view of linkage: who a schedule row is, and whose parent that person is.

Two adapters over the linked store (persons, their member records and parent–child links):
- `links_for(session)`: a person's parent–child links as the safeguard wants them. Links waiting
  in the review queue count as proposed — an unreviewed link blocks a removal.
- `signals_for(session)`: the person's own records that say they came as a parent (separated
  from a child, a family unit, a child named) — they block when no child is linked.
- `PersonMatcher`: which persons a removal-schedule row describes. A schedule is typed by another
  agency, so the row is normalized exactly as an imported record would be, then matched
  - by A-number (the same normalized number on any of the person's records), and
  - by name and birth date: the same birth date (or the day and month swapped) with a surname and
    a given name that sound alike; a birth year off by one only with both surnames alike; a
    placeholder date (01/01 of an estimated year) on either side, by the year with a surname and
    a given name alike.
  Every person matched either way is checked, and the row is blocked if any of them must not be
  removed: a parent must never be cleared because the schedule spelled them differently.
"""

from __future__ import annotations

import contextlib
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date

from sqlalchemy import bindparam, select
from sqlalchemy.orm import Session

from reunite.families.safeguards import (
    LinkStatus,
    ParentChildLinkView,
    SeparationSignal,
    separation_signal,
)
from reunite.ingest.mapping import MappingProfile, default_profile
from reunite.ingest.normalizer import DateOrders, normalize_row
from reunite.normalize.dates import DateOrder, infer_date_order
from reunite.people.models import SourceRecord
from reunite.people.persons import ParentChildLink, PersonMember

# Linkage's link statuses as the safeguard reads them; "review" is not yet decided.
_LINK_STATUS: dict[str, LinkStatus] = {
    "proposed": "proposed",
    "review": "proposed",
    "confirmed": "confirmed",
    "rejected": "rejected",
}


def person_label(person_id: int) -> str:
    return f"P{person_id:07d}"


def person_number(label: str) -> int | None:
    text = label.strip().upper()
    return int(text[1:]) if text.startswith("P") and text[1:].isdigit() else None


# Built once (the case page asks for every parent's links on every view): a Core statement of
# the four columns the safeguard reads, instead of an ORM query built and loaded per call.
_LINK = ParentChildLink.__table__
_LINKS_OF_PARENT = (
    select(_LINK.c.parent_person_id, _LINK.c.child_person_id, _LINK.c.status, _LINK.c.score)
    .where(_LINK.c.parent_person_id == bindparam("number"))
    .order_by(_LINK.c.id)
)


def links_for(session: Session) -> Callable[[str], Sequence[ParentChildLinkView]]:
    """`links_for(person_label)` over linkage's stored links, this person as the parent."""

    def lookup(label: str) -> Sequence[ParentChildLinkView]:
        number = person_number(label)
        if number is None:
            return ()
        return [
            ParentChildLinkView(
                parent_person_id=person_label(parent),
                child_person_id=person_label(child),
                status=_LINK_STATUS.get(status, "proposed"),
                score=score,
            )
            for parent, child, status, score in session.execute(
                _LINKS_OF_PARENT, {"number": number}
            )
        ]

    return lookup


def signals_for(session: Session) -> Callable[[str], Sequence[SeparationSignal]]:
    """`signals_for(person_label)`: the person's own records that say they came as a parent."""

    def lookup(label: str) -> Sequence[SeparationSignal]:
        number = person_number(label)
        if number is None:
            return ()
        rows = session.execute(
            select(
                SourceRecord.source,
                SourceRecord.record_id,
                SourceRecord.role,
                SourceRecord.family_unit_id,
                SourceRecord.related_relationship,
                SourceRecord.notes,
            )
            .join(PersonMember, PersonMember.source_record_id == SourceRecord.id)
            .where(PersonMember.person_id == number)
            .order_by(SourceRecord.id)
        )
        signals = []
        for source, record_id, role, unit, relationship, notes in rows:
            says = separation_signal(
                role=role, family_unit_id=unit, related_relationship=relationship, notes=notes
            )
            if says:
                signals.append(SeparationSignal(source, record_id, says))
        return signals

    return lookup


@dataclass(frozen=True)
class _Known:
    person: int
    surnames: frozenset[str]
    given: frozenset[str]


def _tokens(*values: str | None) -> frozenset[str]:
    return frozenset(token for value in values if value for token in value.split())


class PersonMatcher:
    """Match schedule rows to linked persons by A-number, or by name and birth date (by name
    alone when the row gives neither)."""

    def __init__(self) -> None:
        self.by_a_number: dict[str, set[int]] = defaultdict(set)
        self.by_birth_date: dict[date, list[_Known]] = defaultdict(list)
        # (birth year, surname key) → records; a placeholder date says only the year
        self.by_year_surname: dict[tuple[int, str], list[_Known]] = defaultdict(list)
        self.placeholders_by_year_surname: dict[tuple[int, str], list[_Known]] = defaultdict(list)
        # surname key → records, for a row that gives neither an A-number nor a birth date
        self.by_surname: dict[str, list[_Known]] = defaultdict(list)
        self.orders = DateOrders(birth_date="DMY", event_date="DMY")
        self.profile = default_profile()

    @classmethod
    def from_session(cls, session: Session) -> PersonMatcher:
        matcher = cls()
        query = select(
            PersonMember.person_id,
            SourceRecord.a_number,
            SourceRecord.birth_date,
            SourceRecord.birth_date_placeholder,
            SourceRecord.surname_key,
            SourceRecord.given_key,
            SourceRecord.given_canon,
        ).join(SourceRecord, SourceRecord.id == PersonMember.source_record_id)
        for (
            person,
            a_number,
            birth,
            placeholder,
            surname_key,
            given_key,
            given_canon,
        ) in session.execute(query).yield_per(50_000):
            if a_number:
                matcher.by_a_number[a_number].add(person)
            known = _Known(person, _tokens(surname_key), _tokens(given_key, given_canon))
            for surname in known.surnames:
                matcher.by_surname[surname].append(known)
            if not birth:
                continue
            if not placeholder:
                matcher.by_birth_date[birth].append(known)
            for surname in known.surnames:
                matcher.by_year_surname[(birth.year, surname)].append(known)
                if placeholder:
                    matcher.placeholders_by_year_surname[(birth.year, surname)].append(known)
        return matcher

    def read_like(
        self, profile: MappingProfile | None, rows: Iterable[Mapping[str, object]]
    ) -> None:
        """Read dates and names as this schedule writes them (its profile, its day/month order)."""
        self.profile = profile or default_profile()
        rows = list(rows)
        orders: dict[str, DateOrder] = {}
        for name in ("birth_date", "event_date"):
            setting = self.profile.date_orders.get(name, self.profile.date_order)
            if setting == "auto":
                values = [str(r.get(name)) if r.get(name) else None for r in rows]
                orders[name] = infer_date_order(values)
            else:
                orders[name] = setting
        self.orders = DateOrders(birth_date=orders["birth_date"], event_date=orders["event_date"])

    def _normalized(self, row: Mapping[str, object]) -> Mapping[str, object]:
        mapped = {key: (str(value) if value is not None else None) for key, value in row.items()}
        out, _warnings = normalize_row(
            mapped, layout=self.profile.name_layout, orders=self.orders, today=date.today()
        )
        return out

    def row_signals(self, row: Mapping[str, object]) -> list[SeparationSignal]:
        """What the schedule row itself says about a separated child (its notes, unit, relation)."""
        out = self._normalized(row)
        says = separation_signal(
            # a removal schedule lists adults unless a row says otherwise
            role=_text(out.get("role")) or "adult",
            family_unit_id=_text(out.get("family_unit_id")),
            related_relationship=_text(out.get("related_relationship")),
            notes=_text(out.get("notes")),
        )
        record_id = str(row.get("record_id") or "")
        return [SeparationSignal("schedule", record_id, says)] if says else []

    def match(self, row: Mapping[str, object]) -> list[str]:
        """Every person this row may be, as person labels (empty when none)."""
        given_id = row.get("person_id")
        if given_id:
            return [str(given_id)]
        out = self._normalized(row)
        persons: set[int] = set()
        a_number = _text(out.get("a_number"))
        if a_number:
            persons |= self.by_a_number.get(a_number, set())
        birth = out.get("birth_date")
        surnames = _tokens(_text(out.get("surname_key")))
        given = _tokens(_text(out.get("given_key")), _text(out.get("given_canon")))
        if not a_number and not isinstance(birth, date) and len(surnames) >= 2 and given:
            # Nothing but the name to go on: every person with a record of both surnames and the
            # given name may be this one, and a row that may be a parent is checked as one.
            for known in self.by_surname.get(min(surnames), ()):
                if surnames <= known.surnames and given & known.given:
                    persons.add(known.person)
        if isinstance(birth, date):
            placeholder = bool(out.get("birth_date_placeholder"))
            if not placeholder:
                for day, every_surname in _birth_dates(birth):
                    for known in self.by_birth_date.get(day, ()):
                        shared = len(surnames & known.surnames)
                        # When the year differs, both surnames; or the one surname of a
                        # record that dropped the other, if the row gives two.
                        need = 1
                        if every_surname and (len(known.surnames) >= 2 or len(surnames) < 2):
                            need = 2
                        if shared >= need and given & known.given:
                            persons.add(known.person)
            if not persons:
                # Only the year is known on one side (01/01 of an estimated year): the same
                # year with every surname the row gives (up to two) and a given name alike.
                index = self.by_year_surname if placeholder else self.placeholders_by_year_surname
                wanted = min(2, len(surnames))
                for surname in surnames:
                    for known in index.get((birth.year, surname), ()):
                        if len(surnames & known.surnames) >= wanted and given & known.given:
                            persons.add(known.person)
        return [person_label(p) for p in sorted(persons)]


def _text(value: object) -> str | None:
    return str(value) if value else None


def _birth_dates(birth: date) -> list[tuple[date, bool]]:
    """The birth dates a typist may have meant, and whether every surname must then agree."""
    days = [(birth, False)]
    if birth.day <= 12 and birth.day != birth.month:
        days.append((birth.replace(month=birth.day, day=birth.month), False))
    for year in (birth.year - 1, birth.year + 1):
        with contextlib.suppress(ValueError):  # 29 February
            days.append((birth.replace(year=year), True))
    return days
