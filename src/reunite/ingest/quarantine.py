"""Quarantine: list, show and export the rows an import could not accept, so they can be fixed."""

from __future__ import annotations

import csv
import json
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from reunite.errors import InputFileError, NotFoundError
from reunite.ingest.loader import QUARANTINE_ID_COLUMN
from reunite.ingest.models import ImportBatch, QuarantinedRow

EXPORT_META_COLUMNS = (
    QUARANTINE_ID_COLUMN,
    "_quarantine_reason",
    "_quarantine_detail",
    "_quarantine_file",
    "_quarantine_row",
)


@dataclass(frozen=True)
class QuarantineEntry:
    id: int
    source: str
    batch_id: str
    file_name: str
    row_number: int
    sheet: str | None
    reason: str
    detail: str
    raw: dict[str, Any]
    resolved_at: datetime | None

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "source": self.source,
            "batch_id": self.batch_id,
            "file": self.file_name,
            "row_number": self.row_number,
            "sheet": self.sheet,
            "reason": self.reason,
            "detail": self.detail,
            "raw": self.raw,
            "resolved_at": self.resolved_at.isoformat() if self.resolved_at else None,
        }


def _query(*, source: str | None, reason: str | None, include_resolved: bool) -> Any:
    query = (
        select(QuarantinedRow, ImportBatch.batch_uid, ImportBatch.file_name)
        .join(ImportBatch, ImportBatch.id == QuarantinedRow.batch_id)
        .order_by(QuarantinedRow.id)
    )
    if source:
        query = query.where(QuarantinedRow.source == source)
    if reason:
        query = query.where(QuarantinedRow.reason == reason)
    if not include_resolved:
        query = query.where(QuarantinedRow.resolved_at.is_(None))
    return query


def _entry(row: QuarantinedRow, batch_uid: str, file_name: str) -> QuarantineEntry:
    return QuarantineEntry(
        id=row.id,
        source=row.source,
        batch_id=batch_uid,
        file_name=file_name,
        row_number=row.row_number,
        sheet=row.sheet,
        reason=row.reason,
        detail=row.detail,
        raw=json.loads(row.raw),
        resolved_at=row.resolved_at,
    )


def list_entries(
    session: Session,
    *,
    source: str | None = None,
    reason: str | None = None,
    include_resolved: bool = False,
    limit: int | None = None,
) -> list[QuarantineEntry]:
    query = _query(source=source, reason=reason, include_resolved=include_resolved)
    if limit is not None:
        query = query.limit(limit)
    return [_entry(*row) for row in session.execute(query).all()]


def get_entry(session: Session, quarantine_id: int) -> QuarantineEntry:
    query = _query(source=None, reason=None, include_resolved=True).where(
        QuarantinedRow.id == quarantine_id
    )
    row = session.execute(query).first()
    if row is None:
        raise NotFoundError(f"No quarantined row with id {quarantine_id}.")
    return _entry(*row)


def export_entries(
    session: Session,
    *,
    out: Path,
    source: str | None = None,
    reason: str | None = None,
    include_resolved: bool = False,
) -> int:
    """Write quarantined rows to a CSV that can be corrected and imported again; returns the count.

    The first columns identify the quarantined row (`_quarantine_id` ...); the rest are the raw
    columns as read. `reunite ingest` of the corrected file marks each accepted row resolved.
    """
    entries = list_entries(session, source=source, reason=reason, include_resolved=include_resolved)
    headers: dict[str, None] = {}
    for entry in entries:
        for key in entry.raw:
            headers.setdefault(key, None)
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        with out.open("w", newline="", encoding="utf-8") as handle:
            writer = csv.writer(handle)
            writer.writerow([*EXPORT_META_COLUMNS, *headers])
            for entry in entries:
                meta = [entry.id, entry.reason, entry.detail, entry.file_name, entry.row_number]
                writer.writerow([*meta, *(_cell(entry.raw.get(h)) for h in headers)])
    except OSError as exc:
        raise InputFileError(f"Cannot write {out}: {exc.strerror or exc}") from exc
    return len(entries)


def _cell(value: Any) -> str:
    return "" if value is None else str(value)
