"""Mapping profiles: loaded with clear errors, matched to real headers, applied cheaply."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from reunite.errors import MappingError
from reunite.ingest import mapping
from reunite.ingest.mapping import (
    CANONICAL_FIELDS,
    MAPPABLE_FIELDS,
    SURNAME_PART_FIELDS,
    MappingProfile,
    apply,
    column_key,
    default_profile,
    load_profile,
    resolve,
)
from reunite.ingest.readers import describe_file, read_rows

ROOT = Path(__file__).parents[2]
MAPPINGS = ROOT / "docs" / "mappings"


def test_the_fields() -> None:
    assert CANONICAL_FIELDS == (
        "record_id", "role", "given_names", "surnames", "full_name", "sex", "birth_date",
        "country_of_birth", "language", "a_number", "event_date", "event_place", "facility",
        "family_unit_id", "related_name", "related_relationship", "phone", "notes",
    )  # fmt: skip
    assert SURNAME_PART_FIELDS == ("surname_paternal", "surname_maternal")
    assert MAPPABLE_FIELDS == CANONICAL_FIELDS + SURNAME_PART_FIELDS


def test_the_template_is_the_canonical_format() -> None:
    info = describe_file(ROOT / "src" / "reunite" / "ingest" / "template.csv")
    rows = list(read_rows(info))
    assert list(rows[0].values) == list(CANONICAL_FIELDS)
    assert len(rows) == 3 and all(row.kind == "data" and row.detail is None for row in rows)
    resolved = resolve(default_profile(), list(rows[0].values))
    assert resolved.extra_headers == () and resolved.missing_columns == ()


# -- the built-in profile -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("header", "field"),
    [
        ("record_id", "record_id"), ("Record ID", "record_id"), ("RECORD-ID", "record_id"),
        ("id", "record_id"), ("A-Number", "a_number"), ("A#", "a_number"),
        ("alien_number", "a_number"), ("A Number", "a_number"), ("DOB", "birth_date"),
        ("Date of Birth", "birth_date"), ("Fecha de Nacimiento", "birth_date"),
        ("fecha_nacimiento", "birth_date"), ("First Name", "given_names"),
        ("Nombres", "given_names"), ("Last_Name", "surnames"), ("Apellidos", "surnames"),
        ("Name", "full_name"), ("nombre_completo", "full_name"), ("Gender", "sex"),
        ("Sexo", "sex"), ("País", "country_of_birth"), ("Nationality", "country_of_birth"),
        ("country", "country_of_birth"), ("Idioma", "language"), ("Teléfono", "phone"),
        ("Apellido Paterno", "surname_paternal"), ("Segundo apellido", "surname_maternal"),
        ("  Notes ", "notes"), ("\ufeffrecord_id", "record_id"), ("FAMILY.UNIT.ID", "family_unit_id"),
    ],
)  # fmt: skip
def test_default_profile_matches_names_and_aliases_loosely(header: str, field: str) -> None:
    headers = [header] if field == "record_id" else ["id", header]
    resolved = resolve(default_profile(), headers)
    assert resolved.field_for_header[header] == field


@pytest.mark.parametrize("header", ["date", "nombre", "No.", "#", "status", "Estatus"])
def test_ambiguous_headers_stay_extra_columns(header: str) -> None:
    resolved = resolve(default_profile(), ["record_id", header])
    assert resolved.extra_headers == (header,)


def test_no_alias_is_claimed_by_two_fields() -> None:
    owners: dict[str, set[str]] = {}
    for field, aliases in mapping._ALIASES.items():
        for name in (field, *aliases):
            owners.setdefault(column_key(name), set()).add(field)
    shared = {key: fields for key, fields in owners.items() if len(fields) > 1}
    assert shared == {}
    canonical = {column_key(name) for name in MAPPABLE_FIELDS}
    redundant = [
        a for aliases in mapping._ALIASES.values() for a in aliases if column_key(a) in canonical
    ]
    assert redundant == []


def test_every_alias_is_documented() -> None:
    text = (ROOT / "docs" / "formats.md").read_text(encoding="utf-8")
    text = text.split("## The built-in profile")[1]
    for field, aliases in mapping._ALIASES.items():
        line = next(line for line in text.splitlines() if line.startswith(f"| `{field}` | `"))
        assert re.findall(r"`([^`]+)`", line)[1:] == list(aliases), field


def test_default_profile_keeps_extras_and_lists_missing_fields() -> None:
    resolved = resolve(default_profile(), ["Record ID", "Nombres", "Estatus", "_quarantine_id"])
    assert resolved.field_for_header == {"Record ID": "record_id", "Nombres": "given_names"}
    assert resolved.extra_headers == ("Estatus", "_quarantine_id")
    assert resolved.missing_columns == tuple(
        name for name in CANONICAL_FIELDS if name not in ("record_id", "given_names")
    )


@pytest.mark.parametrize(
    ("headers", "message"),
    [
        (["NAME", "DOB"], "no record_id column; headers are 'NAME', 'DOB'; use --mapping"),
        ([], "no record_id column; headers are (none)"),
        (["id", "DOB", "date_of_birth"], "'DOB' and 'date_of_birth' both look like birth_date"),
        (["record_id", "ID"], "'record_id' and 'ID' both look like record_id"),
    ],
)
def test_default_profile_refuses_files_it_cannot_read(headers: list[str], message: str) -> None:
    with pytest.raises(MappingError) as caught:
        resolve(default_profile(), headers)
    assert message in str(caught.value)


# -- explicit profiles ----------------------------------------------------------------------------

ICE = MappingProfile(
    name="ice",
    columns={"SUBJECT ID": "record_id", "A#": "a_number", "NAME": "full_name", "DOB": "birth_date"},
    date_order="MDY",
    name_layout="surname_comma_given",
    defaults={"role": "adult"},
)


@pytest.mark.parametrize(
    ("headers", "expected"),
    [
        (
            ["SUBJECT ID", "A#", "NAME", "DOB", "FAC"],
            {"SUBJECT ID": "record_id", "A#": "a_number", "NAME": "full_name", "DOB": "birth_date"},
        ),
        (
            ["subject_id", "a#", "Name ", "dob"],
            {
                "subject_id": "record_id",
                "a#": "a_number",
                "Name ": "full_name",
                "dob": "birth_date",
            },
        ),
    ],
)
def test_explicit_profile_matches_exactly_then_loosely(
    headers: list[str], expected: dict[str, str]
) -> None:
    resolved = resolve(ICE, headers)
    assert resolved.field_for_header == expected
    assert resolved.extra_headers == tuple(h for h in headers if h not in expected)
    assert resolved.missing_columns == ()


@pytest.mark.parametrize(
    ("headers", "message"),
    [
        (
            ["SUBJECT ID", "A#", "NAME"],
            "mapping profile 'ice': the file has no column 'DOB'; "
            "its headers are 'SUBJECT ID', 'A#', 'NAME'",
        ),
        (
            ["Apellido paterno", "Nombres"],
            "mapping profile 'ice' does not fit this file: none of its columns "
            "('SUBJECT ID', 'A#', 'NAME', 'DOB') is in the file, "
            "whose headers are 'Apellido paterno', 'Nombres'",
        ),
        (["SUBJECT ID", "A#", "NAME", "dob", "DOB "], "column 'DOB' matches several headers"),
    ],
)
def test_explicit_profile_that_does_not_fit(headers: list[str], message: str) -> None:
    with pytest.raises(MappingError) as caught:
        resolve(ICE, headers)
    assert message in str(caught.value)


# -- apply ----------------------------------------------------------------------------------------


def test_apply_strips_blanks_and_fills_defaults() -> None:
    resolved = resolve(ICE, ["SUBJECT ID", "A#", "NAME", "DOB", "FAC"])
    row = {
        "SUBJECT ID": "  ICE-1 ",
        "A#": "   ",
        "NAME": "XOC  PEREZ, MARIA\tJOSE",
        "DOB": None,
        "FAC": "kept only as raw",
    }
    mapped = apply(resolved, row)
    assert list(mapped) == list(MAPPABLE_FIELDS)
    assert mapped["record_id"] == "ICE-1"
    assert mapped["a_number"] is None and mapped["birth_date"] is None
    assert mapped["full_name"] == "XOC  PEREZ, MARIA\tJOSE"  # inner spacing is the loader's job
    assert mapped["role"] == "adult"
    assert mapped["facility"] is None
    assert apply(resolved, {}) == {**dict.fromkeys(MAPPABLE_FIELDS), "role": "adult"}


def test_apply_does_not_share_state_between_rows() -> None:
    resolved = resolve(ICE, ["SUBJECT ID", "A#", "NAME", "DOB"])
    first = apply(resolved, {"SUBJECT ID": "1", "DOB": "01/02/2003"})
    second = apply(resolved, {"SUBJECT ID": "2"})
    assert first["birth_date"] == "01/02/2003" and second["birth_date"] is None


@given(
    st.dictionaries(
        st.sampled_from(["record_id", "Nombres", "DOB", "Estatus", "Sexo"]),
        st.none() | st.text(max_size=10),
    )
)
def test_apply_returns_every_field_and_the_stripped_text(values: dict[str, str | None]) -> None:
    resolved = resolve(default_profile(), ["record_id", "Nombres", "DOB", "Estatus", "Sexo"])
    mapped = apply(resolved, values)
    assert tuple(mapped) == MAPPABLE_FIELDS
    for header, field in resolved.field_for_header.items():
        assert mapped[field] == ((values.get(header) or "").strip() or None)
    assert all(value is None or (value and value == value.strip()) for value in mapped.values())


# -- loading profiles -----------------------------------------------------------------------------

GOOD = """\
name: test-export
columns:
  "SUBJECT ID": record_id
  "NAME": full_name
"""


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "the file is empty"),
        ("name: x\ncolumns:\n  A: record_id\n   B: full_name\n", "YAML syntax error at line 4"),
        ("- record_id\n- full_name\n", "must be a YAML mapping"),
        ("just text", "must be a YAML mapping"),
        (GOOD + "colums: {}\n", "unknown key 'colums'; did you mean 'columns'?"),
        (GOOD + "date_ordre: DMY\n", "did you mean 'date_order'?"),
        (GOOD + '  "DOB": birth_dat\n', "columns.'DOB': 'birth_dat' is not a field; did you mean 'birth_date'?"),
        (GOOD + '  "X": 42\n', "columns.'X': 42 is not a field"),
        (GOOD + '  "FULL NAME": full_name\n', "columns 'NAME' and 'FULL NAME' both map to full_name"),
        (GOOD + "  No: notes\n", "the key False is not text; quote the column name"),
        (GOOD + "date_order: YMD\n", "date_order: 'YMD' is not one of auto, DMY, MDY, ISO"),
        (GOOD + "date_orders:\n  dob: DMY\n", "date_orders.dob: not a date field"),
        (GOOD + "date_orders:\n  birth_date: US\n", "date_orders.birth_date: 'US' is not one of"),
        (GOOD + "date_orders: DMY\n", "date_orders must map a date field"),
        (GOOD + "name_layout: surname_comma\n", "did you mean 'surname_comma_given'?"),
        (GOOD + "name_layout: paternal_maternal\n", "paternal_maternal needs a column mapped"),
        ("columns:\n  NAME: full_name\n", "no column maps to record_id"),
        ("columns:\n  ID: record_id\nname_layout: surname_first\n", "no column maps to full_name"),
        ("columns: []\n", "columns must map each source column"),
        ("name: x\n", "columns must map each source column"),
        (GOOD + "defaults:\n  role: [adult]\n", "defaults.role: expected text"),
        (GOOD + "defaults:\n  rol: adult\n", "defaults.rol: not a field; did you mean 'role'?"),
        (GOOD + "defaults:\n  full_name: x\n", "defaults.full_name: a column already maps"),
        (GOOD.replace("test-export", "canonical"), "'canonical' is reserved"),
        (GOOD.replace("test-export", "''"), "name must not be empty"),
        (GOOD + "sheet: [a, b]\n", "sheet: expected text"),
    ],
)  # fmt: skip
def test_profile_errors_are_clear(tmp_path: Path, text: str, message: str) -> None:
    path = tmp_path / "bad-profile.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(MappingError) as caught:
        load_profile(path)
    assert message in str(caught.value)
    assert "bad-profile.yaml" in str(caught.value)


def test_missing_and_unreadable_profiles(tmp_path: Path) -> None:
    with pytest.raises(MappingError, match=r"missing\.yaml: file not found"):
        load_profile(tmp_path / "missing.yaml")
    with pytest.raises(MappingError, match="is a directory"):
        load_profile(tmp_path)
    latin = tmp_path / "latin.yaml"
    latin.write_bytes("name: Peña\ncolumns: {ID: record_id}\n".encode("latin-1"))
    with pytest.raises(MappingError, match="is not UTF-8 text"):
        load_profile(latin)


def test_a_full_profile_loads(tmp_path: Path) -> None:
    path = tmp_path / "p.yaml"
    path.write_text(
        GOOD
        + "  2018: notes\n"
        + "description: An example.\nsheet: Hoja1\ndate_order: dmy\nname_layout: SURNAME_FIRST\n"
        + "date_orders:\n  event_date: iso\ndefaults:\n  role: minor\n  event_place: 7\n",
        encoding="utf-8",
    )
    profile = load_profile(path)
    assert profile == MappingProfile(
        name="test-export",
        columns={"SUBJECT ID": "record_id", "NAME": "full_name", "2018": "notes"},
        date_order="DMY",
        date_orders={"event_date": "ISO"},
        name_layout="surname_first",
        sheet="Hoja1",
        defaults={"role": "minor", "event_place": "7"},
        description="An example.",
    )


def test_a_profile_without_a_name_is_named_after_its_file(tmp_path: Path) -> None:
    path = tmp_path / "cbp-log.yaml"
    path.write_text("columns:\n  ID: record_id\n", encoding="utf-8")
    profile = load_profile(path)
    assert profile.name == "cbp-log" and profile.date_order == "auto"
    assert profile.name_layout == "separate" and profile.sheet is None and profile.defaults == {}


# -- the documented examples ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("profile_name", "sample", "first_row"),
    [
        (
            "ice-detention-export.yaml",
            "ice-detention-export.csv",
            {"record_id": "ICE-000101", "role": "adult", "full_name": "XOC PEREZ, MARIA JOSE",
             "birth_date": "03/14/1988", "a_number": "A000000201",
             "facility": "EXAMPLE PROCESSING CENTER", "country_of_birth": "GUATEMALA"},
        ),
        (
            "orr-shelter-export.xlsx.yaml",
            "orr-shelter-export.xlsx",
            {"record_id": "ORR-2018-0001", "role": "minor", "given_names": "Juan Carlos",
             "surname_paternal": "Ajanel", "surname_maternal": "Xoc", "birth_date": "04/03/2012",
             "event_date": "2018-06-02", "language": "K'iche'", "related_relationship": "madre"},
        ),
    ],
)  # fmt: skip
def test_example_profiles_read_their_samples(
    profile_name: str, sample: str, first_row: dict[str, str]
) -> None:
    profile = load_profile(MAPPINGS / profile_name)
    rows = list(read_rows(describe_file(MAPPINGS / sample), sheet=profile.sheet))
    assert rows and all(row.kind == "data" for row in rows)
    resolved = resolve(profile, list(rows[0].values))
    assert resolved.missing_columns == ()
    assert resolved.extra_headers  # each sample keeps an unmapped column
    mapped = apply(resolved, rows[0].values)
    assert {key: mapped[key] for key in first_row} == first_row
    assert all(apply(resolved, row.values)["record_id"] for row in rows)


def test_the_shelter_profile_reads_only_its_sheet() -> None:
    profile = load_profile(MAPPINGS / "orr-shelter-export.xlsx.yaml")
    info = describe_file(MAPPINGS / "orr-shelter-export.xlsx")
    assert profile.sheet == "Menores"
    assert {row.sheet for row in read_rows(info)} == {"Menores", "Resumen"}
    assert {row.sheet for row in read_rows(info, sheet=profile.sheet)} == {"Menores"}
