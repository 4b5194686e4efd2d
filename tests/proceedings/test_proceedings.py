"""Interviews, hearings and documents stored by content hash, never altered."""

from __future__ import annotations

import json
import os
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy.orm import Session

from reunite.audit import service as audit_service
from reunite.errors import InputFileError, NotFoundError, ReuniteError, UsageError
from reunite.proceedings import service as proceedings

pytestmark = pytest.mark.db
ACTOR = "attorney-1"


def test_record_an_interview_with_language_access(session: Session) -> None:
    row = proceedings.record_proceeding(
        session,
        actor=ACTOR,
        person_id="P-1",
        kind="Credible fear interview",
        held_date=date(2018, 6, 20),
        venue="Dilley asylum office",
        official="Officer 12",
        interpreter_language="Spanish",
        outcome="negative",
        did_not_understand_note="some questions I did understand and others I did not",
    )
    assert row.kind == "credible-fear-interview" and row.interpreter_language == "spa"
    assert row.did_not_understand
    assert proceedings.pending_reinterviews(session, "P-1") == []
    again = proceedings.record_proceeding(
        session,
        actor=ACTOR,
        person_id="P-1",
        kind="credible-fear-interview",
        reinterview_settlement=True,
    )
    assert [p.id for p in proceedings.pending_reinterviews(session, "P-1")] == [again.id]
    proceedings.record_outcome(
        session,
        actor=ACTOR,
        proceeding_id=again.id,
        outcome="positive",
        held_date=date(2018, 10, 1),
    )
    assert proceedings.pending_reinterviews(session, "P-1") == []
    assert [p.id for p in proceedings.proceedings_of(session, "P-1")] == [row.id, again.id]
    [recorded] = audit_service.entity_history(session, "proceeding", row.id)
    assert recorded.after and str(recorded.after["did_not_understand_note"]).startswith("sha256:")
    assert "some questions" not in json.dumps(recorded.after)  # the text stays out of the log
    events = [h.event_type for h in audit_service.entity_history(session, "proceeding", again.id)]
    assert events == ["proceeding-recorded", "proceeding-outcome-recorded"]


def test_bad_proceedings_are_refused(session: Session) -> None:
    with pytest.raises(UsageError, match="proceeding kind"):
        proceedings.record_proceeding(session, actor=ACTOR, person_id="P-1", kind="tea party")
    with pytest.raises(UsageError, match="person"):
        proceedings.record_proceeding(session, actor=ACTOR, person_id=" ", kind="hearing")
    with pytest.raises(NotFoundError, match="case"):
        proceedings.record_proceeding(
            session, actor=ACTOR, person_id="P", kind="hearing", case_id=5
        )
    with pytest.raises(NotFoundError):
        proceedings.record_outcome(session, actor=ACTOR, proceeding_id=5, outcome="positive")


def test_documents_are_stored_once_by_hash_and_never_altered(
    session: Session, tmp_path: Path
) -> None:
    store = tmp_path / "documents"
    hearing = proceedings.record_proceeding(session, actor=ACTOR, person_id="P-1", kind="hearing")
    recording = tmp_path / "hearing.mp3"
    recording.write_bytes(b"ID3" + os.urandom(2000))
    doc = proceedings.attach_document(
        session, actor=ACTOR, proceeding_id=hearing.id, path=recording, documents_dir=store
    )
    stored = proceedings.document_path(store, doc.sha256)
    assert stored.read_bytes() == recording.read_bytes()
    assert doc.size_bytes == 2003 and doc.media_type == "audio/mpeg"
    assert not os.access(stored, os.W_OK) or os.geteuid() == 0  # read-only (root ignores modes)
    assert proceedings.verify_document(store, doc)

    copy = tmp_path / "copy.mp3"
    copy.write_bytes(recording.read_bytes())
    same = proceedings.attach_document(
        session, actor=ACTOR, proceeding_id=hearing.id, path=copy, documents_dir=store
    )
    assert same.id == doc.id and len(proceedings.documents_of(session, hearing.id)) == 1

    os.chmod(stored, 0o644)
    stored.write_bytes(b"tampered")
    assert not proceedings.verify_document(store, doc)
    with pytest.raises(ReuniteError, match="altered"):
        proceedings.attach_document(
            session, actor=ACTOR, proceeding_id=hearing.id, path=recording, documents_dir=store
        )
    with pytest.raises(InputFileError):
        proceedings.attach_document(
            session,
            actor=ACTOR,
            proceeding_id=hearing.id,
            path=tmp_path / "nope",
            documents_dir=store,
        )
    event = audit_service.entity_history(session, "proceeding_document", doc.id)[0]
    assert event.after and event.after["sha256"] == doc.sha256
