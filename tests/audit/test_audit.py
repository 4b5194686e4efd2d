"""The audit log: append-only, hash-chained; `verify` catches any edit, deletion or reordering."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import Engine, select, text

from reunite.audit import events, witness
from reunite.audit import service as audit_service
from reunite.audit.models import AuditRecord
from reunite.db.engine import make_engine, session_factory, transaction
from reunite.db.migrate import upgrade

pytestmark = pytest.mark.db


def _write_log(engine: Engine, n: int = 5) -> str:
    with transaction(engine) as session:
        for i in range(1, n + 1):
            audit_service.record(
                session,
                events.StateChanged(
                    entity_id=i,
                    case_id=1 + i % 2,
                    before={"state": "candidate"},
                    after={"state": "confirmed", "note": "Peña, María José"},
                ),
                "caseworker-1",
            )
    with session_factory(engine)() as session:
        result = audit_service.verify(session)
    assert result.ok and result.count == n
    return result.head


def _verify(engine: Engine, expected_head: str | None = None) -> audit_service.VerifyResult:
    with session_factory(engine)() as session:
        return audit_service.verify(session, expected_head=expected_head)


def _sql(engine: Engine, *statements: str) -> None:
    with engine.begin() as conn:
        for statement in statements:
            conn.execute(text(statement))


TAMPERING: dict[str, tuple[str, ...]] = {
    "edit-actor": ("UPDATE audit_event SET actor = 'someone-else' WHERE sequence = 2",),
    "edit-after": (
        """UPDATE audit_event SET "after" = '{"state":"ruled_out"}' WHERE sequence = 3""",
    ),
    "edit-event-type": ("UPDATE audit_event SET event_type = 'case-opened' WHERE sequence = 1",),
    "edit-time": ("UPDATE audit_event SET at = '2001-01-01 00:00:00' WHERE sequence = 4",),
    "edit-case": ("UPDATE audit_event SET case_id = 99 WHERE sequence = 5",),
    "delete-middle": ("DELETE FROM audit_event WHERE sequence = 3",),
    "delete-first": ("DELETE FROM audit_event WHERE sequence = 1",),
    "reorder": (
        "UPDATE audit_event SET sequence = 100 WHERE sequence = 2",
        "UPDATE audit_event SET sequence = 2 WHERE sequence = 3",
        "UPDATE audit_event SET sequence = 3 WHERE sequence = 100",
    ),
    "renumber-after-delete": (
        "DELETE FROM audit_event WHERE sequence = 3",
        "UPDATE audit_event SET sequence = 3 WHERE sequence = 4",
        "UPDATE audit_event SET sequence = 4 WHERE sequence = 5",
    ),
}


@pytest.mark.parametrize("name", sorted(TAMPERING))
def test_verify_fails_after_a_hand_edit(engine: Engine, name: str) -> None:
    _write_log(engine)
    _sql(engine, *TAMPERING[name])
    result = _verify(engine)
    assert not result.ok
    assert result.problems


def test_verify_passes_on_an_untouched_log(engine: Engine) -> None:
    head = _write_log(engine)
    result = _verify(engine, expected_head=head)
    assert result.ok and result.problems == [] and result.head == head
    assert result.to_json()["count"] == 5


def test_an_edit_with_a_recomputed_hash_still_breaks_the_chain(engine: Engine) -> None:
    _write_log(engine)
    with session_factory(engine)() as session:
        row = session.get(AuditRecord, 2)
        assert row is not None
        row.actor = "forger"
        row.hash = audit_service._record_hash(row)
        session.commit()
    result = _verify(engine)
    assert not result.ok
    assert any("sequence 3" in p for p in result.problems)


def test_removing_the_tail_is_caught_against_a_noted_head(engine: Engine) -> None:
    head = _write_log(engine)
    _sql(engine, "DELETE FROM audit_event WHERE sequence = 5")
    assert _verify(engine).ok  # a shorter chain is consistent in itself ...
    result = _verify(engine, expected_head=head)  # ... but not with the head noted earlier
    assert not result.ok and "records removed" in result.problems[0]


def test_a_rewritten_log_does_not_match_the_noted_head(engine: Engine) -> None:
    head = _write_log(engine, 2)
    _sql(engine, "DELETE FROM audit_event")
    _write_log(engine, 2)  # same shape, different timestamps and hashes
    assert not _verify(engine, expected_head=head).ok


@pytest.mark.parametrize("head", ["nonsense", "x:abc", ""])
def test_a_malformed_noted_head_is_reported(engine: Engine, head: str) -> None:
    _write_log(engine, 1)
    result = _verify(engine, expected_head=head)
    assert not result.ok and "SEQUENCE:HASH" in result.problems[0]


def test_empty_log_verifies(engine: Engine) -> None:
    result = _verify(engine)
    assert result.ok and result.count == 0 and result.head_sequence == 0


def test_the_event_rolls_back_with_the_change(engine: Engine) -> None:
    _write_log(engine, 1)
    with pytest.raises(RuntimeError), transaction(engine) as session:
        audit_service.record(session, events.CaseOpened(entity_id=7, case_id=7), "someone")
        raise RuntimeError("the change failed")
    with session_factory(engine)() as session:
        assert audit_service.count(session) == 1


def test_history_is_per_case_and_in_order(engine: Engine) -> None:
    _write_log(engine, 6)
    with session_factory(engine)() as session:
        rows = audit_service.history(session, 2)
        assert [r.sequence for r in rows] == [1, 3, 5]
        assert rows[0].after == {"state": "confirmed", "note": "Peña, María José"}
        assert rows[0].to_json()["event"] == "state-changed"
        assert [r.sequence for r in audit_service.entity_history(session, "case_pair", 4)] == [4]


def test_an_event_needs_an_actor(engine: Engine) -> None:
    with session_factory(engine)() as session, pytest.raises(ValueError, match="actor"):
        audit_service.record(session, events.CaseOpened(entity_id=1), " ")


def test_timestamps_round_trip_into_the_same_hash(engine: Engine) -> None:
    at = datetime(2018, 7, 10, 23, 59, 59, 123456, tzinfo=UTC)
    with transaction(engine) as session:
        audit_service.record(session, events.CaseOpened(entity_id=1, case_id=1), "a", at=at)
    assert _verify(engine).ok


def _event_names() -> list[str]:
    return sorted(events.EVENT_TYPES)


def test_event_names_are_past_tense_kebab_case() -> None:
    for name in _event_names():
        assert name == name.lower() and " " not in name and "_" not in name
        assert name.rsplit("-", 1)[-1].endswith(("ed", "opened", "added", "checked")), name


def test_an_event_class_must_be_named() -> None:
    make: Callable[[], object] = lambda: type("Nameless", (events.AuditEvent,), {})  # noqa: E731
    with pytest.raises(TypeError, match="must set"):
        make()


def test_no_update_or_delete_path_in_the_service() -> None:
    public = {name for name in dir(audit_service) if not name.startswith("_")}
    assert not {n for n in public if n.startswith(("update", "delete", "remove", "edit"))}


def test_problems_are_capped_but_the_walk_completes(engine: Engine) -> None:
    _write_log(engine, 30)
    _sql(engine, "UPDATE audit_event SET actor = 'x'")
    with session_factory(engine)() as session:
        result = audit_service.verify(session, max_problems=5)
    assert not result.ok and len(result.problems) == 5
    assert result.count == 30 and result.head_sequence == 30


def test_the_witness_file_catches_a_cut_off_tail(engine: Engine, tmp_path: Path) -> None:
    path = tmp_path / witness.FILE_NAME
    witness.attach(engine, path)
    head = _write_log(engine)
    assert witness.last_head(path) == head  # one line per committing transaction
    with pytest.raises(RuntimeError), transaction(engine) as session:
        audit_service.record(session, events.CaseOpened(entity_id=7, case_id=7), "someone")
        raise RuntimeError("rolled back: nothing to witness")
    assert path.read_text(encoding="ascii").splitlines() == [head]
    _sql(engine, "DELETE FROM audit_event WHERE sequence >= 4")
    with session_factory(engine)() as session:
        result = audit_service.verify(session, witnessed_head=witness.last_head(path))
    assert not result.ok and result.problems == [
        "witness file: the log ends at 3 but a head at 5 was noted (records removed)"
    ]


def test_the_witness_keeps_the_highest_head_whatever_the_line_order(tmp_path: Path) -> None:
    path = tmp_path / witness.FILE_NAME
    assert witness.last_head(path) is None
    path.write_text("2:bb\n3:cc\n1:aa\ngarbage\n\n", encoding="ascii")
    assert witness.last_head(path) == "3:cc"


def test_record_many_writes_the_chain_record_would(engine: Engine, tmp_path: Path) -> None:
    at = datetime(2018, 7, 1, 12, 0, 0, 123456, tzinfo=UTC)
    batch = [
        events.CaseOpened(entity_id=1, case_id=1, after={"origin": "links"}),
        events.PairAdded(entity_id=1, case_id=1, after={"state": "candidate"}),
    ]
    with transaction(engine) as session:
        audit_service.record(session, events.CaseOpened(entity_id=9, case_id=9), "first", at=at)
        assert audit_service.record_many(session, batch, "linkage-run", at=at) == 2
        assert audit_service.record_many(session, [], "linkage-run") == 0
    other = make_engine(f"sqlite:///{tmp_path / 'one-by-one.db'}")
    upgrade(other)
    with transaction(other) as session:
        audit_service.record(session, events.CaseOpened(entity_id=9, case_id=9), "first", at=at)
        for event in batch:
            audit_service.record(session, event, "linkage-run", at=at)
    assert _verify(engine).ok
    assert _verify(engine).head == _verify(other).head
    other.dispose()


def test_concurrent_writers_extend_one_chain(engine: Engine) -> None:
    """Many writers at once (web workers, the CLI): every event lands, the chain stays whole."""
    import threading

    errors: list[BaseException] = []

    def write(worker: int) -> None:
        try:
            for i in range(25):
                with transaction(engine) as session:
                    session.execute(select(AuditRecord.sequence).limit(1)).all()  # a read first
                    audit_service.record(
                        session, events.CaseOpened(entity_id=worker * 100 + i), f"w{worker}"
                    )
        except BaseException as exc:
            errors.append(exc)

    threads = [threading.Thread(target=write, args=(n,)) for n in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    result = _verify(engine)
    assert result.ok and result.count == 100
