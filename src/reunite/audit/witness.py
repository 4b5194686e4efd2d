"""A witness of the audit log's head, kept outside the database, so cutting off its end shows.

The hash chain catches any record edited, deleted or moved inside the log, but removing the newest
records leaves a shorter chain that is still consistent. So after every commit that wrote audit
records, the log's new head (SEQUENCE:HASH) is appended to a plain file beside the data
(`REUNITE_HOME/audit-witness.log`), and `reunite audit verify` checks that the log still holds the
newest head the witness saw. Copy the file elsewhere (or note a head in a court filing and pass
`--expect-head`) for a witness that whoever can edit the database cannot edit too.

After restoring the database from a backup, the witness rightly reports the lost records: move the
file aside once the restore is accepted.
"""

from __future__ import annotations

import logging
import os
from pathlib import Path
from weakref import WeakKeyDictionary

from sqlalchemy import Connection, Engine, event, select
from sqlalchemy.orm import Session

from reunite.audit.models import AuditRecord

logger = logging.getLogger(__name__)

FILE_NAME = "audit-witness.log"
_WRITTEN = "reunite.audit_written"
_witness_of: WeakKeyDictionary[Engine, Path] = WeakKeyDictionary()


def attach(engine: Engine, path: Path) -> None:
    """From now on, commits through `engine` that write audit records append the head to `path`."""
    _witness_of[engine] = path


def path_for(engine: Engine) -> Path | None:
    return _witness_of.get(engine)


def mark_written(session: Session, head: tuple[int, str] | None = None) -> None:
    """Called by `audit.service.record`: this transaction extends the log (up to `head`, the
    sequence and hash of the newest record it wrote, when the caller knows it)."""
    known = session.info.get(_WRITTEN)
    if head is None or known is True:
        session.info[_WRITTEN] = True  # the head is read afresh after the commit
    elif known is None or head[0] > known[0]:
        session.info[_WRITTEN] = head


def last_head(path: Path) -> str | None:
    """The newest head the witness saw (the highest sequence; writers may append out of order)."""
    if not path.exists():
        return None
    best: tuple[int, str] | None = None
    with path.open(encoding="ascii", errors="replace") as handle:
        for line in handle:
            seq_text, sep, hash_text = line.strip().partition(":")
            if sep and seq_text.isdigit() and (best is None or int(seq_text) > best[0]):
                best = (int(seq_text), hash_text)
    return f"{best[0]}:{best[1]}" if best else None


def _engine_of(session: Session) -> Engine | None:
    bind = session.get_bind()
    if isinstance(bind, Connection):
        return bind.engine
    return bind if isinstance(bind, Engine) else None


_HEAD = (
    select(AuditRecord.sequence, AuditRecord.hash).order_by(AuditRecord.sequence.desc()).limit(1)
)


@event.listens_for(Session, "after_commit")
def _append_head(session: Session) -> None:
    written = session.info.pop(_WRITTEN, None)
    if written is None:
        return
    engine = _engine_of(session)
    path = _witness_of.get(engine) if engine is not None else None
    if engine is None or path is None:
        return
    try:
        if written is True:
            # Read the head afresh: the committed one (or a later writer's, just as true).
            with engine.connect() as connection:
                row = connection.execute(_HEAD).first()
            if row is None:
                return
            head = (row.sequence, row.hash)
        else:
            head = written  # the newest record this transaction wrote, now committed
        # One short O_APPEND write per commit: lines from concurrent writers never interleave.
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
        try:
            os.write(descriptor, f"{head[0]}:{head[1]}\n".encode("ascii"))
        finally:
            os.close(descriptor)
    except OSError as exc:  # the change is committed; a missing witness line only weakens the check
        logger.warning("Could not append the audit head to the witness file: %s", exc)


@event.listens_for(Session, "after_rollback")
def _forget(session: Session) -> None:
    session.info.pop(_WRITTEN, None)


@event.listens_for(Session, "after_soft_rollback")
def _doubt(session: Session, _previous: object) -> None:
    # A savepoint rolled back may have taken the noted head with it: read the head afresh.
    if session.info.get(_WRITTEN) not in (None, True):
        session.info[_WRITTEN] = True
