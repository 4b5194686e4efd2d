"""The witness notes the head a transaction wrote (no second read of the log after the commit),
and reads the head afresh whenever that noted head may not be the committed one."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import Engine

from reunite.audit import events, witness
from reunite.audit import service as audit_service
from reunite.db.engine import session_factory, transaction


def _head(engine: Engine) -> str:
    with session_factory(engine)() as session:
        return audit_service.verify(session).head


def test_the_witness_notes_the_newest_head_each_commit_wrote(
    engine: Engine, tmp_path: Path
) -> None:
    path = tmp_path / witness.FILE_NAME
    witness.attach(engine, path)
    with transaction(engine) as session:
        audit_service.record(session, events.CaseOpened(entity_id=1, case_id=1), "a")
        audit_service.record_many(
            session, [events.PairAdded(entity_id=1, case_id=1) for _ in range(3)], "b"
        )
        audit_service.record(session, events.CaseOpened(entity_id=2, case_id=2), "c")
    first = _head(engine)
    with transaction(engine) as session:
        audit_service.record_many(session, [events.CaseOpened(entity_id=3, case_id=3)], "d")
    assert first.startswith("5:")
    assert path.read_text(encoding="ascii").splitlines() == [first, _head(engine)]


def test_a_rolled_back_savepoint_never_leaves_a_head_the_log_lacks(
    engine: Engine, tmp_path: Path
) -> None:
    path = tmp_path / witness.FILE_NAME
    witness.attach(engine, path)
    with transaction(engine) as session:
        audit_service.record(session, events.CaseOpened(entity_id=1, case_id=1), "a")
        savepoint = session.begin_nested()
        audit_service.record(session, events.CaseOpened(entity_id=2, case_id=2), "b")
        savepoint.rollback()  # the second record is gone: its head must not be noted
    assert _head(engine).startswith("1:")
    noted = witness.last_head(path)
    assert noted is None or noted == _head(engine)
    with session_factory(engine)() as session:
        assert audit_service.verify(session, witnessed_head=noted).ok
