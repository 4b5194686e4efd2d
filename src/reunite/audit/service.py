"""Write, read and verify the audit log.

Each record's hash covers its own fields and the previous record's hash, and sequences run 1, 2, 3 ...
without gaps, so `verify` notices a record edited, deleted or moved. Removing records from the *end*
leaves a shorter chain that is still consistent: `verify` compares it with the newest head in the
witness file (`audit.witness`) and with any head noted earlier (in a court report, an e-mail, a
second system) passed as `expected_head`.
"""

from __future__ import annotations

import hashlib
import json
import logging
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from enum import Enum
from typing import Any, cast

from sqlalchemy import Table, func, insert, select, text
from sqlalchemy.orm import Session

from reunite.audit import witness
from reunite.audit.events import AuditEvent
from reunite.audit.models import AuditRecord

logger = logging.getLogger(__name__)

GENESIS_HASH = "0" * 64
_CHAIN_LOCK = 0x52_45_55_4E_49_54_45  # "REUNITE": the advisory lock guarding the chain's head


def _default(value: object) -> object:
    if isinstance(value, datetime):
        return _timestamp(value)
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, set | frozenset | tuple):
        return sorted(value) if isinstance(value, set | frozenset) else list(value)
    return str(value)


def canonical_json(value: Mapping[str, Any] | None) -> str | None:
    """Stable JSON (sorted keys, no spaces) so the same values always hash the same."""
    if value is None:
        return None
    return json.dumps(
        dict(value), sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=_default
    )


def _timestamp(at: datetime) -> str:
    # SQLite hands back naive datetimes, PostgreSQL aware ones: hash both as naive UTC.
    if at.tzinfo is not None:
        at = at.astimezone(UTC).replace(tzinfo=None)
    return at.isoformat(timespec="microseconds")


def compute_hash(
    *,
    sequence: int,
    at: datetime,
    actor: str,
    event_type: str,
    entity_type: str,
    entity_id: str,
    case_id: int | None,
    before: str | None,
    after: str | None,
    prev_hash: str,
) -> str:
    payload = json.dumps(
        [
            sequence,
            _timestamp(at),
            actor,
            event_type,
            entity_type,
            entity_id,
            case_id,
            before,
            after,
            prev_hash,
        ],
        separators=(",", ":"),
        ensure_ascii=False,
    )
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


def _record_hash(row: Any) -> str:
    """The hash of a stored record (an AuditRecord or a plain row with the same columns)."""
    return compute_hash(
        sequence=row.sequence,
        at=row.at,
        actor=row.actor,
        event_type=row.event_type,
        entity_type=row.entity_type,
        entity_id=row.entity_id,
        case_id=row.case_id,
        before=row.before,
        after=row.after,
        prev_hash=row.prev_hash,
    )


# Built once (the web app writes an event for every case page view).
_HEAD = (
    select(AuditRecord.sequence, AuditRecord.hash).order_by(AuditRecord.sequence.desc()).limit(1)
)
_LOCK_SQLITE = text("UPDATE audit_event SET sequence = sequence WHERE sequence < 0")
_LOCK_POSTGRESQL = text("SELECT pg_advisory_xact_lock(:key)")
_INSERT = insert(cast(Table, AuditRecord.__table__))


def _lock_the_chain(session: Session) -> None:
    """Hold the chain's head until this transaction ends, so no other writer can take it.

    PostgreSQL: an advisory transaction lock. SQLite: the database write lock, taken by an UPDATE
    that matches nothing — Python's sqlite3 runs SELECTs outside the transaction until the first
    write, so reading the head first would let two writers read the same head.
    """
    dialect = session.get_bind().dialect.name
    if dialect == "postgresql":
        session.execute(_LOCK_POSTGRESQL, {"key": _CHAIN_LOCK})
    elif dialect == "sqlite":
        session.execute(_LOCK_SQLITE)


def _chain(
    session: Session, items: Sequence[AuditEvent], actor: str, at: datetime | None
) -> list[dict[str, Any]]:
    """The next records of the chain for `items`: sequence, timestamp, hash linked to the head.

    Locks the chain first, so the head read here stays the head until the transaction ends.
    """
    if not actor or not actor.strip():
        raise ValueError("An audit event needs an actor")
    _lock_the_chain(session)
    last = session.execute(_HEAD).first()
    sequence = 0 if last is None else last.sequence
    prev_hash = GENESIS_HASH if last is None else last.hash
    # Microsecond precision survives both backends, so the hash can be recomputed from the row.
    when = (at or datetime.now(UTC)).astimezone(UTC)
    who = actor.strip()
    rows: list[dict[str, Any]] = []
    for event in items:
        sequence += 1
        row: dict[str, Any] = {
            "sequence": sequence,
            "at": when,
            "actor": who,
            "event_type": event.name,
            "entity_type": event.entity_type,
            "entity_id": str(event.entity_id),
            "case_id": event.case_id,
            "before": canonical_json(event.before),
            "after": canonical_json(event.after),
            "prev_hash": prev_hash,
        }
        row["hash"] = prev_hash = compute_hash(**row)
        rows.append(row)
    return rows


def record(
    session: Session, event: AuditEvent, actor: str, *, at: datetime | None = None
) -> AuditRecord:
    """Append `event` to the log in the caller's transaction (never commits)."""
    [values] = _chain(session, [event], actor, at)
    row = AuditRecord(**values)
    session.add(row)
    session.flush()
    witness.mark_written(session, (row.sequence, row.hash))
    return row


def record_many(
    session: Session,
    items: Sequence[AuditEvent],
    actor: str,
    *,
    at: datetime | None = None,
) -> int:
    """Append many events at once, in order, in the caller's transaction (never commits).

    The same records `record` would write one by one — same chain, same hashes — inserted in one
    statement, for bulk changes such as opening thousands of cases from linkage's links.
    """
    if not items:
        return 0
    rows = _chain(session, items, actor, at)
    # A Core INSERT of the table (the ORM's bulk path costs more and adds nothing here).
    session.execute(_INSERT, rows)
    witness.mark_written(session, (rows[-1]["sequence"], rows[-1]["hash"]))
    return len(rows)


@dataclass
class VerifyResult:
    ok: bool
    count: int
    head_sequence: int
    head_hash: str
    problems: list[str] = field(default_factory=list)

    @property
    def head(self) -> str:
        return f"{self.head_sequence}:{self.head_hash}"

    def to_json(self) -> dict[str, object]:
        return {
            "ok": self.ok,
            "count": self.count,
            "head": self.head,
            "problems": self.problems,
        }


def verify(
    session: Session,
    *,
    expected_head: str | None = None,
    witnessed_head: str | None = None,
    max_problems: int = 20,
) -> VerifyResult:
    """Walk the whole chain; report every broken link (up to `max_problems`).

    `expected_head` is a head noted by a person; `witnessed_head` the newest one in the witness
    file (`audit.witness`). Either catches records cut off the end of the log.
    """
    problems: list[str] = []
    expected_sequence, prev_hash, count = 1, GENESIS_HASH, 0
    # Plain rows, not ORM objects, streamed: memory stays flat however long the log is.
    rows = session.execute(
        select(*AuditRecord.__table__.columns)
        .order_by(AuditRecord.sequence)
        .execution_options(yield_per=1000)
    )
    for row in rows:
        count += 1
        if len(problems) < max_problems:
            problems.extend(_row_problems(row, expected_sequence, prev_hash))
        expected_sequence, prev_hash = row.sequence + 1, row.hash
    head_sequence = expected_sequence - 1
    if expected_head is not None:
        problems.extend(_check_head(session, expected_head, head_sequence))
    if witnessed_head is not None:
        problems.extend(
            f"witness file: {problem}"
            for problem in _check_head(session, witnessed_head, head_sequence)
        )
    if problems:
        logger.warning("Audit log verification found %d problem(s)", len(problems))
    return VerifyResult(not problems, count, head_sequence, prev_hash, problems)


def _row_problems(row: Any, expected_sequence: int, prev_hash: str) -> list[str]:
    problems = []
    if row.sequence != expected_sequence:
        problems.append(
            f"sequence {row.sequence}: expected {expected_sequence} (records missing or renumbered)"
        )
    if row.prev_hash != prev_hash:
        problems.append(
            f"sequence {row.sequence}: does not follow the previous record "
            "(a record was deleted, inserted or reordered)"
        )
    if _record_hash(row) != row.hash:
        problems.append(f"sequence {row.sequence}: contents changed since it was written")
    return problems


def _check_head(session: Session, expected_head: str, head_sequence: int) -> list[str]:
    seq_text, sep, hash_text = expected_head.strip().partition(":")
    if not sep or not seq_text.isdigit():
        return [f"the noted head {expected_head!r} is not SEQUENCE:HASH"]
    noted = int(seq_text)
    if noted > head_sequence:
        return [
            f"the log ends at {head_sequence} but a head at {noted} was noted (records removed)"
        ]
    if noted == 0:
        return []
    stored = session.execute(
        select(AuditRecord.hash).where(AuditRecord.sequence == noted)
    ).scalar_one_or_none()
    if stored != hash_text:
        return [f"the record at the noted head {noted} is not the one noted"]
    return []


@dataclass(frozen=True)
class HistoryEntry:
    sequence: int
    at: datetime
    actor: str
    event_type: str
    entity_type: str
    entity_id: str
    case_id: int | None
    before: dict[str, Any] | None
    after: dict[str, Any] | None

    def to_json(self) -> dict[str, object]:
        return {
            "sequence": self.sequence,
            "at": _timestamp(self.at) + "Z",
            "actor": self.actor,
            "event": self.event_type,
            "entity": f"{self.entity_type}:{self.entity_id}",
            "case_id": self.case_id,
            "before": self.before,
            "after": self.after,
        }


def history_entry(row: Any) -> HistoryEntry:
    """A history entry from an audit row (an `AuditRecord`, or a result row with its columns)."""
    return HistoryEntry(
        sequence=row.sequence,
        at=row.at,
        actor=row.actor,
        event_type=row.event_type,
        entity_type=row.entity_type,
        entity_id=row.entity_id,
        case_id=row.case_id,
        before=json.loads(row.before) if row.before else None,
        after=json.loads(row.after) if row.after else None,
    )


def history(session: Session, case_id: int) -> list[HistoryEntry]:
    """Every event of one case, in the order it happened."""
    rows = session.execute(
        select(AuditRecord).where(AuditRecord.case_id == case_id).order_by(AuditRecord.sequence)
    ).scalars()
    return [history_entry(row) for row in rows]


def entity_history(session: Session, entity_type: str, entity_id: str | int) -> list[HistoryEntry]:
    rows = session.execute(
        select(AuditRecord)
        .where(AuditRecord.entity_type == entity_type, AuditRecord.entity_id == str(entity_id))
        .order_by(AuditRecord.sequence)
    ).scalars()
    return [history_entry(row) for row in rows]


def count(session: Session) -> int:
    return int(session.execute(select(func.count()).select_from(AuditRecord)).scalar_one())
