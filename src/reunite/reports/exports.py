"""Exports of cases for partners (CSV or Excel), with the fields asked for and nothing more.

- Sensitive fields (DNA, free-text reasons that can hold medical, sexual-violence or asylum details)
  are left out unless the role may see them; what was left out is reported and audited.
- Spreadsheet formula injection is neutralized: a text cell starting with = + - @ tab or CR gets a
  leading apostrophe, so Excel or LibreOffice shows it as text instead of running it.
- Every export is recorded in the audit log: who, which fields, how many rows, why, and the file's hash.
"""

from __future__ import annotations

import csv
import hashlib
import io
import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import ClassVar, Literal

from sqlalchemy import select
from sqlalchemy.orm import Session

from reunite.audit import service as audit_service
from reunite.audit.events import AuditEvent
from reunite.errors import UsageError
from reunite.families.models import CasePair, FamilyCase, LocationRecord

logger = logging.getLogger(__name__)

Sensitivity = Literal["ids", "dna", "reasons"]
# The web app's roles (`web.permissions.Role`, which this layer must not import) plus "partner",
# an outside organization (an NGO searching for removed parents) that receives a file.
ROLES: tuple[str, ...] = ("partner", "monitor", "caseworker", "attorney", "supervisor", "admin")

# Which kinds of sensitive field each role may receive. Least privilege by default: a partner gets
# ids but no DNA or free-text reasons; a monitor works from aggregate figures, so gets no ids at all.
ROLE_ACCESS: dict[str, frozenset[Sensitivity]] = {
    "partner": frozenset({"ids"}),
    "monitor": frozenset(),
    "caseworker": frozenset({"ids", "reasons"}),
    "attorney": frozenset({"ids", "reasons", "dna"}),
    "supervisor": frozenset({"ids", "reasons", "dna"}),
    "admin": frozenset({"ids", "reasons", "dna"}),
}

Cell = str | int | date | None
Row = tuple[CasePair, FamilyCase, dict[str, LocationRecord]]


@dataclass(frozen=True)
class ExportField:
    name: str
    description: str
    get: Callable[[Row], Cell]
    sensitivity: Sensitivity | None = None


def _pair(attr: str) -> Callable[[Row], Cell]:
    return lambda row: getattr(row[0], attr)


def _where(subject: str, attr: str) -> Callable[[Row], Cell]:
    def get(row: Row) -> Cell:
        location = row[2].get(subject)
        value = getattr(location, attr) if location is not None else None
        return value if isinstance(value, str | date) or value is None else str(value)

    return get


FIELDS: dict[str, ExportField] = {
    f.name: f
    for f in (
        ExportField("case_id", "the family case", _pair("case_id"), "ids"),
        ExportField("pair_id", "the parent–child pair", _pair("id"), "ids"),
        ExportField("parent_person_id", "the parent's Reunite person id",
                    _pair("parent_person_id"), "ids"),
        ExportField("child_person_id", "the child's Reunite person id",
                    _pair("child_person_id"), "ids"),
        ExportField("state", "workflow state", _pair("state")),
        ExportField("close_reason", "why the pair closed", _pair("close_reason")),
        ExportField("parent_language", "the parent's language (ISO 639-3)", _pair("parent_language")),
        ExportField("child_birth_date", "the child's birth date", _pair("child_birth_date")),
        ExportField("separation_date", "when they were separated", _pair("separation_date")),
        ExportField("separation_place", "where they were separated", _pair("separation_place")),
        ExportField("separation_reason", "the stated reason (free text)", _pair("separation_reason"),
                    "reasons"),
        ExportField("separation_confirmed_date", "when the separation was confirmed",
                    _pair("separation_confirmed_date")),
        ExportField("verification_method", "how parentage was established (may reveal DNA)",
                    _pair("verification_method"), "dna"),
        ExportField("verified_date", "when parentage was established", _pair("verified_date")),
        ExportField("dna_sample_destroyed_date", "when the DNA sample was destroyed",
                    _pair("dna_sample_destroyed_date"), "dna"),
        ExportField("reunified_date", "when they were reunified", _pair("reunified_date")),
        ExportField("reunified_place", "where they were reunified", _pair("reunified_place")),
        ExportField("reunified_country", "country of reunification", _pair("reunified_country")),
        ExportField("stay_of_removal", "the family is under the stay of removal",
                    lambda row: "yes" if row[1].stay_of_removal else "no"),
        ExportField("parent_location", "the parent's last recorded location",
                    _where("parent", "status")),
        ExportField("parent_place", "the parent's last recorded place", _where("parent", "place")),
        ExportField("parent_country", "the parent's last recorded country",
                    _where("parent", "country_code")),
        ExportField("child_location", "the child's last recorded location", _where("child", "status")),
        ExportField("child_place", "the child's last recorded place", _where("child", "place")),
    )
}  # fmt: skip
DEFAULT_FIELDS = ("case_id", "pair_id", "parent_person_id", "child_person_id", "state")

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def neutralize(value: Cell) -> Cell:
    """A text cell that a spreadsheet would run as a formula, made inert with a leading apostrophe."""
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


@dataclass(frozen=True, kw_only=True)
class CasesExported(AuditEvent):
    """An export left Reunite: `after` says what, for which role, why, and the file's hash."""

    name: ClassVar[str] = "cases-exported"
    entity_type: ClassVar[str] = "export"


@dataclass(frozen=True)
class ExportResult:
    content: bytes  # written by the caller once the audit event is committed
    rows: int
    fields: tuple[str, ...]
    omitted: tuple[str, ...]  # asked for, but the role may not see them
    sha256: str


def choose_fields(wanted: Sequence[str], role: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """(fields to write, fields left out for the role); unknown names are a usage error."""
    if role not in ROLE_ACCESS:
        raise UsageError(f"Unknown role {role!r}; use one of: {', '.join(ROLES)}")
    names = [n.strip() for n in wanted if n.strip()] or list(DEFAULT_FIELDS)
    unknown = [n for n in names if n not in FIELDS]
    if unknown:
        raise UsageError(
            f"Unknown field(s) {', '.join(unknown)}; the fields are: {', '.join(FIELDS)}"
        )
    allowed = ROLE_ACCESS[role]
    chosen = tuple(dict.fromkeys(n for n in names if FIELDS[n].sensitivity in (None, *allowed)))
    omitted = tuple(dict.fromkeys(n for n in names if n not in chosen))
    return chosen, omitted


def _rows(session: Session) -> list[Row]:
    latest: dict[tuple[int, str], LocationRecord] = {}
    for loc in session.execute(select(LocationRecord).order_by(LocationRecord.id)).scalars():
        key = (loc.pair_id, loc.subject)
        current = latest.get(key)
        if current is None or (loc.as_of_date or date.min) >= (current.as_of_date or date.min):
            latest[key] = loc
    result = session.execute(
        select(CasePair, FamilyCase)
        .join(FamilyCase, FamilyCase.id == CasePair.case_id)
        .order_by(CasePair.case_id, CasePair.id)
    ).all()
    return [
        (
            pair,
            case,
            {s: latest[(pair.id, s)] for s in ("parent", "child") if (pair.id, s) in latest},
        )
        for pair, case in result
    ]


def _csv_bytes(names: Sequence[str], table: list[list[Cell]]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(names)
    for values in table:
        writer.writerow(
            ["" if v is None else v.isoformat() if isinstance(v, date) else v for v in values]
        )
    return out.getvalue().encode("utf-8")


def _xlsx_bytes(names: Sequence[str], table: list[list[Cell]]) -> bytes:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "cases"
    sheet.append(list(names))
    for values in table:
        sheet.append(list(values))
    for row in sheet.iter_rows(min_row=2):
        for cell in row:
            if isinstance(cell.value, str):
                cell.data_type = "s"  # text, never a formula, whatever it starts with
            elif isinstance(cell.value, date | datetime):
                cell.number_format = "yyyy-mm-dd"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def export_cases(
    session: Session,
    *,
    actor: str,
    file_name: str,
    fields: Sequence[str],
    reason: str,
    role: str = "partner",
) -> ExportResult:
    """The cases as a .csv or .xlsx file's bytes, audited in the caller's transaction.

    The caller writes the bytes only after committing, so no file leaves without its audit record.
    """
    if not reason.strip():
        raise UsageError("An export needs a reason (who it is for and why): --reason")
    suffix = Path(file_name).suffix.lower()
    if suffix not in (".csv", ".xlsx"):
        raise UsageError(f"--out must end with .csv or .xlsx, not {file_name!r}")
    chosen, omitted = choose_fields(fields, role)
    table = [[neutralize(FIELDS[n].get(row)) for n in chosen] for row in _rows(session)]
    content = _csv_bytes(chosen, table) if suffix == ".csv" else _xlsx_bytes(chosen, table)
    digest = hashlib.sha256(content).hexdigest()
    audit_service.record(
        session,
        CasesExported(
            entity_id=digest[:16],
            after={
                "what": "cases",
                "format": suffix.lstrip("."),
                "file_name": Path(file_name).name,
                "sha256": digest,
                "rows": len(table),
                "fields": list(chosen),
                "omitted_fields": list(omitted),
                "role": role,
                "reason": reason.strip(),
            },
        ),
        actor,
    )
    logger.info("Exported %d case rows (%d fields) for role %s", len(table), len(chosen), role)
    return ExportResult(content, len(table), chosen, omitted, digest)
