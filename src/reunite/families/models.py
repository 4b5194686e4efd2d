"""Family cases: parent–child pairs moving through the workflow, with what was found at each step.

People are referred to by linkage's stable person ids (plain columns, no foreign keys), so a case
survives a re-run of linkage and this slice does not depend on how persons are stored.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    Boolean,
    Date,
    DateTime,
    ForeignKey,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from reunite.db.base import Base


class FamilyCase(Base):
    """A parent (or two) and their separated children, handled together."""

    __tablename__ = "family_case"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    origin: Mapped[str] = mapped_column(String(20))  # links / manual / tracing-request
    origin_ref: Mapped[str | None] = mapped_column(String(200))  # e.g. the tracing request's id
    stay_of_removal: Mapped[bool] = mapped_column(Boolean, default=True)
    note: Mapped[str | None] = mapped_column(Text)
    opened_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    opened_by: Mapped[str] = mapped_column(String(100))


class CasePair(Base):
    """One parent and one child within a case: the unit that moves through the workflow."""

    __tablename__ = "case_pair"
    __table_args__ = (UniqueConstraint("case_id", "parent_person_id", "child_person_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("family_case.id"), index=True)
    parent_person_id: Mapped[str] = mapped_column(String(64), index=True)
    child_person_id: Mapped[str] = mapped_column(String(64), index=True)
    link_id: Mapped[str | None] = mapped_column(String(64))  # linkage's parent–child link, if any
    state: Mapped[str] = mapped_column(String(20), index=True)
    state_changed_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    close_reason: Mapped[str | None] = mapped_column(String(30))

    parent_language: Mapped[str | None] = mapped_column(String(20))  # ISO 639-3 where known
    child_birth_date: Mapped[date | None] = mapped_column(Date)
    # Countries of birth (ISO 3166 alpha-2), for the report's breakdown by country of origin.
    parent_country_code: Mapped[str | None] = mapped_column(String(2))
    child_country_code: Mapped[str | None] = mapped_column(String(2))

    # 1. Separation: when, where, the stated reason, by whom; and when it was confirmed.
    separation_date: Mapped[date | None] = mapped_column(Date)
    separation_place: Mapped[str | None] = mapped_column(Text)
    separation_reason: Mapped[str | None] = mapped_column(Text)
    separated_by: Mapped[str | None] = mapped_column(Text)
    separation_confirmed_date: Mapped[date | None] = mapped_column(Date)

    # 4. Verification of parentage, and proof that a DNA sample was destroyed after matching.
    verification_method: Mapped[str | None] = mapped_column(String(20))
    verified_date: Mapped[date | None] = mapped_column(Date)
    dna_sample_destroyed_date: Mapped[date | None] = mapped_column(Date)

    # 8. Reunification.
    reunified_date: Mapped[date | None] = mapped_column(Date)
    reunified_place: Mapped[str | None] = mapped_column(Text)
    reunified_country: Mapped[str | None] = mapped_column(String(2))


class LocationRecord(Base):
    """Where the parent or the child was, as of a date (a new record for every move)."""

    __tablename__ = "location_record"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    pair_id: Mapped[int] = mapped_column(ForeignKey("case_pair.id"), index=True)
    subject: Mapped[str] = mapped_column(String(10))  # parent / child
    status: Mapped[str] = mapped_column(String(30))
    place: Mapped[str | None] = mapped_column(Text)
    country_code: Mapped[str | None] = mapped_column(String(2))
    as_of_date: Mapped[date | None] = mapped_column(Date)
    note: Mapped[str | None] = mapped_column(Text)
    recorded_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    recorded_by: Mapped[str] = mapped_column(String(100))


class ContactAttempt(Base):
    """One attempt to reach a parent or connect parent and child, whatever its outcome."""

    __tablename__ = "contact_attempt"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    pair_id: Mapped[int] = mapped_column(ForeignKey("case_pair.id"), index=True)
    attempted_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    channel: Mapped[str] = mapped_column(String(30))
    outcome: Mapped[str] = mapped_column(String(30))
    parent_child_call: Mapped[bool] = mapped_column(Boolean, default=False)
    partner: Mapped[str | None] = mapped_column(String(200))  # the NGO or consulate that tried
    note: Mapped[str | None] = mapped_column(Text)
    recorded_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    recorded_by: Mapped[str] = mapped_column(String(100))


class VettingReview(Base):
    """A vetting decision; "not eligible at this time" names what would trigger a re-review."""

    __tablename__ = "vetting_review"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    pair_id: Mapped[int] = mapped_column(ForeignKey("case_pair.id"), index=True)
    status: Mapped[str] = mapped_column(String(30))
    flags: Mapped[str | None] = mapped_column(Text)  # JSON list: background / parentage / fitness
    re_review_trigger: Mapped[str | None] = mapped_column(Text)
    decided_date: Mapped[date | None] = mapped_column(Date)
    note: Mapped[str | None] = mapped_column(Text)
    recorded_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    recorded_by: Mapped[str] = mapped_column(String(100))


class Waiver(Base):
    """A parent's waiver of reunification, with what shows whether it was knowing and voluntary."""

    __tablename__ = "waiver"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    pair_id: Mapped[int] = mapped_column(ForeignKey("case_pair.id"), index=True)
    signed_date: Mapped[date | None] = mapped_column(Date)
    form_language: Mapped[str | None] = mapped_column(String(20))
    interpreter_language: Mapped[str | None] = mapped_column(String(20))
    parent_language: Mapped[str | None] = mapped_column(String(20))
    parent_can_read: Mapped[bool | None] = mapped_column(Boolean)
    minutes_given: Mapped[int | None] = mapped_column(Integer)
    disputed: Mapped[bool] = mapped_column(Boolean, default=False)
    dispute_note: Mapped[str | None] = mapped_column(Text)
    disputed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    note: Mapped[str | None] = mapped_column(Text)
    recorded_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    recorded_by: Mapped[str] = mapped_column(String(100))


class SeparationFinding(Base):
    """A reviewer's finding on a person whose own records say they came as a parent.

    Append-only: the latest finding for a person counts. "no-separated-child" (checked: the
    adult has no separated child) lets the removal safeguard pass over those records;
    "reopened" withdraws it. Either needs a reason, and both are audited.
    """

    __tablename__ = "separation_finding"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    person_id: Mapped[str] = mapped_column(String(64), index=True)
    finding: Mapped[str] = mapped_column(String(30))
    reason: Mapped[str] = mapped_column(Text)
    recorded_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    recorded_by: Mapped[str] = mapped_column(String(100))
