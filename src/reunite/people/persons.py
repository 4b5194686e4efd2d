"""Persons, their member records, proposed parent–child links and the human decisions that win.

Persons and links are derived by linkage and rebuilt on every run; decisions are stored apart and
always applied on top. Decisions name source records (never person ids), so they survive any
re-clustering.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import DateTime, Float, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from reunite.db.base import Base


class Person(Base):
    """One real person: a cluster of source records. The id stays when new records join."""

    __tablename__ = "person"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    record_count: Mapped[int] = mapped_column(Integer, default=0)
    retired_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))


class PersonMember(Base):
    """Which person a source record belongs to (one row per record, replaced on each run)."""

    __tablename__ = "person_member"

    source_record_id: Mapped[int] = mapped_column(ForeignKey("source_record.id"), primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id"), index=True)
    match_probability: Mapped[float | None] = mapped_column(Float)


class ParentChildLink(Base):
    """A proposed or decided parent–child link between two persons, with its score and evidence."""

    __tablename__ = "parent_child_link"
    __table_args__ = (UniqueConstraint("parent_person_id", "child_person_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    parent_person_id: Mapped[int] = mapped_column(ForeignKey("person.id"), index=True)
    child_person_id: Mapped[int] = mapped_column(ForeignKey("person.id"), index=True)
    score: Mapped[float] = mapped_column(Float)
    status: Mapped[str] = mapped_column(String(10))  # proposed / review / confirmed / rejected
    evidence: Mapped[str] = mapped_column(Text)  # JSON list of {code, detail, weight}
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class LinkDecision(Base):
    """A human decision on two records: same person or not, parent of or not. Reversible."""

    __tablename__ = "link_decision"
    __table_args__ = (Index("ix_link_decision_records", "record_a_id", "record_b_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    kind: Mapped[str] = mapped_column(String(20))  # same-person / parent-child
    verdict: Mapped[str] = mapped_column(String(10))  # confirmed / rejected
    # For parent-child, record_a is a record of the parent and record_b one of the child.
    record_a_id: Mapped[int] = mapped_column(ForeignKey("source_record.id"))
    record_b_id: Mapped[int] = mapped_column(ForeignKey("source_record.id"))
    decided_by: Mapped[str] = mapped_column(String(100))
    decided_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    reason: Mapped[str] = mapped_column(Text)
    evidence: Mapped[str | None] = mapped_column(Text)  # JSON: what the reviewer was shown
    revoked_by: Mapped[str | None] = mapped_column(String(100))
    revoked_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
