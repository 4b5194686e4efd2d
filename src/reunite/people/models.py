"""Source records: one row of one roster, immutable, with its provenance and its normalized fields."""

from __future__ import annotations

from datetime import date

from sqlalchemy import Boolean, Date, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from reunite.db.base import Base


class SourceRecord(Base):
    """What one agency said about one person, as read and as normalized. Linkage never edits it."""

    __tablename__ = "source_record"
    __table_args__ = (
        UniqueConstraint("source", "record_id"),
        # Deliberately few indexes: each one doubles the cost of a million-row import, and
        # linkage reads the table whole. The A-number is the one thing people look up directly.
        Index("ix_source_record_a_number", "a_number"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    batch_id: Mapped[int] = mapped_column(ForeignKey("import_batch.id"))
    source: Mapped[str] = mapped_column(String(100))
    record_id: Mapped[str] = mapped_column(String(200))
    row_number: Mapped[int] = mapped_column(Integer)
    sheet: Mapped[str | None] = mapped_column(String(200))
    raw: Mapped[str] = mapped_column(Text)  # JSON object: header -> value, exactly as read
    content_hash: Mapped[str] = mapped_column(String(64))
    warnings: Mapped[str | None] = mapped_column(Text)  # JSON list of {field, code, detail}

    # Canonical fields as the source wrote them (after column mapping, before normalization).
    role: Mapped[str | None] = mapped_column(String(10))  # adult / minor
    given_names: Mapped[str | None] = mapped_column(Text)
    surnames: Mapped[str | None] = mapped_column(Text)
    full_name: Mapped[str | None] = mapped_column(Text)
    sex: Mapped[str | None] = mapped_column(String(1))  # M / F / X
    birth_date: Mapped[date | None] = mapped_column(Date)
    birth_date_precision: Mapped[str] = mapped_column(String(7), default="unknown")
    birth_date_placeholder: Mapped[bool] = mapped_column(Boolean, default=False)
    country_code: Mapped[str | None] = mapped_column(String(2))
    language_code: Mapped[str | None] = mapped_column(String(3))
    a_number: Mapped[str | None] = mapped_column(String(9))
    event_date: Mapped[date | None] = mapped_column(Date)
    event_date_precision: Mapped[str] = mapped_column(String(7), default="unknown")
    event_place: Mapped[str | None] = mapped_column(Text)
    facility: Mapped[str | None] = mapped_column(Text)
    family_unit_id: Mapped[str | None] = mapped_column(String(100))
    related_name: Mapped[str | None] = mapped_column(Text)
    related_relationship: Mapped[str | None] = mapped_column(String(20))
    phone: Mapped[str | None] = mapped_column(String(30))
    notes: Mapped[str | None] = mapped_column(Text)

    # Normalized for matching: upper-case ASCII, accents folded, abbreviations expanded;
    # token lists are space-joined. The originals above stay as written.
    given_norm: Mapped[str | None] = mapped_column(Text)
    given_canon: Mapped[str | None] = mapped_column(Text)  # nicknames mapped to their full name
    given_key: Mapped[str | None] = mapped_column(Text)  # Spanish phonetic key per token
    surname_paternal: Mapped[str | None] = mapped_column(Text)
    surname_maternal: Mapped[str | None] = mapped_column(Text)
    surname_key: Mapped[str | None] = mapped_column(Text)
    event_place_norm: Mapped[str | None] = mapped_column(Text)
    related_given_norm: Mapped[str | None] = mapped_column(Text)
    related_surname_paternal: Mapped[str | None] = mapped_column(Text)
    related_surname_maternal: Mapped[str | None] = mapped_column(Text)
