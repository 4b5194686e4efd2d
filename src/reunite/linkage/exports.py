"""Persons and parent–child links as rows for CSV exports and evaluation."""

from __future__ import annotations

import csv
from collections.abc import Iterator
from pathlib import Path

from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from reunite.linkage.pipeline import person_label
from reunite.people.models import SourceRecord
from reunite.people.persons import ParentChildLink, PersonMember

PERSON_COLUMNS = ("source", "record_id", "person_id")
FAMILY_COLUMNS = ("parent_person_id", "child_person_id", "score", "status", "evidence")


def person_rows(engine: Engine) -> Iterator[tuple[str, str, str]]:
    """(source, record_id, person_id) for EVERY stored record; a record not yet linked is its own."""
    with Session(engine) as session:
        query = (
            select(
                SourceRecord.id, SourceRecord.source, SourceRecord.record_id, PersonMember.person_id
            )
            .outerjoin(PersonMember, PersonMember.source_record_id == SourceRecord.id)
            .order_by(SourceRecord.id)
        )
        for rid, source, record_id, pid in session.execute(query).yield_per(50_000):
            yield source, record_id, person_label(pid) if pid is not None else f"R{rid:07d}"


def family_rows(
    engine: Engine, *, include_review: bool = False, include_rejected: bool = False
) -> Iterator[tuple[str, ...]]:
    """Proposed and confirmed links (optionally also those waiting for review, or rejected)."""
    with Session(engine) as session:
        query = select(ParentChildLink).order_by(
            ParentChildLink.child_person_id, ParentChildLink.parent_person_id
        )
        for link in session.scalars(query):
            if (link.status == "rejected" and not include_rejected) or (
                link.status == "review" and not include_review
            ):
                continue
            yield (
                person_label(link.parent_person_id),
                person_label(link.child_person_id),
                f"{link.score:.4f}",
                link.status,
                link.evidence,
            )


def write_csv(path: Path, header: tuple[str, ...], rows: Iterator[tuple[str, ...]]) -> int:
    count = 0
    with path.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh)
        writer.writerow(header)
        for row in rows:
            writer.writerow(row)
            count += 1
    return count
