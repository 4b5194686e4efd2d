"""The loader: every row stored or quarantined, one transaction per batch, re-imports add nothing."""

from __future__ import annotations

import csv
import json
from datetime import date
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import Engine, func, select

from reunite.db.engine import make_engine, session_factory
from reunite.db.migrate import upgrade
from reunite.ingest import loader as loader_module
from reunite.ingest import quarantine as quarantine_service
from reunite.ingest.loader import ingest_file
from reunite.ingest.models import ImportBatch, QuarantinedRow
from reunite.people.models import SourceRecord

HEADER = [
    "record_id", "role", "given_names", "surnames", "full_name", "sex", "birth_date",
    "country_of_birth", "language", "a_number", "event_date", "event_place", "facility",
    "family_unit_id", "related_name", "related_relationship", "phone", "notes",
]  # fmt: skip

pytestmark = pytest.mark.db


def row(record_id: str, **fields: str) -> dict[str, str]:
    base = {name: "" for name in HEADER}
    base.update(
        record_id=record_id,
        role="adult",
        given_names="María José",
        surnames="Pérez López",
        sex="F",
        birth_date="14/03/1990",
        country_of_birth="Guatemala",
        language="Mam",
        a_number="A-123-456-789",
        event_date="14/06/2018",
        event_place="El Paso",
    )
    base.update(fields)
    return base


def write_csv(path: Path, rows: list[dict[str, str]], extra: list[list[str]] | None = None) -> Path:
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(HEADER)
        for r in rows:
            writer.writerow([r[h] for h in HEADER])
        for raw in extra or []:
            writer.writerow(raw)
    return path


def count(engine: Engine, model: type) -> int:
    with engine.connect() as conn:
        return int(conn.execute(select(func.count()).select_from(model)).scalar_one())


def ingest(engine: Engine, path: Path, source: str = "detention") -> loader_module.IngestResult:
    return ingest_file(engine, path=path, source=source, actor="tester", today=date(2026, 1, 1))


def test_clean_file_is_accepted_whole(engine: Engine, tmp_path: Path) -> None:
    path = write_csv(tmp_path / "r.csv", [row("D1"), row("D2", given_names="Juan")])
    result = ingest(engine, path)
    assert (result.rows, result.accepted, result.quarantined, result.duplicates) == (2, 2, 0, 0)
    assert count(engine, SourceRecord) == 2
    with engine.connect() as conn:
        rec = conn.execute(select(SourceRecord).where(SourceRecord.record_id == "D1")).one()
        batch = conn.execute(select(ImportBatch)).one()
    assert rec.surname_paternal == "PEREZ" and rec.surname_maternal == "LOPEZ"
    assert rec.given_norm == "MARIA JOSE"
    assert rec.a_number == "123456789"
    assert rec.country_code == "GT" and rec.language_code == "mam"
    assert rec.birth_date == date(1990, 3, 14)
    assert rec.row_number == 2
    assert json.loads(rec.raw)["surnames"] == "Pérez López"  # the raw value, exactly as read
    assert batch.rows == 2 and batch.accepted == 2 and batch.imported_by == "tester"
    assert len(batch.file_sha256) == 64 and batch.file_size == path.stat().st_size


def test_reimporting_the_same_file_adds_nothing(engine: Engine, tmp_path: Path) -> None:
    path = write_csv(tmp_path / "r.csv", [row("D1"), row("D2")])
    first = ingest(engine, path)
    again = ingest(engine, path)
    assert again.already_imported and again.batch_id == first.batch_id
    assert again.accepted == 0 and again.accepted + again.quarantined == again.rows
    assert count(engine, SourceRecord) == 2
    assert count(engine, ImportBatch) == 1


def test_same_rows_in_a_new_file_are_duplicates_not_new_records(
    engine: Engine, tmp_path: Path
) -> None:
    ingest(engine, write_csv(tmp_path / "a.csv", [row("D1"), row("D2")]))
    result = ingest(engine, write_csv(tmp_path / "b.csv", [row("D2"), row("D3")]))
    assert (result.rows, result.accepted, result.duplicates, result.quarantined) == (2, 2, 1, 0)
    assert count(engine, SourceRecord) == 3


def test_bad_rows_are_quarantined_with_reasons(engine: Engine, tmp_path: Path) -> None:
    rows = [row("D1"), row(""), row("D1", given_names="Otro"), row("D1"), row("D4")]
    path = write_csv(tmp_path / "r.csv", rows, extra=[HEADER])
    result = ingest(engine, path)
    assert result.rows == 6
    assert result.accepted + result.quarantined == result.rows
    assert dict(result.quarantine_reasons) == {
        "missing-record-id": 1,
        "conflicting-record-id": 1,
        "repeated-header": 1,
    }
    assert result.duplicates == 1  # the identical second copy of D1
    assert count(engine, SourceRecord) == 2
    assert count(engine, QuarantinedRow) == 3


@pytest.mark.parametrize(
    ("fields", "field", "code"),
    [
        ({"birth_date": "31/02/2010"}, "birth_date", "impossible-date"),
        (
            {"birth_date": "20/06/2019", "event_date": "14/06/2018"},
            "birth_date",
            "birth-after-event",
        ),
        ({"a_number": "A-12-34"}, "a_number", "malformed-a-number"),
        ({"role": "minor", "birth_date": "01/02/1995"}, "role", "minor-over-18"),
        ({"country_of_birth": "Atlantis"}, "country_of_birth", "unknown-country"),
    ],
)
def test_a_bad_field_is_a_warning_not_a_rejection(
    engine: Engine, tmp_path: Path, fields: dict[str, str], field: str, code: str
) -> None:
    path = write_csv(tmp_path / "r.csv", [row("D1", **fields)])
    result = ingest(engine, path)
    assert result.accepted == 1 and result.quarantined == 0
    with engine.connect() as conn:
        rec = conn.execute(select(SourceRecord)).one()
    warnings = json.loads(rec.warnings)
    assert {"field": field, "code": code} in [
        {"field": w["field"], "code": w["code"]} for w in warnings
    ]
    raw = json.loads(rec.raw)
    for name, value in fields.items():
        assert raw[name] == value


def test_impossible_date_is_left_empty(engine: Engine, tmp_path: Path) -> None:
    ingest(engine, write_csv(tmp_path / "r.csv", [row("D1", birth_date="31/02/2010")]))
    with engine.connect() as conn:
        rec = conn.execute(select(SourceRecord)).one()
    assert rec.birth_date is None and rec.birth_date_precision == "unknown"


def test_day_month_order_is_decided_for_the_whole_column(engine: Engine, tmp_path: Path) -> None:
    # "05/06/2010" alone is ambiguous; "25/06/2010" later in the column proves day-first.
    rows = [row("D1", birth_date="05/06/2010"), row("D2", birth_date="25/06/2010")]
    result = ingest(engine, write_csv(tmp_path / "r.csv", rows))
    assert result.date_orders["birth_date"] == "DMY"
    with engine.connect() as conn:
        rec = conn.execute(select(SourceRecord).where(SourceRecord.record_id == "D1")).one()
    assert rec.birth_date == date(2010, 6, 5)

    us_rows = [row("U1", birth_date="05/06/2010"), row("U2", birth_date="06/25/2010")]
    result = ingest(engine, write_csv(tmp_path / "us.csv", us_rows), source="cbp")
    assert result.date_orders["birth_date"] == "MDY"
    with engine.connect() as conn:
        rec = conn.execute(select(SourceRecord).where(SourceRecord.record_id == "U1")).one()
    assert rec.birth_date == date(2010, 5, 6)


def test_a_crash_mid_import_leaves_the_database_as_it_was(
    engine: Engine, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    ingest(engine, write_csv(tmp_path / "first.csv", [row("D0")]))
    real = loader_module.normalize_fields
    calls = {"n": 0}

    def exploding(*args: object, **kwargs: object) -> object:
        calls["n"] += 1
        if calls["n"] > 7_000:  # after the first chunk was already flushed to the database
            raise KeyboardInterrupt
        return real(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(loader_module, "normalize_fields", exploding)
    rows = [row(f"D{i}", given_names=f"Juan {i}") for i in range(1, 8_001)]
    with pytest.raises(KeyboardInterrupt):
        ingest(engine, write_csv(tmp_path / "big.csv", rows))
    assert count(engine, SourceRecord) == 1
    assert count(engine, ImportBatch) == 1
    assert count(engine, QuarantinedRow) == 0


def test_corrected_quarantined_rows_can_be_imported_again(engine: Engine, tmp_path: Path) -> None:
    result = ingest(engine, write_csv(tmp_path / "r.csv", [row("D1"), row("")]))
    assert result.quarantined == 1
    out = tmp_path / "quarantine.csv"
    with session_factory(engine)() as session:
        assert quarantine_service.export_entries(session, out=out) == 1
    lines = list(csv.DictReader(out.open(encoding="utf-8")))
    assert lines[0]["_quarantine_reason"] == "missing-record-id"
    lines[0]["record_id"] = "D2"
    with out.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(lines[0]))
        writer.writeheader()
        writer.writerows(lines)
    fixed = ingest(engine, out)
    assert fixed.accepted == 1 and fixed.resolved_quarantine == 1
    with session_factory(engine)() as session:
        assert quarantine_service.list_entries(session) == []
        assert len(quarantine_service.list_entries(session, include_resolved=True)) == 1
    with engine.connect() as conn:
        rec = conn.execute(select(SourceRecord).where(SourceRecord.record_id == "D2")).one()
    assert "_quarantine_id" not in json.loads(rec.raw)


cell = st.text(
    alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"), max_size=12
)


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    rows=st.lists(
        st.tuples(st.sampled_from(["", "A", "B", "C", "D", " "]), cell, cell), max_size=25
    )
)
def test_no_row_is_ever_lost(
    tmp_path_factory: pytest.TempPathFactory, rows: list[tuple[str, str, str]]
) -> None:
    folder = tmp_path_factory.mktemp("prop")
    eng = make_engine(f"sqlite:///{folder / 'db.sqlite'}")
    upgrade(eng)
    data = [row(rid, given_names=g, birth_date=b) for rid, g, b in rows]
    result = ingest(eng, write_csv(folder / "r.csv", data))
    assert result.accepted + result.quarantined == result.rows
    stored, held = count(eng, SourceRecord), count(eng, QuarantinedRow)
    assert stored + held + result.duplicates == result.rows
    eng.dispose()


def test_the_worker_process_path_stores_the_same_records(
    engine: Engine, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    rows = [
        row(
            f"D{i}",
            given_names=f"Juan {i % 7}",
            role="minor",
            birth_date="31/02/2010" if i % 5 == 0 else "14/03/2010",
        )
        for i in range(5_000)
    ]
    path = write_csv(tmp_path / "r.csv", rows)
    inline = ingest(engine, path, source="inline")
    monkeypatch.setattr(loader_module, "PARALLEL_FROM_BYTES", 0)
    parallel = ingest(engine, path, source="parallel")
    assert parallel.accepted == inline.accepted == 5_000
    assert parallel.warning_codes == inline.warning_codes == {"impossible-date": 1_000}
    with engine.connect() as conn:

        def fields(source: str) -> list[tuple[object, ...]]:
            query = (
                select(
                    SourceRecord.record_id,
                    SourceRecord.given_norm,
                    SourceRecord.birth_date,
                    SourceRecord.warnings,
                )
                .where(SourceRecord.source == source)
                .order_by(SourceRecord.record_id)
            )
            return [tuple(r) for r in conn.execute(query)]

        assert fields("inline") == fields("parallel")


def test_each_sheet_of_a_workbook_is_mapped_by_its_own_header(
    engine: Engine, tmp_path: Path
) -> None:
    import openpyxl

    workbook = openpyxl.Workbook()
    first = workbook.active
    first.title = "Adults"
    first.append(["record_id", "given_names", "surnames"])
    first.append(["A1", "Rosa", "Xoc"])
    second = workbook.create_sheet("Children")
    second.append(["surnames", "given_names", "record_id", "birth_date"])
    second.append(["Xoc", "Ana", "C1", "2012"])
    path = tmp_path / "w.xlsx"
    workbook.save(path)
    result = ingest(engine, path)
    assert (result.rows, result.accepted, result.quarantined) == (2, 2, 0)
    with engine.connect() as conn:
        sheets = dict(conn.execute(select(SourceRecord.record_id, SourceRecord.sheet)).all())
    assert sheets == {"A1": "Adults", "C1": "Children"}


def test_repeated_record_ids_are_judged_alike_inline_and_in_the_worker(
    engine: Engine, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A record_id read again while its first row is still in the worker waits for its digest."""
    rows = [row(f"R{i}", given_names=f"Ana {i % 11}") for i in range(6_000)]
    rows.insert(3, row("R1", given_names="Ana 1"))  # same content: a duplicate, same chunk
    rows.insert(5_500, row("R2", given_names="Otra"))  # different content: a conflict, later
    rows.append(row("R5999", given_names="Ana 3"))  # a conflict with the last chunk's row
    path = write_csv(tmp_path / "r.csv", rows)
    inline = ingest(engine, path, source="inline")
    monkeypatch.setattr(loader_module, "PARALLEL_FROM_BYTES", 0)
    parallel = ingest(engine, path, source="parallel")
    for result in (inline, parallel):
        assert (result.rows, result.accepted, result.duplicates) == (6_003, 6_001, 1)
        assert result.quarantine_reasons == {"conflicting-record-id": 2}
    with engine.connect() as conn:
        stored = {
            source: [
                tuple(r)
                for r in conn.execute(
                    select(SourceRecord.record_id, SourceRecord.content_hash, SourceRecord.raw)
                    .where(SourceRecord.source == source)
                    .order_by(SourceRecord.id)
                )
            ]
            for source in ("inline", "parallel")
        }
    assert stored["inline"] == stored["parallel"]
    again = ingest(engine, write_csv(tmp_path / "again.csv", rows[:10]), source="parallel")
    assert again.duplicates == 10 and again.quarantined == 0


def test_the_record_columns_cover_the_table() -> None:
    columns = [c.name for c in SourceRecord.__table__.columns if c.name != "id"]
    assert sorted(loader_module._RowSink.RECORD_COLUMNS) == sorted(columns)


cells = st.lists(st.one_of(st.none(), st.text()), min_size=1, max_size=6)


@given(values=cells)
def test_positional_raw_json_and_digest_match_the_dict_ones(values: list[str | None]) -> None:
    keys = tuple(f"k{i}" if i % 2 else f'ä"{i}' for i in range(len(values)))
    row_cells = tuple(values)
    as_dict = dict(zip(keys, row_cells, strict=True))
    assert loader_module._raw_json_writer(keys)(row_cells) == loader_module._raw_json(as_dict)
    digest = loader_module._content_hash_writer(keys)(row_cells)
    assert digest == loader_module._ContentHasher()(as_dict)


def test_positional_mapping_matches_apply() -> None:
    from reunite.ingest.mapping import MappingProfile, apply, resolve

    profile = MappingProfile(
        name="p",
        columns={"ID": "record_id", "Nombre": "given_names", "DOB": "birth_date"},
        defaults={"role": " minor ", "sex": "  "},
    )
    keys = ("Nombre", "Otro", "ID", "DOB")
    mapping = resolve(profile, list(keys))
    pick = loader_module._field_picker(mapping, keys)
    for cells in [(" Ana ", "x", "7", ""), (None, None, " 8 ", "01/02/2003"), ("", "", "", "  ")]:
        assert pick(cells) == list(apply(mapping, dict(zip(keys, cells, strict=True))).values())
