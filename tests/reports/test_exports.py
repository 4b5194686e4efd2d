"""Partner exports: chosen fields, sensitive fields by role, formulas made inert, every export audited."""

from __future__ import annotations

import csv
import hashlib
import io
from collections.abc import Iterator
from datetime import date

import pytest
from openpyxl import load_workbook
from sqlalchemy import Engine
from sqlalchemy.orm import Session

from reunite.audit import service as audit_service
from reunite.db.engine import session_factory
from reunite.errors import UsageError
from reunite.families import service as cases
from reunite.families import steps
from reunite.families.service import PairSpec
from reunite.families.states import State
from reunite.reports import exports

pytestmark = pytest.mark.db

EVIL = '=HYPERLINK("http://example.invalid/x","click")'


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("=1+1", "'=1+1"),
        ("+52 55 1234", "'+52 55 1234"),
        ("-2+3", "'-2+3"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tcmd", "'\tcmd"),
        ("\rcmd", "'\rcmd"),
        ("El Paso", "El Paso"),
        ("María José", "María José"),
        ("", ""),
        (None, None),
        (42, 42),
        (date(2018, 7, 1), date(2018, 7, 1)),
    ],
)
def test_neutralize(value: exports.Cell, expected: exports.Cell) -> None:
    assert exports.neutralize(value) == expected


@pytest.mark.parametrize(
    ("role", "kept", "left_out"),
    [
        ("partner", ("case_id",), ("separation_reason", "dna_sample_destroyed_date")),
        ("monitor", (), ("case_id", "separation_reason", "dna_sample_destroyed_date")),
        ("caseworker", ("case_id", "separation_reason"), ("dna_sample_destroyed_date",)),
        ("attorney", ("case_id", "separation_reason", "dna_sample_destroyed_date"), ()),
        ("supervisor", ("case_id", "separation_reason", "dna_sample_destroyed_date"), ()),
    ],
)
def test_sensitive_fields_follow_the_role(
    role: str, kept: tuple[str, ...], left_out: tuple[str, ...]
) -> None:
    chosen, omitted = exports.choose_fields(
        ["case_id", "separation_reason", "dna_sample_destroyed_date"], role
    )
    assert chosen == kept and omitted == left_out


def test_unknown_fields_and_roles_are_refused() -> None:
    with pytest.raises(UsageError, match="Unknown field"):
        exports.choose_fields(["case_id", "asylum_claim"], "admin")
    with pytest.raises(UsageError, match="Unknown role"):
        exports.choose_fields(["case_id"], "anyone")


@pytest.fixture
def session(engine: Engine) -> Iterator[Session]:
    with session_factory(engine)() as s:
        spec = PairSpec(
            parent_person_id="P-1",
            child_person_id="-C-1",
            state=State.CONFIRMED,
            separation_place=EVIL,
            separation_reason="medical: asthma",
            child_birth_date=date(2014, 2, 3),
        )
        case = cases.open_case(s, actor="clerk", pairs=[spec])
        pair = cases.pairs_of(s, case.id)[0]
        steps.record_verification(
            s, actor="clerk", pair_id=pair.id, method="dna", verified_date=date(2018, 7, 2),
            dna_sample_destroyed_date=date(2018, 7, 9),
        )  # fmt: skip
        steps.record_location(
            s, actor="clerk", pair_id=pair.id, subject="child", status="orr-care", place="@Casa"
        )
        s.commit()
        yield s


FIELDS = ["case_id", "child_person_id", "separation_place", "separation_reason",
          "verification_method", "child_place", "child_birth_date"]  # fmt: skip


def test_csv_export_neutralizes_formulas_and_leaves_out_sensitive_fields(
    session: Session,
) -> None:
    result = exports.export_cases(
        session, actor="clerk", file_name="cases.csv", fields=FIELDS,
        reason="Partner NGO search in Guatemala",
    )  # fmt: skip
    rows = list(csv.DictReader(io.StringIO(result.content.decode("utf-8"))))
    assert list(rows[0]) == [
        "case_id", "child_person_id", "separation_place", "child_place", "child_birth_date"
    ]  # fmt: skip
    assert rows[0]["separation_place"] == "'" + EVIL
    assert rows[0]["child_person_id"] == "'-C-1" and rows[0]["child_place"] == "'@Casa"
    assert rows[0]["child_birth_date"] == "2014-02-03"
    assert result.omitted == ("separation_reason", "verification_method")
    assert b"asthma" not in result.content and b"dna" not in result.content


def test_xlsx_export_holds_text_never_formulas(session: Session) -> None:
    result = exports.export_cases(
        session, actor="clerk", file_name="cases.xlsx", fields=FIELDS, reason="court monitor",
        role="attorney",
    )  # fmt: skip
    sheet = load_workbook(io.BytesIO(result.content)).active
    assert sheet is not None
    header = [c.value for c in sheet[1]]
    assert header == FIELDS
    place = sheet.cell(row=2, column=3)
    assert place.value == "'" + EVIL and place.data_type == "s"
    assert sheet.cell(row=2, column=4).value == "medical: asthma"
    assert sheet.cell(row=2, column=5).value == "dna"


def test_every_export_is_audited_with_who_what_and_why(session: Session) -> None:
    before = audit_service.count(session)
    result = exports.export_cases(
        session, actor="clerk", file_name="out/cases.csv", fields=["case_id", "separation_reason"],
        reason="Partner NGO search",
    )  # fmt: skip
    session.commit()
    assert audit_service.count(session) == before + 1
    [entry] = audit_service.entity_history(session, "export", result.sha256[:16])
    assert entry.actor == "clerk" and entry.event_type == "cases-exported"
    assert entry.after is not None
    assert entry.after["reason"] == "Partner NGO search" and entry.after["role"] == "partner"
    assert entry.after["fields"] == ["case_id"]
    assert entry.after["omitted_fields"] == ["separation_reason"]
    assert entry.after["rows"] == 1
    assert entry.after["sha256"] == hashlib.sha256(result.content).hexdigest()
    assert audit_service.verify(session).ok


def test_an_export_needs_a_reason_and_a_known_format(session: Session) -> None:
    with pytest.raises(UsageError, match="reason"):
        exports.export_cases(session, actor="clerk", file_name="c.csv", fields=[], reason=" ")
    with pytest.raises(UsageError, match=r"\.csv or \.xlsx"):
        exports.export_cases(session, actor="clerk", file_name="c.ods", fields=[], reason="x")
