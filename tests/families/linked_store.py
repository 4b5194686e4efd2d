"""A tiny linked store built straight on the models: records, persons and parent–child links."""

from __future__ import annotations

import json
import uuid
from datetime import UTC, date, datetime

from sqlalchemy.orm import Session

from reunite.ingest.models import ImportBatch
from reunite.normalize.names import canonical_tokens, name_keys, parse_name
from reunite.people.models import SourceRecord
from reunite.people.persons import ParentChildLink, Person, PersonMember

NOW = datetime(2018, 7, 1, 12, tzinfo=UTC)


class LinkedStore:
    def __init__(self, session: Session) -> None:
        self.session = session
        self.uid = uuid.uuid4().hex
        self.batch = ImportBatch(
            batch_uid=str(uuid.uuid4()), source="test", file_name="test.csv",
            file_sha256=uuid.uuid4().hex * 2, file_size=0, file_format="csv", imported_by="test",
            imported_at=NOW,
        )  # fmt: skip
        session.add(self.batch)
        session.flush()
        self._rows = 0

    def person(self, *records: dict[str, object]) -> int:
        """A person made of these records (each a dict of SourceRecord columns)."""
        person = Person(created_at=NOW, updated_at=NOW, record_count=len(records))
        self.session.add(person)
        self.session.flush()
        for values in records:
            self._rows += 1
            record = SourceRecord(
                batch_id=self.batch.id, source=str(values.pop("source", "roster")),
                record_id=str(values.pop("record_id", f"R-{self.uid[:8]}-{self._rows}")),
                row_number=self._rows, raw=json.dumps({}),
                content_hash=f"{self.uid}{self._rows:032d}", **values,
            )  # fmt: skip
            self.session.add(record)
            self.session.flush()
            self.session.add(PersonMember(source_record_id=record.id, person_id=person.id))
        self.session.flush()
        return person.id

    def link(self, parent: int, child: int, status: str = "proposed", score: float = 0.9) -> int:
        link = ParentChildLink(
            parent_person_id=parent, child_person_id=child, score=score, status=status,
            evidence="[]", updated_at=NOW,
        )  # fmt: skip
        self.session.add(link)
        self.session.flush()
        return link.id


def adult(given: str, surnames: str, born: date | None, **more: object) -> dict[str, object]:
    """An adult's record with its name columns normalized as an import would."""
    name = parse_name(given, surnames)
    return {
        "role": "adult", "given_names": given, "surnames": surnames,
        "given_norm": " ".join(name.given), "given_canon": canonical_tokens(name.given),
        "given_key": name_keys(name.given), "surname_paternal": name.paternal,
        "surname_maternal": name.maternal, "surname_key": name_keys(name.surnames),
        "birth_date": born, "birth_date_precision": "day" if born else None, **more,
    }  # fmt: skip


def minor(given: str, surnames: str, born: date | None, **more: object) -> dict[str, object]:
    return {**adult(given, surnames, born), "role": "minor", **more}
