"""Credible-fear interviews, hearings and their documents; language access recorded with each.

Documents are stored once by their SHA-256 under REUNITE_HOME/documents/ab/cd/<sha256>, read-only,
and never altered: attaching the same bytes again reuses the stored file.
"""

from __future__ import annotations

import hashlib
import mimetypes
import os
import shutil
import tempfile
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Literal, get_args

from sqlalchemy import and_, bindparam, or_, select
from sqlalchemy.orm import Session

from reunite.audit import events
from reunite.audit import service as audit_service
from reunite.errors import InputFileError, NotFoundError, ReuniteError, UsageError
from reunite.families.models import FamilyCase
from reunite.families.safeguards import language_code
from reunite.proceedings.models import Proceeding, ProceedingDocument

Kind = Literal["credible-fear-interview", "reasonable-fear-interview", "hearing", "other"]
Outcome = Literal[
    "pending", "positive", "negative", "continued", "terminated", "withdrawn", "other"
]
KINDS: tuple[str, ...] = get_args(Kind)
OUTCOMES: tuple[str, ...] = get_args(Outcome)
CHUNK = 1 << 20


def _choice(value: str, allowed: tuple[str, ...], what: str) -> str:
    key = value.strip().lower().replace("_", "-").replace(" ", "-")
    if key not in allowed:
        raise UsageError(f"Unknown {what} {value!r}; use one of: {', '.join(allowed)}")
    return key


# Free text about an interview can hold the asylum claim itself: the audit log keeps only a digest,
# which proves what was written without showing it to everyone who can read the log.
SENSITIVE_FIELDS = frozenset({"note", "did_not_understand_note"})


def _digest(value: object) -> object:
    if not isinstance(value, str) or not value:
        return value
    return f"sha256:{hashlib.sha256(value.encode('utf-8')).hexdigest()}"


def _snapshot(row: Proceeding) -> dict[str, object]:
    return {
        column.key: _digest(value) if column.key in SENSITIVE_FIELDS else value
        for column in row.__table__.columns
        for value in (getattr(row, column.key),)
    }


def record_proceeding(
    session: Session,
    *,
    actor: str,
    person_id: str,
    kind: str,
    held_date: date | None = None,
    case_id: int | None = None,
    venue: str | None = None,
    official: str | None = None,
    interpreter_language: str | None = None,
    outcome: str = "pending",
    did_not_understand: bool = False,
    did_not_understand_note: str | None = None,
    reinterview_settlement: bool = False,
    note: str | None = None,
    now: datetime | None = None,
) -> Proceeding:
    """Record an interview or hearing (held or still to come)."""
    if not person_id.strip():
        raise UsageError("A proceeding needs the person's id")
    if case_id is not None and session.get(FamilyCase, case_id) is None:
        raise NotFoundError(f"No case {case_id}")
    row = Proceeding(
        person_id=person_id.strip(),
        case_id=case_id,
        kind=_choice(kind, KINDS, "proceeding kind"),
        held_date=held_date,
        venue=venue,
        official=official,
        interpreter_language=language_code(interpreter_language),
        outcome=_choice(outcome, OUTCOMES, "outcome"),
        # A note that the person did not understand is itself the fact: keep the flag with it.
        did_not_understand=did_not_understand or bool(did_not_understand_note),
        did_not_understand_note=did_not_understand_note,
        reinterview_settlement=reinterview_settlement,
        note=note,
        recorded_at=now or datetime.now(UTC),
        recorded_by=actor,
    )
    session.add(row)
    session.flush()
    audit_service.record(
        session,
        events.ProceedingRecorded(entity_id=row.id, case_id=case_id, after=_snapshot(row)),
        actor,
    )
    return row


def get_proceeding(session: Session, proceeding_id: int) -> Proceeding:
    row = session.get(Proceeding, proceeding_id)
    if row is None:
        raise NotFoundError(f"No proceeding {proceeding_id}")
    return row


def record_outcome(
    session: Session,
    *,
    actor: str,
    proceeding_id: int,
    outcome: str,
    held_date: date | None = None,
    note: str | None = None,
) -> Proceeding:
    row = get_proceeding(session, proceeding_id)
    before = _snapshot(row)
    row.outcome = _choice(outcome, OUTCOMES, "outcome")
    if held_date is not None:
        row.held_date = held_date
    if note:
        row.note = f"{row.note}\n{note}" if row.note else note
    session.flush()
    audit_service.record(
        session,
        events.ProceedingOutcomeRecorded(
            entity_id=row.id, case_id=row.case_id, before=before, after=_snapshot(row)
        ),
        actor,
    )
    return row


def proceedings_of(session: Session, person_id: str) -> list[Proceeding]:
    return list(
        session.execute(
            select(Proceeding).where(Proceeding.person_id == person_id).order_by(Proceeding.id)
        ).scalars()
    )


# Built once: the removal safeguard asks this for every parent on every case page view, and an
# `IN` of literals is rendered into the SQL on every execution (OR of the two is the same test).
# A settlement re-interview without an outcome yet (the removal safeguard's reads use it too).
REINTERVIEW_PENDING = and_(
    Proceeding.reinterview_settlement.is_(True),
    or_(Proceeding.outcome == "pending", Proceeding.outcome == "continued"),
)
_PENDING_REINTERVIEWS = (
    select(Proceeding)
    .where(Proceeding.person_id == bindparam("person_id"), REINTERVIEW_PENDING)
    .order_by(Proceeding.id)
)


def pending_reinterviews(session: Session, person_id: str) -> list[Proceeding]:
    """Settlement re-interviews of this person without an outcome yet: each blocks removal."""
    return list(session.execute(_PENDING_REINTERVIEWS, {"person_id": person_id}).scalars())


# ---- documents --------------------------------------------------------------------------------------


def document_path(documents_dir: Path, sha256: str) -> Path:
    return documents_dir / sha256[:2] / sha256[2:4] / sha256


def _hash_file(path: Path) -> tuple[str, int]:
    digest, size = hashlib.sha256(), 0
    with path.open("rb") as handle:
        while chunk := handle.read(CHUNK):
            digest.update(chunk)
            size += len(chunk)
    return digest.hexdigest(), size


def store_document(documents_dir: Path, source: Path) -> tuple[str, int]:
    """Copy `source` into the content-addressed store (once); return its SHA-256 and size."""
    if not source.is_file():
        raise InputFileError(f"No such file: {source}")
    sha256, size = _hash_file(source)
    target = document_path(documents_dir, sha256)
    if target.exists():
        stored_hash, _ = _hash_file(target)
        if stored_hash != sha256:
            raise ReuniteError(
                f"The stored document {sha256} was altered on disk; not overwriting it"
            )
        return sha256, size
    target.parent.mkdir(parents=True, exist_ok=True)
    # Copy to a temporary name and rename, so a crash never leaves a half-written document.
    fd, tmp_name = tempfile.mkstemp(dir=target.parent, prefix=".incoming-")
    os.close(fd)
    try:
        shutil.copyfile(source, tmp_name)
        copied_hash, _ = _hash_file(Path(tmp_name))
        if copied_hash != sha256:
            raise InputFileError(f"{source} changed while it was being stored; try again")
        os.chmod(tmp_name, 0o444)
        os.replace(tmp_name, target)
    finally:
        if os.path.exists(tmp_name):
            os.unlink(tmp_name)
    return sha256, size


def attach_document(
    session: Session,
    *,
    actor: str,
    proceeding_id: int,
    path: Path,
    documents_dir: Path,
    media_type: str | None = None,
    now: datetime | None = None,
) -> ProceedingDocument:
    """Attach a recording or document to a proceeding, stored by content hash."""
    proceeding = get_proceeding(session, proceeding_id)
    sha256, size = store_document(documents_dir, path)
    existing = session.execute(
        select(ProceedingDocument).where(
            ProceedingDocument.proceeding_id == proceeding.id, ProceedingDocument.sha256 == sha256
        )
    ).scalar_one_or_none()
    if existing is not None:
        return existing
    guessed = media_type or mimetypes.guess_type(path.name)[0] or "application/octet-stream"
    row = ProceedingDocument(
        proceeding_id=proceeding.id,
        sha256=sha256,
        size_bytes=size,
        media_type=guessed,
        original_name=path.name,
        attached_at=now or datetime.now(UTC),
        attached_by=actor,
    )
    session.add(row)
    session.flush()
    audit_service.record(
        session,
        events.DocumentAttached(
            entity_id=row.id,
            case_id=proceeding.case_id,
            after={
                "proceeding_id": proceeding.id,
                "sha256": sha256,
                "size_bytes": size,
                "media_type": guessed,
                "original_name": path.name,
            },
        ),
        actor,
    )
    return row


def documents_of(session: Session, proceeding_id: int) -> list[ProceedingDocument]:
    return list(
        session.execute(
            select(ProceedingDocument)
            .where(ProceedingDocument.proceeding_id == proceeding_id)
            .order_by(ProceedingDocument.id)
        ).scalars()
    )


def verify_document(documents_dir: Path, document: ProceedingDocument) -> bool:
    """True when the stored bytes still hash to the recorded SHA-256."""
    path = document_path(documents_dir, document.sha256)
    return path.is_file() and _hash_file(path)[0] == document.sha256
