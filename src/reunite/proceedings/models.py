"""Credible-fear interviews, hearings and the documents attached to them."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    BigInteger,
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


class Proceeding(Base):
    """One interview or hearing of one person, with the language access it had."""

    __tablename__ = "proceeding"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    person_id: Mapped[str] = mapped_column(String(64), index=True)
    case_id: Mapped[int | None] = mapped_column(ForeignKey("family_case.id"), index=True)
    kind: Mapped[str] = mapped_column(String(30))
    held_date: Mapped[date | None] = mapped_column(Date)  # None while only scheduled or requested
    venue: Mapped[str | None] = mapped_column(Text)  # court or asylum office
    official: Mapped[str | None] = mapped_column(Text)  # judge or officer
    interpreter_language: Mapped[str | None] = mapped_column(String(20))
    outcome: Mapped[str] = mapped_column(String(30), default="pending")
    did_not_understand: Mapped[bool] = mapped_column(Boolean, default=False)
    did_not_understand_note: Mapped[str | None] = mapped_column(Text)
    # A second interview under the Dora / M.M.M. settlement; while pending it blocks removal.
    reinterview_settlement: Mapped[bool] = mapped_column(Boolean, default=False)
    note: Mapped[str | None] = mapped_column(Text)
    recorded_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    recorded_by: Mapped[str] = mapped_column(String(100))


class ProceedingDocument(Base):
    """A recording or document, stored once by its SHA-256 under REUNITE_HOME/documents/."""

    __tablename__ = "proceeding_document"
    __table_args__ = (UniqueConstraint("proceeding_id", "sha256"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    proceeding_id: Mapped[int] = mapped_column(ForeignKey("proceeding.id"), index=True)
    sha256: Mapped[str] = mapped_column(String(64), index=True)
    size_bytes: Mapped[int] = mapped_column(BigInteger)
    media_type: Mapped[str] = mapped_column(String(100))
    original_name: Mapped[str] = mapped_column(String(500))
    attached_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    attached_by: Mapped[str] = mapped_column(String(100))
