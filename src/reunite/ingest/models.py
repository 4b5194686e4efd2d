"""Import batches and quarantined rows: the provenance of every row ever read."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import BigInteger, DateTime, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from reunite.db.base import Base


class ImportBatch(Base):
    """One file (or one sheet of a workbook) read into one source, in one transaction."""

    __tablename__ = "import_batch"
    __table_args__ = (UniqueConstraint("source", "file_sha256", "sheet_key"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    batch_uid: Mapped[str] = mapped_column(String(36), unique=True)
    source: Mapped[str] = mapped_column(String(100), index=True)
    file_name: Mapped[str] = mapped_column(String(500))
    file_sha256: Mapped[str] = mapped_column(String(64))
    file_size: Mapped[int] = mapped_column(BigInteger)
    file_format: Mapped[str] = mapped_column(String(10))
    # "" when the whole file was read; a sheet name when one sheet was chosen.
    sheet_key: Mapped[str] = mapped_column(String(200), default="")
    mapping_profile: Mapped[str | None] = mapped_column(String(200))
    date_orders: Mapped[str | None] = mapped_column(Text)  # JSON: column -> DMY/MDY/ISO chosen
    imported_by: Mapped[str] = mapped_column(String(100))
    imported_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    rows: Mapped[int] = mapped_column(Integer, default=0)
    accepted: Mapped[int] = mapped_column(Integer, default=0)
    quarantined: Mapped[int] = mapped_column(Integer, default=0)
    duplicates: Mapped[int] = mapped_column(Integer, default=0)
    warnings: Mapped[int] = mapped_column(Integer, default=0)


class QuarantinedRow(Base):
    """A row that could not be accepted, kept whole with the reason, until a corrected row replaces it."""

    __tablename__ = "quarantined_row"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    batch_id: Mapped[int] = mapped_column(ForeignKey("import_batch.id"), index=True)
    source: Mapped[str] = mapped_column(String(100), index=True)
    row_number: Mapped[int] = mapped_column(Integer)
    sheet: Mapped[str | None] = mapped_column(String(200))
    reason: Mapped[str] = mapped_column(String(50), index=True)
    detail: Mapped[str] = mapped_column(Text)
    raw: Mapped[str] = mapped_column(Text)  # JSON object: header -> value, exactly as read
    resolved_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    resolved_by_record_id: Mapped[int | None] = mapped_column(ForeignKey("source_record.id"))
